//! Evidence on the portal: a file the problem's unit or the office marked
//! public, from the start of the notice on. Anything else answers 404, so
//! the portal never reveals that a private file exists.

use crate::attachments::serve;
use crate::error::ApiError;
use crate::pages::ctx::{parse_id, Ctx, PageError};
use crate::public::public_evidence;
use axum::extract::Path;
use axum::response::Response;
use rectify_domain::ErrorCode;

pub async fn file(
    ctx: Ctx,
    Path((id, aid)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (id, aid) = (parse_id(&id)?, parse_id(&aid)?);
    let not_found = || PageError::Api(ApiError::of(ErrorCode::NotFound));
    let d = crate::public::published_problem(ctx.state.store.as_ref(), id)
        .await
        .map_err(|_| not_found())?;
    if !public_evidence(&d).iter().any(|e| e.id == aid) {
        return Err(not_found());
    }
    let a = d
        .attachments
        .iter()
        .find(|a| a.id == aid)
        .ok_or_else(not_found)?;
    Ok(serve(
        &ctx.state,
        &a.sha256,
        &a.file_name,
        true,
        "public, max-age=300",
    )
    .await?)
}
