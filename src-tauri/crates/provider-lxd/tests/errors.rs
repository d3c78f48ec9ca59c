//! Every error envelope of both flavours, answers that are not envelopes, and retries (reads
//! only).

mod common;

use common::*;
use fleetdeck_core::provider::ServerAction;
use fleetdeck_core::{ErrorCode, LxdFlavour};
use serde_json::json;

async fn get_error(flavour: LxdFlavour, status: usize, body: &str) -> fleetdeck_core::Error {
    let mut h = Harness::new().await;
    let path = match flavour {
        LxdFlavour::Vz => "/1.0/vz/101",
        _ => "/1.0/instances/c1",
    };
    h.mock("GET", path)
        .with_status(status)
        .with_body(body)
        .create_async()
        .await;
    h.mock("GET", format!("{path}/state").as_str())
        .with_status(status)
        .with_body(body)
        .create_async()
        .await;
    let p = h.client(flavour).await;
    let id = if flavour == LxdFlavour::Vz { "101" } else { "c1" };
    p.servers().get_server(id).await.unwrap_err()
}

#[tokio::test]
async fn every_error_code_of_both_flavours() {
    use ErrorCode::*;
    let cases: [(usize, &str, ErrorCode); 9] = [
        (400, "Invalid config", Validation),
        (400, "Instance is running", Conflict),
        (401, "not authenticated", Auth),
        (403, "not authorized", Forbidden),
        (404, "Instance not found", NotFound),
        (409, "already exists", Conflict),
        (412, "ETag doesn't match", Conflict),
        (429, "slow down", RateLimited),
        (500, "internal", Provider),
    ];
    for (status, message, code) in cases {
        // LXD spelling
        let e = get_error(LxdFlavour::Lxd, status, &error(status as u16, message)).await;
        assert_eq!(e.code(), code, "LXD {status} {message}: {e}");
        assert_eq!(e.account(), Some(ACCOUNT));
        // seed spelling: `error: "failure"` carries no text, the code says it all
        let seed =
            json!({"type": "error", "error": "failure", "error_code": status, "metadata": {}}).to_string();
        let e = get_error(LxdFlavour::Vz, status, &seed).await;
        if message != "Instance is running" && message != "already exists" {
            assert_eq!(e.code(), code, "vz {status}: {e}");
        }
    }
}

#[tokio::test]
async fn an_untrusted_certificate_says_what_to_do() {
    let e = get_error(LxdFlavour::Lxd, 403, &error(403, "not authorized")).await;
    assert!(e.to_string().contains("lxc config trust add"), "{e}");
}

#[tokio::test]
async fn the_envelope_code_wins_over_the_http_status() {
    // A proxy that answers 200 with an error envelope.
    let e = get_error(LxdFlavour::Lxd, 200, &error(404, "Instance not found")).await;
    assert_eq!(e.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn answers_that_are_not_envelopes() {
    let e = get_error(LxdFlavour::Lxd, 502, "<html>Bad Gateway</html>").await;
    assert_eq!(e.code(), ErrorCode::Provider);
    assert!(e.to_string().contains("HTTP 502"), "{e}");
    let e = get_error(LxdFlavour::Lxd, 200, "not json").await;
    assert_eq!(e.code(), ErrorCode::Provider);
    assert!(e.to_string().contains("not JSON"), "{e}");
    let e = get_error(LxdFlavour::Lxd, 200, r#"{"type":"weird","metadata":{}}"#).await;
    assert!(e.to_string().contains("unknown answer type"), "{e}");
    let e = get_error(LxdFlavour::Lxd, 200, "42").await;
    assert_eq!(e.code(), ErrorCode::Provider);
}

#[tokio::test]
async fn an_async_answer_without_an_operation_is_an_error() {
    let mut h = Harness::new().await;
    h.mock("PUT", "/1.0/instances/c1/state")
        .with_status(202)
        .with_body(json!({"type": "async", "status_code": 100, "metadata": {}}).to_string())
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let e = p
        .servers()
        .server_action("c1", &ServerAction::Start)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("without an operation URL"), "{e}");
}

#[tokio::test]
async fn the_location_header_stands_in_for_the_operation() {
    let mut h = Harness::new().await;
    h.mock("PUT", "/1.0/instances/c1/state")
        .with_status(202)
        .with_header("location", "/1.0/operations/from-header")
        .with_body(json!({"type": "async", "status_code": 100, "metadata": {}}).to_string())
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let spec = p
        .servers()
        .server_action("c1", &ServerAction::Start)
        .await
        .unwrap()
        .job
        .unwrap();
    assert_eq!(
        spec.tracking,
        fleetdeck_core::job::Tracking::Operation {
            url: "/1.0/operations/from-header".into()
        }
    );
}

#[tokio::test]
async fn reads_are_retried_writes_are_not() {
    let mut h = Harness::new().await;
    let flaky = h
        .mock("GET", "/1.0/instances/c1")
        .with_status(503)
        .with_body(error(503, "busy"))
        .expect(1)
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    h.mock("GET", "/1.0/instances/c1")
        .with_body(sync(
            json!({"name": "c1", "status": "Stopped", "status_code": 102, "state": {"status_code": 102}}),
        ))
        .create_async()
        .await;
    assert_eq!(p.servers().get_server("c1").await.unwrap().id, "c1");
    flaky.assert_async().await;

    let write = h
        .mock("PUT", "/1.0/instances/c1/state")
        .with_status(503)
        .with_body(error(503, "busy"))
        .expect(1)
        .create_async()
        .await;
    let e = p
        .servers()
        .server_action("c1", &ServerAction::Start)
        .await
        .unwrap_err();
    assert!(e.is_transient());
    write.assert_async().await;
}

#[tokio::test]
async fn a_server_that_is_down_is_a_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let p = client_with(
        &format!("http://127.0.0.1:{port}"),
        settings(LxdFlavour::Lxd),
        bearer(),
        std::sync::Arc::new(fleetdeck_core::job::SystemClock),
    )
    .await
    .unwrap();
    let e = p.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Network);
    assert!(
        e.to_string().starts_with(&format!("{ACCOUNT}: network error")),
        "{e}"
    );
}
