//! What every provider crate needs at its wire edge, written once: the error builders for answers
//! that cannot be read, the check of an id before it goes into a URL path, the words that say an
//! order needs more balance, and the decoder of the `{data, <status field>}` envelope that Cloudzy
//! and Cloude.ro share. The one secret-field policy is [`crate::lenient::is_secret_key`].
//!
//! Everything here is total: any answer, however malformed, becomes a value or a typed error.

use serde_json::Value;

use crate::http::Response;
use crate::{Error, Result};

/// The error of an answer that is not what the request expects (not JSON, no envelope, a field
/// missing): `unexpected answer from <provider> to <request> (<why>): <excerpt>`. The excerpt is
/// [`Response::text_excerpt`], which withholds sensitive answers and secret-looking fields.
pub fn unexpected_answer(account: &str, provider: &str, resp: &Response, why: &str) -> Error {
    Error::Provider {
        account: account.to_owned(),
        status: Some(resp.status),
        code: None,
        message: format!(
            "unexpected answer from {provider} to {} ({why}): {}",
            resp.request,
            resp.text_excerpt(120)
        ),
    }
}

/// The error of a decoded answer whose content lacks what the request expects (no server in a
/// create answer, no customer id in a profile): `unexpected answer from <provider> to <request>:
/// <why>`.
pub fn unexpected_content(account: &str, provider: &str, request: &str, why: &str) -> Error {
    Error::Provider {
        account: account.to_owned(),
        status: None,
        code: None,
        message: format!("unexpected answer from {provider} to {request}: {why}"),
    }
}

/// Check an id or slug before it goes into a URL path: 1 to 128 letters, digits, `-`, `_` and `.`
/// (UUIDs, 64-hex ids, integers, slugs such as `ubuntu-24.04-x86_64`), trimmed, and never `.` or
/// `..`, so nothing a user types can change the path. The error names the field `id` and says
/// `'<id>' is not a valid <provider> <what>`.
pub fn path_id<'a>(provider: &str, what: &str, id: &'a str) -> Result<&'a str> {
    let id = id.trim();
    let ok = !id.is_empty()
        && id.len() <= 128
        && id != "."
        && id != ".."
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(id)
    } else {
        Err(Error::invalid_field(
            "id",
            format!("'{id}' is not a valid {provider} {what}"),
        ))
    }
}

/// Whether a provider's (lower-case) message says the balance is too low, for providers that
/// signal it only in words (Cloude.ro, LetsCloud): English, Turkish (`bakiye`) and Portuguese
/// (`saldo`) wordings.
pub fn mentions_low_balance(lower: &str) -> bool {
    [
        "balance",
        "bakiye",
        "saldo",
        "insufficient funds",
        "not enough credit",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// The envelope Cloudzy (`{detail, code, data}`, failure `code: "FAILED"`) and Cloude.ro
/// (`{status, data, message, error}`, failure `status: "error"`) share: a JSON object carrying
/// `data` and a status field whose value (any case) names a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataEnvelope {
    /// The provider's name in messages.
    pub provider: &'static str,
    /// The status field (`code`, `status`).
    pub status_field: &'static str,
    /// The value of the status field that means failure, even on HTTP 200 (`FAILED`, `error`).
    pub failure: &'static str,
    /// Whether a 2xx answer with no body (or a bare `null`) is a success without data.
    pub empty_is_success: bool,
}

impl DataEnvelope {
    /// The `data` of a successful answer (`null` when absent), or the error the answer stands for.
    ///
    /// Success is HTTP 2xx with the status field absent or anything but the failure value; the
    /// object must carry `data` or the status field. A non-2xx answer, or a failure envelope, is
    /// `error(Some(body))`; a non-2xx answer whose body is not JSON is `error(None)`. A 2xx body
    /// that is not a JSON object is an "unexpected answer" — never a panic.
    pub fn decode(
        &self,
        account: &str,
        resp: &Response,
        error: impl FnOnce(Option<&Value>) -> Error,
    ) -> Result<Value> {
        let unexpected = |why: &str| unexpected_answer(account, self.provider, resp, why);
        let body = match resp.json_value() {
            Ok(v) => v,
            Err(_) if resp.is_success() => return Err(unexpected("the body is not JSON")),
            Err(_) => return Err(error(None)),
        };
        let says_failed = body
            .get(self.status_field)
            .and_then(Value::as_str)
            .is_some_and(|c| c.eq_ignore_ascii_case(self.failure));
        if !resp.is_success() || says_failed {
            return Err(error(Some(&body)));
        }
        match body {
            Value::Null if self.empty_is_success => Ok(Value::Null),
            Value::Object(mut o) => {
                if !o.contains_key("data") && !o.contains_key(self.status_field) {
                    return Err(unexpected("no envelope"));
                }
                Ok(o.remove("data").unwrap_or(Value::Null))
            }
            _ => Err(unexpected("the body is not a JSON object")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use serde_json::json;

    fn response(status: u16, body: &str) -> Response {
        crate::testing::response(status, "GET /v1/x", body)
    }

    const ENVELOPE: DataEnvelope = DataEnvelope {
        provider: "Example",
        status_field: "status",
        failure: "error",
        empty_is_success: false,
    };

    fn failed(body: Option<&Value>) -> Error {
        Error::internal(format!("failed: {body:?}"))
    }

    #[test]
    fn data_of_a_success() {
        let r = response(200, r#"{"status":"success","data":{"id":1}}"#);
        assert_eq!(ENVELOPE.decode("a", &r, failed).unwrap(), json!({"id": 1}));
        let r = response(200, r#"{"status":"success"}"#);
        assert_eq!(ENVELOPE.decode("a", &r, failed).unwrap(), Value::Null);
    }

    #[test]
    fn failures_go_to_the_error_builder() {
        let r = response(200, r#"{"status":"ERROR","data":null}"#);
        let e = ENVELOPE.decode("a", &r, failed).unwrap_err();
        assert!(e.to_string().contains("Some(Object"), "{e}");
        let r = response(502, "Bad Gateway");
        let e = ENVELOPE.decode("a", &r, failed).unwrap_err();
        assert!(e.to_string().contains("failed: None"), "{e}");
    }

    #[test]
    fn unreadable_successes_are_unexpected_answers() {
        for body in ["<html>", "[1]", "{}", ""] {
            let e = ENVELOPE.decode("a", &response(200, body), failed).unwrap_err();
            assert_eq!(e.code(), ErrorCode::Provider, "{body}");
            assert!(
                e.to_string()
                    .contains("unexpected answer from Example to GET /v1/x"),
                "{e}"
            );
        }
        let lenient = DataEnvelope {
            empty_is_success: true,
            ..ENVELOPE
        };
        assert_eq!(
            lenient.decode("a", &response(204, ""), failed).unwrap(),
            Value::Null
        );
    }

    #[test]
    fn ids_in_paths_are_checked() {
        assert_eq!(path_id("P", "thing id", " 0f0e-9c3a ").unwrap(), "0f0e-9c3a");
        assert!(path_id("P", "slug", "ubuntu-24.04-x86_64").is_ok());
        for bad in ["", " ", ".", "..", "../profile", "a/b", "a b", "a?b", "a%2f", "ü"] {
            let e = path_id("P", "thing id", bad).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidInput, "{bad}");
            assert!(e.to_string().contains("is not a valid P thing id"), "{e}");
        }
        assert!(path_id("P", "id", &"a".repeat(129)).is_err());
    }

    #[test]
    fn low_balance_words() {
        for m in [
            "insufficient balance",
            "bakiye yetersiz",
            "saldo insuficiente",
            "not enough credit",
        ] {
            assert!(mentions_low_balance(m), "{m}");
        }
        assert!(!mentions_low_balance("server not found"));
    }

    #[test]
    fn unexpected_builders_name_provider_and_request() {
        let e = unexpected_answer(
            "acct",
            "Example",
            &response(200, "<html>"),
            "the body is not JSON",
        );
        assert_eq!(
            e.to_string(),
            "acct: unexpected answer from Example to GET /v1/x (the body is not JSON): <html>"
        );
        let e = unexpected_content("acct", "Example", "GET /v1/profile", "no customer id");
        assert_eq!(
            e.to_string(),
            "acct: unexpected answer from Example to GET /v1/profile: no customer id"
        );
    }
}
