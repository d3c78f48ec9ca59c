//! The Cloudzy wire format (its README, "Wire"): the `{detail, code, data}` envelope and the mapping
//! of its errors onto the core [`Error`] — the `FAILED` envelope, FastAPI-style 422 bodies whose
//! `detail` is a list naming the fields, and 460 low balance with the figures.
//!
//! Everything here is total: any body, however malformed, becomes a value or a typed error.

use fleetdeck_core::error::{BalanceShortfall, FieldError};
use fleetdeck_core::http::{error_from_status, Response};
use fleetdeck_core::lenient;
use fleetdeck_core::toolkit::{self, DataEnvelope};
use fleetdeck_core::{Error, Result};
use serde_json::Value;

/// The HTTP status Cloudzy uses for "the balance is too low for this order".
pub(crate) const LOW_BALANCE_STATUS: u16 = 460;

/// How Cloudzy wraps every answer: `{detail, code, data}`, failed when `code` is `FAILED`.
const ENVELOPE: DataEnvelope = DataEnvelope {
    provider: "Cloudzy",
    status_field: "code",
    failure: "FAILED",
    empty_is_success: true,
};

/// The `data` of a successful answer, or the error the answer stands for.
///
/// Success is HTTP 2xx with `code` absent or anything but `FAILED` (the official client also sees
/// `CREATED` after a create); `data` missing, an empty body (204) or a bare `null` read as `null`.
/// A 2xx body that is not a JSON object is an "unexpected answer" — never a panic.
pub(crate) fn decode(account: &str, resp: &Response) -> Result<Value> {
    ENVELOPE.decode(account, resp, |body| match body {
        Some(body) => envelope_error(account, resp, body),
        None => status_error(account, resp, resp.status_message(), Vec::new(), &Value::Null),
    })
}

/// Check an id before it goes into a URL path ([`toolkit::path_id`]).
pub(crate) fn path_id<'a>(what: &str, id: &'a str) -> Result<&'a str> {
    toolkit::path_id("Cloudzy", &format!("{what} id"), id)
}

/// Map an error envelope (or any non-2xx answer) to the core error it stands for.
pub(crate) fn envelope_error(account: &str, resp: &Response, body: &Value) -> Error {
    let fields = field_errors(body.get("detail"));
    let message = error_message(body, &fields)
        .unwrap_or_else(|| format!("{} answered HTTP {}", resp.request, resp.status));
    status_error(account, resp, message, fields, body)
}

fn status_error(
    account: &str,
    resp: &Response,
    message: String,
    fields: Vec<FieldError>,
    body: &Value,
) -> Error {
    let owner = account.to_owned();
    let code = lenient::text(body.get("code"));
    let balance_code = code
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("BALANCE_IS_NOT_SUFFICIENT"));
    // A `FAILED` envelope on HTTP 200 carries the real status in `data.statusCode`.
    let status = if resp.is_success() {
        body.get("data")
            .and_then(|d| lenient::count(d.get("statusCode")))
            .and_then(|s| u16::try_from(s).ok())
            .filter(|s| *s >= 400)
            .unwrap_or(resp.status)
    } else {
        resp.status
    };
    if status == LOW_BALANCE_STATUS || balance_code {
        return Error::LowBalance {
            account: owner,
            shortfall: Box::new(shortfall(body.get("data"))),
            message,
            status: Some(status),
            code,
        };
    }
    match status {
        422 | 400 if !fields.is_empty() => Error::Validation {
            account: owner,
            message,
            fields,
        },
        401 | 403 | 404 | 409 | 410 | 412 | 422 | 423 | 429 => {
            error_from_status(account, status, message, resp.retry_after())
        }
        _ => Error::Provider {
            account: owner,
            status: Some(status),
            code,
            message,
        },
    }
}

/// The provider's own words: `detail` as text, else `data.detail`; for a 422 list, a summary.
fn error_message(body: &Value, fields: &[FieldError]) -> Option<String> {
    if let Some(text) = lenient::text(body.get("detail")) {
        return Some(text);
    }
    if let Some(text) = body.get("data").and_then(|d| lenient::text(d.get("detail"))) {
        return Some(text);
    }
    if !fields.is_empty() {
        return Some("invalid request".into());
    }
    lenient::text(body.get("message"))
}

/// Field errors of a FastAPI 422: `detail: [{loc: ["body", "hostnames", 0], msg, type}]`. The field
/// is `loc` without its leading `body`/`query`/`path` part, joined with dots.
pub(crate) fn field_errors(detail: Option<&Value>) -> Vec<FieldError> {
    let Some(Value::Array(items)) = detail else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let loc: Vec<String> = match item.get("loc") {
                Some(Value::Array(parts)) => parts.iter().filter_map(|p| lenient::text(Some(p))).collect(),
                Some(other) => lenient::text(Some(other)).into_iter().collect(),
                None => Vec::new(),
            };
            let skip = usize::from(
                loc.first()
                    .is_some_and(|p| matches!(p.as_str(), "body" | "query" | "path" | "header")),
            );
            let field = loc.get(skip..).map(|p| p.join(".")).unwrap_or_default();
            let message = lenient::text(item.get("msg")).unwrap_or_else(|| "invalid".into());
            if field.is_empty() && item.get("msg").is_none() {
                return None;
            }
            Some(FieldError {
                field: if field.is_empty() { "request".into() } else { field },
                message,
                kind: lenient::text(item.get("type")),
            })
        })
        .collect()
}

/// Figures of a 460: `minimumRequiredBalance` (number) and `customerBalance` (string) — kept as the
/// provider wrote them.
fn shortfall(data: Option<&Value>) -> BalanceShortfall {
    let Some(d) = data else {
        return BalanceShortfall::default();
    };
    BalanceShortfall {
        required: lenient::decimal(d.get("minimumRequiredBalance")),
        available: lenient::decimal(d.get("customerBalance")),
        currency: lenient::text(d.get("currency")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fleetdeck_core::testing::response;
    use fleetdeck_core::ErrorCode;
    use serde_json::json;

    /// The request every sample answers.
    const REQUEST: &str = "POST /v1/instances";

    #[test]
    fn success_gives_data() {
        let r = response(200, REQUEST, r#"{"detail":"ok","code":"OKAY","data":{"id":"x"}}"#);
        assert_eq!(decode("a", &r).unwrap(), json!({"id": "x"}));
        let r = response(
            201,
            REQUEST,
            r#"{"detail":"created","code":"CREATED","data":{"instances":[]}}"#,
        );
        assert_eq!(decode("a", &r).unwrap(), json!({"instances": []}));
        let r = response(200, REQUEST, r#"{"code":"OKAY"}"#);
        assert_eq!(decode("a", &r).unwrap(), Value::Null);
    }

    #[test]
    fn failed_envelope_uses_the_inner_status() {
        let r = response(
            200,
            REQUEST,
            r#"{"detail":"Error message","code":"FAILED","data":{"statusCode":404,"detail":"Resource not found"}}"#,
        );
        let e = decode("work", &r).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NotFound);
        assert_eq!(e.to_string(), "work: Error message");
        let r = response(
            400,
            REQUEST,
            r#"{"detail":"Bad thing","code":"FAILED","data":null}"#,
        );
        let e = decode("work", &r).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Provider);
        assert!(e.to_string().contains("Bad thing"));
    }

    #[test]
    fn validation_names_the_fields() {
        let r = response(
            422,
            REQUEST,
            r#"{"detail":[{"loc":["body","hostnames"],"msg":"field required","type":"value_error.missing"},{"loc":["body","extraResource","cpu"],"msg":"too big","type":"value_error"}]}"#,
        );
        match decode("work", &r).unwrap_err() {
            Error::Validation { fields, account, .. } => {
                assert_eq!(account, "work");
                assert_eq!(fields[0].field, "hostnames");
                assert_eq!(fields[0].kind.as_deref(), Some("value_error.missing"));
                assert_eq!(fields[1].field, "extraResource.cpu");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn low_balance_carries_the_figures() {
        let r = response(
            460,
            REQUEST,
            r#"{"detail":"You don't have enough balance for the selected product.","code":"BALANCE_IS_NOT_SUFFICIENT","data":{"minimumRequiredBalance":203.09,"customerBalance":"353.00","numberOfDaysBalanceValidatedAgainst":5,"activeInstanceCount":8}}"#,
        );
        match decode("work", &r).unwrap_err() {
            Error::LowBalance {
                shortfall,
                message,
                status,
                code,
                ..
            } => {
                assert_eq!(status, Some(460));
                assert_eq!(code.as_deref(), Some("BALANCE_IS_NOT_SUFFICIENT"));
                assert_eq!(shortfall.required.as_deref(), Some("203.09"));
                assert_eq!(shortfall.available.as_deref(), Some("353.00"));
                assert!(message.contains("enough balance"));
            }
            other => panic!("{other:?}"),
        }
    }

    /// The payload keeps what Cloudzy sent: its status (the inner one of a `FAILED` envelope on
    /// HTTP 200) and its code, or no code when it sent none.
    #[test]
    fn low_balance_keeps_the_status_and_code_cloudzy_sent() {
        let details = |status, body: &str| {
            decode("a", &response(status, REQUEST, body))
                .unwrap_err()
                .to_payload()
                .details
        };
        let d = details(460, r#"{"detail":"Not enough balance"}"#);
        assert_eq!((d.http_status, d.provider_code), (Some(460), None));
        let d = details(
            200,
            r#"{"detail":"Not enough balance","code":"FAILED","data":{"statusCode":460}}"#,
        );
        assert_eq!(d.http_status, Some(460));
        assert_eq!(d.provider_code.as_deref(), Some("FAILED"));
    }

    #[test]
    fn statuses_map_to_codes() {
        let code = |s, body: &str| decode("a", &response(s, REQUEST, body)).unwrap_err().code();
        let env = r#"{"detail":"x","code":"FAILED","data":null}"#;
        assert_eq!(code(401, env), ErrorCode::Auth);
        assert_eq!(code(403, env), ErrorCode::Forbidden);
        assert_eq!(code(404, env), ErrorCode::NotFound);
        assert_eq!(code(422, r#"{"detail":"plain"}"#), ErrorCode::Validation);
        assert_eq!(code(429, env), ErrorCode::RateLimited);
        assert_eq!(code(503, "Service Unavailable"), ErrorCode::Provider);
        assert_eq!(code(200, "<html>"), ErrorCode::Provider);
        assert!(decode("a", &response(200, REQUEST, "[1]")).is_err());
        assert!(decode("a", &response(200, REQUEST, "{}")).is_err());
        assert_eq!(decode("a", &response(204, REQUEST, "")).unwrap(), Value::Null);
    }

    #[test]
    fn ids_in_paths_are_checked() {
        assert!(path_id("instance", "0f0e9c3a-1b2c-4d5e-8f90-123456789abc").is_ok());
        assert!(path_id("ssh key", "101").is_ok());
        assert!(path_id("instance", "../profile").is_err());
        assert!(path_id("instance", "..").is_err());
        assert!(path_id("instance", "").is_err());
        assert!(path_id("instance", "a b").is_err());
        assert!(path_id("instance", "a/b").is_err());
    }
}
