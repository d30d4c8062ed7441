//! The unit registry page (issue 11, office and admin): every unit with its
//! problem and account counts, the suggested duplicates with their reasons,
//! and the merge form (a reason is required). A refused merge comes back as
//! the page (200) with the coded error, the form as it was filled in.

use super::ctx::{Base, Ctx, PageError, PageForm, PageQuery};
use crate::error::ApiError;
use askama::Template;
use axum::response::Response;
use rectify_app::commands::{duplicates_of, merge_reason, DuplicateSuggestion};
use rectify_domain::ErrorCode;
use rectify_store::{UnitEntry, User};
use serde::Deserialize;

/// A suggestion as the page shows it: the reasons in the page's language.
pub struct GroupView {
    pub g: DuplicateSuggestion,
    pub reasons: Vec<&'static str>,
    pub score: String,
    /// The name of the unit the others would be merged into.
    pub into_name: String,
}

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    b: Base,
    units: Vec<UnitEntry>,
    groups: Vec<GroupView>,
    /// The merge form as filled in (after a refusal).
    f: MergeForm,
}

#[derive(Debug, Default, Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub into: String,
    #[serde(default)]
    pub reason: String,
}

async fn render(
    ctx: &Ctx,
    user: &User,
    f: MergeForm,
    error: Option<String>,
) -> Result<Response, PageError> {
    let units = ctx.state.app.unit_registry(user).await?;
    let en = ctx.lang == super::ctx::Lang::En;
    let groups = duplicates_of(&units)
        .groups
        .into_iter()
        .map(|g| GroupView {
            reasons: g
                .reasons
                .iter()
                .map(|r| if en { r.label_en } else { r.label_zh })
                .collect(),
            score: format!("{:.0}%", g.score * 100.0),
            into_name: g
                .units
                .iter()
                .find(|u| u.id == g.suggested_into)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            g,
        })
        .collect();
    let mut b = ctx.base("单位名录", "units");
    if error.is_some() {
        b.flash_ok = None;
        b.flash_err = error;
    }
    Ok(ctx.render(&UnitsPage {
        b,
        units,
        groups,
        f,
    }))
}

/// `?from=ID&into=ID`: a suggestion's link fills the merge form in.
#[derive(Debug, Default, Deserialize)]
pub struct Prefill {
    #[serde(default)]
    from: String,
    #[serde(default)]
    into: String,
}

pub async fn page(ctx: Ctx, PageQuery(q): PageQuery<Prefill>) -> Result<Response, PageError> {
    let cu = ctx.staff()?;
    let f = MergeForm {
        from: q.from,
        into: q.into,
        ..MergeForm::default()
    };
    render(&ctx, &cu.user, f, None).await
}

fn parse_unit_id(s: &str, field: &str) -> Result<i64, rectify_domain::Error> {
    s.trim()
        .parse::<i64>()
        .map_err(|_| rectify_domain::Error::with(ErrorCode::UnitUnknown, field))
}

pub async fn merge(ctx: Ctx, PageForm(f): PageForm<MergeForm>) -> Result<Response, PageError> {
    let cu = ctx.staff()?;
    let user = cu.user.clone();
    let refuse = |e: rectify_domain::Error| {
        super::ctx::bilingual(
            &PageError::Api(ApiError::from(e)).message_with_code(),
            ctx.lang,
        )
    };
    if ctx.check_csrf(&f.csrf).is_err() {
        let msg = refuse(ErrorCode::CsrfFailed.into());
        return render(&ctx, &user, f, Some(msg)).await;
    }
    let parsed = (|| {
        let from = parse_unit_id(&f.from, "被合并的单位 / the unit to merge")?;
        let into = parse_unit_id(&f.into, "保留的单位 / the unit to keep")?;
        Ok::<_, rectify_domain::Error>((from, into, merge_reason(&f.reason)?))
    })();
    let result = match parsed {
        Ok((from, into, reason)) => ctx.state.app.merge_units(&user, from, into, reason).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(m) => Ok(ctx.redirect_flash(
            "/units",
            true,
            &format!(
                "已将“{}”合并到“{}”（问题 {} 个，账户 {} 个） / merged {} into {} ({} problems, {} accounts)",
                m.from.name,
                m.into.name,
                m.problems.len(),
                m.accounts.len(),
                m.from.name,
                m.into.name,
                m.problems.len(),
                m.accounts.len()
            ),
        )),
        // Not the office: the page itself is refused.
        Err(e) if e.code == ErrorCode::Forbidden => Err(PageError::from(e)),
        Err(e) => {
            let msg = refuse(e);
            render(&ctx, &user, f, Some(msg)).await
        }
    }
}
