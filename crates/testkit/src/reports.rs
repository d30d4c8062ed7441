//! Monthly progress reports (月调度) with an increasing percentage, some
//! submitted late, and their review; the sign-off stage each problem will
//! reach is drawn here, since it decides how the reports end.

use crate::dates::{month_day, month_index, period, utc_at, ym};
use crate::plans::ProblemRef;
use crate::signoffs::{stage, Stage};
use crate::text::pick;
use crate::Gen;
use anyhow::Result;
use chrono::Duration;
use rand::Rng;
use rectify_store::{NewProgressReport, ProgressReview};

/// The stage a problem reaches and how many months ago it was signed off.
pub(crate) type StagePlan = (Stage, i32);

/// Writes `per_problem` reports for every problem; returns each problem's
/// stage plan, in the order of `refs`.
pub(crate) async fn write_reports(
    g: &mut Gen<'_>,
    refs: &[ProblemRef],
    per_problem: usize,
) -> Result<Vec<StagePlan>> {
    let now_month = month_index(g.today);
    let m = per_problem as i32;
    let mut plan_for: Vec<StagePlan> = Vec::with_capacity(refs.len());
    let mut accept: Vec<(i64, bool)> = vec![];
    for r in refs {
        let st = stage(
            &mut g.rng,
            r.due.is_some_and(|d| d < g.today - Duration::days(180)),
        );
        // A split problem closes with its sub-problems, never by its own steps.
        let st = if r.split { Stage::None } else { st };
        // A problem signed off some months ago stopped reporting then.
        let back = if st == Stage::SignedOff {
            let room = (now_month - 1 - r.issued - m).max(0);
            g.rng.gen_range(0..=room.min(18))
        } else {
            0
        };
        let last = now_month - 1 - back;
        plan_for.push((st, back));
        let finish = st != Stage::None || g.rng.gen_bool(0.08);
        let final_pct: i64 = if finish {
            100
        } else {
            g.rng.gen_range(15..=95)
        };
        let first_pct: i64 = g.rng.gen_range(0..=final_pct.min(40));
        let mut pct = first_pct;
        for j in 0..m {
            let idx = last - (m - 1 - j);
            let target = if m <= 1 {
                final_pct
            } else {
                first_pct + (final_pct - first_pct) * j as i64 / (m - 1) as i64
            };
            pct = pct.max(target - g.rng.gen_range(0..=3)).min(final_pct);
            if j == m - 1 {
                pct = final_pct;
            }
            let late = g.rng.gen_bool(0.08);
            let day = if late {
                month_day(idx + 1, g.rng.gen_range(1..=10))?
            } else {
                month_day(idx, g.rng.gen_range(15..=28))?
            };
            let (_, month) = ym(idx);
            let text = if pct >= 100 {
                format!(
                    "{month}月，各项整改措施已全部完成，完成进度100%。下一步，{}。",
                    pick(&mut g.rng, &g.v.next_steps)
                )
            } else {
                format!(
                    "{month}月，按整改方案推进各项措施，完成进度{pct}%。下一步，{}。",
                    pick(&mut g.rng, &g.v.next_steps)
                )
            };
            let report = g
                .store
                .submit_progress(&NewProgressReport {
                    problem_id: r.id,
                    period: period(idx),
                    percent: pct,
                    text,
                    measure_status: vec![
                        (1, if pct >= 50 { "已完成" } else { "推进中" }.to_string()),
                        (2, if pct >= 100 { "已完成" } else { "推进中" }.to_string()),
                    ],
                    submitted_by: format!("{}联络员", r.first_unit),
                    submitted_at: utc_at(day, 16),
                })
                .await?;
            g.counts.reports += 1;
            // Whatever enters the sign-off procedure had its final report
            // accepted first (the completion gate).
            if st != Stage::None {
                accept.push((report.id, true));
            } else if g.rng.gen_bool(0.02) {
                accept.push((report.id, false));
            }
        }
    }
    for (id, ok) in accept {
        g.store
            .review_progress(&ProgressReview {
                report_id: id,
                accept: ok,
                comment: if ok {
                    "同意".into()
                } else {
                    "佐证材料不足，请补充现场照片和监测报告后重新报送。".into()
                },
                actor: "市整改办".into(),
            })
            .await?;
        g.counts.reviews += 1;
    }
    Ok(plan_for)
}
