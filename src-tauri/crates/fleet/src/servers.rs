//! Server commands: the unified list over accounts (with per-account failures and the cache),
//! detail, create, actions and delete, and the catalog a create needs.

use futures::future::join_all;
use secrecy::ExposeSecret;

use fleetdeck_core::actions::{self, ActionId, ActionSpec};
use fleetdeck_core::job::Job;
use fleetdeck_core::names::Address;
use fleetdeck_core::{
    Account, ActionOutcome, CreateServerRequest, Error, Image, Plan, Region, Result, Server, ServerAction,
};
use fleetdeck_store::cache::CacheRead;

use crate::events::FleetEvent;
use crate::views::{AccountState, ActionResult, CreateResult, FleetServers};
use crate::Fleet;

const SERVERS: &str = "servers";

impl Fleet {
    /// The last-known servers of the named accounts (all when empty), straight from the cache,
    /// marked stale. Instant and offline; a corrupt cache file is discarded with a warning.
    pub fn cached_servers(&self, names: &[String]) -> Result<FleetServers> {
        let mut out = FleetServers {
            servers: Vec::new(),
            accounts: Vec::new(),
        };
        for account in self.select_accounts(names)? {
            let (servers, fetched_at) = self.read_cached_servers(&account);
            out.accounts.push(AccountState {
                account_id: account.id.clone(),
                account: account.name.clone(),
                provider: account.provider,
                fetched_at,
                stale: true,
                error: None,
                server_count: servers.len() as u32,
                rate: None,
            });
            out.servers.extend(servers);
        }
        self.with_local_tags(&mut out.servers);
        Ok(out)
    }

    fn read_cached_servers(&self, account: &Account) -> (Vec<Server>, Option<chrono::DateTime<chrono::Utc>>) {
        match self.cache.read::<Vec<Server>>(&account.id, SERVERS) {
            CacheRead::Hit(c) => {
                let mut servers = c.data;
                // The account may have been renamed since the cache was written.
                servers.iter_mut().for_each(|s| s.account = account.name.clone());
                (servers, Some(c.fetched_at))
            }
            CacheRead::Miss => (Vec::new(), None),
            CacheRead::Discarded(why) => {
                self.events.emit(FleetEvent::Warning {
                    message: format!("{}: {why}", account.name),
                });
                (Vec::new(), None)
            }
        }
    }

    /// Fetch the servers of the named accounts (all when empty) from their providers, all accounts
    /// in parallel. One account failing never hides the others: its state carries the error and,
    /// when `include_stale`, its last-known servers from the cache (marked stale).
    pub async fn refresh_servers(&self, names: &[String], include_stale: bool) -> Result<FleetServers> {
        let accounts = self.select_accounts(names)?;
        let results = self.refresh_accounts(&accounts).await;
        let mut out = FleetServers {
            servers: Vec::new(),
            accounts: Vec::new(),
        };
        for (account, result) in accounts.iter().zip(results) {
            let (servers, state) = match result {
                Ok((servers, state)) => (servers, state),
                Err(e) => {
                    let (cached, fetched_at) = self.read_cached_servers(account);
                    let state = AccountState {
                        account_id: account.id.clone(),
                        account: account.name.clone(),
                        provider: account.provider,
                        fetched_at,
                        stale: true,
                        error: Some(e.to_payload()),
                        server_count: cached.len() as u32,
                        rate: None,
                    };
                    (if include_stale { cached } else { Vec::new() }, state)
                }
            };
            self.events.emit(FleetEvent::AccountRefreshed {
                state: Box::new(state.clone()),
            });
            out.servers.extend(servers);
            out.accounts.push(state);
        }
        self.with_local_tags(&mut out.servers);
        Ok(out)
    }

    /// Each account's refresh as a task of its own, in `accounts`' order: decoding one account's
    /// listing uses another core than the next one's, and no account waits on another's parsing
    /// (one task polling them all ran every account's decoding and cache write on one thread: 20
    /// accounts took 0.7 s at zero latency, README "Performance").
    async fn refresh_accounts(&self, accounts: &[Account]) -> Vec<Result<(Vec<Server>, AccountState)>> {
        let Some(fleet) = self.me.upgrade() else {
            return join_all(accounts.iter().map(|a| self.refresh_account(a))).await;
        };
        let tasks = accounts.iter().cloned().map(|account| {
            let fleet = fleet.clone();
            tokio::spawn(async move { fleet.refresh_account(&account).await })
        });
        join_all(tasks)
            .await
            .into_iter()
            .map(|joined| {
                joined.unwrap_or_else(|e| Err(Error::internal(format!("the refresh stopped: {e}"))))
            })
            .collect()
    }

    async fn refresh_account(&self, account: &Account) -> Result<(Vec<Server>, AccountState)> {
        let provider = self.provider(account).await?;
        let mut servers = provider.servers().list_servers().await?;
        servers.iter_mut().for_each(|s| s.account = account.name.clone());
        let now = self.clock.now();
        // Serializing a listing and its two fsyncs are blocking work: off the async threads.
        let cache = self.cache.clone();
        let id = account.id.clone();
        let (servers, written) = tokio::task::spawn_blocking(move || {
            let written = cache.write(&id, SERVERS, now, &servers);
            (servers, written)
        })
        .await
        .map_err(|e| Error::internal(format!("the cache write stopped: {e}")))?;
        if let Err(e) = written {
            // The refresh itself succeeded; a cache that cannot be written is worth a warning only.
            self.events.emit(FleetEvent::Warning {
                message: format!("{}: {e}", account.name),
            });
        }
        let state = AccountState {
            account_id: account.id.clone(),
            account: account.name.clone(),
            provider: account.provider,
            fetched_at: Some(now),
            stale: false,
            error: None,
            server_count: servers.len() as u32,
            rate: provider.rate_status(),
        };
        Ok((servers, state))
    }

    /// Resolve `ACCOUNT/ID` to the account.
    pub(crate) fn resolve(&self, address: &str) -> Result<(Account, String)> {
        let addr: Address = address.parse()?;
        Ok((self.accounts.find(&addr.account)?, addr.id))
    }

    /// One server, fresh from its provider.
    pub async fn server(&self, address: &str) -> Result<Server> {
        let (account, id) = self.resolve(address)?;
        let provider = self.provider(&account).await?;
        let mut server = provider.servers().get_server(&id).await?;
        server.account = account.name;
        self.with_local_tags(std::slice::from_mut(&mut server));
        Ok(server)
    }

    /// The provider's JSON of the server at `address`, for the detail pane's raw section (the
    /// listings sent to the window leave it out, `FleetServers::without_raw`): from the cache when
    /// the account's last listing holds the server, else from the provider's detail call,
    /// scrubbed of secret-looking keys as the cache is.
    pub async fn server_raw(&self, address: &str) -> Result<serde_json::Value> {
        let (account, id) = self.resolve(address)?;
        let (cached, _) = self.read_cached_servers(&account);
        if let Some(server) = cached.into_iter().find(|s| s.id == id && !s.raw.is_null()) {
            return Ok(server.raw);
        }
        let provider = self.provider(&account).await?;
        let mut raw = provider.servers().get_server(&id).await?.raw;
        fleetdeck_store::cache::scrub_secrets(&mut raw);
        Ok(raw)
    }

    /// The actions the provider of the server at `address` offers, in table order (rows of
    /// [`fleetdeck_core::actions::server_actions`]). Answered from the account's capabilities:
    /// no request.
    pub async fn offered_actions(&self, address: &str) -> Result<Vec<ActionSpec>> {
        let (account, _) = self.resolve(address)?;
        let caps = self.capabilities_of(&account).await;
        Ok(actions::offered(&caps).into_iter().cloned().collect())
    }

    /// Refuse an action the account's provider does not offer, per the action table, with the
    /// `unsupported` error naming the provider and the action.
    fn gate(account: &Account, caps: &fleetdeck_core::Capabilities, action: ActionId) -> Result<()> {
        if actions::is_offered(action, caps) {
            Ok(())
        } else {
            Err(Error::unsupported(account.provider, action.spec().verb))
        }
    }

    /// Run an action on a server; a long one becomes a tracked job.
    pub async fn server_action(&self, address: &str, action: ServerAction) -> Result<ActionResult> {
        let (account, id) = self.resolve(address)?;
        let provider = self.provider(&account).await?;
        Self::gate(&account, &provider.capabilities(), action.id())?;
        let outcome = provider.servers().server_action(&id, &action).await?;
        self.outcome_result(&account, outcome).await
    }

    /// Delete a server (the hosts confirm first).
    pub async fn delete_server(&self, address: &str) -> Result<ActionResult> {
        let (account, id) = self.resolve(address)?;
        let provider = self.provider(&account).await?;
        Self::gate(&account, &provider.capabilities(), ActionId::Delete)?;
        let outcome = provider.servers().delete_server(&id).await?;
        self.outcome_result(&account, outcome).await
    }

    /// Order one or more servers on an account; one job per server.
    pub async fn create_server(&self, account_name: &str, req: CreateServerRequest) -> Result<CreateResult> {
        let account = self.accounts.find(account_name)?;
        let provider = self.provider(&account).await?;
        let caps = provider.capabilities();
        if !caps.servers.create {
            return Err(Error::unsupported(account.provider, "server creation"));
        }
        if req.name.trim().is_empty() {
            return Err(Error::invalid_field("name", "the server needs a name"));
        }
        // Servers, SSH keys and floating IPs per order: limits are capability data.
        caps.check_create_request(&req)?;
        let outcome = provider.servers().create_server(&req).await?;
        let mut jobs = Vec::new();
        for spec in outcome.jobs {
            jobs.push(self.start_job(&account, spec).await?);
        }
        Ok(CreateResult {
            jobs,
            message: outcome.message,
            // Revealed once, to the caller only; the jobs recorded above do not carry it.
            root_password: outcome.password.map(|p| p.expose_secret().to_owned()),
        })
    }

    /// Follow a create's job only until it names its server (the provider answered no id:
    /// LetsCloud's create-then-match, a Cloude.ro event) or ends; answers the job at that moment.
    /// A job that already names its target is answered at once.
    pub async fn identify_created(&self, job: &Job) -> Result<Job> {
        if job.target.is_some() || job.status.is_final() {
            return Ok(job.clone());
        }
        let (tx, mut rx) = tokio::sync::watch::channel(job.clone());
        let wait = self.wait_job(&job.id, |j| {
            tx.send_replace(j.clone());
        });
        tokio::pin!(wait);
        loop {
            tokio::select! {
                ended = &mut wait => return ended,
                changed = rx.changed() => {
                    if changed.is_err() {
                        return wait.await;
                    }
                    let current = rx.borrow_and_update().clone();
                    if current.target.is_some() {
                        return Ok(current);
                    }
                }
            }
        }
    }

    /// Turn a provider's answer into what hosts show, starting the job when there is one.
    pub(crate) async fn outcome_result(
        &self,
        account: &Account,
        outcome: ActionOutcome,
    ) -> Result<ActionResult> {
        let job = match outcome.job {
            Some(spec) => Some(self.start_job(account, spec).await?),
            None => None,
        };
        Ok(ActionResult {
            job,
            message: outcome.message,
            // Revealed once, to the caller only; never stored or logged.
            password: outcome.password.map(|p| p.expose_secret().to_owned()),
        })
    }

    pub async fn regions(&self, account_name: &str) -> Result<Vec<Region>> {
        let (account, provider) = self.connected(account_name).await?;
        let catalog = provider
            .catalog()
            .ok_or_else(|| Error::unsupported(account.provider, "regions"))?;
        catalog.list_regions().await
    }

    pub async fn plans(&self, account_name: &str, region: Option<&str>) -> Result<Vec<Plan>> {
        let (account, provider) = self.connected(account_name).await?;
        let catalog = provider
            .catalog()
            .ok_or_else(|| Error::unsupported(account.provider, "plans"))?;
        catalog.list_plans(region).await
    }

    pub async fn images(&self, account_name: &str, region: Option<&str>) -> Result<Vec<Image>> {
        let (account, provider) = self.connected(account_name).await?;
        let catalog = provider
            .catalog()
            .ok_or_else(|| Error::unsupported(account.provider, "images"))?;
        catalog.list_images(region).await
    }

    pub async fn applications(&self, account_name: &str) -> Result<Vec<Image>> {
        let (account, provider) = self.connected(account_name).await?;
        if !provider.capabilities().create.applications {
            return Err(Error::unsupported(account.provider, "one-click applications"));
        }
        let catalog = provider
            .catalog()
            .ok_or_else(|| Error::unsupported(account.provider, "applications"))?;
        catalog.list_applications().await
    }

    pub(crate) async fn connected(
        &self,
        account_name: &str,
    ) -> Result<(Account, std::sync::Arc<dyn fleetdeck_core::Provider>)> {
        let account = self.accounts.find(account_name)?;
        let provider = self.provider(&account).await?;
        Ok((account, provider))
    }
}
