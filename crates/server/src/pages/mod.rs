//! Server-rendered pages: the staff UI (dashboard, ledger, problem pages,
//! plan import) and the public portal. Templates are askama (compiled in,
//! HTML auto-escaped); scripts and styles are files under `/assets/`, so the
//! strict Content-Security-Policy holds: no inline script, no inline style.

mod assets;
mod audit;
mod corrections;
mod ctx;
mod dashboard;
mod i18n;
mod i18n_petitions;
mod import;
mod ledger;
mod login;
mod notice_pages;
mod petition_office;
mod petition_view;
mod petitions;
mod portal;
mod portal_petitions;
mod problem;
mod public_evidence;
mod units;
mod upload;
mod view;

use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use rectify_domain::ErrorCode;

pub use ctx::{Ctx, Lang, PageError};

/// `upload_limit` bounds the bodies of the forms that carry a file (a plan
/// to import; evidence with a progress report or a sign-off step); every
/// other form keeps the router's small limit.
pub fn routes(upload_limit: usize) -> Router<AppState> {
    let upload = || DefaultBodyLimit::max(upload_limit);
    Router::new()
        .route("/assets/{*path}", get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/", get(dashboard::page))
        .route("/problems", get(ledger::page))
        .route("/problems/export.csv", get(ledger::export_csv))
        .route("/problems/export.xlsx", get(ledger::export_xlsx))
        .route("/problems/{id}", get(problem::page))
        .route(
            "/problems/{id}/progress",
            post(problem::progress).layer(upload()),
        )
        .route(
            "/problems/{id}/signoff",
            post(problem::signoff).layer(upload()),
        )
        .route("/problems/{id}/escalations", post(problem::escalate))
        .route(
            "/problems/{id}/edit",
            get(corrections::problem_edit).post(corrections::problem_save),
        )
        .route("/problems/{id}/split", post(corrections::problem_split))
        .route("/problems/{id}/merge", post(corrections::problem_merge))
        .route(
            "/plans/{id}",
            get(corrections::plan_page).post(corrections::plan_save),
        )
        .route("/plans/{id}/publish", post(corrections::plan_publish))
        .route("/problems/{id}/reopen", post(problem::reopen))
        .route(
            "/problems/{id}/evidence/{attachment_id}",
            post(problem::change_evidence),
        )
        .route(
            "/problems/{id}/reports/{report_id}/review",
            post(problem::review_report),
        )
        .route(
            "/problems/{id}/objections/{oid}/resolve",
            post(problem::resolve_objection),
        )
        .route(
            "/import",
            get(import::form).post(import::preview).layer(upload()),
        )
        .route("/import/save", post(import::save).layer(upload()))
        .route("/units", get(units::page))
        .route("/units/merge", post(units::merge))
        .route("/public", get(portal::index))
        .route("/public/audit", get(audit::page))
        .route("/public/problems/{id}", get(portal::problem))
        .route(
            "/public/problems/{id}/evidence/{attachment_id}",
            get(public_evidence::file),
        )
        .route("/public/problems/{id}/objection", post(portal::objection))
        .route(
            "/public/problems/{id}/notice.docx",
            get(notice_pages::problem_docx),
        )
        .route("/public/notices", get(notice_pages::list))
        .route("/public/notices/{key}", get(notice_pages::notice))
        .route("/public/objections/lookup", get(notice_pages::lookup))
        .route(
            "/plans/{id}/notice",
            get(notice_pages::settings_form).post(notice_pages::settings_save),
        )
        .merge(petition_routes(upload_limit))
        .fallback(not_found)
}

/// 信访件: the staff pages and the portal's complaint form and tracking.
fn petition_routes(upload_limit: usize) -> Router<AppState> {
    let upload = || DefaultBodyLimit::max(upload_limit);
    Router::new()
        .route("/petitions", get(petitions::list))
        .route("/petitions/duplicates", get(petition_office::duplicates))
        .route(
            "/petitions/duplicates/decide",
            post(petition_office::decide),
        )
        .route(
            "/petitions/batches",
            get(petition_office::batches)
                .post(petition_office::import)
                .layer(upload()),
        )
        .route("/petitions/figures.csv", get(petition_office::figures_csv))
        .route("/petitions/{id}", get(petitions::detail))
        .route("/petitions/{id}/handle", post(petitions::handle))
        .route("/petitions/{id}/visits", post(petitions::visit))
        .route(
            "/petitions/{id}/evidence",
            post(petitions::evidence).layer(upload()),
        )
        .route("/petitions/{id}/close", post(petitions::close))
        .route(
            "/petitions/{id}/apply-to-matter",
            post(petitions::apply_to_matter),
        )
        .route("/petitions/{id}/reopen", post(petitions::reopen))
        .route(
            "/petitions/{id}/files/{attachment_id}",
            get(petitions::file),
        )
        .route(
            "/public/complaint",
            get(portal_petitions::form)
                .post(portal_petitions::submit)
                .layer(upload()),
        )
        .route("/public/track", get(portal_petitions::track))
}

/// Any other address: the friendly "not found" page.
async fn not_found() -> PageError {
    PageError::Api(crate::error::ApiError::of(ErrorCode::NotFound))
}
