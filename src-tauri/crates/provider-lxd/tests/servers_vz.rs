//! The seed's vz API (`/1.0/vz`): list, detail with live usage, create, update configuration,
//! delete, power and freeze via `/state`; bearer token over loopback http.

mod common;

use common::*;
use fleetdeck_core::job::{Condition, JobKind, JobStatus, ResourceKind, Tracking};
use fleetdeck_core::provider::{CreateServerRequest, InstanceSource, ServerAction};
use fleetdeck_core::{ErrorCode, LxdFlavour, ServerStatus};
use mockito::Matcher;
use serde_json::json;

fn container(hostname: &str, status: &str, code: u16) -> serde_json::Value {
    json!({"hostname": hostname, "config": {"limits.cpus": "2"},
           "status": {"status": status, "status_code": code, "machine": [{
               "disk_space": "20GB", "disk_usage": "3GB", "memory": "4GB", "free_memory": "1GB",
               "cpu_load": "12%", "ip_address": "10.8.0.11"}]}})
}

#[tokio::test]
async fn list_expands_ids_into_containers() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/vz")
        .with_body(vz_sync(json!([101, "/1.0/vz/102", 103])))
        .create_async()
        .await;
    h.mock("GET", "/1.0/vz/101")
        .with_body(vz_sync(container("web-fra-01", "Running", 103)))
        .create_async()
        .await;
    h.mock("GET", "/1.0/vz/102")
        .with_body(vz_sync(container("db-primary", "Stopped", 102)))
        .create_async()
        .await;
    // Deleted between the list and its detail: skipped, not an error.
    h.mock("GET", "/1.0/vz/103")
        .with_status(404)
        .with_body(error(404, "not found"))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Vz).await;
    let servers = p.servers().list_servers().await.unwrap();
    assert_eq!(servers.len(), 2);
    let web = &servers[0];
    assert_eq!((web.id.as_str(), web.name.as_str()), ("101", "web-fra-01"));
    assert_eq!(web.status, ServerStatus::Running);
    assert_eq!(
        (web.vcpus, web.memory_mb, web.disk_gb),
        (Some(2), Some(4096), Some(20))
    );
    assert_eq!(web.ipv4, vec!["10.8.0.11"]);
    let u = web.usage.as_ref().unwrap();
    assert_eq!(
        (u.cpu_percent, u.memory_used_mb, u.disk_used_gb),
        (Some(12.0), Some(3072.0), Some(3.0))
    );
    assert_eq!(servers[1].status, ServerStatus::Stopped);
}

#[tokio::test]
async fn a_failing_detail_fails_the_list() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/vz")
        .with_body(vz_sync(json!([101])))
        .create_async()
        .await;
    h.mock("GET", "/1.0/vz/101")
        .with_status(403)
        .with_body(error(403, "forbidden"))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Vz).await;
    assert_eq!(
        p.servers().list_servers().await.unwrap_err().code(),
        ErrorCode::Forbidden
    );
}

#[tokio::test]
async fn create_sends_the_seed_body_and_follows_the_operation() {
    let mut h = Harness::new().await;
    let create = h
        .mock("POST", "/1.0/vz")
        .match_body(Matcher::Json(json!({"hostname": "staging-api", "config": {"limits.cpus": "2"},
            "source": {"type": "image", "properties": {"os": "ubuntu", "release": "14.04", "architecture": "x86_64"}}})))
        .with_status(202)
        .with_header("location", "/1.0/operations/op-1")
        .with_body(json!({"type": "async", "status": "ok", "status_code": 100,
                          "operation": "/1.0/operations/op-1",
                          "resources": {"containers": ["/1.0/vz/104"]}, "metadata": {}}).to_string())
        .create_async()
        .await;
    h.mock_query(
        "GET",
        "/1.0/operations/op-1/wait",
        Matcher::UrlEncoded("timeout".into(), "5".into()),
    )
    .with_body(vz_sync(operation(
        "op-1",
        "Creating container",
        "success",
        200,
        json!({"containers": ["/1.0/vz/104"]}),
        "",
    )))
    .create_async()
    .await;
    let p = h.client(LxdFlavour::Vz).await;
    let req = CreateServerRequest {
        name: "staging-api".into(),
        config: [("limits.cpus".to_owned(), "2".to_owned())].into(),
        source: Some(InstanceSource::Image {
            alias: None,
            fingerprint: None,
            properties: [("os", "ubuntu"), ("release", "14.04"), ("architecture", "x86_64")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        }),
        ..Default::default()
    };
    let out = p.servers().create_server(&req).await.unwrap();
    create.assert_async().await;
    let spec = out.jobs.into_iter().next().unwrap();
    assert_eq!(spec.kind, JobKind::CreateServer);
    assert_eq!(
        spec.target.as_deref(),
        Some("104"),
        "the new container's id from the answer"
    );
    assert_eq!(
        spec.tracking,
        Tracking::Operation {
            url: "/1.0/operations/op-1".into()
        }
    );
    let job = h.run(&p, spec).await;
    assert_eq!(job.status, JobStatus::Succeeded);
    assert_eq!(job.target.as_deref(), Some("104"));
}

#[tokio::test]
async fn a_seed_operation_naming_the_container_polls_its_state() {
    let mut h = Harness::new().await;
    h.mock("PUT", "/1.0/vz/101/state")
        .match_body(Matcher::PartialJson(json!({"action": "start", "force": false})))
        .with_status(202)
        .with_body(
            json!({"type": "async", "status": "ok", "status_code": 100,
                          "operation": "/1.0/vz/101", "resources": {"containers": ["/1.0/vz/101"]},
                          "metadata": {}})
            .to_string(),
        )
        .create_async()
        .await;
    let starting = h
        .mock("GET", "/1.0/vz/101/state")
        .with_body(vz_sync(json!({"status": "Starting", "status_code": 106})))
        .expect(1)
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Vz).await;
    let spec = p
        .servers()
        .server_action("101", &ServerAction::Start)
        .await
        .unwrap()
        .job
        .unwrap();
    assert_eq!(
        spec.tracking,
        Tracking::Poll {
            resource: ResourceKind::Server,
            id: "101".into(),
            until: Condition::Running
        }
    );
    let p2 = p.clone();
    // First poll: starting; then running.
    let first = p2
        .jobs()
        .poll(&spec.tracking, std::time::Duration::from_secs(5))
        .await
        .unwrap();
    assert!(matches!(first, fleetdeck_core::job::JobProgress::Running { .. }));
    starting.assert_async().await;
    h.mock("GET", "/1.0/vz/101/state")
        .with_body(vz_sync(json!({"status": "Running", "status_code": 103})))
        .create_async()
        .await;
    let job = h.run(&p, spec).await;
    assert_eq!(job.status, JobStatus::Succeeded);
    assert_eq!(p.jobs().poll_interval(&job.tracking), tuning().poll_interval);
}

#[tokio::test]
async fn hostnames_are_checked_before_sending() {
    let mut h = Harness::new().await;
    let none = h.mock("POST", "/1.0/vz").expect(0).create_async().await;
    let p = h.client(LxdFlavour::Vz).await;
    for bad in ["a/b", "db:1", "x,y", "ünicode", &"a".repeat(65)] {
        let req = CreateServerRequest {
            name: bad.to_owned(),
            source: Some(InstanceSource::None),
            ..Default::default()
        };
        let e = p.servers().create_server(&req).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{bad}");
        assert_eq!(e.to_payload().details.fields[0].field, "name");
    }
    none.assert_async().await;
}

#[tokio::test]
async fn create_needs_a_source() {
    let h = Harness::new().await;
    let p = h.client(LxdFlavour::Vz).await;
    let req = CreateServerRequest {
        name: "web-1".into(),
        ..Default::default()
    };
    let e = p.servers().create_server(&req).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("choose an image"), "{e}");
}

#[tokio::test]
async fn update_config_is_get_modify_put_with_the_etag() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/vz/101")
        .with_header("etag", "\"v1\"")
        .with_body(vz_sync(container("web-fra-01", "Running", 103)))
        .create_async()
        .await;
    let put = h
        .mock("PUT", "/1.0/vz/101")
        .match_header("if-match", "\"v1\"")
        .match_body(Matcher::Json(
            json!({"hostname": "web-fra-01", "config": {"limits.cpus": "4"}}),
        ))
        .with_status(202)
        .with_body(async_op("op-2", "Updating container", json!({})))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Vz).await;
    let action = ServerAction::UpdateConfig {
        set: [("limits.cpus".to_owned(), "4".to_owned())].into(),
        unset: vec![],
        cpus: None,
        memory_mb: None,
    };
    let out = p.servers().server_action("101", &action).await.unwrap();
    put.assert_async().await;
    assert_eq!(out.job.unwrap().kind, JobKind::UpdateConfig);
}

#[tokio::test]
async fn cpu_and_memory_limits_use_the_vz_keys() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/vz/101")
        .with_header("etag", "\"v7\"")
        .with_body(vz_sync(container("web-fra-01", "Running", 103)))
        .create_async()
        .await;
    let put = h
        .mock("PUT", "/1.0/vz/101")
        .match_header("if-match", "\"v7\"")
        .match_body(Matcher::Json(json!({"hostname": "web-fra-01",
            "config": {"limits.cpus": "2", "limits.memory": "4096MB"}})))
        .with_status(202)
        .with_body(async_op("op-9", "Updating container", json!({})))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Vz).await;
    let action = ServerAction::UpdateConfig {
        set: Default::default(),
        unset: vec![],
        cpus: Some(2),
        memory_mb: Some(4096),
    };
    let out = p.servers().server_action("101", &action).await.unwrap();
    put.assert_async().await;
    assert_eq!(out.job.unwrap().kind, JobKind::UpdateConfig);
}

#[tokio::test]
async fn delete_is_an_async_operation() {
    let mut h = Harness::new().await;
    let del = h
        .mock("DELETE", "/1.0/vz/102")
        .with_status(202)
        .with_body(async_op(
            "op-3",
            "Deleting container",
            json!({"containers": ["/1.0/vz/102"]}),
        ))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Vz).await;
    let spec = p.servers().delete_server("102").await.unwrap().job.unwrap();
    del.assert_async().await;
    assert_eq!(spec.kind, JobKind::DeleteServer);
    assert_eq!(spec.target.as_deref(), Some("102"));
}

#[tokio::test]
async fn every_state_action_has_its_body() {
    let cases = [
        (ServerAction::Start, "start", false, JobKind::Start),
        (ServerAction::Stop, "stop", true, JobKind::Stop),
        (ServerAction::Shutdown, "stop", false, JobKind::Shutdown),
        (ServerAction::Reboot, "restart", false, JobKind::Reboot),
        (ServerAction::Freeze, "freeze", false, JobKind::Freeze),
        (ServerAction::Unfreeze, "unfreeze", false, JobKind::Unfreeze),
    ];
    for (action, verb, force, kind) in cases {
        let mut h = Harness::new().await;
        let m = h
            .mock("PUT", "/1.0/vz/101/state")
            .match_body(Matcher::PartialJson(
                json!({"action": verb, "force": force, "timeout": 30}),
            ))
            .with_status(202)
            .with_body(async_op("op", "state", json!({})))
            .create_async()
            .await;
        let p = h.client(LxdFlavour::Vz).await;
        let spec = p
            .servers()
            .server_action("101", &action)
            .await
            .unwrap()
            .job
            .unwrap();
        m.assert_async().await;
        assert_eq!(spec.kind, kind);
    }
}

#[tokio::test]
async fn what_vz_lacks_is_refused_without_a_request() {
    let h = Harness::new().await;
    let p = h.client(LxdFlavour::Vz).await;
    let e = p
        .servers()
        .server_action("101", &ServerAction::Reinstall { image: "x".into() })
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported);
    assert!(p.snapshots().is_none());
    let req = CreateServerRequest {
        name: "a".into(),
        from_snapshot: Some("a/b".into()),
        ..Default::default()
    };
    assert_eq!(
        p.servers().create_server(&req).await.unwrap_err().code(),
        ErrorCode::Unsupported
    );
}

#[tokio::test]
async fn ids_cannot_change_the_path() {
    let h = Harness::new().await;
    let p = h.client(LxdFlavour::Vz).await;
    for bad in ["../1.0", "101/state", "101?x=1", ""] {
        assert_eq!(
            p.servers().get_server(bad).await.unwrap_err().code(),
            ErrorCode::InvalidInput,
            "{bad}"
        );
    }
}
