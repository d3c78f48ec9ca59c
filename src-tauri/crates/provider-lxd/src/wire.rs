//! The LXD REST wire format (docs/wire-decisions.md, vz and LXD reference): the three envelopes — sync
//! (HTTP 200), async (HTTP 202 + `Location` + `operation`) and error (`error_code`) — and the mapping
//! of errors onto the core [`Error`].
//!
//! Status texts differ in case between the vz spec (`"success"`, `"ok"`, `"failure"`) and LXD
//! (`"Success"`, `"Operation created"`, `"Failure"`): only numeric codes are compared. Everything
//! here is total: any body, however malformed, becomes a value or a typed error.

use fleetdeck_core::http::{error_from_status, Response};
use fleetdeck_core::lenient;
use fleetdeck_core::toolkit;
use fleetdeck_core::{Error, Result};
use serde_json::Value;

/// What a successful answer carried.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Answer {
    /// A synchronous result: `metadata`, and the `ETag` header when the server sent one.
    Sync { metadata: Value, etag: Option<String> },
    /// A background operation: its URL (`/1.0/operations/<uuid>`, or the seed's container URL) and
    /// the operation object the server sent along (may be empty).
    Async { operation: String, metadata: Value },
}

impl Answer {
    /// The metadata of either kind.
    pub(crate) fn metadata(&self) -> &Value {
        match self {
            Answer::Sync { metadata, .. } | Answer::Async { metadata, .. } => metadata,
        }
    }
}

/// Decode an answer. `dialect` names the server in messages ("LXD", "vz").
///
/// - `type: "error"`, or any HTTP status ≥ 400, is an error (see [`error_of`]);
/// - `type: "async"` or HTTP 202 is an operation (`operation`, else the `Location` header);
/// - `type: "sync"` is its `metadata`;
/// - a 2xx JSON body without `type` (a bare list such as `[101, 102]`) is taken as the metadata.
pub(crate) fn decode(account: &str, dialect: &str, resp: &Response) -> Result<Answer> {
    let body = match resp.json_value() {
        Ok(v) => v,
        Err(_) if resp.is_success() => {
            return Err(unexpected(account, dialect, resp, "the body is not JSON"))
        }
        Err(_) => return Err(resp.status_error(account)),
    };
    let kind = body
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase);
    if !resp.is_success() || kind.as_deref() == Some("error") {
        return Err(error_of(account, resp, &body));
    }
    let mut metadata = body.get("metadata").cloned().unwrap_or(Value::Null);
    if kind.as_deref() == Some("async") || resp.status == 202 {
        // The seed puts the affected resources next to the operation, LXD inside it: keep them
        // with the operation either way.
        if let Some(res) = body.get("resources") {
            match &mut metadata {
                Value::Object(o) if !o.contains_key("resources") => {
                    o.insert("resources".into(), res.clone());
                }
                Value::Null => metadata = serde_json::json!({ "resources": res }),
                _ => {}
            }
        }
        let operation = lenient::text(body.get("operation"))
            .or_else(|| resp.header("location").map(str::to_owned))
            .map(|o| operation_path(&o))
            .filter(|o| !o.is_empty());
        return match operation {
            Some(operation) => Ok(Answer::Async { operation, metadata }),
            None => Err(unexpected(
                account,
                dialect,
                resp,
                "a background operation without an operation URL",
            )),
        };
    }
    match kind.as_deref() {
        Some("sync") => Ok(Answer::Sync {
            metadata,
            etag: resp.header("etag").map(str::to_owned),
        }),
        Some(other) => Err(unexpected(
            account,
            dialect,
            resp,
            &format!("unknown answer type '{other}'"),
        )),
        // Tolerated: a bare JSON document (the vz revision's list, a proxy's answer).
        None if body.is_array() || body.is_object() => Ok(Answer::Sync {
            metadata: body,
            etag: resp.header("etag").map(str::to_owned),
        }),
        None => Err(unexpected(account, dialect, resp, "no envelope")),
    }
}

/// The path of an operation URL: an absolute URL (`https://host:8443/1.0/operations/x`) loses its
/// origin; a path is kept as it is.
pub(crate) fn operation_path(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(rest) = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"))
    {
        return rest.find('/').map(|i| rest[i..].to_owned()).unwrap_or_default();
    }
    raw.to_owned()
}

pub(crate) fn unexpected(account: &str, dialect: &str, resp: &Response, why: &str) -> Error {
    toolkit::unexpected_answer(account, dialect, resp, why)
}

/// Map an error envelope (or any non-2xx answer) to the core error it stands for. The code is the
/// envelope's `error_code` when it is an HTTP-like number, else the HTTP status.
///
/// 400 is a conflict when the message says the instance is in the wrong state ("Instance is
/// running", "already exists"), a validation error otherwise; 401 auth; 403 forbidden (LXD's "not
/// authorized" for an untrusted certificate); 404 not found; 409/412 conflict (412 = the ETag
/// changed: someone edited the object meanwhile); 429 rate limited; the rest provider errors.
pub(crate) fn error_of(account: &str, resp: &Response, body: &Value) -> Error {
    let code = lenient::number(body.get("error_code"))
        .filter(|c| (400.0..600.0).contains(c))
        .map(|c| c as u16)
        .unwrap_or(if resp.status >= 400 { resp.status } else { 500 });
    let message = lenient::text(body.get("error"))
        .filter(|m| !m.eq_ignore_ascii_case("failure"))
        .or_else(|| lenient::text(body.get("metadata").and_then(|m| m.get("error"))))
        .or_else(|| lenient::text(body.get("error")))
        .unwrap_or_else(|| format!("{} answered HTTP {}", resp.request, resp.status));
    let owner = account.to_owned();
    match code {
        400 if is_state_conflict(&message) => Error::Conflict {
            account: owner,
            message,
        },
        400 => Error::Validation {
            account: owner,
            message,
            fields: Vec::new(),
        },
        403 => Error::Forbidden {
            account: owner,
            message: forbidden_hint(&message),
        },
        412 => Error::Conflict {
            account: owner,
            message: format!("{message} (it was changed meanwhile: load it again and retry)"),
        },
        _ => {
            let mut e = error_from_status(account, code, message, resp.retry_after());
            if let Error::Provider { code: c, .. } = &mut e {
                *c = Some(code.to_string());
            }
            e
        }
    }
}

fn is_state_conflict(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "is running",
        "is not running",
        "already running",
        "already exists",
        "is frozen",
        "is stopped",
        "is busy",
        "in use",
    ]
    .iter()
    .any(|w| m.contains(w))
}

fn forbidden_hint(message: &str) -> String {
    if message.eq_ignore_ascii_case("not authorized") {
        format!("{message}: the server does not trust this client certificate (add it to the server's trust store, e.g. `lxc config trust add`)")
    } else {
        message.to_owned()
    }
}

/// One operation, as `GET /1.0/operations/<id>` (and `/wait`) describe it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Operation {
    pub id: String,
    pub description: String,
    /// 100–199 running/pending, 200 success, 400 failure, 401 cancelled.
    pub status_code: i64,
    pub status: String,
    pub err: Option<String>,
    /// Resource URLs by kind (`instances`, `containers`, `backups`…).
    pub resources: Vec<(String, String)>,
    /// A progress percentage found in the operation's metadata (`"rootfs: 45%"`), if any.
    pub percent: Option<f32>,
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Operation {
    pub(crate) fn is_final(&self) -> bool {
        self.status_code >= 200
    }

    pub(crate) fn succeeded(&self) -> bool {
        (200..400).contains(&self.status_code)
    }

    /// The last path segment of the first resource of `kind` (`instances` → the instance name).
    pub(crate) fn resource(&self, kinds: &[&str]) -> Option<String> {
        kinds.iter().find_map(|k| {
            self.resources
                .iter()
                .find(|(kind, _)| kind == k)
                .and_then(|(_, url)| last_segment(url))
        })
    }
}

/// The last non-empty segment of a URL path, without a query.
pub(crate) fn last_segment(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    path.rsplit('/').find(|s| !s.is_empty()).map(str::to_owned)
}

/// Read an operation object; `None` when the value is not one (no status at all).
pub(crate) fn operation(v: &Value) -> Option<Operation> {
    if !v.is_object() {
        return None;
    }
    let status_code = lenient::number(v.get("status_code"))
        .map(|c| c as i64)
        .or_else(|| lenient::text(v.get("status")).and_then(|s| code_of_status(&s)))?;
    let resources = resources(v.get("resources"));
    Some(Operation {
        id: lenient::text(v.get("id")).unwrap_or_default(),
        description: lenient::text(v.get("description"))
            .or_else(|| lenient::text(v.get("class")))
            .unwrap_or_else(|| "operation".into()),
        status_code,
        status: lenient::text(v.get("status")).unwrap_or_default(),
        err: lenient::text(v.get("err")).filter(|e| !e.trim().is_empty()),
        resources,
        percent: v.get("metadata").and_then(percent_in),
        created_at: date(v.get("created_at")),
        updated_at: date(v.get("updated_at")),
    })
}

/// `{kind: [url…]}` → `(kind, url)` pairs.
fn resources(v: Option<&Value>) -> Vec<(String, String)> {
    match v {
        Some(Value::Object(o)) => o
            .iter()
            .flat_map(|(kind, urls)| match urls {
                Value::Array(a) => a
                    .iter()
                    .filter_map(|u| u.as_str().map(|u| (kind.clone(), u.to_owned())))
                    .collect::<Vec<_>>(),
                Value::String(u) => vec![(kind.clone(), u.clone())],
                _ => Vec::new(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The last path segment of the first resource of one of `kinds` in an operation object.
pub(crate) fn resource_in(operation: &Value, kinds: &[&str]) -> Option<String> {
    let all = resources(operation.get("resources"));
    kinds.iter().find_map(|k| {
        all.iter()
            .find(|(kind, _)| kind == k)
            .and_then(|(_, url)| last_segment(url))
    })
}

/// A status code from a status text, for servers that send only the text.
fn code_of_status(s: &str) -> Option<i64> {
    Some(match s.trim().to_ascii_lowercase().as_str() {
        "success" => 200,
        "failure" | "error" => 400,
        "cancelled" | "canceled" => 401,
        "running" => 103,
        "pending" => 105,
        "ok" | "operation created" | "created" => 100,
        "cancelling" => 104,
        _ => return None,
    })
}

/// The first `NN%` in any string of an operation's metadata (LXD reports image download and
/// unpack progress as `"rootfs: 45% (12.3MB/s)"`).
fn percent_in(v: &Value) -> Option<f32> {
    match v {
        Value::String(s) => {
            let i = s.find('%')?;
            let digits: String = s[..i]
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            digits
                .parse::<f32>()
                .ok()
                .filter(|p| p.is_finite() && (0.0..=100.0).contains(p))
        }
        Value::Object(o) => o.values().find_map(percent_in),
        Value::Array(a) => a.iter().find_map(percent_in),
        _ => None,
    }
}

/// A timestamp; LXD's zero times (`0001-01-01T00:00:00Z`, the Unix epoch) mean "never".
pub(crate) fn date(v: Option<&Value>) -> Option<chrono::DateTime<chrono::Utc>> {
    lenient::datetime(v).filter(|d| d.timestamp() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resp(status: u16, body: &str) -> Response {
        fleetdeck_core::testing::response(status, "GET /1.0/x", body)
    }

    #[test]
    fn the_three_envelopes() {
        let sync = r#"{"type":"sync","status":"Success","status_code":200,"metadata":{"a":1}}"#;
        assert_eq!(
            decode("a", "LXD", &resp(200, sync)).unwrap(),
            Answer::Sync {
                metadata: json!({"a": 1}),
                etag: None
            }
        );
        let asynch = r#"{"type":"async","status":"OK","status_code":100,"operation":"/1.0/operations/u1","metadata":{"id":"u1"}}"#;
        assert!(matches!(
            decode("a", "LXD", &resp(202, asynch)).unwrap(),
            Answer::Async { operation, .. } if operation == "/1.0/operations/u1"
        ));
        let err = r#"{"type":"error","error":"Instance not found","error_code":404,"metadata":{}}"#;
        let e = decode("a", "LXD", &resp(404, err)).unwrap_err();
        assert_eq!(e.code(), fleetdeck_core::ErrorCode::NotFound);
        assert!(e.to_string().contains("Instance not found"));
    }

    #[test]
    fn the_seed_spellings() {
        // vz spec: lower-case statuses, error "failure" with the code only.
        let e = decode(
            "a",
            "vz",
            &resp(
                400,
                r#"{"type":"error","error":"failure","error_code":400,"metadata":{}}"#,
            ),
        )
        .unwrap_err();
        assert_eq!(e.code(), fleetdeck_core::ErrorCode::Validation);
        let ok = decode("a", "vz", &resp(200, "[101, 102]")).unwrap();
        assert_eq!(ok.metadata(), &json!([101, 102]));
    }

    #[test]
    fn status_mapping() {
        use fleetdeck_core::ErrorCode::*;
        let code = |s: u16, msg: &str| {
            let body = json!({"type": "error", "error": msg, "error_code": s}).to_string();
            decode("a", "LXD", &resp(s, &body)).unwrap_err().code()
        };
        assert_eq!(code(400, "Instance is running"), Conflict);
        assert_eq!(code(400, "Invalid name"), Validation);
        assert_eq!(code(401, "x"), Auth);
        assert_eq!(code(403, "not authorized"), Forbidden);
        assert_eq!(code(404, "x"), NotFound);
        assert_eq!(code(409, "x"), Conflict);
        assert_eq!(code(412, "ETag doesn't match"), Conflict);
        assert_eq!(code(500, "x"), Provider);
    }

    #[test]
    fn operations_read_leniently() {
        let op = operation(&json!({"id": "u", "status": "Running", "status_code": 103,
            "resources": {"instances": ["/1.0/instances/c1"]},
            "metadata": {"create_instance_from_image_unpack_progress": "Unpack: 45% (3MB/s)"}}))
        .unwrap();
        assert_eq!(op.resource(&["instances"]).as_deref(), Some("c1"));
        assert_eq!(op.percent, Some(45.0));
        assert!(!op.is_final());
        let op = operation(&json!({"status": "failure", "err": "boom"})).unwrap();
        assert!(op.is_final() && !op.succeeded());
        assert!(operation(&json!({"id": "x"})).is_none());
        assert_eq!(
            operation_path("https://h:8443/1.0/operations/x"),
            "/1.0/operations/x"
        );
    }
}
