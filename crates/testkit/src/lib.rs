//! Synthetic ledgers for tests, benchmarks and load tests: realistic plans,
//! problems and their history at scale, written through the `Store` trait
//! (so on SQLite and PostgreSQL alike). Not part of the shipped `rectify`
//! binary; `rectify dev generate` (cargo feature `dev` of rectify-cli) and
//! the benchmarks call [`generate`].
//!
//! What it writes, deterministically for a given seed and "today":
//!
//! - several plans (provincial and central inspections) for jurisdictions with
//!   GB/T 2260 names and codes (市, 县, 区, 县级市), each imported with one
//!   `import_plan` call (one transaction per plan) (`plans.rs`);
//! - problems composed from realistic fragments (大气, 水, 土壤, 固废, 生态,
//!   督察整改), with targets, 2–6 measures, deadlines spread over years (dated,
//!   立行立改, 持续推进, milestones), 1–3 units from a pool of ~60 unit names and
//!   leaders from a pool (`problems.rs`), from the vocabulary in `data/`;
//! - `M` monthly progress reports per problem with an increasing percentage,
//!   some submitted late, the reports of signed-off problems accepted
//!   (`reports.rs`);
//! - sign-offs at every stage for a share of problems (public notice computed
//!   on the official working-day calendar), a rejection now and then,
//!   objections during a notice (`signoffs.rs`); escalations on problems and
//!   on units, a look-back campaign (回头看) with a rebound (`escalations.rs`);
//! - the warnings, refreshed by the application's own
//!   `rectify_app::warnings::refresh`.
//!
//! Petitions are accepted as a count but skipped until a petition store
//! exists.

mod dates;
mod escalations;
mod petitions;
mod plans;
mod problems;
mod reports;
mod signoffs;
mod text;
mod vocab;

pub use dates::as_of;
pub use vocab::{vocabulary, Vocabulary};

use anyhow::{bail, Result};
use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::SeedableRng;
use rectify_domain::{WarningThresholds, WorkCalendar};
use rectify_store::Store;
use std::time::Instant;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Problems in all, spread over several plans.
    pub problems: usize,
    /// Monthly progress reports per problem.
    pub reports_per_problem: usize,
    /// Petitions (交办信访件), in batches of 2,000.
    pub petitions: usize,
    /// The same seed gives the same ledger.
    pub seed: u64,
    /// The day the ledger is generated as of (see [`as_of`]).
    pub today: NaiveDate,
}

/// What was written, and how long it took.
#[derive(Default, Debug)]
pub struct Counts {
    pub plans: usize,
    pub categories: usize,
    pub problems: usize,
    pub measures: usize,
    pub units: usize,
    pub reports: usize,
    pub reviews: usize,
    pub signoff_steps: usize,
    pub signed_off: usize,
    pub in_notice: usize,
    pub objections: usize,
    pub escalations: usize,
    pub lookback_items: usize,
    pub rebounds: usize,
    pub warnings_raised: usize,
    pub petitions_requested: usize,
    pub petitions: usize,
    /// Seconds per phase: plans, reports, sign-offs, escalations, warnings.
    pub phases: Vec<(&'static str, f64)>,
    pub elapsed: f64,
}

/// What every phase works with.
pub(crate) struct Gen<'a> {
    pub store: &'a dyn Store,
    pub v: &'static Vocabulary,
    pub rng: StdRng,
    pub cal: WorkCalendar,
    pub today: NaiveDate,
    pub counts: Counts,
}

/// Writes a synthetic ledger into an empty store and counts what it wrote.
pub async fn generate(store: &dyn Store, o: &Options) -> Result<Counts> {
    let started = Instant::now();
    if !store.list_plans().await?.is_empty() {
        bail!("数据库中已有方案，请对空数据库生成合成台账 / the database already holds plans; generate into an empty database");
    }
    let cal = WorkCalendar::official();
    let today = as_of(&cal, o.today);
    let mut g = Gen {
        store,
        v: vocabulary()?,
        rng: StdRng::seed_from_u64(o.seed),
        cal,
        today,
        counts: Counts {
            petitions_requested: o.petitions,
            ..Default::default()
        },
    };

    let phase = Instant::now();
    let refs = plans::import_plans(&mut g, o.problems).await?;
    g.counts.problems = refs.len();
    g.counts.units = store.list_units().await?.len();
    g.counts
        .phases
        .push(("plans", phase.elapsed().as_secs_f64()));

    let phase = Instant::now();
    let stages = reports::write_reports(&mut g, &refs, o.reports_per_problem).await?;
    g.counts
        .phases
        .push(("reports", phase.elapsed().as_secs_f64()));

    let phase = Instant::now();
    let signed = signoffs::write_signoffs(&mut g, &refs, &stages).await?;
    g.counts
        .phases
        .push(("sign-offs", phase.elapsed().as_secs_f64()));

    let phase = Instant::now();
    escalations::write_escalations(&mut g, &refs, &stages).await?;
    escalations::write_lookback(&mut g, &signed, o.seed).await?;
    g.counts
        .phases
        .push(("escalations", phase.elapsed().as_secs_f64()));

    let phase = Instant::now();
    g.counts.petitions = petitions::write_petitions(&mut g, o.petitions, o.seed).await?;
    g.counts
        .phases
        .push(("petitions", phase.elapsed().as_secs_f64()));

    // The warnings, by the same rules (the same code) as the server's job.
    let phase = Instant::now();
    let thresholds = WarningThresholds::default();
    let (sync, _) = rectify_app::warnings::refresh(store, &g.cal, &thresholds, today, None).await?;
    g.counts.warnings_raised = sync.raised;
    g.counts
        .phases
        .push(("warnings", phase.elapsed().as_secs_f64()));

    g.counts.elapsed = started.elapsed().as_secs_f64();
    Ok(g.counts)
}
