//! Which dialect a server speaks: configured, or detected from `GET /1.0` (docs/wire-decisions.md),
//! and what that changes (capabilities, the LXD-only groups); the credential check.

mod common;

use common::*;
use fleetdeck_core::{ErrorCode, LxdFlavour};
use mockito::Matcher;
use serde_json::json;

#[tokio::test]
async fn lxd_is_detected_from_the_environment() {
    let mut h = Harness::new().await;
    let root = h
        .mock("GET", "/1.0")
        .with_body(root("lxd"))
        .expect(1)
        .create_async()
        .await;
    let list = h
        .mock_query(
            "GET",
            "/1.0/instances",
            Matcher::UrlEncoded("recursion".into(), "2".into()),
        )
        .with_body(sync(json!([])))
        .expect(2)
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Auto).await;
    assert_eq!(p.capabilities().dialect, "vz/LXD (flavour not yet known)");
    assert!(
        !p.capabilities().snapshots.list,
        "before detection: only what both offer"
    );
    p.servers().list_servers().await.unwrap();
    p.servers().list_servers().await.unwrap();
    root.assert_async().await; // asked once, remembered
    list.assert_async().await;
    assert_eq!(p.capabilities().dialect, "LXD");
    assert!(p.capabilities().snapshots.list && p.snapshots().is_some());
}

#[tokio::test]
async fn vz_is_detected_from_the_environment() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0")
        .with_body(vz_sync(json!({"environment": {"server": "vz"}})))
        .create_async()
        .await;
    h.mock("GET", "/1.0/vz")
        .with_body(vz_sync(json!([])))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Auto).await;
    assert!(p.servers().list_servers().await.unwrap().is_empty());
    let caps = p.capabilities();
    assert_eq!(caps.dialect, "vz (seed API)");
    assert!(caps.servers.freeze && !caps.snapshots.list && !caps.backups.list);
    assert!(p.snapshots().is_none() && p.backups().is_none() && p.catalog().is_none());
}

#[tokio::test]
async fn a_server_that_does_not_say_is_vz_when_the_vz_collection_answers() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0")
        .with_status(404)
        .with_body(error(404, "not found"))
        .create_async()
        .await;
    h.mock("GET", "/1.0/vz")
        .with_body(vz_sync(json!([])))
        .expect_at_least(1)
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Auto).await;
    p.servers().list_servers().await.unwrap();
    assert_eq!(p.capabilities().dialect, "vz (seed API)");
}

#[tokio::test]
async fn an_untrusted_lxd_without_environment_is_still_lxd() {
    // LXD shows no environment to an untrusted client; /1.0/vz is a 404 there.
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0")
        .with_body(sync(
            json!({"api_extensions": ["etag"], "api_version": "1.0", "auth": "untrusted"}),
        ))
        .create_async()
        .await;
    h.mock("GET", "/1.0/vz")
        .with_status(404)
        .with_body(error(404, "not found"))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Auto).await;
    let e = p.check().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Auth);
    assert!(e.to_string().contains("does not trust this client"), "{e}");
    assert_eq!(p.capabilities().dialect, "LXD");
}

#[tokio::test]
async fn an_unknown_server_asks_for_the_flavour() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0").with_body("{}").create_async().await;
    h.mock("GET", "/1.0/vz").with_status(404).create_async().await;
    let p = h.client(LxdFlavour::Auto).await;
    let e = p.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Provider);
    assert!(e.to_string().contains("choose the flavour"), "{e}");
}

#[tokio::test]
async fn a_configured_flavour_sends_no_detection() {
    let mut h = Harness::new().await;
    let root = h.mock("GET", "/1.0").expect(0).create_async().await;
    h.mock("GET", "/1.0/vz")
        .with_body(vz_sync(json!([])))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Vz).await;
    p.servers().list_servers().await.unwrap();
    root.assert_async().await;
}

#[tokio::test]
async fn check_reports_the_server() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0").with_body(root("lxd")).create_async().await;
    let p = h.client(LxdFlavour::Lxd).await;
    let profile = p.check().await.unwrap();
    assert_eq!(profile.name.as_deref(), Some("node1"));
    assert_eq!(profile.extra["serverVersion"], "5.0.2");
    assert_eq!(profile.extra["flavour"], "LXD");
    assert!(!profile.raw.to_string().contains("BEGIN CERTIFICATE"));
}

#[tokio::test]
async fn check_on_vz_also_reads_the_list() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0")
        .with_body(vz_sync(json!({"environment": {"server": "vz"}})))
        .create_async()
        .await;
    h.mock("GET", "/1.0/vz")
        .with_status(401)
        .with_body(
            json!({"type": "error", "error": "failure", "error_code": 401, "metadata": {}}).to_string(),
        )
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Vz).await;
    assert_eq!(p.check().await.unwrap_err().code(), ErrorCode::Auth);
}

#[tokio::test]
async fn the_project_goes_with_every_lxd_request() {
    let mut h = Harness::new().await;
    let m = h
        .mock_query(
            "GET",
            "/1.0/instances",
            Matcher::AllOf(vec![
                Matcher::UrlEncoded("recursion".into(), "2".into()),
                Matcher::UrlEncoded("project".into(), "web".into()),
            ]),
        )
        .with_body(sync(json!([])))
        .create_async()
        .await;
    let mut s = settings(LxdFlavour::Lxd);
    s.project = Some("web".into());
    let p = h.client_settings(s).await;
    p.servers().list_servers().await.unwrap();
    m.assert_async().await;
}

#[tokio::test]
async fn the_flavour_is_reported_for_the_host_to_store() {
    // Configured: answered without a request (no mock exists for `GET /1.0`).
    let h = Harness::new().await;
    assert_eq!(
        h.client(LxdFlavour::Vz).await.lxd_flavour().await.unwrap(),
        Some(LxdFlavour::Vz)
    );
    assert_eq!(
        h.client(LxdFlavour::Lxd).await.lxd_flavour().await.unwrap(),
        Some(LxdFlavour::Lxd)
    );

    // Auto: the credential check detects it; asking afterwards sends nothing more.
    let mut h = Harness::new().await;
    let root = h
        .mock("GET", "/1.0")
        .with_body(root("lxd"))
        .expect(2) // one detection, one check
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Auto).await;
    p.check().await.unwrap();
    assert_eq!(p.lxd_flavour().await.unwrap(), Some(LxdFlavour::Lxd));
    assert_eq!(p.lxd_flavour().await.unwrap(), Some(LxdFlavour::Lxd));
    root.assert_async().await;
    assert!(p.capabilities().snapshots.create && p.capabilities().backups.delete);

    // Auto, asked directly: one detection.
    let mut h = Harness::new().await;
    let root = h
        .mock("GET", "/1.0")
        .with_body(vz_sync(json!({"environment": {"server": "vz"}})))
        .expect(1)
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Auto).await;
    assert_eq!(p.lxd_flavour().await.unwrap(), Some(LxdFlavour::Vz));
    root.assert_async().await;
}

#[tokio::test]
async fn a_server_that_cannot_be_reached_reports_no_flavour_but_the_error() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0")
        .with_status(401)
        .with_body(error(401, "not authorized"))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Auto).await;
    assert_eq!(p.lxd_flavour().await.unwrap_err().code(), ErrorCode::Auth);
}
