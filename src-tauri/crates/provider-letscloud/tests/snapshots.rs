//! Snapshots: list (account-wide, filtered by the source instance), get, create (tracked until
//! `build == true`), rename, delete and the build-status endpoint.

mod common;

use common::*;
use fleetdeck_core::job::{Condition, JobKind, ResourceKind, Tracking};
use fleetdeck_core::{ErrorCode, SnapshotStatus};
use serde_json::json;

#[tokio::test]
async fn list_get_and_filter_by_instance() {
    let mut h = Harness::new().await;
    h.get(
        "/snapshots",
        json!([
            snapshot("snap-a", "before-upgrade", "A1", true),
            snapshot("snap-b", "nightly", "A2", false)
        ]),
    )
    .await;
    h.get("/snapshots/snap-b", snapshot("snap-b", "nightly", "A2", false))
        .await;
    let c = h.client().await;
    let api = c.snapshots().unwrap();
    let all = api.list_snapshots(None).await.unwrap();
    assert_eq!(all.len(), 2);
    let a = &all[0];
    assert_eq!(a.id, "snap-a");
    assert_eq!(a.name, "before-upgrade");
    assert_eq!(a.server_id.as_deref(), Some("A1"));
    assert_eq!(a.status, SnapshotStatus::Ready);
    assert_eq!(a.size_gb, Some(40.0));
    assert_eq!(a.regions, vec!["MIA1"]);
    assert_eq!(a.extra.get("osReference"), Some(&json!("ubuntu-24.04-x86_64")));
    assert_eq!(a.raw_status.flags.get("build"), Some(&true));
    let of_a2 = api.list_snapshots(Some("A2")).await.unwrap();
    assert_eq!(of_a2.len(), 1);
    assert_eq!(of_a2[0].id, "snap-b");
    let b = api.get_snapshot("snap-b").await.unwrap();
    assert_eq!(b.status, SnapshotStatus::Pending);
}

#[tokio::test]
async fn create_answers_the_slug_and_a_job_until_built() {
    let mut h = Harness::new().await;
    let m = h
        .json(
            "POST",
            "/instances/A1/snapshots",
            json!({"label": "before-upgrade"}),
            json!({"success": true, "message": "Snapshot creation has been queued. This is a background process",
                   "data": snapshot("snap-new", "before-upgrade", "A1", false)})
            .to_string(),
        )
        .await;
    let c = h.client().await;
    let out = c
        .snapshots()
        .unwrap()
        .create_snapshot("A1", Some("before-upgrade"))
        .await
        .unwrap();
    m.assert_async().await;
    let job = out.job.unwrap();
    assert_eq!(job.kind, JobKind::SnapshotCreate);
    assert_eq!(job.target.as_deref(), Some("snap-new"));
    assert_eq!(job.server_id.as_deref(), Some("A1"));
    assert_eq!(
        job.tracking,
        Tracking::Poll {
            resource: ResourceKind::Snapshot,
            id: "snap-new".into(),
            until: Condition::Ready
        }
    );
    assert!(out.message.unwrap().contains("queued"));
}

#[tokio::test]
async fn create_without_a_slug_in_the_answer_finds_it_by_label() {
    let mut h = Harness::new().await;
    h.mock(
        "POST",
        "/instances/A1/snapshots",
        ack("Snapshot creation has been queued."),
        1,
    )
    .await;
    let c = h.client().await;
    let out = c
        .snapshots()
        .unwrap()
        .create_snapshot("A1", Some("nightly"))
        .await
        .unwrap();
    let Tracking::FindNew { matcher, until, .. } = out.job.unwrap().tracking else {
        panic!("expected FindNew")
    };
    assert_eq!(matcher.label.as_deref(), Some("nightly"));
    assert_eq!(matcher.server_id.as_deref(), Some("A1"));
    assert_eq!(until, Condition::Ready);
}

#[tokio::test]
async fn create_without_a_name_makes_up_a_label() {
    let mut h = Harness::new().await;
    let m = h
        .json(
            "POST",
            "/instances/A1/snapshots",
            json!({"label": "snapshot-20260301-120000"}),
            ok(json!({"slug": "snap-x"})),
        )
        .await;
    let c = h.client().await;
    c.snapshots().unwrap().create_snapshot("A1", None).await.unwrap();
    m.assert_async().await;
}

#[tokio::test]
async fn rename_and_delete() {
    let mut h = Harness::new().await;
    let rename = h
        .json(
            "PUT",
            "/snapshots/snap-a",
            json!({"label": "golden-image"}),
            ack("Snapshot successfully updated"),
        )
        .await;
    let delete = h
        .mock(
            "DELETE",
            "/snapshots/snap-a",
            ack("Snapshot successfully deleted!"),
            1,
        )
        .await;
    let c = h.client().await;
    let api = c.snapshots().unwrap();
    let out = api.rename_snapshot("snap-a", "golden-image").await.unwrap();
    rename.assert_async().await;
    assert_eq!(out.message.as_deref(), Some("Snapshot successfully updated"));
    assert!(out.job.is_none());
    let out = api.delete_snapshot("snap-a").await.unwrap();
    delete.assert_async().await;
    assert_eq!(out.message.as_deref(), Some("Snapshot successfully deleted!"));
    let e = api.rename_snapshot("snap-a", " ").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

#[tokio::test]
async fn restore_and_create_from_are_not_offered() {
    let h = Harness::new().await;
    let c = h.client().await;
    let e = c
        .snapshots()
        .unwrap()
        .restore_snapshot("snap-a", None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported);
    let caps = c.capabilities();
    assert!(!caps.snapshots.restore && !caps.snapshots.create_server_from);
}

#[tokio::test]
async fn status_endpoint_reads_build() {
    let mut h = Harness::new().await;
    let m = h
        .get(
            "/snapshots/status/snap-a",
            json!({"slug": "snap-a", "build": true}),
        )
        .await;
    let lc = h.concrete();
    assert_eq!(lc.snapshot_status("snap-a").await.unwrap(), SnapshotStatus::Ready);
    m.assert_async().await;
}

#[tokio::test]
async fn an_empty_status_answer_falls_back_to_the_snapshot() {
    let mut h = Harness::new().await;
    let status = h.mock("GET", "/snapshots/status/snap-a", String::new(), 1).await;
    let detail = h
        .mock(
            "GET",
            "/snapshots/snap-a",
            ok(snapshot("snap-a", "x", "A1", false)),
            1,
        )
        .await;
    let lc = h.concrete();
    assert_eq!(
        lc.snapshot_status("snap-a").await.unwrap(),
        SnapshotStatus::Pending
    );
    status.assert_async().await;
    detail.assert_async().await;
}
