//! The SQL store, written once and compiled once per backend.
//!
//! These files are not modules of `rectify-store`. Each backend crate
//! includes this folder with
//! `#[path = "../../store/src/backend/mod.rs"] mod backend;` and defines two
//! names at its root: `crate::Db`, its `sqlx::Database`, and
//! `crate::BackendStore`, its store struct (with a `pool: sqlx::Pool<Db>`
//! field and a `BACKEND` name). The same source thus compiles to plain,
//! concrete code in `rectify-store-sqlite` and in `rectify-store-postgres`.
//! The statements are the portable SQL both databases run (`$N`
//! parameters, `RETURNING`, `ON CONFLICT`, `CAST(… AS BIGINT)`); the
//! backends differ only in their migrations and connection set-up.
//!
//! Why not generic code over `sqlx::Database`: every function would repeat
//! sqlx's bounds (an executor bound on `&mut DB::Connection`, and
//! `Encode + Decode + Type` for each type it binds or reads), which buries
//! the SQL under trait plumbing. Why not a macro (as before): rustfmt,
//! clippy, rust-analyzer and readers cannot see inside a macro body; here
//! every function is ordinary Rust that they check, format and navigate.
//!
//! Layout: `store_impl.rs` is the one `impl Store`, each method a line that
//! delegates to a plain function in the file of its aggregate (`plans.rs`,
//! `problems.rs`, `units.rs`, `workflow.rs`, `objections.rs`,
//! `evidence.rs`, `lookback.rs`, `warnings.rs`, `users.rs`,
//! `calendar_jobs_audit.rs`, `checkpoints.rs`). `write.rs` is the write
//! transaction that appends the audit events, `snapshot.rs` and
//! `snapshot_access.rs` the canonical row snapshots the audit trail records, `rows.rs` the `sqlx::FromRow` records whole-row
//! queries decode into.

mod calendar_jobs_audit;
mod checkpoints;
mod corrections;
mod evidence;
mod gate;
mod lookback;
mod notices;
mod objections;
mod petitions;
mod petitions_read;
mod plans;
mod problems;
mod rows;
mod snapshot;
mod snapshot_access;
mod store_impl;
mod unit_registry;
mod units;
mod users;
mod warnings;
mod workflow;
mod write;

use crate::Db;
use rectify_domain::Status;
use rectify_store::{StoreError, StoreResult};

pub(crate) use snapshot_access::ensure_coverage;

type Pool = sqlx::Pool<Db>;
type Conn = <Db as sqlx::Database>::Connection;

pub(crate) async fn ping(pool: &Pool) -> StoreResult<()> {
    sqlx::query("SELECT 1").execute(pool).await?;
    Ok(())
}

fn status_of(s: &str) -> StoreResult<Status> {
    Status::parse(s).ok_or_else(|| StoreError::Database(format!("unknown status {s}")))
}

/// The status of a problem, read inside a transaction.
async fn problem_status(c: &mut Conn, problem_id: i64) -> StoreResult<Status> {
    let status: String = sqlx::query_scalar("SELECT status FROM problems WHERE id = $1")
        .bind(problem_id)
        .fetch_optional(&mut *c)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("问题 / problem {problem_id}")))?;
    status_of(&status)
}
