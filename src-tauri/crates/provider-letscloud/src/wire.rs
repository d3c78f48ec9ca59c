//! The LetsCloud wire format (docs/wire-decisions.md, LetsCloud reference): the `{success, data | message}`
//! envelope, checked on every answer, and the mapping of its errors onto the core [`Error`].
//!
//! `success: false` is an error even with HTTP 200 (the node SDK rejects it too); the one exception,
//! the empty SSH-key list, is decided by the caller ([`Answer::Refused`]). Everything here is total:
//! any body, however malformed, becomes a value or a typed error — never a panic.

use fleetdeck_core::http::{error_from_status, Response};
use fleetdeck_core::lenient;
use fleetdeck_core::toolkit;
use fleetdeck_core::{Error, Result};
use serde_json::Value;

/// What a call expects on success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    /// `data` must be present (details, create key).
    Data,
    /// A list: `data` absent or `null` reads as an empty list (the node SDK reads `data || {}`).
    List,
    /// An acknowledgement: `{success: true, message}`, `{success: true}` or — tolerated for
    /// `shutdown` and `change-plan` (wire decisions) — an empty body.
    Ack,
}

/// A successful answer: its `data` (or `null`) and its `message`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    pub data: Value,
    pub message: Option<String>,
}

/// Decode an answer: the `data`/`message` of a success, or the error the answer stands for.
pub(crate) fn decode(account: &str, resp: &Response, expect: Expect) -> Result<Answer> {
    let body = match resp.json_value() {
        Ok(v) => v,
        Err(_) if resp.is_success() => return Err(unexpected(account, resp, "the body is not JSON")),
        Err(_) => return Err(status_error(account, resp, None)),
    };
    if !resp.is_success() {
        return Err(status_error(account, resp, message_of(&body)));
    }
    match &body {
        Value::Null if expect == Expect::Ack => {
            return Ok(Answer {
                data: Value::Null,
                message: None,
            })
        }
        Value::Object(_) => {}
        _ => return Err(unexpected(account, resp, "the body is not a JSON object")),
    }
    let message = message_of(&body);
    match lenient::flag(body.get("success")) {
        Some(true) => {}
        Some(false) => return Err(refusal(account, resp, message)),
        None => return Err(unexpected(account, resp, "no `success` in the envelope")),
    }
    let data = body.get("data").cloned().unwrap_or(Value::Null);
    if expect == Expect::Data && data.is_null() {
        return Err(unexpected(account, resp, "no `data` in the answer"));
    }
    Ok(Answer { data, message })
}

/// Check an identifier or slug before it goes into a URL path ([`toolkit::path_id`]).
pub(crate) fn path_id<'a>(what: &str, id: &'a str) -> Result<&'a str> {
    toolkit::path_id("LetsCloud", what, id)
}

/// Whether an answer is HTTP 200 with `success: false` (the empty SSH-key list says so).
pub(crate) fn is_refusal(resp: &Response) -> bool {
    resp.is_success()
        && resp
            .json_value()
            .ok()
            .is_some_and(|b| lenient::flag(b.get("success")) == Some(false))
}

fn message_of(body: &Value) -> Option<String> {
    lenient::text(body.get("message"))
        .or_else(|| lenient::text(body.get("error")))
        .or_else(|| {
            // Laravel-style validation: `errors: {field: [messages]}`.
            body.get("errors")
                .and_then(Value::as_object)
                .and_then(|o| o.values().find_map(lenient::text_or_first))
        })
}

fn unexpected(account: &str, resp: &Response, why: &str) -> Error {
    toolkit::unexpected_answer(account, "LetsCloud", resp, why)
}

/// HTTP 200 with `success: false`: the provider refused. The message says why; the kind of error
/// is read from it (LetsCloud uses no other signal).
fn refusal(account: &str, resp: &Response, message: Option<String>) -> Error {
    let message = message.unwrap_or_else(|| format!("LetsCloud refused {}", resp.request));
    classify(account, resp.status, message).unwrap_or_else(|message| Error::Provider {
        account: account.to_owned(),
        status: Some(200),
        code: None,
        message,
    })
}

/// A non-2xx answer. LetsCloud documents 400, 401, 500 and 503; the others map by the HTTP rules.
fn status_error(account: &str, resp: &Response, message: Option<String>) -> Error {
    let status = resp.status;
    let message = message.unwrap_or_else(|| resp.status_message());
    match status {
        401 => Error::Auth {
            account: account.to_owned(),
            message,
        },
        400 | 422 => classify(account, status, message).unwrap_or_else(|message| Error::Validation {
            account: account.to_owned(),
            message,
            fields: Vec::new(),
        }),
        _ => error_from_status(account, status, message, resp.retry_after()),
    }
}

/// The error a refusal's message describes, or the message back when it says nothing recognisable.
/// `status` is the HTTP status the refusal came with (200 with `success: false`, or 400/422).
fn classify(account: &str, status: u16, message: String) -> std::result::Result<Error, String> {
    let lower = message.to_lowercase();
    let account = account.to_owned();
    if toolkit::mentions_low_balance(&lower) {
        return Ok(Error::LowBalance {
            account,
            message,
            shortfall: Default::default(),
            status: Some(status),
            code: None,
        });
    }
    if ["not found", "does not exist", "doesn't exist", "no query results"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return Ok(Error::NotFound {
            account: Some(account),
            message,
        });
    }
    if ["locked", "in progress", "busy", "already"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return Ok(Error::Conflict { account, message });
    }
    if ["unauthenticated", "unauthorized", "invalid token", "api key"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return Ok(Error::Auth { account, message });
    }
    Err(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fleetdeck_core::testing::response;
    use fleetdeck_core::ErrorCode;
    use serde_json::json;

    /// The request every sample answers.
    const REQUEST: &str = "GET /instances";

    #[test]
    fn success_gives_data_and_message() {
        let a = decode(
            "a",
            &response(200, REQUEST, r#"{"success":true,"data":[1]}"#),
            Expect::Data,
        )
        .unwrap();
        assert_eq!(a.data, json!([1]));
        let a = decode(
            "a",
            &response(
                200,
                REQUEST,
                r#"{"success":true,"message":"The instance is turning ON"}"#,
            ),
            Expect::Ack,
        )
        .unwrap();
        assert_eq!(a.message.as_deref(), Some("The instance is turning ON"));
        assert!(decode("a", &response(200, REQUEST, ""), Expect::Ack).is_ok());
        assert!(decode("a", &response(200, REQUEST, ""), Expect::Data).is_err());
        assert!(decode("a", &response(200, REQUEST, r#"{"success":true}"#), Expect::Data).is_err());
        let a = decode("a", &response(200, REQUEST, r#"{"success":true}"#), Expect::List).unwrap();
        assert_eq!(a.data, Value::Null);
        assert!(decode("a", &response(200, REQUEST, ""), Expect::List).is_err());
    }

    #[test]
    fn success_false_on_http_200_is_an_error() {
        let e = decode(
            "lc",
            &response(
                200,
                REQUEST,
                r#"{"success":false,"message":"Something went wrong"}"#,
            ),
            Expect::Data,
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::Provider);
        assert_eq!(e.to_string(), "lc: Something went wrong");
        let e = decode(
            "lc",
            &response(
                200,
                REQUEST,
                r#"{"success":false,"message":"Instance not found"}"#,
            ),
            Expect::Ack,
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::NotFound);
        assert!(is_refusal(&response(200, REQUEST, r#"{"success":false}"#)));
        assert!(!is_refusal(&response(400, REQUEST, r#"{"success":false}"#)));
    }

    #[test]
    fn statuses_map_to_codes() {
        let env = |m: &str| format!(r#"{{"success":false,"message":"{m}"}}"#);
        let code = |s, m: &str| {
            decode("a", &response(s, REQUEST, env(m)), Expect::Data)
                .unwrap_err()
                .code()
        };
        assert_eq!(code(401, "401 unauthorized"), ErrorCode::Auth);
        assert_eq!(code(400, "The label field is required."), ErrorCode::Validation);
        assert_eq!(code(400, "Insufficient balance"), ErrorCode::LowBalance);
        assert_eq!(code(400, "The instance is locked"), ErrorCode::Conflict);
        assert_eq!(code(404, "nope"), ErrorCode::NotFound);
        assert_eq!(code(429, "slow"), ErrorCode::RateLimited);
        assert_eq!(code(500, "oops"), ErrorCode::Provider);
        assert_eq!(code(503, "maintenance"), ErrorCode::Provider);
    }

    /// The payload keeps the status LetsCloud sent (400, or 200 with `success: false`), never
    /// Cloudzy's 460 and code.
    #[test]
    fn low_balance_keeps_the_status_letscloud_sent() {
        let env = r#"{"success":false,"message":"You don't have enough balance to create this instance."}"#;
        for status in [400, 200] {
            let d = decode("a", &response(status, REQUEST, env), Expect::Data)
                .unwrap_err()
                .to_payload()
                .details;
            assert_eq!((d.http_status, d.provider_code), (Some(status), None), "{status}");
        }
    }

    #[test]
    fn unreadable_bodies_are_provider_errors() {
        let e = decode("a", &response(200, REQUEST, "<html>"), Expect::Data).unwrap_err();
        assert!(e.to_string().contains("unexpected answer"), "{e}");
        let e = decode("a", &response(502, REQUEST, "Bad Gateway"), Expect::Data).unwrap_err();
        assert!(e.to_string().contains("HTTP 502"), "{e}");
        assert!(decode("a", &response(200, REQUEST, "[1]"), Expect::Data).is_err());
        assert!(decode("a", &response(200, REQUEST, "{}"), Expect::Ack).is_err());
    }

    #[test]
    fn ids_in_paths_are_checked() {
        assert_eq!(
            path_id("instance", "Mq5VF63YAdCqXt4U").unwrap(),
            "Mq5VF63YAdCqXt4U"
        );
        assert!(path_id("slug", "ubuntu-24.04-x86_64").is_ok());
        assert!(path_id("instance", "../profile").is_err());
        assert!(path_id("instance", "..").is_err());
        assert!(path_id("instance", "").is_err());
        assert!(path_id("instance", "a b").is_err());
        assert!(path_id("instance", "a?b").is_err());
    }
}
