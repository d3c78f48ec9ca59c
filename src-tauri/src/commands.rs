//! The app's Tauri commands: one thin adapter per [`Fleet`] method the UI calls. No logic lives here
//! (DESIGN.md 1): each command passes its arguments through and turns the error into the
//! `{code, message, details}` payload of the IPC boundary (DESIGN.md 11). The UI's typed wrappers
//! are in `ui/src/platform/commands.ts`, argument names in camelCase.

use std::sync::Arc;

use secrecy::SecretString;
use tauri::State;

use fleetdeck_core::job::Job;
use fleetdeck_core::provider::{BackupPolicyRequest, FloatingIpFilter, UploadRequest};
use fleetdeck_core::{
    AccountProfile, Backup, BackupPolicy, CreateServerRequest, CreatedSshKey, ErrorPayload, FloatingIp,
    Image, Invoice, Plan, ProviderEvent, Region, Server, ServerAction, Snapshot, SshKey, Tag, Transaction,
    UploadKind, UploadedImage, UsageSeries,
};
use fleetdeck_fleet::sandbox::{EmbeddedSandbox, SandboxAccounts};
use fleetdeck_fleet::{
    AccountChanges, AccountView, ActionResult, AddAccountRequest, CreateResult, Fleet, FleetServers, Listing,
    ServerCertificate,
};
use fleetdeck_store::KeyringStatus;

use crate::info::AppInfo;

/// What every command answers: its value, or the error payload the UI branches on.
pub type Answer<T> = Result<T, ErrorPayload>;

type FleetState<'a> = State<'a, Arc<Fleet>>;

/// Run blocking store work (keyring over D-Bus, file locks) off the async workers.
async fn blocking<T: Send + 'static>(
    fleet: &Arc<Fleet>,
    f: impl FnOnce(&Fleet) -> fleetdeck_core::Result<T> + Send + 'static,
) -> Answer<T> {
    let fleet = fleet.clone();
    tauri::async_runtime::spawn_blocking(move || f(&fleet))
        .await
        .map_err(|e| fleetdeck_core::Error::internal(format!("blocking task: {e}")))?
        .map_err(ErrorPayload::from)
}

// ---- app ---------------------------------------------------------------------------------------

#[tauri::command]
pub fn app_info(info: State<'_, AppInfo>) -> AppInfo {
    info.inner().clone()
}

#[tauri::command]
pub async fn keyring_status(fleet: FleetState<'_>) -> Answer<KeyringStatus> {
    blocking(&fleet, |f| Ok(f.keyring_status())).await
}

// ---- accounts ----------------------------------------------------------------------------------

#[tauri::command]
pub async fn list_accounts(fleet: FleetState<'_>) -> Answer<Vec<AccountView>> {
    Ok(fleet.accounts().await?)
}

#[tauri::command]
pub async fn add_account(fleet: FleetState<'_>, request: AddAccountRequest) -> Answer<AccountView> {
    Ok(fleet.add_account(request).await?)
}

#[tauri::command]
pub async fn check_account(fleet: FleetState<'_>, name: String) -> Answer<AccountProfile> {
    Ok(fleet.check_account(&name).await?)
}

#[tauri::command]
pub async fn update_account(
    fleet: FleetState<'_>,
    name: String,
    changes: AccountChanges,
) -> Answer<AccountView> {
    Ok(fleet.update_account(&name, changes).await?)
}

#[tauri::command]
pub async fn reorder_accounts(fleet: FleetState<'_>, names: Vec<String>) -> Answer<Vec<AccountView>> {
    Ok(fleet.reorder_accounts(&names).await?)
}

#[tauri::command]
pub async fn remove_account(fleet: FleetState<'_>, name: String) -> Answer<()> {
    Ok(fleet.remove_account(&name).await?)
}

/// The secrets arrive as `SecretString` straight from deserialization: they are never in a plain
/// `String` of ours, and go to the keyring only.
#[tauri::command]
pub async fn reauthenticate(
    fleet: FleetState<'_>,
    name: String,
    secret: Option<SecretString>,
    client_key_pem: Option<SecretString>,
) -> Answer<AccountView> {
    Ok(fleet.reauthenticate(&name, secret, client_key_pem).await?)
}

#[tauri::command]
pub async fn profile(fleet: FleetState<'_>, account: String) -> Answer<AccountProfile> {
    Ok(fleet.profile(&account).await?)
}

/// "Try the sandbox": one account per simulated provider, checked and stored like any other.
#[tauri::command]
pub async fn try_sandbox(sandbox: State<'_, Arc<EmbeddedSandbox>>) -> Answer<SandboxAccounts> {
    Ok(sandbox.try_sandbox().await?)
}

/// The certificate a vz/LXD server presents, shown for the user to trust before adding the account.
#[tauri::command]
pub async fn server_certificate(fleet: FleetState<'_>, endpoint: String) -> Answer<ServerCertificate> {
    Ok(fleet.server_certificate(&endpoint).await?)
}

/// Save an export (the server table as CSV or JSON) as a new file in the user's Downloads folder
/// (the home folder when there is none) and return where it went.
#[tauri::command]
pub async fn save_export(app: tauri::AppHandle, file_name: String, contents: String) -> Answer<String> {
    use tauri::Manager;
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|e| fleetdeck_core::Error::internal(format!("no folder to save into: {e}")))?;
    let path = tauri::async_runtime::spawn_blocking(move || {
        fleetdeck_store::files::save_new_file(&dir, &file_name, contents.as_bytes())
    })
    .await
    .map_err(|e| fleetdeck_core::Error::internal(format!("blocking task: {e}")))??;
    Ok(path.display().to_string())
}

// ---- servers -----------------------------------------------------------------------------------

#[tauri::command]
pub async fn cached_servers(fleet: FleetState<'_>, accounts: Vec<String>) -> Answer<FleetServers> {
    blocking(&fleet, move |f| f.cached_servers(&accounts)).await
}

#[tauri::command]
pub async fn refresh_servers(
    fleet: FleetState<'_>,
    accounts: Vec<String>,
    include_stale: bool,
) -> Answer<FleetServers> {
    Ok(fleet.refresh_servers(&accounts, include_stale).await?)
}

#[tauri::command]
pub async fn server(fleet: FleetState<'_>, address: String) -> Answer<Server> {
    Ok(fleet.server(&address).await?)
}

#[tauri::command]
pub async fn server_action(
    fleet: FleetState<'_>,
    address: String,
    action: ServerAction,
) -> Answer<ActionResult> {
    Ok(fleet.server_action(&address, action).await?)
}

#[tauri::command]
pub async fn delete_server(fleet: FleetState<'_>, address: String) -> Answer<ActionResult> {
    Ok(fleet.delete_server(&address).await?)
}

#[tauri::command]
pub async fn create_server(
    fleet: FleetState<'_>,
    account: String,
    request: CreateServerRequest,
) -> Answer<CreateResult> {
    Ok(fleet.create_server(&account, request).await?)
}

// ---- catalog -----------------------------------------------------------------------------------

#[tauri::command]
pub async fn regions(fleet: FleetState<'_>, account: String) -> Answer<Vec<Region>> {
    Ok(fleet.regions(&account).await?)
}

#[tauri::command]
pub async fn plans(fleet: FleetState<'_>, account: String, region: Option<String>) -> Answer<Vec<Plan>> {
    Ok(fleet.plans(&account, region.as_deref()).await?)
}

#[tauri::command]
pub async fn images(fleet: FleetState<'_>, account: String, region: Option<String>) -> Answer<Vec<Image>> {
    Ok(fleet.images(&account, region.as_deref()).await?)
}

#[tauri::command]
pub async fn applications(fleet: FleetState<'_>, account: String) -> Answer<Vec<Image>> {
    Ok(fleet.applications(&account).await?)
}

// ---- snapshots and backups ---------------------------------------------------------------------

#[tauri::command]
pub async fn snapshots(
    fleet: FleetState<'_>,
    accounts: Vec<String>,
    server: Option<String>,
) -> Answer<Listing<Snapshot>> {
    Ok(fleet.snapshots(&accounts, server.as_deref()).await?)
}

#[tauri::command]
pub async fn create_snapshot(
    fleet: FleetState<'_>,
    server: String,
    name: Option<String>,
) -> Answer<ActionResult> {
    Ok(fleet.create_snapshot(&server, name.as_deref()).await?)
}

#[tauri::command]
pub async fn delete_snapshot(fleet: FleetState<'_>, snapshot: String) -> Answer<ActionResult> {
    Ok(fleet.delete_snapshot(&snapshot).await?)
}

#[tauri::command]
pub async fn restore_snapshot(
    fleet: FleetState<'_>,
    snapshot: String,
    server_id: Option<String>,
) -> Answer<ActionResult> {
    Ok(fleet.restore_snapshot(&snapshot, server_id.as_deref()).await?)
}

#[tauri::command]
pub async fn rename_snapshot(fleet: FleetState<'_>, snapshot: String, name: String) -> Answer<ActionResult> {
    Ok(fleet.rename_snapshot(&snapshot, &name).await?)
}

#[tauri::command]
pub async fn backups(
    fleet: FleetState<'_>,
    accounts: Vec<String>,
    server: Option<String>,
) -> Answer<Listing<Backup>> {
    Ok(fleet.backups(&accounts, server.as_deref()).await?)
}

#[tauri::command]
pub async fn create_backup(
    fleet: FleetState<'_>,
    server: String,
    name: Option<String>,
) -> Answer<ActionResult> {
    Ok(fleet.create_backup(&server, name.as_deref()).await?)
}

#[tauri::command]
pub async fn delete_backup(fleet: FleetState<'_>, backup: String) -> Answer<ActionResult> {
    Ok(fleet.delete_backup(&backup).await?)
}

#[tauri::command]
pub async fn backup_policies(fleet: FleetState<'_>, accounts: Vec<String>) -> Answer<Listing<BackupPolicy>> {
    Ok(fleet.backup_policies(&accounts).await?)
}

#[tauri::command]
pub async fn backup_policy(fleet: FleetState<'_>, server: String) -> Answer<BackupPolicy> {
    Ok(fleet.backup_policy(&server).await?)
}

#[tauri::command]
pub async fn set_backup_policy(
    fleet: FleetState<'_>,
    server: String,
    request: BackupPolicyRequest,
    replace: bool,
) -> Answer<ActionResult> {
    Ok(fleet.set_backup_policy(&server, request, replace).await?)
}

#[tauri::command]
pub async fn delete_backup_policy(fleet: FleetState<'_>, server: String) -> Answer<ActionResult> {
    Ok(fleet.delete_backup_policy(&server).await?)
}

// ---- SSH keys ----------------------------------------------------------------------------------

#[tauri::command]
pub async fn ssh_keys(fleet: FleetState<'_>, accounts: Vec<String>) -> Answer<Listing<SshKey>> {
    Ok(fleet.ssh_keys(&accounts).await?)
}

#[tauri::command]
pub async fn ssh_key(fleet: FleetState<'_>, address: String) -> Answer<SshKey> {
    Ok(fleet.ssh_key(&address).await?)
}

#[tauri::command]
pub async fn add_ssh_key(
    fleet: FleetState<'_>,
    account: String,
    name: String,
    public_key: Option<String>,
) -> Answer<CreatedSshKey> {
    Ok(fleet.add_ssh_key(&account, &name, public_key.as_deref()).await?)
}

#[tauri::command]
pub async fn rename_ssh_key(fleet: FleetState<'_>, address: String, name: String) -> Answer<SshKey> {
    Ok(fleet.rename_ssh_key(&address, &name).await?)
}

#[tauri::command]
pub async fn delete_ssh_key(fleet: FleetState<'_>, address: String) -> Answer<()> {
    Ok(fleet.delete_ssh_key(&address).await?)
}

// ---- floating IPs ------------------------------------------------------------------------------

#[tauri::command]
pub async fn floating_ips(
    fleet: FleetState<'_>,
    accounts: Vec<String>,
    filter: FloatingIpFilter,
) -> Answer<Listing<FloatingIp>> {
    Ok(fleet.floating_ips(&accounts, filter).await?)
}

#[tauri::command]
pub async fn allocate_floating_ips(
    fleet: FleetState<'_>,
    account: String,
    region: String,
    count: u32,
) -> Answer<ActionResult> {
    Ok(fleet.allocate_floating_ips(&account, &region, count).await?)
}

#[tauri::command]
pub async fn update_floating_ip(
    fleet: FleetState<'_>,
    address: String,
    auto_renew: Option<bool>,
    note: Option<String>,
) -> Answer<()> {
    Ok(fleet
        .update_floating_ip(&address, auto_renew, note.as_deref())
        .await?)
}

#[tauri::command]
pub async fn release_floating_ip(fleet: FleetState<'_>, address: String) -> Answer<ActionResult> {
    Ok(fleet.release_floating_ip(&address).await?)
}

// ---- ISOs and custom images --------------------------------------------------------------------

#[tauri::command]
pub async fn uploads(
    fleet: FleetState<'_>,
    accounts: Vec<String>,
    kind: UploadKind,
) -> Answer<Listing<UploadedImage>> {
    Ok(fleet.uploads(&accounts, kind).await?)
}

#[tauri::command]
pub async fn upload(fleet: FleetState<'_>, address: String, kind: UploadKind) -> Answer<UploadedImage> {
    Ok(fleet.upload(&address, kind).await?)
}

#[tauri::command]
pub async fn download_upload(
    fleet: FleetState<'_>,
    account: String,
    request: UploadRequest,
) -> Answer<ActionResult> {
    Ok(fleet.download_upload(&account, request).await?)
}

#[tauri::command]
pub async fn delete_upload(fleet: FleetState<'_>, address: String, kind: UploadKind) -> Answer<ActionResult> {
    Ok(fleet.delete_upload(&address, kind).await?)
}

// ---- tags --------------------------------------------------------------------------------------

#[tauri::command]
pub async fn tags(fleet: FleetState<'_>, accounts: Vec<String>) -> Answer<Listing<Tag>> {
    Ok(fleet.tags(&accounts).await?)
}

#[tauri::command]
pub async fn tag_servers(
    fleet: FleetState<'_>,
    account: String,
    tags: Vec<String>,
    server_ids: Vec<String>,
) -> Answer<()> {
    Ok(fleet.tag_servers(&account, &tags, &server_ids).await?)
}

#[tauri::command]
pub async fn set_server_tags(fleet: FleetState<'_>, server: String, tags: Vec<String>) -> Answer<()> {
    Ok(fleet.set_server_tags(&server, &tags).await?)
}

#[tauri::command]
pub async fn delete_tag(fleet: FleetState<'_>, account: String, tag: String) -> Answer<()> {
    Ok(fleet.delete_tag(&account, &tag).await?)
}

// ---- billing, usage, provider events -----------------------------------------------------------

#[tauri::command]
pub async fn invoices(fleet: FleetState<'_>, accounts: Vec<String>) -> Answer<Listing<Invoice>> {
    Ok(fleet.invoices(&accounts).await?)
}

#[tauri::command]
pub async fn transactions(fleet: FleetState<'_>, accounts: Vec<String>) -> Answer<Listing<Transaction>> {
    Ok(fleet.transactions(&accounts).await?)
}

#[tauri::command]
pub async fn usage(fleet: FleetState<'_>, server: String) -> Answer<Vec<UsageSeries>> {
    Ok(fleet.usage(&server).await?)
}

#[tauri::command]
pub async fn provider_events(fleet: FleetState<'_>, accounts: Vec<String>) -> Answer<Listing<ProviderEvent>> {
    Ok(fleet.events(&accounts).await?)
}

#[tauri::command]
pub async fn provider_event(fleet: FleetState<'_>, address: String) -> Answer<ProviderEvent> {
    Ok(fleet.event(&address).await?)
}

// ---- jobs --------------------------------------------------------------------------------------

#[tauri::command]
pub async fn jobs(fleet: FleetState<'_>) -> Answer<Vec<Job>> {
    blocking(&fleet, |f| f.jobs()).await
}

#[tauri::command]
pub async fn clear_finished_jobs(fleet: FleetState<'_>) -> Answer<()> {
    blocking(&fleet, |f| f.clear_finished_jobs()).await
}
