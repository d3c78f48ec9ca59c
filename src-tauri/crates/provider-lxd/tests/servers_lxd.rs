//! Real LXD's instances (`/1.0/instances`): list with `recursion=2`, detail with `/state`, create
//! from an alias / fingerprint / copy / migration / none / snapshot, configuration with the ETag,
//! delete, state actions.

mod common;

use common::*;
use fleetdeck_core::job::{JobKind, Tracking};
use fleetdeck_core::provider::{CreateServerRequest, InstanceSource, ServerAction};
use fleetdeck_core::{ErrorCode, LxdFlavour, ServerStatus};
use mockito::Matcher;
use serde_json::{json, Value};

fn instance(name: &str, status: &str, code: u16) -> Value {
    json!({"name": name, "status": status, "status_code": code, "type": "container",
           "architecture": "x86_64", "profiles": ["default"], "ephemeral": false, "stateful": false,
           "description": "", "location": "none", "created_at": "2026-02-01T10:00:00Z",
           "config": {"limits.cpu": "2", "limits.memory": "1GiB", "image.os": "Debian", "image.release": "12"},
           "expanded_config": {"limits.cpu": "2", "limits.memory": "1GiB", "image.os": "Debian", "image.release": "12"},
           "devices": {}, "expanded_devices": {"root": {"path": "/", "pool": "default", "type": "disk", "size": "8GiB"}}})
}

fn state(code: u16) -> Value {
    json!({"status": if code == 103 { "Running" } else { "Stopped" }, "status_code": code, "processes": 9,
           "memory": {"usage": 104857600u64}, "disk": {"root": {"usage": 536870912u64}},
           "network": {"eth0": {"type": "broadcast", "addresses": [
               {"family": "inet", "address": "10.20.0.5", "netmask": "24", "scope": "global"},
               {"family": "inet6", "address": "fe80::216:3eff:fe00:1", "netmask": "64", "scope": "link"}],
               "counters": {"bytes_received": 2048, "bytes_sent": 1024}}}})
}

#[tokio::test]
async fn list_reads_objects_with_their_state() {
    let mut h = Harness::new().await;
    let mut running = instance("web-fra-01", "Running", 103);
    running["state"] = state(103);
    h.mock_query(
        "GET",
        "/1.0/instances",
        Matcher::UrlEncoded("recursion".into(), "2".into()),
    )
    .with_body(sync(
        json!([running, instance("db-primary", "Stopped", 102), {"no": "name"}]),
    ))
    .create_async()
    .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let list = p.servers().list_servers().await.unwrap();
    assert_eq!(list.len(), 2, "an object without a name is skipped");
    let web = &list[0];
    assert_eq!(
        (web.id.as_str(), web.status),
        ("web-fra-01", ServerStatus::Running)
    );
    assert_eq!(
        (web.vcpus, web.memory_mb, web.disk_gb),
        (Some(2), Some(1024), Some(8))
    );
    assert_eq!(web.ipv4, vec!["10.20.0.5"]);
    assert!(
        web.ipv6.is_empty(),
        "link-local addresses are not the server's address"
    );
    assert_eq!(web.image.as_deref(), Some("Debian 12"));
    let u = web.usage.as_ref().unwrap();
    assert_eq!(
        (u.memory_used_mb, u.disk_used_gb, u.processes),
        (Some(100.0), Some(0.5), Some(9))
    );
    assert_eq!(list[1].status, ServerStatus::Stopped);
    assert!(list[1].usage.is_none());
}

#[tokio::test]
async fn detail_adds_the_live_state() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/instances/web-fra-01")
        .with_body(sync(instance("web-fra-01", "Running", 103)))
        .create_async()
        .await;
    h.mock("GET", "/1.0/instances/web-fra-01/state")
        .with_body(sync(state(103)))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let s = p.servers().get_server("web-fra-01").await.unwrap();
    assert_eq!(s.ipv4, vec!["10.20.0.5"]);
    assert_eq!(s.usage.unwrap().network_rx_bytes, Some(2048.0));
    assert_eq!(s.extra["profiles"], json!(["default"]));
}

#[tokio::test]
async fn a_missing_instance_is_not_found() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/instances/gone")
        .with_status(404)
        .with_body(error(404, "Instance not found"))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let e = p.servers().get_server("gone").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert!(e.to_string().contains("Instance not found"), "{e}");
}

async fn create_sends(req: CreateServerRequest, source: Value) {
    let mut h = Harness::new().await;
    let m = h
        .mock("POST", "/1.0/instances")
        .match_body(Matcher::PartialJson(json!({"name": req.name, "source": source})))
        .with_status(202)
        .with_body(async_op(
            "c1",
            "Creating instance",
            json!({"instances": [format!("/1.0/instances/{}", req.name)]}),
        ))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let out = p.servers().create_server(&req).await.unwrap();
    m.assert_async().await;
    let spec = &out.jobs[0];
    assert_eq!(spec.kind, JobKind::CreateServer);
    assert_eq!(spec.target.as_deref(), Some(req.name.as_str()));
    assert_eq!(
        spec.tracking,
        Tracking::Operation {
            url: "/1.0/operations/c1".into()
        }
    );
}

#[tokio::test]
async fn create_from_every_source() {
    let base = |source: Option<InstanceSource>| CreateServerRequest {
        name: "c1".into(),
        source,
        ..Default::default()
    };
    create_sends(
        CreateServerRequest {
            image: Some("debian/12".into()),
            ..base(None)
        },
        json!({"type": "image", "alias": "debian/12"}),
    )
    .await;
    let fp = "127f6c05ad25e18dd52de00923b853453e4711f84572550816b076c7d3873ddb";
    create_sends(
        CreateServerRequest {
            image: Some(fp.into()),
            ..base(None)
        },
        json!({"type": "image", "fingerprint": fp}),
    )
    .await;
    create_sends(
        base(Some(InstanceSource::Image {
            alias: None,
            fingerprint: None,
            properties: [("os".to_owned(), "debian".to_owned())].into(),
        })),
        json!({"type": "image", "properties": {"os": "debian"}}),
    )
    .await;
    create_sends(base(Some(InstanceSource::None)), json!({"type": "none"})).await;
    create_sends(
        base(Some(InstanceSource::Copy {
            source: "web-fra-01".into(),
        })),
        json!({"type": "copy", "source": "web-fra-01"}),
    )
    .await;
    create_sends(
        base(Some(InstanceSource::Migration { operation: "https://10.0.0.2:8443/1.0/operations/x".into(), secrets: [("fs".to_owned(), "s".to_owned())].into() })),
        json!({"type": "migration", "operation": "https://10.0.0.2:8443/1.0/operations/x", "secrets": {"fs": "s"}}),
    )
    .await;
    create_sends(
        CreateServerRequest {
            from_snapshot: Some("web-fra-01/before-upgrade".into()),
            ..base(None)
        },
        json!({"type": "copy", "source": "web-fra-01/before-upgrade"}),
    )
    .await;
}

#[tokio::test]
async fn a_duplicate_name_fails_in_the_operation() {
    // Real LXD accepts the request and fails the operation: HTTP 200 on /wait with "Failure".
    let mut h = Harness::new().await;
    h.mock("POST", "/1.0/instances")
        .with_status(202)
        .with_body(async_op("dup", "Creating instance", json!({})))
        .create_async()
        .await;
    h.mock("GET", "/1.0/operations/dup/wait")
        .match_query(Matcher::Any)
        .with_body(sync(operation(
            "dup",
            "Creating instance",
            "Failure",
            400,
            json!({}),
            "Instance \"c1\" already exists",
        )))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let req = CreateServerRequest {
        name: "c1".into(),
        source: Some(InstanceSource::None),
        ..Default::default()
    };
    let spec = p.servers().create_server(&req).await.unwrap().jobs.remove(0);
    let job = h.run(&p, spec).await;
    assert_eq!(job.status, fleetdeck_core::job::JobStatus::Failed);
    assert!(job.message.unwrap().contains("already exists"));
    assert_eq!(job.error.unwrap().code, ErrorCode::JobFailed);
}

#[tokio::test]
async fn update_config_puts_the_writable_part_with_the_etag() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/instances/c1")
        .with_header("etag", "\"186ca376\"")
        .with_body(sync(instance("c1", "Running", 103)))
        .create_async()
        .await;
    let put = h
        .mock("PUT", "/1.0/instances/c1")
        .match_header("if-match", "\"186ca376\"")
        .match_body(Matcher::Json(json!({
            "architecture": "x86_64", "devices": {}, "ephemeral": false, "profiles": ["default"],
            "stateful": false, "description": "",
            "config": {"limits.cpu": "4", "image.os": "Debian", "image.release": "12"}})))
        .with_status(202)
        .with_body(async_op("u1", "Updating instance", json!({})))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let action = ServerAction::UpdateConfig {
        set: [("limits.cpu".to_owned(), "4".to_owned())].into(),
        unset: vec!["limits.memory".into()],
        cpus: None,
        memory_mb: None,
    };
    p.servers().server_action("c1", &action).await.unwrap();
    put.assert_async().await;
}

#[tokio::test]
async fn cpu_and_memory_limits_use_the_lxd_keys() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/instances/c1")
        .with_header("etag", "\"e1\"")
        .with_body(sync(instance("c1", "Running", 103)))
        .create_async()
        .await;
    let put = h
        .mock("PUT", "/1.0/instances/c1")
        .match_header("if-match", "\"e1\"")
        .match_body(Matcher::PartialJson(json!({
            "config": {"limits.cpu": "3", "limits.memory": "2048MiB", "image.os": "Debian"}})))
        .with_status(202)
        .with_body(async_op("u2", "Updating instance", json!({})))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let action = ServerAction::UpdateConfig {
        set: Default::default(),
        unset: vec![],
        cpus: Some(3),
        memory_mb: Some(2048),
    };
    let out = p.servers().server_action("c1", &action).await.unwrap();
    put.assert_async().await;
    assert_eq!(out.job.unwrap().kind, JobKind::UpdateConfig);
}

#[tokio::test]
async fn an_empty_or_zero_config_change_is_refused_locally() {
    let h = Harness::new().await;
    let p = h.client(LxdFlavour::Lxd).await;
    for (cpus, memory_mb) in [(None, None), (Some(0), None), (None, Some(0))] {
        let action = ServerAction::UpdateConfig {
            set: Default::default(),
            unset: vec![],
            cpus,
            memory_mb,
        };
        let e = p.servers().server_action("c1", &action).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{cpus:?} {memory_mb:?}: {e}");
    }
}

#[tokio::test]
async fn a_changed_etag_is_a_conflict() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/instances/c1")
        .with_header("etag", "\"old\"")
        .with_body(sync(instance("c1", "Running", 103)))
        .create_async()
        .await;
    h.mock("PUT", "/1.0/instances/c1")
        .with_status(412)
        .with_body(error(412, "ETag doesn't match: 186c vs old"))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let action = ServerAction::UpdateConfig {
        set: [("limits.cpu".to_owned(), "4".to_owned())].into(),
        unset: vec![],
        cpus: None,
        memory_mb: None,
    };
    let e = p.servers().server_action("c1", &action).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert!(e.to_string().contains("changed meanwhile"), "{e}");
}

#[tokio::test]
async fn bad_config_keys_are_refused_locally() {
    let h = Harness::new().await;
    let p = h.client(LxdFlavour::Lxd).await;
    let action = ServerAction::UpdateConfig {
        set: [("limits cpu".to_owned(), "4".to_owned())].into(),
        unset: vec![],
        cpus: None,
        memory_mb: None,
    };
    assert_eq!(
        p.servers().server_action("c1", &action).await.unwrap_err().code(),
        ErrorCode::InvalidInput
    );
}

#[tokio::test]
async fn deleting_a_running_instance_is_a_conflict() {
    let mut h = Harness::new().await;
    h.mock("DELETE", "/1.0/instances/c1")
        .with_status(400)
        .with_body(error(400, "Instance is running"))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let e = p.servers().delete_server("c1").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert!(e.to_string().contains("Instance is running"), "{e}");
}

#[tokio::test]
async fn state_actions_go_to_the_instance_state() {
    let mut h = Harness::new().await;
    let m = h
        .mock("PUT", "/1.0/instances/c1/state")
        .match_body(Matcher::Json(
            json!({"action": "freeze", "timeout": 30, "force": false, "stateful": false}),
        ))
        .with_status(202)
        .with_body(async_op(
            "f1",
            "Freezing instance",
            json!({"instances": ["/1.0/instances/c1"]}),
        ))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let spec = p
        .servers()
        .server_action("c1", &ServerAction::Freeze)
        .await
        .unwrap()
        .job
        .unwrap();
    m.assert_async().await;
    assert_eq!(spec.description, "Freeze c1");
    assert_eq!(
        spec.tracking,
        Tracking::Operation {
            url: "/1.0/operations/f1".into()
        }
    );
}

#[tokio::test]
async fn a_synchronous_answer_completes_at_once() {
    let mut h = Harness::new().await;
    h.mock("PUT", "/1.0/instances/c1/state")
        .with_body(sync(json!({})))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let out = p
        .servers()
        .server_action("c1", &ServerAction::Start)
        .await
        .unwrap();
    assert!(out.job.is_none());
    assert_eq!(out.message.as_deref(), Some("Start c1: done"));
}
