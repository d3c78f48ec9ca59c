//! Capability conformance, one test per provider against its simulator (the in-process sandbox
//! over real HTTP): `Capabilities` is the only authority on what the fleet offers.
//!
//! For every flag of every group the fleet gates (`OPS`): with the flag off — because the
//! provider lacks it, or because the test switched it off in the client's capabilities — the
//! operation answers `unsupported` and the simulator counts no request; with the flag on, the
//! operation reaches the simulator and does not answer `unsupported` (a made-up id may well be
//! "not found": the gate let it through). Every boolean flag is either such an operation or named
//! in `GATED_ELSEWHERE` with where it is enforced, so a new flag cannot go unclassified.
//!
//! vz/LXD has two flavours behind one client: the vz simulator is the vz flavour; the LXD flavour
//! is checked through the gate with `capabilities_for(LxdFlavour::Lxd)` standing in for the
//! client's (the real LXD daemon tests live in the lxd and cli crates).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use futures::future::BoxFuture;

use fleetdeck_core::http::RateStatus;
use fleetdeck_core::job::JobTracker;
use fleetdeck_core::provider::{
    BackupApi, BillingApi, CatalogApi, EventApi, FloatingIpApi, FloatingIpFilter, Identity, ServerApi,
    SnapshotApi, SshKeyApi, TagApi, UploadApi, UploadRequest, UsageApi,
};
use fleetdeck_core::{
    Account, AccountProfile, Capabilities, ErrorCode, LxdFlavour, Provider, ProviderContext, ProviderKind,
    Result, SecretString, UploadKind,
};
use fleetdeck_fleet::{AddAccountRequest, Connector, Fleet, FleetConfig, Listing, Registry};
use fleetdeck_sandbox::sim::SimConfig;
use fleetdeck_sandbox::{Sandbox, SandboxConfig};
use fleetdeck_store::{DataDir, MemorySecrets};

/// What the test does to the capabilities every client reports.
#[derive(Default)]
struct Mask {
    /// Report these capabilities instead of the client's own (the LXD flavour).
    replace: Option<Capabilities>,
    /// Switch this flag (`group.flag`, as serialised) off.
    off: Option<String>,
}

type SharedMask = Arc<Mutex<Mask>>;

fn masked(caps: Capabilities, mask: &Mask) -> Capabilities {
    let caps = mask.replace.clone().unwrap_or(caps);
    let Some(path) = &mask.off else {
        return caps;
    };
    let mut value = serde_json::to_value(&caps).unwrap();
    let slot = path
        .split('.')
        .try_fold(&mut value, |v, k| v.get_mut(k))
        .unwrap_or_else(|| panic!("{path} is not a capability"));
    *slot = false.into();
    serde_json::from_value(value).unwrap()
}

/// The real registry, its clients wrapped so that their capabilities follow the mask.
struct MaskingConnector(SharedMask);

#[async_trait]
impl Connector for MaskingConnector {
    async fn connect(&self, ctx: ProviderContext) -> Result<Arc<dyn Provider>> {
        let inner = Registry.connect(ctx).await?;
        Ok(Arc::new(MaskedProvider {
            inner,
            mask: self.0.clone(),
        }))
    }
    fn capabilities(&self, account: &Account) -> Capabilities {
        masked(Registry.capabilities(account), &self.0.lock().unwrap())
    }
    fn default_endpoint(&self, provider: ProviderKind) -> String {
        Registry.default_endpoint(provider)
    }
}

/// A client that reports masked capabilities and passes everything else to the real one.
struct MaskedProvider {
    inner: Arc<dyn Provider>,
    mask: SharedMask,
}

impl Identity for MaskedProvider {
    fn kind(&self) -> ProviderKind {
        self.inner.kind()
    }
    fn account_name(&self) -> &str {
        self.inner.account_name()
    }
}

#[async_trait]
impl Provider for MaskedProvider {
    fn capabilities(&self) -> Capabilities {
        masked(self.inner.capabilities(), &self.mask.lock().unwrap())
    }
    async fn check(&self) -> Result<AccountProfile> {
        self.inner.check().await
    }
    async fn lxd_flavour(&self) -> Result<Option<LxdFlavour>> {
        self.inner.lxd_flavour().await
    }
    fn servers(&self) -> &dyn ServerApi {
        self.inner.servers()
    }
    fn jobs(&self) -> &dyn JobTracker {
        self.inner.jobs()
    }
    fn catalog(&self) -> Option<&dyn CatalogApi> {
        self.inner.catalog()
    }
    fn snapshots(&self) -> Option<&dyn SnapshotApi> {
        self.inner.snapshots()
    }
    fn backups(&self) -> Option<&dyn BackupApi> {
        self.inner.backups()
    }
    fn ssh_keys(&self) -> Option<&dyn SshKeyApi> {
        self.inner.ssh_keys()
    }
    fn floating_ips(&self) -> Option<&dyn FloatingIpApi> {
        self.inner.floating_ips()
    }
    fn uploads(&self) -> Option<&dyn UploadApi> {
        self.inner.uploads()
    }
    fn tags(&self) -> Option<&dyn TagApi> {
        self.inner.tags()
    }
    fn billing(&self) -> Option<&dyn BillingApi> {
        self.inner.billing()
    }
    fn usage(&self) -> Option<&dyn UsageApi> {
        self.inner.usage()
    }
    fn events(&self) -> Option<&dyn EventApi> {
        self.inner.events()
    }
    fn rate_status(&self) -> Option<RateStatus> {
        self.inner.rate_status()
    }
}

/// The account, one of its servers, and the fleet an operation runs on.
struct Ctx {
    fleet: Arc<Fleet>,
    account: String,
    /// `ACCOUNT/SERVER_ID` of a seeded server.
    server: String,
    server_id: String,
}

impl Ctx {
    /// `ACCOUNT/<id>` of an object that does not exist.
    fn missing(&self) -> String {
        format!("{}/conformance-missing-1", self.account)
    }
    fn names(&self) -> Vec<String> {
        vec![self.account.clone()]
    }
}

/// An operation's outcome as far as the gate is concerned: the error code, if any.
type Outcome = std::result::Result<(), ErrorCode>;
type Op = for<'a> fn(&'a Ctx) -> BoxFuture<'a, Outcome>;

fn done<T>(r: Result<T>) -> Outcome {
    r.map(|_| ()).map_err(|e| e.code())
}

/// A listing over one named account: its account failure is the outcome.
fn listed<T: ts_rs::TS>(r: Result<Listing<T>>) -> Outcome {
    let listing = r.map_err(|e| e.code())?;
    match listing.failures.first() {
        Some(f) => Err(f.error.code),
        None => Ok(()),
    }
}

const PUBLIC_KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl conformance";

fn upload_request(kind: UploadKind) -> UploadRequest {
    UploadRequest {
        kind,
        name: "conformance".into(),
        url: "https://example.invalid/conformance.img".into(),
        // Made up: the simulator's answer about it is the provider's, past the gate.
        region: Some("conformance-region".into()),
        use_virtio: None,
        format: None,
        decompress: None,
    }
}

/// Every flag the fleet's resource commands gate, with one call of the command it gates.
const OPS: &[(&str, Op)] = &[
    ("snapshots.list", |c| {
        Box::pin(async { listed(c.fleet.snapshots(&c.names(), None).await) })
    }),
    ("snapshots.create", |c| {
        Box::pin(async { done(c.fleet.create_snapshot(&c.server, Some("conformance")).await) })
    }),
    ("snapshots.delete", |c| {
        Box::pin(async { done(c.fleet.delete_snapshot(&c.missing()).await) })
    }),
    ("snapshots.restore", |c| {
        Box::pin(async { done(c.fleet.restore_snapshot(&c.missing(), Some(&c.server_id)).await) })
    }),
    ("snapshots.rename", |c| {
        Box::pin(async { done(c.fleet.rename_snapshot(&c.missing(), "renamed").await) })
    }),
    ("backups.list", |c| {
        Box::pin(async { listed(c.fleet.backups(&c.names(), None).await) })
    }),
    ("backups.create", |c| {
        Box::pin(async { done(c.fleet.create_backup(&c.server, &Default::default()).await) })
    }),
    ("backups.delete", |c| {
        Box::pin(async { done(c.fleet.delete_backup(&c.missing()).await) })
    }),
    ("backups.download", |c| {
        Box::pin(async {
            // Checked by the gate before the target; never written (the backup does not exist).
            let path = std::env::temp_dir().join("fleetdeck-conformance-never-written.tar.gz");
            done(
                c.fleet
                    .download_backup(&c.missing(), &path.to_string_lossy(), false)
                    .await,
            )
        })
    }),
    ("backups.policies", |c| {
        Box::pin(async { done(c.fleet.backup_policy(&c.server).await) })
    }),
    ("sshKeys.list", |c| {
        Box::pin(async { listed(c.fleet.ssh_keys(&c.names()).await) })
    }),
    ("sshKeys.get", |c| {
        Box::pin(async { done(c.fleet.ssh_key(&c.missing()).await) })
    }),
    ("sshKeys.create", |c| {
        Box::pin(async {
            done(
                c.fleet
                    .add_ssh_key(&c.account, "conformance", Some(PUBLIC_KEY))
                    .await,
            )
        })
    }),
    ("sshKeys.rename", |c| {
        Box::pin(async { done(c.fleet.rename_ssh_key(&c.missing(), "renamed").await) })
    }),
    ("sshKeys.delete", |c| {
        Box::pin(async { done(c.fleet.delete_ssh_key(&c.missing()).await) })
    }),
    ("floatingIps.list", |c| {
        Box::pin(async {
            listed(
                c.fleet
                    .floating_ips(&c.names(), FloatingIpFilter::default())
                    .await,
            )
        })
    }),
    ("floatingIps.allocate", |c| {
        Box::pin(async {
            done(
                c.fleet
                    .allocate_floating_ips(&c.account, "conformance-region", 1)
                    .await,
            )
        })
    }),
    ("floatingIps.update", |c| {
        Box::pin(async { done(c.fleet.update_floating_ip(&c.missing(), Some(true), None).await) })
    }),
    ("floatingIps.release", |c| {
        Box::pin(async { done(c.fleet.release_floating_ip(&c.missing()).await) })
    }),
    ("isos.list", |c| {
        Box::pin(async { listed(c.fleet.uploads(&c.names(), UploadKind::Iso).await) })
    }),
    ("isos.get", |c| {
        Box::pin(async { done(c.fleet.upload(&c.missing(), UploadKind::Iso).await) })
    }),
    ("isos.download", |c| {
        Box::pin(async {
            done(
                c.fleet
                    .download_upload(&c.account, upload_request(UploadKind::Iso))
                    .await,
            )
        })
    }),
    ("isos.delete", |c| {
        Box::pin(async { done(c.fleet.delete_upload(&c.missing(), UploadKind::Iso).await) })
    }),
    ("customImages.list", |c| {
        Box::pin(async { listed(c.fleet.uploads(&c.names(), UploadKind::DiskImage).await) })
    }),
    ("customImages.get", |c| {
        Box::pin(async { done(c.fleet.upload(&c.missing(), UploadKind::DiskImage).await) })
    }),
    ("customImages.download", |c| {
        Box::pin(async {
            done(
                c.fleet
                    .download_upload(&c.account, upload_request(UploadKind::DiskImage))
                    .await,
            )
        })
    }),
    ("customImages.delete", |c| {
        Box::pin(async { done(c.fleet.delete_upload(&c.missing(), UploadKind::DiskImage).await) })
    }),
    ("tags.list", |c| {
        Box::pin(async { listed(c.fleet.tags(&c.names()).await) })
    }),
    ("tags.create", |c| {
        Box::pin(async {
            done(
                c.fleet
                    .tag_servers(
                        &c.account,
                        &["conformance".into()],
                        std::slice::from_ref(&c.server_id),
                    )
                    .await,
            )
        })
    }),
    ("tags.update", |c| {
        Box::pin(async { done(c.fleet.set_server_tags(&c.server, &["conformance".into()]).await) })
    }),
    ("tags.delete", |c| {
        Box::pin(async { done(c.fleet.delete_tag(&c.account, "conformance-missing").await) })
    }),
    ("billing.invoices", |c| {
        Box::pin(async { listed(c.fleet.invoices(&c.names()).await) })
    }),
    ("billing.transactions", |c| {
        Box::pin(async { listed(c.fleet.transactions(&c.names()).await) })
    }),
    ("usage.traffic", |c| {
        Box::pin(async { done(c.fleet.usage(&c.server).await) })
    }),
    ("events.list", |c| {
        Box::pin(async { listed(c.fleet.events(&c.names()).await) })
    }),
    ("events.get", |c| {
        Box::pin(async { done(c.fleet.event(&c.missing()).await) })
    }),
];

/// Boolean flags that are not a resource command of their own, and where each is enforced.
const GATED_ELSEWHERE: &[(&str, &str)] = &[
    (
        "servers.",
        "the action table (core/src/actions.rs), fleet/tests/server_actions.rs",
    ),
    (
        "create.",
        "the create request's check (Capabilities::check_create_request)",
    ),
    (
        "snapshots.detail",
        "no command: a snapshot's detail is its list entry",
    ),
    ("snapshots.named", "an input of snapshots.create"),
    ("snapshots.createServerFrom", "a create source (create.*)"),
    (
        "snapshots.outliveServer",
        "a condition of parking (tests/park.rs: refused where it is off)",
    ),
    ("sshKeys.generate", "an input of sshKeys.create (tested below)"),
    (
        "billing.profile",
        "Fleet::profile falls back to the credential check",
    ),
    ("billing.balance", "a field of the profile"),
    ("usage.live", "a field of each server"),
];

/// Every boolean flag of a capability set, as `group.flag`.
fn flags(caps: &Capabilities) -> Vec<String> {
    let value = serde_json::to_value(caps).unwrap();
    let mut out = Vec::new();
    for (group, fields) in value.as_object().unwrap() {
        if let Some(fields) = fields.as_object() {
            for (name, v) in fields {
                if v.is_boolean() {
                    out.push(format!("{group}.{name}"));
                }
            }
        }
    }
    out
}

fn is_on(caps: &Capabilities, path: &str) -> bool {
    let value = serde_json::to_value(caps).unwrap();
    path.split('.')
        .try_fold(&value, |v, k| v.get(k))
        .and_then(|v| v.as_bool())
        == Some(true)
}

/// A fleet with one account on one simulator, connected, with the masking connector.
struct World {
    ctx: Ctx,
    mask: SharedMask,
    sandbox: Sandbox,
    kind: &'static str,
    _dir: tempfile::TempDir,
}

impl World {
    async fn start(kind: &'static str) -> World {
        let sandbox = Sandbox::start(SandboxConfig {
            sim: SimConfig {
                action_delay: Duration::from_millis(50),
                ..SimConfig::default()
            },
            port_base: None,
            admin: false,
            state_file: None,
            kinds: Some(vec![kind.to_owned()]),
        })
        .await
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mask = SharedMask::default();
        let fleet = Fleet::new(FleetConfig::new(
            DataDir::new(dir.path()),
            Arc::new(MemorySecrets::default()),
            Arc::new(MaskingConnector(mask.clone())),
        ));
        let credential = sandbox.credentials()[kind][0].clone();
        let provider: ProviderKind = kind.parse().unwrap();
        let view = fleet
            .add_account(AddAccountRequest {
                name: format!("conf-{kind}"),
                provider,
                endpoint: sandbox.endpoint(kind),
                username: credential.username.clone(),
                color: None,
                lxd: None,
                secret: Some(SecretString::from(credential.secret.clone())),
                client_key_pem: None,
                sandbox: true,
            })
            .await
            .unwrap();
        let listed = fleet.refresh_servers(&[], false).await.unwrap();
        let server = listed.servers.first().expect("a seeded server").clone();
        World {
            ctx: Ctx {
                fleet,
                account: view.account.name.clone(),
                server: format!("{}/{}", server.account, server.id),
                server_id: server.id,
            },
            mask,
            sandbox,
            kind,
            _dir: dir,
        }
    }

    fn requests(&self) -> u64 {
        self.sandbox.faults(self.kind).unwrap().stats().requests
    }

    /// The capabilities the fleet sees now (the connected client's, masked).
    async fn capabilities(&self) -> Capabilities {
        self.ctx
            .fleet
            .accounts()
            .await
            .unwrap()
            .into_iter()
            .find(|v| v.account.name == self.ctx.account)
            .unwrap()
            .capabilities
    }

    /// `op` with `flag` off: `unsupported`, and not one request.
    async fn refused(&self, flag: &str, op: Op) {
        let before = self.requests();
        let outcome = op(&self.ctx).await;
        assert_eq!(outcome, Err(ErrorCode::Unsupported), "{}: {flag} off", self.kind);
        assert_eq!(
            self.requests(),
            before,
            "{}: {flag} off sent a request",
            self.kind
        );
    }

    /// `op` with `flag` on: not `unsupported`, and it reached the simulator.
    async fn reached(&self, flag: &str, op: Op) {
        let before = self.requests();
        let outcome = op(&self.ctx).await;
        assert_ne!(outcome, Err(ErrorCode::Unsupported), "{}: {flag} on", self.kind);
        assert!(
            self.requests() > before,
            "{}: {flag} on sent no request",
            self.kind
        );
    }
}

/// Each boolean flag is a gated operation or named in `GATED_ELSEWHERE`.
fn assert_classified(caps: &Capabilities) {
    for flag in flags(caps) {
        let known = OPS.iter().any(|(f, _)| *f == flag)
            || GATED_ELSEWHERE.iter().any(|(prefix, _)| flag.starts_with(prefix));
        assert!(known, "{flag}: add it to OPS or GATED_ELSEWHERE");
    }
}

/// Both directions for every flag of one provider's own capabilities.
async fn conformance(kind: &'static str) {
    let world = World::start(kind).await;
    let caps = world.capabilities().await;
    assert_classified(&caps);

    // Off first, while no job of an operation that ran polls in the background: every flag the
    // provider lacks, then every flag it has, switched off in its client's capabilities.
    for (flag, op) in OPS {
        if !is_on(&caps, flag) {
            world.refused(flag, *op).await;
        }
    }
    for (flag, op) in OPS {
        if is_on(&caps, flag) {
            world.mask.lock().unwrap().off = Some((*flag).to_owned());
            world.refused(flag, *op).await;
            world.mask.lock().unwrap().off = None;
        }
    }
    for (flag, op) in OPS {
        if is_on(&caps, flag) {
            world.reached(flag, *op).await;
        }
    }
    world.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn letscloud_offers_exactly_its_capabilities() {
    conformance("letscloud").await;
}

#[tokio::test]
async fn cloudero_offers_exactly_its_capabilities() {
    conformance("cloudero").await;
}

#[tokio::test]
async fn cloudzy_offers_exactly_its_capabilities() {
    conformance("cloudzy").await;
}

#[tokio::test]
async fn vz_offers_exactly_its_capabilities() {
    let world = World::start("vz").await;
    assert_eq!(
        world.capabilities().await,
        fleetdeck_provider_lxd::capabilities_for(LxdFlavour::Vz)
    );
    world.sandbox.shutdown().await.unwrap();
    conformance("vz").await;
}

/// The LXD flavour through the gate: its capabilities stand in for the vz client's. Off: refused
/// without a request; on: let through to the client (the vz simulator cannot serve LXD's
/// snapshots or backups, so only "not unsupported" is checked here).
#[tokio::test]
async fn lxd_flavour_offers_exactly_its_capabilities() {
    let world = World::start("vz").await;
    let lxd = fleetdeck_provider_lxd::capabilities_for(LxdFlavour::Lxd);
    assert_classified(&lxd);
    world.mask.lock().unwrap().replace = Some(lxd.clone());
    for (flag, op) in OPS {
        if is_on(&lxd, flag) {
            world.mask.lock().unwrap().off = Some((*flag).to_owned());
            world.refused(flag, *op).await;
            world.mask.lock().unwrap().off = None;
            assert_ne!(
                op(&world.ctx).await,
                Err(ErrorCode::Unsupported),
                "LXD: {flag} on"
            );
        } else {
            world.refused(flag, *op).await;
        }
    }
    world.sandbox.shutdown().await.unwrap();
}

/// Limits are capability data: Cloudzy's floating IPs per request (`floatingIps.maxPerRequest`),
/// and a generated key pair only where `sshKeys.generate` — both refused before any request.
#[tokio::test]
async fn limits_and_inputs_follow_the_capabilities() {
    let world = World::start("cloudzy").await;
    let caps = world.capabilities().await;
    assert_eq!(caps.floating_ips.max_per_request, 5);
    let before = world.requests();
    let e = world
        .ctx
        .fleet
        .allocate_floating_ips(&world.ctx.account, "conformance-region", 6)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("between 1 and 5"), "{e}");
    {
        let mut mask = world.mask.lock().unwrap();
        let mut fewer = caps.clone();
        fewer.floating_ips.max_per_request = 2;
        mask.replace = Some(fewer);
    }
    let e = world
        .ctx
        .fleet
        .allocate_floating_ips(&world.ctx.account, "conformance-region", 3)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("between 1 and 2"), "{e}");
    assert!(!caps.ssh_keys.generate);
    let e = world
        .ctx
        .fleet
        .add_ssh_key(&world.ctx.account, "generated", None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert_eq!(world.requests(), before, "a refused limit sent a request");
    world.sandbox.shutdown().await.unwrap();
}

/// The sandbox accounts wear their provider descriptor's colour.
#[tokio::test]
async fn sandbox_accounts_wear_their_descriptors_colour() {
    let dir = tempfile::tempdir().unwrap();
    let fleet = Fleet::new(FleetConfig::new(
        DataDir::new(dir.path()),
        Arc::new(MemorySecrets::default()),
        Arc::new(Registry),
    ));
    let sandbox = fleetdeck_fleet::sandbox::EmbeddedSandbox::new(fleet.clone());
    let added = sandbox.try_sandbox().await.unwrap().added;
    assert_eq!(added.len(), Registry::descriptors().len());
    for view in added {
        let descriptor = Registry::descriptor(view.account.provider).unwrap();
        assert_eq!(view.account.color.as_deref(), Some(descriptor.colour));
    }
    sandbox.shutdown().await.unwrap();
}
