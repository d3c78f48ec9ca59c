//! Cloude.ro (Cloudeos panel) API v1 client.
//!
//! Spec: the Cloude.ro API; reference with the quirks: docs/wire-decisions.md, Cloude.ro reference; binding
//! choices on what the documentation leaves open: `docs/wire-decisions.md`.
//!
//! Layout: `wire` (envelope, errors, action results), `parse` (JSON → domain, every quirk),
//! `session` (login, token renewal, keyring-backed session), `client` (sending, action path styles),
//! `api` (the provider traits), `jobs` (event and state polling).
//!
//! Public API used by the registry: [`DEFAULT_ENDPOINT`], [`capabilities`], [`connect`]
//! (plus [`connect_tuned`] for hosts and tests that change the polling pace).

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use fleetdeck_core::capabilities::{
    BillingCapabilities, CreateCapabilities, EventCapabilities, PasswordReset, ServerCapabilities,
    SnapshotCapabilities, SshKeyCapabilities, SshKeySelection, TagCapabilities, UsageCapabilities,
};
use fleetdeck_core::coalesce::Coalesced;
use fleetdeck_core::descriptor::{
    non_empty, CredentialField, CredentialShape, ProviderDescriptor, SignInMethod,
};
use fleetdeck_core::http::HttpClient;
use fleetdeck_core::{Capabilities, Credentials, Error, Provider, ProviderContext, ProviderKind, Result};

mod api;
mod client;
mod jobs;
mod parse;
#[cfg(test)]
mod robustness;
mod session;
mod wire;

pub use client::Cloudero;

/// The provider's public base URL. The same documentation also says `https://api.cloud.ro`; an
/// account's endpoint override covers that host (docs/wire-decisions.md, Cloude.ro reference).
pub const DEFAULT_ENDPOINT: &str = "https://api.cloude.ro";

/// How hosts present Cloude.ro: the panel's login name and password, exchanged for a session
/// (docs/wire-decisions.md, Cloude.ro reference).
pub fn descriptor() -> ProviderDescriptor {
    ProviderDescriptor {
        kind: ProviderKind::Cloudero,
        label: ProviderKind::Cloudero.display_name(),
        default_endpoint: DEFAULT_ENDPOINT,
        endpoint_required: false,
        sign_in: vec![SignInMethod {
            id: "password",
            label: "Password",
            fields: vec![
                CredentialField {
                    name: "username",
                    label: "Username",
                    secret: false,
                    required: true,
                    multiline: false,
                    help: "The login name of the Cloude.ro panel (the one you sign in to the \
                           panel with).",
                    help_url: None,
                    permissions: "",
                    validation: non_empty("Cloude.ro needs the login name."),
                },
                CredentialField {
                    name: "secret",
                    label: "Password",
                    secret: true,
                    required: true,
                    multiline: false,
                    help: "The password of the Cloude.ro panel. Cloude.ro has no API tokens: \
                           Fleetdeck signs in with it for a 45-minute session (renewed for up \
                           to a day, then it signs in again).",
                    help_url: None,
                    permissions: "The panel user's own rights: what this user can do in the \
                                  panel, Fleetdeck can do.",
                    validation: non_empty("Enter the password."),
                },
            ],
        }],
        colour: "#eb5757",
        docs_url: "https://api.cloude.ro",
        credentials: CredentialShape::Password,
    }
}

/// The pace of job polling.
#[derive(Debug, Clone)]
pub struct PollTuning {
    /// Pause between two polls of an event (docs/wire-decisions.md, Cloude.ro reference: suggested 3 s).
    pub event_interval: Duration,
    /// Pause between two polls of a server or snapshot state.
    pub resource_interval: Duration,
    /// How long one list answer (events, servers, snapshots) serves every pending job: shorter than
    /// the intervals, so each tick costs one request per list.
    pub list_max_age: Duration,
}

impl Default for PollTuning {
    fn default() -> Self {
        PollTuning {
            event_interval: Duration::from_secs(3),
            resource_interval: Duration::from_secs(5),
            list_max_age: Duration::from_secs(2),
        }
    }
}

/// What this client implements, stated as data (the fleet crate renders the matrix from it).
pub fn capabilities() -> Capabilities {
    let mut c = Capabilities::none(ProviderKind::Cloudero, "Cloude.ro");
    c.servers = ServerCapabilities {
        list: true,
        detail: true,
        create: true,
        delete: true,
        start: true,
        stop: true,
        // `stop` is the only power-off the API has; graceful vs hard is undocumented.
        shutdown: false,
        reboot: true,
        freeze: false,
        reset_password: PasswordReset::Emailed,
        reinstall: true,
        resize: true,
        add_traffic: false,
        rename: false,
        update_config: false,
    };
    c.create = CreateCapabilities {
        regions: true,
        plans: true,
        images: true,
        applications: true,
        custom_size: false,
        max_servers_per_request: 1,
        ssh_keys: SshKeySelection::One,
        password: false,
        ipv6_choice: false,
        floating_ips: false,
        billing_cycles: Vec::new(),
        user_data: true,
        from_iso: false,
        sources: Vec::new(),
    };
    c.snapshots = SnapshotCapabilities {
        list: true,
        // No endpoint of its own: the list has every field.
        detail: false,
        create: true,
        named: true,
        rename: false,
        delete: true,
        restore: true,
        create_server_from: true,
        outlive_server: true,
    };
    c.ssh_keys = SshKeyCapabilities {
        list: true,
        // No endpoint of its own: one key is found in the list (`SshKeyApi::get_ssh_key`).
        get: true,
        create: true,
        generate: false,
        rename: true,
        delete: true,
    };
    c.tags = TagCapabilities {
        list: true,
        create: true,
        update: true,
        delete: true,
    };
    c.billing = BillingCapabilities {
        profile: true,
        balance: true,
        invoices: true,
        transactions: true,
    };
    c.usage = UsageCapabilities {
        traffic: true,
        live: false,
    };
    // docs/wire-decisions.md, "List concurrency": every list is one request.
    c.limits.list_concurrency = 1;
    c.events = EventCapabilities {
        list: true,
        get: true,
    };
    c
}

/// Build the client of one account. Sends nothing: the session is restored from the vault, and a
/// login happens on the first authenticated request that needs one.
pub async fn connect(ctx: ProviderContext) -> Result<Arc<dyn Provider>> {
    connect_tuned(ctx, PollTuning::default()).await
}

/// [`connect`] with another polling pace.
pub async fn connect_tuned(ctx: ProviderContext, tuning: PollTuning) -> Result<Arc<dyn Provider>> {
    let client: Arc<dyn Provider> = Arc::new(build(ctx, tuning)?);
    Ok(client)
}

fn build(ctx: ProviderContext, tuning: PollTuning) -> Result<Cloudero> {
    let ProviderContext {
        account,
        credentials,
        session,
        http,
        clock,
    } = ctx;
    let endpoint = account
        .endpoint
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .unwrap_or(DEFAULT_ENDPOINT);
    let password = match credentials {
        Credentials::Password(p) => p,
        _ => {
            return Err(Error::invalid_field(
                "credentials",
                format!(
                    "account {}: Cloude.ro signs in with a username and password",
                    account.name
                ),
            ))
        }
    };
    let username = account
        .username
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| {
            Error::invalid_field(
                "username",
                format!(
                    "account {}: Cloude.ro needs the login name (e-mail)",
                    account.name
                ),
            )
        })?;
    let http_client = HttpClient::new(account.name.clone(), endpoint, http)?.with_clock(clock.clone());
    let auth = session::Authenticator::new(
        account.name.clone(),
        Some(username),
        Some(password),
        session,
        clock.clone(),
    );
    Ok(Cloudero {
        account: account.name,
        http: http_client,
        auth,
        clock,
        event_list: Coalesced::new(tuning.list_max_age),
        server_list: Coalesced::new(tuning.list_max_age),
        snapshot_list: Coalesced::new(tuning.list_max_age),
        tuning,
        body_id_actions: AtomicBool::new(false),
        pending_events: std::sync::Mutex::new(HashMap::new()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fleetdeck_core::job::SystemClock;
    use fleetdeck_core::{Account, MemoryVault, SecretString};

    #[test]
    fn debug_output_holds_no_secret() {
        let ctx = ProviderContext {
            account: Account {
                id: "id".into(),
                name: "ro".into(),
                provider: ProviderKind::Cloudero,
                endpoint: None,
                username: Some("ops@example.com".into()),
                color: None,
                lxd: None,
                sandbox: false,
                created_at: chrono::Utc::now(),
            },
            credentials: Credentials::Password(SecretString::from("hunter2-very-secret")),
            session: Arc::new(MemoryVault::default()),
            http: Default::default(),
            clock: Arc::new(SystemClock),
        };
        let c = build(ctx, PollTuning::default()).unwrap();
        let text = format!("{c:?} {:?}", c.auth);
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("https://api.cloude.ro"), "{text}");
    }

    #[test]
    fn capabilities_state_what_is_implemented() {
        let c = capabilities();
        assert_eq!(c.provider, ProviderKind::Cloudero);
        assert!(c.servers.reinstall && c.servers.resize && !c.servers.shutdown);
        assert_eq!(c.servers.reset_password, PasswordReset::Emailed);
        assert!(c.snapshots.restore && c.snapshots.create_server_from && !c.snapshots.rename);
        assert!(c.tags.create && c.billing.invoices && c.usage.traffic && c.events.get);
        assert!(!c.floating_ips.list && !c.backups.list && !c.isos.list);
    }
}
