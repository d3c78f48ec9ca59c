//! Jobs driven through the core waiter `follow` with a manual clock: instance create (with and
//! without ids in the answer), power, delete, snapshot create/restore, ISO and image downloads,
//! failures, time-outs, and polling coalesced per account.

mod common;

use std::time::Duration;

use common::*;
use fleetdeck_core::job::{follow, Job, JobSpec, JobStatus};
use fleetdeck_core::testing::follow_statuses;
use fleetdeck_core::{
    CreateServerRequest, ErrorCode, Provider, ProviderKind, ServerAction, UploadKind, UploadRequest,
};
use fleetdeck_provider_cloudzy::PollTuning;
use serde_json::{json, Value};

fn job(spec: JobSpec, h: &Harness) -> Job {
    Job::from_spec(spec, "acc", ACCOUNT, ProviderKind::Cloudzy, h.now())
}

async fn run(c: &dyn Provider, h: &Harness, j: &mut Job) -> Vec<JobStatus> {
    follow_statuses(c, h.clock.as_ref(), j).await
}

fn page(items: Vec<Value>) -> String {
    ok(json!({"instances": items, "bookmark": null}))
}

fn order() -> CreateServerRequest {
    CreateServerRequest {
        name: "web-fra-01".into(),
        region: Some("DE-Frankfurt".into()),
        plan: Some("prod-2gb".into()),
        image: Some("os-ubuntu-2204".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn create_runs_until_active_with_an_address() {
    let mut h = Harness::new().await;
    h.answer(
        "POST",
        "/v1/instances",
        201,
        created(json!({"instances": [instance("n-1", "web-fra-01", "initializing", None)]})),
    )
    .await;
    let polls = [
        page(vec![instance("n-1", "web-fra-01", "preparing_disk", None)]),
        page(vec![instance("n-1", "web-fra-01", "active", None)]),
    ];
    let mut mocks = Vec::new();
    for body in polls {
        mocks.push(h.answer_n("GET", "/v1/instances", 200, body, 1).await);
    }
    let last = h
        .answer(
            "GET",
            "/v1/instances",
            200,
            page(vec![instance(
                "n-1",
                "web-fra-01",
                "active",
                Some("203.0.113.10"),
            )]),
        )
        .await;
    let c = h.client().await;
    let out = c.servers().create_server(&order()).await.unwrap();
    let started = h.now();
    let mut j = job(out.jobs[0].clone(), &h);
    let seen = run(c.as_ref(), &h, &mut j).await;
    for m in mocks {
        m.assert_async().await;
    }
    last.assert_async().await;
    assert_eq!(j.status, JobStatus::Succeeded, "{:?}", j.message);
    assert_eq!(j.target.as_deref(), Some("n-1"));
    assert_eq!((h.now() - started).num_seconds(), 20, "two pauses of 10 s");
    assert_eq!(seen.last(), Some(&JobStatus::Succeeded));
    assert!(j.message.unwrap().contains("active"));
}

#[tokio::test]
async fn an_instance_in_error_fails_the_job() {
    let mut h = Harness::new().await;
    h.answer(
        "POST",
        "/v1/instances",
        201,
        created(json!({"instances": [instance("n-1", "a", "initializing", None)]})),
    )
    .await;
    h.answer(
        "GET",
        "/v1/instances",
        200,
        page(vec![instance("n-1", "a", "error", None)]),
    )
    .await;
    let c = h.client().await;
    let out = c.servers().create_server(&order()).await.unwrap();
    let mut j = job(out.jobs[0].clone(), &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Failed);
    let e = j.error.unwrap();
    assert_eq!(e.code, ErrorCode::JobFailed);
    assert!(
        e.message.contains("instance n-1 is in state error"),
        "{}",
        e.message
    );
}

#[tokio::test]
async fn create_without_ids_finds_the_instance_by_hostname() {
    let mut h = Harness::new().await;
    h.answer("POST", "/v1/instances", 200, ok(json!(null))).await;
    let other = instance("old", "db-primary", "active", Some("198.51.100.1"));
    let absent = h
        .answer_n("GET", "/v1/instances", 200, page(vec![other.clone()]), 1)
        .await;
    let appears = h
        .answer_n(
            "GET",
            "/v1/instances",
            200,
            page(vec![
                other.clone(),
                instance("n-7", "web-fra-01", "initializing", None),
            ]),
            1,
        )
        .await;
    h.answer(
        "GET",
        "/v1/instances",
        200,
        page(vec![
            other,
            instance("n-7", "web-fra-01", "active", Some("203.0.113.77")),
        ]),
    )
    .await;
    let c = h.client().await;
    let out = c.servers().create_server(&order()).await.unwrap();
    let mut j = job(out.jobs[0].clone(), &h);
    assert_eq!(j.target, None);
    run(c.as_ref(), &h, &mut j).await;
    absent.assert_async().await;
    appears.assert_async().await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert_eq!(j.target.as_deref(), Some("n-7"));
}

#[tokio::test]
async fn power_off_waits_for_shutdown() {
    let mut h = Harness::new().await;
    h.answer("POST", "/v1/instances/i-1/poweroff", 200, ok(json!(null)))
        .await;
    h.answer_n(
        "GET",
        "/v1/instances",
        200,
        page(vec![instance("i-1", "a", "stopping", Some("203.0.113.1"))]),
        1,
    )
    .await;
    h.answer(
        "GET",
        "/v1/instances",
        200,
        page(vec![instance("i-1", "a", "shutdown", Some("203.0.113.1"))]),
    )
    .await;
    let c = h.client().await;
    let spec = c
        .servers()
        .server_action("i-1", &ServerAction::Stop)
        .await
        .unwrap()
        .job
        .unwrap();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Succeeded);
}

#[tokio::test]
async fn delete_succeeds_once_the_instance_is_gone() {
    let mut h = Harness::new().await;
    h.answer("DELETE", "/v1/instances/i-1", 200, ok(json!(null)))
        .await;
    h.answer_n(
        "GET",
        "/v1/instances",
        200,
        page(vec![instance("i-1", "a", "deleting", None)]),
        1,
    )
    .await;
    h.answer("GET", "/v1/instances", 200, page(vec![])).await;
    let detail = h
        .answer("GET", "/v1/instances/i-1", 404, failed(404, "Instance not found"))
        .await;
    let c = h.client().await;
    let spec = c.servers().delete_server("i-1").await.unwrap().job.unwrap();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    detail.assert_async().await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert!(j.message.unwrap().contains("gone"));
}

#[tokio::test]
async fn a_job_times_out_at_its_deadline() {
    let mut h = Harness::new().await;
    h.answer("POST", "/v1/instances/i-1/poweron", 200, ok(json!(null)))
        .await;
    let polls = h
        .answer(
            "GET",
            "/v1/instances",
            200,
            page(vec![instance("i-1", "a", "shutdown", None)]),
        )
        .await
        .expect(90);
    let c = h.client().await;
    let spec = c
        .servers()
        .server_action("i-1", &ServerAction::Start)
        .await
        .unwrap()
        .job
        .unwrap();
    assert_eq!(spec.timeout_secs, 15 * 60);
    let start = h.now();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    polls.assert_async().await;
    assert_eq!(j.status, JobStatus::TimedOut);
    assert_eq!((h.now() - start).num_seconds(), 15 * 60);
    assert_eq!(j.error.unwrap().code, ErrorCode::Timeout);
}

#[tokio::test]
async fn pending_jobs_of_an_account_share_one_list_call() {
    let mut h = Harness::new().await;
    for id in ["i-1", "i-2", "i-3"] {
        h.answer("POST", &format!("/v1/instances/{id}/reset"), 200, ok(json!(null)))
            .await;
    }
    let list = h
        .answer(
            "GET",
            "/v1/instances",
            200,
            page(
                ["i-1", "i-2", "i-3"]
                    .iter()
                    .map(|id| instance(id, id, "active", Some("203.0.113.5")))
                    .collect(),
            ),
        )
        .await
        .expect(1);
    let c = h
        .client_tuned(PollTuning {
            list_max_age: Duration::from_secs(60),
            ..tuning()
        })
        .await;
    let mut jobs = Vec::new();
    for id in ["i-1", "i-2", "i-3"] {
        let spec = c
            .servers()
            .server_action(id, &ServerAction::Reboot)
            .await
            .unwrap()
            .job
            .unwrap();
        jobs.push(job(spec, &h));
    }
    let [mut a, mut b, mut d] = <[Job; 3]>::try_from(jobs).unwrap();
    let clock = h.clock.clone();
    let tracker = c.jobs();
    tokio::join!(
        follow(tracker, clock.as_ref(), &mut a, |_| {}),
        follow(tracker, clock.as_ref(), &mut b, |_| {}),
        follow(tracker, clock.as_ref(), &mut d, |_| {}),
    );
    list.assert_async().await;
    assert_eq!(
        (a.status, b.status, d.status),
        (JobStatus::Succeeded, JobStatus::Succeeded, JobStatus::Succeeded)
    );
}

#[tokio::test]
async fn snapshot_create_finds_the_new_snapshot_and_waits_until_active() {
    let mut h = Harness::new().await;
    let list = |items: Vec<Value>| ok(json!({"snapshots": items, "total": items.len()}));
    let old = snapshot("s-old", "i-1", "ACTIVE", 1_767_000_000);
    let before = h
        .answer_n("GET", "/v1/snapshots", 200, list(vec![old.clone()]), 1)
        .await;
    h.answer("POST", "/v1/snapshots", 200, ok(json!(null))).await;
    let found = h
        .answer_n(
            "GET",
            "/v1/snapshots",
            200,
            list(vec![
                old.clone(),
                snapshot("s-new", "i-1", "IN_PROGRESS", 1_767_225_600),
            ]),
            2,
        )
        .await;
    h.answer(
        "GET",
        "/v1/snapshots",
        200,
        list(vec![old, snapshot("s-new", "i-1", "ACTIVE", 1_767_225_600)]),
    )
    .await;
    let c = h.client().await;
    let spec = c
        .snapshots()
        .unwrap()
        .create_snapshot("i-1", None)
        .await
        .unwrap()
        .job
        .unwrap();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    before.assert_async().await;
    found.assert_async().await;
    assert_eq!(j.status, JobStatus::Succeeded, "{:?}", j.message);
    assert_eq!(j.target.as_deref(), Some("s-new"));
}

#[tokio::test]
async fn snapshot_restore_waits_for_restoring_to_end() {
    let mut h = Harness::new().await;
    h.answer("POST", "/v1/snapshots/s-1/restore", 200, ok(json!(null)))
        .await;
    let list = |status: &str| ok(json!({"snapshots": [snapshot("s-1", "i-1", status, 1)], "total": 1}));
    let restoring = h
        .answer_n("GET", "/v1/snapshots", 200, list("RESTORING"), 2)
        .await;
    h.answer("GET", "/v1/snapshots", 200, list("ACTIVE")).await;
    let c = h.client().await;
    let spec = c
        .snapshots()
        .unwrap()
        .restore_snapshot("s-1", Some("i-1"))
        .await
        .unwrap()
        .job
        .unwrap();
    let started = h.now();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    restoring.assert_async().await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert_eq!((h.now() - started).num_seconds(), 20);
}

#[tokio::test]
async fn a_failed_snapshot_fails_the_job() {
    let mut h = Harness::new().await;
    h.answer("POST", "/v1/snapshots/s-1/restore", 200, ok(json!(null)))
        .await;
    h.answer(
        "GET",
        "/v1/snapshots",
        200,
        ok(json!({"snapshots": [snapshot("s-1", "i-1", "FAILED", 1)], "total": 1})),
    )
    .await;
    let c = h.client().await;
    let spec = c
        .snapshots()
        .unwrap()
        .restore_snapshot("s-1", None)
        .await
        .unwrap()
        .job
        .unwrap();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Failed);
}

#[tokio::test]
async fn iso_download_waits_for_ready() {
    let mut h = Harness::new().await;
    h.answer_n("GET", "/v1/iso", 200, ok(json!({"isos": [], "total": 0})), 1)
        .await;
    h.answer("POST", "/v1/iso", 200, ok(iso("iso-2", "Alpine", "DOWNLOADING")))
        .await;
    let downloading = h
        .answer_n(
            "GET",
            "/v1/iso",
            200,
            ok(json!({"isos": [iso("iso-2", "Alpine", "DOWNLOADING")], "total": 1})),
            1,
        )
        .await;
    h.answer(
        "GET",
        "/v1/iso",
        200,
        ok(json!({"isos": [iso("iso-2", "Alpine", "READY")], "total": 1})),
    )
    .await;
    let c = h.client().await;
    let spec = c
        .uploads()
        .unwrap()
        .download_upload(&UploadRequest {
            kind: UploadKind::Iso,
            name: "Alpine".into(),
            url: "https://example.com/alpine.iso".into(),
            region: Some("DE-Frankfurt".into()),
            use_virtio: Some(false),
            format: None,
            decompress: None,
        })
        .await
        .unwrap()
        .job
        .unwrap();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    downloading.assert_async().await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert_eq!(j.target.as_deref(), Some("iso-2"));
}

#[tokio::test]
async fn a_failed_image_download_fails_the_job() {
    let mut h = Harness::new().await;
    let image =
        |status: &str| json!({"id": "img-9", "name": "broken", "status": status, "regionId": "UK-London"});
    h.answer_n("GET", "/v1/images", 200, ok(json!({"images": [], "total": 0})), 1)
        .await;
    h.answer("POST", "/v1/images", 200, ok(json!(null))).await;
    h.answer_n(
        "GET",
        "/v1/images",
        200,
        ok(json!({"images": [image("DOWNLOADING")], "total": 1})),
        1,
    )
    .await;
    h.answer(
        "GET",
        "/v1/images",
        200,
        ok(json!({"images": [image("FAILED")], "total": 1})),
    )
    .await;
    let c = h.client().await;
    let spec = c
        .uploads()
        .unwrap()
        .download_upload(&UploadRequest {
            kind: UploadKind::DiskImage,
            name: "broken".into(),
            url: "https://example.com/broken.qcow2".into(),
            region: Some("UK-London".into()),
            use_virtio: None,
            format: Some("qcow2".into()),
            decompress: None,
        })
        .await
        .unwrap()
        .job
        .unwrap();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Failed);
    assert_eq!(j.target.as_deref(), Some("img-9"));
    assert!(j
        .error
        .unwrap()
        .message
        .contains("download of image broken failed"));
}

#[tokio::test]
async fn a_transient_error_while_polling_is_retried() {
    let mut h = Harness::new().await;
    h.answer("POST", "/v1/instances/i-1/poweron", 200, ok(json!(null)))
        .await;
    // Three 503s exhaust the transport's retries once; the waiter reports and polls again.
    let burst = h.answer_n("GET", "/v1/instances", 503, "busy".into(), 3).await;
    h.answer(
        "GET",
        "/v1/instances",
        200,
        page(vec![instance("i-1", "a", "active", Some("203.0.113.1"))]),
    )
    .await;
    let c = h.client().await;
    let spec = c
        .servers()
        .server_action("i-1", &ServerAction::Start)
        .await
        .unwrap()
        .job
        .unwrap();
    let mut j = job(spec, &h);
    let mut messages = Vec::new();
    follow(c.jobs(), h.clock.as_ref(), &mut j, |j| {
        messages.push(j.message.clone())
    })
    .await;
    burst.assert_async().await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert!(
        messages[0].as_deref().unwrap_or("").contains("retrying"),
        "{messages:?}"
    );
}
