//! The provider contract (docs/design-rules.md rules 2 and 3): one provider client per account, behind traits
//! grouped by capability. A provider returns `None` for a group it lacks; within a group, an operation it
//! lacks answers [`Error::Unsupported`] by default. [`Capabilities`] says the same as data, so hosts can hide
//! what is missing before anyone clicks.
//!
//! Provider DTOs never leave their crate: every method answers domain types.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::actions::ActionId;
use crate::capabilities::Capabilities;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::http::{HttpSettings, RateStatus};
use crate::job::{Clock, JobKind, JobSpec, JobTracker};

/// Who a provider client is: its dialect and the account it serves.
pub trait Identity: Send + Sync {
    fn kind(&self) -> ProviderKind;
    /// The account's name, stamped on every object and error.
    fn account_name(&self) -> &str;

    /// The error for an operation this provider does not offer.
    fn unsupported(&self, action: &str) -> Error {
        Error::unsupported(self.kind(), action)
    }
}

/// Secrets an account was configured with. Never serialised; `Debug` is redacted by `secrecy`.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// LetsCloud `api-token`, Cloudzy `API-Token`.
    Token(SecretString),
    /// Cloude.ro: the password of `Account::username`.
    Password(SecretString),
    /// vz/LXD: the TLS client key (its certificate is in `LxdSettings`) and/or a bearer token.
    Lxd {
        client_key_pem: Option<SecretString>,
        bearer: Option<SecretString>,
    },
}

/// Where a provider keeps session secrets that outlive one request (Cloude.ro's token pair). The
/// store crate backs it with the account's keyring entry; tests use [`MemoryVault`].
pub trait SessionVault: Send + Sync {
    fn load(&self) -> Option<SecretString>;
    fn save(&self, session: &SecretString) -> Result<()>;
    fn clear(&self) -> Result<()>;
}

/// A [`SessionVault`] in memory (tests, and accounts being checked before they are saved).
#[derive(Default)]
pub struct MemoryVault(std::sync::Mutex<Option<SecretString>>);

impl SessionVault for MemoryVault {
    fn load(&self) -> Option<SecretString> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
    fn save(&self, session: &SecretString) -> Result<()> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(session.clone());
        Ok(())
    }
    fn clear(&self) -> Result<()> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
        Ok(())
    }
}

/// Everything a provider client is built from.
pub struct ProviderContext {
    pub account: Account,
    pub credentials: Credentials,
    pub session: Arc<dyn SessionVault>,
    pub http: HttpSettings,
    pub clock: Arc<dyn Clock>,
}

/// A custom size instead of a plan (Cloudzy `extraResource`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomSize {
    pub vcpus: u32,
    pub memory_gb: u32,
    pub disk_gb: u32,
    pub bandwidth_tb: Option<f64>,
}

/// Where an LXD instance comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[ts(export)]
pub enum InstanceSource {
    /// From an image by alias, fingerprint or properties (`os`, `release`, `architecture`).
    Image {
        alias: Option<String>,
        fingerprint: Option<String>,
        #[serde(default)]
        properties: BTreeMap<String, String>,
    },
    /// A copy of another instance (or `instance/snapshot`).
    Copy { source: String },
    /// Pulled from another server's migration operation.
    Migration {
        operation: String,
        #[serde(default)]
        secrets: BTreeMap<String, String>,
    },
    /// An empty instance.
    None,
}

/// An order for one or more servers. Fields a provider does not use are ignored by it; hosts check
/// them against [`Capabilities::create`] first.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CreateServerRequest {
    /// Name/label of the (first) server.
    pub name: String,
    /// Hostname when it differs from `name`.
    pub hostname: Option<String>,
    /// More servers in the same order (Cloudzy: up to 10 hostnames in all).
    pub extra_hostnames: Vec<String>,
    pub region: Option<String>,
    pub plan: Option<String>,
    pub custom_size: Option<CustomSize>,
    pub image: Option<String>,
    pub application: Option<String>,
    pub iso: Option<String>,
    pub from_snapshot: Option<String>,
    pub ssh_keys: Vec<String>,
    /// Root password chosen by the user, where the provider takes one. Never serialised.
    #[ts(type = "string | null")]
    pub root_password: Option<SecretString>,
    pub ipv4: Option<bool>,
    pub ipv6: Option<bool>,
    pub floating_ip_count: Option<u32>,
    pub billing_cycle: Option<String>,
    /// Cloud-init user data (plain text; the provider encodes it as it needs).
    pub user_data: Option<String>,
    /// LXD configuration keys (`limits.cpu`…).
    pub config: BTreeMap<String, String>,
    /// LXD source; `None` means the provider's default (an image).
    pub source: Option<InstanceSource>,
    /// Provider-specific options (Cloudzy `class`, `isDdosProtected`, `featureIds`…).
    #[ts(type = "Record<string, unknown>")]
    pub options: BTreeMap<String, serde_json::Value>,
}

/// An action on an existing server, with the input it carries. What each action is — label,
/// confirmation, input, bulk use, job kind, the capability offering it — is its row of
/// [`crate::actions::server_actions`]; the destructive ones are confirmed by the hosts first.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[ts(export)]
pub enum ServerAction {
    Start,
    /// Power off (hard where the provider distinguishes).
    Stop,
    /// Graceful shutdown.
    Shutdown,
    Reboot,
    Freeze,
    Unfreeze,
    /// `password` when the provider lets the user choose it; otherwise it generates one.
    ResetPassword {
        #[ts(type = "string | null")]
        #[serde(default)]
        password: Option<SecretString>,
    },
    /// Reinstall with an image / change the OS. Destroys the server's data.
    Reinstall {
        image: String,
    },
    Resize {
        #[serde(default)]
        plan: Option<String>,
        #[serde(default)]
        custom_size: Option<CustomSize>,
    },
    AddTraffic {
        amount_tb: f64,
    },
    Rename {
        name: String,
    },
    /// Change configuration keys. `cpus` and `memory_mb` are the limits every flavour has, which
    /// the provider writes under its own keys (vz `limits.cpus`, LXD `limits.cpu`); `set` and
    /// `unset` are raw keys, applied after them.
    UpdateConfig {
        #[serde(default)]
        set: BTreeMap<String, String>,
        #[serde(default)]
        unset: Vec<String>,
        #[serde(default)]
        cpus: Option<u32>,
        #[serde(default)]
        memory_mb: Option<u32>,
    },
}

impl ServerAction {
    /// Which row of the action table this is.
    pub fn id(&self) -> ActionId {
        match self {
            ServerAction::Start => ActionId::Start,
            ServerAction::Stop => ActionId::Stop,
            ServerAction::Shutdown => ActionId::Shutdown,
            ServerAction::Reboot => ActionId::Reboot,
            ServerAction::Freeze => ActionId::Freeze,
            ServerAction::Unfreeze => ActionId::Unfreeze,
            ServerAction::ResetPassword { .. } => ActionId::ResetPassword,
            ServerAction::Reinstall { .. } => ActionId::Reinstall,
            ServerAction::Resize { .. } => ActionId::Resize,
            ServerAction::AddTraffic { .. } => ActionId::AddTraffic,
            ServerAction::Rename { .. } => ActionId::Rename,
            ServerAction::UpdateConfig { .. } => ActionId::UpdateConfig,
        }
    }

    /// The job it becomes (from the table).
    pub fn job_kind(&self) -> JobKind {
        self.id().spec().job_kind
    }

    /// A verb for messages ("start", "reset password"), from the table.
    pub fn verb(&self) -> &'static str {
        self.id().spec().verb
    }

    /// Whether the provider offers it, according to its capabilities (from the table).
    pub fn is_offered(&self, caps: &Capabilities) -> bool {
        crate::actions::is_offered(self.id(), caps)
    }
}

/// What an action answered. `password` is a secret the host shows once and never stores.
#[derive(Debug, Clone, Default)]
pub struct ActionOutcome {
    pub job: Option<JobSpec>,
    pub message: Option<String>,
    pub password: Option<SecretString>,
}

impl ActionOutcome {
    pub fn job(job: JobSpec) -> Self {
        ActionOutcome {
            job: Some(job),
            ..Default::default()
        }
    }
    pub fn done(message: impl Into<String>) -> Self {
        ActionOutcome {
            message: Some(message.into()),
            ..Default::default()
        }
    }
}

/// What a create answered: one job per server ordered. `password` is the root password the
/// provider generated for the new server (LetsCloud `initial_root_password`), a secret the host
/// shows once and never stores; it is not part of any job.
#[derive(Debug, Clone, Default)]
pub struct CreateOutcome {
    pub jobs: Vec<JobSpec>,
    pub message: Option<String>,
    pub password: Option<SecretString>,
}

/// A request to have the provider download an ISO or disk image from a URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UploadRequest {
    pub kind: UploadKind,
    pub name: String,
    pub url: String,
    pub region: Option<String>,
    /// ISO: attach with virtio drivers.
    pub use_virtio: Option<bool>,
    /// Disk image format (`qcow2`, `raw`…).
    pub format: Option<String>,
    /// Compression of the download (`gzip`…).
    pub decompress: Option<String>,
}

/// How to make a whole-server backup (LXD `POST /1.0/instances/<name>/backups`; the fields are
/// LXD's `InstanceBackupsPost`). Every field is optional: the default is a backup with the
/// client's dated name, its snapshots included, kept until deleted, compressed as the server's
/// `backups.compression_algorithm` says.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct BackupOptions {
    /// The backup's name; none (or blank): the provider client picks a dated one.
    pub name: Option<String>,
    /// When the server deletes the backup by itself; none: kept until deleted. Must lie ahead.
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Leave the server's snapshots out of the backup.
    pub instance_only: bool,
    /// The storage driver's own format: faster, but restorable only on a pool of the same driver.
    pub optimized_storage: bool,
    /// Compression of the backup file (`gzip`, `bzip2`, `xz`, `zstd`, `none`…); none: the
    /// server's default.
    pub compression_algorithm: Option<String>,
}

/// A backup schedule to create or replace (Cloudzy backup profiles).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupPolicyRequest {
    pub server_id: String,
    pub frequency: String,
    /// A JSON number in TypeScript (the IPC is JSON, which has no BigInt).
    #[ts(type = "number")]
    pub retention_id: i64,
    #[serde(default)]
    pub weekdays: Vec<String>,
}

/// Filters of a floating-IP listing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct FloatingIpFilter {
    pub region: Option<String>,
    pub address: Option<String>,
    pub include_released: bool,
}

/// Filters of a server listing, applied by the provider where it can and locally otherwise.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ServerFilter {
    pub region: Option<String>,
    pub status: Option<String>,
    pub hostname: Option<String>,
    pub ipv4: Option<String>,
    pub ipv6: Option<String>,
    pub created_from: Option<chrono::DateTime<chrono::Utc>>,
    pub created_to: Option<chrono::DateTime<chrono::Utc>>,
    pub include_deleted: bool,
}

#[async_trait]
pub trait ServerApi: Identity {
    /// Every server of the account (all pages).
    async fn list_servers(&self) -> Result<Vec<Server>>;

    /// Servers matching a filter; providers with server-side filters override this.
    async fn list_servers_filtered(&self, filter: &ServerFilter) -> Result<Vec<Server>> {
        let all = self.list_servers().await?;
        Ok(all.into_iter().filter(|s| filter_matches(filter, s)).collect())
    }

    async fn get_server(&self, id: &str) -> Result<Server>;

    async fn create_server(&self, _req: &CreateServerRequest) -> Result<CreateOutcome> {
        Err(self.unsupported("server creation"))
    }

    async fn delete_server(&self, _id: &str) -> Result<ActionOutcome> {
        Err(self.unsupported("server deletion"))
    }

    async fn server_action(&self, _id: &str, action: &ServerAction) -> Result<ActionOutcome> {
        Err(self.unsupported(action.verb()))
    }
}

/// The local part of [`ServerApi::list_servers_filtered`].
pub fn filter_matches(f: &ServerFilter, s: &Server) -> bool {
    let eq = |want: &Option<String>, have: Option<&str>| {
        want.as_deref()
            .is_none_or(|w| have.is_some_and(|h| h.eq_ignore_ascii_case(w)))
    };
    eq(&f.region, s.region.as_deref())
        && f.status.as_deref().is_none_or(|w| {
            s.raw_status
                .text
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case(w))
                || serde_json::to_value(s.status)
                    .ok()
                    .and_then(|v| v.as_str().map(|x| x.eq_ignore_ascii_case(w)))
                    .unwrap_or(false)
        })
        && eq(&f.hostname, s.hostname.as_deref().or(Some(&s.name)))
        && f.ipv4.as_deref().is_none_or(|w| s.ipv4.iter().any(|a| a == w))
        && f.ipv6.as_deref().is_none_or(|w| s.ipv6.iter().any(|a| a == w))
        && f.created_from
            .is_none_or(|from| s.created_at.is_some_and(|c| c >= from))
        && f.created_to
            .is_none_or(|to| s.created_at.is_some_and(|c| c <= to))
}

#[async_trait]
pub trait CatalogApi: Identity {
    async fn list_regions(&self) -> Result<Vec<Region>>;
    /// Plans, for one region when the provider prices per region.
    async fn list_plans(&self, region: Option<&str>) -> Result<Vec<Plan>>;
    /// OS images, for one region when the provider lists per region.
    async fn list_images(&self, region: Option<&str>) -> Result<Vec<Image>>;
    /// One-click applications.
    async fn list_applications(&self) -> Result<Vec<Image>> {
        Err(self.unsupported("one-click applications"))
    }
}

#[async_trait]
pub trait SnapshotApi: Identity {
    async fn list_snapshots(&self, server_id: Option<&str>) -> Result<Vec<Snapshot>>;
    async fn get_snapshot(&self, id: &str) -> Result<Snapshot> {
        let all = self.list_snapshots(None).await?;
        all.into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| Error::NotFound {
                account: Some(self.account_name().to_owned()),
                message: format!("snapshot {id} not found"),
            })
    }
    async fn create_snapshot(&self, server_id: &str, name: Option<&str>) -> Result<ActionOutcome>;
    async fn rename_snapshot(&self, _id: &str, _name: &str) -> Result<ActionOutcome> {
        Err(self.unsupported("snapshot rename"))
    }
    async fn delete_snapshot(&self, id: &str) -> Result<ActionOutcome>;
    /// Restore in place; `server_id` when the provider needs it (Cloude.ro).
    async fn restore_snapshot(&self, _id: &str, _server_id: Option<&str>) -> Result<ActionOutcome> {
        Err(self.unsupported("snapshot restore"))
    }
}

#[async_trait]
pub trait BackupApi: Identity {
    async fn list_backups(&self, _server_id: Option<&str>) -> Result<Vec<Backup>> {
        Err(self.unsupported("backups"))
    }
    async fn create_backup(&self, _server_id: &str, _options: &BackupOptions) -> Result<ActionOutcome> {
        Err(self.unsupported("backup creation"))
    }
    async fn delete_backup(&self, _id: &str) -> Result<ActionOutcome> {
        Err(self.unsupported("backup deletion"))
    }
    /// Save the backup's file at `target` as it streams in, telling `progress` the bytes written
    /// (and the total when announced); answers the bytes written. The file appears under its
    /// name only when complete (core/src/download.rs).
    async fn download_backup(
        &self,
        _id: &str,
        _target: &crate::download::DownloadTarget,
        _progress: &crate::download::ByteProgress<'_>,
    ) -> Result<u64> {
        Err(self.unsupported("backup download"))
    }
    async fn list_backup_policies(&self) -> Result<Vec<BackupPolicy>> {
        Err(self.unsupported("backup schedules"))
    }
    async fn get_backup_policy(&self, _server_id: &str) -> Result<BackupPolicy> {
        Err(self.unsupported("backup schedules"))
    }
    /// Create (`replace == false`) or update a server's schedule.
    async fn set_backup_policy(&self, _req: &BackupPolicyRequest, _replace: bool) -> Result<ActionOutcome> {
        Err(self.unsupported("backup schedules"))
    }
    async fn delete_backup_policy(&self, _server_id: &str) -> Result<ActionOutcome> {
        Err(self.unsupported("backup schedules"))
    }
}

#[async_trait]
pub trait SshKeyApi: Identity {
    async fn list_ssh_keys(&self) -> Result<Vec<SshKey>>;
    async fn get_ssh_key(&self, id: &str) -> Result<SshKey> {
        let all = self.list_ssh_keys().await?;
        all.into_iter()
            .find(|k| k.id == id)
            .ok_or_else(|| Error::NotFound {
                account: Some(self.account_name().to_owned()),
                message: format!("SSH key {id} not found"),
            })
    }
    /// Add a public key, or (without one, where offered) have the provider generate a pair.
    async fn create_ssh_key(&self, name: &str, public_key: Option<&str>) -> Result<CreatedSshKey>;
    async fn rename_ssh_key(&self, _id: &str, _name: &str) -> Result<SshKey> {
        Err(self.unsupported("SSH key rename"))
    }
    async fn delete_ssh_key(&self, id: &str) -> Result<()>;
}

#[async_trait]
pub trait FloatingIpApi: Identity {
    async fn list_floating_ips(&self, filter: &FloatingIpFilter) -> Result<Vec<FloatingIp>>;
    async fn allocate_floating_ips(&self, region: &str, count: u32) -> Result<ActionOutcome>;
    async fn update_floating_ip(&self, id: &str, auto_renew: Option<bool>, note: Option<&str>) -> Result<()>;
    async fn release_floating_ip(&self, id: &str) -> Result<ActionOutcome>;
}

/// ISOs and custom disk images the provider stores.
#[async_trait]
pub trait UploadApi: Identity {
    async fn list_uploads(&self, kind: UploadKind) -> Result<Vec<UploadedImage>>;
    async fn get_upload(&self, kind: UploadKind, id: &str) -> Result<UploadedImage>;
    /// Have the provider download a file from a URL; tracked as a job until ready.
    async fn download_upload(&self, req: &UploadRequest) -> Result<ActionOutcome>;
    async fn delete_upload(&self, kind: UploadKind, id: &str) -> Result<ActionOutcome>;
}

#[async_trait]
pub trait TagApi: Identity {
    async fn list_tags(&self) -> Result<Vec<Tag>>;
    /// Add every tag to every server (existing pairs are kept).
    async fn tag_servers(&self, tags: &[String], server_ids: &[String]) -> Result<()>;
    /// Replace one server's tags.
    async fn set_server_tags(&self, server_id: &str, tags: &[String]) -> Result<()>;
    async fn delete_tag(&self, tag: &str) -> Result<()>;
}

#[async_trait]
pub trait BillingApi: Identity {
    async fn profile(&self) -> Result<AccountProfile>;
    async fn list_invoices(&self) -> Result<Vec<Invoice>> {
        Err(self.unsupported("invoices"))
    }
    async fn list_transactions(&self) -> Result<Vec<Transaction>> {
        Err(self.unsupported("transactions"))
    }
}

#[async_trait]
pub trait UsageApi: Identity {
    /// Time series of a server (traffic…).
    async fn usage(&self, server_id: &str) -> Result<Vec<UsageSeries>>;
}

#[async_trait]
pub trait EventApi: Identity {
    async fn list_events(&self) -> Result<Vec<ProviderEvent>>;
    async fn get_event(&self, id: &str) -> Result<ProviderEvent>;
}

/// One account's provider client.
#[async_trait]
pub trait Provider: Identity {
    fn capabilities(&self) -> Capabilities;

    /// One authenticated read, to check credentials before an account is saved. Answers the profile
    /// where the provider has one, else a minimal profile.
    async fn check(&self) -> Result<AccountProfile>;

    /// The dialect a vz/LXD server speaks: the configured one, else asked of the server on first
    /// need (at most one detection, remembered by the client). `Ok(None)` for providers that have
    /// a single dialect. Hosts store the answer with the account, so that what an account offers
    /// ([`Provider::capabilities`]) is known before any other request.
    async fn lxd_flavour(&self) -> Result<Option<LxdFlavour>> {
        Ok(None)
    }

    fn servers(&self) -> &dyn ServerApi;
    fn jobs(&self) -> &dyn JobTracker;

    fn catalog(&self) -> Option<&dyn CatalogApi> {
        None
    }
    fn snapshots(&self) -> Option<&dyn SnapshotApi> {
        None
    }
    fn backups(&self) -> Option<&dyn BackupApi> {
        None
    }
    fn ssh_keys(&self) -> Option<&dyn SshKeyApi> {
        None
    }
    fn floating_ips(&self) -> Option<&dyn FloatingIpApi> {
        None
    }
    fn uploads(&self) -> Option<&dyn UploadApi> {
        None
    }
    fn tags(&self) -> Option<&dyn TagApi> {
        None
    }
    fn billing(&self) -> Option<&dyn BillingApi> {
        None
    }
    fn usage(&self) -> Option<&dyn UsageApi> {
        None
    }
    fn events(&self) -> Option<&dyn EventApi> {
        None
    }

    /// The account's rate budget as last seen, where the provider has one.
    fn rate_status(&self) -> Option<RateStatus> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> Server {
        Server {
            account: "a".into(),
            provider: ProviderKind::Cloudzy,
            id: "1".into(),
            name: "web-1".into(),
            hostname: Some("web-1.example.com".into()),
            status: ServerStatus::Running,
            raw_status: RawStatus {
                text: Some("active".into()),
                ..Default::default()
            },
            ipv4: vec!["203.0.113.5".into()],
            ipv6: vec![],
            region: Some("UK-London".into()),
            plan: None,
            image: None,
            vcpus: None,
            memory_mb: None,
            disk_gb: None,
            bandwidth_gb: None,
            created_at: None,
            tags: vec![],
            local_tags: Vec::new(),
            active_jobs: vec![],
            usage: None,
            extra: Default::default(),
            raw: serde_json::Value::Null,
        }
    }

    #[test]
    fn local_filters() {
        let s = server();
        let f = |f: ServerFilter| filter_matches(&f, &s);
        assert!(f(ServerFilter::default()));
        assert!(f(ServerFilter {
            region: Some("uk-london".into()),
            ..Default::default()
        }));
        assert!(!f(ServerFilter {
            region: Some("DE-Frankfurt".into()),
            ..Default::default()
        }));
        assert!(f(ServerFilter {
            status: Some("active".into()),
            ..Default::default()
        }));
        assert!(f(ServerFilter {
            status: Some("running".into()),
            ..Default::default()
        }));
        assert!(!f(ServerFilter {
            status: Some("stopped".into()),
            ..Default::default()
        }));
        assert!(f(ServerFilter {
            ipv4: Some("203.0.113.5".into()),
            ..Default::default()
        }));
        assert!(!f(ServerFilter {
            created_from: Some(chrono::Utc::now()),
            ..Default::default()
        }));
    }

    #[test]
    fn actions_parse_from_ui_json() {
        let a: ServerAction =
            serde_json::from_value(serde_json::json!({"type": "resize", "plan": "eos2"})).unwrap();
        assert!(matches!(a, ServerAction::Resize { plan: Some(ref p), custom_size: None } if p == "eos2"));
        let a: ServerAction =
            serde_json::from_value(serde_json::json!({"type": "resetPassword", "password": "hunter2-Long!"}))
                .unwrap();
        assert!(
            !format!("{a:?}").contains("hunter2"),
            "passwords are redacted in Debug"
        );
        let a: ServerAction =
            serde_json::from_value(serde_json::json!({"type": "addTraffic", "amountTb": 1.5})).unwrap();
        assert_eq!(a.job_kind(), JobKind::AddTraffic);
        let a: ServerAction =
            serde_json::from_value(serde_json::json!({"type": "updateConfig", "cpus": 2, "memoryMb": 2048}))
                .unwrap();
        assert!(matches!(
            a,
            ServerAction::UpdateConfig { cpus: Some(2), memory_mb: Some(2048), ref set, .. } if set.is_empty()
        ));
        assert_eq!(a.id(), crate::actions::ActionId::UpdateConfig);
        assert_eq!(a.verb(), "update configuration");
    }

    #[test]
    fn offered_follows_capabilities() {
        let mut caps = Capabilities::none(ProviderKind::LetsCloud, "LetsCloud");
        assert!(!ServerAction::Reboot.is_offered(&caps));
        caps.servers.reboot = true;
        assert!(ServerAction::Reboot.is_offered(&caps));
        assert!(!ServerAction::ResetPassword { password: None }.is_offered(&caps));
        caps.servers.reset_password = crate::capabilities::PasswordReset::Chosen;
        assert!(ServerAction::ResetPassword { password: None }.is_offered(&caps));
    }
}
