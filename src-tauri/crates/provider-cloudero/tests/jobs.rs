//! Jobs driven through the core waiter `follow` with a manual clock: events (per-event and
//! coalesced list polling), server/snapshot state polling for actions that answered `true`,
//! failures and time-outs.

mod common;

use std::time::Duration;

use common::*;
use fleetdeck_core::job::{follow, Job, JobKind, JobSpec, JobStatus, ResourceKind, Tracking};
use fleetdeck_core::testing::follow_statuses;
use fleetdeck_core::{CreateServerRequest, ErrorCode, Provider, ProviderKind, ServerAction};
use fleetdeck_provider_cloudero::PollTuning;
use serde_json::json;

fn job(spec: JobSpec, h: &Harness) -> Job {
    Job::from_spec(spec, "acc", ACCOUNT, ProviderKind::Cloudero, h.now())
}

async fn run(c: &dyn Provider, h: &Harness, j: &mut Job) -> Vec<JobStatus> {
    follow_statuses(c, h.clock.as_ref(), j).await
}

fn event(id: i64, name: &str, status: i64, sub: i64, completed: &str) -> serde_json::Value {
    json!({"id": id, "event": name, "status": status, "subscription_id": sub,
           "created_at": "2026-03-01T12:00:00Z", "completed_at": completed})
}

#[tokio::test]
async fn an_event_job_is_followed_until_success() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.form(
        "POST",
        "/v1/server/42/start",
        &t,
        &[("id", "42")],
        json!({"event_id": 1587}),
    )
    .await;
    let running = h
        .server
        .mock("GET", "/v1/event/1587")
        .with_body(ok(event(1587, "VM.START", 0, 42, "")))
        .expect(2)
        .create_async()
        .await;
    let done = h
        .server
        .mock("GET", "/v1/event/1587")
        .with_body(ok(event(1587, "VM.START", 1, 42, "2026-03-01T12:00:09Z")))
        .expect(1)
        .create_async()
        .await;
    let c = h.client().await;
    let spec = c
        .servers()
        .server_action("42", &ServerAction::Start)
        .await
        .unwrap()
        .job
        .unwrap();
    let started = h.now();
    let mut j = job(spec, &h);
    let seen = run(c.as_ref(), &h, &mut j).await;
    running.assert_async().await;
    done.assert_async().await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert_eq!(j.target.as_deref(), Some("42"));
    assert_eq!(seen.last(), Some(&JobStatus::Succeeded));
    assert_eq!((h.now() - started).num_seconds(), 6, "two pauses of 3 s");
    assert!(j.message.unwrap().contains("VM.START completed"));
}

#[tokio::test]
async fn a_failed_event_fails_the_job() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.get(
        "/v1/event/9",
        &t,
        json!({"id": 9, "event": "VM.UPGRADE", "status": -1, "completed_at": "2026-03-01T12:01:00Z",
               "message": "not enough disk"}),
    )
    .await;
    let c = h.client().await;
    let mut j = job(spec(JobKind::Resize, Tracking::Event { id: "9".into() }, 600), &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Failed);
    let err = j.error.unwrap();
    assert_eq!(err.code, ErrorCode::JobFailed);
    assert!(
        err.message
            .contains("VM.UPGRADE failed (event 9): not enough disk"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn status_zero_with_completed_at_is_terminal() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.get(
        "/v1/event/375",
        &t,
        event(375, "VM.START", 0, 1511, "2018-06-20T15:21:46Z"),
    )
    .await;
    let c = h.client().await;
    let mut j = job(
        spec(JobKind::Start, Tracking::Event { id: "375".into() }, 600),
        &h,
    );
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Succeeded);
}

#[tokio::test]
async fn a_create_event_names_the_new_server() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.form(
        "POST",
        "/v1/server/create",
        &t,
        &[("name", "web-1")],
        json!({"event_id": 50}),
    )
    .await;
    h.get(
        "/v1/event/50",
        &t,
        event(50, "VM.CREATE", 1, 1600, "2026-03-01T12:03:00Z"),
    )
    .await;
    let c = h.client().await;
    let out = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "web-1".into(),
            region: Some("ist2".into()),
            plan: Some("eos1".into()),
            image: Some("ubuntu".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let mut j = job(out.jobs[0].clone(), &h);
    assert_eq!(j.target, None);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert_eq!(j.target.as_deref(), Some("1600"));
}

#[tokio::test]
async fn several_pending_events_cost_one_list_call_per_tick() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    for (id, ev) in [("1", 101), ("2", 102), ("3", 103)] {
        h.form(
            "POST",
            &format!("/v1/server/{id}/reboot"),
            &t,
            &[("id", id)],
            json!({"event_id": ev}),
        )
        .await;
    }
    let list = h
        .server
        .mock("GET", "/v1/event/list")
        .with_body(ok(json!([
            event(101, "VM.REBOOT", 1, 1, "2026-03-01T12:00:05Z"),
            event(102, "VM.REBOOT", 1, 2, "2026-03-01T12:00:05Z"),
            event(103, "VM.REBOOT", -1, 3, "2026-03-01T12:00:05Z")
        ])))
        .expect(1)
        .create_async()
        .await;
    let single = h
        .server
        .mock("GET", mockito::Matcher::Regex("^/v1/event/[0-9]+$".into()))
        .expect(0)
        .create_async()
        .await;
    let c = h
        .client_tuned(PollTuning {
            list_max_age: Duration::from_secs(60),
            ..Harness::tuning()
        })
        .await;
    let mut jobs = Vec::new();
    for id in ["1", "2", "3"] {
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
    single.assert_async().await;
    assert_eq!(
        (a.status, b.status, d.status),
        (JobStatus::Succeeded, JobStatus::Succeeded, JobStatus::Failed)
    );
}

#[tokio::test]
async fn an_event_missing_from_the_24h_list_is_asked_for_directly() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    for (id, ev) in [("1", 201), ("2", 202)] {
        h.form(
            "POST",
            &format!("/v1/server/{id}/stop"),
            &t,
            &[("id", id)],
            json!({"event_id": ev}),
        )
        .await;
    }
    let list = h
        .get(
            "/v1/event/list",
            &t,
            json!([event(201, "VM.STOP", 1, 1, "2026-03-01T12:00:05Z")]),
        )
        .await;
    let direct = h
        .get(
            "/v1/event/202",
            &t,
            event(202, "VM.STOP", 1, 2, "2026-03-01T12:00:05Z"),
        )
        .await;
    // Once it is the only pending event, 201 is asked for on its own.
    let alone = h
        .get(
            "/v1/event/201",
            &t,
            event(201, "VM.STOP", 1, 1, "2026-03-01T12:00:05Z"),
        )
        .await;
    let c = h.client().await;
    let mut specs = Vec::new();
    for id in ["1", "2"] {
        specs.push(
            c.servers()
                .server_action(id, &ServerAction::Stop)
                .await
                .unwrap()
                .job
                .unwrap(),
        );
    }
    let mut second = job(specs.pop().unwrap(), &h);
    let mut first = job(specs.pop().unwrap(), &h);
    run(c.as_ref(), &h, &mut second).await;
    run(c.as_ref(), &h, &mut first).await;
    assert_eq!(
        (first.status, second.status),
        (JobStatus::Succeeded, JobStatus::Succeeded)
    );
    direct.assert_async().await;
    alone.assert_async().await;
    list.assert_async().await;
}

#[tokio::test]
async fn a_start_answering_true_polls_until_running_with_an_ip() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.form("POST", "/v1/server/42/start", &t, &[("id", "42")], json!(true))
        .await;
    let mut booting = server_json(42, "web-1", "Starting");
    booting["networks"] = json!({"v4": "", "v6": ""});
    let stopped = h
        .server
        .mock("GET", "/v1/server/list")
        .with_body(ok(json!([server_json(42, "web-1", "Stopped")])))
        .expect(1)
        .create_async()
        .await;
    let starting = h
        .server
        .mock("GET", "/v1/server/list")
        .with_body(ok(json!([booting])))
        .expect(1)
        .create_async()
        .await;
    let running = h
        .get(
            "/v1/server/list",
            &t,
            json!([server_json(42, "web-1", "Running")]),
        )
        .await;
    let c = h.client().await;
    let spec = c
        .servers()
        .server_action("42", &ServerAction::Start)
        .await
        .unwrap()
        .job
        .unwrap();
    let t0 = h.now();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    stopped.assert_async().await;
    starting.assert_async().await;
    running.assert_async().await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert_eq!((h.now() - t0).num_seconds(), 10, "two pauses of 5 s");
}

#[tokio::test]
async fn a_destroy_answering_true_polls_until_gone() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.form(
        "DELETE",
        "/v1/server/42/destroy",
        &t,
        &[("id", "42")],
        json!(true),
    )
    .await;
    h.server
        .mock("GET", "/v1/server/list")
        .with_body(ok(json!([server_json(42, "web-1", "Stopping")])))
        .expect(1)
        .create_async()
        .await;
    h.get("/v1/server/list", &t, json!([])).await;
    let c = h.client().await;
    let spec = c.servers().delete_server("42").await.unwrap().job.unwrap();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Succeeded);
}

#[tokio::test]
async fn a_create_answering_true_finds_then_follows_the_new_server() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.form("POST", "/v1/server/create", &t, &[("name", "blog")], json!(true))
        .await;
    // First tick: only an older server of the same name exists... and it is excluded only by id
    // order, so the newest one wins once it appears.
    h.server
        .mock("GET", "/v1/server/list")
        .with_body(ok(json!([server_json(7, "other", "Running")])))
        .expect(1)
        .create_async()
        .await;
    let mut new = server_json(1601, "blog", "Creating");
    new["active_events"] = json!([88]);
    h.server
        .mock("GET", "/v1/server/list")
        .with_body(ok(json!([server_json(7, "other", "Running"), new])))
        .expect(1)
        .create_async()
        .await;
    h.get(
        "/v1/server/list",
        &t,
        json!([
            server_json(7, "other", "Running"),
            server_json(1601, "blog", "Running")
        ]),
    )
    .await;
    let c = h.client().await;
    let out = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "blog".into(),
            region: Some("ist2".into()),
            plan: Some("eos1".into()),
            image: Some("ubuntu".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let mut j = job(out.jobs[0].clone(), &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert_eq!(j.target.as_deref(), Some("1601"));
    assert_eq!(
        j.tracking,
        Tracking::Poll {
            resource: ResourceKind::Server,
            id: "1601".into(),
            until: fleetdeck_core::job::Condition::Running
        }
    );
}

#[tokio::test]
async fn a_snapshot_answering_true_is_found_and_followed_until_ready() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.form(
        "POST",
        "/v1/snapshot/create",
        &t,
        &[("name", "nightly")],
        json!(true),
    )
    .await;
    h.server
        .mock("GET", "/v1/snapshot/list")
        .with_body(ok(
            json!([{"id": 5, "name": "nightly", "subscription_id": 9, "state": "Pending"}]),
        ))
        .expect(2)
        .create_async()
        .await;
    h.get(
        "/v1/snapshot/list",
        &t,
        json!([{"id": 5, "name": "nightly", "subscription_id": 9, "state": "Active"}]),
    )
    .await;
    let c = h.client().await;
    let spec = c
        .snapshots()
        .unwrap()
        .create_snapshot("9", Some("nightly"))
        .await
        .unwrap()
        .job
        .unwrap();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert_eq!(j.target.as_deref(), Some("5"));
}

#[tokio::test]
async fn a_stuck_event_times_out_at_the_deadline() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let m = h.get("/v1/event/7", &t, event(7, "VM.REBOOT", 0, 1, "")).await;
    let c = h.client().await;
    let t0 = h.now();
    let mut j = job(spec(JobKind::Reboot, Tracking::Event { id: "7".into() }, 900), &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::TimedOut);
    assert_eq!(j.error.unwrap().code, ErrorCode::Timeout);
    assert_eq!((h.now() - t0).num_seconds(), 900);
    m.expect(300).assert_async().await;
}

#[tokio::test]
async fn the_token_is_renewed_while_a_long_job_runs() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    // The event runs for an hour; the 45-minute token is refreshed on the way.
    let running = h
        .server
        .mock("GET", "/v1/event/8")
        .with_body(ok(event(8, "VM.RESTORE", 0, 1, "")))
        .expect(1200)
        .create_async()
        .await;
    h.server
        .mock("GET", "/v1/event/8")
        .with_body(ok(event(8, "VM.RESTORE", 1, 1, "2026-03-01T13:00:00Z")))
        .create_async()
        .await;
    let refresh = h
        .server
        .mock("POST", "/v1/user/refreshtoken")
        .with_body_from_request(|_| {
            ok(
                json!({"token": jwt("fresh", start() + chrono::Duration::hours(5)),
                      "refreshtoken": jwt("fresh-r", start() + chrono::Duration::days(2))}),
            )
            .into_bytes()
        })
        .expect(1)
        .create_async()
        .await;
    let c = h.client().await;
    let mut j = job(
        spec(JobKind::SnapshotRestore, Tracking::Event { id: "8".into() }, 7200),
        &h,
    );
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Succeeded);
    running.assert_async().await;
    refresh.assert_async().await;
    let _ = t;
}

#[tokio::test]
async fn transient_poll_errors_are_retried_until_the_event_ends() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.server
        .mock("GET", "/v1/event/6")
        .with_status(502)
        .with_body("Bad Gateway")
        .expect(3) // one poll: the first try and two retries
        .create_async()
        .await;
    h.get(
        "/v1/event/6",
        &t,
        event(6, "VM.STOP", 1, 1, "2026-03-01T12:00:30Z"),
    )
    .await;
    let c = h.client().await;
    let mut j = job(spec(JobKind::Stop, Tracking::Event { id: "6".into() }, 600), &h);
    let mut messages = Vec::new();
    follow(c.jobs(), h.clock.as_ref(), &mut j, |j| {
        messages.push(j.message.clone())
    })
    .await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert!(messages[0].as_deref().unwrap_or("").contains("retrying"));
}

fn spec(kind: JobKind, tracking: Tracking, timeout_secs: u32) -> JobSpec {
    JobSpec {
        kind,
        target: Some("1".into()),
        target_name: None,
        server_id: Some("1".into()),
        tracking,
        timeout_secs,
        description: format!("{kind:?} test"),
    }
}

#[tokio::test]
async fn an_unusable_event_list_falls_back_to_the_per_event_get() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    for (id, ev) in [("1", 301), ("2", 302)] {
        h.form(
            "POST",
            &format!("/v1/server/{id}/start"),
            &t,
            &[("id", id)],
            json!({"event_id": ev}),
        )
        .await;
    }
    let list = h
        .server
        .mock("GET", "/v1/event/list")
        .with_body("not json at all")
        .expect_at_least(1)
        .create_async()
        .await;
    for ev in [301, 302] {
        h.get(
            &format!("/v1/event/{ev}"),
            &t,
            event(ev, "VM.START", 1, 1, "2026-03-01T12:00:05Z"),
        )
        .await;
    }
    let c = h.client().await;
    let mut jobs = Vec::new();
    for id in ["1", "2"] {
        let spec = c
            .servers()
            .server_action(id, &ServerAction::Start)
            .await
            .unwrap()
            .job
            .unwrap();
        jobs.push(job(spec, &h));
    }
    for j in &mut jobs {
        run(c.as_ref(), &h, j).await;
        assert_eq!(j.status, JobStatus::Succeeded);
    }
    list.assert_async().await;
}
