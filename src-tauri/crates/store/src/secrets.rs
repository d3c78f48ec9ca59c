//! Account secrets in the OS keyring (docs/design-rules.md rule 10): one entry per account, service
//! `fleetdeck` (`fleetdeck-dev` for debug builds), user = the account's id. The entry holds a small JSON
//! object with the account's secret, an optional TLS client key and the provider's session state.
//!
//! There is no plaintext fallback: without a reachable Secret Service (or Keychain / Credential
//! Manager) every operation fails with [`Error::Keyring`] and a message saying what to do.
//!
//! Invariants:
//! - the keyring is opened on first use and opened again by [`SecretStore::recheck`] (the UI's
//!   Retry), so a Secret Service started after Fleetdeck is found without a restart;
//! - an account id is checked before it becomes an entry name ([`validate_account_id`]);
//! - each account has its own lock for read-modify-write cycles: one account waiting on an unlock
//!   prompt never holds up another, and a session written after the account was removed never
//!   brings its entry back ([`SecretStore::update`] writes only an existing entry);
//! - a payload longer than one entry can hold (Windows Credential Manager: 2,560 bytes of UTF-16)
//!   is split across entries `<id>.part1…N`, the account's own entry then holding `{"parts": N}`;
//!   reading joins them, so callers never see the split.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use keyring_core::CredentialStore;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use fleetdeck_core::{Error, Result, SessionVault};

use crate::paths::validate_account_id;

/// Every secret of one account. `Debug` is redacted (SecretString); there is no `Serialize`.
#[derive(Debug, Clone, Default)]
pub struct AccountSecrets {
    /// API token (LetsCloud, Cloudzy), password (Cloude.ro) or bearer token (vz/LXD).
    pub secret: Option<SecretString>,
    /// PEM of a TLS client key (vz/LXD).
    pub client_key_pem: Option<SecretString>,
    /// Provider session state (Cloude.ro token pair), written by the provider client.
    pub session: Option<SecretString>,
}

/// The keyring payload. Built only transiently while reading or writing an entry.
#[derive(Serialize, Deserialize, Default)]
struct Payload {
    /// Set only in the account's own entry when the payload is split across `parts` entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parts: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "clientKey")]
    client_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    session: Option<String>,
}

impl AccountSecrets {
    fn to_payload(&self) -> String {
        let p = Payload {
            parts: None,
            secret: self.secret.as_ref().map(|s| s.expose_secret().to_owned()),
            client_key: self.client_key_pem.as_ref().map(|s| s.expose_secret().to_owned()),
            session: self.session.as_ref().map(|s| s.expose_secret().to_owned()),
        };
        serde_json::to_string(&p).unwrap_or_default()
    }

    fn from_payload(text: &str) -> Result<Self> {
        let p: Payload = serde_json::from_str(text).map_err(|_| Error::Keyring {
            message: "the keyring entry of this account is not in Fleetdeck's format".into(),
        })?;
        Ok(AccountSecrets {
            secret: p.secret.map(SecretString::from),
            client_key_pem: p.client_key.map(SecretString::from),
            session: p.session.map(SecretString::from),
        })
    }
}

/// Whether secrets can be stored, for the UI's "no Secret Service" screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KeyringStatus {
    pub available: bool,
    /// `Secret Service`, `macOS Keychain`, `Windows Credential Manager`, or `memory` in tests.
    pub backend: String,
    /// What is wrong and what to do, when not available.
    pub message: Option<String>,
}

/// Where account secrets are kept. Every call may block (D-Bus, an unlock prompt): async callers
/// run them on blocking threads.
pub trait SecretStore: Send + Sync {
    fn load(&self, account_id: &str) -> Result<Option<AccountSecrets>>;
    fn save(&self, account_id: &str, secrets: &AccountSecrets) -> Result<()>;
    /// Remove the entry; removing a missing entry is not an error.
    fn delete(&self, account_id: &str) -> Result<()>;
    /// Read, change and write back an account's entry under that account's lock. When there is
    /// no entry nothing is written and the answer is `Ok(false)`: a removed account stays removed.
    fn update(&self, account_id: &str, change: &mut dyn FnMut(&mut AccountSecrets)) -> Result<bool>;
    fn status(&self) -> KeyringStatus;
    /// Look for the keyring again (the user started or unlocked it) and answer the new status.
    fn recheck(&self) -> KeyringStatus {
        self.status()
    }
}

/// Raw access to named text entries of one keyring service.
trait Entries: Send + Sync {
    fn get(&self, name: &str) -> Result<Option<String>>;
    fn set(&self, name: &str, value: &str) -> Result<()>;
    /// Removing a missing entry is not an error.
    fn remove(&self, name: &str) -> Result<()>;
}

/// The Windows Credential Manager's limit on one entry, in UTF-16 code units (2,560 bytes), less a
/// margin; other keyrings have no practical limit.
const WINDOWS_ENTRY_UNITS: usize = 1200;

fn platform_entry_limit() -> Option<usize> {
    cfg!(windows).then_some(WINDOWS_ENTRY_UNITS)
}

fn part_name(account_id: &str, n: u32) -> String {
    format!("{account_id}.part{n}")
}

/// `text` cut into pieces of at most `limit` UTF-16 code units, never inside a character.
fn split_units(text: &str, limit: usize) -> Vec<String> {
    let limit = limit.max(2);
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut units = 0;
    for c in text.chars() {
        if units + c.len_utf16() > limit {
            parts.push(std::mem::take(&mut current));
            units = 0;
        }
        units += c.len_utf16();
        current.push(c);
    }
    if !current.is_empty() || parts.is_empty() {
        parts.push(current);
    }
    parts
}

/// How many part entries an account's own entry points at (0 when it holds the payload itself).
fn parts_of(main: &str) -> u32 {
    serde_json::from_str::<Payload>(main)
        .ok()
        .and_then(|p| p.parts)
        .unwrap_or(0)
}

/// The whole payload of an account, joined from its parts when it was split.
fn read_payload(entries: &dyn Entries, account_id: &str) -> Result<Option<String>> {
    let Some(main) = entries.get(account_id)? else {
        return Ok(None);
    };
    let n = parts_of(&main);
    if n == 0 {
        return Ok(Some(main));
    }
    let mut whole = String::new();
    for i in 1..=n {
        let part = entries.get(&part_name(account_id, i))?.ok_or_else(|| Error::Keyring {
            message: format!(
                "the keyring entry of this account is incomplete (part {i} of {n} is missing); re-enter its credentials"
            ),
        })?;
        whole.push_str(&part);
    }
    Ok(Some(whole))
}

/// Write a payload, split when it is longer than `limit`; parts of an older, longer payload are
/// removed. Parts are written before the entry that points at them.
fn write_payload(entries: &dyn Entries, account_id: &str, payload: &str, limit: Option<usize>) -> Result<()> {
    let old_parts = entries.get(account_id)?.map(|m| parts_of(&m)).unwrap_or(0);
    let pieces = match limit {
        Some(l) if payload.encode_utf16().count() > l => split_units(payload, l),
        _ => Vec::new(),
    };
    let new_parts = u32::try_from(pieces.len()).map_err(|_| Error::Keyring {
        message: "the secrets of this account are too large for the keyring".into(),
    })?;
    for (i, piece) in (1..).zip(&pieces) {
        entries.set(&part_name(account_id, i), piece)?;
    }
    if new_parts == 0 {
        entries.set(account_id, payload)?;
    } else {
        entries.set(account_id, &format!("{{\"parts\":{new_parts}}}"))?;
    }
    for i in (new_parts + 1)..=old_parts {
        entries.remove(&part_name(account_id, i))?;
    }
    Ok(())
}

fn remove_payload(entries: &dyn Entries, account_id: &str) -> Result<()> {
    let parts = entries.get(account_id)?.map(|m| parts_of(&m)).unwrap_or(0);
    entries.remove(account_id)?;
    for i in 1..=parts {
        entries.remove(&part_name(account_id, i))?;
    }
    Ok(())
}

/// One lock per account id, so read-modify-write cycles of one account are serialised without
/// holding up the others.
#[derive(Default)]
struct AccountLocks(Mutex<HashMap<String, Arc<Mutex<()>>>>);

impl AccountLocks {
    fn of(&self, account_id: &str) -> Arc<Mutex<()>> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(account_id.to_owned())
            .or_default()
            .clone()
    }
}

/// The account operations over any [`Entries`], shared by the OS keyring and the memory store.
fn load_with(entries: &dyn Entries, account_id: &str) -> Result<Option<AccountSecrets>> {
    validate_account_id(account_id)?;
    read_payload(entries, account_id)?
        .map(|t| AccountSecrets::from_payload(&t))
        .transpose()
}

fn update_with(
    entries: &dyn Entries,
    limit: Option<usize>,
    account_id: &str,
    change: &mut dyn FnMut(&mut AccountSecrets),
) -> Result<bool> {
    let Some(mut secrets) = load_with(entries, account_id)? else {
        return Ok(false);
    };
    change(&mut secrets);
    write_payload(entries, account_id, &secrets.to_payload(), limit)?;
    Ok(true)
}

/// Opens the OS keyring's credential store.
type StoreOpener = Arc<dyn Fn() -> keyring_core::Result<Arc<CredentialStore>> + Send + Sync>;

/// The OS keyring: Secret Service (Linux, BSD), Keychain (macOS), Credential Manager (Windows).
pub struct KeyringSecrets {
    service: String,
    open: StoreOpener,
    /// The store once opened, or why it could not be; `None` until first use. Held only while
    /// opening or cloning, never across an entry's I/O.
    opened: Mutex<Option<std::result::Result<Arc<CredentialStore>, String>>>,
    locks: AccountLocks,
    limit: Option<usize>,
}

impl std::fmt::Debug for KeyringSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyringSecrets")
            .field("service", &self.service)
            .finish()
    }
}

const NO_SECRET_SERVICE: &str = "No OS keyring is available. Fleetdeck keeps tokens and passwords only in \
the OS keyring, never in a file. On Linux, run a Secret Service such as GNOME Keyring or KWallet in your \
session (for example `gnome-keyring-daemon --start --components=secrets`), then try again.";

fn backend_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "macOS Keychain"
    } else if cfg!(windows) {
        "Windows Credential Manager"
    } else {
        "Secret Service"
    }
}

fn keyring_message(e: keyring_core::Error) -> String {
    match e {
        keyring_core::Error::NoDefaultStore => NO_SECRET_SERVICE.to_owned(),
        keyring_core::Error::NoStorageAccess(inner) => {
            format!("the keyring is locked or refused access ({inner}); unlock it and try again")
        }
        keyring_core::Error::PlatformFailure(inner) => {
            format!("the keyring failed ({inner}). {NO_SECRET_SERVICE}")
        }
        other => format!("the keyring refused the operation: {other}"),
    }
}

fn keyring_error(e: keyring_core::Error) -> Error {
    Error::Keyring {
        message: keyring_message(e),
    }
}

/// The platform's credential store, opened anew (a D-Bus connection on Linux).
fn open_platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    #[cfg(target_os = "macos")]
    {
        let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
        Ok(store)
    }
    #[cfg(target_os = "windows")]
    {
        let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new()?;
        Ok(store)
    }
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        let store: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new()?;
        Ok(store)
    }
    #[cfg(not(any(unix, windows)))]
    {
        Err(keyring_core::Error::NoDefaultStore)
    }
}

impl KeyringSecrets {
    /// The keyring under the service name of [`crate::paths::keyring_service`].
    pub fn new() -> Self {
        Self::with_service(crate::paths::keyring_service())
    }

    pub fn with_service(service: impl Into<String>) -> Self {
        Self::with_opener(service, open_platform_store)
    }

    /// A keyring opened by `open` (tests inject a store that appears on the second try).
    pub fn with_opener(
        service: impl Into<String>,
        open: impl Fn() -> keyring_core::Result<Arc<CredentialStore>> + Send + Sync + 'static,
    ) -> Self {
        KeyringSecrets {
            service: service.into(),
            open: Arc::new(open),
            opened: Mutex::new(None),
            locks: AccountLocks::default(),
            limit: platform_entry_limit(),
        }
    }

    /// The opened store: opened now when this is the first use.
    fn store(&self) -> Result<Arc<CredentialStore>> {
        let mut opened = self.opened.lock().unwrap_or_else(|p| p.into_inner());
        let state = opened.get_or_insert_with(|| (self.open)().map_err(keyring_message));
        state.clone().map_err(|message| Error::Keyring { message })
    }

    fn entries(&self) -> Result<OsEntries> {
        Ok(OsEntries {
            store: self.store()?,
            service: self.service.clone(),
        })
    }

    fn status_of(&self, state: &std::result::Result<Arc<CredentialStore>, Error>) -> KeyringStatus {
        match state {
            Ok(_) => KeyringStatus {
                available: true,
                backend: backend_name().into(),
                message: None,
            },
            Err(e) => KeyringStatus {
                available: false,
                backend: backend_name().into(),
                message: Some(match e {
                    Error::Keyring { message } => message.clone(),
                    other => other.to_string(),
                }),
            },
        }
    }
}

impl Default for KeyringSecrets {
    fn default() -> Self {
        Self::new()
    }
}

/// The entries of one service in an opened OS store.
struct OsEntries {
    store: Arc<CredentialStore>,
    service: String,
}

impl OsEntries {
    fn entry(&self, name: &str) -> Result<keyring_core::Entry> {
        self.store.build(&self.service, name, None).map_err(keyring_error)
    }
}

impl Entries for OsEntries {
    fn get(&self, name: &str) -> Result<Option<String>> {
        match self.entry(name)?.get_password() {
            Ok(text) => Ok(Some(text)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }
    fn set(&self, name: &str, value: &str) -> Result<()> {
        self.entry(name)?.set_password(value).map_err(keyring_error)
    }
    fn remove(&self, name: &str) -> Result<()> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }
}

impl SecretStore for KeyringSecrets {
    fn load(&self, account_id: &str) -> Result<Option<AccountSecrets>> {
        validate_account_id(account_id)?;
        load_with(&self.entries()?, account_id)
    }

    fn save(&self, account_id: &str, secrets: &AccountSecrets) -> Result<()> {
        validate_account_id(account_id)?;
        let entries = self.entries()?;
        let lock = self.locks.of(account_id);
        let _held = lock.lock().unwrap_or_else(|p| p.into_inner());
        write_payload(&entries, account_id, &secrets.to_payload(), self.limit)
    }

    fn delete(&self, account_id: &str) -> Result<()> {
        validate_account_id(account_id)?;
        let entries = self.entries()?;
        let lock = self.locks.of(account_id);
        let _held = lock.lock().unwrap_or_else(|p| p.into_inner());
        remove_payload(&entries, account_id)
    }

    fn update(&self, account_id: &str, change: &mut dyn FnMut(&mut AccountSecrets)) -> Result<bool> {
        validate_account_id(account_id)?;
        let entries = self.entries()?;
        let lock = self.locks.of(account_id);
        let _held = lock.lock().unwrap_or_else(|p| p.into_inner());
        update_with(&entries, self.limit, account_id, change)
    }

    fn status(&self) -> KeyringStatus {
        self.status_of(&self.store())
    }

    fn recheck(&self) -> KeyringStatus {
        // Opened outside the lock: a slow D-Bus answer must not stall the accounts in use.
        let fresh = (self.open)().map_err(keyring_message);
        let status = self.status_of(&fresh.clone().map_err(|message| Error::Keyring { message }));
        *self.opened.lock().unwrap_or_else(|p| p.into_inner()) = Some(fresh);
        status
    }
}

/// Entries in memory.
#[derive(Default)]
struct MemoryEntries(Mutex<HashMap<String, String>>);

impl Entries for MemoryEntries {
    fn get(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(name)
            .cloned())
    }
    fn set(&self, name: &str, value: &str) -> Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name.to_owned(), value.to_owned());
        Ok(())
    }
    fn remove(&self, name: &str) -> Result<()> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).remove(name);
        Ok(())
    }
}

/// Secrets in memory: for tests and for an account being checked before it is saved. Stored the
/// way the OS keyring stores them (same payload, same splitting when given an entry limit).
#[derive(Default)]
pub struct MemorySecrets {
    entries: MemoryEntries,
    locks: AccountLocks,
    limit: Option<usize>,
}

impl MemorySecrets {
    /// A memory store whose entries hold at most `units` UTF-16 code units, as Windows' do.
    pub fn with_entry_limit(units: usize) -> Self {
        MemorySecrets {
            limit: Some(units),
            ..Default::default()
        }
    }

    /// The names of the entries held (to check how a payload was split).
    pub fn entry_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .entries
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    }
}

impl SecretStore for MemorySecrets {
    fn load(&self, account_id: &str) -> Result<Option<AccountSecrets>> {
        load_with(&self.entries, account_id)
    }
    fn save(&self, account_id: &str, secrets: &AccountSecrets) -> Result<()> {
        validate_account_id(account_id)?;
        let lock = self.locks.of(account_id);
        let _held = lock.lock().unwrap_or_else(|p| p.into_inner());
        write_payload(&self.entries, account_id, &secrets.to_payload(), self.limit)
    }
    fn delete(&self, account_id: &str) -> Result<()> {
        validate_account_id(account_id)?;
        let lock = self.locks.of(account_id);
        let _held = lock.lock().unwrap_or_else(|p| p.into_inner());
        remove_payload(&self.entries, account_id)
    }
    fn update(&self, account_id: &str, change: &mut dyn FnMut(&mut AccountSecrets)) -> Result<bool> {
        validate_account_id(account_id)?;
        let lock = self.locks.of(account_id);
        let _held = lock.lock().unwrap_or_else(|p| p.into_inner());
        update_with(&self.entries, self.limit, account_id, change)
    }
    fn status(&self) -> KeyringStatus {
        KeyringStatus {
            available: true,
            backend: "memory".into(),
            message: None,
        }
    }
}

/// A provider's session state kept in its account's keyring entry (core [`SessionVault`]).
///
/// Providers call the vault from async code, so it does no keyring I/O on their thread: `load`
/// answers the session as last known (given at construction, from the secrets the fleet already
/// read), and `save`/`clear` record the new value and write it on a blocking thread (inline when
/// there is no tokio runtime). Each write stores the latest value under the account's lock, so
/// writes finishing out of order still leave the newest session; a write for an account whose
/// entry was removed writes nothing.
pub struct KeyringSessionVault {
    store: Arc<dyn SecretStore>,
    account_id: String,
    /// `None` until known; then the session (or its absence) as last loaded or saved.
    current: Arc<Mutex<Option<Option<SecretString>>>>,
}

impl KeyringSessionVault {
    /// A vault that reads the session from the keyring on first use.
    pub fn new(store: Arc<dyn SecretStore>, account_id: impl Into<String>) -> Self {
        KeyringSessionVault {
            store,
            account_id: account_id.into(),
            current: Arc::new(Mutex::new(None)),
        }
    }

    /// A vault that starts from `session`, already read with the account's secrets.
    pub fn with_session(
        store: Arc<dyn SecretStore>,
        account_id: impl Into<String>,
        session: Option<SecretString>,
    ) -> Self {
        KeyringSessionVault {
            store,
            account_id: account_id.into(),
            current: Arc::new(Mutex::new(Some(session))),
        }
    }

    fn persist(&self, session: Option<SecretString>) -> Result<()> {
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = Some(session);
        let store = self.store.clone();
        let id = self.account_id.clone();
        let current = self.current.clone();
        let write = move || {
            store
                .update(&id, &mut |s| {
                    // The newest value, read under the account's lock.
                    s.session = current
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .clone()
                        .flatten();
                })
                .map(drop)
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                let account = self.account_id.clone();
                runtime.spawn_blocking(move || {
                    if let Err(e) = write() {
                        tracing::warn!(account = %account, "session not kept in the keyring: {e}");
                    }
                });
                Ok(())
            }
            Err(_) => write(),
        }
    }
}

impl SessionVault for KeyringSessionVault {
    fn load(&self) -> Option<SecretString> {
        if let Some(known) = self.current.lock().unwrap_or_else(|p| p.into_inner()).clone() {
            return known;
        }
        let session = self
            .store
            .load(&self.account_id)
            .ok()
            .flatten()
            .and_then(|s| s.session);
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = Some(session.clone());
        session
    }

    fn save(&self, session: &SecretString) -> Result<()> {
        self.persist(Some(session.clone()))
    }

    fn clear(&self) -> Result<()> {
        self.persist(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> AccountSecrets {
        AccountSecrets {
            secret: Some(SecretString::from("tok-123")),
            client_key_pem: None,
            session: Some(SecretString::from("{\"token\":\"j\"}")),
        }
    }

    fn round_trip(store: &dyn SecretStore) {
        let id = format!("test-{}", uuid::Uuid::new_v4());
        assert!(store.load(&id).unwrap().is_none());
        store.save(&id, &sample()).unwrap();
        let back = store.load(&id).unwrap().unwrap();
        assert_eq!(back.secret.unwrap().expose_secret(), "tok-123");
        assert!(back.client_key_pem.is_none());
        store.delete(&id).unwrap();
        store.delete(&id).unwrap();
        assert!(store.load(&id).unwrap().is_none());
    }

    #[test]
    fn memory_store_round_trip_and_session_vault() {
        let store = Arc::new(MemorySecrets::default());
        round_trip(store.as_ref());
        store
            .save(
                "a",
                &AccountSecrets {
                    secret: Some(SecretString::from("pw")),
                    ..Default::default()
                },
            )
            .unwrap();
        let vault = KeyringSessionVault::new(store.clone(), "a");
        assert!(vault.load().is_none());
        vault.save(&SecretString::from("sess")).unwrap();
        assert_eq!(vault.load().unwrap().expose_secret(), "sess");
        assert_eq!(
            store.load("a").unwrap().unwrap().secret.unwrap().expose_secret(),
            "pw",
            "the secret survives"
        );
        vault.clear().unwrap();
        assert!(vault.load().is_none());
    }

    #[test]
    fn a_session_saved_after_removal_never_brings_the_entry_back() {
        let store = Arc::new(MemorySecrets::default());
        store.save("acc", &sample()).unwrap();
        let vault = KeyringSessionVault::new(store.clone(), "acc");
        assert!(vault.load().is_some());
        store.delete("acc").unwrap();
        vault.save(&SecretString::from("late-session")).unwrap();
        assert!(
            store.load("acc").unwrap().is_none(),
            "the removed entry came back"
        );
        assert!(store.entry_names().is_empty());
    }

    #[test]
    fn ids_never_become_odd_entry_names() {
        let store = MemorySecrets::default();
        for id in ["../x", "/abs", "", "a b"] {
            assert!(store.save(id, &sample()).is_err(), "{id:?}");
            assert!(store.load(id).is_err(), "{id:?}");
            assert!(store.delete(id).is_err(), "{id:?}");
        }
        assert!(store.entry_names().is_empty());
    }

    #[test]
    fn a_long_payload_is_split_across_entries_and_joined_back() {
        let store = MemorySecrets::with_entry_limit(64);
        let key = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----",
            "Qé€😀".repeat(100)
        );
        let secrets = AccountSecrets {
            secret: Some(SecretString::from("tok")),
            client_key_pem: Some(SecretString::from(key.clone())),
            session: None,
        };
        store.save("acc", &secrets).unwrap();
        let names = store.entry_names();
        assert!(names.len() > 2 && names.contains(&"acc".to_owned()), "{names:?}");
        for name in &names {
            let text = store.entries.get(name).unwrap().unwrap();
            assert!(
                text.encode_utf16().count() <= 64,
                "{name} holds {} units",
                text.encode_utf16().count()
            );
        }
        let back = store.load("acc").unwrap().unwrap();
        assert_eq!(back.client_key_pem.unwrap().expose_secret(), key);
        assert_eq!(back.secret.unwrap().expose_secret(), "tok");
        // A shorter payload fits one entry again: the old parts go.
        store.save("acc", &sample()).unwrap();
        assert_eq!(store.entry_names(), ["acc"]);
        store.save("acc", &secrets).unwrap();
        store.delete("acc").unwrap();
        assert!(store.entry_names().is_empty());
    }

    #[test]
    fn splitting_never_cuts_a_character() {
        let parts = split_units("ab😀cd", 3);
        assert_eq!(parts.concat(), "ab😀cd");
        assert!(parts.iter().all(|p| p.encode_utf16().count() <= 3), "{parts:?}");
        assert_eq!(split_units("", 3), [""]);
    }

    #[test]
    fn a_keyring_that_appears_later_is_found_on_recheck() {
        let tries = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let seen = tries.clone();
        let store = KeyringSecrets::with_opener("fleetdeck-test", move || {
            if seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                Err(keyring_core::Error::NoDefaultStore)
            } else {
                let mock: Arc<CredentialStore> = keyring_core::mock::Store::new()?;
                Ok(mock)
            }
        });
        assert!(!store.status().available);
        assert!(store.load("acc").is_err());
        assert!(!store.status().available, "a plain status does not reopen");
        assert!(store.recheck().available);
        assert!(store.status().available);
        assert!(store.load("acc").unwrap().is_none());
    }

    #[tokio::test]
    async fn session_writes_stay_off_the_async_thread() {
        /// A keyring whose every write takes a while (an unlock prompt).
        struct Slow(MemorySecrets);
        impl SecretStore for Slow {
            fn load(&self, id: &str) -> Result<Option<AccountSecrets>> {
                self.0.load(id)
            }
            fn save(&self, id: &str, s: &AccountSecrets) -> Result<()> {
                self.0.save(id, s)
            }
            fn delete(&self, id: &str) -> Result<()> {
                self.0.delete(id)
            }
            fn update(&self, id: &str, change: &mut dyn FnMut(&mut AccountSecrets)) -> Result<bool> {
                std::thread::sleep(std::time::Duration::from_millis(400));
                self.0.update(id, change)
            }
            fn status(&self) -> KeyringStatus {
                self.0.status()
            }
        }
        let slow = Arc::new(Slow(MemorySecrets::default()));
        slow.save("acc", &sample()).unwrap();
        let vault = KeyringSessionVault::with_session(slow.clone(), "acc", None);
        let started = std::time::Instant::now();
        vault.save(&SecretString::from("s1")).unwrap();
        vault.save(&SecretString::from("s2")).unwrap();
        assert!(
            started.elapsed() < std::time::Duration::from_millis(200),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(vault.load().unwrap().expose_secret(), "s2");
        // Both writes land; the newest value wins.
        for _ in 0..50 {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            if slow
                .load("acc")
                .unwrap()
                .unwrap()
                .session
                .is_some_and(|s| s.expose_secret() == "s2")
            {
                return;
            }
        }
        panic!("the newest session never reached the keyring");
    }

    #[test]
    fn debug_never_shows_secrets() {
        assert!(!format!("{:?}", sample()).contains("tok-123"));
    }

    /// Against the real OS keyring. Runs where a Secret Service is reachable; with
    /// `REQUIRE_SECRET_SERVICE=1` (the test script) its absence is a failure.
    #[test]
    fn real_keyring_round_trip() {
        let store = KeyringSecrets::with_service("fleetdeck-test");
        let status = store.status();
        if !status.available {
            assert!(
                std::env::var("REQUIRE_SECRET_SERVICE").is_err(),
                "REQUIRE_SECRET_SERVICE is set but the keyring is unavailable: {:?}",
                status.message
            );
            eprintln!("skipping: no Secret Service ({:?})", status.message);
            return;
        }
        round_trip(&store);
    }
}
