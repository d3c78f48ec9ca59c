//! Parking and unparking through `Fleet` against the embedded sandbox over real HTTP: the park
//! job's steps in order, a cancel before the delete leaves the server, a snapshot that fails
//! leaves the server untouched, and unparking creates the server again and removes the record.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use fleetdeck_core::job::{Job, JobKind, JobStatus};
use fleetdeck_core::{CreateServerRequest, ErrorCode, ProviderKind, Server};
use fleetdeck_fleet::sandbox::EmbeddedSandbox;
use fleetdeck_fleet::{Fleet, FleetConfig, FleetEvent, FleetEvents, Registry};
use fleetdeck_sandbox::sim::SimConfig;
use fleetdeck_store::{DataDir, MemorySecrets};

/// Every state of every park job pushed, in order.
#[derive(Default)]
struct ParkEvents(Mutex<Vec<Job>>);

impl FleetEvents for ParkEvents {
    fn emit(&self, event: FleetEvent) {
        if let FleetEvent::Job { job } = event {
            if job.kind == JobKind::Park {
                self.0.lock().unwrap().push(*job);
            }
        }
    }
}

struct World {
    fleet: Arc<Fleet>,
    sandbox: EmbeddedSandbox,
    events: Arc<ParkEvents>,
    /// The Cloudzy sandbox account.
    account: String,
    /// The Cloude.ro sandbox account.
    cloudero: String,
    _dir: tempfile::TempDir,
}

async fn world(delay_ms: u64) -> World {
    let dir = tempfile::tempdir().unwrap();
    let events = Arc::new(ParkEvents::default());
    let mut config = FleetConfig::new(
        DataDir::new(dir.path()),
        Arc::new(MemorySecrets::default()),
        Arc::new(Registry),
    );
    config.events = events.clone();
    let fleet = Fleet::new(config);
    let sandbox = EmbeddedSandbox::with_config(
        fleet.clone(),
        SimConfig {
            action_delay: Duration::from_millis(delay_ms),
            ..SimConfig::default()
        },
    );
    let added = sandbox.try_sandbox().await.unwrap().added;
    let name_of = |kind: ProviderKind| {
        added
            .iter()
            .find(|v| v.account.provider == kind)
            .unwrap()
            .account
            .name
            .clone()
    };
    World {
        fleet,
        sandbox,
        events,
        account: name_of(ProviderKind::Cloudzy),
        cloudero: name_of(ProviderKind::Cloudero),
        _dir: dir,
    }
}

impl World {
    /// A running server of the Cloudzy account with a product (plan), not named to fail.
    async fn server(&self) -> Server {
        self.server_of(&self.account).await
    }

    /// A running server of `account` with a plan, not named to fail.
    async fn server_of(&self, account: &str) -> Server {
        let listed = self
            .fleet
            .refresh_servers(&[account.to_owned()], false)
            .await
            .unwrap();
        listed
            .servers
            .into_iter()
            .find(|s| {
                s.status == fleetdeck_core::ServerStatus::Running
                    && s.plan.as_deref().is_some_and(|p| !p.starts_with("custom"))
                    && !s.name.contains("fail")
            })
            .expect("a running server with a plan")
    }

    /// Order a server named `name` like `like` (same region and plan) and wait until its order
    /// ends (a server named "fail" ends it in the simulator's `error` state, but exists).
    async fn order(&self, name: &str, like: &Server) -> Server {
        let images = self
            .fleet
            .images(&like.account, like.region.as_deref())
            .await
            .unwrap();
        let request = CreateServerRequest {
            name: name.into(),
            region: like.region.clone(),
            plan: like.plan.clone(),
            image: Some(images[0].id.clone()),
            ..Default::default()
        };
        let created = self.fleet.create_server(&like.account, request).await.unwrap();
        self.fleet.wait_job(&created.jobs[0].id, |_| {}).await.unwrap();
        // A failed order's job may not name the server (Cloude.ro): find it by its name.
        self.fleet
            .refresh_servers(std::slice::from_ref(&like.account), false)
            .await
            .unwrap()
            .servers
            .into_iter()
            .find(|s| s.name == name)
            .expect("the ordered server is listed")
    }

    fn address(&self, server: &Server) -> String {
        format!("{}/{}", server.account, server.id)
    }

    async fn park(&self, server: &Server) -> Job {
        let started = self.fleet.park_server(&self.address(server)).await.unwrap();
        let job = started.job.unwrap();
        assert_eq!(job.kind, JobKind::Park);
        self.fleet.wait_job(&job.id, |_| {}).await.unwrap()
    }

    async fn exists(&self, server: &Server) -> bool {
        match self.fleet.server(&self.address(server)).await {
            Ok(_) => true,
            Err(e) if e.code() == ErrorCode::NotFound => false,
            Err(e) => panic!("{e}"),
        }
    }
}

#[tokio::test]
async fn parking_snapshots_then_deletes_in_steps_and_unparking_creates_it_again() {
    let w = world(50).await;
    let server = w.server().await;
    let ended = w.park(&server).await;
    assert_eq!(ended.status, JobStatus::Succeeded, "{:?}", ended.message);
    assert_eq!(ended.progress, Some(100.0));

    // The steps were pushed in order: 1 (snapshot), 2 (ready check), 3 (delete), then the end.
    let messages: Vec<String> = w
        .events
        .0
        .lock()
        .unwrap()
        .iter()
        .filter_map(|j| j.message.clone())
        .collect();
    let first = |prefix: &str| {
        messages
            .iter()
            .position(|m| m.starts_with(prefix))
            .unwrap_or_else(|| panic!("no '{prefix}' in {messages:?}"))
    };
    let (one, two, three) = (first("Step 1 of 3"), first("Step 2 of 3"), first("Step 3 of 3"));
    assert!(one < two && two < three, "{messages:?}");
    assert!(messages.last().unwrap().starts_with("Parked"), "{messages:?}");

    assert!(!w.exists(&server).await, "the server is deleted");
    let parked = w.fleet.parked().unwrap();
    assert_eq!(parked.len(), 1);
    let record = &parked[0];
    assert_eq!(
        (record.server_id.as_str(), record.server_name.as_str()),
        (server.id.as_str(), server.name.as_str())
    );
    assert_eq!((&record.plan, &record.region), (&server.plan, &server.region));
    let snapshots = w
        .fleet
        .snapshots(std::slice::from_ref(&w.account), None)
        .await
        .unwrap()
        .items;
    assert!(
        snapshots.iter().any(|s| s.id == record.snapshot_id),
        "the snapshot outlives the server"
    );

    let started = w.fleet.unpark_server(&record.id).await.unwrap();
    let job = started.job.unwrap();
    assert_eq!(job.kind, JobKind::Unpark);
    let ended = w.fleet.wait_job(&job.id, |_| {}).await.unwrap();
    assert_eq!(ended.status, JobStatus::Succeeded, "{:?}", ended.message);
    assert!(w.fleet.parked().unwrap().is_empty(), "the record is removed");
    let new_id = ended.server_id.expect("the new server's id");
    let again = w.fleet.server(&format!("{}/{new_id}", w.account)).await.unwrap();
    assert_eq!(again.name, server.name);
    assert_eq!(again.plan, server.plan);
    w.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_park_cancelled_before_the_delete_leaves_the_server() {
    // Slow actions: the snapshot is still being taken when the cancel comes.
    let w = world(1500).await;
    let server = w.server().await;
    let started = w.fleet.park_server(&w.address(&server)).await.unwrap();
    let job = started.job.unwrap();
    w.fleet.cancel_job(&job.id).unwrap();
    let ended = w.fleet.wait_job(&job.id, |_| {}).await.unwrap();
    assert_eq!(ended.status, JobStatus::Cancelled, "{:?}", ended.message);
    assert!(w.exists(&server).await, "the server is still there");
    assert!(w.fleet.parked().unwrap().is_empty());
    // A provider's job, or a job that ended, cannot be cancelled.
    let e = w.fleet.cancel_job(&job.id).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    w.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_snapshot_that_fails_leaves_the_server_untouched() {
    let w = world(50).await;
    let like = w.server_of(&w.cloudero).await;
    // The Cloude.ro simulator fails a snapshot whose name contains "fail"; parking names it after
    // the server (`<name>-parked`).
    let doomed = w.order("park-fail-1", &like).await;
    let ended = w.park(&doomed).await;
    assert_eq!(ended.status, JobStatus::Failed, "{:?}", ended.message);
    let message = ended.message.unwrap();
    assert!(message.starts_with("the snapshot failed"), "{message}");
    assert!(message.contains("was not deleted"), "{message}");
    assert!(w.exists(&doomed).await, "the server is untouched");
    assert!(w.fleet.parked().unwrap().is_empty());
    let steps: Vec<String> = w
        .events
        .0
        .lock()
        .unwrap()
        .iter()
        .filter_map(|j| j.message.clone())
        .collect();
    assert!(
        !steps.iter().any(|m| m.starts_with("Step 3")),
        "no delete step: {steps:?}"
    );
    w.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn parking_is_refused_where_snapshots_cannot_make_a_server() {
    let w = world(50).await;
    let listed = w.fleet.refresh_servers(&[], false).await.unwrap();
    let accounts = w.fleet.accounts().await.unwrap();
    for view in accounts {
        let caps = &view.capabilities;
        if caps.snapshots.create_server_from && caps.snapshots.outlive_server {
            continue;
        }
        let server = listed
            .servers
            .iter()
            .find(|s| s.account == view.account.name)
            .unwrap();
        let e = w
            .fleet
            .park_server(&format!("{}/{}", server.account, server.id))
            .await
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::Unsupported, "{}: {e}", view.account.name);
    }
    w.sandbox.shutdown().await.unwrap();
}
