//! The portal's page of signed audit checkpoints: what they are, how to
//! check the ledger against a saved copy, and the list, newest first.

use super::ctx::{Base, Ctx, PageError};
use askama::Template;
use axum::response::Response;
use rectify_store::audit::Checkpoint;

#[derive(Template)]
#[template(path = "public_audit.html")]
struct AuditPage {
    b: Base,
    checkpoints: Vec<Checkpoint>,
    /// The newest checkpoint's public key (hex), empty when none.
    public_key: String,
}

pub async fn page(ctx: Ctx) -> Result<Response, PageError> {
    let checkpoints = ctx.state.app.public_checkpoints().await?;
    let public_key = checkpoints
        .first()
        .map(|c| c.public_key.clone())
        .unwrap_or_default();
    let page = AuditPage {
        b: ctx.base("审计记录检查点", "public"),
        checkpoints,
        public_key,
    };
    Ok(ctx.render(&page))
}
