//! Stateful loopback simulators of the four provider APIs, with fault and latency injection.
//!
//! [`Sandbox::start`] binds one loopback port per provider (free ports, or `port_base + n`), serves
//! each simulator's router there wrapped in the fault layer ([`faults`]), and optionally an admin
//! API ([`admin`]) on its own port. State lives in memory and, with a state file, is saved
//! periodically and at shutdown ([`persist`]).
//!
//! Simulators ([`sim::ProviderSim`]): `letscloud`, `cloudero`, `cloudzy` and `vz` (see [`simulators`]).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub mod admin;
pub mod cloudero;
pub mod cloudzy;
mod common;
pub mod faults;
pub mod letscloud;
pub mod names;
pub mod persist;
pub mod sim;
pub mod testing;
pub mod vz;

pub use faults::{FaultHandle, FaultStats, Faults};
pub use sim::{ProviderSim, SeedCredential, SimConfig};

/// Every provider kind, in port order (`port_base + index`; the admin API takes `port_base + 4`).
pub const KINDS: [&str; 4] = ["letscloud", "cloudero", "cloudzy", "vz"];

/// The most servers one provider may be seeded with (accounts × servers per account).
pub const MAX_SERVERS: usize = 10_000;

/// How often a sandbox with a state file saves it (besides at shutdown and on admin request).
const SAVE_EVERY: Duration = Duration::from_secs(10);

/// How a sandbox is started.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub sim: SimConfig,
    /// `None`: free ports chosen by the OS. `Some(n)`: provider `i` of [`KINDS`] on `n + i`, admin on `n + 4`.
    pub port_base: Option<u16>,
    /// Serve the admin API.
    pub admin: bool,
    /// Load the state from this file at start (when it exists) and save it there.
    pub state_file: Option<PathBuf>,
    /// Only these kinds (`None`: every kind whose simulator exists).
    pub kinds: Option<Vec<String>>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            sim: SimConfig::default(),
            port_base: None,
            admin: true,
            state_file: None,
            kinds: None,
        }
    }
}

/// Why a sandbox could not start or save.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot listen on 127.0.0.1:{port} for {what}: {source}")]
    Bind {
        what: String,
        port: u16,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid sandbox configuration: {0}")]
    Config(String),
    #[error("sandbox state file {}: {message}", path.display())]
    State { path: PathBuf, message: String },
    #[error("the sandbox has no simulator for '{0}'")]
    UnknownKind(String),
}

/// Every simulator, built from `cfg`, in [`KINDS`] order.
pub fn simulators(cfg: &SimConfig) -> Vec<Arc<dyn ProviderSim>> {
    let letscloud: Arc<dyn ProviderSim> = letscloud::new(cfg);
    let cloudero: Arc<dyn ProviderSim> = cloudero::new(cfg);
    let cloudzy: Arc<dyn ProviderSim> = cloudzy::new(cfg);
    let vz: Arc<dyn ProviderSim> = vz::new(cfg);
    vec![letscloud, cloudero, cloudzy, vz]
}

/// One running provider.
struct Mounted {
    sim: Arc<dyn ProviderSim>,
    addr: SocketAddr,
    faults: FaultHandle,
}

/// A running sandbox. Dropping it without [`Sandbox::shutdown`] leaves the servers running until
/// the runtime ends.
pub struct Sandbox {
    mounted: Vec<Mounted>,
    admin_addr: Option<SocketAddr>,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    state_file: Option<PathBuf>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("endpoints", &self.endpoints())
            .field("admin", &self.admin_url())
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Seed (or load) every simulator and serve them on loopback.
    pub async fn start(cfg: SandboxConfig) -> Result<Sandbox, SandboxError> {
        validate(&cfg)?;
        let mut sims = simulators(&cfg.sim);
        if let Some(only) = &cfg.kinds {
            if let Some(unknown) = only.iter().find(|k| !sims.iter().any(|s| s.kind() == k.as_str())) {
                return Err(SandboxError::UnknownKind(unknown.clone()));
            }
            sims.retain(|s| only.iter().any(|k| k == s.kind()));
        }
        if let Some(path) = &cfg.state_file {
            if let Some(saved) = persist::read(path)? {
                for sim in &sims {
                    if let Some(state) = saved.get(sim.kind()) {
                        sim.load(state.clone());
                    }
                }
            }
        }
        // Bind every port before serving anything: a port that is taken fails the start with
        // nothing left running.
        let mut listeners = Vec::new();
        for sim in sims {
            let offset = KINDS.iter().position(|k| *k == sim.kind()).unwrap_or(KINDS.len());
            let listener = bind(sim.kind(), port_for(cfg.port_base, offset)?).await?;
            let addr = local_addr(&listener, sim.kind())?;
            listeners.push((sim, listener, addr));
        }
        let admin_listener = match cfg.admin {
            true => {
                let listener = bind("the admin API", port_for(cfg.port_base, KINDS.len())?).await?;
                let addr = local_addr(&listener, "the admin API")?;
                Some((listener, addr))
            }
            false => None,
        };
        let (shutdown, rx) = watch::channel(false);
        let mut mounted = Vec::new();
        let mut tasks = Vec::new();
        for (sim, listener, addr) in listeners {
            let faults = FaultHandle::new(sim.clone(), rx.clone());
            let router = sim.clone().router().layer(axum::middleware::from_fn_with_state(
                faults.layer_state(),
                faults::apply,
            ));
            let gated = GatedListener {
                inner: listener,
                faults: faults.layer_state(),
            };
            tasks.push(serve(gated, router, rx.clone()));
            mounted.push(Mounted { sim, addr, faults });
        }
        let mut sandbox = Sandbox {
            mounted,
            admin_addr: None,
            shutdown,
            tasks,
            state_file: cfg.state_file.clone(),
        };
        if let Some((listener, addr)) = admin_listener {
            sandbox.admin_addr = Some(addr);
            let router = admin::router(sandbox.admin_state());
            sandbox.tasks.push(serve(listener, router, rx.clone()));
        }
        if let Some(path) = cfg.state_file {
            let sims = sandbox.sims();
            let mut rx = rx.clone();
            sandbox.tasks.push(tokio::spawn(async move {
                loop {
                    tokio::select! {
                        _ = tokio::time::sleep(SAVE_EVERY) => {}
                        _ = rx.wait_for(|down| *down) => return,
                    }
                    if let Err(e) = persist::write(&path, &sims) {
                        tracing::warn!(error = %e, "could not save the sandbox state");
                    }
                }
            }));
        }
        Ok(sandbox)
    }

    /// Base URL (`http://127.0.0.1:PORT`) per provider kind.
    pub fn endpoints(&self) -> BTreeMap<&'static str, String> {
        self.mounted
            .iter()
            .map(|m| (m.sim.kind(), format!("http://{}", m.addr)))
            .collect()
    }

    /// Base URL of one provider.
    pub fn endpoint(&self, kind: &str) -> Option<String> {
        self.endpoints().remove(kind)
    }

    /// The seeded accounts per provider kind.
    pub fn credentials(&self) -> BTreeMap<&'static str, Vec<SeedCredential>> {
        self.mounted
            .iter()
            .map(|m| (m.sim.kind(), m.sim.credentials()))
            .collect()
    }

    /// The fault controls of one provider.
    pub fn faults(&self, kind: &str) -> Result<FaultHandle, SandboxError> {
        self.mounted
            .iter()
            .find(|m| m.sim.kind() == kind)
            .map(|m| m.faults.clone())
            .ok_or_else(|| SandboxError::UnknownKind(kind.to_owned()))
    }

    /// Base URL of the admin API, when served.
    pub fn admin_url(&self) -> Option<String> {
        self.admin_addr.map(|a| format!("http://{a}"))
    }

    /// Save the state file now (no-op without one).
    pub fn save(&self) -> Result<(), SandboxError> {
        match &self.state_file {
            Some(path) => persist::write(path, &self.sims()),
            None => Ok(()),
        }
    }

    /// Stop every server (hanging requests are released), then save the state file.
    pub async fn shutdown(self) -> Result<(), SandboxError> {
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            // A connection kept open by a client must not hold the shutdown forever.
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(3), task).await.is_err() {
                abort.abort();
            }
        }
        match &self.state_file {
            Some(path) => persist::write(
                path,
                &self.mounted.iter().map(|m| m.sim.clone()).collect::<Vec<_>>(),
            ),
            None => Ok(()),
        }
    }

    fn sims(&self) -> Vec<Arc<dyn ProviderSim>> {
        self.mounted.iter().map(|m| m.sim.clone()).collect()
    }

    fn admin_state(&self) -> Arc<admin::AdminState> {
        Arc::new(admin::AdminState {
            providers: self
                .mounted
                .iter()
                .map(|m| admin::AdminProvider {
                    kind: m.sim.kind(),
                    endpoint: format!("http://{}", m.addr),
                    sim: m.sim.clone(),
                    faults: m.faults.clone(),
                })
                .collect(),
            state_file: self.state_file.clone(),
        })
    }
}

fn validate(cfg: &SandboxConfig) -> Result<(), SandboxError> {
    let total = cfg.sim.accounts.saturating_mul(cfg.sim.servers_per_account);
    if cfg.sim.accounts == 0 {
        return Err(SandboxError::Config("at least one account per provider".into()));
    }
    if total > MAX_SERVERS {
        return Err(SandboxError::Config(format!(
            "{} accounts × {} servers is {total} servers per provider; the most is {MAX_SERVERS}",
            cfg.sim.accounts, cfg.sim.servers_per_account
        )));
    }
    Ok(())
}

fn port_for(base: Option<u16>, offset: usize) -> Result<u16, SandboxError> {
    match base {
        None => Ok(0),
        Some(b) => u16::try_from(offset)
            .ok()
            .and_then(|o| b.checked_add(o))
            .ok_or_else(|| SandboxError::Config(format!("port base {b} leaves no room for the ports"))),
    }
}

async fn bind(what: &str, port: u16) -> Result<TcpListener, SandboxError> {
    TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|source| SandboxError::Bind {
            what: what.to_owned(),
            port,
            source,
        })
}

fn local_addr(l: &TcpListener, what: &str) -> Result<SocketAddr, SandboxError> {
    l.local_addr().map_err(|source| SandboxError::Bind {
        what: what.to_owned(),
        port: 0,
        source,
    })
}

/// A provider's listener: while the provider is "down" ([`FaultHandle::down`]) it closes every new
/// connection at once, so a client sees the connection refused or reset, as with a dead host.
struct GatedListener {
    inner: TcpListener,
    faults: Arc<faults::FaultState>,
}

impl axum::serve::Listener for GatedListener {
    type Io = tokio::net::TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let (io, addr) = axum::serve::Listener::accept(&mut self.inner).await;
            if self.faults.is_down() {
                drop(io);
                continue;
            }
            return (io, addr);
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

fn serve<L>(listener: L, router: axum::Router, mut rx: watch::Receiver<bool>) -> JoinHandle<()>
where
    L: axum::serve::Listener<Addr = SocketAddr>,
{
    tokio::spawn(async move {
        let shutdown = async move {
            let _ = rx.wait_for(|down| *down).await;
        };
        if let Err(e) = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::warn!(error = %e, "a sandbox server stopped");
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> SandboxConfig {
        SandboxConfig {
            sim: SimConfig {
                accounts: 2,
                servers_per_account: 3,
                action_delay: Duration::from_millis(50),
                rng_seed: 1,
            },
            ..Default::default()
        }
    }

    #[tokio::test]
    async fn a_provider_that_is_down_answers_nothing_until_it_is_up() {
        let sb = Sandbox::start(small()).await.unwrap();
        let url = format!("{}/1.0", sb.endpoint("vz").unwrap());
        let client = reqwest::Client::new();
        assert!(client.get(&url).send().await.is_ok(), "up: an answer");
        let faults = sb.faults("vz").unwrap();
        faults.down(true);
        // A fresh client: a new connection is closed at once; the pooled one gets a cut answer.
        let fresh = reqwest::Client::new();
        assert!(fresh.get(&url).send().await.is_err(), "down: no answer");
        let pooled = client.get(&url).send().await;
        assert!(
            match pooled {
                Err(_) => true,
                Ok(r) => r.bytes().await.is_err(),
            },
            "down: a kept-alive connection gets no whole answer either"
        );
        faults.down(false);
        assert!(fresh.get(&url).send().await.is_ok(), "up again: an answer");
        sb.shutdown().await.unwrap();
    }

    #[tokio::test]
    async fn starts_every_simulator_on_its_own_loopback_port() {
        let sb = Sandbox::start(small()).await.unwrap();
        let eps = sb.endpoints();
        for kind in KINDS {
            assert!(eps.contains_key(kind), "{kind} missing from {eps:?}");
        }
        let mut ports: Vec<&String> = eps.values().collect();
        ports.dedup();
        assert_eq!(ports.len(), eps.len());
        assert!(eps.values().all(|u| u.starts_with("http://127.0.0.1:")));
        let creds = sb.credentials();
        assert_eq!(creds["cloudero"].len(), 2);
        assert!(creds["cloudero"][0].username.is_some());
        assert!(sb.faults("cloudero").is_ok());
        assert!(matches!(sb.faults("nope"), Err(SandboxError::UnknownKind(_))));
        // the API answers over real HTTP
        let r = reqwest::get(format!("{}/v1/region/list", eps["cloudero"]))
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        sb.shutdown().await.unwrap();
        assert!(reqwest::get(format!("{}/v1/region/list", eps["cloudero"]))
            .await
            .is_err());
    }

    #[tokio::test]
    async fn a_taken_port_fails_the_start_cleanly() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        // vz (offset 3) lands on the taken port; the others bind before it and are released
        let mut cfg = small();
        cfg.port_base = Some(port - 3);
        match Sandbox::start(cfg).await {
            // (another process may hold one of the lower ports: a bind error all the same)
            Err(SandboxError::Bind { port: p, .. }) if p == port => {
                // nothing is left listening on the ports bound before the failure
                assert!(std::net::TcpListener::bind(("127.0.0.1", port - 3)).is_ok());
            }
            Err(SandboxError::Bind { .. }) => {}
            other => panic!("expected a bind error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn too_many_servers_is_refused() {
        let mut cfg = small();
        cfg.sim.accounts = 3;
        cfg.sim.servers_per_account = 4000;
        assert!(matches!(Sandbox::start(cfg).await, Err(SandboxError::Config(_))));
        let mut cfg = small();
        cfg.kinds = Some(vec!["nope".into()]);
        assert!(matches!(
            Sandbox::start(cfg).await,
            Err(SandboxError::UnknownKind(_))
        ));
    }

    #[tokio::test]
    async fn a_state_file_carries_the_world_across_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = small();
        cfg.state_file = Some(dir.path().join("sandbox.json"));
        let sb = Sandbox::start(cfg.clone()).await.unwrap();
        let base = sb.endpoint("cloudero").unwrap();
        let cred = sb.credentials()["cloudero"][0].clone();
        let http = reqwest::Client::new();
        let login = |http: &reqwest::Client, base: &str| {
            http.post(format!("{base}/v1/user/login"))
                .form(&[
                    ("username", cred.username.clone().unwrap()),
                    ("password", cred.secret.clone()),
                ])
                .send()
        };
        let tok: serde_json::Value = login(&http, &base).await.unwrap().json().await.unwrap();
        let tok = tok["data"]["token"].as_str().unwrap().to_owned();
        let r = http
            .post(format!("{base}/v1/sshkey/create"))
            .bearer_auth(&tok)
            .form(&[
                ("name", "restart-proof"),
                (
                    "public_key",
                    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFHa+jmnrPMTwe0fmOMPX7KCyU1WaIu7X5//2bI+u6zg x",
                ),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        sb.shutdown().await.unwrap();

        let sb = Sandbox::start(cfg).await.unwrap();
        let base = sb.endpoint("cloudero").unwrap();
        let tok: serde_json::Value = login(&http, &base).await.unwrap().json().await.unwrap();
        let tok = tok["data"]["token"].as_str().unwrap().to_owned();
        let keys: serde_json::Value = http
            .get(format!("{base}/v1/sshkey/list"))
            .bearer_auth(&tok)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(keys["data"].get("restart-proof").is_some(), "{keys}");
        sb.shutdown().await.unwrap();
    }
}
