//! A fake provider and connector for the fleet's own tests.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

use fleetdeck_core::job::{Condition, JobKind, JobProgress, JobSpec, JobTracker, ResourceKind, Tracking};
use fleetdeck_core::*;

use crate::Connector;

/// What the fake provider of each account does, shared with the test.
#[derive(Default)]
pub struct World {
    /// Servers by account name.
    pub servers: Mutex<HashMap<String, Vec<Server>>>,
    /// Accounts whose requests fail with a network error.
    pub offline: Mutex<Vec<String>>,
    /// The only token the fake accepts.
    pub valid_token: Mutex<String>,
    /// Polls a job takes before it succeeds.
    pub polls_to_finish: AtomicU32,
    pub polls: AtomicU32,
    /// What a vz/LXD account's server answers when asked for its flavour (`None`: it cannot tell).
    pub lxd_flavour: Mutex<Option<LxdFlavour>>,
    /// How many times a server was asked for its flavour.
    pub detections: AtomicU32,
    /// The endpoint of every credential check, in order.
    pub checked_endpoints: Mutex<Vec<Option<String>>>,
}

pub fn server(account: &str, id: &str, status: ServerStatus) -> Server {
    Server {
        account: account.into(),
        provider: ProviderKind::Cloudzy,
        id: id.into(),
        name: format!("web-{id}"),
        hostname: None,
        status,
        raw_status: RawStatus::default(),
        ipv4: vec!["203.0.113.10".into()],
        ipv6: vec![],
        region: Some("UK-London".into()),
        plan: None,
        image: None,
        vcpus: Some(1),
        memory_mb: Some(1024),
        disk_gb: Some(25),
        bandwidth_gb: None,
        created_at: None,
        tags: vec![],
        local_tags: Vec::new(),
        active_jobs: vec![],
        usage: None,
        extra: Default::default(),
        raw: serde_json::json!({"id": id, "password": "must-not-be-cached"}),
    }
}

pub struct FakeProvider {
    account: String,
    token: String,
    endpoint: Option<String>,
    /// vz/LXD accounts: the configured flavour; `None` for the other providers.
    configured: Option<LxdFlavour>,
    detected: OnceLock<LxdFlavour>,
    world: Arc<World>,
}

impl FakeProvider {
    fn gate(&self) -> Result<()> {
        if self.world.offline.lock().unwrap().contains(&self.account) {
            return Err(Error::Network {
                account: self.account.clone(),
                message: "GET /v1/instances could not connect".into(),
            });
        }
        if *self.world.valid_token.lock().unwrap() != self.token {
            return Err(Error::Auth {
                account: self.account.clone(),
                message: "invalid token".into(),
            });
        }
        Ok(())
    }
}

impl Identity for FakeProvider {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Cloudzy
    }
    fn account_name(&self) -> &str {
        &self.account
    }
}

#[async_trait]
impl ServerApi for FakeProvider {
    async fn list_servers(&self) -> Result<Vec<Server>> {
        self.gate()?;
        Ok(self
            .world
            .servers
            .lock()
            .unwrap()
            .get(&self.account)
            .cloned()
            .unwrap_or_default())
    }
    async fn get_server(&self, id: &str) -> Result<Server> {
        self.list_servers()
            .await?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| Error::NotFound {
                account: Some(self.account.clone()),
                message: format!("server {id} not found"),
            })
    }
    async fn server_action(&self, id: &str, action: &ServerAction) -> Result<ActionOutcome> {
        self.gate()?;
        let until = match action {
            ServerAction::Stop => Condition::Stopped,
            _ => Condition::Running,
        };
        let mut outcome = ActionOutcome::job(JobSpec {
            kind: action.job_kind(),
            target: Some(id.into()),
            target_name: Some(format!("web-{id}")),
            server_id: Some(id.into()),
            tracking: Tracking::Poll {
                resource: ResourceKind::Server,
                id: id.into(),
                until,
            },
            timeout_secs: 600,
            description: format!("{} web-{id}", action.verb()),
        });
        if matches!(action, ServerAction::ResetPassword { .. }) {
            outcome = ActionOutcome {
                password: Some(SecretString::from("Gen3rated!pw")),
                ..Default::default()
            };
        }
        Ok(outcome)
    }
}

#[async_trait]
impl JobTracker for FakeProvider {
    async fn poll(&self, tracking: &Tracking, _: Duration) -> Result<JobProgress> {
        let n = self.world.polls.fetch_add(1, Ordering::SeqCst) + 1;
        if self.world.offline.lock().unwrap().contains(&self.account) {
            return Err(Error::Network {
                account: self.account.clone(),
                message: "GET /v1/operations could not connect".into(),
            });
        }
        if n >= self.world.polls_to_finish.load(Ordering::SeqCst) {
            if let Tracking::Poll {
                id,
                until: Condition::Stopped,
                ..
            } = tracking
            {
                if let Some(list) = self.world.servers.lock().unwrap().get_mut(&self.account) {
                    list.iter_mut()
                        .filter(|s| &s.id == id)
                        .for_each(|s| s.status = ServerStatus::Stopped);
                }
            }
            Ok(JobProgress::Succeeded {
                message: Some("done".into()),
                target: None,
            })
        } else {
            Ok(JobProgress::Running {
                message: Some(format!("poll {n}")),
                percent: None,
            })
        }
    }
    fn poll_interval(&self, _: &Tracking) -> Duration {
        Duration::from_millis(1)
    }
}

#[async_trait]
impl Provider for FakeProvider {
    fn capabilities(&self) -> Capabilities {
        match self.configured {
            Some(LxdFlavour::Auto) => lxd_capabilities(self.detected.get().copied()),
            Some(f) => lxd_capabilities(Some(f)),
            None => fake_capabilities(),
        }
    }
    async fn check(&self) -> Result<AccountProfile> {
        self.gate()?;
        self.world
            .checked_endpoints
            .lock()
            .unwrap()
            .push(self.endpoint.clone());
        self.lxd_flavour().await?;
        Ok(AccountProfile {
            account: self.account.clone(),
            provider: ProviderKind::Cloudzy,
            name: Some("Ada".into()),
            email: None,
            company: None,
            balance: None,
            verified: None,
            registered_at: None,
            last_login_at: None,
            extra: Default::default(),
            raw: serde_json::Value::Null,
        })
    }
    async fn lxd_flavour(&self) -> Result<Option<LxdFlavour>> {
        match self.configured {
            None => Ok(None),
            Some(LxdFlavour::Auto) => {
                if let Some(f) = self.detected.get() {
                    return Ok(Some(*f));
                }
                self.gate()?;
                self.world.detections.fetch_add(1, Ordering::SeqCst);
                let f = (*self.world.lxd_flavour.lock().unwrap()).ok_or_else(|| Error::Provider {
                    account: self.account.clone(),
                    status: None,
                    code: None,
                    message: "cannot tell whether this is an LXD or a vz server".into(),
                })?;
                Ok(Some(*self.detected.get_or_init(|| f)))
            }
            Some(f) => Ok(Some(f)),
        }
    }
    fn servers(&self) -> &dyn ServerApi {
        self
    }
    fn jobs(&self) -> &dyn JobTracker {
        self
    }
}

/// A vz/LXD account's capabilities for a known flavour, or before it is known.
fn lxd_capabilities(flavour: Option<LxdFlavour>) -> Capabilities {
    fleetdeck_provider_lxd::capabilities_for(flavour.unwrap_or(LxdFlavour::Auto))
}

/// The flavour an account is configured with: `Some` for vz/LXD accounts (`Auto` without settings).
fn configured_flavour(account: &Account) -> Option<LxdFlavour> {
    (account.provider == ProviderKind::Vz)
        .then(|| account.lxd.as_ref().map_or(LxdFlavour::Auto, |l| l.flavour))
}

pub fn fake_capabilities() -> Capabilities {
    let mut c = Capabilities::none(ProviderKind::Cloudzy, "Fake");
    c.servers.list = true;
    c.servers.start = true;
    c.servers.stop = true;
    c.servers.reset_password = capabilities::PasswordReset::Generated;
    c
}

pub struct FakeConnector(pub Arc<World>);

#[async_trait]
impl Connector for FakeConnector {
    async fn connect(&self, ctx: ProviderContext) -> Result<Arc<dyn Provider>> {
        let token = match ctx.credentials {
            Credentials::Token(t) => t.expose_secret().to_owned(),
            Credentials::Lxd { bearer: Some(t), .. } => t.expose_secret().to_owned(),
            _ => String::new(),
        };
        Ok(Arc::new(FakeProvider {
            account: ctx.account.name.clone(),
            token,
            endpoint: ctx.account.endpoint.clone(),
            configured: configured_flavour(&ctx.account),
            detected: OnceLock::new(),
            world: self.0.clone(),
        }))
    }
    fn capabilities(&self, account: &Account) -> Capabilities {
        match configured_flavour(account) {
            Some(f) => lxd_capabilities(Some(f)),
            None => fake_capabilities(),
        }
    }
    fn default_endpoint(&self, _: ProviderKind) -> String {
        "https://fake.example".into()
    }
}

/// Records every event.
#[derive(Default)]
pub struct Recorder(pub Mutex<Vec<crate::FleetEvent>>);

impl crate::FleetEvents for Recorder {
    fn emit(&self, e: crate::FleetEvent) {
        self.0.lock().unwrap().push(e);
    }
}

#[allow(dead_code)]
pub fn kinds(events: &[crate::FleetEvent]) -> Vec<JobKind> {
    events
        .iter()
        .filter_map(|e| match e {
            crate::FleetEvent::Job { job } => Some(job.kind),
            _ => None,
        })
        .collect()
}
