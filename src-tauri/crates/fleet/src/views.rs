//! Types the hosts exchange with [`crate::Fleet`], exported to TypeScript.

use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use fleetdeck_core::error::AccountFailure;
use fleetdeck_core::http::RateStatus;
use fleetdeck_core::job::Job;
use fleetdeck_core::{Account, Capabilities, ErrorPayload, LxdSettings, ProviderKind, Server};

/// An account as the hosts show it: settings plus what its provider offers.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AccountView {
    pub account: Account,
    pub capabilities: Capabilities,
    /// The endpoint actually used (the override or the provider's default).
    pub endpoint: String,
}

/// A request to add an account. The secret goes from here to the keyring and nowhere else.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AddAccountRequest {
    pub name: String,
    pub provider: ProviderKind,
    #[serde(default)]
    pub endpoint: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub color: Option<String>,
    #[serde(default)]
    pub lxd: Option<LxdSettings>,
    /// API token (LetsCloud, Cloudzy), password (Cloude.ro), or bearer token (vz/LXD, optional).
    #[serde(default)]
    #[ts(type = "string | null")]
    pub secret: Option<SecretString>,
    /// PEM of the TLS client key (vz/LXD with a client certificate).
    #[serde(default)]
    #[ts(type = "string | null")]
    pub client_key_pem: Option<SecretString>,
    /// Marks an account added by "Try the sandbox" (its endpoint is re-pointed at each start
    /// without asking for its secret again, see `sandbox.rs`). Never read from IPC input: a
    /// request from the web view always has `false`; only the embedded sandbox sets it.
    #[serde(skip_deserializing)]
    #[ts(skip)]
    pub sandbox: bool,
}

/// The refresh state of one account, shown next to its name ("refreshed 2 min ago", an error).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AccountState {
    pub account_id: String,
    pub account: String,
    pub provider: ProviderKind,
    /// When the data shown was fetched from the provider (`None`: never).
    pub fetched_at: Option<DateTime<Utc>>,
    /// The data shown is from the cache, not from a refresh that just succeeded.
    pub stale: bool,
    /// Why the last refresh failed.
    pub error: Option<ErrorPayload>,
    pub server_count: u32,
    /// The provider's rate budget as last seen.
    pub rate: Option<RateStatus>,
}

/// Servers over several accounts, with each account's state.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FleetServers {
    pub servers: Vec<Server>,
    pub accounts: Vec<AccountState>,
}

impl FleetServers {
    /// The listing as the window gets it: every server without its `raw` provider JSON (`Null`,
    /// which serializes as no key at all, see `Server::raw`). The UI needs it only in the detail
    /// pane's raw section, which asks for it on demand ([`crate::Fleet::server_raw`]); the cache
    /// keeps it.
    pub fn without_raw(mut self) -> Self {
        for server in &mut self.servers {
            server.raw = serde_json::Value::Null;
        }
        self
    }

    /// The accounts whose refresh failed, as a partial-result list.
    pub fn failures(&self) -> Vec<AccountFailure> {
        self.accounts
            .iter()
            .filter_map(|s| {
                s.error.clone().map(|error| AccountFailure {
                    account: s.account.clone(),
                    error,
                })
            })
            .collect()
    }
}

/// A list gathered over several accounts; `failures` name the accounts that could not answer.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Listing<T: TS> {
    pub items: Vec<T>,
    pub failures: Vec<AccountFailure>,
}

/// What an action answered. `password` is shown to the user once (reset password) and not kept.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActionResult {
    pub job: Option<Job>,
    pub message: Option<String>,
    pub password: Option<String>,
}

/// Answer to a server creation: one job per server ordered.
///
/// `root_password` is the root password the provider generated for the new server (LetsCloud),
/// handed to the caller exactly once: this answer is never persisted (the jobs are recorded on
/// their own, without it), never cached or logged, and cannot be read back (no `Deserialize`).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreateResult {
    pub jobs: Vec<Job>,
    pub message: Option<String>,
    #[ts(type = "string | null")]
    pub root_password: Option<String>,
}

/// Settings an account can change after it was added.
///
/// An endpoint on another origin (scheme, host or port) needs the account's credentials again, in
/// `secret` / `clientKeyPem`: they are checked against the new endpoint and saved with it; the
/// stored secret is never sent to another host (see `Fleet::update_account`).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct AccountChanges {
    pub name: Option<String>,
    /// `Some("")` clears the colour.
    pub color: Option<String>,
    /// `Some("")` goes back to the provider's default endpoint.
    pub endpoint: Option<String>,
    pub username: Option<String>,
    /// Credentials (as in [`AddAccountRequest`]): required when the endpoint moves to another
    /// host; when given, checked against the (new) endpoint and saved in place of the old ones.
    #[ts(type = "string | null")]
    pub secret: Option<SecretString>,
    #[ts(type = "string | null")]
    pub client_key_pem: Option<SecretString>,
}

/// A server certificate met for the first time, for the user to trust or not.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ServerCertificate {
    pub pem: String,
    /// SHA-256 of the DER certificate, lowercase hex.
    pub sha256: String,
    /// Subject distinguished name, e.g. `O=linuxcontainers.org, CN=root@host`.
    pub subject: String,
    pub issuer: String,
    pub not_after: Option<chrono::DateTime<chrono::Utc>>,
    /// Subject and issuer are the same (LXD's own certificates are).
    pub self_signed: bool,
}
