//! Cloudzy Developer API v1 client.
//!
//! Spec: the Cloudzy API (42 endpoints); reference with the quirks: docs/wire-decisions.md, Cloudzy
//! reference; binding choices on what the documentation leaves open: `docs/wire-decisions.md`.
//!
//! Layout: `wire` (envelope, errors), `parse` (JSON → domain, every quirk), `client` (sending, the
//! caches job polling shares, the paged lists), `api` (the provider traits), `jobs` (status polling).
//!
//! Public API used by the registry: [`DEFAULT_ENDPOINT`], [`capabilities`], [`connect`]
//! (plus [`connect_tuned`] for hosts and tests that change the polling pace, and [`connect_typed`]
//! for callers that want the Cloudzy-only filters of [`Cloudzy`]).

use std::sync::Arc;
use std::time::Duration;

use fleetdeck_core::capabilities::{
    BackupCapabilities, BillingCapabilities, CreateCapabilities, FloatingIpCapabilities, PasswordReset,
    ServerCapabilities, SnapshotCapabilities, SshKeyCapabilities, SshKeySelection, UploadCapabilities,
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

pub use client::{Cloudzy, InstanceQuery, SnapshotQuery};

/// The provider's public base URL; every path is `/v1/...` below it.
pub const DEFAULT_ENDPOINT: &str = "https://api.cloudzy.com/developers";

/// How hosts present Cloudzy: one static API token (from the platform's API settings;
/// docs/wire-decisions.md, Cloudzy reference).
pub fn descriptor() -> ProviderDescriptor {
    ProviderDescriptor {
        kind: ProviderKind::Cloudzy,
        label: ProviderKind::Cloudzy.display_name(),
        default_endpoint: DEFAULT_ENDPOINT,
        endpoint_required: false,
        sign_in: vec![SignInMethod {
            id: "token",
            label: "API token",
            fields: vec![CredentialField {
                permissions: "A customer's own token acts with all the rights of that account. \
                              An admin or reseller token works too: Fleetdeck then acts for the \
                              token's default customer.",
                ..token_field(
                    "API token",
                    "In the Cloudzy panel: the platform's API settings.",
                    "Enter the API token.",
                )
            }],
        }],
        colour: "#27ae60",
        docs_url: "https://api.cloudzy.com/developers/redoc",
        credentials: CredentialShape::Token,
    }
}

/// The pace of job polling and the size of list pages.
#[derive(Debug, Clone)]
pub struct PollTuning {
    /// Pause between two polls of a resource's status (docs/wire-decisions.md, Cloudzy reference: suggested
    /// 10–15 s).
    pub resource_interval: Duration,
    /// How long one list answer (instances, snapshots, ISOs, images) serves every pending job:
    /// shorter than the interval, so each tick costs one list per kind.
    pub list_max_age: Duration,
    /// Items asked for per page (instances: `limit` 5–100; other lists: `per_page` and `limit`).
    pub page_size: u32,
}

impl Default for PollTuning {
    fn default() -> Self {
        PollTuning {
            resource_interval: Duration::from_secs(10),
            list_max_age: Duration::from_secs(5),
            page_size: 100,
        }
    }
}

/// What this client implements, stated as data (the fleet crate renders the matrix from it).
pub fn capabilities() -> Capabilities {
    let mut c = Capabilities::none(ProviderKind::Cloudzy, "Cloudzy");
    c.servers = ServerCapabilities {
        list: true,
        detail: true,
        create: true,
        delete: true,
        start: true,
        // `poweroff` is the only power-off (graceful per the spec); there is no second, hard one.
        stop: true,
        shutdown: false,
        // `reset`: a hard reboot (docs/wire-decisions.md).
        reboot: true,
        freeze: false,
        reset_password: PasswordReset::Generated,
        reinstall: true,
        resize: true,
        add_traffic: true,
        rename: false,
        update_config: false,
    };
    c.create = CreateCapabilities {
        regions: true,
        plans: true,
        images: true,
        applications: true,
        custom_size: true,
        max_servers_per_request: 10,
        ssh_keys: SshKeySelection::Many,
        password: false,
        ipv6_choice: true,
        floating_ips: true,
        billing_cycles: ["hourly", "monthly", "quarterly", "semi-annually", "annually"]
            .map(String::from)
            .to_vec(),
        user_data: false,
        from_iso: true,
        sources: Vec::new(),
    };
    c.snapshots = SnapshotCapabilities {
        list: true,
        detail: true,
        create: true,
        // The provider names snapshots itself.
        named: false,
        rename: false,
        delete: true,
        restore: true,
        create_server_from: true,
        outlive_server: true,
    };
    c.backups = BackupCapabilities {
        list: false,
        create: false,
        delete: false,
        policies: true,
        download: false,
    };
    c.ssh_keys = SshKeyCapabilities {
        list: true,
        get: true,
        create: true,
        generate: false,
        rename: false,
        delete: true,
    };
    c.floating_ips = FloatingIpCapabilities {
        list: true,
        allocate: true,
        update: true,
        release: true,
        max_per_request: api::MAX_FLOATING_IPS,
    };
    let uploads = UploadCapabilities {
        list: true,
        download: true,
        get: true,
        delete: true,
    };
    c.isos = uploads.clone();
    c.custom_images = uploads;
    c.billing = BillingCapabilities {
        profile: true,
        balance: true,
        invoices: false,
        transactions: false,
    };
    // docs/wire-decisions.md, "List concurrency": the numbered lists' pages after the first go
    // four at a time; instances page by bookmark, a chain that is sequential anyway.
    c.limits.list_concurrency = 4;
    c
}

/// Build the client of one account. Sends nothing.
pub async fn connect(ctx: ProviderContext) -> Result<Arc<dyn Provider>> {
    connect_tuned(ctx, PollTuning::default()).await
}

/// [`connect`] with another polling pace / page size.
pub async fn connect_tuned(ctx: ProviderContext, tuning: PollTuning) -> Result<Arc<dyn Provider>> {
    let client: Arc<dyn Provider> = connect_typed(ctx, tuning).await?;
    Ok(client)
}

/// [`connect_tuned`], answering the concrete client (its inherent methods take every Cloudzy
/// filter: [`Cloudzy::list_instances`], [`Cloudzy::list_snapshots_filtered`]…).
pub async fn connect_typed(ctx: ProviderContext, tuning: PollTuning) -> Result<Arc<Cloudzy>> {
    Ok(Arc::new(build(ctx, tuning)?))
}

fn build(ctx: ProviderContext, tuning: PollTuning) -> Result<Cloudzy> {
    let ProviderContext {
        account,
        credentials,
        http,
        clock,
        ..
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
                format!("account {}: Cloudzy signs in with an API token", account.name),
            ))
        }
    };
    let http_client = HttpClient::new(account.name.clone(), endpoint, http)?.with_clock(clock.clone());
    Ok(Cloudzy {
        account: account.name,
        http: http_client,
        token,
        server_list: Coalesced::new(tuning.list_max_age),
        snapshot_list: Coalesced::new(tuning.list_max_age),
        iso_list: Coalesced::new(tuning.list_max_age),
        image_list: Coalesced::new(tuning.list_max_age),
        customer_id: tokio::sync::Mutex::new(None),
        tuning: PollTuning {
            // The API accepts 5–100 per page; tests ask for 1 (the mock does not check).
            page_size: tuning.page_size.clamp(1, 100),
            ..tuning
        },
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
                name: "zy".into(),
                provider: ProviderKind::Cloudzy,
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
        assert!(text.contains("https://api.cloudzy.com/developers"), "{text}");
    }

    #[test]
    fn a_password_is_not_a_token() {
        let e = build(
            ctx(Credentials::Password(SecretString::from("x"))),
            PollTuning::default(),
        )
        .unwrap_err();
        assert_eq!(e.code(), fleetdeck_core::ErrorCode::InvalidInput);
    }

    #[test]
    fn capabilities_state_what_is_implemented() {
        let c = capabilities();
        assert_eq!(c.provider, ProviderKind::Cloudzy);
        assert!(c.servers.reinstall && c.servers.resize && c.servers.add_traffic);
        assert_eq!(c.servers.reset_password, PasswordReset::Generated);
        assert_eq!(c.create.max_servers_per_request, 10);
        assert!(c.snapshots.restore && c.snapshots.create_server_from && !c.snapshots.named);
        assert!(c.backups.policies && c.floating_ips.update && c.isos.download && c.custom_images.delete);
        assert!(!c.tags.list && !c.billing.invoices && !c.events.list && !c.usage.traffic);
    }

    /// The capability matrix column of Cloudzy, generated from [`capabilities`] into
    /// `CAPABILITIES.md` next to this crate's README. Regenerate with
    /// `FLEETDECK_WRITE_CAPABILITIES=1 cargo test -p fleetdeck-provider-cloudzy capability_matrix`.
    #[test]
    fn capability_matrix_is_current() {
        let table = fleetdeck_core::capabilities::matrix_markdown(&[capabilities()]);
        let text = format!(
            "# Cloudzy capabilities\n\nGenerated from `capabilities()` in `src/lib.rs` by the test \
             `capability_matrix_is_current`; do not edit by hand.\n\n{table}"
        );
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("CAPABILITIES.md");
        if std::env::var_os("FLEETDECK_WRITE_CAPABILITIES").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            on_disk, text,
            "CAPABILITIES.md is stale: rerun with FLEETDECK_WRITE_CAPABILITIES=1"
        );
    }
}
