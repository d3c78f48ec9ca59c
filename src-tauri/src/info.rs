//! What the app tells the UI about itself.

use serde::Serialize;
use ts_rs::TS;

/// The short hash of the commit this app was built from ("unknown" outside a git checkout); set by
/// src-tauri/build.rs with the CLI's code (src-tauri/crates/cli/build_info.rs).
pub const COMMIT: &str = env!("FLEETDECK_COMMIT");
/// The UTC date of the build (`SOURCE_DATE_EPOCH` when set), YYYY-MM-DD.
pub const BUILD_DATE: &str = env!("FLEETDECK_BUILD_DATE");

/// What the app tells about itself (the About box, diagnostics).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    /// The commit the app was built from ([`COMMIT`]).
    pub commit: String,
    /// The date of the build ([`BUILD_DATE`]).
    pub build_date: String,
    /// The data directory shared with the `fleetdeck` CLI.
    pub data_dir: String,
    /// The OS keyring service the secrets are stored under.
    pub keyring_service: String,
}

impl AppInfo {
    /// This build's information, with the directory and keyring service it runs with.
    pub fn new(version: String, data_dir: String, keyring_service: String) -> AppInfo {
        AppInfo {
            version,
            commit: COMMIT.to_owned(),
            build_date: BUILD_DATE.to_owned(),
            data_dir,
            keyring_service,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_stamps_a_commit_and_a_calendar_date() {
        let info = AppInfo::new("0.1.0".into(), "/tmp/d".into(), "fleetdeck-dev".into());
        assert!(
            info.commit == "unknown"
                || (info.commit.len() >= 7 && info.commit.chars().all(|c| c.is_ascii_hexdigit())),
            "{}",
            info.commit
        );
        let date: Vec<&str> = info.build_date.split('-').collect();
        assert_eq!(date.len(), 3, "{}", info.build_date);
        assert!(
            date[0].len() == 4 && date[1].len() == 2 && date[2].len() == 2,
            "{}",
            info.build_date
        );
        assert!(
            date.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())),
            "{}",
            info.build_date
        );
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(json["buildDate"], info.build_date.as_str());
        assert_eq!(json["commit"], info.commit.as_str());
    }
}
