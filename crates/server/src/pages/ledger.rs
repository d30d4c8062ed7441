//! 整改台账: the dense ledger table with filters in the URL (a saved filter
//! is a bookmark), search, sorting, pagination and export of the same view.

use super::ctx::{Base, Ctx, PageError, PageQuery};
use super::view::{self, plan_short, RowView};
use crate::api::ListQuery;
use crate::error::ApiError;
use crate::policy;
use askama::Template;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rectify_domain::ErrorCode;
use rectify_domain::Status;
use rectify_office::ledger as office;
use rectify_office::LedgerLine;
use rectify_store::{ProblemFilter, ProblemRow};
use serde::Deserialize;

/// The ledger's GET parameters, all as text: an empty select sends `plan=`,
/// which must mean "all", and a bad value must give a page, not a 400.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct LedgerParams {
    pub plan: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
    pub unit: Option<String>,
    pub leader: Option<String>,
    pub overdue: Option<String>,
    pub warning: Option<String>,
    pub due_from: Option<String>,
    pub due_to: Option<String>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(200).collect())
}

fn number<T: std::str::FromStr>(s: &Option<String>, what: &str) -> Result<Option<T>, PageError> {
    match nonempty(s) {
        None => Ok(None),
        Some(v) => v.parse::<T>().map(Some).map_err(|_| {
            PageError::BadRequest(format!("参数“{what}”须为数字 / {what} must be a number"))
        }),
    }
}

impl LedgerParams {
    fn to_list_query(&self) -> Result<ListQuery, PageError> {
        Ok(ListQuery {
            plan: number(&self.plan, "plan")?,
            category: number(&self.category, "category")?,
            status: nonempty(&self.status),
            unit: nonempty(&self.unit),
            leader: nonempty(&self.leader),
            overdue: nonempty(&self.overdue),
            warning: nonempty(&self.warning),
            due_from: nonempty(&self.due_from),
            due_to: nonempty(&self.due_to),
            q: nonempty(&self.q),
            sort: nonempty(&self.sort),
            page: number(&self.page, "page")?,
            per_page: number(&self.per_page, "per_page")?,
        })
    }

    /// The filter (with the user's scope) for this view.
    fn filter(&self, ctx: &Ctx) -> Result<ProblemFilter, PageError> {
        let cu = ctx.staff()?;
        let q = self.to_list_query()?;
        let mut f = q
            .to_filter(ctx.state.today())
            .map_err(|e| PageError::BadRequest(e.to_string()))?;
        if let Some(s) = f.sort.as_deref() {
            if !matches!(s, "due" | "-due" | "status" | "warning") {
                f.sort = None;
            }
        }
        policy::scope_filter(&cu.user, &mut f);
        Ok(f)
    }

    /// The query string of this view, without `page` (and with `sort`
    /// replaced when given), for links.
    fn query_string(&self, sort: Option<&str>, page: Option<u32>) -> String {
        let mut parts: Vec<String> = vec![];
        let mut add = |k: &str, v: &Option<String>| {
            if let Some(v) = nonempty(v) {
                parts.push(format!("{k}={}", urlencoding::encode(&v)));
            }
        };
        add("plan", &self.plan);
        add("category", &self.category);
        add("status", &self.status);
        add("unit", &self.unit);
        add("leader", &self.leader);
        add("overdue", &self.overdue);
        add("warning", &self.warning);
        add("due_from", &self.due_from);
        add("due_to", &self.due_to);
        add("q", &self.q);
        add("per_page", &self.per_page);
        match sort {
            Some("") => {}
            Some(s) => parts.push(format!("sort={}", urlencoding::encode(s))),
            None => add("sort", &self.sort),
        }
        if let Some(p) = page.filter(|p| *p > 1) {
            parts.push(format!("page={p}"));
        }
        parts.join("&")
    }
}

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn opts(values: impl IntoIterator<Item = (String, String)>, current: &Option<String>) -> Vec<Opt> {
    let cur = nonempty(current).unwrap_or_default();
    values
        .into_iter()
        .map(|(value, label)| Opt {
            selected: value == cur,
            value,
            label,
        })
        .collect()
}

pub struct SortLink {
    pub href: String,
    pub mark: &'static str,
}

pub struct PageLink {
    pub href: String,
    pub label: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "ledger.html")]
struct LedgerPage {
    b: Base,
    rows: Vec<RowView>,
    offset: usize,
    total: i64,
    plans: Vec<Opt>,
    categories: Vec<Opt>,
    statuses: Vec<Opt>,
    units: Vec<Opt>,
    leaders: Vec<Opt>,
    overdue: Vec<Opt>,
    warnings: Vec<Opt>,
    sorts: Vec<Opt>,
    q: String,
    due_from: String,
    due_to: String,
    sort_due: SortLink,
    sort_status: SortLink,
    sort_warning: SortLink,
    pages: Vec<PageLink>,
    prev_href: String,
    next_href: String,
    export_query: String,
    filtered: bool,
    permalink: String,
}

/// Values for the filter lists, from everything the user may see.
async fn filter_values(
    ctx: &Ctx,
) -> Result<
    (
        Vec<(i64, String)>,
        Vec<(i64, String)>,
        Vec<String>,
        Vec<String>,
    ),
    PageError,
> {
    let cu = ctx.staff()?;
    let facets = ctx.state.app.ledger_facets(&cu.user).await?;
    Ok((
        facets.plans,
        facets.categories,
        facets.units,
        facets.leaders,
    ))
}

fn sort_link(p: &LedgerParams, key: &str) -> SortLink {
    let cur = nonempty(&p.sort).unwrap_or_default();
    let (next, mark) = match key {
        "due" => match cur.as_str() {
            "due" => ("-due", "▲"),
            "-due" => ("", "▼"),
            _ => ("due", ""),
        },
        k => {
            if cur == k {
                ("", "▼")
            } else {
                (k, "")
            }
        }
    };
    SortLink {
        href: format!("/problems?{}", p.query_string(Some(next), None)),
        mark,
    }
}

pub async fn page(ctx: Ctx, PageQuery(p): PageQuery<LedgerParams>) -> Result<Response, PageError> {
    ctx.staff()?;
    let today = ctx.state.today();
    let f = p.filter(&ctx)?;
    let result = ctx.state.store.list_problems(&f).await?;
    let (plans, cats, units, leaders) = filter_values(&ctx).await?;
    let rows: Vec<RowView> = result
        .items
        .iter()
        .map(|r| RowView::from_row(r, today))
        .collect();
    let per_page = result.per_page.max(1);
    let pages_total = (result.total.max(0) as u32).div_ceil(per_page);
    let current = result.page;
    let mut pages = vec![];
    let mut last_shown = 0;
    for n in 1..=pages_total {
        if n == 1 || n == pages_total || (n + 2 >= current && n <= current + 2) {
            if last_shown + 1 < n {
                pages.push(PageLink {
                    href: String::new(),
                    label: "…".into(),
                    current: false,
                });
            }
            pages.push(PageLink {
                href: format!("/problems?{}", p.query_string(None, Some(n))),
                label: n.to_string(),
                current: n == current,
            });
            last_shown = n;
        }
    }
    let prev_href = if current > 1 {
        format!("/problems?{}", p.query_string(None, Some(current - 1)))
    } else {
        String::new()
    };
    let next_href = if current < pages_total {
        format!("/problems?{}", p.query_string(None, Some(current + 1)))
    } else {
        String::new()
    };
    let base_q = p.query_string(None, None);
    let page = LedgerPage {
        b: ctx.base("整改台账", "ledger"),
        offset: ((current.max(1) - 1) * per_page) as usize,
        total: result.total,
        rows,
        plans: opts(
            plans.into_iter().map(|(id, t)| (id.to_string(), t)),
            &p.plan,
        ),
        categories: opts(
            cats.into_iter()
                .map(|(s, t)| (s.to_string(), format!("{s}. {}", view::truncate(&t, 20)))),
            &p.category,
        ),
        statuses: opts(
            Status::ALL
                .iter()
                .map(|s| (s.as_str().to_string(), s.label_zh().to_string())),
            &p.status,
        ),
        units: opts(units.into_iter().map(|u| (u.clone(), u)), &p.unit),
        leaders: opts(leaders.into_iter().map(|u| (u.clone(), u)), &p.leader),
        overdue: opts(
            [("true", "仅超期"), ("false", "未超期")]
                .iter()
                .map(|(v, l)| (v.to_string(), l.to_string())),
            &p.overdue,
        ),
        warnings: opts(
            [
                ("red", "红色"),
                ("orange", "橙色及以上"),
                ("yellow", "黄色及以上"),
            ]
            .iter()
            .map(|(v, l)| (v.to_string(), l.to_string())),
            &p.warning,
        ),
        sorts: opts(
            [
                ("", "方案序号"),
                ("due", "整改时限（先到期）"),
                ("-due", "整改时限（后到期）"),
                ("status", "整改状态"),
                ("warning", "预警等级"),
            ]
            .iter()
            .map(|(v, l)| (v.to_string(), l.to_string())),
            &p.sort,
        ),
        q: nonempty(&p.q).unwrap_or_default(),
        due_from: nonempty(&p.due_from).unwrap_or_default(),
        due_to: nonempty(&p.due_to).unwrap_or_default(),
        sort_due: sort_link(&p, "due"),
        sort_status: sort_link(&p, "status"),
        sort_warning: sort_link(&p, "warning"),
        pages,
        prev_href,
        next_href,
        filtered: !p.query_string(Some(""), None).is_empty(),
        permalink: if base_q.is_empty() {
            "/problems".into()
        } else {
            format!("/problems?{base_q}")
        },
        export_query: base_q,
    };
    Ok(ctx.render(&page))
}

/// Above this many rows the export uses the ledger rows alone (no measures)
/// to stay fast; below it every line is complete.
const FULL_EXPORT_LIMIT: usize = 1000;

async fn export_lines(ctx: &Ctx, p: &LedgerParams) -> Result<Vec<LedgerLine>, PageError> {
    let f = p.filter(ctx)?;
    let cu = ctx.staff()?;
    let rows: Vec<ProblemRow> = ctx.state.app.all_rows(&cu.user, &f).await?;
    if rows.len() > FULL_EXPORT_LIMIT {
        return Ok(rows.iter().map(LedgerLine::from_row).collect());
    }
    let mut lines = Vec::with_capacity(rows.len());
    for r in &rows {
        match ctx.state.store.get_problem(r.id).await? {
            Some(d) => lines.push(LedgerLine::from_detail(&d)),
            None => lines.push(LedgerLine::from_row(r)),
        }
    }
    Ok(lines)
}

fn file_name(ctx: &Ctx, ext: &str) -> String {
    format!("整改台账-{}.{ext}", ctx.state.today().format("%Y%m%d"))
}

fn download(bytes: Vec<u8>, mime: &'static str, name: &str) -> Response {
    let mut res = (StatusCode::OK, bytes).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    let disp = format!(
        "attachment; filename=\"ledger.{}\"; filename*=UTF-8''{}",
        name.rsplit('.').next().unwrap_or("bin"),
        urlencoding::encode(name)
    );
    if let Ok(v) = HeaderValue::from_str(&disp) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

pub async fn export_csv(
    ctx: Ctx,
    PageQuery(p): PageQuery<LedgerParams>,
) -> Result<Response, PageError> {
    ctx.staff()?;
    let lines = export_lines(&ctx, &p).await?;
    Ok(download(
        office::to_csv(&lines),
        "text/csv; charset=utf-8",
        &file_name(&ctx, "csv"),
    ))
}

pub async fn export_xlsx(
    ctx: Ctx,
    PageQuery(p): PageQuery<LedgerParams>,
) -> Result<Response, PageError> {
    ctx.staff()?;
    let lines = export_lines(&ctx, &p).await?;
    let title = match nonempty(&p.plan)
        .and_then(|id| id.parse::<i64>().ok())
        .and_then(|id| lines.first().map(|l| (id, l.plan.clone())))
    {
        Some((_, plan)) if !plan.is_empty() => format!("{}整改台账", plan_short(&plan)),
        _ => "整改台账".to_string(),
    };
    let bytes = office::to_xlsx_titled(&lines, &title).map_err(|e| {
        PageError::Api(ApiError::with(
            ErrorCode::Internal,
            format!("xlsx export: {e}"),
        ))
    })?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &file_name(&ctx, "xlsx"),
    ))
}
