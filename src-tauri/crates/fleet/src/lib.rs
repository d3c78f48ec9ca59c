//! The command functions both hosts call (docs/design-rules.md rules 1 and 12): the desktop app's Tauri
//! commands and the `fleetdeck` CLI are thin adapters over [`Fleet`]. Every behaviour — adding an account
//! with a credential check, listing servers across accounts with per-account failures, actions, jobs and
//! their persistence, the cache — is implemented once, here. No Tauri.

pub mod connector;
pub mod events;
pub mod views;

mod accounts;
mod backup_download;
mod billing;
mod jobs;
mod keys;
mod local_tags;
mod park;
pub mod resources;
pub mod sandbox;
mod servers;

use std::collections::HashMap;
use std::sync::Arc;

use fleetdeck_core::http::HttpSettings;
use fleetdeck_core::job::{Clock, SystemClock};
use fleetdeck_core::{
    Account, Capabilities, Credentials, Error, LxdFlavour, LxdSettings, Provider, ProviderContext,
    ProviderKind, Result,
};
use fleetdeck_store::secrets::KeyringSessionVault;
use fleetdeck_store::{AccountList, Cache, DataDir, JobLog, Notices, SecretStore};

pub use billing::{without_document_links, InvoiceDestination, LinkOpener};
pub use connector::{Connector, Registry};
pub use events::{FleetEvent, FleetEvents, NoEvents};
pub use fleetdeck_store::ParkedServer;
pub use keys::{GeneratedSshKey, KeyPushResult};
pub use local_tags::ServerLocalTags;
pub use views::*;

/// Fleetdeck's state for one process: the data directory, the keyring, connected provider clients,
/// and the jobs this process follows.
pub struct Fleet {
    data: DataDir,
    accounts: AccountList,
    cache: Cache,
    job_log: JobLog,
    /// What the store reported (a corrupt file moved aside), also forwarded as warning events.
    notices: Arc<Notices>,
    secrets: Arc<dyn SecretStore>,
    connector: Arc<dyn Connector>,
    http: HttpSettings,
    clock: Arc<dyn Clock>,
    events: Arc<dyn FleetEvents>,
    /// Connected clients by account id, with the account as it was when connected (a change of
    /// endpoint or name reconnects).
    providers: tokio::sync::Mutex<HashMap<String, Connected>>,
    jobs: jobs::JobBoard,
    /// Closed while the embedded sandbox re-points its accounts (sandbox.rs `begin_resume`).
    sandbox_ready: sandbox::SandboxReadiness,
    /// This fleet itself, for the background tasks it spawns.
    me: std::sync::Weak<Fleet>,
}

/// A connected client and the account as it was when connected.
type Connected = (Account, Arc<dyn Provider>);

/// How to build a [`Fleet`].
pub struct FleetConfig {
    pub data: DataDir,
    pub secrets: Arc<dyn SecretStore>,
    pub connector: Arc<dyn Connector>,
    pub events: Arc<dyn FleetEvents>,
    pub http: HttpSettings,
    pub clock: Arc<dyn Clock>,
}

impl FleetConfig {
    /// Defaults for a host: real clock, default HTTP settings, no events.
    pub fn new(data: DataDir, secrets: Arc<dyn SecretStore>, connector: Arc<dyn Connector>) -> Self {
        FleetConfig {
            data,
            secrets,
            connector,
            events: Arc::new(NoEvents),
            http: HttpSettings::default(),
            clock: Arc::new(SystemClock),
        }
    }
}

impl Fleet {
    pub fn new(config: FleetConfig) -> Arc<Self> {
        let FleetConfig {
            data,
            secrets,
            connector,
            events,
            http,
            clock,
        } = config;
        let notices = {
            let events = events.clone();
            Arc::new(Notices::with_listener(move |message| {
                events.emit(FleetEvent::Warning {
                    message: message.to_owned(),
                })
            }))
        };
        Arc::new_cyclic(|me| Fleet {
            accounts: AccountList::with_notices(data.clone(), notices.clone()),
            cache: Cache::new(data.clone()),
            job_log: JobLog::with_notices(data.clone(), notices.clone()),
            notices,
            data,
            secrets,
            connector,
            http,
            clock,
            events,
            providers: tokio::sync::Mutex::new(HashMap::new()),
            jobs: jobs::JobBoard::default(),
            sandbox_ready: sandbox::SandboxReadiness::default(),
            me: me.clone(),
        })
    }

    pub fn data_dir(&self) -> &DataDir {
        &self.data
    }

    /// The gate sandbox accounts' provider calls wait at while the embedded sandbox resumes.
    pub fn sandbox_readiness(&self) -> &sandbox::SandboxReadiness {
        &self.sandbox_ready
    }

    /// Whether secrets can be stored. While the keyring is unavailable each call looks for it
    /// again, so the UI's Retry (which asks for the status again) finds a Secret Service started
    /// or unlocked since, without a restart. Blocking: hosts call it off their async workers.
    pub fn keyring_status(&self) -> fleetdeck_store::KeyringStatus {
        let status = self.secrets.status();
        if status.available {
            status
        } else {
            self.secrets.recheck()
        }
    }

    /// What the user must be told from the start: a corrupt account list or job log that was moved
    /// aside, and where the copy is. Reads both files, so the problem is found before any command
    /// needs them; each notice was also sent as a [`FleetEvent::Warning`] when it happened.
    pub fn startup_warnings(&self) -> Vec<String> {
        // Errors reading (permissions…) reach the user through the commands that need the files.
        let _ = self.accounts.load();
        let _ = self.job_log.load();
        self.notices.all()
    }

    /// The connected client of an account (connecting on first use).
    ///
    /// A vz/LXD account still stored with the flavour `Auto` (added by an older version, or its
    /// detection failed) has its flavour detected here, before the client is handed out, and
    /// stored with the account: every capability gate then sees the server's real feature set.
    /// A failed detection is the caller's error (the server could not answer anything else either).
    ///
    /// A sandbox account's call waits while the embedded sandbox resumes (its endpoint is being
    /// moved to this run's simulators, sandbox.rs) and then uses the account as stored: it never
    /// reaches the previous run's port.
    pub(crate) async fn provider(&self, account: &Account) -> Result<Arc<dyn Provider>> {
        if account.sandbox && self.sandbox_ready.wait().await {
            let current = self
                .accounts
                .load()?
                .into_iter()
                .find(|a| a.id == account.id)
                .ok_or_else(|| Error::NotFound {
                    account: Some(account.name.clone()),
                    message: format!("account '{}' was removed", account.name),
                })?;
            return Box::pin(self.provider(&current)).await;
        }
        let provider = self.client_of(account).await?;
        if flavour_unknown(account) {
            self.settle_flavour(account, &provider).await?;
        }
        Ok(provider)
    }

    async fn client_of(&self, account: &Account) -> Result<Arc<dyn Provider>> {
        // The map's lock is not held across the keyring and the connection: one account waiting
        // on an unlock prompt or a slow endpoint must not hold up the others, nor the account
        // list (which reads capabilities through this map).
        {
            let map = self.providers.lock().await;
            if let Some((seen, p)) = map.get(&account.id) {
                if serves(seen, account) {
                    return Ok(p.clone());
                }
            }
        }
        let secrets = self
            .load_secrets(&account.id)
            .await?
            .ok_or_else(|| Error::Keyring {
                message: format!(
                "no secret for account '{}' in the OS keyring; re-enter its credentials (re-authenticate)",
                account.name
            ),
            })?;
        let credentials = credentials_for(account, secrets.secret, secrets.client_key_pem)?;
        let ctx = ProviderContext {
            account: account.clone(),
            credentials,
            // The session was read with the secrets: the vault answers it without keyring I/O.
            session: Arc::new(KeyringSessionVault::with_session(
                self.secrets.clone(),
                account.id.clone(),
                secrets.session,
            )),
            http: self.http.clone(),
            clock: self.clock.clone(),
        };
        let provider = self.connector.connect(ctx).await?;
        let mut map = self.providers.lock().await;
        // Another task may have connected this account meanwhile: keep one client per account.
        if let Some((seen, p)) = map.get(&account.id) {
            if serves(seen, account) {
                return Ok(p.clone());
            }
        }
        map.insert(account.id.clone(), (account.clone(), provider.clone()));
        Ok(provider)
    }

    /// Ask the client of an `Auto` account for its flavour (one request the first time; the lock
    /// is not held meanwhile) and store it with the account, once per process.
    async fn settle_flavour(&self, account: &Account, provider: &Arc<dyn Provider>) -> Result<()> {
        let Some(flavour) = provider.lxd_flavour().await? else {
            return Ok(());
        };
        let mut map = self.providers.lock().await;
        let entry = map.get_mut(&account.id).filter(|(_, p)| Arc::ptr_eq(p, provider));
        if entry.as_ref().is_some_and(|(seen, _)| !flavour_unknown(seen)) {
            return Ok(()); // stored already by this process
        }
        match self.store_flavour(&account.id, flavour) {
            Ok(Some(stored)) => {
                if let Some((seen, _)) = entry {
                    *seen = stored;
                }
            }
            Ok(None) => {}
            // The client knows its flavour anyway; only the next process will ask again.
            Err(e) => self.events.emit(FleetEvent::Warning {
                message: format!(
                    "the server kind of account '{}' could not be saved: {e}",
                    account.name
                ),
            }),
        }
        Ok(())
    }

    /// Store a detected flavour with the account of this id when it is still `Auto` (a flavour
    /// the user chose is never overwritten). Answers the account as stored, `None` when it was
    /// not changed (gone, not vz/LXD, or its flavour already known).
    pub(crate) fn store_flavour(&self, account_id: &str, flavour: LxdFlavour) -> Result<Option<Account>> {
        if flavour == LxdFlavour::Auto {
            return Ok(None);
        }
        let current = self.accounts.load()?;
        if !current.iter().any(|a| a.id == account_id && flavour_unknown(a)) {
            return Ok(None);
        }
        self.accounts.update(|list| {
            Ok(list
                .iter_mut()
                .find(|a| a.id == account_id)
                .filter(|a| flavour_unknown(a))
                .map(|a| {
                    set_flavour(a, flavour);
                    a.clone()
                }))
        })
    }

    /// Forget a connected client (its account changed or was removed).
    pub(crate) async fn disconnect(&self, account_id: &str) {
        self.providers.lock().await.remove(account_id);
    }

    /// The capabilities of an account: from its connected client when there is one, else from the
    /// static description of its stored settings (a vz/LXD account's flavour is stored once
    /// detected, see [`Fleet::provider`]).
    pub(crate) async fn capabilities_of(&self, account: &Account) -> Capabilities {
        if let Some((_, p)) = self.providers.lock().await.get(&account.id) {
            return p.capabilities();
        }
        self.connector.capabilities(account)
    }

    async fn load_secrets(&self, account_id: &str) -> Result<Option<fleetdeck_store::AccountSecrets>> {
        let store = self.secrets.clone();
        let id = account_id.to_owned();
        // keyring calls block on D-Bus/Keychain: keep them off the async workers.
        tokio::task::spawn_blocking(move || store.load(&id))
            .await
            .map_err(|e| Error::internal(format!("keyring task: {e}")))?
    }

    async fn save_secrets(&self, account_id: &str, secrets: fleetdeck_store::AccountSecrets) -> Result<()> {
        let store = self.secrets.clone();
        let id = account_id.to_owned();
        tokio::task::spawn_blocking(move || store.save(&id, &secrets))
            .await
            .map_err(|e| Error::internal(format!("keyring task: {e}")))?
    }

    async fn delete_secrets(&self, account_id: &str) -> Result<()> {
        let store = self.secrets.clone();
        let id = account_id.to_owned();
        tokio::task::spawn_blocking(move || store.delete(&id))
            .await
            .map_err(|e| Error::internal(format!("keyring task: {e}")))?
    }

    /// The account with this name.
    pub fn account(&self, name: &str) -> Result<Account> {
        self.accounts.find(name)
    }

    /// The accounts named, in list order; all accounts when `names` is empty. Unknown names are errors.
    pub fn select_accounts(&self, names: &[String]) -> Result<Vec<Account>> {
        let all = self.accounts.load()?;
        if names.is_empty() {
            return Ok(all);
        }
        for n in names {
            if !all.iter().any(|a| &a.name == n) {
                return Err(Error::NotFound {
                    account: None,
                    message: format!("no account named '{n}'"),
                });
            }
        }
        Ok(all.into_iter().filter(|a| names.contains(&a.name)).collect())
    }
}

/// A vz/LXD account whose flavour is not known yet (`Auto`, or no settings at all).
pub(crate) fn flavour_unknown(account: &Account) -> bool {
    account.provider == ProviderKind::Vz && account.lxd.as_ref().is_none_or(|l| l.flavour == LxdFlavour::Auto)
}

/// Give a vz/LXD account its flavour (creating default settings when it had none).
pub(crate) fn set_flavour(account: &mut Account, flavour: LxdFlavour) {
    match &mut account.lxd {
        Some(settings) => settings.flavour = flavour,
        None => {
            account.lxd = Some(LxdSettings {
                flavour,
                client_cert_pem: None,
                server_fingerprint: None,
                project: None,
            })
        }
    }
}

/// Whether a client connected for `seen` serves `account`: the same settings, or the same but for
/// the flavour, which `account` (loaded before it was stored) still has as unknown.
fn serves(seen: &Account, account: &Account) -> bool {
    if seen == account {
        return true;
    }
    match seen.lxd.as_ref().map(|l| l.flavour) {
        Some(flavour) if flavour != LxdFlavour::Auto && flavour_unknown(account) => {
            let mut same = account.clone();
            set_flavour(&mut same, flavour);
            &same == seen
        }
        _ => false,
    }
}

/// The provider credentials of an account from its keyring secrets, in the form its provider's
/// descriptor declares.
pub(crate) fn credentials_for(
    account: &Account,
    secret: Option<secrecy::SecretString>,
    client_key: Option<secrecy::SecretString>,
) -> Result<Credentials> {
    let descriptor = Registry::descriptor(account.provider)
        .ok_or_else(|| Error::internal(format!("no provider registered for {}", account.provider)))?;
    descriptor
        .credentials
        .credentials(secret, client_key)
        .ok_or_else(|| {
            let what = descriptor.field("secret").map_or("the secret", |f| f.label);
            Error::invalid_field(
                "secret",
                format!("{what} is required for a {} account", account.provider),
            )
        })
}

#[cfg(test)]
mod testkit;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod credential_tests {
    use fleetdeck_core::{Account, ProviderKind};
    use secrecy::{ExposeSecret, SecretString};

    use super::*;

    fn account(provider: ProviderKind) -> Account {
        Account {
            id: "id-1".into(),
            name: "main".into(),
            provider,
            endpoint: None,
            username: None,
            color: None,
            lxd: None,
            sandbox: false,
            created_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn each_provider_turns_its_secrets_into_the_credentials_its_descriptor_declares() {
        let secret = || Some(SecretString::from("s3cret"));
        for kind in [ProviderKind::LetsCloud, ProviderKind::Cloudzy] {
            match credentials_for(&account(kind), secret(), None) {
                Ok(Credentials::Token(t)) => assert_eq!(t.expose_secret(), "s3cret"),
                other => panic!("{kind}: {other:?}"),
            }
        }
        match credentials_for(&account(ProviderKind::Cloudero), secret(), None) {
            Ok(Credentials::Password(p)) => assert_eq!(p.expose_secret(), "s3cret"),
            other => panic!("{other:?}"),
        }
        match credentials_for(&account(ProviderKind::Vz), None, Some(SecretString::from("KEY"))) {
            Ok(Credentials::Lxd {
                client_key_pem: Some(k),
                bearer: None,
            }) => assert_eq!(k.expose_secret(), "KEY"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_missing_required_secret_is_named_by_its_field_label() {
        for kind in [
            ProviderKind::LetsCloud,
            ProviderKind::Cloudzy,
            ProviderKind::Cloudero,
        ] {
            let label = Registry::descriptor(kind)
                .and_then(|d| d.field("secret").map(|f| f.label))
                .unwrap_or_default();
            let err = match credentials_for(&account(kind), None, None) {
                Err(e) => e,
                Ok(_) => panic!("{kind}: credentials without a secret"),
            };
            assert!(!label.is_empty());
            assert!(err.to_string().contains(label), "{kind}: {err}");
        }
    }
}
