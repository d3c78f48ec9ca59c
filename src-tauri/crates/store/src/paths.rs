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
