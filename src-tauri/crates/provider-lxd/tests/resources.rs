//! LXD-only groups: snapshots (list/get/create/rename/delete/restore), backups (list/create/
//! delete), images, operations as events.

mod common;

use common::*;
use fleetdeck_core::job::{JobKind, JobStatus};
use fleetdeck_core::provider::BackupOptions;
use fleetdeck_core::{ErrorCode, LxdFlavour, SnapshotStatus};
use mockito::Matcher;
use serde_json::json;

fn recursion1() -> Matcher {
    Matcher::UrlEncoded("recursion".into(), "1".into())
}

#[tokio::test]
async fn snapshots_of_one_instance_and_of_all() {
    let mut h = Harness::new().await;
    h.mock_query("GET", "/1.0/instances/c1/snapshots", recursion1())
        .with_body(sync(json!([{"name": "before-upgrade", "created_at": "2026-02-02T10:00:00Z",
                                "expires_at": "0001-01-01T00:00:00Z", "stateful": false, "size": 2147483648u64}])))
        .expect(2)
        .create_async()
        .await;
    h.mock("GET", "/1.0/instances")
        .with_body(sync(json!(["/1.0/instances/c1", "/1.0/instances/c2"])))
        .create_async()
        .await;
    // c2 vanished between the two requests: the overall list goes on without it.
    h.mock_query("GET", "/1.0/instances/c2/snapshots", recursion1())
        .with_status(404)
        .with_body(error(404, "Instance not found"))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let snaps = p.snapshots().unwrap();
    let one = snaps.list_snapshots(Some("c1")).await.unwrap();
    assert_eq!(one.len(), 1);
    let s = &one[0];
    assert_eq!(
        (s.id.as_str(), s.name.as_str(), s.server_id.as_deref()),
        ("c1/before-upgrade", "before-upgrade", Some("c1"))
    );
    assert_eq!((s.status, s.size_gb), (SnapshotStatus::Ready, Some(2.0)));
    assert!(s.created_at.is_some());
    let all = snaps.list_snapshots(None).await.unwrap();
    assert_eq!(all.len(), 1);
}

#[tokio::test]
async fn snapshot_create_rename_delete_restore() {
    let mut h = Harness::new().await;
    let create = h
        .mock("POST", "/1.0/instances/c1/snapshots")
        .match_body(Matcher::Json(json!({"name": "s1", "stateful": false})))
        .with_status(202)
        .with_body(async_op(
            "s-op",
            "Snapshotting instance",
            json!({"instances": ["/1.0/instances/c1"]}),
        ))
        .create_async()
        .await;
    let rename = h
        .mock("POST", "/1.0/instances/c1/snapshots/s1")
        .match_body(Matcher::Json(json!({"name": "s2"})))
        .with_status(202)
        .with_body(async_op("r-op", "Renaming snapshot", json!({})))
        .create_async()
        .await;
    let delete = h
        .mock("DELETE", "/1.0/instances/c1/snapshots/s2")
        .with_status(202)
        .with_body(async_op("d-op", "Deleting snapshot", json!({})))
        .create_async()
        .await;
    let restore = h
        .mock("PUT", "/1.0/instances/c1")
        .match_body(Matcher::Json(json!({"restore": "s2"})))
        .with_status(202)
        .with_body(async_op("x-op", "Restoring snapshot", json!({})))
        .create_async()
        .await;
    h.mock("GET", "/1.0/operations/s-op/wait")
        .match_query(Matcher::Any)
        .with_body(sync(operation(
            "s-op",
            "Snapshotting instance",
            "Success",
            200,
            json!({"instances": ["/1.0/instances/c1"]}),
            "",
        )))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let snaps = p.snapshots().unwrap();
    let spec = snaps
        .create_snapshot("c1", Some("s1"))
        .await
        .unwrap()
        .job
        .unwrap();
    assert_eq!(
        (spec.kind, spec.target.as_deref(), spec.server_id.as_deref()),
        (JobKind::SnapshotCreate, Some("c1/s1"), Some("c1"))
    );
    let job = h.run(&p, spec).await;
    assert_eq!(job.status, JobStatus::Succeeded);
    assert_eq!(
        job.target.as_deref(),
        Some("c1/s1"),
        "the snapshot stays the target"
    );
    let spec = snaps.rename_snapshot("c1/s1", "s2").await.unwrap().job.unwrap();
    assert_eq!(
        (spec.kind, spec.target.as_deref()),
        (JobKind::SnapshotRename, Some("c1/s2"))
    );
    let spec = snaps.restore_snapshot("c1/s2", None).await.unwrap().job.unwrap();
    assert_eq!(
        (spec.kind, spec.target.as_deref()),
        (JobKind::SnapshotRestore, Some("c1"))
    );
    let spec = snaps.delete_snapshot("c1/s2").await.unwrap().job.unwrap();
    assert_eq!(spec.kind, JobKind::SnapshotDelete);
    for m in [create, rename, delete, restore] {
        m.assert_async().await;
    }
}

#[tokio::test]
async fn snapshot_ids_and_names_are_checked() {
    let h = Harness::new().await;
    let p = h.client(LxdFlavour::Lxd).await;
    let snaps = p.snapshots().unwrap();
    assert_eq!(
        snaps.delete_snapshot("no-slash").await.unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        snaps.create_snapshot("c1", Some("a/b")).await.unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        snaps.rename_snapshot("c1/s1", "x y").await.unwrap_err().code(),
        ErrorCode::InvalidInput
    );
}

#[tokio::test]
async fn a_missing_snapshot_is_not_found() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/instances/c1/snapshots/nope")
        .with_status(404)
        .with_body(error(404, "Snapshot not found"))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    assert_eq!(
        p.snapshots()
            .unwrap()
            .get_snapshot("c1/nope")
            .await
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn backups_list_create_delete() {
    let mut h = Harness::new().await;
    h.mock_query("GET", "/1.0/instances/c1/backups", recursion1())
        .with_body(sync(json!([{"name": "b1", "created_at": "2026-02-02T10:00:00Z",
                                "expires_at": "2026-03-02T10:00:00Z", "instance_only": false,
                                "optimized_storage": false}])))
        .create_async()
        .await;
    let create = h
        .mock("POST", "/1.0/instances/c1/backups")
        // No options: exactly these keys, so LXD's defaults (kept until deleted, the server's
        // compression) apply.
        .match_body(Matcher::Json(
            json!({"name": "nightly", "instance_only": false, "optimized_storage": false}),
        ))
        .with_status(202)
        .with_body(async_op(
            "b-op",
            "Backing up instance",
            json!({"backups": ["/1.0/backups/nightly"]}),
        ))
        .create_async()
        .await;
    let delete = h
        .mock("DELETE", "/1.0/instances/c1/backups/b1")
        .with_status(202)
        .with_body(async_op("bd-op", "Removing backup", json!({})))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let backups = p.backups().unwrap();
    let list = backups.list_backups(Some("c1")).await.unwrap();
    assert_eq!(
        (list[0].id.as_str(), list[0].server_id.as_deref()),
        ("c1/b1", Some("c1"))
    );
    assert!(list[0].expires_at.is_some());
    let spec = backups
        .create_backup(
            "c1",
            &BackupOptions {
                name: Some("nightly".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .job
        .unwrap();
    assert_eq!(
        (spec.kind, spec.target.as_deref()),
        (JobKind::BackupCreate, Some("c1/nightly"))
    );
    let spec = backups.delete_backup("c1/b1").await.unwrap().job.unwrap();
    assert_eq!(spec.kind, JobKind::BackupDelete);
    create.assert_async().await;
    delete.assert_async().await;
}

fn every_option(expires_at: chrono::DateTime<chrono::Utc>) -> BackupOptions {
    BackupOptions {
        name: Some("weekly".into()),
        expires_at: Some(expires_at),
        instance_only: true,
        optimized_storage: true,
        compression_algorithm: Some(" zstd ".into()),
    }
}

#[tokio::test]
async fn backup_options_reach_lxd_under_its_names() {
    let mut h = Harness::new().await;
    let expires = chrono::Utc::now() + chrono::Duration::days(7);
    let create = h
        .mock("POST", "/1.0/instances/c1/backups")
        .match_body(Matcher::Json(json!({
            "name": "weekly",
            "instance_only": true,
            "optimized_storage": true,
            "compression_algorithm": "zstd",
            "expires_at": expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        })))
        .with_status(202)
        .with_body(async_op("b-op", "Backing up instance", json!({})))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let spec = p
        .backups()
        .unwrap()
        .create_backup("c1", &every_option(expires))
        .await
        .unwrap()
        .job
        .unwrap();
    assert_eq!(spec.target.as_deref(), Some("c1/weekly"));
    create.assert_async().await;
}

#[tokio::test]
async fn backup_options_lxd_would_misread_are_refused_before_any_request() {
    let mut h = Harness::new().await;
    let none = h
        .mock("POST", "/1.0/instances/c1/backups")
        .expect(0)
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let backups = p.backups().unwrap();
    let past = every_option(chrono::Utc::now() - chrono::Duration::minutes(1));
    let e = backups.create_backup("c1", &past).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
    assert!(e.to_string().contains("future"), "{e}");
    for algorithm in ["gzip -9", "xz;rm", "../bin/sh", "\u{e9}clair"] {
        let bad = BackupOptions {
            compression_algorithm: Some(algorithm.into()),
            ..Default::default()
        };
        let e = backups.create_backup("c1", &bad).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{algorithm}: {e}");
    }
    none.assert_async().await;
}

#[tokio::test]
async fn a_vz_server_refuses_backup_creation_with_its_options_before_any_request() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0")
        .with_body(vz_sync(json!({"environment": {"server": "vz"}})))
        .create_async()
        .await;
    let none = h.server.mock("POST", Matcher::Any).expect(0).create_async().await;
    // Before detection the group is there; the call itself finds the vz flavour and refuses.
    let p = h.client(LxdFlavour::Auto).await;
    let backups = p.backups().expect("flavour not known yet");
    let e = backups
        .create_backup(
            "101",
            &every_option(chrono::Utc::now() + chrono::Duration::days(1)),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported, "{e}");
    none.assert_async().await;
}

#[tokio::test]
async fn images_are_listed_by_alias_or_fingerprint() {
    let mut h = Harness::new().await;
    h.mock_query("GET", "/1.0/images", recursion1())
        .with_body(sync(json!([
            {"fingerprint": "127f6c05ad25e18dd52de00923b853453e4711f84572550816b076c7d3873ddb",
             "aliases": [{"name": "busybox", "description": ""}], "architecture": "x86_64",
             "properties": {"os": "busybox", "release": "v1.35.0", "description": "busybox (tests)"},
             "size": 1036834, "type": "container"},
            {"fingerprint": "aa11", "aliases": [], "properties": {}}])))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let images = p.catalog().unwrap().list_images(None).await.unwrap();
    assert_eq!(images.len(), 2);
    assert_eq!(
        (
            images[0].id.as_str(),
            images[0].family.as_deref(),
            images[0].arch.as_deref()
        ),
        ("busybox", Some("busybox"), Some("x86_64"))
    );
    assert_eq!(images[1].id, "aa11");
    let e = p.catalog().unwrap().list_regions().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported);
}

#[tokio::test]
async fn operations_are_events() {
    let mut h = Harness::new().await;
    h.mock_query("GET", "/1.0/operations", recursion1())
        .with_body(sync(json!({
            "running": [operation("a", "Creating instance", "Running", 103, json!({"instances": ["/1.0/instances/c9"]}), "")],
            "failure": [operation("b", "Starting instance", "Failure", 400, json!({"instances": ["/1.0/instances/c1"]}), "boom")]})))
        .create_async()
        .await;
    h.mock("GET", "/1.0/operations/b")
        .with_body(sync(operation(
            "b",
            "Starting instance",
            "Failure",
            400,
            json!({"instances": ["/1.0/instances/c1"]}),
            "boom",
        )))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let events = p.events().unwrap().list_events().await.unwrap();
    assert_eq!(events.len(), 2);
    let failed = events.iter().find(|e| e.id == "b").unwrap();
    assert_eq!(
        (failed.status, failed.target.as_deref(), failed.message.as_deref()),
        (JobStatus::Failed, Some("c1"), Some("boom"))
    );
    let one = p.events().unwrap().get_event("b").await.unwrap();
    assert_eq!(one.action, "Starting instance");
}
