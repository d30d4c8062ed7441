//! A form as the browser sends it: urlencoded, or multipart when it carries
//! evidence files (the progress report and the sign-off steps). The text
//! fields decode into the same struct either way; the files come beside.

use crate::pages::ctx::PageError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use rectify_app::commands::EvidenceFile;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

pub struct PageUpload<T> {
    pub form: T,
    /// Non-empty files of the field `evidence`, with the name the browser gave.
    pub files: Vec<EvidenceFile>,
}

fn unreadable() -> PageError {
    PageError::BadRequest("表单内容有误 / the form could not be read".into())
}

impl<T, S> FromRequest<S> for PageUpload<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, PageError> {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let axum::Form(form) = axum::Form::<T>::from_request(req, state)
                .await
                .map_err(|_| unreadable())?;
            return Ok(PageUpload {
                form,
                files: vec![],
            });
        }
        let mut parts = Multipart::from_request(req, state)
            .await
            .map_err(|_| unreadable())?;
        let mut fields = Map::new();
        let mut files = vec![];
        while let Some(field) = parts.next_field().await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                PageError::from(crate::error::ApiError::of(
                    rectify_domain::ErrorCode::PayloadTooLarge,
                ))
            } else {
                unreadable()
            }
        })? {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let bytes: Bytes = field.bytes().await.map_err(|_| unreadable())?;
            match file_name {
                // A file input left empty still sends an empty part.
                Some(_) if bytes.is_empty() => {}
                Some(file_name) if name == "evidence" => files.push(EvidenceFile {
                    file_name: Some(file_name),
                    bytes,
                }),
                Some(_) => {}
                None => {
                    let text = String::from_utf8(bytes.to_vec()).map_err(|_| unreadable())?;
                    fields.insert(name, Value::String(text));
                }
            }
        }
        let form = serde_json::from_value(Value::Object(fields)).map_err(|_| unreadable())?;
        Ok(PageUpload { form, files })
    }
}
