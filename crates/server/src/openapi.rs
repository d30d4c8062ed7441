//! The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json.

use axum::Json;
use serde_json::{json, Value};

fn op(summary: &str, tag: &str, body: Option<Value>) -> Value {
    let mut v = json!({
        "summary": summary,
        "tags": [tag],
        "responses": {
            "200": {"description": "OK"},
            "401": {"$ref": "#/components/responses/Error"},
            "403": {"$ref": "#/components/responses/Error"},
            "404": {"$ref": "#/components/responses/Error"},
            "409": {"$ref": "#/components/responses/Error"},
            "422": {"$ref": "#/components/responses/Error"}
        }
    });
    if let Some(schema) = body {
        v["requestBody"] =
            json!({"required": true, "content": {"application/json": {"schema": schema}}});
    }
    v
}

fn id_param(name: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer"}})
}

pub async fn document() -> Json<Value> {
    let obj = |props: Value, required: &[&str]| json!({"type": "object", "properties": props, "required": required});
    let list_params = [
        "plan", "category", "status", "unit", "leader", "overdue", "warning", "due_from", "due_to",
        "q", "sort", "page", "per_page",
    ]
    .iter()
    .map(|n| json!({"name": n, "in": "query", "required": false, "schema": {"type": "string"}}))
    .collect::<Vec<_>>();
    Json(json!({
        "openapi": "3.1.0",
        "info": {
            "title": "rectify API — 督察整改台账与销号管理",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "JSON writes need the session cookie, Content-Type: application/json and no Origin header or a same-origin one. Errors: {\"error\":{\"code\",\"message\"}} with stable codes."
        },
        "paths": {
            "/healthz": {"get": op("200 when the database answers", "system", None)},
            "/api/v1/session": {
                "post": op("Log in; sets the session cookie", "session", Some(obj(json!({"username": {"type": "string"}, "password": {"type": "string"}}), &["username", "password"]))),
                "delete": op("Log out", "session", None)
            },
            "/api/v1/me": {"get": op("The current user and CSRF token", "session", None)},
            "/api/v1/me/password": {"post": op("Change the password", "session", Some(obj(json!({"old_password": {"type": "string"}, "new_password": {"type": "string", "minLength": 8}}), &["old_password", "new_password"])))},
            "/api/v1/plans": {"get": op("Imported plans", "ledger", None)},
            "/api/v1/plans/{id}/notice": {"post": op("Set how many working days the plan's public notices last (office)", "ledger", Some(obj(json!({"workdays": {"type": "integer", "minimum": 1, "maximum": 30}}), &["workdays"])))},
            "/api/v1/imports": {"post": {
                "summary": "Import a plan document (raw body); ?dry_run=true previews", "tags": ["ledger"],
                "parameters": [{"name": "file_name", "in": "query", "schema": {"type": "string"}}, {"name": "dry_run", "in": "query", "schema": {"type": "boolean"}}],
                "requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                "responses": {"200": {"description": "rectify-plan/1 draft or import report"}}
            }},
            "/api/v1/problems": {"get": {"summary": "The ledger, filtered and paginated (scoped to the user's units)", "tags": ["ledger"], "parameters": list_params, "responses": {"200": {"description": "{items,total,page,per_page}"}}}},
            "/api/v1/problems/{id}": {"get": {"summary": "One problem with measures, reports, warnings, sign-off steps, schedule progress, history", "tags": ["ledger"], "parameters": [id_param("id")], "responses": {"200": {"description": "OK"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/problems/{id}/progress": {"post": op("Monthly progress report (unit of the problem)", "workflow", Some(obj(json!({"period": {"type": "string", "pattern": "^\\d{4}-\\d{2}$"}, "percent": {"type": "integer", "minimum": 0, "maximum": 100}, "text": {"type": "string"}, "measures": {"type": "array"}}), &["period", "percent", "text"])))},
            "/api/v1/problems/{id}/reports/{report_id}/review": {"post": op("Accept or return a report (office)", "workflow", Some(obj(json!({"accept": {"type": "boolean"}, "comment": {"type": "string"}}), &["accept"])))},
            "/api/v1/problems/{id}/signoff": {"post": op("Advance the sign-off procedure: self_check, review, public_notice, verify, file", "workflow", Some(obj(json!({"step": {"enum": ["self_check", "review", "public_notice", "verify", "file"]}, "decision": {"enum": ["approve", "reject"]}, "comment": {"type": "string"}}), &["step", "decision"])))},
            "/api/v1/problems/{id}/reopen": {"post": op("Reopen a signed-off problem (rebound, look-back)", "workflow", Some(obj(json!({"reason": {"type": "string"}, "lookback": {"type": "string"}}), &["reason"])))},
            "/api/v1/problems/{id}/escalations": {"post": op("Record an escalation: notice, interview, listed, exposure, discipline_referral", "workflow", Some(obj(json!({"kind": {"type": "string"}, "date": {"type": "string", "format": "date"}, "doc_number": {"type": "string"}, "note": {"type": "string"}, "unit": {"type": "string"}}), &["kind"])))},
            "/api/v1/escalations": {"get": op("All escalations", "workflow", None)},
            "/api/v1/problems/{id}/attachments": {"post": {
                "summary": "Upload evidence for a problem (raw body, at most 20 MB; JPEG, PNG, PDF, docx or xlsx, recognised by content). Units of the problem, its supervising units, the office",
                "tags": ["evidence"],
                "parameters": [
                    id_param("id"),
                    {"name": "file_name", "in": "query", "required": false, "schema": {"type": "string"}, "description": "display name only; the file is stored under its SHA-256"},
                    {"name": "kind", "in": "query", "required": false, "schema": {"enum": ["photo", "acceptance", "monitoring", "other"], "default": "other"}},
                    {"name": "report_id", "in": "query", "required": false, "schema": {"type": "integer"}, "description": "a progress report of the same problem"}
                ],
                "requestBody": {"required": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                "responses": {
                    "200": {"description": "The attachment: {id, problem_id, report_id, sha256, size, content_type, file_name, kind, uploaded_by, uploaded_at}"},
                    "401": {"$ref": "#/components/responses/Error"},
                    "403": {"$ref": "#/components/responses/Error"},
                    "404": {"$ref": "#/components/responses/Error"},
                    "409": {"$ref": "#/components/responses/Error"},
                    "413": {"$ref": "#/components/responses/Error"},
                    "422": {"$ref": "#/components/responses/Error"}
                }
            }},
            "/api/v1/attachments/{sha256}": {"get": {
                "summary": "Download evidence by its SHA-256 (as an attachment, with the sniffed content type), for users who may read a problem it belongs to",
                "tags": ["evidence"],
                "parameters": [{"name": "sha256", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}],
                "responses": {
                    "200": {"description": "The file", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                    "401": {"$ref": "#/components/responses/Error"},
                    "403": {"$ref": "#/components/responses/Error"},
                    "404": {"$ref": "#/components/responses/Error"}
                }
            }},
            "/api/v1/lookbacks": {
                "get": op("Look-back campaigns (回头看) with tallies; outside the office only those touching the user's problems", "lookback", None),
                "post": op("Start a look-back campaign over signed-off problems (office). selection: {kind: plan, plan_id} | {kind: problems, ids} | {kind: every_nth, n, seed, plan_id?} | {kind: percent, percent, seed, plan_id?}; samples are deterministic for a seed", "lookback", Some(obj(json!({
                    "name": {"type": "string"},
                    "note": {"type": "string"},
                    "selection": {"type": "object", "properties": {
                        "kind": {"enum": ["plan", "problems", "every_nth", "percent"]},
                        "plan_id": {"type": "integer"},
                        "ids": {"type": "array", "items": {"type": "integer"}},
                        "n": {"type": "integer", "minimum": 1},
                        "percent": {"type": "integer", "minimum": 1, "maximum": 100},
                        "seed": {"type": "integer", "minimum": 0}
                    }, "required": ["kind"]}
                }), &["name", "selection"])))
            },
            "/api/v1/lookbacks/{id}": {"get": {"summary": "One campaign with its items (scoped to the problems the user may read)", "tags": ["lookback"], "parameters": [id_param("id")], "responses": {"200": {"description": "{campaign, items}"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/lookbacks/{id}/items/{problem_id}": {"post": op("Record a look-back result (office, or the problem's supervising unit): confirmed, or rebound, which reopens the problem (comment required)", "lookback", Some(obj(json!({"result": {"enum": ["confirmed", "rebound"]}, "comment": {"type": "string"}}), &["result"])))},
            "/api/v1/warnings": {"get": op("Open warnings (scoped)", "workflow", None)},
            "/api/v1/warnings/{id}/ack": {"post": op("Acknowledge a warning", "workflow", None)},
            "/api/v1/objections": {"get": op("Open objections (office)", "workflow", None)},
            "/api/v1/objections/{id}/resolve": {"post": op("Resolve an objection", "workflow", Some(obj(json!({"resolution": {"type": "string"}}), &["resolution"])))},
            "/api/v1/audit/verify": {"get": op("Verify the audit chain and the ledger against it", "audit", None)},
            "/api/v1/calendar/overrides": {
                "get": op("The administrator's additions to the official working-day calendar, and the covered years", "calendar", None),
                "post": op("Add a holiday or make-up working day (admin)", "calendar", Some(obj(json!({"date": {"type": "string", "format": "date"}, "is_workday": {"type": "boolean"}, "name": {"type": "string"}}), &["date", "is_workday", "name"])))
            },
            "/api/v1/public/plans": {"get": op("Published plans", "public", None)},
            "/api/v1/public/problems": {"get": op("Published fields only; paginated with total", "public", None)},
            "/api/v1/public/problems/{id}": {"get": op("One published problem with its sign-off steps", "public", None)},
            "/api/v1/public/problems/{id}/objections": {"post": op("Lodge an objection during the public notice", "public", Some(obj(json!({"text": {"type": "string"}, "contact": {"type": "string"}}), &["text"])))}
        },
        "components": {
            "responses": {"Error": {"description": "Error", "content": {"application/json": {"schema": {"type": "object", "properties": {"error": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}}}}},
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "rectify_session"}}
        }
    }))
}
