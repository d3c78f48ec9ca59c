//! SSH keys, floating IPs, ISOs, custom images, snapshots and backup profiles.

mod common;

use common::*;
use fleetdeck_core::job::{Condition, JobKind, ResourceKind, Tracking};
use fleetdeck_core::{
    ArtifactStatus, BackupPolicyRequest, ErrorCode, FloatingIpFilter, SnapshotStatus, UploadKind,
    UploadRequest,
};
use fleetdeck_provider_cloudzy::SnapshotQuery;
use mockito::Matcher;
use serde_json::json;

fn key(id: i64, name: &str) -> serde_json::Value {
    json!({"id": id, "name": name, "publicKey": format!("ssh-ed25519 AAAAC3Nza{id} {name}"),
           "customerId": "5b1f6a5e-4d1c-4f7e-9a36-0c1d2e3f4a5b"})
}

#[tokio::test]
async fn ssh_keys_list_get_create_delete() {
    let mut h = Harness::new().await;
    h.get("/v1/ssh-keys", json!([key(101, "laptop"), key(102, "ci")]))
        .await;
    h.get("/v1/ssh-keys/101", key(101, "laptop")).await;
    let create = h
        .json(
            "POST",
            "/v1/ssh-keys",
            json!({"name": "desk", "publicKey": "ssh-ed25519 AAAAdesk desk"}),
            json!({"id": 103, "name": "desk", "publicKey": "ssh-ed25519 AAAAdesk desk", "customerId": "c"}),
        )
        .await;
    let delete = h.answer("DELETE", "/v1/ssh-keys/102", 200, ok(json!(null))).await;
    let c = h.client().await;
    let keys = c.ssh_keys().unwrap();
    let all = keys.list_ssh_keys().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!((all[0].id.as_str(), all[0].name.as_str()), ("101", "laptop"));
    assert!(all[0].public_key.starts_with("ssh-ed25519"));
    assert_eq!(all[0].raw["customerId"], "5b1f6a5e-4d1c-4f7e-9a36-0c1d2e3f4a5b");
    assert_eq!(keys.get_ssh_key("101").await.unwrap().name, "laptop");
    let made = keys
        .create_ssh_key("desk", Some("ssh-ed25519 AAAAdesk desk"))
        .await
        .unwrap();
    assert_eq!(made.key.id, "103");
    assert!(made.private_key.is_none());
    keys.delete_ssh_key("102").await.unwrap();
    create.assert_async().await;
    delete.assert_async().await;
    let e = keys.create_ssh_key("gen", None).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

#[tokio::test]
async fn ssh_key_list_wrapped_and_create_without_the_key_in_the_answer() {
    let mut h = Harness::new().await;
    h.get("/v1/ssh-keys", json!({"sshKeys": [key(7, "a"), key(8, "b")]}))
        .await;
    h.answer("POST", "/v1/ssh-keys", 200, ok(json!(null))).await;
    let c = h.client().await;
    let keys = c.ssh_keys().unwrap();
    assert_eq!(keys.list_ssh_keys().await.unwrap().len(), 2);
    let made = keys
        .create_ssh_key("b", Some("ssh-ed25519 AAAAC3Nza8 b"))
        .await
        .unwrap();
    assert_eq!(made.key.id, "8", "found in the list by its public key");
}

fn fip(id: &str, ip: &str) -> serde_json::Value {
    json!({"id": id, "ipAddress": ip, "regionId": "UK-London", "instanceId": "i-1", "autoRenew": true,
           "customerNote": "prod", "expiresAt": 1767225600})
}

#[tokio::test]
async fn floating_ips_page_by_number_with_snake_case_filters() {
    let mut h = Harness::new().await;
    let mut pages = Vec::new();
    for (n, id) in [(1, "f-1"), (2, "f-2"), (3, "f-3")] {
        pages.push(
            h.server
                .mock("GET", "/v1/floating-ips")
                .match_query(Matcher::AllOf(vec![
                    Matcher::UrlEncoded("page".into(), n.to_string()),
                    Matcher::UrlEncoded("per_page".into(), "1".into()),
                    Matcher::UrlEncoded("limit".into(), "1".into()),
                    Matcher::UrlEncoded("region_id".into(), "UK-London".into()),
                    Matcher::UrlEncoded("include_deleted".into(), "true".into()),
                    Matcher::UrlEncoded("address".into(), "198.51.100.0".into()),
                ]))
                .with_body(ok(json!({"floatingIps": [fip(id, "198.51.100.0")], "total": 3})))
                .expect(1)
                .create_async()
                .await,
        );
    }
    let c = h.typed(1).await;
    use fleetdeck_core::FloatingIpApi;
    let ips = c
        .list_floating_ips(&FloatingIpFilter {
            region: Some("UK-London".into()),
            address: Some("198.51.100.0".into()),
            include_released: true,
        })
        .await
        .unwrap();
    for p in pages {
        p.assert_async().await;
    }
    let ids: Vec<_> = ips.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["f-1", "f-2", "f-3"]);
    let ip = &ips[0];
    assert_eq!(ip.address, "198.51.100.0");
    assert_eq!(
        (ip.region.as_deref(), ip.server_id.as_deref()),
        (Some("UK-London"), Some("i-1"))
    );
    assert_eq!((ip.auto_renew, ip.note.as_deref()), (Some(true), Some("prod")));
    assert!(ip.expires_at.is_some());
}

#[tokio::test]
async fn floating_ips_without_total_stop_on_a_short_page() {
    let mut h = Harness::new().await;
    let m = h
        .get(
            "/v1/floating-ips",
            json!({"floatingIps": [fip("f-1", "198.51.100.1")]}),
        )
        .await
        .expect(1);
    let c = h.client().await;
    let ips = c
        .floating_ips()
        .unwrap()
        .list_floating_ips(&FloatingIpFilter::default())
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(ips.len(), 1);
}

#[tokio::test]
async fn floating_ips_add_update_release() {
    let mut h = Harness::new().await;
    let add = h
        .json(
            "POST",
            "/v1/floating-ips",
            json!({"regionId": "UK-London", "count": 2}),
            json!({"floatingIps": [fip("f-8", "198.51.100.8"), fip("f-9", "198.51.100.9")]}),
        )
        .await;
    let update = h
        .server
        .mock("PATCH", "/v1/floating-ips/f-8")
        .match_body(Matcher::Json(
            json!({"autoRenew": false, "customerNote": "staging"}),
        ))
        .with_body(ok(json!(null)))
        .create_async()
        .await;
    let release = h
        .answer("POST", "/v1/floating-ips/f-9/release", 200, ok(json!(null)))
        .await;
    let c = h.client().await;
    let f = c.floating_ips().unwrap();
    let out = f.allocate_floating_ips("UK-London", 2).await.unwrap();
    assert!(out.message.unwrap().contains("198.51.100.8, 198.51.100.9"));
    f.update_floating_ip("f-8", Some(false), Some("staging"))
        .await
        .unwrap();
    f.release_floating_ip("f-9").await.unwrap();
    add.assert_async().await;
    update.assert_async().await;
    release.assert_async().await;
    assert_eq!(
        f.update_floating_ip("f-8", None, None).await.unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        f.allocate_floating_ips("UK-London", 0).await.unwrap_err().code(),
        ErrorCode::InvalidInput
    );
}

#[tokio::test]
async fn isos_list_get_download_delete() {
    let mut h = Harness::new().await;
    let list = h
        .server
        .mock("GET", "/v1/iso")
        .match_query(Matcher::UrlEncoded("page".into(), "1".into()))
        .with_body(ok(
            json!({"isos": [iso("iso-1", "Alpine 3.20", "READY")], "total": 1}),
        ))
        .expect(2)
        .create_async()
        .await;
    h.get("/v1/iso/iso-1", iso("iso-1", "Alpine 3.20", "READY")).await;
    let download = h
        .json(
            "POST",
            "/v1/iso",
            json!({"name": "Custom Linux ISO", "url": "https://example.com/custom.iso",
                   "regionId": "DE-Frankfurt", "useVirtio": true}),
            iso("iso-2", "Custom Linux ISO", "DOWNLOADING"),
        )
        .await;
    let delete = h.answer("DELETE", "/v1/iso/iso-1", 200, ok(json!(null))).await;
    let c = h.client().await;
    let u = c.uploads().unwrap();
    let all = u.list_uploads(UploadKind::Iso).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(
        (all[0].status, all[0].format.as_deref()),
        (ArtifactStatus::Ready, Some("iso"))
    );
    assert_eq!(all[0].source_url.as_deref(), Some("https://example.com/x.iso"));
    assert_eq!(
        u.get_upload(UploadKind::Iso, "iso-1").await.unwrap().name,
        "Alpine 3.20"
    );
    let job = u
        .download_upload(&UploadRequest {
            kind: UploadKind::Iso,
            name: "Custom Linux ISO".into(),
            url: "https://example.com/custom.iso".into(),
            region: Some("DE-Frankfurt".into()),
            use_virtio: None,
            format: None,
            decompress: None,
        })
        .await
        .unwrap()
        .job
        .unwrap();
    assert_eq!(job.kind, JobKind::IsoDownload);
    assert_eq!(
        job.tracking,
        Tracking::Poll {
            resource: ResourceKind::Iso,
            id: "iso-2".into(),
            until: Condition::Ready
        }
    );
    u.delete_upload(UploadKind::Iso, "iso-1").await.unwrap();
    list.assert_async().await;
    download.assert_async().await;
    delete.assert_async().await;
}

#[tokio::test]
async fn images_list_filtered_get_download_delete() {
    let mut h = Harness::new().await;
    let image = |id: &str, status: &str| {
        json!({"id": id, "name": "Debian 12", "status": status, "regionId": "UK-London",
               "format": "qcow2", "size": 2048})
    };
    let list = h
        .server
        .mock("GET", "/v1/images")
        .match_query(Matcher::UrlEncoded("status".into(), "READY".into()))
        .with_body(ok(json!({"images": [image("img-1", "READY")], "total": 1})))
        .create_async()
        .await;
    h.get("/v1/images/img-1", json!({"image": image("img-1", "READY")}))
        .await;
    h.get(
        "/v1/images",
        json!({"images": [image("img-1", "READY")], "total": 1}),
    )
    .await;
    let download = h
        .json(
            "POST",
            "/v1/images",
            json!({"name": "Debian 12", "url": "https://example.com/image.qcow2", "regionId": "UK-London",
                   "format": "qcow2", "decompress": "gzip"}),
            json!(null),
        )
        .await;
    let delete = h.answer("DELETE", "/v1/images/img-1", 200, ok(json!(null))).await;
    let c = h.typed(100).await;
    let ready = c
        .list_uploads_filtered(UploadKind::DiskImage, Some("READY"))
        .await
        .unwrap();
    list.assert_async().await;
    assert_eq!(ready[0].format.as_deref(), Some("qcow2"));
    assert_eq!(ready[0].size_gb, Some(2.0));
    use fleetdeck_core::UploadApi;
    assert_eq!(
        c.get_upload(UploadKind::DiskImage, "img-1").await.unwrap().id,
        "img-1"
    );
    let job = c
        .download_upload(&UploadRequest {
            kind: UploadKind::DiskImage,
            name: "Debian 12".into(),
            url: "https://example.com/image.qcow2".into(),
            region: Some("UK-London".into()),
            use_virtio: None,
            format: Some("qcow2".into()),
            decompress: Some("gzip".into()),
        })
        .await
        .unwrap()
        .job
        .unwrap();
    download.assert_async().await;
    // No id in the answer: the new image is the one of that name not known before.
    match job.tracking {
        Tracking::FindNew {
            resource: ResourceKind::CustomImage,
            matcher,
            ..
        } => {
            assert_eq!(matcher.label.as_deref(), Some("Debian 12"));
            assert_eq!(matcher.known_ids, vec!["img-1"]);
        }
        other => panic!("{other:?}"),
    }
    c.delete_upload(UploadKind::DiskImage, "img-1").await.unwrap();
    delete.assert_async().await;
    let e = c
        .download_upload(&UploadRequest {
            kind: UploadKind::DiskImage,
            name: "x".into(),
            url: "file:///etc/passwd".into(),
            region: Some("UK-London".into()),
            use_virtio: None,
            format: None,
            decompress: None,
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

#[tokio::test]
async fn snapshots_list_with_every_filter_and_both_spellings() {
    let mut h = Harness::new().await;
    let m = h
        .server
        .mock("GET", "/v1/snapshots")
        .match_query(Matcher::AllOf(vec![
            Matcher::UrlEncoded("instance_id".into(), "i-1".into()),
            Matcher::UrlEncoded("instanceId".into(), "i-1".into()),
            Matcher::UrlEncoded("is_automated_backup".into(), "true".into()),
            Matcher::UrlEncoded("status".into(), "ACTIVE".into()),
            Matcher::UrlEncoded("page".into(), "1".into()),
        ]))
        .with_body(ok(
            json!({"snapshots": [snapshot("s-1", "i-1", "ACTIVE", 1767225600)], "total": 1}),
        ))
        .create_async()
        .await;
    let c = h.typed(100).await;
    let got = c
        .list_snapshots_filtered(&SnapshotQuery {
            instance_id: Some("i-1".into()),
            automated_backup: Some(true),
            status: Some("ACTIVE".into()),
        })
        .await
        .unwrap();
    m.assert_async().await;
    let s = &got[0];
    assert_eq!((s.id.as_str(), s.server_id.as_deref()), ("s-1", Some("i-1")));
    assert_eq!(s.status, SnapshotStatus::Ready);
    assert_eq!(s.size_gb, Some(50.0));
    assert_eq!(s.created_at.map(|d| d.timestamp()), Some(1767225600));
    assert_eq!(s.regions, vec!["DE-Frankfurt"]);
    assert_eq!(s.extra["isInstanceDeleted"], false);
}

#[tokio::test]
async fn snapshots_page_by_number() {
    let mut h = Harness::new().await;
    for (n, id) in [(1, "s-1"), (2, "s-2")] {
        h.server
            .mock("GET", "/v1/snapshots")
            .match_query(Matcher::UrlEncoded("page".into(), n.to_string()))
            .with_body(ok(
                json!({"snapshots": [snapshot(id, "i-1", "ACTIVE", 1)], "total": 2}),
            ))
            .create_async()
            .await;
    }
    let c = h.typed(1).await;
    use fleetdeck_core::SnapshotApi;
    assert_eq!(c.list_snapshots(None).await.unwrap().len(), 2);
}

#[tokio::test]
async fn snapshot_create_get_delete_restore() {
    let mut h = Harness::new().await;
    let before = h
        .server
        .mock("GET", "/v1/snapshots")
        .match_query(Matcher::UrlEncoded("instanceId".into(), "i-1".into()))
        .with_body(ok(
            json!({"snapshots": [snapshot("s-old", "i-1", "ACTIVE", 1)], "total": 1}),
        ))
        .create_async()
        .await;
    let create = h
        .server
        .mock("POST", "/v1/snapshots")
        .match_body(Matcher::Json(json!({"instanceId": "i-1"})))
        .with_body(ok(json!(null)))
        .create_async()
        .await;
    h.get(
        "/v1/snapshots/s-old",
        json!({"snapshot": snapshot("s-old", "i-1", "ACTIVE", 1)}),
    )
    .await;
    let delete = h
        .answer("DELETE", "/v1/snapshots/s-old", 200, ok(json!(null)))
        .await;
    let restore = h
        .answer("POST", "/v1/snapshots/s-old/restore", 200, ok(json!(null)))
        .await;
    let c = h.client().await;
    let s = c.snapshots().unwrap();
    let out = s.create_snapshot("i-1", Some("my name")).await.unwrap();
    before.assert_async().await;
    create.assert_async().await;
    assert!(out.message.unwrap().contains("names snapshots itself"));
    let job = out.job.unwrap();
    assert_eq!(job.kind, JobKind::SnapshotCreate);
    match job.tracking {
        Tracking::FindNew {
            resource: ResourceKind::Snapshot,
            matcher,
            until: Condition::Ready,
        } => {
            assert_eq!(matcher.server_id.as_deref(), Some("i-1"));
            assert_eq!(matcher.known_ids, vec!["s-old"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.get_snapshot("s-old").await.unwrap().name, "snap-s-old");
    assert!(s.delete_snapshot("s-old").await.unwrap().job.is_none());
    let job = s
        .restore_snapshot("s-old", Some("i-1"))
        .await
        .unwrap()
        .job
        .unwrap();
    assert_eq!(job.kind, JobKind::SnapshotRestore);
    assert_eq!(job.server_id.as_deref(), Some("i-1"));
    delete.assert_async().await;
    restore.assert_async().await;
}

fn profile_json(instance: &str, frequency: &str) -> serde_json::Value {
    json!({"instanceId": instance, "instanceData": {"hostname": "web"}, "status": "active",
           "monthlyPrice": 1.5, "feePercentage": 20, "scheduleFrequency": frequency,
           "scheduleWeekDays": ["Monday", "Friday"], "maxFiles": 4, "periodId": 7,
           "lastSuccessfulBackupTime": 1767225600,
           "backupFiles": [snapshot("b-1", instance, "ACTIVE", 1767225600)], "createdAt": 1767000000})
}

#[tokio::test]
async fn backup_profiles_crud() {
    let mut h = Harness::new().await;
    let list = h
        .server
        .mock("GET", "/v1/backups")
        .match_query(Matcher::UrlEncoded("status".into(), "active".into()))
        .with_body(ok(json!({"backups": [profile_json("i-1", "daily")]})))
        .create_async()
        .await;
    h.get(
        "/v1/backups",
        json!([profile_json("i-1", "daily"), profile_json("i-2", "weekly")]),
    )
    .await;
    h.get("/v1/backups/i-1", profile_json("i-1", "daily")).await;
    let create = h
        .server
        .mock("POST", "/v1/backups")
        .match_body(Matcher::Json(
            json!({"instanceId": "i-3", "scheduleFrequency": "daily", "periodId": 30,
                                         "scheduleWeekDays": ["Monday", "Wednesday", "Friday"]}),
        ))
        .with_body(ok(json!(null)))
        .create_async()
        .await;
    let update = h
        .server
        .mock("PUT", "/v1/backups")
        .match_body(Matcher::Json(
            json!({"instanceId": "i-3", "scheduleFrequency": "weekly", "periodId": 7,
                                         "scheduleWeekDays": ["Sunday"]}),
        ))
        .with_body(ok(json!(null)))
        .create_async()
        .await;
    let delete = h.answer("DELETE", "/v1/backups/i-3", 200, ok(json!(null))).await;
    let c = h.typed(100).await;
    let active = c.list_backup_profiles(Some("active")).await.unwrap();
    list.assert_async().await;
    assert_eq!(active.len(), 1);
    use fleetdeck_core::BackupApi;
    let all = c.list_backup_policies().await.unwrap();
    assert_eq!(all.len(), 2);
    let p = c.get_backup_policy("i-1").await.unwrap();
    assert_eq!(
        (p.server_id.as_str(), p.status.as_str(), p.frequency.as_str()),
        ("i-1", "active", "daily")
    );
    assert_eq!(p.weekdays, vec!["Monday", "Friday"]);
    assert_eq!((p.retention_id, p.max_files), (Some(7), Some(4)));
    assert_eq!(p.monthly_price.as_ref().unwrap().amount, "1.5");
    assert_eq!(p.last_success_at.map(|d| d.timestamp()), Some(1767225600));
    assert_eq!(p.backups.len(), 1);
    assert!(p.backups[0].automated);
    c.set_backup_policy(
        &BackupPolicyRequest {
            server_id: "i-3".into(),
            frequency: "daily".into(),
            retention_id: 30,
            weekdays: vec!["Monday".into(), "Wednesday".into(), "Friday".into()],
        },
        false,
    )
    .await
    .unwrap();
    c.set_backup_policy(
        &BackupPolicyRequest {
            server_id: "i-3".into(),
            frequency: "weekly".into(),
            retention_id: 7,
            weekdays: vec!["Sunday".into()],
        },
        true,
    )
    .await
    .unwrap();
    c.delete_backup_policy("i-3").await.unwrap();
    create.assert_async().await;
    update.assert_async().await;
    delete.assert_async().await;
    // Backups as single files are not offered (the profiles hold them).
    assert_eq!(
        c.list_backups(None).await.unwrap_err().code(),
        ErrorCode::Unsupported
    );
}

#[tokio::test]
async fn an_admin_token_retries_key_calls_with_the_customer_id() {
    let mut h = Harness::new().await;
    // With the customer id (created first: mockito prefers the earliest mock still awaiting hits).
    let list = h
        .server
        .mock("GET", "/v1/ssh-keys")
        .match_query(Matcher::UrlEncoded("customerId".into(), "c-42".into()))
        .with_body(ok(json!([key(5, "ops")])))
        .expect(1)
        .create_async()
        .await;
    let create = h
        .server
        .mock("POST", "/v1/ssh-keys")
        .match_body(Matcher::PartialJson(
            json!({"name": "ops2", "customerId": "c-42"}),
        ))
        .with_body(ok(key(6, "ops2")))
        .expect(1)
        .create_async()
        .await;
    let refusal = failed(400, "A customer id is required for this token");
    let refused_list = h.answer_n("GET", "/v1/ssh-keys", 400, refusal.clone(), 1).await;
    let refused_create = h.answer_n("POST", "/v1/ssh-keys", 400, refusal, 1).await;
    let profile = h
        .get(
            "/v1/profile",
            json!({"id": "c-42", "email": "reseller@example.com"}),
        )
        .await;
    let c = h.client().await;
    let keys = c.ssh_keys().unwrap();
    assert_eq!(keys.list_ssh_keys().await.unwrap()[0].id, "5");
    let made = keys
        .create_ssh_key("ops2", Some("ssh-ed25519 AAAAC3Nza6 ops2"))
        .await
        .unwrap();
    assert_eq!(made.key.id, "6");
    for m in [list, create, refused_list, refused_create, profile] {
        m.assert_async().await;
    }
}
