//! Account secrets in the OS keyring (DESIGN.md 10): one entry per account, service `fleetdeck`
//! (`fleetdeck-dev` for debug builds), user = the account's id. The entry holds a small JSON object
//! with the account's secret, an optional TLS client key and the provider's session state.
//!
//! There is no plaintext fallback: without a reachable Secret Service (or Keychain / Credential
//! Manager) every operation fails with [`Error::Keyring`] and a message saying what to do.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use fleetdeck_core::{Error, Result, SessionVault};

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

/// Where account secrets are kept.
pub trait SecretStore: Send + Sync {
    fn load(&self, account_id: &str) -> Result<Option<AccountSecrets>>;
    fn save(&self, account_id: &str, secrets: &AccountSecrets) -> Result<()>;
    /// Remove the entry; removing a missing entry is not an error.
    fn delete(&self, account_id: &str) -> Result<()>;
    fn status(&self) -> KeyringStatus;
}

/// The OS keyring through the `keyring` crate.
#[derive(Debug, Clone)]
pub struct KeyringSecrets {
    service: String,
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

fn keyring_error(e: keyring::Error) -> Error {
    let message = match e {
        keyring::Error::NoDefaultStore => NO_SECRET_SERVICE.to_owned(),
        keyring::Error::NoStorageAccess(inner) => {
            format!("the keyring is locked or refused access ({inner}); unlock it and try again")
        }
        keyring::Error::PlatformFailure(inner) => {
            format!("the keyring failed ({inner}). {NO_SECRET_SERVICE}")
        }
        other => format!("the keyring refused the operation: {other}"),
    };
    Error::Keyring { message }
}

impl KeyringSecrets {
    /// The keyring under the service name of [`crate::paths::keyring_service`].
    pub fn new() -> Self {
        KeyringSecrets {
            service: crate::paths::keyring_service(),
        }
    }

    pub fn with_service(service: impl Into<String>) -> Self {
        KeyringSecrets {
            service: service.into(),
        }
    }

    fn entry(&self, account_id: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, account_id).map_err(keyring_error)
    }
}

impl Default for KeyringSecrets {
    fn default() -> Self {
        Self::new()
    }
}

impl SecretStore for KeyringSecrets {
    fn load(&self, account_id: &str) -> Result<Option<AccountSecrets>> {
        match self.entry(account_id)?.get_password() {
            Ok(text) => AccountSecrets::from_payload(&text).map(Some),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn save(&self, account_id: &str, secrets: &AccountSecrets) -> Result<()> {
        self.entry(account_id)?
            .set_password(&secrets.to_payload())
            .map_err(keyring_error)
    }

    fn delete(&self, account_id: &str) -> Result<()> {
        match self.entry(account_id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn status(&self) -> KeyringStatus {
        match keyring::Entry::store_status() {
            Ok(()) => KeyringStatus {
                available: true,
                backend: backend_name().into(),
                message: None,
            },
            Err(keyring::Error::NoDefaultStore) => KeyringStatus {
                available: false,
                backend: backend_name().into(),
                message: Some(NO_SECRET_SERVICE.into()),
            },
            Err(e) => KeyringStatus {
                available: false,
                backend: backend_name().into(),
                message: Some(format!("{e}. {NO_SECRET_SERVICE}")),
            },
        }
    }
}

/// Secrets in memory: for tests and for an account being checked before it is saved.
#[derive(Default)]
pub struct MemorySecrets {
    entries: Mutex<HashMap<String, String>>,
}

impl SecretStore for MemorySecrets {
    fn load(&self, account_id: &str) -> Result<Option<AccountSecrets>> {
        let map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        map.get(account_id)
            .map(|t| AccountSecrets::from_payload(t))
            .transpose()
    }
    fn save(&self, account_id: &str, secrets: &AccountSecrets) -> Result<()> {
        let mut map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        map.insert(account_id.to_owned(), secrets.to_payload());
        Ok(())
    }
    fn delete(&self, account_id: &str) -> Result<()> {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(account_id);
        Ok(())
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
pub struct KeyringSessionVault {
    store: Arc<dyn SecretStore>,
    account_id: String,
}

impl KeyringSessionVault {
    pub fn new(store: Arc<dyn SecretStore>, account_id: impl Into<String>) -> Self {
        KeyringSessionVault {
            store,
            account_id: account_id.into(),
        }
    }
}

impl SessionVault for KeyringSessionVault {
    fn load(&self) -> Option<SecretString> {
        self.store
            .load(&self.account_id)
            .ok()
            .flatten()
            .and_then(|s| s.session)
    }

    fn save(&self, session: &SecretString) -> Result<()> {
        let mut secrets = self.store.load(&self.account_id)?.unwrap_or_default();
        secrets.session = Some(session.clone());
        self.store.save(&self.account_id, &secrets)
    }

    fn clear(&self) -> Result<()> {
        let Some(mut secrets) = self.store.load(&self.account_id)? else {
            return Ok(());
        };
        secrets.session = None;
        self.store.save(&self.account_id, &secrets)
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
