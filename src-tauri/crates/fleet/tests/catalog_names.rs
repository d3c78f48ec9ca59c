//! The server table names a server's plan, image and region from its account's catalog (the
//! `plans`, `images` and `regions` commands, called without a region:
//! ui/src/features/servers/catalogNames.ts). This checks, on the embedded sandbox over real HTTP,
//! that the ids a server carries are the ids its account's catalog lists, so the names resolve —
//! Cloudzy's uuid product ids and 64-character OS ids included.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use fleetdeck_core::ProviderKind;
use fleetdeck_fleet::sandbox::EmbeddedSandbox;
use fleetdeck_fleet::{Fleet, FleetConfig, Registry};
use fleetdeck_sandbox::sim::SimConfig;
use fleetdeck_store::{DataDir, MemorySecrets, SecretStore};

#[tokio::test]
async fn the_sandbox_servers_ids_are_in_their_accounts_catalogs() {
    let dir = tempfile::tempdir().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let fleet = Fleet::new(FleetConfig::new(
        DataDir::new(dir.path()),
        secrets,
        Arc::new(Registry),
    ));
    let config = SimConfig {
        action_delay: Duration::from_millis(100),
        ..SimConfig::default()
    };
    let sandbox = EmbeddedSandbox::with_config(fleet.clone(), config);
    let added = sandbox.try_sandbox().await.unwrap().added;
    let listed = fleet.refresh_servers(&[], true).await.unwrap();
    assert!(listed.failures().is_empty(), "{:?}", listed.failures());

    // Ids the catalog does not list: the UI shows them as they are (LetsCloud's listing, for one,
    // names the image by its label rather than its slug).
    let mut unknown: Vec<(ProviderKind, String)> = Vec::new();
    let mut cloudzy_servers = 0;
    for view in &added {
        let create = &view.capabilities.create;
        let name = &view.account.name;
        let kind = view.account.provider;
        let servers: Vec<_> = listed.servers.iter().filter(|s| &s.account == name).collect();
        let ids = |items: Vec<String>| items.into_iter().collect::<HashSet<String>>();
        let plans = match create.plans {
            true => ids(fleet
                .plans(name, None)
                .await
                .unwrap()
                .into_iter()
                .map(|p| p.id)
                .collect()),
            false => HashSet::new(),
        };
        let images = match create.images {
            true => ids(fleet
                .images(name, None)
                .await
                .unwrap()
                .into_iter()
                .map(|i| i.id)
                .collect()),
            false => HashSet::new(),
        };
        let regions = match create.regions {
            true => ids(fleet
                .regions(name)
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.id)
                .collect()),
            false => HashSet::new(),
        };
        for s in &servers {
            // A Cloudzy custom size has no product: the table shows its sizes as they are.
            let plan = s.plan.as_deref().filter(|p| !p.starts_with("custom ("));
            let checks = [
                (create.plans, "plan", plan, &plans),
                (create.images, "image", s.image.as_deref(), &images),
                (create.regions, "region", s.region.as_deref(), &regions),
            ];
            for (offered, what, id, catalog) in checks {
                if let Some(id) = id.filter(|id| offered && !catalog.contains(*id)) {
                    unknown.push((kind, format!("{name}: {what} {id} of {}", s.name)));
                }
            }
            if kind == ProviderKind::Cloudzy {
                // The ids a person should not have to read (the reason for the names).
                let plan = s.plan.as_deref().unwrap_or_default();
                assert!(plan.len() == 36 || plan.starts_with("custom ("), "{plan}");
                assert_eq!(s.image.as_deref().unwrap_or_default().len(), 64, "{:?}", s.image);
                cloudzy_servers += 1;
            }
        }
    }
    assert!(cloudzy_servers > 0, "the sandbox has Cloudzy servers");
    for (_, miss) in &unknown {
        println!("shown as its id: {miss}");
    }
    let cloudzy: Vec<_> = unknown
        .iter()
        .filter(|(k, _)| *k == ProviderKind::Cloudzy)
        .collect();
    assert!(cloudzy.is_empty(), "every Cloudzy id resolves: {cloudzy:?}");
}
