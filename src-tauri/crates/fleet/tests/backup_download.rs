//! Backup download through `Fleet` (fleet/src/backup_download.rs): a job whose progress is the
//! fraction of bytes written, pushed as it goes, ending with the file in place; a failed export
//! leaves no file; the gate refuses where `backups.download` is off (the vz sandbox). The LXD
//! account talks to a mockito LXD server (the sandbox simulates only the vz flavour, which has no
//! backups: docs/capabilities.md).

use std::sync::{Arc, Mutex};

use fleetdeck_core::job::{Job, JobKind, JobStatus};
use fleetdeck_core::{ErrorCode, LxdFlavour, LxdSettings, ProviderKind, SecretString};
use fleetdeck_fleet::sandbox::EmbeddedSandbox;
use fleetdeck_fleet::{AddAccountRequest, Fleet, FleetConfig, FleetEvent, FleetEvents, Registry};
use fleetdeck_sandbox::sim::SimConfig;
use fleetdeck_store::{DataDir, MemorySecrets};

#[derive(Default)]
struct DownloadEvents(Mutex<Vec<Job>>);

impl FleetEvents for DownloadEvents {
    fn emit(&self, event: FleetEvent) {
        if let FleetEvent::Job { job } = event {
            if job.kind == JobKind::BackupDownload {
                self.0.lock().unwrap().push(*job);
            }
        }
    }
}

const TOKEN: &str = "lxd-bearer-token-0123456789";

fn lxd_root() -> String {
    serde_json::json!({"type": "sync", "status": "Success", "status_code": 200, "metadata": {
        "api_extensions": ["etag"], "api_version": "1.0", "auth": "trusted",
        "environment": {"server": "lxd", "server_name": "node1", "server_version": "5.0.2"}}})
    .to_string()
}

struct World {
    fleet: Arc<Fleet>,
    events: Arc<DownloadEvents>,
    server: mockito::ServerGuard,
    dir: tempfile::TempDir,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let events = Arc::new(DownloadEvents::default());
    let mut config = FleetConfig::new(
        DataDir::new(dir.path().join("data")),
        Arc::new(MemorySecrets::default()),
        Arc::new(Registry),
    );
    config.events = events.clone();
    let fleet = Fleet::new(config);
    let mut server = mockito::Server::new_async().await;
    server
        .mock("GET", "/1.0")
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .with_body(lxd_root())
        .create_async()
        .await;
    fleet
        .add_account(AddAccountRequest {
            name: "lab".into(),
            provider: ProviderKind::Vz,
            endpoint: Some(server.url()),
            username: None,
            color: None,
            lxd: Some(LxdSettings {
                flavour: LxdFlavour::Lxd,
                client_cert_pem: None,
                server_fingerprint: None,
                project: None,
            }),
            secret: Some(SecretString::from(TOKEN.to_owned())),
            client_key_pem: None,
            sandbox: false,
        })
        .await
        .unwrap();
    World {
        fleet,
        events,
        server,
        dir,
    }
}

#[tokio::test]
async fn download_runs_as_a_job_with_byte_progress() {
    let mut w = world().await;
    let body: Vec<u8> = [0x1f, 0x8b]
        .into_iter()
        .chain((0..500_000u32).map(|i| i as u8))
        .collect();
    w.server
        .mock("GET", "/1.0/instances/c1/backups/b1/export")
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .with_body(&body)
        .create_async()
        .await;
    let path = w.dir.path().join("c1-b1.tar.gz");
    let started = w
        .fleet
        .download_backup("lab/c1/b1", path.to_str().unwrap(), false)
        .await
        .unwrap();
    let job = started.job.expect("a job");
    assert_eq!(job.kind, JobKind::BackupDownload);
    assert_eq!(job.server_id.as_deref(), Some("c1"));
    let end = w.fleet.wait_job(&job.id, |_| {}).await.unwrap();
    assert_eq!(end.status, JobStatus::Succeeded, "{:?}", end.message);
    assert_eq!(end.progress, Some(100.0));
    assert_eq!(std::fs::read(&path).unwrap(), body);
    let pushed = w.events.0.lock().unwrap().clone();
    let progress: Vec<f32> = pushed.iter().filter_map(|j| j.progress).collect();
    assert!(progress.windows(2).all(|p| p[0] <= p[1]), "{progress:?}");
    assert!(
        progress.iter().any(|p| *p > 0.0 && *p < 100.0),
        "intermediate progress pushed: {progress:?}"
    );
    assert!(pushed
        .iter()
        .any(|j| j.message.as_deref().is_some_and(|m| m.contains(" of "))));
    assert_eq!(pushed.last().map(|j| j.status), Some(JobStatus::Succeeded));

    // The file exists now: refused before any job, unless replacing is asked for.
    let e = w
        .fleet
        .download_backup("lab/c1/b1", path.to_str().unwrap(), false)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);
    let again = w
        .fleet
        .download_backup("lab/c1/b1", path.to_str().unwrap(), true)
        .await
        .unwrap();
    let end = w.fleet.wait_job(&again.job.unwrap().id, |_| {}).await.unwrap();
    assert_eq!(end.status, JobStatus::Succeeded);
}

#[tokio::test]
async fn a_failed_export_fails_the_job_and_leaves_no_file() {
    let mut w = world().await;
    w.server
        .mock("GET", "/1.0/instances/c1/backups/gone/export")
        .with_status(404)
        .with_body(r#"{"type":"error","error":"Backup not found","error_code":404,"metadata":{}}"#)
        .create_async()
        .await;
    let path = w.dir.path().join("gone.tar.gz");
    let job = w
        .fleet
        .download_backup("lab/c1/gone", path.to_str().unwrap(), false)
        .await
        .unwrap()
        .job
        .unwrap();
    let end = w.fleet.wait_job(&job.id, |_| {}).await.unwrap();
    assert_eq!(end.status, JobStatus::Failed);
    assert_eq!(end.error.map(|e| e.code), Some(ErrorCode::NotFound));
    assert!(!path.exists());
    let names: Vec<_> = std::fs::read_dir(w.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("data")]);
}

#[tokio::test]
async fn the_vz_sandbox_has_no_backup_download() {
    let dir = tempfile::tempdir().unwrap();
    let fleet = Fleet::new(FleetConfig::new(
        DataDir::new(dir.path()),
        Arc::new(MemorySecrets::default()),
        Arc::new(Registry),
    ));
    let sandbox = EmbeddedSandbox::with_config(fleet.clone(), SimConfig::default());
    let added = sandbox.try_sandbox().await.unwrap().added;
    let vz = added
        .iter()
        .find(|v| v.account.provider == ProviderKind::Vz)
        .expect("a vz sandbox account")
        .account
        .clone();
    let target = dir.path().join("x.tar.gz");
    let e = fleet
        .download_backup(&format!("{}/101/b1", vz.name), target.to_str().unwrap(), false)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported, "{e}");
    sandbox.shutdown().await.unwrap();
}
