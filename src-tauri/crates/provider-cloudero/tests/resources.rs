//! Catalog, snapshots, SSH keys, tags, billing, usage and events: every endpoint with its answer
//! shapes, quirks and the error envelope.

mod common;

use common::*;
use fleetdeck_core::job::{Condition, JobKind, JobStatus, ResourceKind, Tracking};
use fleetdeck_core::{ErrorCode, ImageKind, PricePeriod, SnapshotStatus};
use mockito::Matcher;
use serde_json::json;

// ---------------------------------------------------------------- catalog (public)

#[tokio::test]
async fn regions_packages_images_and_applications() {
    let mut h = Harness::new().await;
    h.server
        .mock("GET", "/v1/region/list")
        .with_body(ok(json!([
            {"slug": "ist1", "name": "Ist-01", "country": "TR", "status": false},
            {"slug": "ist2", "name": "Ist-02", "country": "TR", "status": true}
        ])))
        .create_async()
        .await;
    h.server
        .mock("GET", "/v1/package/list")
        .with_body(ok(json!([
            {"slug": "eos1", "cpu": 1, "ram": 1, "disk": 20, "bandwidth": 1, "hourly_price": "0.0074",
             "monthly_price": "5.0000", "regions": ["ist1", "izml", "ist2"]},
            {"slug": "eos9", "cpu": 8, "ram": 16, "disk": "320", "bandwidth": 10, "hourly_price": 0.3,
             "monthly_price": "200.0000", "regions": ["izml"]}
        ])))
        .create_async()
        .await;
    let templates = h
        .server
        .mock("GET", "/v1/image/list")
        .match_query(Matcher::UrlEncoded("type".into(), "template".into()))
        .with_body(ok(json!([
            {"name": "Ubuntu 16.04.3", "slug": "ubuntu-16-04-x64", "type": "template",
             "distribution": "Ubuntu", "regions": ["ist2"], "min_disk_size": null},
            {"name": "CentOS", "slug": "centos-7", "type": "Template", "distribution": "CentOS",
             "regions": ["izml"], "min_disk_size": "20"}
        ])))
        .create_async()
        .await;
    let apps = h
        .server
        .mock("GET", "/v1/image/list")
        .match_query(Matcher::UrlEncoded("type".into(), "application".into()))
        .with_body(ok(json!([
            {"name": "Wordpress", "slug": "wordpress", "type": "application", "distribution": "Ubuntu",
             "regions": ["ist2"], "min_cpu": null, "min_ram": 1, "min_disk_size": null}
        ])))
        .create_async()
        .await;
    let c = h.client().await;
    let cat = c.catalog().unwrap();

    let regions = cat.list_regions().await.unwrap();
    assert_eq!(regions.len(), 2);
    assert_eq!(regions[0].available, Some(false));
    assert_eq!(regions[1].id, "ist2");
    assert_eq!(regions[1].country.as_deref(), Some("TR"));
    assert_eq!(regions[1].account, ACCOUNT);

    let plans = cat.list_plans(None).await.unwrap();
    assert_eq!(plans.len(), 2);
    let eos1 = &plans[0];
    assert_eq!(
        (eos1.vcpus, eos1.memory_mb, eos1.disk_gb, eos1.bandwidth_gb),
        (Some(1), Some(1024), Some(20), Some(1000))
    );
    assert_eq!(eos1.prices.len(), 2);
    assert_eq!(eos1.prices[0].period, PricePeriod::Hourly);
    assert_eq!(
        eos1.prices[0].amount.amount, "0.0074",
        "money keeps its precision"
    );
    assert_eq!(eos1.prices[1].amount.amount, "5.0000");
    assert_eq!(
        eos1.prices[1].amount.currency, None,
        "Cloude.ro states no currency"
    );
    assert_eq!(plans[1].disk_gb, Some(320));
    assert_eq!(
        cat.list_plans(Some("ist2")).await.unwrap().len(),
        1,
        "filtered by region"
    );

    let images = cat.list_images(None).await.unwrap();
    assert_eq!(images.len(), 2);
    assert_eq!(images[0].kind, ImageKind::Os);
    assert_eq!(images[0].family.as_deref(), Some("Ubuntu"));
    assert_eq!(images[1].min_disk_gb, Some(20));
    assert_eq!(cat.list_images(Some("ist2")).await.unwrap().len(), 1);

    let apps_list = cat.list_applications().await.unwrap();
    assert_eq!(apps_list.len(), 1);
    assert_eq!(apps_list[0].kind, ImageKind::Application);
    assert_eq!(apps_list[0].min_memory_mb, Some(1024));
    templates.expect(2).assert_async().await;
    apps.assert_async().await;
}

#[tokio::test]
async fn a_public_endpoint_error_is_typed() {
    let mut h = Harness::new().await;
    h.fail("GET", "/v1/region/list", 500, "Database unavailable")
        .await;
    let c = h.client().await;
    let e = c.catalog().unwrap().list_regions().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Provider);
    assert!(e.to_string().contains("Database unavailable"));
}

// ---------------------------------------------------------------- snapshots

#[tokio::test]
async fn snapshots_of_the_account_and_of_one_server() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.get(
        "/v1/snapshot/list",
        &t,
        json!([
            {"id": 1000, "name": "before-upgrade", "subscription_id": 1595, "size": 20, "state": "Active",
             "created_at": "2018-06-20T15:21:41Z"},
            {"id": "1001", "name": "nightly", "server_id": "1595", "size": "40", "status": "pending"},
            {"id": 1002, "name": "old", "subscription_id": 7, "state": "FAILED"},
            {"id": 1003, "state": "Restoring"}
        ]),
    )
    .await;
    h.get(
        "/v1/server/1595/snapshots",
        &t,
        json!([{"id": 1000, "name": "before-upgrade", "size": 20, "state": "active"}]),
    )
    .await;
    let c = h.client().await;
    let snaps = c.snapshots().unwrap();
    let all = snaps.list_snapshots(None).await.unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[0].status, SnapshotStatus::Ready);
    assert_eq!(all[0].server_id.as_deref(), Some("1595"));
    assert_eq!(all[0].size_gb, Some(20.0));
    assert!(all[0].created_at.is_some());
    assert_eq!(all[1].status, SnapshotStatus::Pending);
    assert_eq!(
        all[1].server_id.as_deref(),
        Some("1595"),
        "server_id for subscription_id"
    );
    assert_eq!(all[1].size_gb, Some(40.0));
    assert_eq!(all[2].status, SnapshotStatus::Failed);
    assert_eq!(all[3].status, SnapshotStatus::Restoring);
    assert_eq!(all[3].name, "1003");
    let one = snaps.list_snapshots(Some("1595")).await.unwrap();
    assert_eq!(
        one[0].server_id.as_deref(),
        Some("1595"),
        "the server comes from the path"
    );
    assert_eq!(snaps.get_snapshot("1001").await.unwrap().name, "nightly");
    assert_eq!(
        snaps.get_snapshot("5").await.unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn snapshot_create_delete_restore() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let create = h
        .form(
            "POST",
            "/v1/snapshot/create",
            &t,
            &[("id", "1"), ("name", "SnapTest03")],
            json!({"event_id": 300}),
        )
        .await;
    let destroy = h
        .form(
            "DELETE",
            "/v1/snapshot/destroy",
            &t,
            &[("id", "1072")],
            json!(true),
        )
        .await;
    let restore = h
        .form(
            "POST",
            "/v1/server/1595/restore_from_snapshot",
            &t,
            &[
                ("snapshot_id", "1000"),
                ("subscription_id", "1595"),
                ("id", "1595"),
            ],
            json!({"event_id": 301}),
        )
        .await;
    let c = h.client().await;
    let snaps = c.snapshots().unwrap();

    let job = snaps
        .create_snapshot("1", Some("SnapTest03"))
        .await
        .unwrap()
        .job
        .unwrap();
    create.assert_async().await;
    assert_eq!(job.kind, JobKind::SnapshotCreate);
    assert_eq!(job.server_id.as_deref(), Some("1"));
    assert_eq!(job.tracking, Tracking::Event { id: "300".into() });

    let out = snaps.delete_snapshot("1072").await.unwrap();
    destroy.assert_async().await;
    assert!(out.job.is_none());

    let job = snaps
        .restore_snapshot("1000", Some("1595"))
        .await
        .unwrap()
        .job
        .unwrap();
    restore.assert_async().await;
    assert_eq!(
        (job.kind, job.target.as_deref()),
        (JobKind::SnapshotRestore, Some("1595"))
    );
    assert_eq!(job.tracking, Tracking::Event { id: "301".into() });
}

#[tokio::test]
async fn snapshot_create_without_a_name_or_an_event() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let m = h
        .server
        .mock("POST", "/v1/snapshot/create")
        .match_header("authorization", format!("Bearer {t}").as_str())
        .match_body(Matcher::Regex("name=snapshot-20260301-120000".into()))
        .with_body(ok(json!(true)))
        .create_async()
        .await;
    let c = h.client().await;
    let job = c
        .snapshots()
        .unwrap()
        .create_snapshot("9", None)
        .await
        .unwrap()
        .job
        .unwrap();
    m.assert_async().await;
    match job.tracking {
        Tracking::FindNew {
            resource: ResourceKind::Snapshot,
            matcher,
            until: Condition::Ready,
        } => {
            assert_eq!(matcher.label.as_deref(), Some("snapshot-20260301-120000"));
            assert_eq!(matcher.server_id.as_deref(), Some("9"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn restore_finds_the_server_of_the_snapshot() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.get(
        "/v1/snapshot/list",
        &t,
        json!([{"id": 1000, "subscription_id": 1595}, {"id": 5}]),
    )
    .await;
    let m = h
        .form(
            "POST",
            "/v1/server/1595/restore_from_snapshot",
            &t,
            &[("snapshot_id", "1000")],
            json!(true),
        )
        .await;
    let c = h.client().await;
    let out = c
        .snapshots()
        .unwrap()
        .restore_snapshot("1000", None)
        .await
        .unwrap();
    m.assert_async().await;
    assert!(out.job.is_none() && out.message.is_some());
    let e = c
        .snapshots()
        .unwrap()
        .restore_snapshot("5", None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let e = c
        .snapshots()
        .unwrap()
        .restore_snapshot("77", None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn snapshot_rename_is_unsupported() {
    let h = Harness::new().await;
    let c = h.client().await;
    let e = c
        .snapshots()
        .unwrap()
        .rename_snapshot("1", "x")
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported);
}

// ---------------------------------------------------------------- SSH keys

const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFHa+jmnrPMTwe0fmOMPX7KCyU1WaIu7X5//2bI+u6zg test";
const KEY_MD5: &str = "81:ac:c1:01:c0:fb:17:19:55:8f:60:67:4f:a4:a0:82";

#[tokio::test]
async fn ssh_key_list_is_a_map_keyed_by_name() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let m = h
        .get(
            "/v1/sshkey/list",
            &t,
            json!({
                "SSHTest": {"name": "SSHTest", "public_key": "ssh-rsa AAAAB3NzaC1yc2E= rsa-key-20180621",
                            "fingerprint": "d3:b7:6f:c7:c4:93:6e:35:5d:93:52:4a:3b:84:72:9d"},
                "laptop": {"public_key": KEY}
            }),
        )
        .await;
    let c = h.client().await;
    let keys = c.ssh_keys().unwrap().list_ssh_keys().await.unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0].id, "d3:b7:6f:c7:c4:93:6e:35:5d:93:52:4a:3b:84:72:9d");
    assert_eq!(keys[0].name, "SSHTest");
    assert_eq!(
        keys[1].name, "laptop",
        "the map key names a key without a name field"
    );
    assert_eq!(
        keys[1].id, KEY_MD5,
        "a missing fingerprint is computed (MD5, as Cloude.ro uses)"
    );
    // An account without keys answers an empty PHP array: `[]`.
    m.remove_async().await;
    h.get("/v1/sshkey/list", &t, json!([])).await;
    assert!(c.ssh_keys().unwrap().list_ssh_keys().await.unwrap().is_empty());
}

#[tokio::test]
async fn ssh_key_create_rename_delete() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let create = h
        .form(
            "POST",
            "/v1/sshkey/create",
            &t,
            &[("name", "Test SSHKey"), ("public_key", KEY)],
            json!(true),
        )
        .await;
    let list = h
        .get(
            "/v1/sshkey/list",
            &t,
            json!({"Test SSHKey": {"name": "Test SSHKey", "public_key": KEY, "fingerprint": KEY_MD5}}),
        )
        .await;
    let c = h.client().await;
    let keys = c.ssh_keys().unwrap();
    let created = keys.create_ssh_key("Test SSHKey", Some(KEY)).await.unwrap();
    create.assert_async().await;
    assert_eq!(created.key.id, KEY_MD5);
    assert!(created.private_key.is_none());

    let update = h
        .form(
            "PUT",
            "/v1/sshkey/update",
            &t,
            &[("fingerprint", KEY_MD5), ("name", "SSTest2")],
            json!(true),
        )
        .await;
    list.remove_async().await;
    h.get(
        "/v1/sshkey/list",
        &t,
        json!({"SSTest2": {"name": "SSTest2", "public_key": KEY, "fingerprint": KEY_MD5}}),
    )
    .await;
    let renamed = keys.rename_ssh_key(KEY_MD5, "SSTest2").await.unwrap();
    update.assert_async().await;
    assert_eq!(renamed.name, "SSTest2");

    let destroy = h
        .form(
            "DELETE",
            "/v1/sshkey/destroy",
            &t,
            &[("fingerprint", KEY_MD5)],
            json!(true),
        )
        .await;
    keys.delete_ssh_key(KEY_MD5).await.unwrap();
    destroy.assert_async().await;

    let e = keys.create_ssh_key("gen", None).await.unwrap_err();
    assert_eq!(
        e.code(),
        ErrorCode::InvalidInput,
        "Cloude.ro cannot generate keys"
    );
}

#[tokio::test]
async fn ssh_key_create_error_and_fallback_description() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let m = h
        .fail("POST", "/v1/sshkey/create", 400, "Public key is invalid")
        .await;
    let c = h.client().await;
    let e = c
        .ssh_keys()
        .unwrap()
        .create_ssh_key("k", Some("ssh-rsa nope"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(e.to_string().contains("Public key is invalid"));
    m.remove_async().await;
    // Created, but the list does not show it yet: described from what was sent.
    h.form("POST", "/v1/sshkey/create", &t, &[], json!(true)).await;
    h.get("/v1/sshkey/list", &t, json!([])).await;
    let k = c
        .ssh_keys()
        .unwrap()
        .create_ssh_key("fresh", Some(KEY))
        .await
        .unwrap();
    assert_eq!((k.key.id.as_str(), k.key.name.as_str()), (KEY_MD5, "fresh"));
}

// ---------------------------------------------------------------- tags

#[tokio::test]
async fn tags_many_to_many_list_update_destroy() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let create = h
        .server
        .mock("POST", "/v1/tags/create")
        .match_header("authorization", format!("Bearer {t}").as_str())
        .match_body(Matcher::Exact(
            "sub_ids%5B%5D=1515&sub_ids%5B%5D=1520&tags%5B%5D=web1&tags%5B%5D=ftp1".into(),
        ))
        .with_body(ok(json!(true)))
        .create_async()
        .await;
    h.get(
        "/v1/tags/list",
        &t,
        json!([{"count": 2, "tag": "web1", "created_at": null}, {"count": "1", "tag": "ftp1", "created_at": "2018-06-20T15:21:41Z"}]),
    )
    .await;
    let update = h
        .form(
            "PUT",
            "/v1/tags/update",
            &t,
            &[("sub_id", "79"), ("tags", "web1 db")],
            json!(true),
        )
        .await;
    let destroy = h
        .form("DELETE", "/v1/tags/destroy", &t, &[("tag", "ftp1")], json!(true))
        .await;
    let c = h.client().await;
    let tags = c.tags().unwrap();
    tags.tag_servers(&["web1".into(), "ftp1".into()], &["1515".into(), "1520".into()])
        .await
        .unwrap();
    create.assert_async().await;
    let list = tags.list_tags().await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!((list[0].name.as_str(), list[0].count), ("web1", Some(2)));
    assert!(list[0].created_at.is_none());
    assert_eq!(list[1].count, Some(1));
    assert!(list[1].created_at.is_some());
    tags.set_server_tags("79", &["web1".into(), "db".into()])
        .await
        .unwrap();
    update.assert_async().await;
    tags.delete_tag("ftp1").await.unwrap();
    destroy.assert_async().await;
    let e = tags
        .set_server_tags("79", &["has space".into()])
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let e = tags.tag_servers(&[], &["1".into()]).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

#[tokio::test]
async fn tag_errors_use_the_envelope() {
    let mut h = Harness::new().await;
    h.logged_in().await;
    h.fail("DELETE", "/v1/tags/destroy", 404, "Tag not found").await;
    let c = h.client().await;
    let e = c.tags().unwrap().delete_tag("nope").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert_eq!(e.to_string(), "ro-main: Tag not found");
}

// ---------------------------------------------------------------- billing

#[tokio::test]
async fn account_information_with_balance() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.get(
        "/v1/user/info",
        &t,
        json!({"name": "Umut Karacaoğlan", "email": "team@cloud.ro", "balance": 6.25,
               "register_date": "2017-11-13T14:46:40Z", "last_login_date": "2018-01-08T14:39:39Z",
               "is_verified": false, "api_token": "leak?"}),
    )
    .await;
    let c = h.client().await;
    let p = c.check().await.unwrap();
    assert_eq!(p.account, ACCOUNT);
    assert_eq!(p.name.as_deref(), Some("Umut Karacaoğlan"));
    assert_eq!(p.email.as_deref(), Some("team@cloud.ro"));
    let balance = p.balance.unwrap();
    assert_eq!((balance.amount.as_str(), balance.currency), ("6.25", None));
    assert_eq!(p.verified, Some(false));
    assert!(p.registered_at.is_some() && p.last_login_at.is_some());
    assert!(p.raw.get("api_token").is_none() && !p.extra.contains_key("api_token"));
}

#[tokio::test]
async fn balance_as_a_string_and_a_currency() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.get(
        "/v1/user/info",
        &t,
        json!([{"name": "x", "balance": "12.5000", "currency": "EUR"}]),
    )
    .await;
    let c = h.client().await;
    let b = c.billing().unwrap().profile().await.unwrap().balance.unwrap();
    assert_eq!(
        (b.amount.as_str(), b.currency.as_deref()),
        ("12.5000", Some("EUR"))
    );
}

#[tokio::test]
async fn invoices_and_transactions() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.get(
        "/v1/invoice/list",
        &t,
        json!([
            {"id": 1, "number": "CR-2026-0001", "amount": "10.0000", "status": "paid",
             "created_at": "2026-01-01T00:00:00Z", "due_date": "2026-01-15", "paid_at": "2026-01-02T10:00:00Z"},
            {"id": 2, "number": "CR-2026-0002", "amount": 5.5, "status": "unpaid", "created_at": "2026-02-01T00:00:00Z",
             "due_date": "2026-02-15", "paid_at": null}
        ]),
    )
    .await;
    h.get(
        "/v1/transaction/list",
        &t,
        json!([
            {"id": 10, "amount": "50.00", "type": "topup", "description": "Card", "created_at": "2026-01-01T00:00:00Z"},
            {"id": 11, "amount": "-10.00", "type": "charge", "description": "eos2", "created_at": "2026-01-02T00:00:00Z"}
        ]),
    )
    .await;
    let c = h.client().await;
    let b = c.billing().unwrap();
    let inv = b.list_invoices().await.unwrap();
    assert_eq!(inv.len(), 2);
    assert_eq!(inv[0].number.as_deref(), Some("CR-2026-0001"));
    assert_eq!(inv[0].amount.as_ref().unwrap().amount, "10.0000");
    assert_eq!(inv[1].amount.as_ref().unwrap().amount, "5.5");
    assert_eq!(inv[0].status.as_deref(), Some("paid"));
    assert!(inv[0].due_at.is_some() && inv[0].paid_at.is_some() && inv[1].paid_at.is_none());
    let tx = b.list_transactions().await.unwrap();
    assert_eq!(tx[1].amount.as_ref().unwrap().amount, "-10.00");
    assert_eq!(tx[1].kind.as_deref(), Some("charge"));
    assert_eq!(tx[0].description.as_deref(), Some("Card"));
}

// ---------------------------------------------------------------- usage

#[tokio::test]
async fn usage_gives_two_series_in_mb() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.server
        .mock("GET", "/v1/usage/list")
        .match_query(Matcher::UrlEncoded("id".into(), "1".into()))
        .match_header("authorization", format!("Bearer {t}").as_str())
        .with_body(ok(
            json!({"incoming": [[125.0859375, 1515678960], [1.5, 1515682560]],
                              "outgoing": [[6.796875, 1515678960]]}),
        ))
        .create_async()
        .await;
    let c = h.client().await;
    let series = c.usage().unwrap().usage("1").await.unwrap();
    assert_eq!(series.len(), 2);
    assert_eq!(
        (series[0].metric.as_str(), series[0].unit.as_str()),
        ("trafficIn", "MB")
    );
    assert_eq!(series[0].points.len(), 2);
    assert_eq!(series[0].points[0].value, 125.0859375);
    assert_eq!(series[0].points[0].at.timestamp(), 1515678960);
    assert_eq!(series[1].metric, "trafficOut");
    assert_eq!(series[1].server_id, "1");
}

#[tokio::test]
async fn usage_with_only_one_series_and_errors() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    // The documentation's second example lacks `outgoing`.
    let m = h
        .server
        .mock("GET", "/v1/usage/list")
        .match_query(Matcher::Any)
        .with_body(ok(json!({"incoming": [[125.0859375, 1515678960]]})))
        .create_async()
        .await;
    let c = h.client().await;
    let series = c.usage().unwrap().usage("1").await.unwrap();
    assert_eq!(series[0].points.len(), 1);
    assert!(series[1].points.is_empty());
    m.remove_async().await;
    h.server
        .mock("GET", "/v1/usage/list")
        .match_query(Matcher::Any)
        .with_status(404)
        .with_body(error("Server not found"))
        .create_async()
        .await;
    assert_eq!(
        c.usage().unwrap().usage("2").await.unwrap_err().code(),
        ErrorCode::NotFound
    );
    let _ = t;
}

// ---------------------------------------------------------------- events

#[tokio::test]
async fn events_list_and_detail() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.get(
        "/v1/event/list",
        &t,
        json!([
            {"id": 375, "event": "VM.START", "status": 0, "subscription_id": 1511,
             "created_at": "2018-06-20T15:21:41Z", "completed_at": "2018-06-20T15:21:46Z"},
            {"id": 376, "event": "VM.STOP", "status": 0, "subscription_id": 1511,
             "created_at": "2018-06-20T15:25:00Z", "completed_at": ""},
            {"id": 377, "event": "VM.CREATE", "status": -1, "subscription_id": 1600, "completed_at": "2018-06-20T15:30:00Z"}
        ]),
    )
    .await;
    h.get(
        "/v1/event/2536",
        &t,
        json!({"id": 2536, "event": "VM.START", "status": 1, "subscription_id": 1511,
               "created_at": "2018-06-20T15:21:41Z", "completed_at": "2018-06-20T15:21:50Z"}),
    )
    .await;
    h.get(
        "/v1/event/2537",
        &t,
        json!([{"id": 2537, "event": "VM.REBOOT", "status": "0"}]),
    )
    .await;
    let c = h.client().await;
    let ev = c.events().unwrap();
    let list = ev.list_events().await.unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(
        list[0].status,
        JobStatus::Succeeded,
        "status 0 with completed_at is finished"
    );
    assert_eq!(list[1].status, JobStatus::Running);
    assert!(list[1].completed_at.is_none());
    assert_eq!(list[2].status, JobStatus::Failed);
    assert_eq!(list[0].target.as_deref(), Some("1511"));
    assert_eq!(list[0].action, "VM.START");
    let one = ev.get_event("2536").await.unwrap();
    assert_eq!((one.id.as_str(), one.status), ("2536", JobStatus::Succeeded));
    assert_eq!(ev.get_event("2537").await.unwrap().status, JobStatus::Running);
    assert_eq!(
        ev.get_event("{event_id}").await.unwrap_err().code(),
        ErrorCode::InvalidInput
    );
}
