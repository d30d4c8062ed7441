//! `serve --demo`: the bundled public plans, demo accounts, and a few months
//! of plausible activity so that every page has something to show.

use anyhow::{anyhow, Result};
use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use rectify_domain::{Decision, SignoffStep, UnitRole, WorkCalendar};
use rectify_store::{
    NewAttachment, NewEscalation, NewObjection, NewProgressReport, ProblemFilter, ProgressReview,
    Role, SignoffRequest, Store,
};
use std::collections::HashMap;

pub const DEMO_PASSWORD: &str = "rectify-demo";

const PLANS: [(&str, &[u8]); 3] = [
    (
        "hengyang-2019-provincial-inspection-plan.txt",
        include_bytes!("../../../demo/hengyang-2019-provincial-inspection-plan.txt"),
    ),
    (
        "changde-2021-central-inspection-plan.txt",
        include_bytes!("../../../demo/changde-2021-central-inspection-plan.txt"),
    ),
    (
        "hengyang-13th-fyp-environment.txt",
        include_bytes!("../../../demo/hengyang-13th-fyp-environment.txt"),
    ),
];

pub fn print_logins() {
    println!("演示账户（密码均为 {DEMO_PASSWORD}）/ demo accounts (password {DEMO_PASSWORD}):");
    for (user, what) in [
        ("office", "整改办 / rectification office"),
        ("unit", "责任单位联络员 / a unit's liaison"),
        ("supervisor", "督导单位 / supervising department"),
        ("leader", "督办领导 / supervising leader"),
        ("discipline", "纪委监委 / discipline commission"),
        ("admin", "系统管理员 / administrator"),
    ] {
        println!("  {user:<11} {what}");
    }
    println!("公众门户无需登录 / the public portal needs no login: /public");
}

/// Loads the demo into an empty ledger; an existing ledger is left alone.
/// Plans and accounts go through the application layer like any import or
/// `rectify user add`; the months of past activity are written to the store
/// directly, because commands stamp their records with the present moment.
pub async fn load(app: &rectify_app::App, today: Option<NaiveDate>) -> Result<()> {
    let store = app.store();
    if !store.list_plans().await?.is_empty() {
        eprintln!("台账已有数据，跳过演示数据 / the ledger has data; demo data not loaded again");
        return Ok(());
    }
    for (name, bytes) in PLANS {
        let draft = rectify_app::commands::parse_document(name.to_string(), bytes.to_vec()).await?;
        if draft.problems.is_empty() {
            continue;
        }
        let title = draft.title.clone();
        let r = app
            .store_draft("demo", draft, false)
            .await?
            .report
            .ok_or_else(|| anyhow!("import report"))?;
        // The office checked the demo plans: they are on the portal.
        store.publish_plan(r.plan_id, "demo").await?;
        eprintln!(
            "演示方案 / demo plan: 《{}》 {} 个问题",
            title, r.problems_total
        );
    }
    let rows = store
        .list_problems(&ProblemFilter {
            page: 1,
            per_page: 1000,
            ..Default::default()
        })
        .await?
        .items;
    let most = |roles: &[UnitRole]| {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for r in &rows {
            for u in r.units.iter().filter(|u| roles.contains(&u.role)) {
                *count.entry(u.name.as_str()).or_default() += 1;
            }
        }
        let mut v: Vec<_> = count.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.first().map(|x| x.0.to_string())
    };
    let work_unit = most(&[UnitRole::Primary, UnitRole::Lead, UnitRole::Responsible])
        .unwrap_or_else(|| "市生态环境局".into());
    let sup_unit = most(&[UnitRole::Supervising]).unwrap_or_else(|| "市生态环境局".into());
    let mut leaders: HashMap<&str, usize> = HashMap::new();
    for r in &rows {
        for l in &r.leaders {
            *leaders.entry(l.as_str()).or_default() += 1;
        }
    }
    let leader = leaders
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|x| x.0.to_string());
    let accounts = [
        ("admin", "系统管理员", Role::Admin, vec![], None),
        ("office", "市整改办 王敏", Role::Office, vec![], None),
        (
            "unit",
            &*format!("{work_unit}联络员"),
            Role::Unit,
            vec![work_unit.clone()],
            None,
        ),
        (
            "supervisor",
            &*format!("{sup_unit}督导员"),
            Role::Supervisor,
            vec![sup_unit.clone()],
            None,
        ),
        ("leader", "督办领导", Role::Leader, vec![], leader.clone()),
        ("discipline", "市纪委监委", Role::Discipline, vec![], None),
    ];
    for (username, display, role, units, person) in accounts {
        if store.find_user(username).await?.is_none() {
            app.add_account(
                "demo",
                rectify_app::commands::NewAccount {
                    username: username.into(),
                    display_name: display.to_string(),
                    role,
                    units,
                    person,
                    password: DEMO_PASSWORD.into(),
                    create_units: true,
                },
            )
            .await?;
        }
    }
    let today = today.unwrap_or_else(|| (Utc::now() + Duration::hours(8)).date_naive());
    activity(app, &rows, today).await?;
    // A handover list of petitions (信访件), as the inspectors hand them over.
    if let Some(office) = store.find_user("office").await? {
        let out = app
            .import_petitions(
                &office,
                PETITIONS,
                rectify_app::commands::PetitionImportInput {
                    file_name: "第一批交办信访件.csv".into(),
                    ..Default::default()
                },
            )
            .await?;
        eprintln!(
            "演示信访件 / demo petitions: {} 件（批次「{}」）",
            out.report.inserted, out.batch
        );
    }
    Ok(())
}

/// The demo's handover list: written in the style of published lists (see
/// crates/petitions/tests/data), dated October–November 2026.
const PETITIONS: &[u8] = include_bytes!("../../../demo/petitions-batch-1.csv");

/// A site photo for the demo's completed problems (generated, no person in it).
const PHOTO: &[u8] = include_bytes!("../../../demo/evidence-site-photo.png");

/// What a finished problem has before 自查自验: a final report at 100% the
/// office accepted, and a public site photo on it (the completion gate).
async fn complete(app: &rectify_app::App, id: i64, day: NaiveDate) -> Result<()> {
    let store = app.store();
    let at = Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).unwrap_or_default());
    let report = store
        .submit_progress(&NewProgressReport {
            problem_id: id,
            period: format!("{:04}-{:02}", day.year(), day.month()),
            percent: 100,
            text: "整改措施已全部落实，经现场复核达到整改目标，长效管理机制已建立。".into(),
            measure_status: vec![],
            submitted_by: "demo".into(),
            submitted_at: at,
        })
        .await?;
    store
        .review_progress(&ProgressReview {
            report_id: report.id,
            accept: true,
            comment: "材料齐全，同意采纳。".into(),
            actor: "demo".into(),
        })
        .await?;
    let checked = app
        .evidence()
        .map_err(|e| anyhow!("{e}"))?
        .put(bytes::Bytes::from_static(PHOTO))
        .await?;
    store
        .add_attachment(&NewAttachment {
            problem_id: id,
            report_id: Some(report.id),
            sha256: checked.sha256,
            size: i64::try_from(checked.size)?,
            content_type: checked.content_type.mime().to_string(),
            file_name: "整改后现场照片.png".into(),
            kind: "photo".into(),
            uploaded_by: "demo".into(),
            uploaded_at: at,
            public: true,
        })
        .await?;
    Ok(())
}

fn month_back(d: NaiveDate, n: u32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 - n as i32;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 20).unwrap_or(d)
}

/// Reports for recent months, problems at every stage of sign-off, one
/// notice running with an objection, and a few escalations.
async fn activity(
    app: &rectify_app::App,
    rows: &[rectify_store::ProblemRow],
    today: NaiveDate,
) -> Result<()> {
    let store: &dyn Store = app.store();
    let cal = WorkCalendar::official();
    let at = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(2, 0, 0).unwrap_or_default());
    for (i, r) in rows.iter().enumerate() {
        // Every third problem has gone quiet: it will show missing reports.
        if i % 3 == 2 {
            continue;
        }
        let months = 1 + (i % 4) as u32;
        for m in (1..=months).rev() {
            let day = month_back(today, m);
            let percent = (100 - 15 * m as i64 - (i as i64 % 5) * 8).clamp(5, 95);
            store
                .submit_progress(&NewProgressReport {
                    problem_id: r.id,
                    period: format!("{:04}-{:02}", day.year(), day.month()),
                    percent,
                    text: format!("按整改方案推进，完成进度约{percent}%，下一步加快剩余措施落实。"),
                    measure_status: vec![],
                    submitted_by: "demo".into(),
                    submitted_at: at(day),
                })
                .await?;
        }
    }
    let step = |id: i64,
                step: SignoffStep,
                today: NaiveDate,
                notice: Option<(NaiveDate, NaiveDate)>| SignoffRequest {
        problem_id: id,
        step,
        decision: Decision::Approve,
        comment: match step {
            SignoffStep::SelfCheck => "已完成全部整改措施，自查自验合格。".into(),
            SignoffStep::Review => "材料齐全，同意公示。".into(),
            SignoffStep::PublicNotice => "在市政府门户网站公示5个工作日。".into(),
            SignoffStep::Verify => "现场核查，整改到位。".into(),
            SignoffStep::File => "同意销号，报省整改办备案。".into(),
        },
        actor: "demo".into(),
        at: Utc::now(),
        today,
        notice,
    };
    // Stages: signed off, verifying, in notice, reviewed, self-checked.
    let stages = [5usize, 5, 4, 4, 4, 3, 3, 2, 1, 1];
    for (k, depth) in stages.iter().enumerate() {
        let Some(r) = rows.get(k * 3) else { break };
        let notice_start = if *depth == 3 {
            today
        } else {
            today - Duration::days(30)
        };
        let notice_end = cal
            .add_workdays(notice_start, 5)
            .unwrap_or(notice_start + Duration::days(7));
        complete(app, r.id, notice_start).await?;
        for (n, s) in SignoffStep::ALL.iter().enumerate().take(*depth) {
            let notice = (*s == SignoffStep::PublicNotice).then_some((notice_start, notice_end));
            let day = if *s == SignoffStep::Verify || *s == SignoffStep::File {
                today
            } else {
                notice_start
            };
            if let Err(e) = store.apply_signoff(&step(r.id, *s, day, notice)).await {
                eprintln!("演示销号步骤跳过 / demo step skipped ({n}): {e}");
                break;
            }
        }
        if *depth == 3 && k == 5 {
            store
                .add_objection(&NewObjection {
                    problem_id: r.id,
                    text: "附近河段仍有异味，整改是否到位请再核实。".into(),
                    contact: Some("群众 张先生 138****0000".into()),
                    at: Utc::now(),
                    reference: rectify_app::commands::objection_reference(today),
                    client_key: None,
                })
                .await?;
        }
    }
    // Problems long past their due date were mostly signed off years ago, as
    // in a real ledger; one in four is still open (and overdue).
    let old_notice = today - Duration::days(90);
    let old_end = cal
        .add_workdays(old_notice, 5)
        .unwrap_or(old_notice + Duration::days(7));
    for (i, r) in rows.iter().enumerate() {
        let long_due = r
            .deadline
            .due
            .is_some_and(|d| d < today - Duration::days(365));
        if !long_due || i % 4 == 3 || (i % 3 == 0 && i < stages.len() * 3) {
            continue;
        }
        complete(app, r.id, old_notice).await?;
        for s in SignoffStep::ALL {
            let notice = (s == SignoffStep::PublicNotice).then_some((old_notice, old_end));
            if let Err(e) = store.apply_signoff(&step(r.id, s, today, notice)).await {
                eprintln!("演示销号步骤跳过 / demo step skipped: {e}");
                break;
            }
        }
    }
    for (i, (kind, note)) in [
        ("notice", "整改进度滞后，予以通报"),
        ("interview", "逾期未完成，约谈主要负责人"),
        ("listed", "列入市级挂牌督办"),
    ]
    .iter()
    .enumerate()
    {
        if let Some(r) = rows.get(1 + i * 7) {
            store
                .add_escalation(&NewEscalation {
                    problem_id: Some(r.id),
                    unit_id: None,
                    kind: kind.to_string(),
                    date: today - Duration::days(10 + 12 * i as i64),
                    doc_number: Some(format!("整改办〔{}〕{}号", today.year(), 10 + i)),
                    note: Some(note.to_string()),
                    actor: "demo".into(),
                })
                .await?;
        }
    }
    Ok(())
}
