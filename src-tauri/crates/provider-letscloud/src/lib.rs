//! LetsCloud API client.
//!
//! Reference: docs/wire-decisions.md, "LetsCloud reference" (the API as the official SDKs call
//! it) and, for what the documentation leaves open, "LetsCloud".
//!
//! Layout: `wire` (envelope, errors), `parse` (JSON → domain, every quirk), `client` (sending with
//! the token and the version header, shared caches), `api` (the provider traits), `jobs` (flag
//! polling, coalesced per account).
//!
//! Public API used by the registry: [`DEFAULT_ENDPOINT`], [`capabilities`], [`connect`]
//! (plus [`connect_tuned`] for hosts and tests that change the polling pace).

use std::sync::Arc;
use std::time::Duration;

use fleetdeck_core::capabilities::{
    BillingCapabilities, CreateCapabilities, PasswordReset, ServerCapabilities, SnapshotCapabilities,
    SshKeyCapabilities, SshKeySelection,
};
use fleetdeck_core::coalesce::Coalesced;
use fleetdeck_core::descriptor::{
    token_field, CredentialField, CredentialShape, ProviderDescriptor, SignInMethod,
};
use fleetdeck_core::http::HttpClient;
use fleetdeck_core::{Capabilities, Credentials, Error, Provider, ProviderContext, ProviderKind, Result};

mod api;
mod client;
mod jobs;
mod parse;
#[cfg(test)]
mod robustness;
mod wire;

pub use client::LetsCloud;

/// The provider's public base URL (docs/wire-decisions.md, LetsCloud reference).
pub const DEFAULT_ENDPOINT: &str = "https://core.letscloud.io/api";

/// How hosts present LetsCloud: one static API token (docs/wire-decisions.md, LetsCloud reference: panel →
/// profile → API).
pub fn descriptor() -> ProviderDescriptor {
    ProviderDescriptor {
        kind: ProviderKind::LetsCloud,
        label: ProviderKind::LetsCloud.display_name(),
        default_endpoint: DEFAULT_ENDPOINT,
        endpoint_required: false,
        sign_in: vec![SignInMethod {
            id: "token",
            label: "API token",
            fields: vec![CredentialField {
                permissions: "The token acts with its account's rights: Fleetdeck reads, \
                              creates, changes and deletes servers, snapshots and keys with it.",
                ..token_field(
                    "API token",
                    "In the LetsCloud panel: Profile → API (generate a token there).",
                    "Enter the API token.",
                )
            }],
        }],
        colour: "#2f80ed",
        docs_url: "https://developers.letscloud.io",
        credentials: CredentialShape::Token,
    }
}

/// LetsCloud's documented budget: 5,000 requests per hour per token.
pub const RATE_LIMIT_PER_HOUR: u32 = 5_000;

/// The pace of job polling.
#[derive(Debug, Clone)]
pub struct PollTuning {
    /// Pause between two polls of a server job (docs/wire-decisions.md, LetsCloud reference: suggested 5 s,
    /// list-level).
    pub server_interval: Duration,
    /// Pause between two polls of a snapshot job (Packer polls every 10 s).
    pub snapshot_interval: Duration,
    /// How long one list answer (instances, snapshots) serves every pending job: shorter than the
    /// intervals, so a tick costs one request per list however many jobs are pending.
    pub list_max_age: Duration,
    /// LetsCloud reports no failure of a power action: the lock clears and the power state stays
    /// as it was. After a job saw its instance locked, this many polls in a row showing it unlocked
    /// in the wrong power state fail the job. `booted` lags behind the lock (docs/wire-decisions.md,
    /// LetsCloud reference quirk 2), hence more than one.
    pub settle_grace_polls: u32,
}

impl Default for PollTuning {
    fn default() -> Self {
        PollTuning {
            server_interval: Duration::from_secs(5),
            snapshot_interval: Duration::from_secs(10),
            list_max_age: Duration::from_secs(4),
            settle_grace_polls: 6,
        }
    }
}

/// What this client implements, stated as data (the fleet crate renders the matrix from it).
pub fn capabilities() -> Capabilities {
    let mut c = Capabilities::none(ProviderKind::LetsCloud, "LetsCloud");
    c.servers = ServerCapabilities {
        list: true,
        detail: true,
        create: true,
        delete: true,
        start: true,
        // `power-off` (hard) and `shutdown` (ACPI) are distinct endpoints.
        stop: true,
        shutdown: true,
        reboot: true,
        freeze: false,
        reset_password: PasswordReset::Chosen,
        reinstall: false,
        resize: true,
        add_traffic: false,
        rename: false,
        update_config: false,
    };
    c.create = CreateCapabilities {
        regions: true,
        plans: true,
        images: true,
        applications: false,
        custom_size: false,
        max_servers_per_request: 1,
        ssh_keys: SshKeySelection::One,
        password: true,
        ipv6_choice: false,
        floating_ips: false,
        billing_cycles: Vec::new(),
        user_data: false,
        from_iso: false,
        sources: Vec::new(),
    };
    c.snapshots = SnapshotCapabilities {
        list: true,
        detail: true,
        create: true,
        named: true,
        rename: true,
        delete: true,
        // Neither appears in any trustworthy source (docs/wire-decisions.md, LetsCloud reference).
        restore: false,
        create_server_from: false,
        outlive_server: true,
    };
    c.ssh_keys = SshKeyCapabilities {
        list: true,
        get: true,
        create: true,
        generate: true,
        // Same title = replace; there is no rename by slug.
        rename: false,
        delete: true,
    };
    c.billing = BillingCapabilities {
        profile: true,
        balance: true,
        invoices: false,
        transactions: false,
    };
    // docs/wire-decisions.md, "List concurrency": every list is one request, and the hourly
    // budget is counted per request by the transport (`RATE_LIMIT_PER_HOUR`).
    c.limits.list_concurrency = 1;
    c
}

/// Build the client of one account. Sends nothing.
pub async fn connect(ctx: ProviderContext) -> Result<Arc<dyn Provider>> {
    connect_tuned(ctx, PollTuning::default()).await
}

/// [`connect`] with another polling pace.
pub async fn connect_tuned(ctx: ProviderContext, tuning: PollTuning) -> Result<Arc<dyn Provider>> {
    let client: Arc<dyn Provider> = Arc::new(build(ctx, tuning)?);
    Ok(client)
}

/// The concrete client, for hosts that need what the traits do not carry
/// ([`LetsCloud::initial_root_password`], [`LetsCloud::snapshot_status`]).
pub fn build(ctx: ProviderContext, tuning: PollTuning) -> Result<LetsCloud> {
    let ProviderContext {
        account,
        credentials,
        session: _,
        mut http,
        clock,
    } = ctx;
    let endpoint = account
        .endpoint
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .unwrap_or(DEFAULT_ENDPOINT);
    let token = match credentials {
        Credentials::Token(t) => t,
        _ => {
            return Err(Error::invalid_field(
                "credentials",
                format!(
                    "account {}: LetsCloud authenticates with an API token",
                    account.name
                ),
            ))
        }
    };
    // The budget is per token; every request of this account waits for it.
    if http.rate_limit.is_none() {
        http.rate_limit = Some((RATE_LIMIT_PER_HOUR, Duration::from_secs(3600)));
    }
    let http_client = HttpClient::new(account.name.clone(), endpoint, http)?.with_clock(clock.clone());
    Ok(LetsCloud {
        account: account.name,
        http: http_client,
        token,
        clock,
        instance_list: Coalesced::new(tuning.list_max_age),
        snapshot_list: Coalesced::new(tuning.list_max_age),
        tuning,
        pending_snapshots: Default::default(),
        pending_labels: Default::default(),
        settle_watch: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fleetdeck_core::job::SystemClock;
    use fleetdeck_core::{Account, MemoryVault, SecretString};

    fn ctx(credentials: Credentials) -> ProviderContext {
        ProviderContext {
            account: Account {
                id: "id".into(),
                name: "lc".into(),
                provider: ProviderKind::LetsCloud,
                endpoint: None,
                username: None,
                color: None,
                lxd: None,
                sandbox: false,
                created_at: chrono::Utc::now(),
            },
            credentials,
            session: Arc::new(MemoryVault::default()),
            http: Default::default(),
            clock: Arc::new(SystemClock),
        }
    }

    #[test]
    fn debug_output_holds_no_secret() {
        let c = build(
            ctx(Credentials::Token(SecretString::from("tok-very-secret"))),
            PollTuning::default(),
        )
        .unwrap();
        let text = format!("{c:?}");
        assert!(!text.contains("tok-very-secret"), "{text}");
        assert!(text.contains("https://core.letscloud.io/api"), "{text}");
        let budget = c.http.rate_status();
        assert_eq!(budget.limit, Some(RATE_LIMIT_PER_HOUR));
        assert!(!budget.from_headers);
    }

    #[test]
    fn a_password_credential_is_refused() {
        let e = build(
            ctx(Credentials::Password(SecretString::from("pw"))),
            PollTuning::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("API token"), "{e}");
    }

    #[test]
    fn capabilities_state_what_is_implemented() {
        let c = capabilities();
        assert_eq!(c.provider, ProviderKind::LetsCloud);
        assert!(c.servers.shutdown && c.servers.stop && c.servers.resize && !c.servers.reinstall);
        assert_eq!(c.servers.reset_password, PasswordReset::Chosen);
        assert_eq!(c.create.ssh_keys, SshKeySelection::One);
        assert!(c.snapshots.rename && c.snapshots.detail && !c.snapshots.restore);
        assert!(c.ssh_keys.generate && c.ssh_keys.get && !c.ssh_keys.rename);
        assert!(c.billing.balance && !c.billing.invoices);
        assert!(!c.tags.list && !c.floating_ips.list && !c.backups.list && !c.events.list);
    }
}
