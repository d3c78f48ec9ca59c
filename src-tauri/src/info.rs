//! What the app tells the UI about itself.

use serde::Serialize;
use ts_rs::TS;

/// What the app tells about itself (the About box, diagnostics).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    /// The data directory shared with the `fleetdeck` CLI.
    pub data_dir: String,
    /// The OS keyring service the secrets are stored under.
    pub keyring_service: String,
}
