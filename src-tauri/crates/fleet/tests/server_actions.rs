//! Server actions through `Fleet` against the embedded sandbox over real HTTP: what each account
//! is offered comes from the action table, an action its provider lacks is refused before any
//! request, and the vz-only actions (freeze, unfreeze, CPU/memory configuration) run to the end.

use std::sync::Arc;
use std::time::Duration;

use fleetdeck_core::actions::{server_actions, ActionId};
use fleetdeck_core::job::JobStatus;
use fleetdeck_core::{ErrorCode, ProviderKind, ServerAction, ServerStatus};
use fleetdeck_fleet::sandbox::EmbeddedSandbox;
use fleetdeck_fleet::{Fleet, FleetConfig, Registry};
use fleetdeck_sandbox::sim::SimConfig;
use fleetdeck_store::{DataDir, MemorySecrets};

async fn run(fleet: &Fleet, address: &str, action: ServerAction) {
    let what = format!("{action:?}");
    let result = fleet.server_action(address, action).await.unwrap();
    if let Some(job) = result.job {
        let ended = fleet.wait_job(&job.id, |_| {}).await.unwrap();
        assert_eq!(ended.status, JobStatus::Succeeded, "{what}: {:?}", ended.message);
    }
}

#[tokio::test]
async fn every_account_is_offered_its_table_rows_and_vz_runs_freeze_and_config() {
    let dir = tempfile::tempdir().unwrap();
    let fleet = Fleet::new(FleetConfig::new(
        DataDir::new(dir.path()),
        Arc::new(MemorySecrets::default()),
        Arc::new(Registry),
    ));
    let sandbox = EmbeddedSandbox::with_config(
        fleet.clone(),
        SimConfig {
            action_delay: Duration::from_millis(100),
            ..SimConfig::default()
        },
    );
    let added = sandbox.try_sandbox().await.unwrap().added;
    let listed = fleet.refresh_servers(&[], false).await.unwrap();

    for view in &added {
        let server = listed
            .servers
            .iter()
            .find(|s| s.account == view.account.name)
            .unwrap();
        let address = format!("{}/{}", server.account, server.id);
        let offered: Vec<ActionId> = fleet
            .offered_actions(&address)
            .await
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect();
        for spec in server_actions() {
            assert_eq!(
                offered.contains(&spec.id),
                spec.is_offered(&view.capabilities),
                "{}: {:?}",
                view.account.name,
                spec.id
            );
        }
        let has_freeze = offered.contains(&ActionId::Freeze);
        assert_eq!(has_freeze, view.account.provider == ProviderKind::Vz);
        if !has_freeze {
            let e = fleet
                .server_action(&address, ServerAction::Freeze)
                .await
                .unwrap_err();
            assert_eq!(e.code(), ErrorCode::Unsupported);
            assert_eq!(
                e.to_string(),
                format!("{} does not offer freeze", view.account.provider)
            );
        }
    }

    let vz = added
        .iter()
        .find(|v| v.account.provider == ProviderKind::Vz)
        .unwrap();
    let server = listed
        .servers
        .iter()
        .find(|s| {
            s.account == vz.account.name && s.status == ServerStatus::Running && !s.name.contains("fail")
        })
        .unwrap();
    let address = format!("{}/{}", server.account, server.id);
    run(&fleet, &address, ServerAction::Freeze).await;
    assert_eq!(
        fleet.server(&address).await.unwrap().status,
        ServerStatus::Suspended
    );
    run(&fleet, &address, ServerAction::Unfreeze).await;
    assert_eq!(
        fleet.server(&address).await.unwrap().status,
        ServerStatus::Running
    );
    let config = ServerAction::UpdateConfig {
        set: Default::default(),
        unset: vec![],
        cpus: Some(3),
        memory_mb: Some(3072),
    };
    run(&fleet, &address, config).await;
    let after = fleet.server(&address).await.unwrap();
    assert_eq!((after.vcpus, after.memory_mb), (Some(3), Some(3072)));
    sandbox.shutdown().await.unwrap();
}
