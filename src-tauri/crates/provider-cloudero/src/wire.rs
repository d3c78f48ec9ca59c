//! The Cloude.ro wire format (docs/wire-decisions.md, Cloude.ro reference): the `{status, data, message,
//! error}` envelope, the mapping of its errors onto the core [`Error`], and the two shapes of an action's
//! answer.
//!
//! Everything here is total: any body, however malformed, becomes a value or a typed error.

use fleetdeck_core::error::{BalanceShortfall, FieldError};
use fleetdeck_core::http::{error_from_status, Response};
use fleetdeck_core::lenient;
use fleetdeck_core::toolkit::{self, DataEnvelope};
use fleetdeck_core::{Error, Result};
use secrecy::SecretString;
use serde_json::Value;

/// How Cloude.ro wraps every answer: `{status, data, message, error}`, failed when `status` is
/// `error`.
const ENVELOPE: DataEnvelope = DataEnvelope {
    provider: "Cloude.ro",
    status_field: "status",
    failure: "error",
    empty_is_success: false,
};

/// The `data` of a successful answer, or the error the answer stands for.
///
/// Success is HTTP 2xx with `status` absent or anything but `"error"`; `data` missing reads as `null`.
/// A body that is not a JSON object is an "unexpected answer" — never a panic.
pub(crate) fn decode(account: &str, resp: &Response) -> Result<Value> {
    ENVELOPE.decode(account, resp, |body| match body {
        Some(body) => envelope_error(account, resp, body),
        None => resp.status_error(account),
    })
}

/// The provider's own words for an error: `error.errorMessage`, else `message`, else `error` as text.
fn error_message(body: &Value) -> Option<String> {
    let err = body.get("error");
    lenient::text(err.and_then(|e| e.get("errorMessage")))
        .or_else(|| lenient::text(body.get("message")))
        .or_else(|| lenient::text(err))
        .or_else(|| lenient::text(body.get("detail")))
}

/// Check an id before it goes into a URL path ([`toolkit::path_id`]; Cloude.ro ids are integers).
pub(crate) fn path_id<'a>(what: &str, id: &'a str) -> Result<&'a str> {
    toolkit::path_id("Cloude.ro", &format!("{what} id"), id)
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
    if status == 402 || (rejection && toolkit::mentions_low_balance(&lower)) {
        return Error::LowBalance {
            account: owner,
            shortfall: Box::new(shortfall(body)),
            message,
            status: Some(status),
            code: None,
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
            let message = lenient::text_or_first(v)?;
            Some(FieldError {
                field: field.clone(),
                message,
                kind: None,
            })
        })
        .collect()
}

/// What an action answered (docs/wire-decisions.md, Cloude.ro reference): `true`, or `{event_id}` to follow,
/// and — tolerated for `change_password` — a generated password, which is a secret and leaves only as one.
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

#[cfg(test)]
mod tests {
    use super::*;
    use fleetdeck_core::testing::response;
    use serde_json::json;

    /// The request every sample answers.
    const REQUEST: &str = "POST /v1/server/create";

    #[test]
    fn success_gives_data() {
        let r = response(
            200,
            REQUEST,
            r#"{"status":"success","data":{"event_id":1578},"message":null}"#,
        );
        assert_eq!(decode("a", &r).unwrap(), json!({"event_id": 1578}));
        let r = response(200, REQUEST, r#"{"status":"success","data":true}"#);
        assert_eq!(decode("a", &r).unwrap(), json!(true));
    }

    #[test]
    fn error_envelope_prefers_error_message() {
        let r = response(
            400,
            REQUEST,
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
        let code = |s, m: &str| decode("a", &response(s, REQUEST, env(m))).unwrap_err().code();
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

    /// The payload keeps what Cloude.ro sent (402, or 400 with words), never Cloudzy's 460 and code.
    #[test]
    fn low_balance_keeps_the_status_cloude_ro_sent() {
        let env = r#"{"status":"error","data":null,"message":"Insufficient balance"}"#;
        for status in [402, 400] {
            let d = decode("a", &response(status, REQUEST, env))
                .unwrap_err()
                .to_payload()
                .details;
            assert_eq!((d.http_status, d.provider_code), (Some(status), None), "{status}");
        }
    }

    #[test]
    fn unreadable_bodies_are_provider_errors() {
        let e = decode("a", &response(200, REQUEST, "<html>")).unwrap_err();
        assert_eq!(e.code(), fleetdeck_core::ErrorCode::Provider);
        assert!(e.to_string().contains("unexpected answer"), "{e}");
        let e = decode("a", &response(502, REQUEST, "Bad Gateway")).unwrap_err();
        assert!(e.to_string().contains("HTTP 502"), "{e}");
        assert!(decode("a", &response(200, REQUEST, "[1]")).is_err());
        assert!(decode("a", &response(200, REQUEST, "{}")).is_err());
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
