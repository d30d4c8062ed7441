//! The login form (double-submit CSRF token: there is no session yet) and
//! logout.

use super::ctx::{
    append_cookies, bilingual, cookie_header, safe_next, Base, Ctx, PageError, PageForm,
};
use crate::auth::{self, SESSION_COOKIE};
use crate::client::ClientAddr;
use crate::error::ApiError;
use askama::Template;
use axum::response::{IntoResponse, Redirect, Response};
use rectify_domain::ErrorCode;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    b: Base,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

pub async fn form(
    ctx: Ctx,
    super::ctx::PageQuery(q): super::ctx::PageQuery<LoginQuery>,
) -> Response {
    let next = safe_next(q.next.as_deref().unwrap_or("/"));
    if ctx.user.is_some() {
        return Redirect::to(&next).into_response();
    }
    ctx.render(&LoginPage {
        b: ctx.base("登录", "login"),
        next,
        username: String::new(),
        error: None,
    })
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(
    ctx: Ctx,
    ClientAddr(client): ClientAddr,
    PageForm(f): PageForm<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(&f.next);
    let fail = |msg: String| {
        let page = LoginPage {
            b: ctx.base("登录", "login"),
            next: next.clone(),
            username: f.username.chars().take(64).collect(),
            error: Some(msg),
        };
        ctx.render(&page)
    };
    if ctx.check_anon_csrf(&f.csrf).is_err() {
        return Ok(fail(bilingual(
            &ApiError::of(ErrorCode::CsrfFailed).to_string(),
            ctx.lang,
        )));
    }
    if f.username.trim().is_empty() || f.password.is_empty() {
        return Ok(fail(bilingual(
            "请输入用户名和密码 / enter your username and password",
            ctx.lang,
        )));
    }
    match auth::login(&ctx.state, &f.username, &f.password, &client).await {
        Ok(ok) => {
            let mut res = Redirect::to(&next).into_response();
            let secure = ctx.state.config.secure_cookies;
            let c = cookie_header(SESSION_COOKIE, ok.cookie.value(), None, "Lax", secure);
            append_cookies(&mut res, vec![c]);
            Ok(res)
        }
        Err(e)
            if matches!(
                e.code(),
                ErrorCode::LoginFailed | ErrorCode::AccountLocked | ErrorCode::LoginThrottled
            ) =>
        {
            // The form comes back as a page (200) with the coded reason; the
            // JSON API answers 429. A 4xx document would be logged by the
            // browser as a failed load.
            let msg = bilingual(&PageError::Api(e).message_with_code(), ctx.lang);
            Ok(fail(msg))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(ctx: Ctx, PageForm(f): PageForm<LogoutForm>) -> Result<Response, PageError> {
    let Some(cu) = ctx.user.as_ref() else {
        return Ok(Redirect::to("/login").into_response());
    };
    ctx.check_csrf(&f.csrf)?;
    ctx.state
        .store
        .delete_session(&cu.session.token_hash)
        .await?;
    let mut res = ctx.redirect_flash("/login", true, "已安全退出 / logged out");
    append_cookies(
        &mut res,
        vec![cookie_header(
            SESSION_COOKIE,
            "",
            Some(0),
            "Lax",
            ctx.state.config.secure_cookies,
        )],
    );
    Ok(res)
}
