//! View models of the petition pages: rows, badges, the rebound box,
//! visits and files as the templates show them. Plain text; the templates
//! escape it.

use super::ctx::{Ctx, PageError};
use super::view::{self, truncate};
use crate::policy::{self, Action, PetitionAction};
use chrono::NaiveDate;
use rectify_domain::petition::{
    self, ClosureStandard, PetitionMeasures, PetitionStatus, Satisfaction, Verification,
};
use rectify_store::{PetitionAttachment, PetitionRowView, PetitionVisit};

/// An option of a select.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub fn status_class(s: &str) -> &'static str {
    match PetitionStatus::parse(s) {
        Some(PetitionStatus::Received) => "st-not-started",
        Some(PetitionStatus::Handling) => "st-in-progress",
        Some(PetitionStatus::Closed) => "st-done",
        None => "st-not-started",
    }
}

pub fn warning_label(code: &str) -> &'static str {
    match code {
        "rebound" => "反弹",
        "overdue" => "超期",
        "due_soon" => "即将到期",
        _ => "预警",
    }
}

/// One line of the petitions list.
pub struct PetRow {
    pub id: i64,
    pub code: String,
    pub batch: String,
    pub received: String,
    pub area: String,
    pub kind: String,
    pub summary: String,
    pub unit: String,
    pub due: String,
    /// `red` / `yellow` / "".
    pub warn_level: &'static str,
    pub warn_label: &'static str,
    pub status_label: &'static str,
    pub status_class: &'static str,
    pub verification: &'static str,
    pub satisfaction: &'static str,
    pub standard: &'static str,
}

impl PetRow {
    pub fn of(r: &PetitionRowView, today: NaiveDate) -> PetRow {
        let status = PetitionStatus::parse(&r.status).unwrap_or(PetitionStatus::Received);
        let warn = petition::warning(status, r.due_date, r.rebound, today);
        PetRow {
            id: r.id,
            code: r.code.clone(),
            batch: r.batch_name.clone().unwrap_or_default(),
            received: r.received_on.map(view::date).unwrap_or_default(),
            area: r.area.clone(),
            kind: r.kind.clone(),
            summary: truncate(&r.content, 60),
            unit: r.unit_name.clone().unwrap_or_default(),
            due: r.due_date.map(view::date).unwrap_or_default(),
            warn_level: warn.map_or("", |(l, _)| l.as_str()),
            warn_label: warn.map_or("", |(_, c)| warning_label(c)),
            status_label: status.label_zh(),
            status_class: status_class(&r.status),
            verification: r
                .verification
                .as_deref()
                .and_then(Verification::parse)
                .map_or("", Verification::label_zh),
            satisfaction: r
                .last_satisfaction
                .as_deref()
                .and_then(Satisfaction::parse)
                .map_or("", Satisfaction::label_zh),
            standard: r
                .closure_standard
                .as_deref()
                .and_then(ClosureStandard::parse)
                .map_or("", ClosureStandard::label_zh),
        }
    }
}

/// 「责令整改2家，立案处罚1家，罚款3.5万元……」, only what is not zero.
pub fn measures_text(m: &PetitionMeasures) -> String {
    let mut v = vec![];
    if m.ordered > 0 {
        v.push(format!("责令整改{}家", m.ordered));
    }
    if m.penalty_cases > 0 {
        v.push(format!("立案处罚{}家", m.penalty_cases));
    }
    if m.fines_wan > 0.0 {
        v.push(format!("罚款{}万元", m.fines_wan));
    }
    if m.detained > 0 {
        v.push(format!("拘留{}人", m.detained));
    }
    if m.interviewed > 0 {
        v.push(format!("约谈{}人", m.interviewed));
    }
    if m.accountable > 0 {
        v.push(format!("问责{}人", m.accountable));
    }
    v.join("，")
}

/// Why two texts were matched, as the pages show it.
pub struct WhyView {
    pub places: String,
    pub polluters: String,
    pub terms: String,
    pub kind: String,
    pub conflicts: String,
    pub score: String,
}

fn strings(v: &serde_json::Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(serde_json::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

impl WhyView {
    /// From an explanation as JSON (`rectify_petitions::Explanation`).
    pub fn of_json(e: &serde_json::Value) -> WhyView {
        WhyView::new(
            &strings(e, "shared_places"),
            &strings(e, "shared_polluters"),
            &strings(e, "shared_terms"),
            e.get("kind").and_then(serde_json::Value::as_str),
            &strings(e, "conflicts"),
            e.get("score")
                .and_then(serde_json::Value::as_f64)
                .unwrap_or(0.0),
        )
    }

    pub fn new(
        places: &[String],
        polluters: &[String],
        terms: &[String],
        kind: Option<&str>,
        conflicts: &[String],
        score: f64,
    ) -> WhyView {
        WhyView {
            places: places.join("、"),
            polluters: polluters.join("、"),
            terms: terms
                .iter()
                .take(12)
                .cloned()
                .collect::<Vec<_>>()
                .join("、"),
            kind: kind.unwrap_or_default().to_string(),
            conflicts: conflicts.join("；"),
            score: format!("{score:.2}"),
        }
    }
}

/// The red box of a petition that matches something closed.
pub struct ReboundView {
    /// 已销号问题 / 已办结信访件.
    pub kind_label: &'static str,
    pub label: String,
    pub text: String,
    pub href: String,
    pub why: WhyView,
}

pub async fn rebound_view(ctx: &Ctx, v: &serde_json::Value) -> Result<ReboundView, PageError> {
    let cu = ctx.staff()?;
    let closed_id = v
        .get("closed_id")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    let why = WhyView::of_json(v.get("explanation").unwrap_or(&serde_json::Value::Null));
    let (kind, key) = closed_id.split_once(':').unwrap_or(("", closed_id));
    let mut out = ReboundView {
        kind_label: "已办结事项",
        label: key.to_string(),
        text: String::new(),
        href: String::new(),
        why,
    };
    match kind {
        "problem" => {
            out.kind_label = "已销号问题";
            if let Ok(pid) = key.parse::<i64>() {
                out.href = format!("/problems/{pid}");
                if let Some(p) = ctx.state.store.get_problem(pid).await? {
                    out.label = format!(
                        "{} {}",
                        view::plan_short(&p.row.plan_title),
                        p.row.number_text.trim()
                    );
                    // The text only for those who may read the problem.
                    if policy::allowed(&cu.user, Action::Read, &p.row) {
                        out.text = truncate(&p.row.description, 200);
                    }
                }
            }
        }
        "petition" => {
            out.kind_label = "已办结信访件";
            if let Some(p) = ctx.state.store.petition_by_code(key).await? {
                out.href = format!("/petitions/{}", p.row.id);
                if policy::petition_allowed(&cu.user, PetitionAction::Read, p.row.unit_id) {
                    out.text = truncate(&p.row.content, 200);
                }
            }
        }
        _ => {}
    }
    Ok(out)
}

pub struct VisitView {
    pub on: String,
    pub by: String,
    pub satisfaction: &'static str,
    pub dissatisfied: bool,
    pub note: String,
    pub recorded: String,
}

impl VisitView {
    pub fn of(v: &PetitionVisit) -> VisitView {
        let s = Satisfaction::parse(&v.satisfaction);
        VisitView {
            on: view::date(v.visited_on),
            by: v.visited_by.clone(),
            satisfaction: s.map_or("—", Satisfaction::label_zh),
            dissatisfied: s == Some(Satisfaction::Dissatisfied),
            note: v.note.clone(),
            recorded: format!("{} {}", v.recorded_by, view::datetime(v.recorded_at)),
        }
    }
}

pub struct FileView {
    pub href: String,
    pub name: String,
    pub by: String,
    pub at: String,
}

impl FileView {
    pub fn of(petition_id: i64, a: &PetitionAttachment) -> FileView {
        FileView {
            href: format!("/petitions/{petition_id}/files/{}", a.id),
            name: a.file_name.clone(),
            by: a.uploaded_by.clone(),
            at: view::datetime(a.uploaded_at),
        }
    }
}
