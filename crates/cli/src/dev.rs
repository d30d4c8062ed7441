//! `rectify dev generate` (only with the cargo feature `dev`): the command
//! line over `rectify_testkit::generate`, which writes a synthetic ledger at
//! scale for benchmarks and load tests.

use anyhow::Result;
use chrono::{Datelike, Duration, Utc};
use clap::Subcommand;
use rectify_domain::WorkCalendar;
use rectify_testkit::{Counts, Options};

#[derive(Subcommand)]
pub enum DevCommand {
    /// Writes a synthetic ledger at scale (for benchmarks and load tests)
    Generate {
        /// How many problems in all (spread over several plans)
        #[arg(long)]
        problems: usize,
        /// Monthly progress reports per problem
        #[arg(long, default_value_t = 3)]
        reports_per_problem: usize,
        /// Petitions (交办信访件): skipped until the petition store exists
        #[arg(long, default_value_t = 0)]
        petitions: usize,
        /// Seed of the random generator: the same seed gives the same ledger
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// sqlite:PATH, sqlite://PATH or postgres://… (an empty ledger)
        #[arg(long)]
        db: String,
    },
}

pub async fn run(command: DevCommand) -> Result<i32> {
    match command {
        DevCommand::Generate {
            problems,
            reports_per_problem,
            petitions,
            seed,
            db,
        } => {
            let args = crate::DbArgs {
                db: Some(db),
                data: "data".into(),
            };
            let store = crate::open_store(&args).await?;
            let today = crate::today_override()?
                .unwrap_or_else(|| (Utc::now() + Duration::hours(8)).date_naive());
            let as_of = rectify_testkit::as_of(&WorkCalendar::official(), today);
            if as_of != today {
                eprintln!("提示 / note: 工作日历未覆盖 {}，按 {as_of} 生成 / the calendar does not cover {}; generating as of {as_of}", today.year(), today.year());
            }
            let opts = Options {
                problems,
                reports_per_problem,
                petitions,
                seed,
                today,
            };
            let counts = rectify_testkit::generate(store.as_ref(), &opts).await?;
            print(&counts);
            Ok(0)
        }
    }
}

fn print(c: &Counts) {
    println!("合成台账已生成 / synthetic ledger generated:");
    let rows: [(&str, usize); 16] = [
        ("方案 plans", c.plans),
        ("问题类别 categories", c.categories),
        ("问题 problems", c.problems),
        ("整改措施 measures", c.measures),
        ("责任单位 units", c.units),
        ("进展报告 progress reports", c.reports),
        ("报告审核 report reviews", c.reviews),
        ("销号步骤 sign-off steps", c.signoff_steps),
        ("已销号 signed off", c.signed_off),
        ("公示中 in public notice", c.in_notice),
        ("异议 objections", c.objections),
        ("督办措施 escalations", c.escalations),
        ("回头看 look-back items", c.lookback_items),
        ("反弹 rebounds", c.rebounds),
        ("预警 warnings raised", c.warnings_raised),
        ("信访件 petitions", c.petitions),
    ];
    for (name, n) in rows {
        println!("  {name:<28} {n}");
    }
    for (name, secs) in &c.phases {
        println!("  耗时 / time {name:<18} {secs:.2} s");
    }
    println!("  总耗时 / elapsed              {:.2} s", c.elapsed);
}
