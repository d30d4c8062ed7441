//! 挂图作战: the one screen for a dispatch meeting — counts and rates, charts
//! by category, unit and leader, a table by jurisdiction, the deadlines ahead
//! and the lists that need action today.

use super::ctx::{Base, Ctx, PageError};
use super::view::{self, json_for_script, plan_short, truncate};
use crate::policy::{self, GlobalAction};
use askama::Template;
use axum::response::Response;
use chrono::NaiveDate;
use rectify_domain::stats::GroupStats;
use rectify_domain::Status;
use rectify_store::ProblemRow;
use serde_json::json;
use std::collections::{HashMap, HashSet};

pub struct Card {
    pub label: &'static str,
    pub value: String,
    pub note: String,
    pub class: &'static str,
    pub href: String,
}

pub struct Item {
    pub href: String,
    pub label: String,
    pub text: String,
    pub meta: String,
    pub tag: String,
    pub tag_class: &'static str,
}

pub struct ActionList {
    pub id: &'static str,
    pub title: &'static str,
    pub total: usize,
    pub items: Vec<Item>,
    pub more_href: String,
    pub empty: &'static str,
}

pub struct JurRow {
    pub name: String,
    pub total: usize,
    pub done: usize,
    pub overdue: usize,
    pub share: String,
    pub heat: &'static str,
    pub href: String,
}

pub struct DueItem {
    pub date: String,
    pub days: i64,
    pub href: String,
    pub label: String,
    pub text: String,
    pub units: String,
    pub kind: &'static str,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    b: Base,
    cards: Vec<Card>,
    total: usize,
    lists: Vec<ActionList>,
    jurisdictions: Vec<JurRow>,
    due30: Vec<DueItem>,
    due90: Vec<DueItem>,
    chart_json: String,
    period_label: String,
    /// 信访件 at a glance, for those who may read petitions.
    petition_cards: Vec<Card>,
}

const BUCKETS: [&str; 4] = ["已销号", "销号流程中", "整改推进中", "已超期"];

/// A chart of the biggest groups, coloured by the four buckets.
fn grouped(groups: &[GroupStats], top: usize) -> serde_json::Value {
    let mut v: Vec<(&str, [i64; 4])> = groups
        .iter()
        .map(|g| {
            (
                g.name.as_str(),
                [
                    g.signed_off,
                    g.in_signoff,
                    g.in_progress - g.in_signoff,
                    g.overdue,
                ],
            )
        })
        .collect();
    v.sort_by(|a, b| {
        b.1.iter()
            .sum::<i64>()
            .cmp(&a.1.iter().sum::<i64>())
            .then(b.1[3].cmp(&a.1[3]))
            .then(a.0.cmp(b.0))
    });
    v.truncate(top);
    // Horizontal bars draw bottom-up: the biggest goes last.
    v.reverse();
    let labels: Vec<&str> = v.iter().map(|(k, _)| *k).collect();
    let series: Vec<serde_json::Value> = BUCKETS
        .iter()
        .enumerate()
        .map(|(i, name)| json!({"name": name, "data": v.iter().map(|(_, c)| c[i]).collect::<Vec<_>>()}))
        .collect();
    json!({"labels": labels, "series": series})
}

fn item_for(r: &ProblemRow, meta: String, tag: String, tag_class: &'static str) -> Item {
    Item {
        href: format!("/problems/{}", r.id),
        label: format!("{} {}", plan_short(&r.plan_title), r.number_text.trim()),
        text: truncate(&r.description, 46),
        meta,
        tag,
        tag_class,
    }
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        "—".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / d as f64)
    }
}

pub async fn page(ctx: Ctx) -> Result<Response, PageError> {
    let cu = ctx.staff()?;
    let state = &ctx.state;
    let today = state.today();
    // The figures come from the one LedgerStats the monthly notice uses.
    let view = state.app.ledger_view(&cu.user).await?;
    let (rows, stats) = (view.rows, view.stats);
    let by_id: HashMap<i64, &ProblemRow> = rows.iter().map(|r| (r.id, r)).collect();
    let total = stats.all.total as usize;
    let count = |s: Status| stats.count(s) as usize;
    let done = stats.all.signed_off as usize;
    let overdue: Vec<&ProblemRow> = rows
        .iter()
        .filter(|r| r.deadline.is_overdue(today, r.status == Status::SignedOff))
        .collect();
    let in_signoff = stats.in_signoff as usize;
    let due_passed = stats.due_passed as usize;
    let due_passed_done = stats.due_passed_signed_off as usize;
    let red_orange = stats.red_orange as usize;
    let on_time = stats
        .all
        .on_time_rate()
        .map(|r| format!("{r:.1}%"))
        .unwrap_or_else(|| "—".into());
    let cards = vec![
        Card {
            label: "问题总数",
            value: total.to_string(),
            note: format!(
                "整改中 {} · 未启动 {}",
                count(Status::InProgress),
                count(Status::NotStarted)
            ),
            class: "card-total",
            href: "/problems".into(),
        },
        Card {
            label: "已销号",
            value: done.to_string(),
            note: format!("完成率 {}", pct(done, total)),
            class: "card-done",
            href: "/problems?status=signed_off".into(),
        },
        Card {
            label: "销号流程中",
            value: in_signoff.to_string(),
            note: format!("公示中 {}", count(Status::InPublicNotice)),
            class: "card-signoff",
            href: "/problems?sort=status".into(),
        },
        Card {
            label: "已超期",
            value: overdue.len().to_string(),
            note: format!("按期完成率 {on_time}"),
            class: "card-overdue",
            href: "/problems?overdue=true".into(),
        },
        Card {
            label: "红橙预警",
            value: red_orange.to_string(),
            note: "含红色、橙色预警的问题".into(),
            class: "card-warning",
            href: "/problems?warning=orange".into(),
        },
        Card {
            label: "到期完成率",
            value: pct(due_passed_done, due_passed),
            note: format!("已到期 {due_passed} 项中已销号 {due_passed_done} 项"),
            class: "card-rate",
            href: "/problems?due_to=".to_string() + &view::date(today),
        },
    ];

    // ---- charts -----------------------------------------------------------
    let status_data: Vec<serde_json::Value> = stats
        .by_status
        .iter()
        .map(|(s, n)| json!({"name": s.label_zh(), "value": n, "key": s.as_str()}))
        .filter(|v| v["value"].as_u64().unwrap_or(0) > 0)
        .collect();
    let category = grouped(&stats.per_category, 14);
    let unit = grouped(&stats.per_unit, 15);
    let leader = grouped(&stats.per_leader, 15);
    let work_units = |r: &ProblemRow| {
        let mut seen = HashSet::new();
        r.units
            .iter()
            .filter(|u| u.role.does_the_work())
            .map(|u| u.name.clone())
            .filter(|n| seen.insert(n.clone()))
            .collect::<Vec<_>>()
    };
    let charts = json!({
        "buckets": BUCKETS,
        "status": status_data,
        "category": category,
        "unit": unit,
        "leader": leader,
    });

    // ---- jurisdictions ----------------------------------------------------
    let plans = state.app.list_plans().await?;
    let jurisdictions: Vec<JurRow> = stats
        .per_jurisdiction
        .iter()
        .map(|g| {
            let (t, o) = (g.total as usize, g.overdue as usize);
            let share = if t == 0 { 0.0 } else { o as f64 / t as f64 };
            let plan_ids: Vec<i64> = plans
                .iter()
                .filter(|p| p.jurisdiction.as_deref() == Some(g.name.as_str()))
                .map(|p| p.id)
                .collect();
            JurRow {
                name: g.name.clone(),
                total: t,
                done: g.signed_off as usize,
                overdue: o,
                share: pct(o, t),
                heat: match share {
                    s if s >= 0.6 => "heat-4",
                    s if s >= 0.4 => "heat-3",
                    s if s >= 0.2 => "heat-2",
                    s if s > 0.0 => "heat-1",
                    _ => "heat-0",
                },
                href: match plan_ids.as_slice() {
                    [one] => format!("/problems?plan={one}"),
                    _ => "/problems".into(),
                },
            }
        })
        .collect();

    // ---- deadlines ahead --------------------------------------------------
    let mut due30 = vec![];
    let mut due90 = vec![];
    for r in rows.iter().filter(|r| r.status != Status::SignedOff) {
        let mut dates: Vec<(NaiveDate, &'static str)> = r
            .deadline
            .milestones
            .iter()
            .filter(|m| Some(m.due) != r.deadline.due)
            .map(|m| (m.due, "阶段节点"))
            .collect();
        if let Some(d) = r.deadline.due {
            dates.push((d, "整改时限"));
        }
        for (d, kind) in dates {
            let days = (d - today).num_days();
            if !(0..=90).contains(&days) {
                continue;
            }
            let it = DueItem {
                date: view::date(d),
                days,
                href: format!("/problems/{}", r.id),
                label: format!("{} {}", plan_short(&r.plan_title), r.number_text.trim()),
                text: truncate(&r.description, 40),
                units: truncate(&work_units(r).join("、"), 24),
                kind,
            };
            if days <= 30 {
                due30.push(it);
            } else {
                due90.push(it);
            }
        }
    }
    due30.sort_by(|a, b| a.date.cmp(&b.date));
    due90.sort_by(|a, b| a.date.cmp(&b.date));

    // ---- action lists -----------------------------------------------------
    let mut lists = vec![];
    let mut od = overdue.clone();
    od.sort_by_key(|r| (r.deadline.due, r.id));
    lists.push(ActionList {
        id: "overdue",
        title: "超期未完成",
        total: od.len(),
        items: od
            .iter()
            .take(8)
            .map(|r| {
                let days = r.deadline.due.map(|d| (today - d).num_days()).unwrap_or(0);
                item_for(
                    r,
                    format!("时限 {} · {}", r.deadline.text, r.status.label_zh()),
                    format!("超期{days}天"),
                    "tag-red",
                )
            })
            .collect(),
        more_href: "/problems?overdue=true&sort=due".into(),
        empty: "没有超期问题",
    });

    let visible: HashSet<i64> = rows.iter().map(|r| r.id).collect();
    let mut warns: Vec<_> = state
        .store
        .list_warnings(true)
        .await?
        .into_iter()
        .filter(|w| visible.contains(&w.problem_id) && matches!(w.level.as_str(), "red" | "orange"))
        .collect();
    warns.sort_by_key(|w| (w.level != "red", w.problem_id));
    lists.push(ActionList {
        id: "warnings",
        title: "红色、橙色预警",
        total: warns.len(),
        items: warns
            .iter()
            .take(8)
            .filter_map(|w| {
                let r = by_id.get(&w.problem_id)?;
                Some(item_for(
                    r,
                    w.message.clone(),
                    view::level_label(&w.level).to_string(),
                    if w.level == "red" {
                        "tag-red"
                    } else {
                        "tag-orange"
                    },
                ))
            })
            .collect(),
        more_href: "/problems?warning=orange&sort=warning".into(),
        empty: "没有红色或橙色预警",
    });

    // Reports: the period whose report date has passed must be in.
    let period = stats.report_period.clone();
    let missing: Vec<&ProblemRow> = stats
        .report_missing
        .iter()
        .filter_map(|id| by_id.get(id).copied())
        .collect();
    lists.push(ActionList {
        id: "missing",
        title: "未按期报送进展",
        total: missing.len(),
        items: missing
            .iter()
            .take(8)
            .map(|r| {
                item_for(
                    r,
                    format!(
                        "最近报送：{}",
                        r.latest_period.as_deref().unwrap_or("从未报送")
                    ),
                    "待报送".into(),
                    "tag-orange",
                )
            })
            .collect(),
        more_href: "/problems?sort=status".into(),
        empty: "各责任单位均已按期报送",
    });

    let mut notices = vec![];
    for r in rows.iter().filter(|r| r.status == Status::InPublicNotice) {
        if let Some(d) = state.store.get_problem(r.id).await? {
            let end = d.current_notice().and_then(|n| n.notice_end);
            notices.push((end, r));
        }
    }
    notices.sort_by_key(|(end, r)| (*end, r.id));
    lists.push(ActionList {
        id: "notices",
        title: "公示即将结束",
        total: notices.len(),
        items: notices
            .iter()
            .take(8)
            .map(|(end, r)| {
                let (meta, tag) = match end {
                    Some(e) => (
                        format!("公示截止 {}", view::date(*e)),
                        match (*e - today).num_days() {
                            d if d < 0 => "公示期满".to_string(),
                            0 => "今日截止".to_string(),
                            d => format!("剩{d}天"),
                        },
                    ),
                    None => ("公示中".into(), "公示中".into()),
                };
                item_for(r, meta, tag, "tag-blue")
            })
            .collect(),
        more_href: "/problems?status=in_public_notice".into(),
        empty: "当前没有公示中的问题",
    });

    if policy::allowed_global(&cu.user, GlobalAction::ReadObjections) {
        let objections: Vec<_> = state
            .app
            .list_open_objections(&cu.user)
            .await?
            .into_iter()
            .filter(|o| visible.contains(&o.problem_id))
            .collect();
        lists.push(ActionList {
            id: "objections",
            title: "待处理的公众异议",
            total: objections.len(),
            items: objections
                .iter()
                .take(8)
                .filter_map(|o| {
                    let r = by_id.get(&o.problem_id)?;
                    let mut it = item_for(
                        r,
                        format!(
                            "{} 收到：{}",
                            view::datetime(o.created_at),
                            truncate(&o.text, 40)
                        ),
                        "待处理".into(),
                        "tag-orange",
                    );
                    it.href = format!("/problems/{}#objections", r.id);
                    Some(it)
                })
                .collect(),
            more_href: "/problems?status=in_public_notice".into(),
            empty: "没有待处理的异议",
        });
    }

    let page = DashboardPage {
        b: ctx.base("挂图作战", "dashboard"),
        cards,
        total,
        lists,
        jurisdictions,
        due30,
        due90,
        chart_json: json_for_script(&charts),
        period_label: period,
        petition_cards: super::petition_office::dashboard_cards(&ctx, &cu.user).await,
    };
    Ok(ctx.render(&page))
}
