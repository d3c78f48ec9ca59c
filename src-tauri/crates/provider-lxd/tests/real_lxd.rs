//! Against a real LXD daemon (Debian's `lxd` 5.0), over HTTPS with a trusted client certificate
//! and the server's certificate pinned by its fingerprint. Every change goes through an async
//! operation followed with `/wait`.
//!
//! Runs when `FLEETDECK_LXD_URL` is set (`eval "$(scripts/lxd-test-daemon.sh start)"` sets it and
//! the rest of the env contract); without it the test says so and passes — unless
//! `FLEETDECK_LXD_REQUIRED=1`, where a missing or unreachable daemon fails it.

mod common;

use std::sync::Arc;

use common::*;
use fleetdeck_core::job::{JobSpec, JobStatus};
use fleetdeck_core::provider::{BackupOptions, CreateServerRequest, InstanceSource, ServerAction};
use fleetdeck_core::{Credentials, ErrorCode, LxdFlavour, LxdSettings, Provider, SecretString, ServerStatus};
use fleetdeck_provider_lxd::probe_server_certificate;

struct RealLxd {
    url: String,
    cert: String,
    key: SecretString,
    fingerprint: String,
    image: String,
}

fn required() -> bool {
    std::env::var("FLEETDECK_LXD_REQUIRED").is_ok_and(|v| v == "1")
}

/// The daemon's env contract, or `None` (test skipped) when it is not set and not required.
fn real_lxd() -> Option<RealLxd> {
    let Ok(url) = std::env::var("FLEETDECK_LXD_URL") else {
        assert!(
            !required(),
            "FLEETDECK_LXD_REQUIRED=1 but FLEETDECK_LXD_URL is not set: run scripts/lxd-test-daemon.sh start"
        );
        eprintln!("real LXD tests skipped: FLEETDECK_LXD_URL is not set");
        return None;
    };
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| panic!("{name} must be set with FLEETDECK_LXD_URL"))
    };
    let read = |name: &str| {
        let path = var(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}={path}: {e}"))
    };
    Some(RealLxd {
        cert: read("FLEETDECK_LXD_CERT"),
        key: SecretString::from(read("FLEETDECK_LXD_KEY")),
        fingerprint: var("FLEETDECK_LXD_FINGERPRINT"),
        image: std::env::var("FLEETDECK_LXD_IMAGE").unwrap_or_else(|_| "busybox".into()),
        url,
    })
}

async fn connect_real(env: &RealLxd, fingerprint: &str) -> Arc<dyn Provider> {
    let settings = LxdSettings {
        flavour: LxdFlavour::Auto,
        client_cert_pem: Some(env.cert.clone()),
        server_fingerprint: Some(fingerprint.to_owned()),
        project: None,
    };
    let credentials = Credentials::Lxd {
        client_key_pem: Some(env.key.clone()),
        bearer: None,
    };
    client_with(
        &env.url,
        settings,
        credentials,
        Arc::new(fleetdeck_core::job::SystemClock),
    )
    .await
    .expect("connect")
}

async fn done(p: &Arc<dyn Provider>, spec: Option<JobSpec>, what: &str) {
    let spec = spec.unwrap_or_else(|| panic!("{what}: no job"));
    assert!(
        matches!(spec.tracking, fleetdeck_core::job::Tracking::Operation { ref url } if url.starts_with("/1.0/operations/")),
        "{what}: {:?}",
        spec.tracking
    );
    let job = run_real(p, spec).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{what}: {:?}", job.message);
}

async fn status_of(p: &Arc<dyn Provider>, id: &str) -> ServerStatus {
    p.servers().get_server(id).await.unwrap().status
}

/// Remove instances a previous, interrupted run left behind.
async fn sweep(p: &Arc<dyn Provider>, prefix: &str) {
    for s in p.servers().list_servers().await.unwrap() {
        if s.id.starts_with(prefix) {
            if s.status == ServerStatus::Running || s.status == ServerStatus::Suspended {
                if let Ok(o) = p.servers().server_action(&s.id, &ServerAction::Stop).await {
                    if let Some(j) = o.job {
                        run_real(p, j).await;
                    }
                }
            }
            if let Ok(o) = p.servers().delete_server(&s.id).await {
                if let Some(j) = o.job {
                    run_real(p, j).await;
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_lxd_lifecycle_over_pinned_https() {
    let Some(env) = real_lxd() else { return };

    // Trust on first use: the probe shows the fingerprint the daemon's certificate really has.
    let cert = probe_server_certificate(&env.url)
        .await
        .expect("the daemon must be reachable (FLEETDECK_LXD_URL)");
    assert_eq!(cert.sha256, env.fingerprint.to_lowercase());
    assert!(cert.pem.starts_with("-----BEGIN CERTIFICATE-----"));
    assert!(!cert.subject.is_empty());

    let p = connect_real(&env, &env.fingerprint).await;
    let profile = p.check().await.expect("a trusted client certificate");
    assert_eq!(profile.extra["flavour"], "LXD");
    assert_eq!(profile.extra["auth"], "trusted");
    assert_eq!(p.capabilities().dialect, "LXD", "the flavour was detected");

    let prefix = "fd-test-";
    sweep(&p, prefix).await;
    let tag = std::process::id();
    let empty = format!("{prefix}empty-{tag}");
    let bb = format!("{prefix}bb-{tag}");

    // An empty instance (source "none") and a busybox one, both through async operations.
    let create = |name: &str, source: InstanceSource| CreateServerRequest {
        name: name.to_owned(),
        source: Some(source),
        ..Default::default()
    };
    let o = p
        .servers()
        .create_server(&create(&empty, InstanceSource::None))
        .await
        .unwrap();
    done(&p, o.jobs.into_iter().next(), "create empty").await;
    assert_eq!(status_of(&p, &empty).await, ServerStatus::Stopped);

    let o = p
        .servers()
        .create_server(&create(
            &bb,
            InstanceSource::Image {
                alias: Some(env.image.clone()),
                fingerprint: None,
                properties: Default::default(),
            },
        ))
        .await
        .unwrap();
    done(&p, o.jobs.into_iter().next(), "create busybox").await;
    let listed = p.servers().list_servers().await.unwrap();
    assert!(listed.iter().any(|s| s.id == bb) && listed.iter().any(|s| s.id == empty));

    // Power and freeze over /state.
    let act = |a: ServerAction| {
        let p = p.clone();
        let bb = bb.clone();
        async move { p.servers().server_action(&bb, &a).await.unwrap().job }
    };
    done(&p, act(ServerAction::Start).await, "start").await;
    let s = p.servers().get_server(&bb).await.unwrap();
    assert_eq!(s.status, ServerStatus::Running);
    assert!(
        s.usage.is_some_and(|u| u.processes.is_some()),
        "live state is read"
    );

    // Starting a running instance fails inside the operation: HTTP 200 on /wait, status Failure.
    let spec = act(ServerAction::Start).await.expect("a job");
    let job = run_real(&p, spec).await;
    assert_eq!(job.status, JobStatus::Failed);
    assert!(
        job.message.as_deref().unwrap_or("").contains("already running"),
        "{:?}",
        job.message
    );

    done(&p, act(ServerAction::Freeze).await, "freeze").await;
    assert_eq!(status_of(&p, &bb).await, ServerStatus::Suspended);
    done(&p, act(ServerAction::Unfreeze).await, "unfreeze").await;
    assert_eq!(status_of(&p, &bb).await, ServerStatus::Running);
    done(&p, act(ServerAction::Reboot).await, "restart").await;
    assert_eq!(status_of(&p, &bb).await, ServerStatus::Running);

    // Configuration: GET, modify, PUT with the ETag.
    let o = p
        .servers()
        .server_action(
            &bb,
            &ServerAction::UpdateConfig {
                set: [("user.fleetdeck".to_owned(), "yes".to_owned())].into(),
                unset: vec![],
                cpus: None,
                memory_mb: None,
            },
        )
        .await
        .unwrap();
    if let Some(j) = o.job {
        done(&p, Some(j), "update config").await;
    }
    let raw = p.servers().get_server(&bb).await.unwrap().raw;
    assert_eq!(raw["config"]["user.fleetdeck"], "yes");

    // Snapshots: create, list, rename, restore (while running), delete.
    let snaps = p.snapshots().expect("LXD has snapshots");
    done(
        &p,
        snaps.create_snapshot(&bb, Some("s1")).await.unwrap().job,
        "snapshot",
    )
    .await;
    let list = snaps.list_snapshots(Some(&bb)).await.unwrap();
    assert_eq!(
        list.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        vec![format!("{bb}/s1")]
    );
    done(
        &p,
        snaps
            .rename_snapshot(&format!("{bb}/s1"), "s2")
            .await
            .unwrap()
            .job,
        "rename",
    )
    .await;
    let one = snaps.get_snapshot(&format!("{bb}/s2")).await.unwrap();
    assert_eq!(one.name, "s2");
    done(
        &p,
        snaps
            .restore_snapshot(&format!("{bb}/s2"), None)
            .await
            .unwrap()
            .job,
        "restore",
    )
    .await;
    // Restoring a snapshot that does not exist fails inside the operation.
    let bad = snaps.restore_snapshot(&format!("{bb}/nope"), None).await;
    match bad {
        Ok(o) => {
            let job = run_real(&p, o.job.expect("a job")).await;
            assert_eq!(job.status, JobStatus::Failed);
        }
        Err(e) => assert!(
            matches!(e.code(), ErrorCode::NotFound | ErrorCode::Validation),
            "{e}"
        ),
    }
    done(
        &p,
        snaps.delete_snapshot(&format!("{bb}/s2")).await.unwrap().job,
        "delete snapshot",
    )
    .await;
    assert!(snaps.list_snapshots(Some(&bb)).await.unwrap().is_empty());

    // Backups: create, list, delete.
    let backups = p.backups().expect("LXD has backups");
    done(
        &p,
        backups
            .create_backup(
                &bb,
                &BackupOptions {
                    name: Some("b1".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .job,
        "backup",
    )
    .await;
    let list = backups.list_backups(None).await.unwrap();
    assert!(list.iter().any(|b| b.id == format!("{bb}/b1")), "{list:?}");
    // The options as LXD keeps them: without snapshots, gzip, gone by itself in a week.
    let expires = chrono::Utc::now() + chrono::Duration::days(7);
    done(
        &p,
        backups
            .create_backup(
                &bb,
                &BackupOptions {
                    name: Some("b2".into()),
                    expires_at: Some(expires),
                    instance_only: true,
                    optimized_storage: false,
                    compression_algorithm: Some("gzip".into()),
                },
            )
            .await
            .unwrap()
            .job,
        "backup with options",
    )
    .await;
    let list = backups.list_backups(Some(&bb)).await.unwrap();
    let b1 = list.iter().find(|b| b.name == "b1").expect("b1 listed");
    let b2 = list.iter().find(|b| b.name == "b2").expect("b2 listed");
    assert_eq!(b1.expires_at, None, "{b1:?}");
    assert_eq!(b1.raw["instance_only"], false, "{:?}", b1.raw);
    assert_eq!(
        b2.expires_at.map(|t| t.timestamp()),
        Some(expires.timestamp()),
        "{b2:?}"
    );
    assert_eq!(b2.raw["instance_only"], true, "{:?}", b2.raw);
    assert_eq!(b2.raw["optimized_storage"], false, "{:?}", b2.raw);
    done(
        &p,
        backups.delete_backup(&b2.id).await.unwrap().job,
        "delete backup b2",
    )
    .await;
    // Download: the export is a compressed tarball, saved whole under the chosen name only.
    let dir = tempfile::tempdir().unwrap();
    let target = fleetdeck_core::download::DownloadTarget::new(dir.path().join("b1.tar.gz"), false);
    let last = std::sync::Mutex::new((0u64, None));
    let n = backups
        .download_backup(&format!("{bb}/b1"), &target, &|d, t| {
            *last.lock().unwrap() = (d, t)
        })
        .await
        .unwrap();
    let bytes = std::fs::read(&target.path).unwrap();
    assert!(n > 0 && bytes.len() as u64 == n, "{n} bytes");
    assert_eq!(last.lock().unwrap().0, n);
    let compressed = bytes.starts_with(&[0x1f, 0x8b])
        || bytes.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0])
        || bytes.starts_with(&[0x28, 0xb5, 0x2f, 0xfd])
        || bytes.get(257..262) == Some(b"ustar".as_slice());
    assert!(compressed, "not a tarball: {:02x?}", &bytes[..bytes.len().min(8)]);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let missing = backups
        .download_backup(
            &format!("{bb}/no-such"),
            &fleetdeck_core::download::DownloadTarget::new(dir.path().join("x"), false),
            &|_, _| {},
        )
        .await
        .unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound, "{missing}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    done(
        &p,
        backups.delete_backup(&format!("{bb}/b1")).await.unwrap().job,
        "delete backup",
    )
    .await;

    // Images and operations.
    let images = p.catalog().unwrap().list_images(None).await.unwrap();
    assert!(images.iter().any(|i| i.id == env.image));
    let events = p.events().unwrap().list_events().await.unwrap();
    assert!(events.iter().any(|e| e.target.as_deref() == Some(bb.as_str())));

    // Deleting a running instance is refused synchronously (HTTP 400 "Instance is running").
    let e = p.servers().delete_server(&bb).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict, "{e}");
    done(
        &p,
        act(ServerAction::Shutdown)
            .await
            .or(act(ServerAction::Stop).await),
        "stop",
    )
    .await;
    assert_eq!(status_of(&p, &bb).await, ServerStatus::Stopped);

    for name in [&bb, &empty] {
        done(&p, p.servers().delete_server(name).await.unwrap().job, "delete").await;
        let e = p.servers().get_server(name).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::NotFound);
    }
}

#[tokio::test]
async fn a_different_certificate_is_refused() {
    let Some(env) = real_lxd() else { return };
    let wrong = "00".repeat(32);
    let p = connect_real(&env, &wrong).await;
    let e = p.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Network);
    assert!(e.to_string().contains("not the one trusted"), "{e}");
}

#[tokio::test]
async fn an_untrusted_client_is_told_so() {
    let Some(env) = real_lxd() else { return };
    // A fresh certificate the daemon has never seen.
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["stranger".into()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let settings = LxdSettings {
        flavour: LxdFlavour::Lxd,
        client_cert_pem: Some(cert.pem()),
        server_fingerprint: Some(env.fingerprint.clone()),
        project: None,
    };
    let credentials = Credentials::Lxd {
        client_key_pem: Some(SecretString::from(key.serialize_pem())),
        bearer: None,
    };
    let p = client_with(
        &env.url,
        settings,
        credentials,
        Arc::new(fleetdeck_core::job::SystemClock),
    )
    .await
    .unwrap();
    let e = p.check().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Auth, "{e}");
    let e = p.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    assert!(e.to_string().contains("trust"), "{e}");
}
