//! "Try the sandbox" end to end over real HTTP: the real Registry, the real provider clients and
//! the embedded simulators, with secrets in an in-memory store standing in for the keyring.

use std::sync::Arc;
use std::time::Duration;

use fleetdeck_fleet::sandbox::EmbeddedSandbox;
use fleetdeck_fleet::{Fleet, FleetConfig, Registry};
use fleetdeck_sandbox::sim::SimConfig;
use fleetdeck_store::{DataDir, MemorySecrets, SecretStore};

fn fleet(dir: &std::path::Path, secrets: Arc<MemorySecrets>) -> Arc<Fleet> {
    let secrets: Arc<dyn SecretStore> = secrets;
    Fleet::new(FleetConfig::new(DataDir::new(dir), secrets, Arc::new(Registry)))
}

fn quick() -> SimConfig {
    SimConfig {
        action_delay: Duration::from_millis(100),
        ..SimConfig::default()
    }
}

#[tokio::test]
async fn try_sandbox_adds_accounts_whose_servers_list() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let fleet = fleet(dir.path(), secrets.clone());
    let sandbox = EmbeddedSandbox::with_config(fleet.clone(), quick());

    let outcome = sandbox.try_sandbox().await.unwrap();
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    let added = outcome.added;
    // Every simulator the sandbox serves got its account.
    assert_eq!(added.len(), sandbox.endpoints().await.unwrap().len());
    for view in &added {
        assert!(view.account.sandbox);
        assert!(
            view.endpoint.starts_with("http://127.0.0.1:"),
            "{}",
            view.endpoint
        );
        // The secret went to the secret store, not into the account list.
        assert!(secrets.load(&view.account.id).unwrap().is_some());
    }
    let accounts_file = std::fs::read_to_string(DataDir::new(dir.path()).accounts_file()).unwrap();
    assert!(!accounts_file.contains("secret"), "{accounts_file}");

    let listed = fleet.refresh_servers(&[], true).await.unwrap();
    assert!(listed.failures().is_empty(), "{:?}", listed.failures());
    for view in &added {
        assert!(
            listed.servers.iter().any(|s| s.account == view.account.name),
            "no servers for {}",
            view.account.name
        );
    }

    // A second "try" adds nothing: every provider already has its sandbox account.
    let again = sandbox.try_sandbox().await.unwrap();
    assert!(again.added.is_empty() && again.failures.is_empty());
    sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn resume_points_sandbox_accounts_at_the_new_ports() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let first = fleet(dir.path(), secrets.clone());
    let sandbox = EmbeddedSandbox::with_config(first.clone(), quick());
    let added = sandbox.try_sandbox().await.unwrap().added;
    assert!(!added.is_empty());
    let before: Vec<String> = added.iter().map(|v| v.endpoint.clone()).collect();
    sandbox.shutdown().await.unwrap();
    drop(first);

    // A new process: the simulators come up on other ports and the accounts follow them.
    let second = fleet(dir.path(), secrets);
    let sandbox = EmbeddedSandbox::with_config(second.clone(), quick());
    let moved = sandbox.resume().await.unwrap();
    let after: Vec<String> = second
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.endpoint)
        .collect();
    assert_eq!(moved, after.iter().zip(&before).filter(|(a, b)| a != b).count());
    let listed = second.refresh_servers(&[], true).await.unwrap();
    assert!(listed.failures().is_empty(), "{:?}", listed.failures());
    assert!(!listed.servers.is_empty());
    sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn resume_without_sandbox_accounts_starts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let fleet = fleet(dir.path(), Arc::new(MemorySecrets::default()));
    let sandbox = EmbeddedSandbox::with_config(fleet, quick());
    assert_eq!(sandbox.resume().await.unwrap(), 0);
    assert!(!dir.path().join("sandbox-state.json").exists());
}

#[tokio::test]
async fn a_refresh_issued_before_resume_ends_waits_and_reaches_the_new_ports() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let first = fleet(dir.path(), secrets.clone());
    let sandbox = EmbeddedSandbox::with_config(first.clone(), quick());
    let added = sandbox.try_sandbox().await.unwrap().added;
    assert!(!added.is_empty());
    // The previous run's simulators are gone: their ports refuse connections.
    sandbox.shutdown().await.unwrap();
    drop(first);

    let second = fleet(dir.path(), secrets);
    let sandbox = Arc::new(EmbeddedSandbox::with_config(second.clone(), quick()));
    let resume = sandbox.begin_resume();
    assert!(!second.sandbox_readiness().is_open());
    // The window's first refresh, while the accounts still name the old ports.
    let refresh = tokio::spawn({
        let second = second.clone();
        async move { second.refresh_servers(&[], true).await }
    });
    // Long enough for a refresh to the old (closed, loopback) ports to fail; it must still wait.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!refresh.is_finished(), "the refresh did not wait for the resume");

    let moved = resume.await.unwrap();
    assert_eq!(moved, added.len());
    assert!(second.sandbox_readiness().is_open());
    let listed = refresh.await.unwrap().unwrap();
    assert!(listed.failures().is_empty(), "{:?}", listed.failures());
    for view in &added {
        assert!(
            listed.servers.iter().any(|s| s.account == view.account.name),
            "no servers for {}",
            view.account.name
        );
    }
    // A dropped resume never leaves the gate closed.
    drop(sandbox.begin_resume());
    assert!(second.sandbox_readiness().is_open());
    sandbox.shutdown().await.unwrap();
}
