//! What every page needs: the user (if any), the language, the flash message
//! left by the last form post, the CSRF tokens, and the error page.

use super::i18n;
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::ApiError;
use crate::policy::{self, GlobalAction};
use crate::state::AppState;
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use rand::RngCore;
use rectify_domain::ErrorCode;
use rectify_store::Role;

pub const FLASH_COOKIE: &str = "rectify_flash";
pub const LANG_COOKIE: &str = "rectify_lang";
/// Double-submit token for forms sent without a session (login, objections).
pub const ANON_CSRF_COOKIE: &str = "rectify_csrf";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
    fn parse(s: &str) -> Option<Lang> {
        match s {
            "zh" | "zh-CN" | "cn" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// The user as the header shows it.
#[derive(Debug, Clone)]
pub struct UserView {
    pub username: String,
    pub display_name: String,
    pub role_label: &'static str,
    pub can_import: bool,
    /// May keep the unit registry (the 单位名录 page).
    pub can_manage_units: bool,
}

/// The layout's values: every page template holds one as `b`.
#[derive(Debug, Clone)]
pub struct Base {
    pub lang: Lang,
    pub title: String,
    /// The active item of the navigation: dashboard, ledger, import, public.
    pub nav: &'static str,
    pub user: Option<UserView>,
    /// The session's CSRF token (staff forms).
    pub csrf: String,
    /// The double-submit token (forms without a session).
    pub anon_csrf: String,
    pub flash_ok: Option<String>,
    pub flash_err: Option<String>,
    /// The current address with the other language selected.
    pub lang_href: String,
    pub today: String,
}

impl Base {
    /// The label in the page's language (the Chinese text is the key).
    pub fn t<'a>(&self, zh: &'a str) -> &'a str {
        match self.lang {
            Lang::Zh => zh,
            Lang::En => i18n::en(zh).unwrap_or(zh),
        }
    }
    pub fn is_en(&self) -> bool {
        self.lang == Lang::En
    }
    /// A message "中文 / English" in the page's language.
    pub fn msg(&self, m: &str) -> String {
        bilingual(m, self.lang)
    }
}

/// Picks one half of a "中文 / English" message.
pub fn bilingual(m: &str, lang: Lang) -> String {
    match m.split_once(" / ") {
        Some((zh, en)) => match lang {
            Lang::Zh => zh.trim().to_string(),
            Lang::En => en.trim().to_string(),
        },
        None => m.to_string(),
    }
}

pub struct Ctx {
    pub state: AppState,
    pub user: Option<CurrentUser>,
    pub lang: Lang,
    flash: Option<(bool, String)>,
    set_lang: Option<Lang>,
    pub anon_csrf: String,
    new_anon_csrf: bool,
    /// Path and query of this request.
    pub here: String,
    pub jar: CookieJar,
}

pub fn random_token() -> String {
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// Compares two tokens in constant time (for equal lengths).
pub fn token_eq(a: &str, b: &str) -> bool {
    if a.is_empty() || a.len() != b.len() {
        return false;
    }
    a.bytes()
        .zip(b.bytes())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k == name).then(|| {
            urlencoding::decode(&v.replace('+', " "))
                .map(|s| s.into_owned())
                .unwrap_or_default()
        })
    })
}

/// The address with `lang=` set to `lang` (other parameters kept).
fn with_lang(path: &str, query: &str, lang: Lang) -> String {
    let mut parts: Vec<&str> = query
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
        .collect();
    let l = match lang {
        Lang::Zh => "lang=zh",
        Lang::En => "lang=en",
    };
    parts.push(l);
    format!("{path}?{}", parts.join("&"))
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let MaybeUser(user) = MaybeUser::from_request_parts(parts, state)
            .await
            .map_err(PageError::from)?;
        let jar = CookieJar::from_headers(&parts.headers);
        let query = parts.uri.query().unwrap_or("");
        let set_lang = query_param(query, "lang").and_then(|l| Lang::parse(&l));
        let lang = set_lang
            .or_else(|| jar.get(LANG_COOKIE).and_then(|c| Lang::parse(c.value())))
            .unwrap_or(Lang::Zh);
        let flash = jar.get(FLASH_COOKIE).and_then(|c| {
            let raw = urlencoding::decode(c.value()).ok()?.into_owned();
            let (kind, msg) = raw.split_once(':')?;
            let msg: String = msg.chars().take(500).collect();
            Some((kind == "ok", msg))
        });
        let existing = jar
            .get(ANON_CSRF_COOKIE)
            .map(|c| c.value().to_string())
            .filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()));
        let new_anon_csrf = existing.is_none();
        let anon_csrf = existing.unwrap_or_else(random_token);
        let here = parts
            .uri
            .path_and_query()
            .map(|pq| pq.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        Ok(Ctx {
            state: state.clone(),
            user,
            lang,
            flash,
            set_lang,
            anon_csrf,
            new_anon_csrf,
            here,
            jar,
        })
    }
}

impl Ctx {
    /// The logged-in user, or a redirect to the login page.
    pub fn staff(&self) -> Result<&CurrentUser, PageError> {
        self.user
            .as_ref()
            .ok_or_else(|| PageError::Login(self.here.clone()))
    }

    pub fn base(&self, title: &str, nav: &'static str) -> Base {
        let (path, query) = self.here.split_once('?').unwrap_or((&self.here, ""));
        let other = match self.lang {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        let (flash_ok, flash_err) = match &self.flash {
            Some((true, m)) => (Some(bilingual(m, self.lang)), None),
            Some((false, m)) => (None, Some(bilingual(m, self.lang))),
            None => (None, None),
        };
        let mut b = Base {
            lang: self.lang,
            title: String::new(),
            nav,
            user: self.user.as_ref().map(|cu| UserView {
                username: cu.user.username.clone(),
                display_name: cu.user.display_name.clone(),
                role_label: cu.user.role.label_zh(),
                can_import: policy::allowed_global(&cu.user, GlobalAction::ImportPlan),
                can_manage_units: policy::allowed_global(&cu.user, GlobalAction::ManageUnits),
            }),
            csrf: self
                .user
                .as_ref()
                .map(|cu| cu.session.csrf_token.clone())
                .unwrap_or_default(),
            anon_csrf: self.anon_csrf.clone(),
            flash_ok,
            flash_err,
            lang_href: with_lang(path, query, other),
            today: self.state.today().format("%Y-%m-%d").to_string(),
        };
        b.title = b.t(title).to_string();
        b
    }

    /// Renders a page template, with the cookies this request calls for.
    pub fn render(&self, tpl: &impl Template) -> Response {
        match tpl.render() {
            Ok(html) => self.finish(html_response(StatusCode::OK, html)),
            Err(e) => {
                tracing::error!(error = %e, "template failed");
                PageError::Internal.into_response()
            }
        }
    }

    /// Adds the cookie changes (flash consumed, language chosen, anonymous
    /// CSRF token issued) to a response.
    pub fn finish(&self, mut res: Response) -> Response {
        let secure = self.state.config.secure_cookies;
        let mut cookies: Vec<String> = vec![];
        if self.flash.is_some() {
            cookies.push(cookie_header(FLASH_COOKIE, "", Some(0), "Lax", secure));
        }
        if let Some(l) = self.set_lang {
            let v = match l {
                Lang::Zh => "zh",
                Lang::En => "en",
            };
            cookies.push(cookie_header(
                LANG_COOKIE,
                v,
                Some(365 * 86400),
                "Lax",
                secure,
            ));
        }
        if self.new_anon_csrf {
            cookies.push(anon_cookie(&self.anon_csrf, secure));
        }
        append_cookies(&mut res, cookies);
        res
    }

    /// A redirect after a form post, leaving a flash message for the next page.
    pub fn redirect_flash(&self, to: &str, ok: bool, msg: &str) -> Response {
        let mut res = Redirect::to(to).into_response();
        let value = format!("{}:{}", if ok { "ok" } else { "err" }, msg);
        let c = cookie_header(
            FLASH_COOKIE,
            &urlencoding::encode(&value),
            Some(120),
            "Lax",
            self.state.config.secure_cookies,
        );
        append_cookies(&mut res, vec![c]);
        res
    }

    /// Checks the hidden `csrf` field of a staff form against the session.
    pub fn check_csrf(&self, token: &str) -> Result<&CurrentUser, PageError> {
        let cu = self.staff()?;
        if token_eq(token, &cu.session.csrf_token) {
            Ok(cu)
        } else {
            Err(PageError::Api(ApiError::of(ErrorCode::CsrfFailed)))
        }
    }

    /// Checks the double-submit token of a form sent without a session.
    pub fn check_anon_csrf(&self, token: &str) -> Result<(), PageError> {
        if !self.new_anon_csrf && token_eq(token, &self.anon_csrf) {
            Ok(())
        } else {
            Err(PageError::Api(ApiError::of(ErrorCode::CsrfFailed)))
        }
    }

    pub fn is_role(&self, role: Role) -> bool {
        self.user.as_ref().is_some_and(|u| u.user.role == role)
    }
}

/// A `Set-Cookie` value: always `Path=/` and `HttpOnly`.
pub fn cookie_header(
    name: &str,
    value: &str,
    max_age: Option<i64>,
    same_site: &str,
    secure: bool,
) -> String {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}

pub fn append_cookies(res: &mut Response, cookies: Vec<String>) {
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
}

pub fn anon_cookie(token: &str, secure: bool) -> String {
    cookie_header(ANON_CSRF_COOKIE, token, None, "Strict", secure)
}

pub fn html_response(status: StatusCode, html: String) -> Response {
    let mut res = (status, html).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// What can go wrong while serving a page: shown as a page in Chinese (or a
/// redirect to the login page), never as a bare status.
#[derive(Debug)]
pub enum PageError {
    /// Not logged in: go to the login page, then come back here.
    Login(String),
    Api(ApiError),
    BadRequest(String),
    Internal,
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        match e.code() {
            ErrorCode::Unauthorized => PageError::Login("/".into()),
            _ => PageError::Api(e),
        }
    }
}

impl From<rectify_store::StoreError> for PageError {
    fn from(e: rectify_store::StoreError) -> Self {
        PageError::from(ApiError::from(e))
    }
}

impl From<rectify_domain::Error> for PageError {
    fn from(e: rectify_domain::Error) -> Self {
        PageError::from(ApiError::from(e))
    }
}

impl PageError {
    /// The message for a person, "中文 / English", from the one catalogue.
    pub fn message(&self) -> String {
        match self {
            PageError::Login(_) => rectify_domain::Error::new(ErrorCode::Unauthorized).message(),
            PageError::Api(e) => e.0.message(),
            PageError::BadRequest(m) => m.clone(),
            PageError::Internal => rectify_domain::Error::new(ErrorCode::Internal).message(),
        }
    }

    /// The message with its stable code, for a form's flash: the code is
    /// what a user quotes to the office and what tests compare across the
    /// JSON API and the forms.
    pub fn message_with_code(&self) -> String {
        match self {
            PageError::Api(e) => format!(
                "{}（错误代码：{}） / {} (error code: {})",
                e.0.message_zh(),
                e.code(),
                e.0.message_en(),
                e.code()
            ),
            other => other.message(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            PageError::Login(_) => StatusCode::SEE_OTHER,
            PageError::Api(e) => e.status(),
            PageError::BadRequest(_) => StatusCode::BAD_REQUEST,
            PageError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    b: Base,
    status: u16,
    message_zh: String,
    message_en: String,
}

/// Only same-site paths are followed after login (the rule is
/// [`rectify_domain::input::same_site_path`]).
pub fn safe_next(next: &str) -> String {
    rectify_domain::input::same_site_path(next)
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if let PageError::Login(next) = &self {
            let to = format!("/login?next={}", urlencoding::encode(&safe_next(next)));
            return Redirect::to(&to).into_response();
        }
        if let PageError::Api(e) = &self {
            if e.code() == ErrorCode::Internal {
                tracing::error!(detail = ?e.0.detail, "internal error");
            }
        }
        let msg = self.message();
        let b = Base {
            lang: Lang::Zh,
            title: "出错了".into(),
            nav: "",
            user: None,
            csrf: String::new(),
            anon_csrf: String::new(),
            flash_ok: None,
            flash_err: None,
            lang_href: "/?lang=en".into(),
            today: String::new(),
        };
        let page = ErrorPage {
            b,
            status: self.status().as_u16(),
            message_zh: bilingual(&msg, Lang::Zh),
            message_en: bilingual(&msg, Lang::En),
        };
        match page.render() {
            Ok(html) => html_response(self.status(), html),
            Err(_) => (self.status(), "出错了 / error").into_response(),
        }
    }
}

/// Parses a query string into `T`, with a friendly error page on bad input.
pub fn parse_query<T: serde::de::DeserializeOwned>(
    parts_query: Option<&str>,
) -> Result<T, PageError> {
    let q = parts_query.unwrap_or("");
    serde_urlencoded_parse(q)
}

fn serde_urlencoded_parse<T: serde::de::DeserializeOwned>(q: &str) -> Result<T, PageError> {
    axum::extract::Query::<T>::try_from_uri(
        &format!("/?{q}")
            .parse()
            .map_err(|_| PageError::BadRequest("查询参数有误 / bad query".into()))?,
    )
    .map(|axum::extract::Query(v)| v)
    .map_err(|_| PageError::BadRequest("查询参数有误 / bad query parameters".into()))
}

/// A form body parsed into `T`, with a friendly error on bad input.
pub struct PageForm<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for PageForm<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = PageError;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, PageError> {
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|axum::Form(v)| PageForm(v))
            .map_err(|_| PageError::BadRequest("表单内容有误 / the form could not be read".into()))
    }
}

/// A query string parsed into `T`, with a friendly error on bad input.
pub struct PageQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for PageQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, PageError> {
        parse_query(parts.uri.query()).map(PageQuery)
    }
}

/// A numeric id from the path; anything else is "not found", not a panic.
pub fn parse_id(s: &str) -> Result<i64, PageError> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or(PageError::Api(ApiError::of(ErrorCode::NotFound)))
}
