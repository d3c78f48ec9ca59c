//! Client for the LXD REST dialect: the seed's vz container API and real LXD, behind one provider.
//!
//! Spec: the vz API; reference and the LXD conventions: docs/wire-decisions.md, vz and LXD reference; binding
//! choices: `docs/wire-decisions.md` (flavour from `GET /1.0` `environment.server`, vz operations
//! at `/1.0/operations/<uuid>`, the vz list as ids, bearer tokens over loopback http).
//!
//! Layout: `wire` (envelopes, errors, operations), `parse` (JSON → domain, both flavours), `tls`
//! (client certificate, pinned server fingerprint, certificate probe), `client` (flavour detection,
//! sending, input rules), `api` (the provider traits), `jobs` (operations: `/wait`, polling).
//!
//! Public API used by the registry: [`DEFAULT_ENDPOINT`], [`capabilities`] / [`capabilities_for`],
//! [`connect`] (plus [`connect_tuned`]); for the "trust this server?" step of adding an account:
//! [`probe_server_certificate`]; for forms: [`validate_hostname`].

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use fleetdeck_core::capabilities::{
    BackupCapabilities, CreateCapabilities, EventCapabilities, ServerCapabilities, SnapshotCapabilities,
    UsageCapabilities,
};
use fleetdeck_core::descriptor::{
    pem, token_field, CredentialField, CredentialShape, ProviderDescriptor, SignInMethod,
};
use fleetdeck_core::http::{validate_endpoint, HttpClient};
use fleetdeck_core::{
    Capabilities, Credentials, Error, LxdFlavour, LxdSettings, Provider, ProviderContext, ProviderKind,
    Result,
};

mod api;
mod client;
mod jobs;
mod parse;
#[cfg(test)]
mod robustness;
mod tls;
mod wire;

pub use client::{validate_hostname, Lxd};
pub use tls::{fingerprint, parse_fingerprint, probe_server_certificate, ServerCertificate};

/// There is no public vz or LXD service: every account names its own server. This is LXD's
/// conventional HTTPS address on the local machine (`lxc config set core.https_address
/// 127.0.0.1:8443`), used when an account has no endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://127.0.0.1:8443";

/// How hosts present a vz/LXD server: its own address (no public service), and a TLS client
/// certificate with its key, or a bearer token (docs/wire-decisions.md, vz and LXD reference).
pub fn descriptor() -> ProviderDescriptor {
    ProviderDescriptor {
        kind: ProviderKind::Vz,
        label: ProviderKind::Vz.display_name(),
        default_endpoint: DEFAULT_ENDPOINT,
        endpoint_required: true,
        sign_in: vec![
            SignInMethod {
                id: "certificate",
                label: "Client certificate",
                fields: vec![
                    CredentialField {
                        name: "clientCertPem",
                        label: "Client certificate (PEM)",
                        secret: false,
                        required: true,
                        multiline: true,
                        help: "A certificate in the server's trust store: on the server, \
                               `lxc config trust add` (or `incus config trust add`) issues a \
                               one-time trust token for it.",
                        help_url: Some("https://linuxcontainers.org/incus/docs/main/authentication"),
                        permissions: "A trusted (not restricted) certificate: Fleetdeck lists, \
                                      creates, changes and deletes instances, snapshots and \
                                      backups.",
                        validation: pem("BEGIN CERTIFICATE", "Paste the client certificate (PEM)."),
                    },
                    CredentialField {
                        name: "clientKeyPem",
                        label: "Client key (PEM)",
                        secret: true,
                        required: true,
                        multiline: true,
                        help: "The private key of that certificate; kept in the OS keyring.",
                        help_url: None,
                        permissions: "",
                        validation: pem("PRIVATE KEY", "Paste the client key (PEM)."),
                    },
                ],
            },
            SignInMethod {
                id: "token",
                label: "Bearer token",
                fields: vec![CredentialField {
                    help_url: Some("https://documentation.ubuntu.com/lxd/latest/howto/auth_bearer/"),
                    permissions: "Fleetdeck lists, creates, changes and deletes instances, \
                                  snapshots and backups: the token's identity needs those rights \
                                  in the project it uses.",
                    ..token_field(
                        "Bearer token",
                        "Issued on the server (recent LXD): \
                         `lxc auth identity token issue bearer/<name>`.",
                        "Enter the bearer token.",
                    )
                }],
            },
        ],
        colour: "#9b51e0",
        docs_url: "https://documentation.ubuntu.com/lxd",
        credentials: CredentialShape::ClientKeyOrBearer,
    }
}

/// The pace of job polling.
#[derive(Debug, Clone)]
pub struct PollTuning {
    /// Longest `/wait?timeout=N` asked for at once (the waiter also caps it at its own slice).
    pub wait_slice: Duration,
    /// Extra time given to a `/wait` answer beyond its `timeout`.
    pub wait_grace: Duration,
    /// Pause between two polls where there is no long-poll (servers without `/wait`, state polls).
    pub poll_interval: Duration,
}

impl Default for PollTuning {
    fn default() -> Self {
        PollTuning {
            wait_slice: Duration::from_secs(25),
            wait_grace: Duration::from_secs(10),
            poll_interval: Duration::from_secs(2),
        }
    }
}

/// What the client offers before it knows the flavour: what both flavours offer.
pub fn capabilities() -> Capabilities {
    capabilities_for(LxdFlavour::Auto)
}

/// What the client offers for a flavour. `Auto` (not detected yet) states what both flavours
/// offer; a connected client reports its detected flavour's set.
pub fn capabilities_for(flavour: LxdFlavour) -> Capabilities {
    let dialect = match flavour {
        LxdFlavour::Auto => "vz/LXD (flavour not yet known)",
        LxdFlavour::Vz => "vz (seed API)",
        LxdFlavour::Lxd => "LXD",
    };
    let mut c = Capabilities::none(ProviderKind::Vz, dialect);
    c.servers = ServerCapabilities {
        list: true,
        detail: true,
        create: true,
        delete: true,
        start: true,
        // `stop` forces; `shutdown` asks the init system (both `PUT …/state`).
        stop: true,
        shutdown: true,
        reboot: true,
        freeze: true,
        reset_password: Default::default(),
        reinstall: false,
        resize: false,
        add_traffic: false,
        rename: false,
        update_config: true,
    };
    c.create = CreateCapabilities {
        max_servers_per_request: 1,
        sources: vec!["image".into(), "copy".into(), "migration".into(), "none".into()],
        ..Default::default()
    };
    c.usage = UsageCapabilities {
        traffic: false,
        live: true,
    };
    // docs/wire-decisions.md, "List concurrency": a vz list is the ids and then one detail per
    // container, so its width decides how many round trips it takes; LXD lists its instances in
    // one request and fans out only per instance for snapshots and backups.
    c.limits.list_concurrency = match flavour {
        LxdFlavour::Vz => api::VZ_LIST_CONCURRENCY,
        LxdFlavour::Lxd | LxdFlavour::Auto => api::PARALLEL_DETAILS as u32,
    };
    if flavour == LxdFlavour::Lxd {
        c.create.images = true;
        c.snapshots = SnapshotCapabilities {
            list: true,
            detail: true,
            create: true,
            named: true,
            rename: true,
            delete: true,
            restore: true,
            create_server_from: true,
            outlive_server: false,
        };
        c.backups = BackupCapabilities {
            list: true,
            create: true,
            delete: true,
            policies: false,
            // `GET /1.0/instances/<name>/backups/<backup>/export`; the vz API has no backups.
            download: true,
        };
        c.events = EventCapabilities {
            list: true,
            get: true,
        };
    }
    c
}

/// Build the client of one account. Sends nothing: the flavour (when `Auto`) is asked on first
/// need. Errors when the credentials and settings cannot make a connection (a key without its
/// certificate, an unreadable PEM, a malformed fingerprint).
pub async fn connect(ctx: ProviderContext) -> Result<Arc<dyn Provider>> {
    connect_tuned(ctx, PollTuning::default()).await
}

/// [`connect`] with another polling pace.
pub async fn connect_tuned(ctx: ProviderContext, tuning: PollTuning) -> Result<Arc<dyn Provider>> {
    let client: Arc<dyn Provider> = Arc::new(build(ctx, tuning)?);
    Ok(client)
}

fn build(ctx: ProviderContext, tuning: PollTuning) -> Result<Lxd> {
    let ProviderContext {
        account,
        credentials,
        http,
        clock,
        ..
    } = ctx;
    let settings = account.lxd.clone().unwrap_or(LxdSettings {
        flavour: LxdFlavour::Auto,
        client_cert_pem: None,
        server_fingerprint: None,
        project: None,
    });
    let endpoint = account
        .endpoint
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .unwrap_or(DEFAULT_ENDPOINT);
    let (key, bearer) = match credentials {
        Credentials::Lxd {
            client_key_pem,
            bearer,
        } => (client_key_pem, bearer),
        _ => {
            return Err(Error::invalid_field(
                "credentials",
                format!(
                    "account {}: a vz/LXD server takes a TLS client certificate and key, or a bearer token",
                    account.name
                ),
            ))
        }
    };
    let cert = settings
        .client_cert_pem
        .as_deref()
        .filter(|c| !c.trim().is_empty());
    let identity = match (cert, &key) {
        (Some(c), Some(k)) => Some(tls::ClientIdentity::from_pem(c, k)?),
        (None, Some(_)) => {
            return Err(Error::invalid_field(
                "clientCertPem",
                format!("account {}: the client key needs its certificate", account.name),
            ))
        }
        (Some(_), None) => {
            return Err(Error::invalid_field(
                "clientKeyPem",
                format!(
                    "account {}: the client certificate's key is missing from the keyring",
                    account.name
                ),
            ))
        }
        (None, None) => None,
    };
    if identity.is_none() && bearer.is_none() {
        return Err(Error::invalid_field(
            "secret",
            format!(
                "account {}: a vz/LXD account needs a TLS client certificate and key, or a bearer token",
                account.name
            ),
        ));
    }
    let url = validate_endpoint(endpoint)?;
    let mut builder = HttpClient::builder(&http);
    if url.scheme() == "https" {
        match settings
            .server_fingerprint
            .as_deref()
            .filter(|f| !f.trim().is_empty())
        {
            Some(fp) => {
                let pin = tls::parse_fingerprint(fp)?;
                builder = builder.use_preconfigured_tls(tls::pinned_config(pin, identity.as_ref())?);
            }
            // No pinned certificate: the server must have one public CAs vouch for.
            None => {
                if let Some(id) = &identity {
                    builder = builder.identity(id.to_reqwest()?);
                }
            }
        }
    }
    let inner = builder
        .build()
        .map_err(|e| Error::internal(format!("HTTP client: {e}")))?;
    let http_client = HttpClient::with_client(inner, account.name.clone(), endpoint, http)?.with_clock(clock);
    let project = settings
        .project
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty() && p != "default");
    Ok(Lxd {
        account: account.name,
        http: http_client,
        configured: settings.flavour,
        detected: OnceLock::new(),
        detecting: tokio::sync::Mutex::new(()),
        project,
        bearer,
        tuning,
        wait_unsupported: AtomicBool::new(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fleetdeck_core::job::SystemClock;
    use fleetdeck_core::{Account, MemoryVault, SecretString};

    fn ctx(lxd: Option<LxdSettings>, credentials: Credentials) -> ProviderContext {
        ProviderContext {
            account: Account {
                id: "id".into(),
                name: "home-lxd".into(),
                provider: ProviderKind::Vz,
                endpoint: Some("http://127.0.0.1:9".into()),
                username: None,
                color: None,
                lxd,
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
            ctx(
                None,
                Credentials::Lxd {
                    client_key_pem: None,
                    bearer: Some(SecretString::from("bearer-very-secret")),
                },
            ),
            PollTuning::default(),
        )
        .unwrap();
        let text = format!("{c:?}");
        assert!(!text.contains("very-secret"), "{text}");
        assert!(text.contains("127.0.0.1:9"), "{text}");
    }

    #[test]
    fn settings_that_cannot_connect_are_refused() {
        let none = Credentials::Lxd {
            client_key_pem: None,
            bearer: None,
        };
        assert!(build(ctx(None, none), PollTuning::default()).is_err());
        let key_only = Credentials::Lxd {
            client_key_pem: Some(SecretString::from("k")),
            bearer: None,
        };
        let e = build(ctx(None, key_only), PollTuning::default()).unwrap_err();
        assert!(e.to_string().contains("needs its certificate"), "{e}");
        let token = Credentials::Token(SecretString::from("t"));
        assert!(build(ctx(None, token), PollTuning::default()).is_err());
    }

    #[test]
    fn capabilities_follow_the_flavour() {
        let vz = capabilities_for(LxdFlavour::Vz);
        let lxd = capabilities_for(LxdFlavour::Lxd);
        assert_eq!(vz.provider, ProviderKind::Vz);
        assert!(vz.servers.freeze && vz.servers.update_config && vz.usage.live);
        assert!(!vz.snapshots.list && !vz.backups.list && !vz.create.images && !vz.events.list);
        assert!(lxd.snapshots.rename && lxd.snapshots.restore && lxd.backups.create && lxd.create.images);
        assert_eq!(lxd.create.sources, vec!["image", "copy", "migration", "none"]);
        assert_eq!(capabilities().servers, vz.servers);
        assert!(!capabilities().snapshots.list);
    }
}
