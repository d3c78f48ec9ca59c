//! Updates of the app itself, through `tauri-plugin-updater` and only from Rust: the web view has no
//! updater permission (src-tauri/capabilities/default.json); it calls [`check_for_update`] and
//! [`install_update`] as app commands (src-tauri/src/command_list.rs).
//!
//! The release workflow (.github/workflows/release.yml) publishes `latest.json` with the release and
//! adds its address to `plugins.updater.endpoints`; `tauri.conf.json` holds the public key that every
//! downloaded update must be signed with (README "Releases"). An update is offered when the manifest
//! announces a newer version than this one; nothing is downloaded or installed before the user says
//! so in the update dialog (ui/src/features/updates/), and a download whose signature does not match
//! the key is refused.
//!
//! Invariants: plain `http` is accepted only towards the loopback interface (tests serve manifests
//! there); with automatic checks switched off in the preferences no request is made at start.

use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, Url};
use tauri_plugin_updater::{Update, UpdaterExt};
use ts_rs::TS;

use fleetdeck_core::{Error, Result};

use crate::prefs::Preferences;

/// What the update dialog shows before asking: the version offered, the running one, when it was
/// published and its release notes (from `latest.json`, made of the CHANGELOG section).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UpdateOffer {
    pub version: String,
    pub current_version: String,
    /// RFC 3339, as the manifest gives it.
    pub date: Option<String>,
    pub notes: Option<String>,
}

/// Progress of an update's download, pushed as [`UPDATE_PROGRESS_EVENT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UpdateProgress {
    /// Bytes received so far.
    #[ts(type = "number")]
    pub downloaded: u64,
    /// The download's size when the server tells it.
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

/// The app event carrying [`UpdateProgress`] while [`install_update`] downloads.
pub const UPDATE_PROGRESS_EVENT: &str = "fleet://update-progress";
/// The app event carrying the [`UpdateOffer`] the check at start found.
pub const UPDATE_AVAILABLE_EVENT: &str = "fleet://update-available";

/// How long one request of the updater may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The update last offered to the user, kept between the check and the user's yes: what is
/// installed is exactly what the dialog showed.
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<Update>>);

impl PendingUpdate {
    fn set(&self, update: Option<Update>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = update;
    }

    fn get(&self) -> Option<Update> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// Whether the updater may ask `url`: `https` anywhere, plain `http` only to the loopback interface.
pub fn endpoint_allowed(url: &Url) -> bool {
    match url.scheme() {
        "https" => true,
        "http" => match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            None => false,
        },
        _ => false,
    }
}

/// The update endpoints of this build: `plugins.updater.endpoints` of its configuration (the release
/// workflow sets the GitHub release's `latest.json`; a local build has none).
pub fn configured_endpoints<R: Runtime>(app: &AppHandle<R>) -> Vec<Url> {
    app.config()
        .plugins
        .0
        .get("updater")
        .and_then(|c| c.get("endpoints"))
        .and_then(|e| serde_json::from_value::<Vec<Url>>(e.clone()).ok())
        .unwrap_or_default()
}

/// Ask the endpoints (`None`: the configured ones) whether a newer version exists. The offer found
/// is kept for [`install_update`]; no offer clears an older one.
pub async fn check<R: Runtime>(
    app: &AppHandle<R>,
    endpoints: Option<Vec<Url>>,
) -> Result<Option<UpdateOffer>> {
    let endpoints = endpoints.unwrap_or_else(|| configured_endpoints(app));
    if endpoints.is_empty() {
        return Err(Error::invalid_input(
            "This build has no update address: only the builds of the release workflow check for updates.",
        ));
    }
    if let Some(refused) = endpoints.iter().find(|u| !endpoint_allowed(u)) {
        return Err(Error::invalid_input(format!(
            "The update address {refused} is refused: updates come over https (plain http only from this computer)."
        )));
    }
    let updater = app
        .updater_builder()
        .endpoints(endpoints)
        .map_err(updater_error)?
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(updater_error)?;
    let update = updater.check().await.map_err(updater_error)?;
    let offer = update.as_ref().map(offer_of);
    if let Some(pending) = app.try_state::<PendingUpdate>() {
        pending.set(update);
    }
    Ok(offer)
}

/// The check at start: none at all (no request) when the user switched automatic checks off.
pub async fn check_at_start<R: Runtime>(
    app: &AppHandle<R>,
    prefs: &Preferences,
    endpoints: Option<Vec<Url>>,
) -> Result<Option<UpdateOffer>> {
    if !prefs.check_for_updates {
        return Ok(None);
    }
    check(app, endpoints).await
}

/// The `check_for_update` command: the configured endpoints.
pub async fn check_for_update<R: Runtime>(app: &AppHandle<R>) -> Result<Option<UpdateOffer>> {
    check(app, None).await
}

/// Download the offered update and verify its signature against the key of this build; answers the
/// verified bytes. Progress goes out as [`UPDATE_PROGRESS_EVENT`]. Refuses when nothing was offered.
pub async fn download_verified<R: Runtime>(app: &AppHandle<R>) -> Result<(Update, Vec<u8>)> {
    let update = app
        .try_state::<PendingUpdate>()
        .and_then(|p| p.get())
        .ok_or_else(|| Error::invalid_input("No update was offered: check for updates first."))?;
    let mut downloaded: u64 = 0;
    let emitter = app.clone();
    let bytes = update
        .download(
            |chunk, total| {
                downloaded += chunk as u64;
                let _ = emitter.emit(UPDATE_PROGRESS_EVENT, UpdateProgress { downloaded, total });
            },
            || {},
        )
        .await
        .map_err(updater_error)?;
    Ok((update, bytes))
}

/// The `install_update` command: download, verify, install, and restart into the new version.
pub async fn install_update<R: Runtime>(app: &AppHandle<R>) -> Result<()> {
    let (update, bytes) = download_verified(app).await?;
    update.install(&bytes).map_err(updater_error)?;
    app.request_restart();
    Ok(())
}

fn offer_of(update: &Update) -> UpdateOffer {
    UpdateOffer {
        version: update.version.clone(),
        current_version: update.current_version.clone(),
        date: update
            .raw_json
            .get("pub_date")
            .and_then(|d| d.as_str())
            .map(str::to_owned),
        notes: update.body.clone().filter(|n| !n.trim().is_empty()),
    }
}

/// Who answers when the update server is the other side of an error.
const UPDATE_SERVER: &str = "update server";

/// The updater's error in words the update dialog can show.
pub fn updater_error(e: tauri_plugin_updater::Error) -> Error {
    use tauri_plugin_updater::Error as E;
    match e {
        E::Minisign(_) | E::Base64(_) | E::SignatureUtf8(_) | E::SignedVersionMismatch { .. } => {
            Error::invalid_input(format!(
                "The downloaded update is not signed with Fleetdeck's release key, so it was not installed ({e})."
            ))
        }
        E::Reqwest(_) | E::Network(_) | E::ReleaseNotFound | E::Serialization(_) => Error::Network {
            account: UPDATE_SERVER.into(),
            message: e.to_string(),
        },
        E::TargetNotFound(_) | E::TargetsNotFound(_) => Error::invalid_input(format!(
            "The latest release has no update for this system ({e})."
        )),
        E::InsecureTransportProtocol | E::EmptyEndpoints => Error::invalid_input(e.to_string()),
        other => Error::internal(format!("update: {other}")),
    }
}
