//! The Cloude.ro wire format (PROVIDERS.md §2.3): the `{status, data, message, error}` envelope, the
//! mapping of its errors onto the core [`Error`], and the two shapes of an action's answer.
//!
//! Everything here is total: any body, however malformed, becomes a value or a typed error.

use fleetdeck_core::error::{BalanceShortfall, FieldError};
use fleetdeck_core::http::{error_from_status, Response};
use fleetdeck_core::lenient;
use fleetdeck_core::{Error, Result};
use secrecy::SecretString;
use serde_json::Value;

/// The `data` of a successful answer, or the error the answer stands for.
///
/// Success is HTTP 2xx with `status` absent or anything but `"error"`; `data` missing reads as `null`.
/// A body that is not a JSON object is an "unexpected answer" — never a panic.
pub(crate) fn decode(account: &str, resp: &Response) -> Result<Value> {
    let body = match resp.json_value() {
        Ok(v) => v,
        Err(_) if resp.is_success() => {
            return Err(unexpected(account, resp, "the body is not JSON"));
        }
        Err(_) => return Err(resp.status_error(account)),
    };
    let says_error = body
        .get("status")
        .and_then(Value::as_str)
        .is_some_and(|s| s.eq_ignore_ascii_case("error"));
    if !resp.is_success() || says_error {
        return Err(envelope_error(account, resp, &body));
    }
    match body {
        Value::Object(mut o) => {
            if !o.contains_key("data") && !o.contains_key("status") {
                return Err(unexpected(account, resp, "no envelope"));
            }
            Ok(o.remove("data").unwrap_or(Value::Null))
        }
        _ => Err(unexpected(account, resp, "the body is not a JSON object")),
    }
}

fn unexpected(account: &str, resp: &Response, why: &str) -> Error {
    Error::Provider {
        account: account.to_owned(),
        status: Some(resp.status),
        code: None,
        message: format!(
            "unexpected answer from Cloude.ro to {} ({why}): {}",
            resp.request,
            resp.text_excerpt(120)
        ),
    }
}

/// The provider's own words for an error: `error.errorMessage`, else `message`, else `error` as text.
fn error_message(body: &Value) -> Option<String> {
    let err = body.get("error");
    lenient::text(err.and_then(|e| e.get("errorMessage")))
        .or_else(|| lenient::text(body.get("message")))
        .or_else(|| lenient::text(err))
        .or_else(|| lenient::text(body.get("detail")))
}

/// Map an error envelope (or any non-2xx answer) to the core error it stands for.
pub(crate) fn envelope_error(account: &str, resp: &Response, body: &Value) -> Error {
    let status = resp.status;
    let mut message =
        error_message(body).unwrap_or_else(|| format!("{} answered HTTP {status}", resp.request));
    if let Some(dev) = lenient::text(body.get("error").and_then(|e| e.get("errorDev"))) {
        if dev != message {
            message = format!("{message} ({dev})");
        }
    }
    let lower = message.to_lowercase();
    let owner = account.to_owned();
    let rejection = matches!(status, 400 | 402 | 422 | 200..=299);
    if status == 402 || (rejection && mentions_balance(&lower)) {
        return Error::LowBalance {
            account: owner,
            shortfall: shortfall(body),
            message,
        };
    }
    match status {
        401 => Error::Auth {
            account: owner,
            message,
        },
        400 | 422 if mentions_busy(&lower) => Error::Conflict {
            account: owner,
            message,
        },
        400 | 422 => Error::Validation {
            account: owner,
            fields: field_errors(body),
            message,
        },
        200..=299 if mentions_busy(&lower) => Error::Conflict {
            account: owner,
            message,
        },
        200..=299 => Error::Provider {
            account: owner,
            status: Some(status),
            code: None,
            message,
        },
        _ => error_from_status(account, status, message, resp.retry_after()),
    }
}

fn mentions_balance(lower: &str) -> bool {
    ["balance", "bakiye", "insufficient funds", "not enough credit"]
        .iter()
        .any(|w| lower.contains(w))
}

fn mentions_busy(lower: &str) -> bool {
    [
        "active event",
        "another event",
        "in progress",
        "busy",
        "already running",
        "locked",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Figures of a low-balance answer, where the envelope carries any (undocumented: names guessed
/// from the user-info fields, read leniently).
fn shortfall(body: &Value) -> BalanceShortfall {
    let places = [body.get("error"), body.get("data")];
    let pick = |names: &[&str]| {
        places
            .iter()
            .flatten()
            .find_map(|p| names.iter().find_map(|n| lenient::decimal(p.get(*n))))
    };
    BalanceShortfall {
        required: pick(&["required", "required_balance", "price", "amount"]),
        available: pick(&["balance", "available", "current_balance"]),
        currency: places
            .iter()
            .flatten()
            .find_map(|p| lenient::text(p.get("currency"))),
    }
}

/// Field errors of a validation answer: `error.fields` / `errors` as `{field: message | [messages]}`
/// (Laravel style) when present. The documented envelope has none; the list is then empty.
fn field_errors(body: &Value) -> Vec<FieldError> {
    let map = [
        body.get("error").and_then(|e| e.get("fields")),
        body.get("error").and_then(|e| e.get("errors")),
        body.get("errors"),
    ]
    .into_iter()
    .flatten()
    .find_map(Value::as_object);
    let Some(map) = map else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(field, v)| {
            let message = match v {
                Value::Array(a) => a.iter().find_map(|m| lenient::text(Some(m))),
                other => lenient::text(Some(other)),
            }?;
            Some(FieldError {
                field: field.clone(),
                message,
                kind: None,
            })
        })
        .collect()
}

/// What an action answered (PROVIDERS.md §2.5 quirk 7): `true`, or `{event_id}` to follow, and —
/// tolerated for `change_password` — a generated password, which is a secret and leaves only as one.
#[derive(Debug, Default)]
pub(crate) struct ActionResult {
    pub event_id: Option<String>,
    pub password: Option<SecretString>,
}

/// Read an action's `data`. `false` is the provider saying the action failed.
pub(crate) fn action_result(account: &str, request: &str, data: Value) -> Result<ActionResult> {
    match data {
        Value::Bool(false) => Err(Error::Provider {
            account: account.to_owned(),
            status: Some(200),
            code: None,
            message: format!("Cloude.ro reported that {request} failed"),
        }),
        Value::Number(_) | Value::String(_) => Ok(ActionResult {
            event_id: event_id_of(&data),
            password: None,
        }),
        Value::Object(mut o) => {
            let password = match o.remove("password") {
                Some(Value::String(p)) if !p.is_empty() => Some(SecretString::from(p)),
                _ => None,
            };
            let event_id = ["event_id", "eventId", "event"]
                .iter()
                .find_map(|k| o.get(*k).and_then(event_id_of));
            Ok(ActionResult { event_id, password })
        }
        // `true`, `null` and anything else a success envelope carries: done.
        _ => Ok(ActionResult::default()),
    }
}

/// An event id from a number or a numeric string.
fn event_id_of(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => n.as_i64().map(|i| i.to_string()),
        Value::String(s) if !s.trim().is_empty() && s.trim().chars().all(|c| c.is_ascii_digit()) => {
            Some(s.trim().to_owned())
        }
        Value::Object(o) => o.get("id").and_then(event_id_of),
        _ => None,
    }
}

/// Form pairs from `(name, value)` string slices.
pub(crate) fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Check an id before it goes into a URL path: Cloude.ro ids are integers; allow slug characters
/// only, so nothing a user types can change the path.
pub(crate) fn path_id<'a>(what: &str, id: &'a str) -> Result<&'a str> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(id)
    } else {
        Err(Error::invalid_field(
            "id",
            format!("'{id}' is not a valid Cloude.ro {what} id"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: Default::default(),
            body: body.as_bytes().to_vec().into(),
            request: "POST /v1/server/create".into(),
            sensitive: false,
        }
    }

    #[test]
    fn success_gives_data() {
        let r = response(
            200,
            r#"{"status":"success","data":{"event_id":1578},"message":null}"#,
        );
        assert_eq!(decode("a", &r).unwrap(), json!({"event_id": 1578}));
        let r = response(200, r#"{"status":"success","data":true}"#);
        assert_eq!(decode("a", &r).unwrap(), json!(true));
    }

    #[test]
    fn error_envelope_prefers_error_message() {
        let r = response(
            400,
            r#"{"status":"error","data":null,"message":"short","error":{"errorMessage":"The selected package disk size must be greater than or equal to the snapshot disk size. ( 40/20 GB ).","errorDev":""}}"#,
        );
        let e = decode("work", &r).unwrap_err();
        assert_eq!(e.code(), fleetdeck_core::ErrorCode::Validation);
        assert!(e.to_string().starts_with("work: "), "{e}");
        assert!(e.to_string().contains("snapshot disk size"), "{e}");
    }

    #[test]
    fn statuses_map_to_codes() {
        use fleetdeck_core::ErrorCode::*;
        let env = |m: &str| {
            format!(
                r#"{{"status":"error","data":null,"message":"{m}","error":{{"errorMessage":"{m}","errorDev":""}}}}"#
            )
        };
        let code = |s, m: &str| decode("a", &response(s, &env(m))).unwrap_err().code();
        assert_eq!(code(401, "Token expired"), Auth);
        assert_eq!(code(403, "nope"), Forbidden);
        assert_eq!(code(404, "Server not found"), NotFound);
        assert_eq!(code(409, "x"), Conflict);
        assert_eq!(code(400, "Server has an active event"), Conflict);
        assert_eq!(code(400, "Insufficient balance"), LowBalance);
        assert_eq!(code(402, "pay"), LowBalance);
        assert_eq!(code(429, "slow down"), RateLimited);
        assert_eq!(code(500, "oops"), Provider);
        assert_eq!(code(200, "odd"), Provider);
    }

    #[test]
    fn unreadable_bodies_are_provider_errors() {
        let e = decode("a", &response(200, "<html>")).unwrap_err();
        assert_eq!(e.code(), fleetdeck_core::ErrorCode::Provider);
        assert!(e.to_string().contains("unexpected answer"), "{e}");
        let e = decode("a", &response(502, "Bad Gateway")).unwrap_err();
        assert!(e.to_string().contains("HTTP 502"), "{e}");
        assert!(decode("a", &response(200, "[1]")).is_err());
        assert!(decode("a", &response(200, "{}")).is_err());
    }

    #[test]
    fn action_results() {
        let r = action_result("a", "x", json!(true)).unwrap();
        assert!(r.event_id.is_none());
        let r = action_result("a", "x", json!({"event_id": 1587})).unwrap();
        assert_eq!(r.event_id.as_deref(), Some("1587"));
        let r = action_result("a", "x", json!({"event_id": "12", "password": "s3cr3t"})).unwrap();
        assert_eq!(r.event_id.as_deref(), Some("12"));
        assert!(r.password.is_some());
        assert!(!format!("{r:?}").contains("s3cr3t"));
        assert!(action_result("a", "x", json!(false)).is_err());
    }

    #[test]
    fn ids_in_paths_are_checked() {
        assert!(path_id("server", "1515").is_ok());
        assert!(path_id("server", "../user").is_err());
        assert!(path_id("server", "").is_err());
        assert!(path_id("server", "1 2").is_err());
    }
}
