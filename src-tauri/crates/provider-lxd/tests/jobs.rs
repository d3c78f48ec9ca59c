//! Operations as jobs: `/wait?timeout=N` long-polls (success, HTTP-200 failure, cancel, still
//! running), progress, vanished operations, and the plain polling fallback for servers without
//! `/wait`.

mod common;

use std::time::Duration;

use common::*;
use fleetdeck_core::job::{JobKind, JobProgress, JobSpec, JobStatus, Tracking};
use fleetdeck_core::{ErrorCode, LxdFlavour};
use mockito::Matcher;
use serde_json::json;

fn spec(url: &str) -> JobSpec {
    JobSpec {
        kind: JobKind::Start,
        target: Some("c1".into()),
        target_name: Some("c1".into()),
        server_id: Some("c1".into()),
        tracking: Tracking::Operation { url: url.into() },
        timeout_secs: 120,
        description: "Start c1".into(),
    }
}

fn res() -> serde_json::Value {
    json!({"instances": ["/1.0/instances/c1"]})
}

#[tokio::test]
async fn wait_long_polls_until_success() {
    let mut h = Harness::new().await;
    let running = h
        .mock_query(
            "GET",
            "/1.0/operations/o1/wait",
            Matcher::UrlEncoded("timeout".into(), "5".into()),
        )
        .with_body(sync(operation(
            "o1",
            "Starting instance",
            "Running",
            103,
            res(),
            "",
        )))
        .expect(2)
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    assert_eq!(
        p.jobs().poll_interval(&spec("/1.0/operations/o1").tracking),
        Duration::ZERO,
        "a long poll needs no pause"
    );
    let first = p
        .jobs()
        .poll(&spec("/1.0/operations/o1").tracking, Duration::from_secs(25))
        .await
        .unwrap();
    assert!(
        matches!(first, JobProgress::Running { message: Some(ref m), .. } if m.contains("Starting instance"))
    );
    let second = p
        .jobs()
        .poll(&spec("/1.0/operations/o1").tracking, Duration::from_secs(25))
        .await
        .unwrap();
    assert!(matches!(second, JobProgress::Running { .. }));
    running.assert_async().await;
    h.mock("GET", "/1.0/operations/o1/wait")
        .match_query(Matcher::Any)
        .with_body(sync(operation(
            "o1",
            "Starting instance",
            "Success",
            200,
            res(),
            "",
        )))
        .create_async()
        .await;
    let job = h.run(&p, spec("/1.0/operations/o1")).await;
    assert_eq!(job.status, JobStatus::Succeeded);
    assert_eq!(job.message.as_deref(), Some("Starting instance: done"));
    assert_eq!(job.target.as_deref(), Some("c1"), "the job keeps its own target");
}

#[tokio::test]
async fn the_wait_timeout_follows_the_waiter_slice() {
    let mut h = Harness::new().await;
    let m = h
        .mock_query(
            "GET",
            "/1.0/operations/o1/wait",
            Matcher::UrlEncoded("timeout".into(), "2".into()),
        )
        .with_body(sync(operation("o1", "x", "Running", 103, res(), "")))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    p.jobs()
        .poll(&spec("/1.0/operations/o1").tracking, Duration::from_millis(2400))
        .await
        .unwrap();
    m.assert_async().await;
}

#[tokio::test]
async fn a_failure_arrives_as_http_200() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/operations/o2/wait")
        .match_query(Matcher::Any)
        .with_status(200)
        .with_body(sync(operation(
            "o2",
            "Starting instance",
            "Failure",
            400,
            res(),
            "The instance is already running",
        )))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let job = h.run(&p, spec("/1.0/operations/o2")).await;
    assert_eq!(job.status, JobStatus::Failed);
    assert_eq!(
        job.message.as_deref(),
        Some("Starting instance failed: The instance is already running")
    );
    assert_eq!(job.error.unwrap().code, ErrorCode::JobFailed);
}

#[tokio::test]
async fn a_cancelled_operation_fails_the_job() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/operations/o3/wait")
        .match_query(Matcher::Any)
        .with_body(sync(operation(
            "o3",
            "Backing up instance",
            "Cancelled",
            401,
            res(),
            "",
        )))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let job = h.run(&p, spec("/1.0/operations/o3")).await;
    assert_eq!(job.status, JobStatus::Failed);
    assert!(job.message.unwrap().contains("cancelled"));
}

#[tokio::test]
async fn progress_is_read_from_the_operation_metadata() {
    let mut h = Harness::new().await;
    let mut op = operation("o4", "Creating instance", "Running", 103, res(), "");
    op["metadata"] = json!({"create_instance_from_image_unpack_progress": "Unpack: 63% (120.5MB/s)"});
    h.mock("GET", "/1.0/operations/o4/wait")
        .match_query(Matcher::Any)
        .with_body(sync(op))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let got = p
        .jobs()
        .poll(&spec("/1.0/operations/o4").tracking, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(matches!(got, JobProgress::Running { percent: Some(p), .. } if (p - 63.0).abs() < f32::EPSILON));
}

#[tokio::test]
async fn a_vanished_operation_fails_with_an_explanation() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/operations/o5/wait")
        .match_query(Matcher::Any)
        .with_status(404)
        .with_body(error(404, "Operation not found"))
        .create_async()
        .await;
    h.mock("GET", "/1.0/operations/o5")
        .with_status(404)
        .with_body(error(404, "Operation not found"))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let job = h.run(&p, spec("/1.0/operations/o5")).await;
    assert_eq!(job.status, JobStatus::Failed);
    let m = job.message.unwrap();
    assert!(m.contains("no longer known") && m.contains("refresh"), "{m}");
}

#[tokio::test]
async fn without_wait_the_operation_is_polled() {
    let mut h = Harness::new().await;
    let wait = h
        .mock("GET", "/1.0/operations/o6/wait")
        .match_query(Matcher::Any)
        .with_status(404)
        .with_body(error(404, "not found"))
        .expect(1)
        .create_async()
        .await;
    let plain = h
        .mock("GET", "/1.0/operations/o6")
        .with_body(sync(operation(
            "o6",
            "Stopping instance",
            "Running",
            103,
            res(),
            "",
        )))
        .expect(2)
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let t = spec("/1.0/operations/o6").tracking;
    assert!(matches!(
        p.jobs().poll(&t, Duration::from_secs(5)).await.unwrap(),
        JobProgress::Running { .. }
    ));
    assert_eq!(
        p.jobs().poll_interval(&t),
        tuning().poll_interval,
        "plain polling pauses between polls"
    );
    assert!(matches!(
        p.jobs().poll(&t, Duration::from_secs(5)).await.unwrap(),
        JobProgress::Running { .. }
    ));
    wait.assert_async().await; // asked once, then not again
    plain.assert_async().await;
    h.mock("GET", "/1.0/operations/o6")
        .with_body(sync(operation(
            "o6",
            "Stopping instance",
            "Success",
            200,
            res(),
            "",
        )))
        .create_async()
        .await;
    let job = h.run(&p, spec("/1.0/operations/o6")).await;
    assert_eq!(job.status, JobStatus::Succeeded);
}

#[tokio::test]
async fn a_transient_error_while_waiting_is_retried_until_the_deadline() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/operations/o7/wait")
        .match_query(Matcher::Any)
        .with_status(503)
        .with_body(error(503, "busy"))
        .expect_at_least(1)
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let mut s = spec("/1.0/operations/o7");
    s.timeout_secs = 1;
    let job = h.run(&p, s).await;
    assert_eq!(job.status, JobStatus::TimedOut);
}

#[tokio::test]
async fn a_persisted_operation_path_cannot_escape() {
    let h = Harness::new().await;
    let p = h.client(LxdFlavour::Lxd).await;
    let e = p
        .jobs()
        .poll(
            &Tracking::Operation {
                url: "/1.0/operations/../../etc?x".into(),
            },
            Duration::from_secs(1),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Internal);
}

#[tokio::test]
async fn a_failing_wait_backs_off_instead_of_hammering_the_server() {
    let mut h = Harness::new().await;
    // `/wait` has no pause of its own; every read fails at once with a 503 (each read is sent
    // once and retried twice by the HTTP client).
    let wait = h
        .mock("GET", "/1.0/operations/o9/wait")
        .match_query(Matcher::Any)
        .with_status(503)
        .with_body(error(503, "busy"))
        .expect_at_least(3)
        .expect_at_most(3 * 13)
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let mut s = spec("/1.0/operations/o9");
    s.timeout_secs = 300;
    let job = tokio::time::timeout(Duration::from_secs(20), h.run(&p, s))
        .await
        .expect("the waiter must pause between failed reads");
    assert_eq!(job.status, JobStatus::TimedOut);
    // 5 minutes of failures: at most 13 reads (1 s doubling to 60 s), not thousands.
    wait.assert_async().await;
}

#[tokio::test]
async fn a_rate_limited_wait_honours_retry_after() {
    let mut h = Harness::new().await;
    let wait = h
        .mock("GET", "/1.0/operations/o10/wait")
        .match_query(Matcher::Any)
        .with_status(429)
        .with_header("retry-after", "120")
        .with_body(error(429, "slow down"))
        .expect_at_least(2)
        .expect_at_most(3)
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let mut s = spec("/1.0/operations/o10");
    s.timeout_secs = 300;
    let job = tokio::time::timeout(Duration::from_secs(20), h.run(&p, s))
        .await
        .expect("the waiter must pause between rate-limited reads");
    assert_eq!(job.status, JobStatus::TimedOut);
    // 300 s at 120 s apart: reads at 0, 120 and 240 s.
    wait.assert_async().await;
}
