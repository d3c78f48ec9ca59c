//! The bodies of the commands that are not a [`fleetdeck_fleet::Fleet`] method: what only the
//! desktop app has (its own info, the embedded sandbox, the Downloads folder). The commands
//! themselves (adapters, handler, TypeScript map) come from the one declaration in
//! `command_list.rs`, expanded by `surface.rs`; a command's logic stays in the fleet (docs/design-rules.md
//! rule 1).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tauri::{AppHandle, Manager};

use fleetdeck_core::{Error, Result};
use fleetdeck_fleet::sandbox::{EmbeddedSandbox, SandboxAccounts};
use fleetdeck_fleet::{Fleet, FleetServers};

use crate::info::AppInfo;

/// What the app tells about itself (version, data directory, keyring service).
pub fn app_info(app: &AppHandle) -> Result<AppInfo> {
    app.try_state::<AppInfo>()
        .map(|info| info.inner().clone())
        .ok_or_else(|| Error::internal("the app is still starting"))
}

/// The cached listing (`cached_servers`) as the window gets it: without the servers' `raw` JSON
/// (fleet/src/views.rs `without_raw`). The first answer is a step of the start's trace, and lets
/// the work deferred past the first paint begin (src-tauri/src/startup.rs).
pub fn cached_servers(fleet: &Fleet, accounts: &[String]) -> Result<FleetServers> {
    let listing = fleet.cached_servers(accounts).map(FleetServers::without_raw);
    crate::startup::trace().listing_sent();
    crate::memory::trim_soon();
    listing
}

/// The servers fresh from their providers, for the window (without `raw`).
pub async fn refresh_servers(
    fleet: &Fleet,
    accounts: &[String],
    include_stale: bool,
) -> Result<FleetServers> {
    let listing = fleet
        .refresh_servers(accounts, include_stale)
        .await
        .map(FleetServers::without_raw);
    crate::memory::trim_soon();
    listing
}

/// "Try the sandbox": one account per simulated provider, checked and stored like any other.
pub async fn try_sandbox(app: &AppHandle) -> Result<SandboxAccounts> {
    let sandbox = app
        .try_state::<Arc<EmbeddedSandbox>>()
        .map(|s| s.inner().clone())
        .ok_or_else(|| Error::internal("the app is still starting"))?;
    sandbox.try_sandbox().await
}

/// The kinds of file an export may be saved as: the server table as CSV or JSON.
pub const EXPORT_EXTENSIONS: [&str; 2] = ["csv", "json"];

/// Save an export (the server table as CSV or JSON) as a new file in the user's Downloads folder
/// (the home folder when there is none) and return where it went.
pub async fn save_export(app: &AppHandle, file_name: String, contents: String) -> Result<String> {
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|e| Error::internal(format!("no folder to save into: {e}")))?;
    let path = tauri::async_runtime::spawn_blocking(move || save_export_in(&dir, &file_name, &contents))
        .await
        .map_err(|e| Error::internal(format!("blocking task: {e}")))??;
    Ok(path.display().to_string())
}

/// [`save_export`] into `dir`. Only a `.csv` or `.json` name is accepted (an `InvalidInput` on
/// `fileName` otherwise): the web view must not be able to drop a script or a desktop launcher into
/// the user's Downloads. The name is further cleaned and never overwrites (`files::save_new_file`).
pub fn save_export_in(dir: &Path, file_name: &str, contents: &str) -> Result<PathBuf> {
    let extension = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !extension.is_some_and(|e| EXPORT_EXTENSIONS.contains(&e.as_str())) {
        return Err(Error::invalid_field(
            "fileName",
            format!("an export is saved as .csv or .json, not as {file_name:?}"),
        ));
    }
    fleetdeck_store::files::save_new_file(dir, file_name, contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use fleetdeck_core::ErrorCode;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("fleetdeck-export-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn the_cached_listing_answer_holds_no_raw_json() {
        use fleetdeck_core::{Account, ProviderKind};
        use fleetdeck_store::{AccountList, Cache, DataDir, MemorySecrets};

        let dir = temp_dir("listing");
        let data = DataDir::new(&dir);
        let account = Account {
            id: "acc-1".into(),
            name: "main".into(),
            provider: ProviderKind::Cloudzy,
            endpoint: None,
            username: None,
            color: None,
            lxd: None,
            sandbox: false,
            created_at: chrono::DateTime::UNIX_EPOCH,
        };
        AccountList::new(data.clone()).insert(account).unwrap();
        let server: fleetdeck_core::Server = serde_json::from_value(serde_json::json!({
            "account": "main", "provider": "cloudzy", "id": "7", "name": "web-7", "hostname": null,
            "status": "running", "rawStatus": {}, "ipv4": [], "ipv6": [], "region": null, "plan": null,
            "image": null, "vcpus": null, "memoryMb": null, "diskGb": null, "bandwidthGb": null,
            "createdAt": null, "raw": {"id": 7, "label": "web-7"}
        }))
        .unwrap();
        Cache::new(data.clone())
            .write("acc-1", "servers", chrono::Utc::now(), &vec![server])
            .unwrap();
        let fleet = Fleet::new(fleetdeck_fleet::FleetConfig::new(
            data,
            Arc::new(MemorySecrets::default()),
            Arc::new(fleetdeck_fleet::Registry),
        ));

        // What the IPC answer carries: the serialized listing.
        let answer = serde_json::to_value(cached_servers(&fleet, &[]).unwrap()).unwrap();
        let servers = answer["servers"].as_array().unwrap();
        assert_eq!(servers.len(), 1, "{answer}");
        assert_eq!(servers[0]["name"], "web-7");
        assert!(servers[0].get("raw").is_none(), "{answer}");
        // The cache still holds it, for `server_raw`.
        assert_eq!(
            fleet.cached_servers(&[]).unwrap().servers[0].raw["label"],
            "web-7"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_export_is_saved_as_csv_or_json() {
        let dir = temp_dir("ok");
        let csv = save_export_in(&dir, "fleetdeck-servers.csv", "a,b\n").unwrap();
        let json = save_export_in(&dir, "fleetdeck-servers.JSON", "[]").unwrap();
        assert_eq!(std::fs::read_to_string(&csv).unwrap(), "a,b\n");
        assert_eq!(std::fs::read_to_string(&json).unwrap(), "[]");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn any_other_extension_is_refused_and_nothing_is_written() {
        let dir = temp_dir("refused");
        for name in [
            "run.sh",
            "fleetdeck.desktop",
            "page.html",
            "servers",
            "csv",
            "servers.csv.exe",
            ".json",
        ] {
            let err = save_export_in(&dir, name, "x").unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidInput, "{name}");
            let payload = fleetdeck_core::ErrorPayload::from(err);
            assert_eq!(
                payload.details.fields.first().map(|f| f.field.as_str()),
                Some("fileName"),
                "{name}"
            );
        }
        assert!(!dir.exists(), "nothing may be written for a refused name");
    }
}
