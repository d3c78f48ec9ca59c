//! The fleet over its store when things go wrong: a corrupt account list is reported (with where
//! the copy went) at start and as a warning event, and one account's keyring call that hangs (an
//! unlock prompt) holds up no other account.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fleetdeck_core::Result;
use fleetdeck_fleet::sandbox::EmbeddedSandbox;
use fleetdeck_fleet::{Fleet, FleetConfig, FleetEvent, FleetEvents, Registry};
use fleetdeck_sandbox::sim::SimConfig;
use fleetdeck_store::secrets::{AccountSecrets, KeyringStatus};
use fleetdeck_store::{DataDir, MemorySecrets, SecretStore};

#[derive(Default)]
struct Recorded(Mutex<Vec<String>>);

impl FleetEvents for Recorded {
    fn emit(&self, event: FleetEvent) {
        if let FleetEvent::Warning { message } = event {
            self.0.lock().unwrap().push(message);
        }
    }
}

#[test]
fn a_corrupt_account_list_is_reported_with_its_copy() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    std::fs::write(data.accounts_file(), b"{\"version\": 1, \"accounts\": [tru").unwrap();
    let events = Arc::new(Recorded::default());
    let mut config = FleetConfig::new(data, Arc::new(MemorySecrets::default()), Arc::new(Registry));
    config.events = events.clone();
    let fleet = Fleet::new(config);
    let warnings = fleet.startup_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let copy = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("accounts.json.corrupt-")
        })
        .expect("the corrupt list was kept");
    assert!(
        warnings[0].contains(&copy.path().display().to_string()),
        "{}",
        warnings[0]
    );
    assert_eq!(
        *events.0.lock().unwrap(),
        warnings,
        "the host heard it as a warning too"
    );
    // Asking again repeats the notice (a window opened later still sees it), without a new copy.
    assert_eq!(fleet.startup_warnings(), warnings);
}

/// A keyring whose load of one account waits until the test lets it go (an unlock prompt).
struct Gated {
    inner: Arc<MemorySecrets>,
    gated: String,
    release: Mutex<mpsc::Receiver<()>>,
}

impl SecretStore for Gated {
    fn load(&self, id: &str) -> Result<Option<AccountSecrets>> {
        if id == self.gated {
            let _ = self.release.lock().unwrap().recv_timeout(Duration::from_secs(20));
        }
        self.inner.load(id)
    }
    fn save(&self, id: &str, s: &AccountSecrets) -> Result<()> {
        self.inner.save(id, s)
    }
    fn delete(&self, id: &str) -> Result<()> {
        self.inner.delete(id)
    }
    fn update(&self, id: &str, change: &mut dyn FnMut(&mut AccountSecrets)) -> Result<bool> {
        self.inner.update(id, change)
    }
    fn status(&self) -> KeyringStatus {
        self.inner.status()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_account_waiting_on_the_keyring_holds_up_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let setup = Fleet::new(FleetConfig::new(
        DataDir::new(dir.path()),
        secrets.clone(),
        Arc::new(Registry),
    ));
    let sandbox = EmbeddedSandbox::with_config(setup.clone(), SimConfig::default());
    let added = sandbox.try_sandbox().await.unwrap().added;
    assert!(added.len() >= 2);
    let (stuck, free) = (&added[0].account, &added[1].account);

    let (release, gate) = mpsc::channel();
    let gated: Arc<dyn SecretStore> = Arc::new(Gated {
        inner: secrets,
        gated: stuck.id.clone(),
        release: Mutex::new(gate),
    });
    let fleet = Fleet::new(FleetConfig::new(
        DataDir::new(dir.path()),
        gated,
        Arc::new(Registry),
    ));
    let waiting = {
        let fleet = fleet.clone();
        let name = stuck.name.clone();
        tokio::spawn(async move { fleet.profile(&name).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let other = tokio::time::timeout(Duration::from_secs(10), fleet.profile(&free.name)).await;
    let accounts = tokio::time::timeout(Duration::from_secs(10), fleet.accounts()).await;
    release.send(()).unwrap();
    assert!(other.is_ok(), "another account waited for the stuck keyring call");
    other.unwrap().unwrap();
    assert!(
        accounts.is_ok(),
        "the account list waited for the stuck keyring call"
    );
    waiting.await.unwrap().unwrap();
    drop(sandbox);
}

/// A keyring that is missing until looked for again (the user started it after Fleetdeck).
#[derive(Default)]
struct StartedLater {
    inner: MemorySecrets,
    found: std::sync::atomic::AtomicBool,
}

impl SecretStore for StartedLater {
    fn load(&self, id: &str) -> Result<Option<AccountSecrets>> {
        self.inner.load(id)
    }
    fn save(&self, id: &str, s: &AccountSecrets) -> Result<()> {
        self.inner.save(id, s)
    }
    fn delete(&self, id: &str) -> Result<()> {
        self.inner.delete(id)
    }
    fn update(&self, id: &str, change: &mut dyn FnMut(&mut AccountSecrets)) -> Result<bool> {
        self.inner.update(id, change)
    }
    fn status(&self) -> KeyringStatus {
        KeyringStatus {
            available: self.found.load(std::sync::atomic::Ordering::SeqCst),
            backend: "test".into(),
            message: None,
        }
    }
    fn recheck(&self) -> KeyringStatus {
        self.found.store(true, std::sync::atomic::Ordering::SeqCst);
        self.status()
    }
}

#[test]
fn asking_for_the_keyring_status_again_looks_for_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(StartedLater::default());
    let fleet = Fleet::new(FleetConfig::new(
        DataDir::new(dir.path()),
        store,
        Arc::new(Registry),
    ));
    assert!(
        fleet.keyring_status().available,
        "the Retry path never looked again"
    );
}
