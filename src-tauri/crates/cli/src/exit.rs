//! Exit codes of contract v1, from the core's error codes (the CLI branches on codes, never on
//! message text).

use std::process::ExitCode;

use fleetdeck_core::ErrorCode;

/// An exit status of `fleetdeck`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0
    Ok,
    /// 1: the provider or the network failed (also a failed or timed-out job, the keyring, local data).
    Failure,
    /// 2: a usage error (bad input, refused before any request).
    Usage,
    /// 3: some accounts answered and some failed.
    Partial,
    /// 4: authentication failed (401/403).
    Auth,
    /// 5: the account or resource does not exist.
    NotFound,
    /// 6: the provider does not offer the action.
    Unsupported,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
            Exit::Partial => 3,
            Exit::Auth => 4,
            Exit::NotFound => 5,
            Exit::Unsupported => 6,
        }
    }

    pub fn from_error_code(code: ErrorCode) -> Exit {
        match code {
            ErrorCode::Auth | ErrorCode::Forbidden => Exit::Auth,
            ErrorCode::NotFound => Exit::NotFound,
            ErrorCode::Unsupported => Exit::Unsupported,
            ErrorCode::InvalidInput => Exit::Usage,
            ErrorCode::Partial => Exit::Partial,
            ErrorCode::Validation
            | ErrorCode::LowBalance
            | ErrorCode::RateLimited
            | ErrorCode::Conflict
            | ErrorCode::Network
            | ErrorCode::Timeout
            | ErrorCode::Provider
            | ErrorCode::JobFailed
            | ErrorCode::Keyring
            | ErrorCode::Cache
            | ErrorCode::Internal => Exit::Failure,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_codes() {
        assert_eq!(Exit::from_error_code(ErrorCode::Auth).code(), 4);
        assert_eq!(Exit::from_error_code(ErrorCode::Forbidden).code(), 4);
        assert_eq!(Exit::from_error_code(ErrorCode::NotFound).code(), 5);
        assert_eq!(Exit::from_error_code(ErrorCode::Unsupported).code(), 6);
        assert_eq!(Exit::from_error_code(ErrorCode::InvalidInput).code(), 2);
        assert_eq!(Exit::from_error_code(ErrorCode::Partial).code(), 3);
        for c in [
            ErrorCode::Validation,
            ErrorCode::LowBalance,
            ErrorCode::Network,
            ErrorCode::Provider,
            ErrorCode::JobFailed,
            ErrorCode::Timeout,
        ] {
            assert_eq!(Exit::from_error_code(c).code(), 1, "{c:?}");
        }
    }
}
