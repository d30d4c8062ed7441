//! The portable SQL shared by both backends.
//!
//! SQLite and PostgreSQL run the same statements: `$N` parameters,
//! `RETURNING`, `ON CONFLICT`, `CAST(… AS BIGINT)`; the backends differ in
//! their migrations (column types) and connection set-up only. This module
//! holds the pieces that need no database type: the ledger filter, sort
//! orders and text helpers. The statements themselves are in
//! `src/backend/`, plain Rust that each backend crate compiles against its
//! own `sqlx::Database` (see the comment at the top of `backend/mod.rs`).

use rectify_domain::normalize_unit_name;

/// Dynamic query parameters, bound in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    I(i64),
    S(String),
    D(chrono::NaiveDate),
}

/// One piece of a WHERE clause: SQL text, or a value the backend binds in
/// its place (with its own parameter syntax).
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Sql(String),
    Arg(Arg),
}

/// A WHERE clause under construction: clauses joined by `AND`, each a run of
/// SQL text and bound values.
#[derive(Debug, Default)]
pub struct Where {
    pub clauses: Vec<Vec<Piece>>,
}

impl Where {
    /// Adds a clause; each `?` in `sql` stands for the next of `args` (a `?`
    /// beyond the last argument stays as it is).
    pub fn push(&mut self, sql: &str, args: Vec<Arg>) {
        let mut pieces = vec![];
        let mut text = String::new();
        let mut args = args.into_iter();
        for ch in sql.chars() {
            if ch == '?' {
                if let Some(a) = args.next() {
                    pieces.push(Piece::Sql(std::mem::take(&mut text)));
                    pieces.push(Piece::Arg(a));
                    continue;
                }
            }
            text.push(ch);
        }
        pieces.push(Piece::Sql(text));
        pieces.retain(|p| !matches!(p, Piece::Sql(s) if s.is_empty()));
        self.clauses.push(pieces);
    }

    /// The clause with `$N` parameters (what PostgreSQL runs), and its
    /// arguments in order: for logs and tests.
    pub fn numbered(&self) -> (String, Vec<Arg>) {
        let mut sql = String::new();
        let mut args = vec![];
        for (i, clause) in self.clauses.iter().enumerate() {
            sql.push_str(if i == 0 { " WHERE " } else { " AND " });
            for piece in clause {
                match piece {
                    Piece::Sql(s) => sql.push_str(s),
                    Piece::Arg(a) => {
                        args.push(a.clone());
                        sql.push_str(&format!("${}", args.len()));
                    }
                }
            }
        }
        (sql, args)
    }
}

/// Builds the WHERE clause of the ledger query from a filter.
pub fn problem_where(f: &crate::ProblemFilter) -> Where {
    let mut w = Where::default();
    if f.published_only {
        w.push("pl.published_at IS NOT NULL", vec![]);
    }
    if let Some(id) = f.plan_id {
        w.push("p.plan_id = ?", vec![Arg::I(id)]);
    }
    if let Some(c) = f.category_seq {
        w.push("c.seq = ?", vec![Arg::I(c)]);
    }
    if let Some(s) = f.status {
        w.push("p.status = ?", vec![Arg::S(s.as_str().into())]);
    }
    if let Some(u) = f.unit.as_deref().filter(|u| !u.trim().is_empty()) {
        w.push(
            "EXISTS (SELECT 1 FROM problem_units pu JOIN unit_aliases a ON a.unit_id = pu.unit_id \
             WHERE pu.problem_id = p.id AND a.alias = ?)",
            vec![Arg::S(normalize_unit_name(u))],
        );
    }
    if let Some(l) = f.leader.as_deref().filter(|l| !l.trim().is_empty()) {
        w.push(
            "EXISTS (SELECT 1 FROM problem_people pp WHERE pp.problem_id = p.id \
             AND pp.kind = 'leader' AND pp.name = ?)",
            vec![Arg::S(l.trim().into())],
        );
    }
    if let (Some(overdue), Some(today)) = (f.overdue, f.today) {
        if overdue {
            w.push(
                "p.due_date < ? AND p.status <> 'signed_off'",
                vec![Arg::D(today)],
            );
        } else {
            w.push(
                "(p.due_date IS NULL OR p.due_date >= ? OR p.status = 'signed_off')",
                vec![Arg::D(today)],
            );
        }
    }
    if let Some(level) = f.warning_level.as_deref() {
        let levels: &[&str] = match level {
            "red" => &["red"],
            "orange" => &["orange", "red"],
            _ => &["yellow", "orange", "red"],
        };
        let list = levels
            .iter()
            .map(|l| format!("'{l}'"))
            .collect::<Vec<_>>()
            .join(",");
        w.push(
            &format!(
                "EXISTS (SELECT 1 FROM warnings wf WHERE wf.problem_id = p.id \
                 AND wf.status <> 'resolved' AND wf.level IN ({list}))"
            ),
            vec![],
        );
    }
    if let Some(d) = f.due_from {
        w.push("p.due_date >= ?", vec![Arg::D(d)]);
    }
    if let Some(d) = f.due_to {
        w.push("p.due_date <= ?", vec![Arg::D(d)]);
    }
    if let Some(units) = &f.scope_units {
        if units.is_empty() {
            w.push("1 = 0", vec![]);
        } else {
            let marks = vec!["?"; units.len()].join(",");
            w.push(
                &format!(
                    "EXISTS (SELECT 1 FROM problem_units ps WHERE ps.problem_id = p.id AND ps.unit_id IN ({marks}))"
                ),
                units.iter().map(|u| Arg::I(*u)).collect(),
            );
        }
    }
    if let Some(l) = &f.scope_leader {
        w.push(
            "EXISTS (SELECT 1 FROM problem_people sl WHERE sl.problem_id = p.id AND sl.kind = 'leader' AND sl.name = ?)",
            vec![Arg::S(l.clone())],
        );
    }
    if let Some(q) = f.q.as_deref() {
        for term in rectify_domain::search::query_terms(q) {
            let escaped = term
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            w.push(
                "p.search_text LIKE ? ESCAPE '\\'",
                vec![Arg::S(format!("%{escaped}%"))],
            );
        }
    }
    w
}

/// ORDER BY for a whitelisted sort key (user input never reaches SQL).
pub fn problem_order(sort: Option<&str>) -> &'static str {
    match sort {
        Some("due") => "p.due_date IS NULL, p.due_date, p.plan_id, p.id",
        Some("-due") => "p.due_date IS NULL, p.due_date DESC, p.plan_id, p.id",
        Some("status") => "p.status, p.plan_id, p.id",
        Some("warning") => "wl DESC, p.due_date IS NULL, p.due_date, p.id",
        _ => "p.plan_id, COALESCE(p.parent_seq, p.seq), p.parent_seq IS NOT NULL, p.seq",
    }
}

pub const LEVEL_RANK_SQL: &str =
    "(SELECT CAST(MAX(CASE w.level WHEN 'red' THEN 3 WHEN 'orange' THEN 2 ELSE 1 END) AS BIGINT) \
     FROM warnings w WHERE w.problem_id = p.id AND w.status <> 'resolved')";

pub fn level_from_rank(rank: Option<i64>) -> Option<String> {
    match rank {
        Some(3) => Some("red".into()),
        Some(2) => Some("orange".into()),
        Some(1) => Some("yellow".into()),
        _ => None,
    }
}

/// Timestamp text used in audit events: microseconds, UTC, fixed width.
pub fn audit_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Truncates to microseconds, the precision both databases keep.
pub fn micros(t: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    t.trunc_subsecs(6)
}

/// The text the ledger's free-text search looks in.
pub fn search_text(p: &rectify_domain::ProblemDraft) -> String {
    let mut s = String::new();
    s.push_str(&p.number_text);
    s.push(' ');
    s.push_str(&p.description);
    if let Some(t) = &p.target {
        s.push(' ');
        s.push_str(t);
    }
    for m in &p.measures {
        s.push(' ');
        s.push_str(&m.text);
    }
    for u in &p.units {
        s.push(' ');
        s.push_str(&u.name);
    }
    for l in &p.leaders {
        s.push(' ');
        s.push_str(l);
    }
    s
}

/// Names of the top-level keys whose values differ between two snapshots.
pub fn changed_fields(before: &serde_json::Value, after: &serde_json::Value) -> Vec<String> {
    match (before.as_object(), after.as_object()) {
        (Some(b), Some(a)) => {
            let mut keys: Vec<String> = a
                .iter()
                .filter(|(k, v)| b.get(*k) != Some(*v))
                .map(|(k, _)| k.clone())
                .filter(|k| k != "version")
                .collect();
            keys.sort();
            keys
        }
        _ => vec!["*".into()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces of a clause number their parameters in order, as the
    /// backends bind them.
    #[test]
    fn where_numbers_parameters_in_order() {
        let f = crate::ProblemFilter {
            plan_id: Some(3),
            scope_units: Some(vec![4, 5]),
            q: Some("扬尘 10%".into()),
            warning_level: Some("orange".into()),
            ..Default::default()
        };
        let (sql, args) = problem_where(&f).numbered();
        assert_eq!(
            sql,
            " WHERE p.plan_id = $1 AND EXISTS (SELECT 1 FROM warnings wf WHERE wf.problem_id = p.id \
             AND wf.status <> 'resolved' AND wf.level IN ('orange','red')) AND EXISTS (SELECT 1 \
             FROM problem_units ps WHERE ps.problem_id = p.id AND ps.unit_id IN ($2,$3)) \
             AND p.search_text LIKE $4 ESCAPE '\\' AND p.search_text LIKE $5 ESCAPE '\\'"
        );
        assert_eq!(
            args,
            vec![
                Arg::I(3),
                Arg::I(4),
                Arg::I(5),
                Arg::S("%扬尘%".into()),
                Arg::S("%10\\%%".into())
            ]
        );
        // A `?` beyond the arguments stays text.
        let mut w = Where::default();
        w.push("a = ? OR b = '?'", vec![Arg::I(1)]);
        assert_eq!(w.numbered().0, " WHERE a = $1 OR b = '?'");
        assert_eq!(Where::default().numbered(), (String::new(), vec![]));
    }
}
