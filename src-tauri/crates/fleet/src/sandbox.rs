//! The embedded sandbox: the default world of a newcomer with no account ("Try the sandbox").
//!
//! The simulators run in this process on loopback ports the OS picks, so a sandbox account's
//! endpoint changes from one start to the next: [`EmbeddedSandbox::resume`] points the sandbox
//! accounts at the current ports. The simulators' state is saved in the data directory, so servers
//! created or deleted in the sandbox survive a restart, and the seeded credentials are
//! deterministic, so the secrets saved in the keyring stay valid.
//!
//! Sandbox accounts are ordinary accounts (`sandbox: true`): their secrets go through the keyring
//! and the credential check like any other.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;

use fleetdeck_core::error::AccountFailure;
use fleetdeck_core::{Error, Result};
use fleetdeck_sandbox::sim::SimConfig;
use fleetdeck_sandbox::{Sandbox, SandboxConfig};
use secrecy::SecretString;
use serde::Serialize;
use ts_rs::TS;

use crate::views::{AccountView, AddAccountRequest};
use crate::{Fleet, Registry};

/// What "Try the sandbox" did.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SandboxAccounts {
    pub added: Vec<AccountView>,
    /// Providers whose sandbox account could not be added, with the reason.
    pub failures: Vec<AccountFailure>,
}

/// The simulators of one process, started on demand.
pub struct EmbeddedSandbox {
    fleet: Arc<Fleet>,
    sim: SimConfig,
    running: tokio::sync::Mutex<Option<Sandbox>>,
}

impl EmbeddedSandbox {
    pub fn new(fleet: Arc<Fleet>) -> Self {
        Self::with_config(fleet, SimConfig::default())
    }

    /// Another seed or pace (tests use a short action delay).
    pub fn with_config(fleet: Arc<Fleet>, sim: SimConfig) -> Self {
        EmbeddedSandbox {
            fleet,
            sim,
            running: tokio::sync::Mutex::new(None),
        }
    }

    /// The base URL of each simulated provider, starting the simulators if they are not running.
    pub async fn endpoints(&self) -> Result<BTreeMap<String, String>> {
        let mut running = self.running.lock().await;
        let sandbox = match running.take() {
            Some(s) => s,
            None => self.start().await?,
        };
        let endpoints = sandbox
            .endpoints()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        *running = Some(sandbox);
        Ok(endpoints)
    }

    async fn start(&self) -> Result<Sandbox> {
        let state_file = self.fleet.data_dir().root().join("sandbox-state.json");
        Sandbox::start(SandboxConfig {
            sim: self.sim.clone(),
            port_base: None,
            admin: false,
            state_file: Some(state_file),
            kinds: None,
        })
        .await
        .map_err(|e| Error::Internal {
            message: format!("the sandbox could not start: {e}"),
        })
    }

    /// Add one sandbox account per simulated provider that has none yet. Each goes through the
    /// same credential check and keyring as an account a user types in; one provider failing does
    /// not keep the others out (its error is in `failures`).
    pub async fn try_sandbox(&self) -> Result<SandboxAccounts> {
        let endpoints = self.endpoints().await?;
        let credentials = {
            let running = self.running.lock().await;
            running.as_ref().map(Sandbox::credentials).unwrap_or_default()
        };
        let existing = self.fleet.accounts().await?;
        let mut out = SandboxAccounts::default();
        for (kind, url) in &endpoints {
            // The colour chip of each provider's descriptor, so the sandbox accounts stand apart.
            let Some(descriptor) = Registry::descriptors()
                .into_iter()
                .find(|d| d.kind.as_str() == kind)
            else {
                continue;
            };
            let provider = descriptor.kind;
            if existing
                .iter()
                .any(|a| a.account.sandbox && a.account.provider == provider)
            {
                continue;
            }
            let Some(credential) = credentials.get(kind.as_str()).and_then(|c| c.first()) else {
                continue;
            };
            let name = free_name(&existing, &format!("sandbox-{kind}"));
            let request = AddAccountRequest {
                name,
                provider,
                endpoint: Some(url.clone()),
                username: credential.username.clone(),
                color: Some(descriptor.colour.to_owned()),
                lxd: None,
                secret: Some(SecretString::from(credential.secret.clone())),
                client_key_pem: None,
                // The one place that marks an account as a sandbox account (IPC input cannot).
                sandbox: true,
            };
            let name = request.name.clone();
            match self.fleet.add_account(request).await {
                Ok(view) => out.added.push(view),
                Err(e) => {
                    tracing::warn!(account = %name, error = %e, "sandbox account not added");
                    out.failures.push(AccountFailure {
                        account: name,
                        error: e.to_payload(),
                    });
                }
            }
        }
        if out.added.is_empty() {
            if let Some(first) = out.failures.first() {
                return Err(Error::Partial {
                    failures: vec![first.clone()],
                });
            }
        }
        Ok(out)
    }

    /// Close the fleet's [`SandboxReadiness`] now and answer the resume as a future that opens it
    /// again when it ends (done, failed or dropped). The host spawns the future after the window is
    /// shown; a provider call of a sandbox account made meanwhile waits for it (`Fleet::provider`)
    /// instead of reaching the previous run's port.
    pub fn begin_resume(self: &Arc<Self>) -> impl Future<Output = Result<usize>> + Send + 'static {
        let hold = self.fleet.sandbox_readiness().hold();
        let sandbox = self.clone();
        async move {
            let _open_when_done = hold;
            sandbox.resume().await
        }
    }

    /// At start: when sandbox accounts exist, start the simulators and point those accounts at the
    /// current ports, keeping their seeded secrets (an endpoint change of any other account needs
    /// its credentials again, see `Fleet::update_account`). Returns how many were re-pointed.
    pub async fn resume(&self) -> Result<usize> {
        let accounts = self.fleet.accounts().await?;
        if !accounts.iter().any(|a| a.account.sandbox) {
            return Ok(0);
        }
        let endpoints = self.endpoints().await?;
        let mut moved = 0;
        for view in accounts.iter().filter(|a| a.account.sandbox) {
            let Some(url) = endpoints.get(view.account.provider.as_str()) else {
                continue;
            };
            if view.account.endpoint.as_deref() == Some(url.as_str()) {
                continue;
            }
            self.fleet
                .repoint_sandbox_account(&view.account.name, url)
                .await?;
            moved += 1;
        }
        Ok(moved)
    }

    /// Save the simulators' state and stop them.
    pub async fn shutdown(&self) -> Result<()> {
        if let Some(sandbox) = self.running.lock().await.take() {
            sandbox.shutdown().await.map_err(|e| Error::Internal {
                message: format!("the sandbox did not stop cleanly: {e}"),
            })?;
        }
        Ok(())
    }
}

/// Whether the sandbox accounts point at this run's simulators: closed while a resume
/// ([`EmbeddedSandbox::begin_resume`]) is under way. Provider calls of sandbox accounts wait for it
/// (`Fleet::provider`); other accounts never do. Open by default (nothing to resume).
#[derive(Clone)]
pub struct SandboxReadiness {
    /// How many resumes are under way (0: open).
    pending: Arc<tokio::sync::watch::Sender<u32>>,
}

impl Default for SandboxReadiness {
    fn default() -> Self {
        SandboxReadiness {
            pending: Arc::new(tokio::sync::watch::Sender::new(0)),
        }
    }
}

impl SandboxReadiness {
    /// Close the gate until the returned hold is dropped.
    pub fn hold(&self) -> ReadinessHold {
        self.pending.send_modify(|n| *n += 1);
        ReadinessHold {
            pending: self.pending.clone(),
        }
    }

    /// Whether no resume is under way.
    pub fn is_open(&self) -> bool {
        *self.pending.borrow() == 0
    }

    /// Wait until no resume is under way; answers whether it had to wait (the sandbox accounts
    /// may have been re-pointed meanwhile, so the caller reads them again).
    pub(crate) async fn wait(&self) -> bool {
        let mut open = self.pending.subscribe();
        if *open.borrow_and_update() == 0 {
            return false;
        }
        // The sender lives as long as this readiness (`self` holds it): the wait ends at 0.
        let _ = open.wait_for(|n| *n == 0).await;
        true
    }
}

/// Keeps a [`SandboxReadiness`] closed while it lives.
pub struct ReadinessHold {
    pending: Arc<tokio::sync::watch::Sender<u32>>,
}

impl Drop for ReadinessHold {
    fn drop(&mut self) {
        self.pending.send_modify(|n| *n = n.saturating_sub(1));
    }
}

/// `base`, or `base-2`, `base-3`… when an account already has that name.
fn free_name(existing: &[AccountView], base: &str) -> String {
    let taken = |n: &str| existing.iter().any(|a| a.account.name == n);
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|i| format!("{base}-{i}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_owned())
}
