//! The portal's complaint form (我要举报) and tracking (举报查询). No login;
//! the form is CSRF-protected with the double-submit token and throttled
//! per client address like objections. The tracking page shows only what
//! `PublicPetition` carries: never a contact, a unit's handling or an actor.

use super::ctx::{bilingual, Base, Ctx, PageError, PageQuery};
use super::petition_view::Opt;
use super::upload::PageUpload;
use super::view;
use crate::error::ApiError;
use askama::Template;
use axum::response::Response;
use rectify_app::commands::{Complaint, PublicPetition, SERVICES};
use rectify_domain::ErrorCode;
use serde::Deserialize;

#[derive(Debug, Default, Clone, Deserialize)]
pub struct ComplaintForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub service_code: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub lat: String,
    #[serde(default)]
    pub lon: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_phone: String,
}

pub struct ServiceOpt {
    pub o: Opt,
    pub hint: &'static str,
}

#[derive(Template)]
#[template(path = "public_complaint.html")]
struct ComplaintPage {
    b: Base,
    f: ComplaintForm,
    services: Vec<ServiceOpt>,
    error: String,
    /// After filing: what the citizen may see, with the tracking number.
    filed: Option<PublicView>,
}

/// What the portal shows of a petition: `PublicPetition`'s fields only.
pub struct PublicView {
    pub tracking: String,
    pub service_name: String,
    pub status: String,
    pub status_zh: String,
    pub place: String,
    pub received_on: String,
    pub public_reply: String,
}

impl PublicView {
    fn of(p: &PublicPetition) -> PublicView {
        PublicView {
            tracking: p.tracking.clone(),
            service_name: p.service_name.clone(),
            status: p.status.clone(),
            status_zh: p.status_zh.clone(),
            place: p.place.clone(),
            received_on: p.received_on.map(view::date).unwrap_or_default(),
            public_reply: p.public_reply.clone(),
        }
    }
}

fn services(cur: &str) -> Vec<ServiceOpt> {
    SERVICES
        .iter()
        .map(|(code, name, hint)| ServiceOpt {
            o: Opt {
                value: (*code).to_string(),
                label: (*name).to_string(),
                selected: *code == cur,
            },
            hint,
        })
        .collect()
}

fn render_form(ctx: &Ctx, f: ComplaintForm, error: String, filed: Option<PublicView>) -> Response {
    let title = if filed.is_some() {
        "举报已受理"
    } else {
        "我要举报"
    };
    ctx.render(&ComplaintPage {
        b: ctx.base(title, "public"),
        services: services(&f.service_code),
        f,
        error,
        filed,
    })
}

pub async fn form(ctx: Ctx) -> Result<Response, PageError> {
    Ok(render_form(
        &ctx,
        ComplaintForm::default(),
        String::new(),
        None,
    ))
}

fn coordinate(s: &str, what: &str) -> Result<Option<f64>, rectify_domain::Error> {
    match s.trim() {
        "" => Ok(None),
        v => v.parse::<f64>().map(Some).map_err(|_| {
            rectify_domain::Error::with(
                ErrorCode::InvalidInput,
                format!("{what}须为数字 / {what} must be a number"),
            )
        }),
    }
}

fn optional(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

pub async fn submit(
    ctx: Ctx,
    crate::client::ClientAddr(client): crate::client::ClientAddr,
    up: PageUpload<ComplaintForm>,
) -> Result<Response, PageError> {
    let PageUpload { form: f, files } = up;
    let refused = |e: rectify_domain::Error| {
        bilingual(
            &PageError::from(ApiError::from(e)).message_with_code(),
            ctx.lang,
        )
    };
    if ctx.check_anon_csrf(&f.csrf).is_err() {
        let msg = refused(ErrorCode::CsrfFailed.into());
        return Ok(render_form(&ctx, f, msg, None));
    }
    let coords = coordinate(&f.lat, "纬度").and_then(|lat| Ok((lat, coordinate(&f.lon, "经度")?)));
    let (lat, lon) = match coords {
        Ok(v) => v,
        Err(e) => {
            let msg = refused(e);
            return Ok(render_form(&ctx, f, msg, None));
        }
    };
    let complaint = Complaint {
        service_code: f.service_code.trim().to_string(),
        place: f.place.clone(),
        lat,
        lon,
        description: f.description.clone(),
        contact_name: optional(&f.contact_name),
        contact_phone: optional(&f.contact_phone),
        photo: files.into_iter().next().map(|p| (p.file_name, p.bytes)),
    };
    match ctx
        .state
        .app
        .submit_complaint_from(&client, complaint)
        .await
    {
        Ok(p) => Ok(render_form(
            &ctx,
            ComplaintForm::default(),
            String::new(),
            Some(PublicView::of(&p)),
        )),
        Err(e) => {
            let msg = refused(e);
            Ok(render_form(&ctx, f, msg, None))
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct TrackQuery {
    #[serde(default)]
    no: Option<String>,
}

#[derive(Template)]
#[template(path = "public_track.html")]
struct TrackPage {
    b: Base,
    no: String,
    error: String,
    found: Option<PublicView>,
}

pub async fn track(ctx: Ctx, PageQuery(q): PageQuery<TrackQuery>) -> Result<Response, PageError> {
    let no: String =
        q.no.as_deref()
            .map(str::trim)
            .unwrap_or_default()
            .chars()
            .take(64)
            .collect();
    let (found, error) = if no.is_empty() {
        (None, String::new())
    } else {
        match ctx.state.app.track_petition(&no).await {
            Ok(p) => (Some(PublicView::of(&p)), String::new()),
            Err(e) if e.code == ErrorCode::NotFound => (
                None,
                bilingual(
                    "未找到该受理编号，请核对后重新输入 / no complaint has this tracking number",
                    ctx.lang,
                ),
            ),
            Err(e) => return Err(PageError::from(e)),
        }
    };
    Ok(ctx.render(&TrackPage {
        b: ctx.base("举报查询", "public"),
        no,
        error,
        found,
    }))
}
