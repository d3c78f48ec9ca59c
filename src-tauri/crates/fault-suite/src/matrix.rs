//! Fault × provider: one sandbox serving all four providers, one fleet with one account of each,
//! and every fault injected into one provider at a time while the other three must answer as usual.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use fleetdeck_core::http::HttpSettings;
use fleetdeck_core::job::{JobStatus, SystemClock};
use fleetdeck_core::{ServerAction, ServerStatus};
use fleetdeck_fleet::{AddAccountRequest, Fleet, FleetConfig, FleetServers, NoEvents, Registry};
use fleetdeck_sandbox::sim::SimConfig;
use fleetdeck_sandbox::{FaultHandle, Sandbox, SandboxConfig};
use fleetdeck_store::{DataDir, MemorySecrets};

use crate::Row;

/// The providers of the sandbox, as account names are derived from them.
pub const KINDS: [&str; 4] = fleetdeck_sandbox::KINDS;

/// The client's time-out in the suite: short, so a hung answer costs seconds, not minutes.
const TIMEOUT: Duration = Duration::from_secs(2);

/// How long a job may take in the suite (the sandbox's actions take [`ACTION_DELAY`]).
const JOB_WAIT: Duration = Duration::from_secs(60);
const ACTION_DELAY: Duration = Duration::from_millis(400);

/// The world of the matrix: the sandbox, a fleet over a fresh data directory, and what each
/// account held before any fault (the servers that must never be lost).
pub struct World {
    pub sandbox: Sandbox,
    pub fleet: Arc<Fleet>,
    truth: BTreeMap<String, BTreeSet<String>>,
    /// A listener on a second loopback address that counts the connections it is offered: the
    /// target of the redirect fault, which must never be reached.
    catcher_url: String,
    catcher_hits: Arc<AtomicU64>,
}

fn account_name(kind: &str) -> String {
    format!("fault-{kind}")
}

impl World {
    pub async fn start(data_dir: &std::path::Path) -> Result<World, String> {
        let sandbox = Sandbox::start(SandboxConfig {
            sim: SimConfig {
                accounts: 1,
                servers_per_account: 4,
                action_delay: ACTION_DELAY,
                rng_seed: 11,
            },
            admin: false,
            ..Default::default()
        })
        .await
        .map_err(|e| format!("sandbox: {e}"))?;
        let mut config = FleetConfig::new(
            DataDir::new(data_dir),
            Arc::new(MemorySecrets::default()),
            Arc::new(Registry),
        );
        config.http = HttpSettings {
            timeout: TIMEOUT,
            connect_timeout: Duration::from_secs(1),
            max_retries: 2,
            retry_min_delay: Duration::from_millis(50),
            retry_max_delay: Duration::from_millis(1_500),
            ..HttpSettings::default()
        };
        config.events = Arc::new(NoEvents);
        config.clock = Arc::new(SystemClock);
        let fleet = Fleet::new(config);
        let credentials = sandbox.credentials();
        for kind in KINDS {
            let endpoint = sandbox.endpoint(kind).ok_or(format!("no {kind} endpoint"))?;
            let cred = credentials
                .get(kind)
                .and_then(|c| c.first())
                .ok_or(format!("no {kind} credential"))?;
            let req: AddAccountRequest = serde_json::from_value(serde_json::json!({
                "name": account_name(kind),
                "provider": kind,
                "endpoint": endpoint,
                "username": cred.username,
                "secret": cred.secret,
            }))
            .map_err(|e| format!("{kind} request: {e}"))?;
            fleet
                .add_account(req)
                .await
                .map_err(|e| format!("add {kind} account: {e}"))?;
        }
        let (catcher_url, catcher_hits) = catcher().await?;
        let mut world = World {
            sandbox,
            fleet,
            truth: BTreeMap::new(),
            catcher_url,
            catcher_hits,
        };
        let listing = world
            .fleet
            .refresh_servers(&[], true)
            .await
            .map_err(|e| format!("first refresh: {e}"))?;
        for state in &listing.accounts {
            if let Some(e) = &state.error {
                return Err(format!("first refresh of {}: {}", state.account, e.message));
            }
        }
        for kind in KINDS {
            let ids = ids_of(&listing, &account_name(kind));
            if ids.is_empty() {
                return Err(format!("{kind}: the sandbox account has no server"));
            }
            world.truth.insert(account_name(kind), ids);
        }
        Ok(world)
    }

    fn faults(&self, kind: &str) -> Result<FaultHandle, String> {
        self.sandbox.faults(kind).map_err(|e| e.to_string())
    }

    /// Refresh every account and fill the row: lost servers of the faulty account (fresh or
    /// stale), the other accounts, and whether an error names the account.
    async fn refresh_into(&self, kind: &str, row: &mut Row) {
        let name = account_name(kind);
        let listing = match self.fleet.refresh_servers(&[], true).await {
            Ok(l) => l,
            Err(e) => {
                row.outcome = format!("refresh failed as a whole: {e}");
                row.broken
                    .push("one account's fault failed the whole refresh".into());
                return;
            }
        };
        let listed = ids_of(&listing, &name);
        row.lost = self.truth.get(&name).map_or(0, |t| t.difference(&listed).count());
        let mut others_ok = true;
        for state in &listing.accounts {
            if state.account == name {
                match &state.error {
                    None => row.outcome = "recovered".into(),
                    Some(e) => {
                        row.outcome = format!("error {:?} (stale rows kept)", e.code);
                        row.names_account = Some(e.message.contains(&name));
                    }
                }
            } else {
                let want = self.truth.get(&state.account).map_or(0, BTreeSet::len);
                if state.error.is_some() || ids_of(&listing, &state.account).len() != want {
                    others_ok = false;
                }
            }
        }
        row.others_ok = Some(others_ok);
    }

    /// A server of the account that is running now, to act on.
    async fn running_server(&self, kind: &str) -> Result<String, String> {
        let name = account_name(kind);
        let listing = self
            .fleet
            .refresh_servers(std::slice::from_ref(&name), false)
            .await
            .map_err(|e| e.to_string())?;
        listing
            .servers
            .iter()
            .find(|s| s.account == name && s.status == ServerStatus::Running)
            .map(|s| format!("{name}/{}", s.id))
            .ok_or_else(|| format!("{name} has no running server"))
    }

    /// Bring a stopped server back (clean-up between cases).
    async fn start_again(&self, address: &str) {
        if let Ok(r) = self.fleet.server_action(address, ServerAction::Start).await {
            if let Some(job) = r.job {
                let _ = tokio::time::timeout(JOB_WAIT, self.fleet.wait_job(&job.id, |_| {})).await;
            }
        }
    }

    /// A read fault: inject, refresh, clear.
    async fn read_case(&self, fault: &str, kind: &str, inject: impl FnOnce(&FaultHandle)) -> Row {
        let mut row = Row::new(fault, kind);
        let faults = match self.faults(kind) {
            Ok(f) => f,
            Err(e) => {
                row.broken.push(e);
                return row;
            }
        };
        inject(&faults);
        self.refresh_into(kind, &mut row).await;
        faults.clear();
        row
    }

    /// A write fault: the next write to the provider answers `status`; the action must fail with
    /// the account named, and the write must have been sent once.
    async fn write_case(&self, fault: &str, kind: &str, status: u16, retry_after: Option<Duration>) -> Row {
        let mut row = Row::new(fault, kind);
        let (faults, address) = match (self.faults(kind), self.running_server(kind).await) {
            (Ok(f), Ok(a)) => (f, a),
            (Err(e), _) | (_, Err(e)) => {
                row.broken.push(e);
                return row;
            }
        };
        faults.writes_only(true);
        if let Err(e) = faults.burst(status, 1, retry_after) {
            row.broken.push(e);
        }
        let before = faults.stats().matched;
        let result = self.fleet.server_action(&address, ServerAction::Stop).await;
        row.writes_sent = Some(faults.stats().matched - before);
        faults.clear();
        match result {
            Err(e) => {
                let payload = e.to_payload();
                row.outcome = format!("error {:?}, not retried", payload.code);
                row.names_account = Some(payload.message.contains(&account_name(kind)));
            }
            Ok(r) => {
                row.outcome = "accepted".into();
                row.broken
                    .push("a write answered with an error was reported as accepted".into());
                if let Some(job) = r.job {
                    let _ = tokio::time::timeout(JOB_WAIT, self.fleet.wait_job(&job.id, |_| {})).await;
                    self.start_again(&address).await;
                }
            }
        }
        self.refresh_into(kind, &mut Row::new("", kind)).await;
        let listed = self
            .fleet
            .cached_servers(&[account_name(kind)])
            .map(|l| ids_of(&l, &account_name(kind)))
            .unwrap_or_default();
        row.lost = self
            .truth
            .get(&account_name(kind))
            .map_or(0, |t| t.difference(&listed).count());
        row
    }

    /// A job (stop) during which `disturb` happens; the job must still end well, then the server
    /// is started again.
    async fn job_case(&self, fault: &str, kind: &str, disturb: impl AsyncFnOnce(&FaultHandle)) -> Row {
        let mut row = Row::new(fault, kind);
        let (faults, address) = match (self.faults(kind), self.running_server(kind).await) {
            (Ok(f), Ok(a)) => (f, a),
            (Err(e), _) | (_, Err(e)) => {
                row.broken.push(e);
                return row;
            }
        };
        let job = match self.fleet.server_action(&address, ServerAction::Stop).await {
            Ok(r) => r.job,
            Err(e) => {
                row.broken.push(format!("the stop was refused: {e}"));
                return row;
            }
        };
        disturb(&faults).await;
        match job {
            None => row.outcome = "done at once (no job)".into(),
            Some(job) => match tokio::time::timeout(JOB_WAIT, self.fleet.wait_job(&job.id, |_| {})).await {
                Ok(Ok(end)) if end.status == JobStatus::Succeeded => row.outcome = "job succeeded".into(),
                Ok(Ok(end)) => {
                    let why = end.error.map(|e| e.message).unwrap_or_default();
                    row.outcome = format!("job {:?}", end.status);
                    row.names_account = Some(why.contains(&account_name(kind)));
                    row.broken
                        .push(format!("the job did not survive the fault: {why}"));
                }
                Ok(Err(e)) => row.broken.push(format!("waiting failed: {e}")),
                Err(_) => row.broken.push("the job did not end in time".into()),
            },
        }
        faults.clear();
        self.start_again(&address).await;
        let mut after = Row::new("", kind);
        self.refresh_into(kind, &mut after).await;
        row.lost = after.lost;
        row.others_ok = after.others_ok;
        row
    }

    /// Every fault against one provider.
    pub async fn rows_for(&self, kind: &str) -> Vec<Row> {
        let mut rows = vec![
            self.read_case("5xx burst on reads", kind, |f| {
                let _ = f.burst(503, 2, None);
            })
            .await,
            self.read_case("429 burst on reads (Retry-After 1 s)", kind, |f| {
                let _ = f.burst(429, 2, Some(Duration::from_secs(1)));
            })
            .await,
            self.write_case("5xx on a write", kind, 503, None).await,
            self.write_case("429 on a write", kind, 429, Some(Duration::from_secs(1)))
                .await,
            self.read_case("hung answer (client time-out)", kind, |f| {
                f.hang(1, Some(TIMEOUT * 3));
            })
            .await,
            self.read_case("truncated body", kind, |f| f.malformed(1)).await,
            self.read_case("HTML instead of JSON (status 200)", kind, |f| f.garbage(1))
                .await,
            self.read_case("token expiry before a listing", kind, |f| f.expire_sessions())
                .await,
            self.job_case("token expiry during a job", kind, async |f: &FaultHandle| {
                f.expire_sessions();
            })
            .await,
            self.read_case("provider down during a refresh", kind, |f| f.down(true))
                .await,
            self.job_case("provider down during a job", kind, async |f: &FaultHandle| {
                f.down(true);
                tokio::time::sleep(ACTION_DELAY * 4).await;
                f.down(false);
            })
            .await,
        ];
        let before = self.catcher_hits.load(Ordering::SeqCst);
        let mut redirect = self
            .read_case("307 to another host", kind, |f| {
                let _ = f.redirect(10, &self.catcher_url);
            })
            .await;
        let reached = self.catcher_hits.load(Ordering::SeqCst) - before;
        if reached > 0 {
            redirect
                .broken
                .push(format!("the other host was reached {reached} times"));
        } else {
            redirect.outcome = format!("{}; other host never reached", redirect.outcome);
        }
        rows.push(redirect);
        rows
    }

    pub async fn shutdown(self) {
        let _ = self.sandbox.shutdown().await;
    }
}

/// The ids of one account's servers in a listing.
fn ids_of(listing: &FleetServers, account: &str) -> BTreeSet<String> {
    listing
        .servers
        .iter()
        .filter(|s| s.account == account)
        .map(|s| s.id.clone())
        .collect()
}

/// A listener on 127.0.0.2 that counts connections and answers nothing useful.
async fn catcher() -> Result<(String, Arc<AtomicU64>), String> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.2", 0))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.2: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let hits = Arc::new(AtomicU64::new(0));
    let counter = hits.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    Ok((format!("http://{addr}"), hits))
}
