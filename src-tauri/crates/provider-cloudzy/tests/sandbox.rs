//! The Cloudzy client against the sandbox's Cloudzy simulator over real HTTP on loopback: every
//! feature group followed to completion with the real clock (instances and their actions, a failing
//! job, low balance, validation, snapshots, keys, floating IPs, ISOs, images, backup profiles, the
//! profile), and the fault modes (5xx burst retried on a read, a write sent once, 429 with
//! Retry-After, malformed body, a hang timed out naming the account).

use std::sync::Arc;
use std::time::{Duration, Instant};

use fleetdeck_core::http::HttpSettings;
use fleetdeck_core::job::{Job, JobSpec, JobStatus, SystemClock};
use fleetdeck_core::testing::{follow_within, sandbox_http as http, test_account, test_context};
use fleetdeck_core::{
    ArtifactStatus, BackupPolicyRequest, CreateServerRequest, Credentials, CustomSize, Error, ErrorCode,
    ExposeSecret, FloatingIpFilter, Provider, ProviderContext, ProviderKind, SecretString, ServerAction,
    ServerStatus, SnapshotStatus, UploadKind, UploadRequest,
};
use fleetdeck_provider_cloudzy::{connect_tuned, connect_typed, Cloudzy, InstanceQuery, PollTuning};
use fleetdeck_sandbox::testing::start_for;
use fleetdeck_sandbox::{Sandbox, SimConfig};

/// How long a long action takes in the simulator.
const DELAY: Duration = Duration::from_millis(150);
const SERVERS: usize = 5;
const PUBLIC_KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFHa+jmnrPMTwe0fmOMPX7KCyU1WaIu7X5//2bI+u6zg ana@laptop";

async fn sandbox() -> Sandbox {
    start_for(
        "cloudzy",
        SimConfig {
            accounts: 2,
            servers_per_account: SERVERS,
            action_delay: DELAY,
            rng_seed: 7,
        },
    )
    .await
    .unwrap()
}

fn tuning(page_size: u32) -> PollTuning {
    PollTuning {
        resource_interval: Duration::from_millis(50),
        list_max_age: Duration::ZERO,
        page_size,
    }
}

fn context(sb: &Sandbox, index: usize, http: HttpSettings) -> ProviderContext {
    let cred = sb.credentials()["cloudzy"][index].clone();
    let account = test_account(
        ProviderKind::Cloudzy,
        &format!("acc-{index}"),
        &cred.label,
        sb.endpoint("cloudzy"),
        None,
        true,
        chrono::Utc::now(),
    );
    let token = Credentials::Token(SecretString::from(cred.secret));
    test_context(account, token, http, Arc::new(SystemClock))
}

async fn client(sb: &Sandbox, index: usize) -> Arc<dyn Provider> {
    connect_tuned(context(sb, index, http()), tuning(100))
        .await
        .unwrap()
}

async fn typed(sb: &Sandbox, index: usize, page_size: u32) -> Arc<Cloudzy> {
    connect_typed(context(sb, index, http()), tuning(page_size))
        .await
        .unwrap()
}

/// Follow a job to its end with the real clock.
async fn run(c: &dyn Provider, spec: JobSpec) -> Job {
    follow_within(c, spec, ProviderKind::Cloudzy, Duration::from_secs(20)).await
}

async fn running_server(c: &dyn Provider) -> fleetdeck_core::Server {
    c.servers()
        .list_servers()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.status == ServerStatus::Running && !s.name.contains("fail"))
        .expect("the seed has a running server")
}

/// A region offering products, one of its products, and an active OS.
async fn order_parts(c: &dyn Provider) -> (String, Vec<fleetdeck_core::Plan>, String) {
    let catalog = c.catalog().unwrap();
    let regions = catalog.list_regions().await.unwrap();
    for r in regions.iter().filter(|r| r.available == Some(true)) {
        let plans = catalog.list_plans(Some(&r.id)).await.unwrap();
        if plans.len() >= 2 {
            let os = catalog.list_images(None).await.unwrap();
            let os = os
                .iter()
                .find(|o| o.raw["isActive"] != false && o.family.as_deref() != Some("windows"))
                .or(os.first())
                .unwrap()
                .id
                .clone();
            return (r.id.clone(), plans, os);
        }
    }
    panic!("no region with two products in the seed");
}

#[tokio::test]
async fn lists_are_complete_with_a_page_size_of_one() {
    let sb = sandbox().await;
    let small = typed(&sb, 0, 1).await;
    let big = typed(&sb, 0, 100).await;
    let a = small.list_instances(&InstanceQuery::default()).await.unwrap();
    let b = big.list_instances(&InstanceQuery::default()).await.unwrap();
    assert!(a.len() >= SERVERS, "{} instances", a.len());
    let ids = |v: &[fleetdeck_core::Server]| v.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
    // Numbered lists too.
    use fleetdeck_core::SnapshotApi;
    let snaps_small = small.list_snapshots(None).await.unwrap();
    let snaps_big = big.list_snapshots(None).await.unwrap();
    assert_eq!(snaps_small.len(), snaps_big.len());
    // The other account sees none of these instances.
    let other = typed(&sb, 1, 100).await;
    let theirs = other.list_instances(&InstanceQuery::default()).await.unwrap();
    assert!(theirs.iter().all(|s| !ids(&a).contains(&s.id)));
    // Server-side filters.
    let first = &a[0];
    let by_region = big
        .list_instances(&InstanceQuery {
            region: first.region.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(!by_region.is_empty());
    assert!(by_region.iter().all(|s| s.region == first.region));
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn instance_lifecycle_and_every_action() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let (region, plans, os) = order_parts(c.as_ref()).await;
    let keys = c.ssh_keys().unwrap().list_ssh_keys().await.unwrap();
    let out = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "web-ams-01".into(),
            extra_hostnames: vec!["web-ams-02".into()],
            region: Some(region.clone()),
            plan: Some(plans[0].id.clone()),
            image: Some(os.clone()),
            ssh_keys: keys.iter().take(1).map(|k| k.id.clone()).collect(),
            ipv4: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(out.jobs.len(), 2);
    let mut ids = Vec::new();
    for spec in out.jobs {
        let job = run(c.as_ref(), spec).await;
        assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
        ids.push(job.target.unwrap());
    }
    let id = ids[0].clone();
    let s = c.servers().get_server(&id).await.unwrap();
    assert_eq!(s.name, "web-ams-01");
    assert_eq!(s.status, ServerStatus::Running);
    assert!(!s.ipv4.is_empty());
    assert_eq!(s.region.as_deref(), Some(region.as_str()));

    let act = |a: ServerAction| {
        let c = c.clone();
        let id = id.clone();
        async move { c.servers().server_action(&id, &a).await.unwrap() }
    };
    let job = run(c.as_ref(), act(ServerAction::Stop).await.job.unwrap()).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
    assert_eq!(
        c.servers().get_server(&id).await.unwrap().status,
        ServerStatus::Stopped
    );
    let job = run(c.as_ref(), act(ServerAction::Start).await.job.unwrap()).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
    let job = run(c.as_ref(), act(ServerAction::Reboot).await.job.unwrap()).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);

    let out = act(ServerAction::ResetPassword { password: None }).await;
    assert!(out.password.is_some_and(|p| !p.expose_secret().is_empty()));

    let job = run(
        c.as_ref(),
        act(ServerAction::Reinstall { image: os.clone() })
            .await
            .job
            .unwrap(),
    )
    .await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);

    let job = run(
        c.as_ref(),
        act(ServerAction::Resize {
            plan: Some(plans[1].id.clone()),
            custom_size: None,
        })
        .await
        .job
        .unwrap(),
    )
    .await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
    assert_eq!(
        c.servers().get_server(&id).await.unwrap().plan,
        Some(plans[1].id.clone())
    );

    let out = act(ServerAction::AddTraffic { amount_tb: 1.0 }).await;
    assert!(out.job.is_none());

    for id in &ids {
        let spec = c.servers().delete_server(id).await.unwrap().job.unwrap();
        let job = run(c.as_ref(), spec).await;
        assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
    }
    assert!(c
        .servers()
        .list_servers()
        .await
        .unwrap()
        .iter()
        .all(|s| !ids.contains(&s.id)));
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn custom_size_create_and_resize() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let catalog = c.catalog().unwrap();
    let region = catalog
        .list_regions()
        .await
        .unwrap()
        .into_iter()
        .find(|r| {
            r.available == Some(true) && r.features.get("supportCustomPlan") == Some(&serde_json::json!(true))
        })
        .expect("a region with custom plans");
    let (_, _, os) = order_parts(c.as_ref()).await;
    let out = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "batch-01".into(),
            region: Some(region.id.clone()),
            custom_size: Some(CustomSize {
                vcpus: 2,
                memory_gb: 4,
                disk_gb: 40,
                bandwidth_tb: Some(1.0),
            }),
            image: Some(os),
            ..Default::default()
        })
        .await
        .unwrap();
    let job = run(c.as_ref(), out.jobs.into_iter().next().unwrap()).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
    let id = job.target.unwrap();
    let s = c.servers().get_server(&id).await.unwrap();
    assert_eq!((s.vcpus, s.memory_mb), (Some(2), Some(4096)));
    let spec = c
        .servers()
        .server_action(
            &id,
            &ServerAction::Resize {
                plan: None,
                custom_size: Some(CustomSize {
                    vcpus: 4,
                    memory_gb: 8,
                    disk_gb: 80,
                    bandwidth_tb: Some(2.0),
                }),
            },
        )
        .await
        .unwrap()
        .job
        .unwrap();
    let job = run(c.as_ref(), spec).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
    let s = c.servers().get_server(&id).await.unwrap();
    assert_eq!((s.vcpus, s.memory_mb), (Some(4), Some(8192)));
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn failures_low_balance_and_validation() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let (region, plans, os) = order_parts(c.as_ref()).await;
    let order = |name: &str| CreateServerRequest {
        name: name.into(),
        region: Some(region.clone()),
        plan: Some(plans[0].id.clone()),
        image: Some(os.clone()),
        ..Default::default()
    };
    // A hostname with "fail" ends in `error`: the job fails.
    let out = c.servers().create_server(&order("fail-worker-01")).await.unwrap();
    let job = run(c.as_ref(), out.jobs.into_iter().next().unwrap()).await;
    assert_eq!(job.status, JobStatus::Failed);
    assert!(job.message.unwrap_or_default().contains("error"));

    // The second account's balance is too low.
    let poor = client(&sb, 1).await;
    let e = poor
        .servers()
        .create_server(&order("web-lon-09"))
        .await
        .unwrap_err();
    match &e {
        Error::LowBalance {
            shortfall, account, ..
        } => {
            assert_eq!(account, &sb.credentials()["cloudzy"][1].label);
            assert!(
                shortfall.required.is_some() && shortfall.available.is_some(),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }

    // The provider names the bad field.
    let e = c
        .servers()
        .create_server(&order("not a hostname!"))
        .await
        .unwrap_err();
    let p = e.to_payload();
    assert_eq!(p.code, ErrorCode::Validation, "{e}");
    assert!(
        p.details.fields.iter().any(|f| f.field.starts_with("hostnames")),
        "{e}"
    );

    // Unknown ids are 404s.
    let e = c
        .servers()
        .get_server("00000000-0000-4000-8000-000000000000")
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn snapshots_create_restore_clone_and_delete() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let snaps = c.snapshots().unwrap();
    let server = running_server(c.as_ref()).await;
    let spec = snaps
        .create_snapshot(&server.id, None)
        .await
        .unwrap()
        .job
        .unwrap();
    let job = run(c.as_ref(), spec).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
    let snap_id = job.target.unwrap();
    let snap = snaps.get_snapshot(&snap_id).await.unwrap();
    assert_eq!(snap.status, SnapshotStatus::Ready);
    assert_eq!(snap.server_id.as_deref(), Some(server.id.as_str()));
    assert!(snaps
        .list_snapshots(Some(&server.id))
        .await
        .unwrap()
        .iter()
        .any(|s| s.id == snap_id));

    let spec = snaps
        .restore_snapshot(&snap_id, Some(&server.id))
        .await
        .unwrap()
        .job
        .unwrap();
    let job = run(c.as_ref(), spec).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
    assert!(snaps
        .get_snapshot(&snap_id)
        .await
        .unwrap()
        .last_restored_at
        .is_some());

    // A new instance from the snapshot.
    let out = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "db-replica-clone".into(),
            region: server.region.clone(),
            plan: server.plan.clone().filter(|p| !p.starts_with("custom")),
            custom_size: server
                .plan
                .as_deref()
                .filter(|p| p.starts_with("custom"))
                .map(|_| CustomSize {
                    vcpus: server.vcpus.unwrap_or(2),
                    memory_gb: server.memory_mb.unwrap_or(4096) / 1024,
                    disk_gb: server.disk_gb.unwrap_or(80),
                    bandwidth_tb: None,
                }),
            from_snapshot: Some(snap_id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    let job = run(c.as_ref(), out.jobs.into_iter().next().unwrap()).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);

    assert!(snaps.delete_snapshot(&snap_id).await.unwrap().job.is_none());
    assert_eq!(
        snaps.get_snapshot(&snap_id).await.unwrap_err().code(),
        ErrorCode::NotFound
    );
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn keys_floating_ips_uploads_backups_and_profile() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;

    let keys = c.ssh_keys().unwrap();
    let made = keys.create_ssh_key("ana-laptop", Some(PUBLIC_KEY)).await.unwrap();
    assert_eq!(
        keys.get_ssh_key(&made.key.id).await.unwrap().public_key,
        PUBLIC_KEY
    );
    keys.delete_ssh_key(&made.key.id).await.unwrap();
    assert_eq!(
        keys.get_ssh_key(&made.key.id).await.unwrap_err().code(),
        ErrorCode::NotFound
    );
    let e = keys.create_ssh_key("bad", Some("not a key")).await.unwrap_err();
    assert_eq!(e.to_payload().details.fields[0].field, "publicKey");

    let fips = c.floating_ips().unwrap();
    let before = fips
        .list_floating_ips(&FloatingIpFilter::default())
        .await
        .unwrap();
    let region = c
        .catalog()
        .unwrap()
        .list_regions()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.available == Some(true))
        .unwrap()
        .id;
    fips.allocate_floating_ips(&region, 2).await.unwrap();
    let after = fips
        .list_floating_ips(&FloatingIpFilter::default())
        .await
        .unwrap();
    assert_eq!(after.len(), before.len() + 2);
    let new = after
        .iter()
        .find(|f| !before.iter().any(|b| b.id == f.id))
        .unwrap();
    fips.update_floating_ip(&new.id, Some(false), Some("staging"))
        .await
        .unwrap();
    let updated = fips
        .list_floating_ips(&FloatingIpFilter {
            address: Some(new.address.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(updated[0].note.as_deref(), Some("staging"));
    assert_eq!(updated[0].auto_renew, Some(false));
    fips.release_floating_ip(&new.id).await.unwrap();

    let uploads = c.uploads().unwrap();
    let iso = |name: &str| UploadRequest {
        kind: UploadKind::Iso,
        name: name.into(),
        url: "https://example.com/custom.iso".into(),
        region: Some(region.clone()),
        use_virtio: Some(true),
        format: None,
        decompress: None,
    };
    let job = run(
        c.as_ref(),
        uploads
            .download_upload(&iso("Rescue ISO"))
            .await
            .unwrap()
            .job
            .unwrap(),
    )
    .await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
    let iso_id = job.target.unwrap();
    assert_eq!(
        uploads.get_upload(UploadKind::Iso, &iso_id).await.unwrap().status,
        ArtifactStatus::Ready
    );
    let job = run(
        c.as_ref(),
        uploads
            .download_upload(&iso("fail-iso"))
            .await
            .unwrap()
            .job
            .unwrap(),
    )
    .await;
    assert_eq!(job.status, JobStatus::Failed);
    uploads.delete_upload(UploadKind::Iso, &iso_id).await.unwrap();

    let image = UploadRequest {
        kind: UploadKind::DiskImage,
        name: "Debian 12 golden".into(),
        url: "https://example.com/image.qcow2".into(),
        region: Some(region.clone()),
        use_virtio: None,
        format: Some("qcow2".into()),
        decompress: Some("gzip".into()),
    };
    let job = run(
        c.as_ref(),
        uploads.download_upload(&image).await.unwrap().job.unwrap(),
    )
    .await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
    let image_id = job.target.unwrap();
    let listed = uploads.list_uploads(UploadKind::DiskImage).await.unwrap();
    let got = listed.iter().find(|u| u.id == image_id).unwrap();
    assert_eq!(got.format.as_deref(), Some("qcow2"));
    uploads
        .delete_upload(UploadKind::DiskImage, &image_id)
        .await
        .unwrap();

    let backups = c.backups().unwrap();
    let server = running_server(c.as_ref()).await;
    let existing = backups.list_backup_policies().await.unwrap();
    if existing.iter().any(|p| p.server_id == server.id) {
        backups.delete_backup_policy(&server.id).await.unwrap();
    }
    backups
        .set_backup_policy(
            &BackupPolicyRequest {
                server_id: server.id.clone(),
                frequency: "daily".into(),
                retention_id: 7,
                weekdays: vec![],
            },
            false,
        )
        .await
        .unwrap();
    backups
        .set_backup_policy(
            &BackupPolicyRequest {
                server_id: server.id.clone(),
                frequency: "weekly".into(),
                retention_id: 14,
                weekdays: vec!["Sunday".into()],
            },
            true,
        )
        .await
        .unwrap();
    let p = backups.get_backup_policy(&server.id).await.unwrap();
    assert_eq!((p.frequency.as_str(), p.retention_id), ("weekly", Some(14)));
    assert_eq!(p.weekdays, vec!["Sunday"]);
    backups.delete_backup_policy(&server.id).await.unwrap();
    assert_eq!(
        backups.get_backup_policy(&server.id).await.unwrap_err().code(),
        ErrorCode::NotFound
    );

    let profile = c.check().await.unwrap();
    assert!(profile.email.is_some());
    assert_eq!(profile.balance.unwrap().currency.as_deref(), Some("USD"));
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn fault_modes() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let faults = sb.faults("cloudzy").unwrap();

    // A burst of 503s on a read is retried through.
    faults.burst(503, 2, None).unwrap();
    assert!(!c.catalog().unwrap().list_regions().await.unwrap().is_empty());
    assert_eq!(faults.stats().errors, 2);

    // A write under a 503 is sent once and the error surfaces.
    let server = running_server(c.as_ref()).await;
    faults.burst(503, 1, None).unwrap();
    let sent = faults.stats().requests;
    let e = c
        .servers()
        .server_action(&server.id, &ServerAction::Reboot)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Provider {
                status: Some(503),
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(faults.stats().requests, sent + 1);

    // 429 with Retry-After on a read: waited for, then answered.
    faults.burst(429, 1, Some(Duration::from_secs(1))).unwrap();
    let started = Instant::now();
    c.catalog().unwrap().list_images(None).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(900));

    // A malformed body is a clear provider error, never a panic.
    faults.malformed(1);
    let e = c.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Provider);
    assert!(e.to_string().contains("Cloudzy"), "{e}");

    // A hang times out with a network error naming the account.
    faults.clear();
    faults.hang(1, Some(Duration::from_secs(3)));
    let impatient = connect_tuned(
        context(
            &sb,
            0,
            HttpSettings {
                timeout: Duration::from_millis(300),
                max_retries: 0,
                ..http()
            },
        ),
        tuning(100),
    )
    .await
    .unwrap();
    let e = impatient.billing().unwrap().profile().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Network);
    let label = &sb.credentials()["cloudzy"][0].label;
    assert!(
        e.to_string().starts_with(&format!("{label}: network error")),
        "{e}"
    );
    faults.clear();
    sb.shutdown().await.unwrap();
}
