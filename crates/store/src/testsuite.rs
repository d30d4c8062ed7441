//! The conformance suite: one set of behaviours every `Store` backend must
//! show. Each backend's `tests/conformance.rs` runs every function here
//! against a fresh database (SQLite always, PostgreSQL when
//! `TEST_DATABASE_URL` is set; see [`postgres_url_or_skip`]). Functions panic
//! on failure, as tests do.
#![allow(clippy::unwrap_used)]

use crate::*;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rectify_domain::*;
use std::sync::Arc;

mod gate;
pub use gate::*;
mod audit_checks;
pub use audit_checks::*;
mod corrections;
pub use corrections::*;
#[path = "testsuite_notice.rs"]
mod notice;
pub use notice::*;
mod units;
pub use units::*;
mod petitions;
pub use petitions::*;

/// The catalogue code of a store failure.
fn code<T>(r: StoreResult<T>) -> Option<ErrorCode> {
    r.err().map(|e| rectify_domain::Error::from(e).code)
}

/// Whether the PostgreSQL tests must run: in CI (`CI` set, as CI services
/// set it, and not `false` or `0`) or with `RECTIFY_REQUIRE_POSTGRES=1`.
pub fn postgres_required() -> bool {
    let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"));
    ci || std::env::var("RECTIFY_REQUIRE_POSTGRES").is_ok_and(|v| v.trim() == "1")
}

/// The PostgreSQL URL for tests (`TEST_DATABASE_URL`), checked reachable.
///
/// When PostgreSQL is [required](postgres_required) and the URL is missing
/// or its server does not answer, this panics: a CI run never passes by
/// silently skipping PostgreSQL. Otherwise it returns `None`, and says so on
/// stderr (once per test binary, past the test harness's capture).
pub fn postgres_url_or_skip() -> Option<String> {
    let problem = match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => match postgres_unreachable(&url) {
            None => return Some(url),
            Some(why) => format!("TEST_DATABASE_URL is unreachable ({why})"),
        },
        _ => "TEST_DATABASE_URL is not set".to_string(),
    };
    if postgres_required() {
        panic!(
            "PostgreSQL tests are required here (CI or RECTIFY_REQUIRE_POSTGRES=1), but {problem}; \
             set TEST_DATABASE_URL=postgres://user@host:port/db to a running server"
        );
    }
    static SKIPPED: std::sync::Once = std::sync::Once::new();
    SKIPPED.call_once(|| {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: PostgreSQL not configured ({problem}; set CI or \
             RECTIFY_REQUIRE_POSTGRES=1 to make this an error)"
        );
    });
    None
}

/// Why the server of a `postgres://` URL does not accept a TCP connection,
/// if it does not. URLs without a TCP host (a Unix socket) are not checked
/// here: connecting to them fails loudly anyway.
fn postgres_unreachable(url: &str) -> Option<String> {
    use std::net::{TcpStream, ToSocketAddrs};
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = match hostport.strip_prefix('[') {
        Some(v6) => {
            let (host, rest) = v6.split_once(']')?;
            (host, rest.strip_prefix(':'))
        }
        None => match hostport.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (hostport, None),
        },
    };
    if host.is_empty() || host.starts_with('%') {
        return None;
    }
    let Ok(port) = port.map_or(Ok(5432), str::parse::<u16>) else {
        return Some(format!("bad port in {hostport}"));
    };
    let addrs = match (host, port).to_socket_addrs() {
        Ok(addrs) => addrs.collect::<Vec<_>>(),
        Err(e) => return Some(format!("{host}:{port}: {e}")),
    };
    let timeout = std::time::Duration::from_secs(3);
    if addrs
        .iter()
        .any(|a| TcpStream::connect_timeout(a, timeout).is_ok())
    {
        None
    } else {
        Some(format!("no answer from {host}:{port}"))
    }
}

/// Every test of the suite, by name, for the backends' test macros.
#[macro_export]
macro_rules! conformance_tests {
    ($fresh:path) => {
        $crate::conformance_tests!(@each $fresh,
            import_and_read_back, plan_meta_sets_the_start, renamed_units_keep_their_old_names, notice_length_is_set_per_plan, reimport_updates_in_place, failed_import_writes_nothing,
            ledger_filters_and_pages, ledger_facets_follow_the_scope, progress_reports, signoff_procedure_with_notice_and_objection,
            concurrent_signoff_only_one_succeeds, reopen_keeps_history, audit_trail_verifies,
            warnings_sync_lifecycle, scoped_warning_sync_leaves_others_alone,
            scoped_warning_inputs, users_sessions_and_lockout, parallel_guesses_get_at_most_the_limit,
            stale_failure_keeps_the_lock, lease_runs_once_per_cluster,
            escalations_and_calendar_overrides, attachments_recorded_with_audit,
            attachment_rules, lookback_selection_and_confirmation, lookback_rebound_reopens,
            evidence_is_withdrawn_never_deleted, sub_problems_close_their_parent,

            notice_settings_and_issued_notices, objections_throttled_repeated_and_spam,
            corrections_are_recorded_with_their_reason, unpublished_plans_stay_off_the_public_list,
            split_and_merge_keep_the_trail,
            merging_units_moves_problems_and_accounts, collective_names_expand_to_counties,
            petitions_imported_handled_and_closed, failed_petition_batch_writes_nothing,
            petitions_are_in_the_audit_trail);
    };
    (@each $fresh:path, $($name:ident),*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(store) = $fresh().await {
                    $crate::testsuite::$name(std::sync::Arc::new(store)).await;
                }
            }
        )*
    };
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn unit(name: &str, role: UnitRole) -> UnitAssignment {
    UnitAssignment {
        name: name.into(),
        role,
        note: None,
    }
}

/// A small plan in the shape the importer produces.
pub fn sample_plan() -> PlanDraft {
    let problem =
        |seq: u32, desc: &str, due: Option<&str>, units: Vec<UnitAssignment>| ProblemDraft {
            seq,
            number_text: format!("（{}）", ["一", "二", "三", "四"][(seq - 1) as usize]),
            parent_seq: None,
            category_seq: Some(if seq <= 2 { 1 } else { 2 }),
            description: desc.into(),
            target: Some(format!("目标{seq}")),
            deadline: DeadlineSpec {
                text: due
                    .map(|d| format!("{d}前"))
                    .unwrap_or_else(|| "立行立改、持续推进".into()),
                due: due.map(d),
                immediate: due.is_none(),
                ongoing: due.is_none(),
                milestones: vec![],
            },
            units,
            leaders: vec!["包昌林".into()],
            responsible_persons: vec![Person {
                name: "赵志超".into(),
                title: Some("市委副秘书长".into()),
            }],
            liaisons: vec![Liaison {
                name: "黄欣".into(),
                note: Some("联络员".into()),
            }],
            measures: vec![
                MeasureDraft {
                    seq: 1,
                    text: format!("措施一{seq}"),
                    units: vec![],
                    deadline: None,
                },
                MeasureDraft {
                    seq: 2,
                    text: format!("措施二{seq}"),
                    units: vec![],
                    deadline: None,
                },
            ],
            confidence: Default::default(),
            source_span: Some(SourceSpan {
                first_line: seq * 10,
                last_line: seq * 10 + 8,
            }),
        };
    PlanDraft {
        format: PLAN_FORMAT.into(),
        title: "测试市督察反馈意见整改方案".into(),
        jurisdiction: Some("测试市".into()),
        declared_problem_count: Some(4),
        source: SourceInfo {
            file: "t.txt".into(),
            sha256: "ab".repeat(32),
            kind: "txt".into(),
        },
        categories: vec![
            CategoryDraft {
                seq: 1,
                title: "关于大气污染问题".into(),
            },
            CategoryDraft {
                seq: 2,
                title: "关于水污染问题".into(),
            },
        ],
        problems: vec![
            problem(
                1,
                "城区扬尘污染治理不到位",
                Some("2019-06-30"),
                vec![
                    unit("市住建局", UnitRole::Primary),
                    unit("市生态环境局", UnitRole::Supervising),
                ],
            ),
            problem(
                2,
                "工业园区废气直排",
                Some("2030-12-31"),
                vec![
                    unit("高新区管委会", UnitRole::Lead),
                    unit("市工信局", UnitRole::Responsible),
                ],
            ),
            problem(
                3,
                "黑臭水体反弹",
                None,
                vec![unit("市城管局", UnitRole::Primary)],
            ),
            problem(
                4,
                "污水管网建设滞后",
                Some("2030-06-30"),
                vec![unit("市住建局", UnitRole::Primary)],
            ),
        ],
        warnings: vec![],
        indicators: vec![],
        key_projects: vec![],
        meta: PlanMeta::default(),
    }
}

async fn imported(s: &Arc<impl Store>) -> (i64, Vec<ProblemRow>) {
    let r = s.import_plan(&sample_plan(), "tester").await.unwrap();
    let page = s
        .list_problems(&ProblemFilter {
            plan_id: Some(r.plan_id),
            per_page: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    (r.plan_id, page.items)
}

/// What the completion gate asks before 自查自验: a report at 100% the
/// office accepted and one evidence file.
pub async fn ready<S: Store + ?Sized>(s: &Arc<S>, id: i64) {
    let r = s
        .submit_progress(&NewProgressReport {
            problem_id: id,
            period: "2026-01".into(),
            percent: 100,
            text: "整改措施已全部完成".into(),
            measure_status: vec![],
            submitted_by: "unit".into(),
            submitted_at: Utc::now(),
        })
        .await
        .unwrap();
    s.review_progress(&ProgressReview {
        report_id: r.id,
        accept: true,
        comment: String::new(),
        actor: "office".into(),
    })
    .await
    .unwrap();
    s.add_attachment(&new_attachment(
        id,
        &sha_of(&format!("ready-{id}")),
        "photo",
    ))
    .await
    .unwrap();
}

fn signoff(problem_id: i64, step: SignoffStep, decision: Decision, today: &str) -> SignoffRequest {
    SignoffRequest {
        problem_id,
        step,
        decision,
        comment: if decision == Decision::Reject {
            "材料不全，退回补充".into()
        } else {
            "同意".into()
        },
        actor: "office".into(),
        at: Utc::now(),
        today: d(today),
        notice: None,
    }
}

pub async fn import_and_read_back(s: Arc<impl Store>) {
    let r = s.import_plan(&sample_plan(), "tester").await.unwrap();
    assert!(r.created);
    assert_eq!(r.problems_total, 4);
    let plans = s.list_plans().await.unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].problem_count, 4);
    assert_eq!(plans[0].declared_problem_count, Some(4));
    let page = s
        .list_problems(&ProblemFilter {
            per_page: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total, 4);
    let first = &page.items[0];
    assert_eq!(first.number_text, "（一）");
    assert_eq!(first.category_title.as_deref(), Some("关于大气污染问题"));
    assert_eq!(first.deadline.due, Some(d("2019-06-30")));
    assert_eq!(first.status, Status::NotStarted);
    assert_eq!(first.leaders, vec!["包昌林".to_string()]);
    assert_eq!(first.units[0].name, "市住建局");
    assert_eq!(first.units[0].role, UnitRole::Primary);
    let detail = s.get_problem(first.id).await.unwrap().unwrap();
    assert_eq!(detail.measures.len(), 2);
    assert_eq!(
        detail.responsible_persons[0].title.as_deref(),
        Some("市委副秘书长")
    );
    assert_eq!(detail.liaisons[0].name, "黄欣");
    assert_eq!(detail.source_first_line, Some(10));
    let third = &page.items[2];
    assert!(third.deadline.immediate && third.deadline.ongoing && third.deadline.due.is_none());
    assert!(s.get_problem(999_999).await.unwrap().is_none());
    // 市住建局 is one unit across problems, found by its alias in any spacing.
    let u = s.find_unit(" 市住建局 ").await.unwrap().unwrap();
    assert_eq!(u.name, "市住建局");
    assert_eq!(s.problem_units(first.id).await.unwrap(), vec![u]);
}

pub async fn reimport_updates_in_place(s: Arc<impl Store>) {
    let (plan_id, _) = imported(&s).await;
    let mut revised = sample_plan();
    revised.problems[1].description = "工业园区废气直排（修订）".into();
    revised.problems[1].deadline.due = Some(d("2031-12-31"));
    let mut extra = revised.problems[3].clone();
    extra.seq = 5;
    extra.number_text = "（五）".into();
    extra.description = "新增问题".into();
    revised.problems.push(extra);
    revised.problems.remove(0);
    let r = s.import_plan(&revised, "tester").await.unwrap();
    assert!(!r.created);
    assert_eq!(r.plan_id, plan_id);
    assert_eq!(r.added, vec!["（五）".to_string()]);
    assert_eq!(r.changed.len(), 1);
    assert_eq!(r.changed[0].0, "（二）");
    assert!(r.changed[0].1.contains(&"description".to_string()));
    assert!(r.changed[0].1.contains(&"due_date".to_string()));
    assert_eq!(
        r.missing,
        vec!["（一）".to_string()],
        "problems dropped by the document are reported, not deleted"
    );
    let page = s
        .list_problems(&ProblemFilter {
            per_page: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total, 5);
    assert_eq!(s.list_plans().await.unwrap().len(), 1);
    // Importing the same document again changes nothing.
    let again = s.import_plan(&revised, "tester").await.unwrap();
    assert!(again.added.is_empty() && again.changed.is_empty());
}

pub async fn failed_import_writes_nothing(s: Arc<impl Store>) {
    let mut bad = sample_plan();
    let dup = bad.problems[0].clone();
    bad.problems.push(dup);
    let err = s.import_plan(&bad, "tester").await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(s.list_plans().await.unwrap().is_empty());
    assert_eq!(
        s.list_problems(&ProblemFilter {
            per_page: 10,
            ..Default::default()
        })
        .await
        .unwrap()
        .total,
        0
    );
    assert!(s.list_units().await.unwrap().is_empty());
    assert!(s.audit_events(None).await.unwrap().is_empty());
}

pub async fn ledger_facets_follow_the_scope(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let all = s.ledger_facets(&ProblemFilter::default()).await.unwrap();
    assert_eq!(all.plans.len(), 1);
    assert_eq!(all.plans[0].0, rows[0].plan_id);
    assert!(
        all.leaders.iter().any(|l| l == "包昌林"),
        "{:?}",
        all.leaders
    );
    let mut expected_units: Vec<String> = rows
        .iter()
        .flat_map(|r| r.units.iter().map(|u| u.name.clone()))
        .collect();
    expected_units.sort();
    expected_units.dedup();
    assert_eq!(all.units, expected_units);
    // A unit's scope offers only the units and leaders of its own problems.
    let unit = s.find_unit("高新区管委会").await.unwrap().unwrap();
    let mine = s
        .ledger_facets(&ProblemFilter {
            scope_units: Some(vec![unit.id]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(mine.units.contains(&"高新区管委会".to_string()));
    assert!(mine.units.len() < all.units.len(), "{:?}", mine.units);
    let nobody = s
        .ledger_facets(&ProblemFilter {
            scope_units: Some(vec![]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(nobody.plans.is_empty() && nobody.units.is_empty());
}

pub async fn ledger_filters_and_pages(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let f = |f: ProblemFilter| {
        let s = s.clone();
        async move {
            s.list_problems(&ProblemFilter { per_page: 50, ..f })
                .await
                .unwrap()
        }
    };
    let overdue = f(ProblemFilter {
        overdue: Some(true),
        today: Some(d("2026-11-23")),
        ..Default::default()
    })
    .await;
    assert_eq!(overdue.total, 1);
    assert_eq!(overdue.items[0].id, rows[0].id);
    let not_overdue = f(ProblemFilter {
        overdue: Some(false),
        today: Some(d("2026-11-23")),
        ..Default::default()
    })
    .await;
    assert_eq!(not_overdue.total, 3);
    assert_eq!(
        f(ProblemFilter {
            unit: Some("市住建局".into()),
            ..Default::default()
        })
        .await
        .total,
        2
    );
    assert_eq!(
        f(ProblemFilter {
            leader: Some("包昌林".into()),
            ..Default::default()
        })
        .await
        .total,
        4
    );
    assert_eq!(
        f(ProblemFilter {
            q: Some("废气".into()),
            ..Default::default()
        })
        .await
        .total,
        1
    );
    assert_eq!(
        f(ProblemFilter {
            q: Some("措施二 管网".into()),
            ..Default::default()
        })
        .await
        .total,
        1
    );
    // Segmented: the words of a phrase need not be adjacent.
    assert_eq!(
        f(ProblemFilter {
            q: Some("扬尘治理".into()),
            ..Default::default()
        })
        .await
        .total,
        1
    );
    assert_eq!(
        f(ProblemFilter {
            q: Some("100%_".into()),
            ..Default::default()
        })
        .await
        .total,
        0
    );
    assert_eq!(
        f(ProblemFilter {
            category_seq: Some(2),
            ..Default::default()
        })
        .await
        .total,
        2
    );
    assert_eq!(
        f(ProblemFilter {
            due_from: Some(d("2030-01-01")),
            due_to: Some(d("2030-12-31")),
            ..Default::default()
        })
        .await
        .total,
        2
    );
    assert_eq!(
        f(ProblemFilter {
            status: Some(Status::SignedOff),
            ..Default::default()
        })
        .await
        .total,
        0
    );
    let sorted = f(ProblemFilter {
        sort: Some("due".into()),
        ..Default::default()
    })
    .await;
    let dues: Vec<_> = sorted.items.iter().map(|r| r.deadline.due).collect();
    assert_eq!(
        dues,
        vec![
            Some(d("2019-06-30")),
            Some(d("2030-06-30")),
            Some(d("2030-12-31")),
            None
        ]
    );
    let p2 = s
        .list_problems(&ProblemFilter {
            per_page: 3,
            page: 2,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((p2.total, p2.items.len()), (4, 1));
}

pub async fn progress_reports(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let id = rows[0].id;
    let mut n = NewProgressReport {
        problem_id: id,
        period: "2026-10".into(),
        percent: 40,
        text: "已完成工地围挡".into(),
        measure_status: vec![(1, "完成".into())],
        submitted_by: "unit1".into(),
        submitted_at: Utc::now(),
    };
    let r = s.submit_progress(&n).await.unwrap();
    assert_eq!(r.status, "submitted");
    let p = s.get_problem(id).await.unwrap().unwrap();
    assert_eq!(p.row.status, Status::InProgress);
    assert_eq!(p.row.latest_percent, Some(40));
    n.percent = 101;
    assert_eq!(
        code(s.submit_progress(&n).await),
        Some(ErrorCode::PercentOutOfRange)
    );
    n.percent = 50;
    n.period = "2026-13".into();
    assert_eq!(
        code(s.submit_progress(&n).await),
        Some(ErrorCode::PeriodInvalid)
    );
    n.period = "2026-10".into();
    let r2 = s.submit_progress(&n).await.unwrap();
    assert_eq!(
        (r2.id, r2.percent),
        (r.id, 50),
        "resubmitting a period replaces its report"
    );
    let rv = s
        .review_progress(&ProgressReview {
            report_id: r.id,
            accept: false,
            comment: "数据不实".into(),
            actor: "office".into(),
        })
        .await
        .unwrap();
    assert_eq!(
        (rv.status.as_str(), rv.review_comment.as_deref()),
        ("returned", Some("数据不实"))
    );
    n.percent = 55;
    s.submit_progress(&n).await.unwrap();
    s.review_progress(&ProgressReview {
        report_id: r.id,
        accept: true,
        comment: String::new(),
        actor: "office".into(),
    })
    .await
    .unwrap();
    assert_eq!(
        code(s.submit_progress(&n).await),
        Some(ErrorCode::ReportAlreadyAccepted)
    );
    n.problem_id = 999_999;
    assert!(matches!(
        s.submit_progress(&n).await,
        Err(StoreError::NotFound(_))
    ));
}

pub async fn signoff_procedure_with_notice_and_objection(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let id = rows[1].id;
    use Decision::*;
    use SignoffStep::*;
    // Out of order: a conflict, nothing written.
    assert_eq!(
        code(
            s.apply_signoff(&signoff(id, Verify, Approve, "2026-09-01"))
                .await
        ),
        Some(ErrorCode::StepNotAllowed)
    );
    // The completion gate: nothing accepted and no evidence, refused.
    assert_eq!(
        code(
            s.apply_signoff(&signoff(id, SelfCheck, Approve, "2026-09-20"))
                .await
        ),
        Some(ErrorCode::SignoffIncomplete)
    );
    ready(&s, id).await;
    s.apply_signoff(&signoff(id, SelfCheck, Approve, "2026-09-20"))
        .await
        .unwrap();
    // A rejection returns the problem to in_progress with its comment kept.
    let r = s
        .apply_signoff(&signoff(id, Review, Reject, "2026-09-21"))
        .await
        .unwrap();
    assert_eq!(r.status, Status::InProgress);
    let detail = s.get_problem(id).await.unwrap().unwrap();
    assert_eq!(
        detail.signoffs.last().unwrap().comment,
        "材料不全，退回补充"
    );
    let mut no_comment = signoff(id, SelfCheck, Reject, "2026-09-21");
    no_comment.comment = " ".into();
    assert_eq!(
        code(s.apply_signoff(&no_comment).await),
        Some(ErrorCode::RejectionNeedsComment)
    );
    s.apply_signoff(&signoff(id, SelfCheck, Approve, "2026-09-22"))
        .await
        .unwrap();
    s.apply_signoff(&signoff(id, Review, Approve, "2026-09-23"))
        .await
        .unwrap();
    let mut notice = signoff(id, PublicNotice, Approve, "2026-09-24");
    assert_eq!(
        code(s.apply_signoff(&notice).await),
        Some(ErrorCode::NoticeMissing),
        "a notice needs its dates"
    );
    notice.notice = Some((d("2026-09-24"), d("2026-10-09")));
    let out = s.apply_signoff(&notice).await.unwrap();
    assert_eq!(
        (out.status, out.notice_start, out.notice_end),
        (
            Status::InPublicNotice,
            Some(d("2026-09-24")),
            Some(d("2026-10-09"))
        )
    );
    // While the notice runs, verification is refused.
    for today in ["2026-09-30", "2026-10-09"] {
        assert_eq!(
            code(s.apply_signoff(&signoff(id, Verify, Approve, today)).await),
            Some(ErrorCode::NoticeRunning),
            "{today}"
        );
    }
    let obj = s
        .add_objection(&NewObjection {
            problem_id: id,
            text: "现场仍有废气排放".into(),
            contact: Some("13800000000".into()),
            at: Utc::now(),
            reference: "YY20260925-0000000001".into(),
            client_key: None,
        })
        .await
        .unwrap();
    assert_eq!(s.list_open_objections().await.unwrap().len(), 1);
    let blocked = s
        .apply_signoff(&signoff(id, Verify, Approve, "2026-10-12"))
        .await;
    assert_eq!(code(blocked), Some(ErrorCode::ObjectionsOpen));
    s.resolve_objection(obj.id, "经现场核查，已整改到位", "office")
        .await
        .unwrap();
    assert!(s.list_open_objections().await.unwrap().is_empty());
    s.apply_signoff(&signoff(id, Verify, Approve, "2026-10-12"))
        .await
        .unwrap();
    let done = s
        .apply_signoff(&signoff(id, File, Approve, "2026-10-13"))
        .await
        .unwrap();
    assert_eq!(done.status, Status::SignedOff);
    // An objection outside a notice is refused.
    assert!(s
        .add_objection(&NewObjection {
            problem_id: id,
            text: "x".into(),
            contact: None,
            at: Utc::now(),
            reference: "YY20261013-0000000002".into(),
            client_key: None,
        })
        .await
        .is_err());
    let detail = s.get_problem(id).await.unwrap().unwrap();
    assert_eq!(detail.signoffs.len(), 7);
    // The figures' one-query sign-off dates agree with the detail.
    let signed = s.signed_off_at().await.unwrap();
    assert_eq!(signed.len(), 1);
    assert_eq!(
        signed
            .get(&id)
            .map(|at| (*at + Duration::hours(8)).date_naive()),
        detail.signed_off_on()
    );
    assert_eq!(
        detail.current_notice().unwrap().notice_end,
        Some(d("2026-10-09"))
    );
}

pub async fn concurrent_signoff_only_one_succeeds(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let id = rows[0].id;
    ready(&s, id).await;
    let mut handles = vec![];
    for _ in 0..4 {
        let s = s.clone();
        handles.push(tokio::spawn(async move {
            s.apply_signoff(&signoff(
                id,
                SignoffStep::SelfCheck,
                Decision::Approve,
                "2026-01-05",
            ))
            .await
        }));
    }
    let mut ok = 0;
    for h in handles {
        match h.await.unwrap() {
            Ok(_) => ok += 1,
            // The loser finds the step already taken, or the version moved.
            Err(e) => {
                let c = rectify_domain::Error::from(e).code;
                assert!(
                    matches!(c, ErrorCode::StepNotAllowed | ErrorCode::ConcurrentChange),
                    "unexpected {c:?}"
                );
            }
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(s.get_problem(id).await.unwrap().unwrap().signoffs.len(), 1);
}

pub async fn reopen_keeps_history(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let id = rows[2].id;
    assert!(
        s.reopen_problem(id, "反弹", "office", None, None)
            .await
            .is_err(),
        "only signed-off problems reopen"
    );
    ready(&s, id).await;
    for (step, today) in [
        (SignoffStep::SelfCheck, "2026-03-02"),
        (SignoffStep::Review, "2026-03-03"),
    ] {
        s.apply_signoff(&signoff(id, step, Decision::Approve, today))
            .await
            .unwrap();
    }
    let mut n = signoff(
        id,
        SignoffStep::PublicNotice,
        Decision::Approve,
        "2026-03-04",
    );
    n.notice = Some((d("2026-03-04"), d("2026-03-11")));
    s.apply_signoff(&n).await.unwrap();
    s.apply_signoff(&signoff(
        id,
        SignoffStep::Verify,
        Decision::Approve,
        "2026-03-12",
    ))
    .await
    .unwrap();
    s.apply_signoff(&signoff(
        id,
        SignoffStep::File,
        Decision::Approve,
        "2026-03-13",
    ))
    .await
    .unwrap();
    assert!(s
        .reopen_problem(id, " ", "office", None, None)
        .await
        .is_err());
    let st = s
        .reopen_problem(
            id,
            "回头看发现黑臭反弹",
            "office",
            Some("2026年回头看"),
            Some(d("2026-06-30")),
        )
        .await
        .unwrap();
    assert_eq!(st, Status::InProgress);
    let detail = s.get_problem(id).await.unwrap().unwrap();
    assert_eq!(detail.signoffs.len(), 5, "the sign-off history is kept");
    // 限期整改: the new deadline, and the plan's wording kept beside it.
    assert_eq!(detail.row.deadline.due, Some(d("2026-06-30")));
    assert!(
        detail
            .row
            .deadline
            .text
            .starts_with("限期整改：2026年6月30日前完成（原时限："),
        "{}",
        detail.row.deadline.text
    );
    let inputs = s.warning_inputs(None).await.unwrap();
    assert!(inputs.iter().find(|i| i.problem_id == id).unwrap().reopened);
    let events = s.audit_events(Some(("problem_note", id))).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].after.as_ref().unwrap()["reason"],
        "回头看发现黑臭反弹"
    );
}

pub async fn audit_trail_verifies(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    ready(&s, rows[0].id).await;
    let before = s.audit_events(None).await.unwrap().len();
    s.apply_signoff(&signoff(
        rows[0].id,
        SignoffStep::SelfCheck,
        Decision::Approve,
        "2026-01-05",
    ))
    .await
    .unwrap();
    s.submit_progress(&NewProgressReport {
        problem_id: rows[1].id,
        period: "2026-01".into(),
        percent: 10,
        text: "启动".into(),
        measure_status: vec![],
        submitted_by: "u".into(),
        submitted_at: Utc::now(),
    })
    .await
    .unwrap();
    let events = s.audit_events(None).await.unwrap();
    // signoff record + status change + report + status change
    assert_eq!(events.len(), before + 4);
    assert!(events
        .windows(2)
        .all(|w| w[1].prev_hash == w[0].hash && w[1].seq == w[0].seq + 1));
    let report = audit::verify(&events, &s.ledger_snapshots().await.unwrap()).unwrap();
    assert_eq!(report.events, events.len());
    let history = s.audit_events(Some(("problem", rows[0].id))).await.unwrap();
    // import, in progress (the first report), self-checked
    assert_eq!(history.len(), 3);
    assert_eq!(history[2].after.as_ref().unwrap()["status"], "self_checked");
}

pub async fn warnings_sync_lifecycle(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let now = Utc::now();
    let w = |pid: i64, code: &str, level: &str| ComputedWarning {
        problem_id: pid,
        code: code.into(),
        level: level.into(),
        message: format!("{code}:{level}"),
    };
    let c = s
        .sync_warnings(
            &[
                w(rows[0].id, "overdue", "red"),
                w(rows[1].id, "due_soon", "yellow"),
            ],
            now,
            None,
        )
        .await
        .unwrap();
    assert_eq!((c.raised, c.updated, c.resolved), (2, 0, 0));
    let c = s
        .sync_warnings(
            &[
                w(rows[0].id, "overdue", "red"),
                w(rows[1].id, "due_soon", "orange"),
            ],
            now,
            None,
        )
        .await
        .unwrap();
    assert_eq!((c.raised, c.updated, c.resolved), (0, 1, 0));
    let open = s.list_warnings(true).await.unwrap();
    assert_eq!(open[0].level, "red", "red first");
    let red = s
        .list_problems(&ProblemFilter {
            warning_level: Some("red".into()),
            per_page: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(red.total, 1);
    assert_eq!(red.items[0].warning_level.as_deref(), Some("red"));
    let ack = s.acknowledge_warning(open[0].id, "office").await.unwrap();
    assert_eq!(ack.status, "acknowledged");
    assert!(s.acknowledge_warning(open[0].id, "office").await.is_err());
    let c = s
        .sync_warnings(&[w(rows[0].id, "overdue", "red")], now, None)
        .await
        .unwrap();
    assert_eq!((c.raised, c.updated, c.resolved), (0, 0, 1));
    assert_eq!(
        s.list_warnings(true).await.unwrap().len(),
        1,
        "acknowledged stays open until resolved"
    );
    assert_eq!(
        s.list_warnings(false).await.unwrap().len(),
        2,
        "history kept"
    );
}

/// A scoped sync raises, updates and resolves the warnings of its problems
/// only: findings for other problems are ignored, their warnings kept.
pub async fn scoped_warning_sync_leaves_others_alone(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let (p1, p2, p3, p4) = (rows[0].id, rows[1].id, rows[2].id, rows[3].id);
    let now = Utc::now();
    let w = |pid: i64, code: &str, level: &str| ComputedWarning {
        problem_id: pid,
        code: code.into(),
        level: level.into(),
        message: format!("{code}:{level}"),
    };
    let open = || async {
        let mut v: Vec<(i64, String, String)> = s
            .list_warnings(true)
            .await
            .unwrap()
            .into_iter()
            .map(|w| (w.problem_id, w.code, w.level))
            .collect();
        v.sort();
        v
    };
    let c = s
        .sync_warnings(
            &[
                w(p1, "overdue", "red"),
                w(p2, "overdue", "yellow"),
                w(p3, "no_report", "yellow"),
            ],
            now,
            None,
        )
        .await
        .unwrap();
    assert_eq!((c.raised, c.updated, c.resolved), (3, 0, 0));
    let before = open().await;

    // Scope (p1): p1's level changes; the finding for p2 is out of scope.
    let c = s
        .sync_warnings(
            &[w(p1, "overdue", "orange"), w(p2, "no_report", "red")],
            now,
            Some(&[p1]),
        )
        .await
        .unwrap();
    assert_eq!((c.raised, c.updated, c.resolved), (0, 1, 0));
    let after = open().await;
    assert_eq!(after[0], (p1, "overdue".into(), "orange".into()));
    assert_eq!(after[1..], before[1..], "p2 and p3 untouched");

    // Scope (p2, p4) without findings: p2's warning resolves, p1's and p3's
    // (outside the scope, absent from the findings) stay open.
    let c = s.sync_warnings(&[], now, Some(&[p2, p4])).await.unwrap();
    assert_eq!((c.raised, c.updated, c.resolved), (0, 0, 1));
    assert_eq!(
        open().await,
        vec![
            (p1, "overdue".into(), "orange".into()),
            (p3, "no_report".into(), "yellow".into())
        ]
    );

    // Scope (p4): a new warning is raised for p4 alone.
    let c = s
        .sync_warnings(
            &[w(p4, "overdue", "red"), w(p3, "overdue", "red")],
            now,
            Some(&[p4]),
        )
        .await
        .unwrap();
    assert_eq!((c.raised, c.updated, c.resolved), (1, 0, 0));
    assert_eq!(open().await.len(), 3);

    // An empty scope changes nothing.
    let c = s
        .sync_warnings(&[w(p3, "overdue", "red")], now, Some(&[]))
        .await
        .unwrap();
    assert_eq!(c, SyncCounts::default());
    assert_eq!(open().await.len(), 3);

    // Unscoped, as before: everything follows the findings.
    let c = s
        .sync_warnings(&[w(p1, "overdue", "orange")], now, None)
        .await
        .unwrap();
    assert_eq!((c.raised, c.updated, c.resolved), (0, 0, 2));
    assert_eq!(open().await, vec![(p1, "overdue".into(), "orange".into())]);
    verify_ok(&s).await;
}

/// Scoped warning inputs are exactly the unscoped inputs of those problems.
pub async fn scoped_warning_inputs(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let (p1, p3) = (rows[0].id, rows[2].id);
    for (pid, period) in [(p1, "2026-01"), (p1, "2026-02"), (rows[1].id, "2026-01")] {
        s.submit_progress(&NewProgressReport {
            problem_id: pid,
            period: period.into(),
            percent: 40,
            text: "进展".into(),
            measure_status: vec![],
            submitted_by: "unit".into(),
            submitted_at: Utc::now(),
        })
        .await
        .unwrap();
    }
    let all = s.warning_inputs(None).await.unwrap();
    assert_eq!(all.len(), rows.len());
    let scoped = s.warning_inputs(Some(&[p3, p1, 999_999])).await.unwrap();
    let expected: Vec<WarningInput> = all
        .iter()
        .filter(|i| i.problem_id == p1 || i.problem_id == p3)
        .cloned()
        .collect();
    assert_eq!(scoped, expected, "only p1 and p3, in id order");
    assert_eq!(scoped[0].reports.len(), 2, "p1's own reports");
    assert!(scoped[1].reports.is_empty());
    assert!(s.warning_inputs(Some(&[])).await.unwrap().is_empty());
}

pub async fn users_sessions_and_lockout(s: Arc<impl Store>) {
    let u = s
        .create_user(&NewUser {
            username: "zhujianju".into(),
            display_name: "市住建局联络员".into(),
            password_hash: "$argon2id$fake".into(),
            role: Role::Unit,
            units: vec!["市住建局".into()],
            person: None,
            actor: "admin".into(),
        })
        .await
        .unwrap();
    assert_eq!(u.role, Role::Unit);
    assert_eq!(u.units.len(), 1);
    let dup = s
        .create_user(&NewUser {
            username: "zhujianju".into(),
            display_name: "x".into(),
            password_hash: "x".into(),
            role: Role::Office,
            units: vec![],
            person: None,
            actor: "a".into(),
        })
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))));
    let bad = s
        .create_user(&NewUser {
            username: "a b".into(),
            display_name: "x".into(),
            password_hash: "x".into(),
            role: Role::Office,
            units: vec![],
            person: None,
            actor: "a".into(),
        })
        .await;
    assert!(matches!(bad, Err(StoreError::Invalid(_))));
    let found = s.find_user("zhujianju").await.unwrap().unwrap();
    assert_eq!(found.units[0].name, "市住建局");
    let t0 = Utc::now();
    let lock = t0 + Duration::minutes(15);
    let first = s.reserve_login(u.id, t0, 2, lock).await.unwrap();
    assert_eq!(
        first,
        LoginReservation::Granted {
            attempt: 1,
            locked_until: None
        }
    );
    s.record_login(
        u.id,
        LoginAttempt::Failure { locked_until: None },
        "127.0.0.1",
    )
    .await
    .unwrap();
    let second = s.reserve_login(u.id, t0, 2, lock).await.unwrap();
    assert!(matches!(
        second,
        LoginReservation::Granted {
            attempt: 2,
            locked_until: Some(_)
        }
    ));
    s.record_login(
        u.id,
        LoginAttempt::Failure {
            locked_until: Some(lock),
        },
        "127.0.0.1",
    )
    .await
    .unwrap();
    let locked = s.get_user(u.id).await.unwrap().unwrap();
    assert_eq!(locked.failed_attempts, 2);
    assert!(locked.locked_until.is_some());
    s.record_login(u.id, LoginAttempt::Success, "127.0.0.1")
        .await
        .unwrap();
    let cleared = s.get_user(u.id).await.unwrap().unwrap();
    assert_eq!((cleared.failed_attempts, cleared.locked_until), (0, None));
    let now = Utc::now();
    let sess = Session {
        token_hash: "h1".into(),
        user_id: u.id,
        csrf_token: "c".into(),
        created_at: now,
        expires_at: now + Duration::hours(8),
    };
    s.create_session(&sess).await.unwrap();
    assert_eq!(
        s.get_session("h1", now).await.unwrap().unwrap().user_id,
        u.id
    );
    assert!(
        s.get_session("h1", now + Duration::hours(9))
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    s.set_password(u.id, "$argon2id$new", "zhujianju")
        .await
        .unwrap();
    assert!(
        s.get_session("h1", now).await.unwrap().is_none(),
        "a password change ends sessions"
    );
    s.create_session(&Session {
        token_hash: "h2".into(),
        ..sess
    })
    .await
    .unwrap();
    s.delete_session("h2").await.unwrap();
    assert!(s.get_session("h2", now).await.unwrap().is_none());
    let actions: Vec<String> = s
        .audit_events(Some(("user", u.id)))
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "user.create",
            "login.failure",
            "login.locked",
            "login.success",
            "user.password"
        ]
    );
}

async fn guessable_user(s: &impl Store) -> User {
    s.create_user(&NewUser {
        username: "guessed".into(),
        display_name: "被猜测的账户".into(),
        password_hash: "$argon2id$fake".into(),
        role: Role::Office,
        units: vec![],
        person: None,
        actor: "admin".into(),
    })
    .await
    .unwrap()
}

/// Thirty parallel guesses: five get a password check, the rest find the
/// account locked, and the count never passes the limit.
pub async fn parallel_guesses_get_at_most_the_limit(s: Arc<impl Store>) {
    let u = guessable_user(s.as_ref()).await;
    let now = Utc::now();
    let lock = now + Duration::minutes(15);
    let tries = (0..30).map(|_| {
        let s = s.clone();
        tokio::spawn(async move { s.reserve_login(u.id, now, 5, lock).await.unwrap() })
    });
    let mut granted = vec![];
    let mut refused = 0;
    for t in tries {
        match t.await.unwrap() {
            LoginReservation::Granted { attempt, .. } => granted.push(attempt),
            LoginReservation::Locked { until } => {
                assert_eq!(until, crate::sql::micros(lock));
                refused += 1;
            }
        }
    }
    granted.sort_unstable();
    assert_eq!(granted, [1, 2, 3, 4, 5]);
    assert_eq!(refused, 25);
    let after = s.get_user(u.id).await.unwrap().unwrap();
    assert_eq!(after.failed_attempts, 5);
}

/// A failure checked before the lock and recorded after it does not lift
/// the lock; an expired lock lets the count start again.
pub async fn stale_failure_keeps_the_lock(s: Arc<impl Store>) {
    let u = guessable_user(s.as_ref()).await;
    let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
    let lock = t0 + Duration::minutes(15);
    for _ in 0..3 {
        s.reserve_login(u.id, t0, 3, lock).await.unwrap();
    }
    s.record_login(
        u.id,
        LoginAttempt::Failure { locked_until: None },
        "10.0.0.1",
    )
    .await
    .unwrap();
    let user = s.get_user(u.id).await.unwrap().unwrap();
    assert_eq!(user.locked_until, Some(lock));
    assert_eq!(
        s.reserve_login(u.id, t0 + Duration::minutes(1), 3, lock)
            .await
            .unwrap(),
        LoginReservation::Locked { until: lock }
    );
    let later = t0 + Duration::minutes(16);
    assert_eq!(
        s.reserve_login(u.id, later, 3, later + Duration::minutes(15))
            .await
            .unwrap(),
        LoginReservation::Granted {
            attempt: 1,
            locked_until: None
        }
    );
    assert_eq!(s.get_user(u.id).await.unwrap().unwrap().locked_until, None);
}

pub async fn lease_runs_once_per_cluster(s: Arc<impl Store>) {
    let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
    let ttl = Duration::minutes(10);
    assert!(s
        .try_lease("warnings", "node-a", t0, t0 + ttl)
        .await
        .unwrap());
    assert!(!s
        .try_lease(
            "warnings",
            "node-b",
            t0 + Duration::minutes(1),
            t0 + Duration::minutes(11)
        )
        .await
        .unwrap());
    assert!(
        s.try_lease(
            "warnings",
            "node-a",
            t0 + Duration::minutes(2),
            t0 + Duration::minutes(12)
        )
        .await
        .unwrap(),
        "the holder renews"
    );
    assert!(
        s.try_lease(
            "warnings",
            "node-b",
            t0 + Duration::minutes(13),
            t0 + Duration::minutes(23)
        )
        .await
        .unwrap(),
        "an expired lease passes on"
    );
    assert!(s
        .try_lease("other-job", "node-a", t0, t0 + ttl)
        .await
        .unwrap());
}

pub async fn escalations_and_calendar_overrides(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let unit = s.find_unit("市住建局").await.unwrap().unwrap();
    let e = s
        .add_escalation(&NewEscalation {
            problem_id: Some(rows[0].id),
            unit_id: Some(unit.id),
            kind: "interview".into(),
            date: d("2026-11-02"),
            doc_number: Some("衡整改办〔2026〕12号".into()),
            note: Some("逾期未完成".into()),
            actor: "office".into(),
        })
        .await
        .unwrap();
    assert_eq!(e.unit_name.as_deref(), Some("市住建局"));
    let bad = NewEscalation {
        problem_id: None,
        unit_id: None,
        kind: "interview".into(),
        date: d("2026-11-02"),
        doc_number: None,
        note: None,
        actor: "o".into(),
    };
    assert!(s.add_escalation(&bad).await.is_err());
    assert!(s
        .add_escalation(&NewEscalation {
            kind: "spank".into(),
            problem_id: Some(rows[0].id),
            ..bad
        })
        .await
        .is_err());
    assert_eq!(s.list_escalations(Some(rows[0].id)).await.unwrap().len(), 1);
    assert_eq!(
        s.get_problem(rows[0].id)
            .await
            .unwrap()
            .unwrap()
            .escalations
            .len(),
        1
    );
    let o = CalendarOverride {
        date: d("2027-01-01"),
        is_workday: false,
        name: "元旦".into(),
    };
    s.add_calendar_override(&o, "admin").await.unwrap();
    s.add_calendar_override(
        &CalendarOverride {
            name: "元旦节".into(),
            ..o.clone()
        },
        "admin",
    )
    .await
    .unwrap();
    let all = s.calendar_overrides().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name, "元旦节");
    assert!(audit::verify(
        &s.audit_events(None).await.unwrap(),
        &s.ledger_snapshots().await.unwrap()
    )
    .is_ok());
}

/// Carries a problem through the whole sign-off procedure.
/// Takes a problem through the whole procedure to 已销号 (March 2026).
pub async fn sign_off<S: Store + ?Sized>(s: &Arc<S>, id: i64) {
    ready(s, id).await;
    for (step, today) in [
        (SignoffStep::SelfCheck, "2026-03-02"),
        (SignoffStep::Review, "2026-03-03"),
    ] {
        s.apply_signoff(&signoff(id, step, Decision::Approve, today))
            .await
            .unwrap();
    }
    let mut n = signoff(
        id,
        SignoffStep::PublicNotice,
        Decision::Approve,
        "2026-03-04",
    );
    n.notice = Some((d("2026-03-04"), d("2026-03-11")));
    s.apply_signoff(&n).await.unwrap();
    for (step, today) in [
        (SignoffStep::Verify, "2026-03-12"),
        (SignoffStep::File, "2026-03-13"),
    ] {
        s.apply_signoff(&signoff(id, step, Decision::Approve, today))
            .await
            .unwrap();
    }
}

fn sha_of(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

fn new_attachment(problem_id: i64, sha256: &str, kind: &str) -> NewAttachment {
    NewAttachment {
        problem_id,
        report_id: None,
        sha256: sha256.into(),
        size: 2048,
        content_type: "image/jpeg".into(),
        file_name: "整改后现场照片.jpg".into(),
        kind: kind.into(),
        uploaded_by: "unit-gx".into(),
        uploaded_at: Utc::now(),
        public: false,
    }
}

async fn verify_ok(s: &Arc<impl Store>) {
    let r = audit::verify(
        &s.audit_events(None).await.unwrap(),
        &s.ledger_snapshots().await.unwrap(),
    );
    assert!(r.is_ok(), "{r:?}");
}

pub async fn attachments_recorded_with_audit(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let (p1, p2) = (rows[1].id, rows[0].id);
    let sha = sha_of("photo-1");
    let a = s
        .add_attachment(&new_attachment(p1, &sha, "photo"))
        .await
        .unwrap();
    assert_eq!(
        (a.problem_id, a.sha256.as_str(), a.size, a.kind.as_str()),
        (p1, sha.as_str(), 2048, "photo")
    );
    assert_eq!(a.file_name, "整改后现场照片.jpg");
    assert_eq!(a.content_type, "image/jpeg");
    // The same file supports another problem: one blob, two attachments.
    let b = s
        .add_attachment(&NewAttachment {
            file_name: "验收意见.pdf".into(),
            kind: "acceptance".into(),
            ..new_attachment(p2, &sha, "acceptance")
        })
        .await
        .unwrap();
    assert_ne!(a.id, b.id);
    let by_sha = s.attachments_by_sha(&sha).await.unwrap();
    assert_eq!(
        by_sha.iter().map(|x| x.problem_id).collect::<Vec<_>>(),
        vec![p1, p2]
    );
    assert!(s
        .attachments_by_sha(&sha_of("none"))
        .await
        .unwrap()
        .is_empty());
    // Evidence for a progress report of the same problem.
    let report = s
        .submit_progress(&NewProgressReport {
            problem_id: p1,
            period: "2026-02".into(),
            percent: 40,
            text: "完成围挡".into(),
            measure_status: vec![],
            submitted_by: "unit-gx".into(),
            submitted_at: Utc::now(),
        })
        .await
        .unwrap();
    let c = s
        .add_attachment(&NewAttachment {
            report_id: Some(report.id),
            ..new_attachment(p1, &sha_of("monitoring"), "monitoring")
        })
        .await
        .unwrap();
    assert_eq!(c.report_id, Some(report.id));
    let list = s.list_attachments(p1).await.unwrap();
    assert_eq!(
        list.iter().map(|x| x.id).collect::<Vec<_>>(),
        vec![a.id, c.id]
    );
    let detail = s.get_problem(p1).await.unwrap().unwrap();
    assert_eq!(detail.attachments, list);
    assert!(s
        .get_problem(rows[3].id)
        .await
        .unwrap()
        .unwrap()
        .attachments
        .is_empty());
    // The audit event names the file by its hash.
    let events = s.audit_events(Some(("attachment", a.id))).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].action, "attachment.add");
    assert_eq!(events[0].actor, "unit-gx");
    assert_eq!(events[0].after.as_ref().unwrap()["sha256"], sha.as_str());
    assert_eq!(events[0].after.as_ref().unwrap()["problem_id"], p1);
    verify_ok(&s).await;
}

pub async fn attachment_rules(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let p = rows[1].id;
    let sha = sha_of("photo-2");
    s.add_attachment(&new_attachment(p, &sha, "photo"))
        .await
        .unwrap();
    let before = s.audit_events(None).await.unwrap().len();
    // Attached twice to the same problem: a conflict.
    assert!(matches!(
        s.add_attachment(&new_attachment(p, &sha, "other")).await,
        Err(StoreError::Conflict(_))
    ));
    // The same hash with another size cannot be the same file.
    assert!(matches!(
        s.add_attachment(&NewAttachment {
            size: 1,
            ..new_attachment(rows[0].id, &sha, "photo")
        })
        .await,
        Err(StoreError::Conflict(_))
    ));
    for (bad, what) in [
        (new_attachment(p, &sha_of("x"), "selfie"), "kind"),
        (new_attachment(p, "../../etc/passwd", "photo"), "sha"),
        (
            new_attachment(p, &sha.to_uppercase(), "photo"),
            "upper-case sha",
        ),
        (
            NewAttachment {
                file_name: "  ".into(),
                ..new_attachment(p, &sha_of("y"), "photo")
            },
            "empty name",
        ),
        (
            NewAttachment {
                file_name: "a\nb.jpg".into(),
                ..new_attachment(p, &sha_of("y"), "photo")
            },
            "control character",
        ),
        (
            NewAttachment {
                size: 0,
                ..new_attachment(p, &sha_of("y"), "photo")
            },
            "size",
        ),
    ] {
        assert!(
            matches!(s.add_attachment(&bad).await, Err(StoreError::Invalid(m)) if !m.is_empty()),
            "{what}"
        );
    }
    assert!(matches!(
        s.add_attachment(&new_attachment(999_999, &sha_of("z"), "photo"))
            .await,
        Err(StoreError::NotFound(_))
    ));
    // A report of another problem is refused.
    let other = s
        .submit_progress(&NewProgressReport {
            problem_id: rows[3].id,
            period: "2026-02".into(),
            percent: 10,
            text: "启动".into(),
            measure_status: vec![],
            submitted_by: "u".into(),
            submitted_at: Utc::now(),
        })
        .await
        .unwrap();
    assert!(matches!(
        s.add_attachment(&NewAttachment {
            report_id: Some(other.id),
            ..new_attachment(p, &sha_of("w"), "photo")
        })
        .await,
        Err(StoreError::Invalid(_))
    ));
    // Refusals wrote nothing but the report above.
    assert_eq!(s.audit_events(None).await.unwrap().len(), before + 2);
    assert_eq!(s.list_attachments(p).await.unwrap().len(), 1);
    assert!(s.attachments_by_sha(&sha_of("z")).await.unwrap().is_empty());
    verify_ok(&s).await;
}

pub async fn lookback_selection_and_confirmation(s: Arc<impl Store>) {
    let (plan_id, rows) = imported(&s).await;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    // Nothing is signed off yet: nothing to look back at.
    assert!(matches!(
        s.create_lookback("空", None, &LookbackSelection::Plan { plan_id }, "office")
            .await,
        Err(StoreError::Invalid(_))
    ));
    for id in [ids[0], ids[2], ids[3]] {
        sign_off(&s, id).await;
    }
    assert!(matches!(
        s.create_lookback(
            "含未销号",
            None,
            &LookbackSelection::Problems {
                ids: vec![ids[0], ids[1]]
            },
            "office"
        )
        .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(s
        .create_lookback(" ", None, &LookbackSelection::Plan { plan_id }, "office")
        .await
        .is_err());
    let before = s.audit_events(None).await.unwrap().len();
    let c = s
        .create_lookback(
            "2026年整改回头看",
            Some("对已销号问题全面复核"),
            &LookbackSelection::Plan { plan_id },
            "office",
        )
        .await
        .unwrap();
    // One event for the campaign, one per selected problem.
    assert_eq!(s.audit_events(None).await.unwrap().len(), before + 4);
    assert_eq!(c.campaign.name, "2026年整改回头看");
    assert_eq!(c.campaign.note.as_deref(), Some("对已销号问题全面复核"));
    assert_eq!(c.campaign.created_by, "office");
    assert_eq!(
        (
            c.campaign.total,
            c.campaign.pending,
            c.campaign.confirmed,
            c.campaign.rebound
        ),
        (3, 3, 0, 0)
    );
    assert_eq!(
        c.items.iter().map(|i| i.problem_id).collect::<Vec<_>>(),
        vec![ids[0], ids[2], ids[3]]
    );
    assert!(c.items.iter().all(|i| i.result == "pending"
        && i.problem_status == Status::SignedOff
        && i.checked_by.is_none()));
    assert_eq!(c.items[0].number_text, "（一）");

    // Samples are deterministic.
    let sample = LookbackSelection::Percent {
        plan_id: None,
        percent: 50,
        seed: 2026,
    };
    let a = s
        .create_lookback("抽查甲", None, &sample, "office")
        .await
        .unwrap();
    let b = s
        .create_lookback("抽查乙", None, &sample, "office")
        .await
        .unwrap();
    let pick = |d: &LookbackDetail| d.items.iter().map(|i| i.problem_id).collect::<Vec<_>>();
    assert_eq!(a.items.len(), 2, "50% of 3, rounded up");
    assert_eq!(pick(&a), pick(&b));
    let nth = s
        .create_lookback(
            "隔二抽一",
            None,
            &LookbackSelection::EveryNth {
                plan_id: Some(plan_id),
                n: 2,
                seed: 1,
            },
            "office",
        )
        .await
        .unwrap();
    assert_eq!(pick(&nth), vec![ids[2]]);

    // Confirmed: the problem stays signed off; a second result is refused.
    let item = s
        .record_lookback_result(
            c.campaign.id,
            ids[0],
            true,
            "现场复核，未发现反弹",
            "office",
        )
        .await
        .unwrap();
    assert_eq!(item.result, "confirmed");
    assert_eq!(item.checked_by.as_deref(), Some("office"));
    assert!(item.checked_at.is_some());
    assert_eq!(item.comment.as_deref(), Some("现场复核，未发现反弹"));
    assert_eq!(item.problem_status, Status::SignedOff);
    assert!(matches!(
        s.record_lookback_result(c.campaign.id, ids[0], false, "又反弹了", "office")
            .await,
        Err(StoreError::Conflict(_))
    ));
    // A problem outside the campaign, or a campaign that does not exist.
    assert!(matches!(
        s.record_lookback_result(c.campaign.id, ids[1], true, "", "office")
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        s.record_lookback_result(999_999, ids[0], true, "", "office")
            .await,
        Err(StoreError::NotFound(_))
    ));
    // A confirmation may have no comment.
    let quiet = s
        .record_lookback_result(c.campaign.id, ids[3], true, " ", "supervisor")
        .await
        .unwrap();
    assert_eq!(quiet.comment, None);
    let events = s.audit_events(None).await.unwrap();
    assert!(events
        .iter()
        .any(|e| e.action == "lookback.confirm" && e.entity == "lookback_item"));

    let all = s.list_lookbacks().await.unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[0].id, nth.campaign.id, "newest first");
    let c_now = all.iter().find(|l| l.id == c.campaign.id).unwrap();
    assert_eq!(
        (c_now.total, c_now.pending, c_now.confirmed, c_now.rebound),
        (3, 1, 2, 0)
    );
    assert!(s.get_lookback(999_999).await.unwrap().is_none());
    verify_ok(&s).await;
}

pub async fn lookback_rebound_reopens(s: Arc<impl Store>) {
    let (_, rows) = imported(&s).await;
    let (p, q) = (rows[2].id, rows[3].id);
    sign_off(&s, p).await;
    sign_off(&s, q).await;
    let c = s
        .create_lookback(
            "黑臭水体回头看",
            None,
            &LookbackSelection::Problems { ids: vec![p, q] },
            "office",
        )
        .await
        .unwrap();
    // A rebound needs its reason, and a refused request writes nothing.
    let before = s.audit_events(None).await.unwrap().len();
    assert!(matches!(
        s.record_lookback_result(c.campaign.id, p, false, "  ", "office")
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(s.audit_events(None).await.unwrap().len(), before);
    let item = s
        .record_lookback_result(c.campaign.id, p, false, "回头看发现水体返黑返臭", "office")
        .await
        .unwrap();
    assert_eq!(item.result, "rebound");
    assert_eq!(item.problem_status, Status::InProgress);
    // The problem is reopened in the same transaction, its history kept.
    let detail = s.get_problem(p).await.unwrap().unwrap();
    assert_eq!(detail.row.status, Status::InProgress);
    assert_eq!(detail.signoffs.len(), 5);
    assert!(
        s.warning_inputs(None)
            .await
            .unwrap()
            .iter()
            .find(|i| i.problem_id == p)
            .unwrap()
            .reopened
    );
    let notes = s.audit_events(Some(("problem_note", p))).await.unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].action, "problem.lookback_reopen");
    let note = notes[0].after.as_ref().unwrap();
    assert_eq!(note["reason"], "回头看发现水体返黑返臭");
    assert_eq!(note["lookback"], "黑臭水体回头看");
    let history = s.audit_events(Some(("problem", p))).await.unwrap();
    assert_eq!(
        history.last().unwrap().after.as_ref().unwrap()["reopened"],
        true
    );
    // Events of one write share one transaction: item, note, problem in a row.
    let all = s.audit_events(None).await.unwrap();
    let tail: Vec<_> = all[all.len() - 3..]
        .iter()
        .map(|e| e.entity.as_str())
        .collect();
    assert_eq!(tail, vec!["lookback_item", "problem_note", "problem"]);
    assert_eq!(all[all.len() - 3].at, all[all.len() - 1].at);

    // Reopened outside the campaign: a pending item can no longer be confirmed.
    s.reopen_problem(q, "群众举报反弹", "office", None, None)
        .await
        .unwrap();
    assert!(matches!(
        s.record_lookback_result(c.campaign.id, q, true, "", "office")
            .await,
        Err(StoreError::Conflict(_))
    ));
    let d = s.get_lookback(c.campaign.id).await.unwrap().unwrap();
    assert_eq!((d.campaign.rebound, d.campaign.pending), (1, 1));
    assert_eq!(
        d.items[0].comment.as_deref(),
        Some("回头看发现水体返黑返臭")
    );
    // A reopened problem is no longer a candidate for a new campaign.
    assert!(s
        .create_lookback(
            "再查",
            None,
            &LookbackSelection::Problems { ids: vec![p] },
            "office"
        )
        .await
        .is_err());
    verify_ok(&s).await;
}

pub async fn plan_meta_sets_the_start(s: Arc<impl Store>) {
    let mut plan = sample_plan();
    plan.meta = PlanMeta::from_text(
        "2018年6月21日至7月11日，湖南省第一环境保护督察组进驻我市，9月11日反馈了督察意见。",
    );
    let r = s.import_plan(&plan, "t").await.unwrap();
    let first = s
        .list_problems(&ProblemFilter {
            plan_id: Some(r.plan_id),
            per_page: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .items[0]
        .id;
    // No issue date: the start is the inspection's feedback date.
    assert_eq!(
        s.get_problem(first).await.unwrap().unwrap().plan_issue_date,
        Some(d("2018-09-11"))
    );
    plan.meta.issue_date = Some(d("2019-01-14"));
    s.import_plan(&plan, "t").await.unwrap();
    assert_eq!(
        s.get_problem(first).await.unwrap().unwrap().plan_issue_date,
        Some(d("2019-01-14"))
    );
    let inputs = s.warning_inputs(None).await.unwrap();
    assert!(inputs.iter().all(|i| i.start == Some(d("2019-01-14"))));
    // A second plan of the same inspection shares its record; the trail still verifies.
    let mut district = sample_plan();
    district.title = "测试区整改方案".into();
    district.meta = plan.meta.clone();
    s.import_plan(&district, "t").await.unwrap();
    assert!(audit::verify(
        &s.audit_events(None).await.unwrap(),
        &s.ledger_snapshots().await.unwrap()
    )
    .is_ok());
}

pub async fn renamed_units_keep_their_old_names(s: Arc<impl Store>) {
    let mut plan = sample_plan();
    plan.problems[0].units[1].name = "市环境保护局".into();
    s.import_plan(&plan, "t").await.unwrap();
    let u = s
        .rename_unit("市环境保护局", "市生态环境局", "admin")
        .await
        .unwrap();
    assert_eq!(u.name, "市生态环境局");
    // Both names now find the same unit, and the ledger filter by either name agrees.
    assert_eq!(s.find_unit("市环境保护局").await.unwrap().unwrap().id, u.id);
    assert_eq!(s.find_unit("市生态环境局").await.unwrap().unwrap().id, u.id);
    let by = |n: &str| {
        let s = s.clone();
        let n = n.to_string();
        async move {
            s.list_problems(&ProblemFilter {
                unit: Some(n),
                per_page: 10,
                ..Default::default()
            })
            .await
            .unwrap()
            .total
        }
    };
    assert_eq!(by("市环境保护局").await, 1);
    assert_eq!(by("市生态环境局").await, 1);
    // A later plan that uses the new name attaches to the same unit.
    let mut later = sample_plan();
    later.title = "第二轮整改方案".into();
    later.problems[0].units[1].name = "市生态环境局".into();
    s.import_plan(&later, "t").await.unwrap();
    assert_eq!(by("市环境保护局").await, 2);
    // A rename into another unit's name is refused with a pointer to merging.
    assert_eq!(
        code(s.rename_unit("市住建局", "市生态环境局", "admin").await),
        Some(ErrorCode::UnitNameTaken)
    );
    assert!(matches!(
        s.rename_unit("不存在的局", "新局", "admin").await,
        Err(StoreError::NotFound(_))
    ));
}

pub async fn notice_length_is_set_per_plan(s: Arc<impl Store>) {
    let (plan_id, rows) = imported(&s).await;
    assert_eq!(
        s.get_problem(rows[0].id)
            .await
            .unwrap()
            .unwrap()
            .notice_workdays,
        5
    );
    s.set_notice_workdays(plan_id, 7, "office").await.unwrap();
    assert_eq!(
        s.get_problem(rows[0].id)
            .await
            .unwrap()
            .unwrap()
            .notice_workdays,
        7
    );
    assert!(matches!(
        s.set_notice_workdays(plan_id, 0, "office").await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.set_notice_workdays(9999, 5, "office").await,
        Err(StoreError::NotFound(_))
    ));
    assert!(audit::verify(
        &s.audit_events(None).await.unwrap(),
        &s.ledger_snapshots().await.unwrap()
    )
    .is_ok());
}
