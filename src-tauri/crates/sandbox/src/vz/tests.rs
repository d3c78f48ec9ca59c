//! Unit tests of the vz simulator through its router (no sockets).

use super::*;
use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

const DELAY: Duration = Duration::from_millis(500);

fn sim() -> Arc<Sim> {
    new(&SimConfig {
        accounts: 2,
        servers_per_account: 4,
        action_delay: DELAY,
        rng_seed: 5,
    })
}

async fn send(
    sim: &Arc<Sim>,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, HeaderMap, Value) {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let body = match body {
        Some(v) => {
            req = req.header("content-type", "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    let resp = sim
        .clone()
        .router()
        .oneshot(req.body(body).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 24).await.unwrap();
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn token(sim: &Arc<Sim>, i: usize) -> String {
    sim.credentials()[i].secret.clone()
}

#[tokio::test]
async fn server_info_is_open_and_says_vz() {
    let sim = sim();
    let (s, _, v) = send(&sim, "GET", "/1.0", None, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["type"], "sync");
    assert_eq!(v["status_code"], 200);
    assert_eq!(v["metadata"]["environment"]["server"], "vz");
    assert_eq!(v["metadata"]["auth"], "untrusted");
    let t = token(&sim, 0);
    let (_, _, v) = send(&sim, "GET", "/1.0", Some(&t), None).await;
    assert_eq!(v["metadata"]["auth"], "trusted");
}

#[tokio::test]
async fn lists_are_ids_and_hosts_are_separate() {
    let sim = sim();
    let (s, _, v) = send(&sim, "GET", "/1.0/vz", None, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(v["type"], "error");
    assert_eq!(v["error_code"], 401);
    let (a, b) = (token(&sim, 0), token(&sim, 1));
    let (_, _, v) = send(&sim, "GET", "/1.0/vz", Some(&a), None).await;
    assert_eq!(v["metadata"], json!([101, 102, 103, 104]));
    let (_, _, v) = send(&sim, "GET", "/1.0/vz?recursion=1", Some(&a), None).await;
    assert_eq!(v["metadata"][0]["id"], 101);
    let (_, _, one) = send(&sim, "GET", "/1.0/vz/101", Some(&a), None).await;
    let (_, _, other) = send(&sim, "GET", "/1.0/vz/101", Some(&b), None).await;
    assert_ne!(
        one["metadata"]["hostname"], other["metadata"]["hostname"],
        "each host has its own 101"
    );
    let c = &one["metadata"];
    assert!(c["config"]["limits.cpus"].is_string());
    assert!(c["status"]["status_code"].is_u64());
    assert!(c["status"]["machine"][0]["disk_space"]
        .as_str()
        .unwrap()
        .ends_with("GB"));
    let (s, _, v) = send(&sim, "GET", "/1.0/vz/999", Some(&a), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["error_code"], 404);
}

/// The id of a container of host 0 in `status`.
async fn container_in(sim: &Arc<Sim>, t: &str, status: &str) -> Option<u64> {
    let (_, _, v) = send(sim, "GET", "/1.0/vz?recursion=1", Some(t), None).await;
    v["metadata"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["status"]["status"] == status)
        .and_then(|c| c["id"].as_u64())
}

#[tokio::test]
async fn a_state_change_is_an_async_operation_with_wait() {
    let sim = sim();
    let t = token(&sim, 0);
    let (_, _, created) = send(&sim, "POST", "/1.0/vz", Some(&t), Some(json!({"hostname": "web-ams-99", "source": {"type": "image", "properties": {"os": "debian", "release": "12", "architecture": "x86_64"}}}))).await;
    let op_url = created["operation"].as_str().unwrap().to_owned();
    let (_, _, done) = send(&sim, "GET", &format!("{op_url}/wait?timeout=5"), Some(&t), None).await;
    assert_eq!(done["metadata"]["status"], "Success");
    let id = container_in(&sim, &t, "Running").await.unwrap();

    let (s, h, v) = send(
        &sim,
        "PUT",
        &format!("/1.0/vz/{id}/state"),
        Some(&t),
        Some(json!({"action": "stop", "timeout": 30, "force": false})),
    )
    .await;
    assert_eq!(s, StatusCode::ACCEPTED);
    assert_eq!(v["type"], "async");
    assert_eq!(v["status_code"], 100);
    let op = v["operation"].as_str().unwrap().to_owned();
    assert!(op.starts_with("/1.0/operations/"));
    assert_eq!(h["location"].to_str().unwrap(), op);
    assert_eq!(v["metadata"]["status"], "Running");
    let (_, _, st) = send(&sim, "GET", &format!("/1.0/vz/{id}/state"), Some(&t), None).await;
    assert_eq!(st["metadata"]["status"], "Stopping");
    let (s, _, _) = send(
        &sim,
        "PUT",
        &format!("/1.0/vz/{id}/state"),
        Some(&t),
        Some(json!({"action": "start"})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "one operation at a time");
    // a short wait times out with the operation still running
    let (s, _, v) = send(&sim, "GET", &format!("{op}/wait?timeout=0.01"), Some(&t), None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["metadata"]["status"], "Running");
    let started = std::time::Instant::now();
    let (_, _, v) = send(&sim, "GET", &format!("{op}/wait?timeout=5"), Some(&t), None).await;
    assert_eq!(v["metadata"]["status"], "Success");
    assert_eq!(v["metadata"]["status_code"], 200);
    assert!(started.elapsed() < Duration::from_secs(2));
    let (_, _, st) = send(&sim, "GET", &format!("/1.0/vz/{id}/state"), Some(&t), None).await;
    assert_eq!(st["metadata"]["status"], "Stopped");
    assert_eq!(st["metadata"]["status_code"], 102);
    let (_, _, ops) = send(&sim, "GET", "/1.0/operations", Some(&t), None).await;
    assert!(ops["metadata"]["success"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u == &json!(op)));
    // another host cannot see it
    let (s, _, _) = send(&sim, "GET", &op, Some(&token(&sim, 1)), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_failing_operation_answers_200_with_failure_and_vanishes_later() {
    let sim = sim();
    let t = token(&sim, 0);
    let (s, _, v) = send(
        &sim,
        "POST",
        "/1.0/vz",
        Some(&t),
        Some(json!({"hostname": "fail-db-01", "config": {"limits.cpus": 2}})),
    )
    .await;
    assert_eq!(s, StatusCode::ACCEPTED, "{v}");
    let op = v["operation"].as_str().unwrap().to_owned();
    let (s, _, v) = send(&sim, "GET", &format!("{op}/wait?timeout=5"), Some(&t), None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["metadata"]["status"], "Failure");
    assert_eq!(v["metadata"]["status_code"], 400);
    assert!(v["metadata"]["err"].as_str().unwrap().contains("fail"));
    let (s, _, _) = send(&sim, "GET", &op, Some(&t), None).await;
    assert_eq!(s, StatusCode::OK);
    tokio::time::sleep(OPERATION_LINGER + Duration::from_millis(100)).await;
    let (s, _, _) = send(&sim, "GET", &op, Some(&t), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "finished operations vanish");
}

#[tokio::test]
async fn create_update_and_delete() {
    let sim = sim();
    let t = token(&sim, 0);
    let (s, _, v) = send(
        &sim,
        "POST",
        "/1.0/vz",
        Some(&t),
        Some(json!({"hostname": "bad/name"})),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v["error_code"], 400);
    let (s, _, v) = send(
        &sim,
        "POST",
        "/1.0/vz",
        Some(&t),
        Some(json!({"hostname": "api-ams-42", "config": {"limits.memory": "2048MB"}})),
    )
    .await;
    assert_eq!(s, StatusCode::ACCEPTED);
    let url = v["resources"]["containers"][0].as_str().unwrap().to_owned();
    assert_eq!(url, "/1.0/vz/105");
    let (_, _, c) = send(&sim, "GET", &url, Some(&t), None).await;
    assert_eq!(c["metadata"]["status"]["status"], "Pending");
    let (s, _, _) = send(
        &sim,
        "POST",
        "/1.0/vz",
        Some(&t),
        Some(json!({"hostname": "api-ams-42"})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    tokio::time::sleep(DELAY + Duration::from_millis(60)).await;
    let (_, _, c) = send(&sim, "GET", &url, Some(&t), None).await;
    assert_eq!(c["metadata"]["status"]["status"], "Running");
    assert_eq!(c["metadata"]["config"]["limits.memory"], "2048MB");

    let (s, _, v) = send(
        &sim,
        "PUT",
        &url,
        Some(&t),
        Some(json!({"config": {"limits.cpus": "4"}})),
    )
    .await;
    assert_eq!(s, StatusCode::ACCEPTED);
    let op = v["operation"].as_str().unwrap().to_owned();
    send(&sim, "GET", &format!("{op}/wait?timeout=5"), Some(&t), None).await;
    let (_, _, c) = send(&sim, "GET", &url, Some(&t), None).await;
    assert_eq!(c["metadata"]["config"]["limits.cpus"], "4");

    let (s, _, v) = send(&sim, "DELETE", &url, Some(&t), None).await;
    assert_eq!(s, StatusCode::ACCEPTED);
    let op = v["operation"].as_str().unwrap().to_owned();
    send(&sim, "GET", &format!("{op}/wait?timeout=5"), Some(&t), None).await;
    let (s, _, _) = send(&sim, "GET", &url, Some(&t), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

/// The container's ETag guards a PUT (docs/wire-decisions.md, vz and LXD reference): the one read
/// is accepted, a stale one is refused with 412 and nothing changes.
#[tokio::test]
async fn a_config_update_is_guarded_by_the_etag() {
    let sim = sim();
    let t = token(&sim, 0);
    let (_, _, all) = send(&sim, "GET", "/1.0/vz?recursion=1", Some(&t), None).await;
    let id = all["metadata"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| !c["hostname"].as_str().unwrap().contains("fail"))
        .map(|c| c["id"].as_u64().unwrap())
        .unwrap();
    let url = format!("/1.0/vz/{id}");
    let (_, headers, before) = send(&sim, "GET", &url, Some(&t), None).await;
    let etag = headers[header::ETAG].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.len() > 2, "{etag}");
    let cpus = before["metadata"]["config"]["limits.cpus"].clone();

    let put = |tag: &str| {
        let mut req = Request::builder()
            .method("PUT")
            .uri(&url)
            .header("authorization", format!("Bearer {t}"))
            .header("content-type", "application/json");
        if !tag.is_empty() {
            req = req.header("if-match", tag);
        }
        req.body(Body::from(json!({"config": {"limits.cpus": "7"}}).to_string()))
            .unwrap()
    };
    let stale = sim.clone().router().oneshot(put("\"stale\"")).await.unwrap();
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let (_, same, c) = send(&sim, "GET", &url, Some(&t), None).await;
    assert_eq!(c["metadata"]["config"]["limits.cpus"], cpus);
    assert_eq!(
        same[header::ETAG].to_str().unwrap(),
        etag,
        "a read does not change the ETag"
    );

    let ok = sim.clone().router().oneshot(put(&etag)).await.unwrap();
    assert_eq!(ok.status(), StatusCode::ACCEPTED);
    tokio::time::sleep(DELAY + Duration::from_millis(60)).await;
    let (_, after, c) = send(&sim, "GET", &url, Some(&t), None).await;
    assert_eq!(c["metadata"]["config"]["limits.cpus"], "7");
    assert_ne!(
        after[header::ETAG].to_str().unwrap(),
        etag,
        "the change moved the ETag"
    );
    // The old ETag is stale now.
    let again = sim.clone().router().oneshot(put(&etag)).await.unwrap();
    assert_eq!(again.status(), StatusCode::PRECONDITION_FAILED);
}

#[tokio::test]
async fn state_actions_are_checked() {
    let sim = sim();
    let t = token(&sim, 0);
    if let Some(id) = container_in(&sim, &t, "Running").await {
        let (s, _, v) = send(
            &sim,
            "PUT",
            &format!("/1.0/vz/{id}/state"),
            Some(&t),
            Some(json!({"action": "start"})),
        )
        .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(v["error"].as_str().unwrap().contains("already running"));
        let (s, _, _) = send(
            &sim,
            "PUT",
            &format!("/1.0/vz/{id}/state"),
            Some(&t),
            Some(json!({"action": "explode"})),
        )
        .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        let (s, _, v) = send(
            &sim,
            "PUT",
            &format!("/1.0/vz/{id}/state"),
            Some(&t),
            Some(json!({"action": "freeze"})),
        )
        .await;
        assert_eq!(s, StatusCode::ACCEPTED);
        let op = v["operation"].as_str().unwrap().to_owned();
        send(&sim, "GET", &format!("{op}/wait?timeout=5"), Some(&t), None).await;
        let (_, _, st) = send(&sim, "GET", &format!("/1.0/vz/{id}/state"), Some(&t), None).await;
        assert_eq!(st["metadata"]["status"], "Frozen");
        assert_eq!(st["metadata"]["status_code"], 110);
    } else {
        panic!("the seed has a running container");
    }
}

#[test]
fn state_survives_save_and_load() {
    let a = sim();
    let b = new(&SimConfig::default());
    b.load(a.save());
    assert_eq!(a.credentials()[0].secret, b.credentials()[0].secret);
    assert_eq!(b.lock().hosts[0].containers.len(), 4);
}
