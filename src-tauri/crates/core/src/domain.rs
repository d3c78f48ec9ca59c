//! The unified domain model: what every provider maps into. Exported to TypeScript by ts-rs.
//!
//! Rules (docs/design-rules.md rule 4): unified fields are a view; every object keeps the provider's JSON in
//! `raw` (and provider-only fields of note in `extra`); status is a closed enum next to the raw status; units
//! are explicit in field names; money is a decimal string with a currency, never a float.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The four provider dialects Fleetdeck speaks. Serialised as `letscloud|cloudero|cloudzy|vz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum ProviderKind {
    #[serde(rename = "letscloud")]
    LetsCloud,
    #[serde(rename = "cloudero")]
    Cloudero,
    #[serde(rename = "cloudzy")]
    Cloudzy,
    /// The LXD REST dialect: the seed "vz" container API and real LXD.
    #[serde(rename = "vz")]
    Vz,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 4] = [
        ProviderKind::LetsCloud,
        ProviderKind::Cloudero,
        ProviderKind::Cloudzy,
        ProviderKind::Vz,
    ];

    /// The identifier used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::LetsCloud => "letscloud",
            ProviderKind::Cloudero => "cloudero",
            ProviderKind::Cloudzy => "cloudzy",
            ProviderKind::Vz => "vz",
        }
    }

    /// The name people know the provider by.
    pub fn display_name(self) -> &'static str {
        match self {
            ProviderKind::LetsCloud => "LetsCloud",
            ProviderKind::Cloudero => "Cloude.ro",
            ProviderKind::Cloudzy => "Cloudzy",
            ProviderKind::Vz => "vz/LXD",
        }
    }
}

impl fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

impl FromStr for ProviderKind {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "letscloud" => Ok(ProviderKind::LetsCloud),
            "cloudero" | "cloude.ro" => Ok(ProviderKind::Cloudero),
            "cloudzy" => Ok(ProviderKind::Cloudzy),
            "vz" | "lxd" => Ok(ProviderKind::Vz),
            other => Err(crate::Error::invalid_field(
                "provider",
                format!("unknown provider '{other}': expected letscloud, cloudero, cloudzy or vz"),
            )),
        }
    }
}

/// A JSON object as the provider sent it (or provider-only fields of note).
pub type Extra = std::collections::BTreeMap<String, serde_json::Value>;

/// An account as configured by the user. Holds no secret: those live in the OS keyring under `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Account {
    /// Stable internal identifier (UUID); keys the keyring entry and the cache, survives renames.
    pub id: String,
    /// The user's name for the account, unique, `[A-Za-z0-9._-]{1,64}`; addresses resources (`NAME/ID`).
    pub name: String,
    pub provider: ProviderKind,
    /// Base URL override; `None` means the provider's public endpoint.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// Login name where the provider uses one (Cloude.ro).
    #[serde(default)]
    pub username: Option<String>,
    /// A colour chip chosen by the user (CSS colour), against acting on the wrong account.
    #[serde(default)]
    pub color: Option<String>,
    /// Settings of the LXD-dialect connection; `None` for the other providers.
    #[serde(default)]
    pub lxd: Option<LxdSettings>,
    /// Added by "Try the sandbox": talks to the embedded simulator.
    #[serde(default)]
    pub sandbox: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// Which LXD-dialect server an account talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum LxdFlavour {
    /// Decide from `GET /1.0` on first contact.
    Auto,
    /// The seed "vz" API (`/1.0/vz`).
    Vz,
    /// Real LXD (`/1.0/instances`).
    Lxd,
}

/// Connection settings of a vz/LXD account. Certificates here are public; the client key is a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LxdSettings {
    pub flavour: LxdFlavour,
    /// PEM of the TLS client certificate (public part); its key is in the keyring.
    #[serde(default)]
    pub client_cert_pem: Option<String>,
    /// SHA-256 fingerprint (hex) of the server certificate the user chose to trust.
    #[serde(default)]
    pub server_fingerprint: Option<String>,
    /// LXD project, when not `default`.
    #[serde(default)]
    pub project: Option<String>,
}

/// Money as the provider stated it: a decimal string and, when known, an ISO 4217 currency code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Money {
    pub amount: String,
    pub currency: Option<String>,
}

/// How often a price is charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PricePeriod {
    Hourly,
    Monthly,
    Quarterly,
    SemiAnnually,
    Annually,
    OneTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Price {
    pub amount: Money,
    pub period: PricePeriod,
    /// Decimal string of the price before a discount, when the provider states one.
    pub before_discount: Option<String>,
    pub discount_percent: Option<f64>,
}

/// Normalised server status (closed). The provider's own status stays in [`RawStatus`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ServerStatus {
    Provisioning,
    Running,
    Stopped,
    Starting,
    Stopping,
    Rebooting,
    /// An action is in progress (locked, resizing, restoring…).
    Busy,
    /// Suspended by the provider, or frozen (LXD).
    Suspended,
    Error,
    Deleting,
    Unknown,
}

impl ServerStatus {
    /// Whether the status will change by itself (a transition is under way).
    pub fn is_transitional(self) -> bool {
        matches!(
            self,
            ServerStatus::Provisioning
                | ServerStatus::Starting
                | ServerStatus::Stopping
                | ServerStatus::Rebooting
                | ServerStatus::Busy
                | ServerStatus::Deleting
        )
    }
}

/// The provider's own status, kept next to the normalised one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RawStatus {
    /// Status text (`active`, `Running`, `IN_PROGRESS`…).
    pub text: Option<String>,
    /// Numeric status code (LXD `status_code`, Cloude.ro event status). A JSON number in
    /// TypeScript: small codes, and the IPC is JSON, which has no BigInt.
    #[ts(type = "number | null")]
    pub code: Option<i64>,
    /// Boolean flags (LetsCloud `booted`, `built`, `locked`, `suspended`).
    #[serde(default)]
    pub flags: std::collections::BTreeMap<String, bool>,
}

/// Live usage figures where the provider reports them (vz `machine`, LXD `/state`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LiveUsage {
    pub cpu_percent: Option<f64>,
    pub memory_used_mb: Option<f64>,
    pub memory_total_mb: Option<f64>,
    pub disk_used_gb: Option<f64>,
    pub disk_total_gb: Option<f64>,
    pub processes: Option<u32>,
    pub network_rx_bytes: Option<f64>,
    pub network_tx_bytes: Option<f64>,
}

/// A server (VPS, instance, container) of one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Server {
    /// Account name (set by the host from the account list; providers fill it from their context).
    pub account: String,
    pub provider: ProviderKind,
    /// The provider's own identifier, as a string.
    pub id: String,
    /// LetsCloud label | Cloude.ro name | Cloudzy hostname | vz hostname | LXD name.
    pub name: String,
    pub hostname: Option<String>,
    pub status: ServerStatus,
    pub raw_status: RawStatus,
    pub ipv4: Vec<String>,
    pub ipv6: Vec<String>,
    /// Region slug or id.
    pub region: Option<String>,
    /// Plan slug or product id (or a description of a custom size).
    pub plan: Option<String>,
    /// Image / OS slug, id or label.
    pub image: Option<String>,
    pub vcpus: Option<u32>,
    pub memory_mb: Option<u32>,
    pub disk_gb: Option<u32>,
    pub bandwidth_gb: Option<u32>,
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Local tags: kept by Fleetdeck in its data directory for a server of any provider (shared by
    /// the app and the CLI, never sent to the provider), apart from the provider's own `tags` so
    /// that a filter can match both while the UI marks these as local. Filled in by the fleet's
    /// server listings (`fleetdeck_store::local_tags`); absent from JSON when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub local_tags: Vec<String>,
    /// The provider's ids of jobs running on this server (Cloude.ro `active_events`, LXD operations).
    #[serde(default)]
    pub active_jobs: Vec<String>,
    #[serde(default)]
    pub usage: Option<LiveUsage>,
    /// Provider-only fields of note (not a copy of `raw`).
    #[serde(default)]
    pub extra: Extra,
    /// The provider's JSON exactly as received. Absent (`Null`, no key in JSON) in the listings
    /// sent to the window, which fetch it on demand (fleet/src/views.rs `without_raw`).
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    #[ts(as = "Option<serde_json::Value>", optional)]
    pub raw: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Region {
    pub account: String,
    pub provider: ProviderKind,
    /// Slug or id used when ordering (`MIA1`, `ist2`, `UK-London`).
    pub id: String,
    pub name: Option<String>,
    pub country: Option<String>,
    pub city: Option<String>,
    pub available: Option<bool>,
    /// What the region supports (Cloudzy `config.*`: IPv6, custom plans…).
    #[serde(default)]
    pub features: Extra,
    pub raw: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PlanKind {
    Fixed,
    Custom,
    Gpu,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Plan {
    pub account: String,
    pub provider: ProviderKind,
    /// Slug or product id used when ordering.
    pub id: String,
    pub name: Option<String>,
    pub kind: PlanKind,
    pub vcpus: Option<u32>,
    pub memory_mb: Option<u32>,
    pub disk_gb: Option<u32>,
    pub bandwidth_gb: Option<u32>,
    pub prices: Vec<Price>,
    /// Regions where the plan can be ordered (empty = not stated).
    pub regions: Vec<String>,
    pub available: Option<bool>,
    pub raw: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ImageKind {
    Os,
    /// One-click application (Cloudzy OCA, Cloude.ro application images).
    Application,
    Snapshot,
    CustomImage,
    Iso,
}

/// Something a server can be created or reinstalled from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Image {
    pub account: String,
    pub provider: ProviderKind,
    /// Slug, id or fingerprint used when ordering.
    pub id: String,
    pub name: String,
    pub kind: ImageKind,
    /// OS family (`linux`, `ubuntu`, `windows`…).
    pub family: Option<String>,
    pub version: Option<String>,
    pub arch: Option<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    pub min_disk_gb: Option<u32>,
    pub min_memory_mb: Option<u32>,
    /// For applications: the OS images they install on.
    #[serde(default)]
    pub compatible_os: Vec<String>,
    pub description: Option<String>,
    pub price: Option<Price>,
    pub raw: serde_json::Value,
}

/// Normalised snapshot status (closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SnapshotStatus {
    Pending,
    Ready,
    Restoring,
    Failed,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Snapshot {
    pub account: String,
    pub provider: ProviderKind,
    /// The provider's id (LXD: `instance/snapshot`).
    pub id: String,
    pub name: String,
    pub server_id: Option<String>,
    pub status: SnapshotStatus,
    pub raw_status: RawStatus,
    pub size_gb: Option<f64>,
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_restored_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default)]
    pub regions: Vec<String>,
    /// Made by an automatic backup schedule rather than by hand.
    #[serde(default)]
    pub automated: bool,
    #[serde(default)]
    pub extra: Extra,
    pub raw: serde_json::Value,
}

/// Status of something the provider builds or downloads in the background (ISO, image, backup).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ArtifactStatus {
    Pending,
    Ready,
    Failed,
    Deleted,
    Unknown,
}

/// A whole-server backup (LXD backups).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Backup {
    pub account: String,
    pub provider: ProviderKind,
    pub id: String,
    pub name: String,
    pub server_id: Option<String>,
    pub status: ArtifactStatus,
    pub size_gb: Option<f64>,
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    pub raw: serde_json::Value,
}

/// A backup schedule of one server (Cloudzy backup profiles).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupPolicy {
    pub account: String,
    pub provider: ProviderKind,
    pub server_id: String,
    /// `active`, `inactive`, `pending` as the provider says.
    pub status: String,
    /// `daily`, `weekly`…
    pub frequency: String,
    #[serde(default)]
    pub weekdays: Vec<String>,
    /// The provider's retention choice (Cloudzy `periodId`); a JSON number in TypeScript (the IPC
    /// is JSON, which has no BigInt).
    #[ts(type = "number | null")]
    pub retention_id: Option<i64>,
    pub max_files: Option<u32>,
    pub monthly_price: Option<Money>,
    pub last_success_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default)]
    pub backups: Vec<Snapshot>,
    pub raw: serde_json::Value,
}

/// Kind of an image the user uploads or has the provider download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum UploadKind {
    Iso,
    DiskImage,
}

/// An ISO or a custom disk image held by the provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UploadedImage {
    pub account: String,
    pub provider: ProviderKind,
    pub kind: UploadKind,
    pub id: String,
    pub name: String,
    pub status: ArtifactStatus,
    pub raw_status: RawStatus,
    pub region: Option<String>,
    pub source_url: Option<String>,
    pub size_gb: Option<f64>,
    /// Disk image format (`qcow2`…) or, for ISOs, `iso`.
    pub format: Option<String>,
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
    pub raw: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SshKey {
    pub account: String,
    pub provider: ProviderKind,
    /// LetsCloud slug | Cloude.ro fingerprint | Cloudzy integer id.
    pub id: String,
    pub name: String,
    pub public_key: String,
    /// As the provider states it, else computed locally (`SHA256:…`).
    pub fingerprint: Option<String>,
    pub raw: serde_json::Value,
}

/// The answer to an SSH-key creation. `private_key` is set only when the provider generated the pair:
/// it is shown to the user once and never stored by Fleetdeck.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreatedSshKey {
    pub key: SshKey,
    pub private_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FloatingIp {
    pub account: String,
    pub provider: ProviderKind,
    pub id: String,
    pub address: String,
    pub region: Option<String>,
    pub server_id: Option<String>,
    pub auto_renew: Option<bool>,
    pub note: Option<String>,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    pub raw: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Tag {
    pub account: String,
    pub provider: ProviderKind,
    pub name: String,
    /// How many servers carry it.
    pub count: Option<u32>,
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
    pub raw: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Invoice {
    pub account: String,
    pub provider: ProviderKind,
    pub id: String,
    pub number: Option<String>,
    pub amount: Option<Money>,
    pub status: Option<String>,
    pub issued_at: Option<chrono::DateTime<chrono::Utc>>,
    pub due_at: Option<chrono::DateTime<chrono::Utc>>,
    pub paid_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The provider gave a link to the invoice's document (a PDF, or its payment page).
    #[serde(default)]
    pub has_document: bool,
    /// That link. It works without signing in, so it is a credential: never serialized (so never
    /// in the cache, a log line or the web view) and `Debug` hides it; only the fleet's invoice
    /// open and download read it (fleet/src/billing.rs).
    #[serde(skip)]
    #[ts(skip)]
    pub document: Option<CredentialLink>,
    pub raw: serde_json::Value,
}

/// A link that works as a credential (a signed invoice or payment URL). `Debug` shows no part of it.
#[derive(Clone, PartialEq, Eq)]
pub struct CredentialLink(String);

impl CredentialLink {
    pub fn new(link: impl Into<String>) -> Self {
        CredentialLink(link.into())
    }

    /// The link itself, for the one request or browser hand-off that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CredentialLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CredentialLink(withheld)")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Transaction {
    pub account: String,
    pub provider: ProviderKind,
    pub id: String,
    /// Signed decimal: negative for a charge.
    pub amount: Option<Money>,
    pub kind: Option<String>,
    pub description: Option<String>,
    pub at: Option<chrono::DateTime<chrono::Utc>>,
    pub raw: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UsagePoint {
    pub at: chrono::DateTime<chrono::Utc>,
    pub value: f64,
}

/// A time series of one metric of one server (Cloude.ro traffic in/out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UsageSeries {
    pub account: String,
    pub provider: ProviderKind,
    pub server_id: String,
    /// `trafficIn`, `trafficOut`…
    pub metric: String,
    /// Unit of `value` (`MB`, `percent`…).
    pub unit: String,
    pub points: Vec<UsagePoint>,
}

/// The provider's own record of a background action (Cloude.ro event, LXD operation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProviderEvent {
    pub account: String,
    pub provider: ProviderKind,
    pub id: String,
    /// What it does (`VM.CREATE`, `Creating instance`…).
    pub action: String,
    pub status: crate::job::JobStatus,
    /// The server (or other resource) it concerns.
    pub target: Option<String>,
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
    pub completed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub message: Option<String>,
    pub raw: serde_json::Value,
}

/// The account holder's profile and balance, where the provider tells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AccountProfile {
    pub account: String,
    pub provider: ProviderKind,
    pub name: Option<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub balance: Option<Money>,
    pub verified: Option<bool>,
    pub registered_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_login_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Cloudzy customer id; LXD server name and version.
    #[serde(default)]
    pub extra: Extra,
    pub raw: serde_json::Value,
}
