//! Typed errors of the core and the provider clients, and their IPC form `{code, message, details}`.
//!
//! Invariants:
//! - every error that can reach a user names the account it concerns when there is one;
//! - the UI and the CLI branch on [`ErrorCode`], never on message text;
//! - no variant carries a secret (tokens, passwords, keys never enter an error message).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::ProviderKind;

/// Result alias used throughout the core and the provider crates.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Stable, machine-readable category of an error. Exported to TypeScript; the UI branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorCode {
    /// The credentials were refused (HTTP 401 or an expired login that could not be renewed).
    Auth,
    /// The credentials are valid but may not do this (HTTP 403).
    Forbidden,
    /// The addressed resource does not exist.
    NotFound,
    /// The provider rejected the request's content; `details.fields` names the fields.
    Validation,
    /// Input was rejected locally, before any request was sent.
    InvalidInput,
    /// The account's balance is too low for the order; `details.balance` carries the figures.
    LowBalance,
    /// The provider (or the local rate budget) asks to slow down; `details.retryAfterSecs` when known.
    RateLimited,
    /// The provider does not offer this action; `details.action` names it.
    Unsupported,
    /// The resource is in a state that forbids the action (busy, running, ETag mismatch…).
    Conflict,
    /// The provider could not be reached, or a request timed out.
    Network,
    /// A long-running job did not finish within its time-out.
    Timeout,
    /// The provider answered with an error that fits no other code, or with an unreadable body.
    Provider,
    /// A long-running job ended in failure on the provider's side.
    JobFailed,
    /// Some accounts answered and some failed; `details.failures` lists the failed ones.
    Partial,
    /// The OS keyring (Secret Service, Keychain, Credential Manager) is missing, locked or refused access.
    Keyring,
    /// The local cache or account list could not be read or written.
    Cache,
    /// A bug or an unexpected local condition.
    Internal,
}

/// One field the provider (or local validation) rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldError {
    /// The field's name as the user knows it (the provider's `loc` joined with dots, minus `body`).
    pub field: String,
    pub message: String,
    /// The provider's own error type, e.g. `value_error.missing`.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// The figures a provider gives when an order needs more balance than the account has.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BalanceShortfall {
    /// Decimal string, as the provider sent it.
    pub required: Option<String>,
    /// Decimal string, as the provider sent it.
    pub available: Option<String>,
    pub currency: Option<String>,
}

/// One account's failure inside a partial result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AccountFailure {
    pub account: String,
    pub error: ErrorPayload,
}

/// Structured context of an error; every part is optional and only set where it means something.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ErrorDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub account: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub provider: Option<ProviderKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub http_status: Option<u16>,
    /// The provider's own error code (`FAILED`, `BALANCE_IS_NOT_SUFFICIENT`, an LXD `error_code`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub provider_code: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<FieldError>>")]
    pub fields: Vec<FieldError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub retry_after_secs: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub balance: Option<BalanceShortfall>,
    /// For `unsupported`: the action the provider lacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub action: Option<String>,
    /// For `partial`: the accounts that failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<AccountFailure>>")]
    pub failures: Vec<AccountFailure>,
}

/// What crosses into the UI (Tauri command errors, events) and what the CLI prints with `-o json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    pub details: ErrorDetails,
}

impl std::fmt::Display for ErrorPayload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ErrorPayload {}

/// The error type of the core and of every provider client.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error("{account}: authentication failed: {message}")]
    Auth { account: String, message: String },

    #[error("{account}: access denied: {message}")]
    Forbidden { account: String, message: String },

    #[error("{}{message}", prefix(.account))]
    NotFound {
        account: Option<String>,
        message: String,
    },

    #[error("{account}: the provider rejected the request: {message}{}", describe_fields(.fields))]
    Validation {
        account: String,
        message: String,
        fields: Vec<FieldError>,
    },

    #[error("{message}")]
    InvalidInput { message: String, field: Option<String> },

    /// An order the account's balance does not cover. `status` and `code` are what the provider
    /// sent (Cloudzy: HTTP 460 and `BALANCE_IS_NOT_SUFFICIENT`; Cloude.ro: 402 or 400; LetsCloud:
    /// 400 or 200 with `success: false`), passed on unchanged in the payload's details. The
    /// figures are boxed to keep every `Result` of the crate small.
    #[error("{account}: the balance is too low: {message}{}", describe_shortfall(.shortfall))]
    LowBalance {
        account: String,
        message: String,
        shortfall: Box<BalanceShortfall>,
        status: Option<u16>,
        code: Option<String>,
    },

    #[error("{account}: rate limited by the provider{}", describe_retry(.retry_after))]
    RateLimited {
        account: String,
        retry_after: Option<Duration>,
    },

    #[error("{provider} does not offer {action}")]
    Unsupported { provider: ProviderKind, action: String },

    #[error("{account}: {message}")]
    Conflict { account: String, message: String },

    #[error("{account}: network error: {message}")]
    Network { account: String, message: String },

    #[error("{what} did not finish within {} s", .after.as_secs())]
    Timeout { what: String, after: Duration },

    #[error("{account}: {message}")]
    Provider {
        account: String,
        status: Option<u16>,
        code: Option<String>,
        message: String,
    },

    #[error("{account}: {message}")]
    JobFailed { account: String, message: String },

    #[error("{} of the accounts failed: {}", .failures.len(), describe_failures(.failures))]
    Partial { failures: Vec<AccountFailure> },

    #[error("OS keyring: {message}")]
    Keyring { message: String },

    #[error("local data: {message}")]
    Cache { message: String },

    #[error("internal error: {message}")]
    Internal { message: String },
}

fn prefix(account: &Option<String>) -> String {
    account.as_ref().map(|a| format!("{a}: ")).unwrap_or_default()
}

fn describe_fields(fields: &[FieldError]) -> String {
    if fields.is_empty() {
        return String::new();
    }
    let list: Vec<String> = fields
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect();
    format!(" ({})", list.join("; "))
}

fn describe_shortfall(s: &BalanceShortfall) -> String {
    let cur = s.currency.as_deref().map(|c| format!(" {c}")).unwrap_or_default();
    match (&s.required, &s.available) {
        (Some(r), Some(a)) => format!(" (required {r}{cur}, available {a}{cur})"),
        (Some(r), None) => format!(" (required {r}{cur})"),
        (None, Some(a)) => format!(" (available {a}{cur})"),
        (None, None) => String::new(),
    }
}

fn describe_retry(d: &Option<Duration>) -> String {
    d.map(|d| format!("; retry after {} s", d.as_secs().max(1)))
        .unwrap_or_default()
}

fn describe_failures(f: &[AccountFailure]) -> String {
    f.iter()
        .map(|f| format!("{} ({})", f.account, f.error.message))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Error {
    /// Shorthand for an internal error.
    pub fn internal(message: impl Into<String>) -> Self {
        Error::Internal {
            message: message.into(),
        }
    }

    /// Shorthand for locally rejected input.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Error::InvalidInput {
            message: message.into(),
            field: None,
        }
    }

    /// Locally rejected input that concerns one field of a form.
    pub fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            message: message.into(),
            field: Some(field.into()),
        }
    }

    /// Shorthand for a resource of `account` that does not exist.
    pub fn not_found(account: &str, message: impl Into<String>) -> Self {
        Error::NotFound {
            account: Some(account.to_owned()),
            message: message.into(),
        }
    }

    /// Shorthand for an action a provider lacks.
    pub fn unsupported(provider: ProviderKind, action: impl Into<String>) -> Self {
        Error::Unsupported {
            provider,
            action: action.into(),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Auth { .. } => ErrorCode::Auth,
            Error::Forbidden { .. } => ErrorCode::Forbidden,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Validation { .. } => ErrorCode::Validation,
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::LowBalance { .. } => ErrorCode::LowBalance,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::Unsupported { .. } => ErrorCode::Unsupported,
            Error::Conflict { .. } => ErrorCode::Conflict,
            Error::Network { .. } => ErrorCode::Network,
            Error::Timeout { .. } => ErrorCode::Timeout,
            Error::Provider { .. } => ErrorCode::Provider,
            Error::JobFailed { .. } => ErrorCode::JobFailed,
            Error::Partial { .. } => ErrorCode::Partial,
            Error::Keyring { .. } => ErrorCode::Keyring,
            Error::Cache { .. } => ErrorCode::Cache,
            Error::Internal { .. } => ErrorCode::Internal,
        }
    }

    /// The account this error concerns, if any.
    pub fn account(&self) -> Option<&str> {
        match self {
            Error::Auth { account, .. }
            | Error::Forbidden { account, .. }
            | Error::Validation { account, .. }
            | Error::LowBalance { account, .. }
            | Error::RateLimited { account, .. }
            | Error::Conflict { account, .. }
            | Error::Network { account, .. }
            | Error::Provider { account, .. }
            | Error::JobFailed { account, .. } => Some(account),
            Error::NotFound { account, .. } => account.as_deref(),
            _ => None,
        }
    }

    /// Whether repeating the same idempotent request later may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Network { .. } | Error::RateLimited { .. } => true,
            Error::Provider { status: Some(s), .. } => *s >= 500,
            _ => false,
        }
    }

    /// The IPC form of this error.
    pub fn to_payload(&self) -> ErrorPayload {
        let mut details = ErrorDetails {
            account: self.account().map(str::to_owned),
            ..Default::default()
        };
        match self {
            Error::Validation { fields, .. } => details.fields = fields.clone(),
            Error::InvalidInput {
                field: Some(field),
                message,
            } => {
                details.fields = vec![FieldError {
                    field: field.clone(),
                    message: message.clone(),
                    kind: None,
                }]
            }
            Error::LowBalance {
                shortfall,
                status,
                code,
                ..
            } => {
                details.balance = Some(BalanceShortfall::clone(shortfall));
                details.http_status = *status;
                details.provider_code = code.clone();
            }
            Error::RateLimited { retry_after, .. } => {
                details.retry_after_secs =
                    retry_after.map(|d| u32::try_from(d.as_secs()).unwrap_or(u32::MAX));
            }
            Error::Unsupported { provider, action } => {
                details.provider = Some(*provider);
                details.action = Some(action.clone());
            }
            Error::Provider { status, code, .. } => {
                details.http_status = *status;
                details.provider_code = code.clone();
            }
            Error::Partial { failures } => details.failures = failures.clone(),
            _ => {}
        }
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
            details,
        }
    }
}

impl From<Error> for ErrorPayload {
    fn from(e: Error) -> Self {
        e.to_payload()
    }
}

impl From<&Error> for ErrorPayload {
    fn from(e: &Error) -> Self {
        e.to_payload()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn low_balance_message_carries_the_figures() {
        let e = Error::LowBalance {
            account: "work".into(),
            message: "You don't have enough balance".into(),
            shortfall: Box::new(BalanceShortfall {
                required: Some("203.09".into()),
                available: Some("353.00".into()),
                currency: Some("USD".into()),
            }),
            status: Some(460),
            code: Some("BALANCE_IS_NOT_SUFFICIENT".into()),
        };
        assert_eq!(
            e.to_string(),
            "work: the balance is too low: You don't have enough balance (required 203.09 USD, available 353.00 USD)"
        );
        let p = e.to_payload();
        assert_eq!(p.code, ErrorCode::LowBalance);
        assert_eq!(
            p.details.balance.and_then(|b| b.required).as_deref(),
            Some("203.09")
        );
        assert_eq!(p.details.http_status, Some(460));
        assert_eq!(
            p.details.provider_code.as_deref(),
            Some("BALANCE_IS_NOT_SUFFICIENT")
        );
    }

    /// A low balance keeps what its own provider sent: never Cloudzy's 460 and code for another.
    #[test]
    fn low_balance_keeps_the_providers_own_status_and_code() {
        let e = Error::LowBalance {
            account: "ro".into(),
            message: "Insufficient balance".into(),
            shortfall: Box::default(),
            status: Some(402),
            code: None,
        };
        let p = e.to_payload();
        assert_eq!(p.code, ErrorCode::LowBalance);
        assert_eq!(p.details.http_status, Some(402));
        assert_eq!(p.details.provider_code, None);
        let json = serde_json::to_value(&p).unwrap();
        assert!(json["details"].get("providerCode").is_none(), "{json}");
    }

    #[test]
    fn validation_names_the_fields() {
        let e = Error::Validation {
            account: "work".into(),
            message: "invalid request".into(),
            fields: vec![FieldError {
                field: "hostnames".into(),
                message: "field required".into(),
                kind: Some("value_error.missing".into()),
            }],
        };
        assert!(e.to_string().contains("hostnames: field required"));
        let json = serde_json::to_value(e.to_payload()).unwrap();
        assert_eq!(json["code"], "validation");
        assert_eq!(json["details"]["fields"][0]["field"], "hostnames");
        assert_eq!(json["details"]["account"], "work");
    }

    #[test]
    fn unsupported_names_provider_and_action() {
        let e = Error::unsupported(ProviderKind::LetsCloud, "snapshot restore");
        assert_eq!(e.to_string(), "LetsCloud does not offer snapshot restore");
        let p = e.to_payload();
        assert_eq!(p.details.provider, Some(ProviderKind::LetsCloud));
        assert_eq!(p.details.action.as_deref(), Some("snapshot restore"));
    }

    #[test]
    fn transient_classification() {
        assert!(Error::Network {
            account: "a".into(),
            message: "x".into()
        }
        .is_transient());
        assert!(Error::Provider {
            account: "a".into(),
            status: Some(503),
            code: None,
            message: "x".into()
        }
        .is_transient());
        assert!(!Error::Provider {
            account: "a".into(),
            status: Some(400),
            code: None,
            message: "x".into()
        }
        .is_transient());
        assert!(!Error::Auth {
            account: "a".into(),
            message: "x".into()
        }
        .is_transient());
    }
}
