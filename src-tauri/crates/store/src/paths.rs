//! Where Fleetdeck keeps its data, and the keyring service name.

use std::path::{Path, PathBuf};

use fleetdeck_core::{Error, Result};

/// The app identifier (tauri.conf.json); the data directory is named after it, as Tauri does.
pub const APP_IDENTIFIER: &str = "io.fleetdeck.desktop";

/// Environment variable that overrides the data directory (the CLI's `--data-dir` sets it too).
pub const DATA_DIR_ENV: &str = "FLEETDECK_DATA_DIR";

/// Environment variable that overrides the keyring service name.
pub const KEYRING_SERVICE_ENV: &str = "FLEETDECK_KEYRING_SERVICE";

/// The keyring service: `fleetdeck`, or `fleetdeck-dev` for debug builds so development never touches
/// a user's real secrets; overridable with `FLEETDECK_KEYRING_SERVICE`.
pub fn keyring_service() -> String {
    if let Ok(s) = std::env::var(KEYRING_SERVICE_ENV) {
        if !s.trim().is_empty() {
            return s;
        }
    }
    if cfg!(debug_assertions) {
        "fleetdeck-dev".into()
    } else {
        "fleetdeck".into()
    }
}

/// Longest account id accepted (ids are UUIDs, 36 characters; sandbox ids are shorter).
const MAX_ACCOUNT_ID_LEN: usize = 64;

/// Check an account id before it becomes part of a path (`cache/<id>`) or a keyring entry name:
/// 1–64 characters of `[A-Za-z0-9_-]`, so `..`, `/`, `\\` and absolute paths can never appear.
/// Every store function that turns an id into a name calls this, not only the ones that write.
pub fn validate_account_id(id: &str) -> Result<()> {
    let ok = !id.is_empty()
        && id.len() <= MAX_ACCOUNT_ID_LEN
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::internal(format!(
            "'{}' is not a valid account id (1–{MAX_ACCOUNT_ID_LEN} of A–Z, a–z, 0–9, '-', '_')",
            id.escape_debug()
        )))
    }
}

/// The data directory and the files in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DataDir { root: root.into() }
    }

    /// `$FLEETDECK_DATA_DIR`, else the desktop app's data directory (what Tauri's `app_data_dir`
    /// answers: `<platform data dir>/io.fleetdeck.desktop`), so the app and the CLI share it.
    pub fn resolve(explicit: Option<&Path>) -> Result<Self> {
        if let Some(p) = explicit {
            return Ok(DataDir::new(p));
        }
        if let Some(p) = std::env::var_os(DATA_DIR_ENV).filter(|p| !p.is_empty()) {
            return Ok(DataDir::new(PathBuf::from(p)));
        }
        let base = dirs::data_dir().ok_or_else(|| Error::Cache {
            message: "cannot determine the user's data directory".into(),
        })?;
        Ok(DataDir::new(base.join(APP_IDENTIFIER)))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn accounts_file(&self) -> PathBuf {
        self.root.join("accounts.json")
    }
    pub fn jobs_file(&self) -> PathBuf {
        self.root.join("jobs.json")
    }
    pub fn cache_dir(&self) -> PathBuf {
        self.root.join("cache")
    }
    pub fn lock_file(&self) -> PathBuf {
        self.root.join(".lock")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_are_plain_names() {
        assert!(validate_account_id("0b9a4a1e-0000-4000-8000-000000000001").is_ok());
        assert!(validate_account_id("sandbox_cloudzy-1").is_ok());
        for bad in [
            "",
            "..",
            "../x",
            "a/b",
            "/tmp/x",
            "C:\\x",
            "a b",
            "ä",
            &"x".repeat(65),
        ] {
            assert!(validate_account_id(bad).is_err(), "{bad:?}");
        }
    }
}
