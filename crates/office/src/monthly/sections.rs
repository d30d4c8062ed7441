//! The notice's sections as tables (heading, header, rows), the common
//! input of the HTML, xlsx and docx writers.

use super::{layout, MonthlyReport, ReportItem, Section};
use crate::text::percent_text;

impl MonthlyReport {
    /// Each section as (heading, header, rows) in the order of the notice.
    /// The summary section is separate ([`MonthlyReport::summary_text`]).
    pub(crate) fn tables(&self) -> Vec<Section> {
        use layout::*;
        let n = |i: usize| (i + 1).to_string();
        let status_rows = self
            .counts_by_status
            .iter()
            .map(|(label, count)| {
                let share = if self.total > 0 {
                    percent_text(Some(*count as f64 * 100.0 / self.total as f64))
                } else {
                    "—".to_string()
                };
                vec![label.clone(), count.to_string(), share]
            })
            .chain(std::iter::once(vec![
                "合计".to_string(),
                self.total.to_string(),
                if self.total > 0 { "100%" } else { "—" }.to_string(),
            ]))
            .collect();
        let items = |list: &[ReportItem]| -> Vec<Vec<String>> {
            list.iter()
                .enumerate()
                .map(|(i, it)| {
                    vec![
                        n(i),
                        it.number.clone(),
                        it.problem.clone(),
                        it.units.clone(),
                        it.deadline.clone(),
                        it.note.clone(),
                    ]
                })
                .collect()
        };
        vec![
            (S_SUMMARY, H_STATUS.to_vec(), status_rows),
            (
                S_COMPLETED,
                H_COMPLETED.to_vec(),
                self.completed_this_month
                    .iter()
                    .enumerate()
                    .map(|(i, (num, p, u))| vec![n(i), num.clone(), p.clone(), u.clone()])
                    .collect(),
            ),
            (S_OVERDUE, H_ITEMS.to_vec(), items(&self.overdue)),
            (S_WARNED, H_ITEMS.to_vec(), items(&self.warned)),
            (
                S_LATE,
                H_LATE.to_vec(),
                self.late_units
                    .iter()
                    .enumerate()
                    .map(|(i, (u, c))| vec![n(i), u.clone(), c.to_string()])
                    .collect(),
            ),
            (
                S_UNITS,
                H_UNITS.to_vec(),
                self.per_unit
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        vec![
                            n(i),
                            r.unit.clone(),
                            r.total.to_string(),
                            r.signed_off.to_string(),
                            r.in_progress.to_string(),
                            r.overdue.to_string(),
                            percent_text(r.on_time_rate_percent),
                        ]
                    })
                    .collect(),
            ),
            (
                S_ESCALATIONS,
                H_ESCALATIONS.to_vec(),
                self.escalations
                    .iter()
                    .enumerate()
                    .map(|(i, (d, k, t))| vec![n(i), d.clone(), k.clone(), t.clone()])
                    .collect(),
            ),
        ]
    }
}
