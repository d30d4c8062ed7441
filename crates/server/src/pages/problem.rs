//! One problem: what the plan says, who is responsible, the reports over
//! time, schedule progress, warnings, escalations, the sign-off procedure
//! with the buttons this user may press, objections and the audit history.
//! Every form posts with the session's CSRF token and comes back here with
//! a flash message.

use super::ctx::{Base, Ctx, PageError};
use super::view::{self, json_for_script, RowView};
use crate::api::{available_actions, problem_for};
use crate::policy::Action;
use crate::workflow;
use askama::Template;
use axum::extract::Path;
use axum::response::Response;

use rectify_domain::schedule::ScheduleVerdict;
use rectify_domain::signoff::{check_completion, SignoffFacts};
use rectify_domain::{Decision, ReportPeriod, SignoffStep, Status};
use rectify_store::{ProblemDetail, ESCALATION_KINDS};
use serde_json::json;

pub struct MilestoneView {
    pub date: String,
    pub text: String,
    pub passed: bool,
}

pub struct MeasureView {
    pub seq: u32,
    pub text: String,
    pub status: String,
    pub deadline: String,
    pub units: String,
}

pub struct ScheduleView {
    pub label: String,
    pub class: &'static str,
    pub expected: Option<i64>,
    pub reported: Option<i64>,
    pub gap: String,
    pub next: String,
}

pub struct ReportView {
    pub id: i64,
    pub period: String,
    pub percent: i64,
    pub text: String,
    pub by: String,
    pub at: String,
    pub status: String,
    pub status_label: &'static str,
    pub comment: String,
    pub reviewable: bool,
}

pub struct WarnView {
    pub level: String,
    pub level_label: &'static str,
    pub code_label: &'static str,
    pub message: String,
    pub raised: String,
    pub status_label: &'static str,
}

pub struct EscView {
    pub kind: &'static str,
    pub date: String,
    pub doc: String,
    pub note: String,
    pub unit: String,
    pub by: String,
}

pub struct StepView {
    pub label: &'static str,
    pub state: &'static str,
}

pub struct SignoffView {
    pub step: &'static str,
    pub approved: bool,
    pub comment: String,
    pub actor: String,
    pub at: String,
    pub notice: String,
}

pub struct ObjView {
    pub id: i64,
    pub text: String,
    pub contact: String,
    pub at: String,
    pub open: bool,
    pub spam: bool,
    pub reference: String,
    pub resolution: String,
    pub by: String,
}

pub struct HistView {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: &'static str,
    pub changes: String,
}

pub struct SignoffAction {
    pub step: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    /// What the step decides on (the completion gate, the final report).
    pub facts: String,
    pub ready: bool,
    /// Files may be sent with this step.
    pub files: bool,
}

/// The line above a step's form: for 自查自验 the completion criteria and
/// where the problem stands; for 初审 the final report and the evidence.
fn step_facts(step: SignoffStep, f: &SignoffFacts, d: &ProblemDetail) -> (String, bool) {
    let accepted = f
        .accepted_percent
        .map_or("无".to_string(), |p| format!("{p}%"));
    let live = d.attachments.iter().filter(|a| a.removed_at.is_none());
    let (n, public) = live.fold((0, 0), |(n, p), a| (n + 1, p + usize::from(a.public)));
    match step {
        SignoffStep::SelfCheck => (
            format!(
                "自查自验条件：经整改办采纳的进展须达到 {}%（或全部措施已完成），现为 {}；佐证材料须至少 {} 份，现有 {} 份。",
                f.criteria.min_percent, accepted, f.criteria.min_evidence, f.evidence
            ),
            check_completion(f).is_ok(),
        ),
        SignoffStep::Review => {
            let last = d.reports.iter().rev().find(|r| r.status == "accepted");
            let text = last.map_or("尚无采纳的进展报告".to_string(), |r| {
                format!("最终进展（{}，{}%）：{}", r.period, r.percent, r.text)
            });
            (
                format!("{text}；佐证材料 {n} 份（公开 {public} 份），见上方“佐证材料”。"),
                last.is_some() && n > 0,
            )
        }
        _ => (String::new(), true),
    }
}

#[derive(Template)]
#[template(path = "problem.html")]
struct ProblemPage {
    b: Base,
    id: i64,
    row: RowView,
    plan_title: String,
    plan_id: i64,
    target: String,
    deadline_text: String,
    milestones: Vec<MilestoneView>,
    units: Vec<(String, String)>,
    persons: String,
    liaisons: String,
    source_lines: String,
    measures: Vec<MeasureView>,
    schedule: Option<ScheduleView>,
    reports: Vec<ReportView>,
    chart_json: String,
    warnings: Vec<WarnView>,
    escalations: Vec<EscView>,
    steps: Vec<StepView>,
    signoffs: Vec<SignoffView>,
    notice: String,
    objections: Vec<ObjView>,
    history: Vec<HistView>,
    can_progress: bool,
    can_escalate: bool,
    can_resolve: bool,
    can_reopen: bool,
    can_attach: bool,
    evidence: Vec<evidence::EvidenceView>,
    evidence_kinds: &'static [(&'static str, &'static str)],
    /// May set the plan's 公示 notice wording and contacts.
    can_notice_settings: bool,
    signoff_actions: Vec<SignoffAction>,
    escalation_kinds: Vec<(&'static str, &'static str)>,
    default_period: String,
    default_percent: String,
    /// The text of a refused report, shown again.
    draft_text: String,
}

fn steps_done(s: Status) -> usize {
    match s {
        Status::NotStarted | Status::InProgress => 0,
        Status::SelfChecked => 1,
        Status::Reviewed => 2,
        Status::InPublicNotice => 3,
        Status::Verifying => 4,
        Status::SignedOff => 5,
    }
}

fn step_hint(step: SignoffStep) -> &'static str {
    match step {
        SignoffStep::SelfCheck => "责任单位确认整改任务已完成，提交自查自验结论。",
        SignoffStep::Review => "整改办对自查材料进行初审。",
        SignoffStep::PublicNotice => {
            "通过后在门户网站公示，公示期为5个工作日，期间公众可提出异议。"
        }
        SignoffStep::Verify => "公示期满且无未办结异议后，由督导单位或整改办核查验收。",
        SignoffStep::File => "核查通过后备案，问题即销号。",
    }
}

/// The audit events of the problem and of its reports, sign-off steps,
/// objections and escalations, in order.
async fn history(ctx: &Ctx, d: &ProblemDetail) -> Result<Vec<HistView>, PageError> {
    let store = &ctx.state.store;
    let mut events = store.audit_events(Some(("problem", d.row.id))).await?;
    for r in &d.reports {
        events.extend(store.audit_events(Some(("report", r.id))).await?);
    }
    for s in &d.signoffs {
        events.extend(store.audit_events(Some(("signoff", s.id))).await?);
    }
    for o in &d.objections {
        events.extend(store.audit_events(Some(("objection", o.id))).await?);
    }
    for e in &d.escalations {
        events.extend(store.audit_events(Some(("escalation", e.id))).await?);
    }
    // Corrections carry the reason and each field before and after.
    for c in store.corrections(d.row.plan_id).await? {
        if c.entity == "problem" && c.entity_id == d.row.id {
            events.extend(store.audit_events(Some(("correction", c.id))).await?);
        }
    }
    events.sort_by_key(|e| e.seq);
    events.dedup_by_key(|e| e.seq);
    if let Some(cu) = &ctx.user {
        rectify_app::commands::redact_history(&cu.user, &mut events);
    }
    Ok(events
        .iter()
        .rev()
        .map(|e| HistView {
            seq: e.seq,
            at: view::datetime_str(&e.at),
            actor: e.actor.clone(),
            action: view::audit_action_label(&e.action),
            changes: view::changed_fields(e.before.as_ref(), e.after.as_ref()),
        })
        .collect())
}

pub async fn page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let id = super::ctx::parse_id(&id)?;
    render_page(&ctx, id, None).await
}

/// A progress report the server refused, shown again in the form with the
/// reason, so nothing the user typed is lost.
struct ProgressDraft {
    period: String,
    percent: String,
    text: String,
    error: PageError,
}

async fn render_page(
    ctx: &Ctx,
    id: i64,
    draft: Option<ProgressDraft>,
) -> Result<Response, PageError> {
    let cu = ctx.staff()?;
    let d = problem_for(&ctx.state, &cu.user, id, Action::Read).await?;
    let today = ctx.state.today();
    let actions = available_actions(&cu.user, &d);
    let has = |a: &str| actions.contains(&a);
    let row = RowView::from_row(&d.row, today);

    let latest_measures: Vec<(i64, String)> = d
        .reports
        .iter()
        .rev()
        .find(|r| !r.measure_status.is_empty())
        .map(|r| r.measure_status.clone())
        .unwrap_or_default();
    let measures = d
        .measures
        .iter()
        .map(|m| MeasureView {
            seq: m.seq,
            text: m.text.clone(),
            status: latest_measures
                .iter()
                .find(|(s, _)| *s == i64::from(m.seq))
                .map(|(_, t)| t.clone())
                .unwrap_or_default(),
            deadline: m
                .deadline
                .as_ref()
                .map(|d| d.text.clone())
                .unwrap_or_default(),
            units: m
                .units
                .iter()
                .map(|u| u.name.as_str())
                .collect::<Vec<_>>()
                .join("、"),
        })
        .collect();

    let schedule = workflow::schedule_of(&ctx.state, &d).map(|s| ScheduleView {
        label: s.label_zh.clone(),
        class: match s.verdict {
            ScheduleVerdict::Behind => "sched-behind",
            ScheduleVerdict::Ahead => "sched-ahead",
            ScheduleVerdict::OnSchedule => "sched-ok",
            ScheduleVerdict::NotAssessed => "sched-none",
        },
        expected: s
            .expected_percent
            .map(|p| p.round().clamp(0.0, 100.0) as i64),
        reported: s
            .reported_percent
            .map(|p| p.round().clamp(0.0, 100.0) as i64),
        gap: s
            .gap_points
            .map(|g| {
                if g > 0.0 {
                    format!("落后 {g:.1} 个百分点")
                } else {
                    format!("超前 {:.1} 个百分点", -g)
                }
            })
            .unwrap_or_default(),
        next: s
            .next_checkpoint
            .as_ref()
            .map(|c| {
                format!(
                    "{}：{}（应完成 {:.0}%）",
                    view::date(c.date),
                    c.text,
                    c.percent
                )
            })
            .unwrap_or_default(),
    });

    let reports: Vec<ReportView> = d
        .reports
        .iter()
        .rev()
        .map(|r| ReportView {
            id: r.id,
            period: r.period.clone(),
            percent: r.percent,
            text: r.text.clone(),
            by: r.submitted_by.clone(),
            at: view::datetime(r.submitted_at),
            status: r.status.clone(),
            status_label: view::report_status_label(&r.status),
            comment: r.review_comment.clone().unwrap_or_default(),
            reviewable: has("review_report") && r.status == "submitted",
        })
        .collect();
    let mut points: Vec<(String, i64)> = vec![];
    for r in &d.reports {
        match points.iter_mut().find(|(p, _)| *p == r.period) {
            Some(p) => p.1 = r.percent,
            None => points.push((r.period.clone(), r.percent)),
        }
    }
    points.sort();
    let chart = json!({
        "periods": points.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        "percents": points.iter().map(|(_, v)| v).collect::<Vec<_>>(),
        "expected": workflow::schedule_of(&ctx.state, &d).and_then(|s| s.expected_percent),
    });

    let warnings = d
        .warnings
        .iter()
        .filter(|w| w.status != "resolved")
        .map(|w| WarnView {
            level: w.level.clone(),
            level_label: view::level_label(&w.level),
            code_label: view::warning_code_label(&w.code),
            message: w.message.clone(),
            raised: view::datetime(w.raised_at),
            status_label: match w.status.as_str() {
                "acknowledged" => "已知悉",
                _ => "未处理",
            },
        })
        .collect();
    let escalations = d
        .escalations
        .iter()
        .map(|e| EscView {
            kind: view::escalation_label(&e.kind),
            date: view::date(e.date),
            doc: e.doc_number.clone().unwrap_or_default(),
            note: e.note.clone().unwrap_or_default(),
            unit: e.unit_name.clone().unwrap_or_default(),
            by: e.created_by.clone(),
        })
        .collect();

    let n = steps_done(d.row.status);
    let steps = SignoffStep::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| StepView {
            label: s.label_zh(),
            state: if i < n {
                "done"
            } else if i == n {
                "current"
            } else {
                "todo"
            },
        })
        .collect();
    let signoffs = d
        .signoffs
        .iter()
        .map(|s| SignoffView {
            step: s.step.label_zh(),
            approved: s.decision == Decision::Approve,
            comment: s.comment.clone(),
            actor: s.actor.clone(),
            at: view::datetime(s.at),
            notice: match (s.notice_start, s.notice_end) {
                (Some(a), Some(b)) => format!("{} 至 {}", view::date(a), view::date(b)),
                _ => String::new(),
            },
        })
        .collect();
    let notice = if d.row.status == Status::InPublicNotice {
        d.current_notice()
            .and_then(|n| Some((n.notice_start?, n.notice_end?)))
            .map(|(a, b)| format!("{} 至 {}", view::date(a), view::date(b)))
            .unwrap_or_default()
    } else {
        String::new()
    };
    let objections = d
        .objections
        .iter()
        .map(|o| ObjView {
            id: o.id,
            text: o.text.clone(),
            contact: o.contact.clone().unwrap_or_default(),
            at: view::datetime(o.created_at),
            open: o.status == "open",
            spam: o.status == "spam",
            reference: o.reference.clone().unwrap_or_default(),
            resolution: o.resolution.clone().unwrap_or_default(),
            by: o.resolved_by.clone().unwrap_or_default(),
        })
        .collect();
    let steps_here: Vec<SignoffStep> = SignoffStep::ALL
        .into_iter()
        .filter(|s| has(s.as_str()))
        .collect();
    // The gate's facts are read only when this user has a step to take here.
    let facts = if steps_here.is_empty() {
        SignoffFacts::new(d.row.status)
    } else {
        ctx.state.store.signoff_facts(id).await?
    };
    let signoff_actions = steps_here
        .iter()
        .map(|s| {
            let (facts, ready) = step_facts(*s, &facts, &d);
            SignoffAction {
                step: s.as_str(),
                label: s.label_zh(),
                hint: step_hint(*s),
                facts,
                ready,
                files: matches!(
                    s,
                    SignoffStep::SelfCheck | SignoffStep::Review | SignoffStep::Verify
                ) && has("attach_evidence"),
            }
        })
        .collect();
    let escalation_kinds = ESCALATION_KINDS
        .iter()
        .copied()
        .filter(|(k, _)| crate::policy::may_escalate_kind(&cu.user, k))
        .collect();
    let this = ReportPeriod::of(today);
    let page = ProblemPage {
        b: ctx.base(
            &format!("{} {}", view::plan_short(&d.row.plan_title), row.seq_label),
            "ledger",
        ),
        id,
        plan_title: d.row.plan_title.clone(),
        plan_id: d.row.plan_id,
        target: d.row.target.clone().unwrap_or_default(),
        deadline_text: d.row.deadline.text.clone(),
        milestones: d
            .row
            .deadline
            .milestones
            .iter()
            .map(|m| MilestoneView {
                date: view::date(m.due),
                text: m.text.clone(),
                passed: m.due < today,
            })
            .collect(),
        units: view::units_by_role(&d.row.units),
        persons: d
            .responsible_persons
            .iter()
            .map(|p| match &p.title {
                Some(t) if !t.is_empty() => format!("{}（{}）", p.name, t),
                _ => p.name.clone(),
            })
            .collect::<Vec<_>>()
            .join("、"),
        liaisons: d
            .liaisons
            .iter()
            .map(|p| match &p.note {
                Some(t) if !t.is_empty() => format!("{}（{}）", p.name, t),
                _ => p.name.clone(),
            })
            .collect::<Vec<_>>()
            .join("、"),
        source_lines: match (d.source_first_line, d.source_last_line) {
            (Some(a), Some(b)) => format!("原文第 {a}–{b} 行"),
            _ => String::new(),
        },
        measures,
        schedule,
        reports,
        chart_json: json_for_script(&chart),
        warnings,
        escalations,
        steps,
        signoffs,
        notice,
        objections,
        history: history(ctx, &d).await?,
        can_progress: has("progress"),
        can_escalate: has("escalate"),
        can_resolve: has("resolve_objection"),
        can_reopen: has("reopen"),
        can_attach: has("attach_evidence"),
        evidence: evidence::views(&d),
        evidence_kinds: &rectify_store::ATTACHMENT_KINDS,
        can_notice_settings: crate::policy::allowed_global(
            &cu.user,
            crate::policy::GlobalAction::ImportPlan,
        ),
        signoff_actions,
        escalation_kinds,
        default_period: match &draft {
            Some(f) => f.period.clone(),
            None => format!("{:04}-{:02}", this.year(), this.month()),
        },
        default_percent: match &draft {
            Some(f) => f.percent.clone(),
            None => d.row.latest_percent.unwrap_or(0).clamp(0, 100).to_string(),
        },
        draft_text: draft.as_ref().map(|f| f.text.clone()).unwrap_or_default(),
        row,
    };
    let mut page = page;
    if let Some(f) = draft {
        // Shown as a page (200) with the reason in the flash: a 4xx document
        // would be logged by the browser as a failed load.
        page.b.flash_err = Some(page.b.msg(&f.error.message_with_code()));
    }
    let res = ctx.render(&page);
    Ok(res)
}

mod evidence;
mod forms;
pub use evidence::change as change_evidence;
pub use forms::{escalate, progress, reopen, resolve_objection, review_report, signoff};
