//! Front-end files compiled into the binary: one executable works anywhere,
//! and nothing is fetched from another host at run time.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

struct Asset {
    path: &'static str,
    mime: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        path: "app.css",
        mime: "text/css; charset=utf-8",
        body: include_bytes!("../../assets/app.css"),
    },
    Asset {
        path: "app.js",
        mime: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/app.js"),
    },
    Asset {
        path: "favicon.svg",
        mime: "image/svg+xml",
        body: include_bytes!("../../assets/favicon.svg"),
    },
    Asset {
        path: "vendor/echarts/echarts.common.min.js",
        mime: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/vendor/echarts/echarts.common.min.js"),
    },
    Asset {
        path: "vendor/echarts/LICENSE",
        mime: "text/plain; charset=utf-8",
        body: include_bytes!("../../assets/vendor/echarts/LICENSE"),
    },
    Asset {
        path: "vendor/echarts/NOTICE",
        mime: "text/plain; charset=utf-8",
        body: include_bytes!("../../assets/vendor/echarts/NOTICE"),
    },
];

/// A short content hash baked into asset URLs would be nicer; the files are
/// small and change only with the binary, so a revalidated day is enough.
fn respond(a: &Asset) -> Response {
    let mut res = (StatusCode::OK, a.body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(a.mime));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    res
}

pub async fn serve(Path(path): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.path == path) {
        Some(a) => respond(a),
        None => (StatusCode::NOT_FOUND, "未找到 / not found").into_response(),
    }
}

pub async fn favicon() -> Response {
    match ASSETS.iter().find(|a| a.path == "favicon.svg") {
        Some(a) => respond(a),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
