//! Jobs driven through the core waiter `follow` with a manual clock: the create-then-match flow
//! (no id returned), a label collision found while matching, power and delete polls, snapshot
//! builds, coalesced polling, failures and time-outs.

mod common;

use std::time::Duration;

use common::*;
use fleetdeck_core::job::{follow, Job, JobKind, JobSpec, JobStatus, Tracking};
use fleetdeck_core::{CreateServerRequest, ErrorCode, Provider, ProviderKind, ServerAction};
use fleetdeck_provider_letscloud::PollTuning;
use serde_json::json;

fn job(spec: JobSpec, h: &Harness) -> Job {
    Job::from_spec(spec, "acc", ACCOUNT, ProviderKind::LetsCloud, h.now())
}

async fn run(c: &dyn Provider, h: &Harness, j: &mut Job) -> Vec<(JobStatus, Option<String>)> {
    let mut seen = Vec::new();
    follow(c.jobs(), h.clock.as_ref(), j, |j| {
        seen.push((j.status, j.message.clone()))
    })
    .await;
    seen
}

fn order(name: &str) -> CreateServerRequest {
    CreateServerRequest {
        name: name.into(),
        region: Some("MIA2".into()),
        plan: Some("1vcpu-1gb-10ssd".into()),
        image: Some("ubuntu-24.04-x86_64".into()),
        ..Default::default()
    }
}

/// `GET /instances` answering `data` exactly once (mocks are used in creation order).
async fn list_once(h: &mut Harness, data: serde_json::Value) -> mockito::Mock {
    h.mock("GET", "/instances", ok(data), 1).await
}

fn other() -> serde_json::Value {
    instance("A0", "db-primary", RUNNING, &["191.252.1.11"])
}

fn new_one(flags: (bool, bool, bool, bool), ips: &[&str]) -> serde_json::Value {
    let mut v = instance("NEWID123", "web-mia-02", flags, ips);
    // The order's hostname is the label: the match is on both.
    v["hostname"] = json!("web-mia-02");
    v
}

#[tokio::test]
async fn create_then_match_until_running_with_an_ip() {
    let mut h = Harness::new().await;
    let mocks = vec![
        // the collision check before ordering
        list_once(&mut h, json!([other()])).await,
        h.json(
            "POST",
            "/instances",
            json!({"label": "web-mia-02", "hostname": "web-mia-02"}),
            ack("Instance successfully created"),
        )
        .await,
        // the create's own look right after the order: not listed yet, so the job must find it
        list_once(&mut h, json!([other()])).await,
        // not listed yet
        list_once(&mut h, json!([other()])).await,
        // listed, building: found
        list_once(&mut h, json!([other(), new_one(BUILDING, &[])])).await,
        // built and booted but still locked
        list_once(
            &mut h,
            json!([other(), new_one(LOCKED, &["191.252.1.20", "2804:7f4:3c01::20"])]),
        )
        .await,
        // unlocked but no address yet
        list_once(&mut h, json!([other(), new_one(RUNNING, &[])])).await,
        list_once(
            &mut h,
            json!([other(), new_one(RUNNING, &["2804:7f4:3c01::20", "191.252.1.20"])]),
        )
        .await,
    ];
    let c = h.client().await;
    let out = c.servers().create_server(&order("web-mia-02")).await.unwrap();
    let mut j = job(out.jobs[0].clone(), &h);
    let started = h.now();
    // A fresh client follows it: the job needs nothing from the process that created it.
    let resumed = h.client().await;
    let seen = run(resumed.as_ref(), &h, &mut j).await;
    for m in mocks {
        m.assert_async().await;
    }
    assert_eq!(j.status, JobStatus::Succeeded, "{:?}", j.error);
    assert_eq!(j.target.as_deref(), Some("NEWID123"));
    assert_eq!(j.kind, JobKind::CreateServer);
    assert!(
        matches!(&j.tracking, Tracking::Poll { id, .. } if id == "NEWID123"),
        "{:?}",
        j.tracking
    );
    assert_eq!((h.now() - started).num_seconds(), 15, "three pauses of 5 s");
    let messages: Vec<String> = seen.iter().filter_map(|(_, m)| m.clone()).collect();
    assert!(messages
        .iter()
        .any(|m| m.contains("waiting for instance web-mia-02 to appear")));
    assert!(messages.iter().any(|m| m.contains("found: NEWID123")));
    assert!(messages.iter().any(|m| m.contains("waiting for an IP address")));
}

#[tokio::test]
async fn two_new_instances_with_the_label_fail_the_match() {
    let mut h = Harness::new().await;
    list_once(&mut h, json!([])).await;
    h.mock("POST", "/instances", ack("Instance successfully created"), 1)
        .await;
    let mut twin = new_one(BUILDING, &[]);
    twin["identifier"] = json!("TWIN9999");
    h.get("/instances", json!([new_one(BUILDING, &[]), twin])).await;
    let c = h.client().await;
    let out = c.servers().create_server(&order("web-mia-02")).await.unwrap();
    let mut j = job(out.jobs[0].clone(), &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Failed);
    let err = j.error.unwrap();
    assert_eq!(err.code, ErrorCode::JobFailed);
    assert!(
        err.message
            .contains("2 new instances are labelled web-mia-02 (NEWID123, TWIN9999)"),
        "{}",
        err.message
    );
    assert_eq!(j.target, None, "neither twin is claimed");
}

#[tokio::test]
async fn an_instance_with_the_label_but_another_hostname_is_not_a_match() {
    let mut h = Harness::new().await;
    list_once(&mut h, json!([])).await;
    h.mock("POST", "/instances", ack("Instance successfully created"), 1)
        .await;
    let mut stranger = new_one(RUNNING, &["191.252.1.30"]);
    stranger["hostname"] = json!("elsewhere.example.com");
    list_once(&mut h, json!([stranger.clone()])).await;
    h.get(
        "/instances",
        json!([stranger, new_one(RUNNING, &["191.252.1.20"])]),
    )
    .await;
    let c = h.client().await;
    let out = c.servers().create_server(&order("web-mia-02")).await.unwrap();
    let mut j = job(out.jobs[0].clone(), &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert_eq!(j.target.as_deref(), Some("NEWID123"));
}

#[tokio::test]
async fn a_create_that_never_shows_times_out_on_the_manual_clock() {
    let mut h = Harness::new().await;
    h.get("/instances", json!([other()])).await;
    h.mock("POST", "/instances", ack("Instance successfully created"), 1)
        .await;
    let c = h.client().await;
    let out = c.servers().create_server(&order("web-mia-02")).await.unwrap();
    let timeout = out.jobs[0].timeout_secs;
    let started = h.now();
    let mut j = job(out.jobs[0].clone(), &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::TimedOut);
    assert_eq!((h.now() - started).num_seconds(), i64::from(timeout));
    assert_eq!(j.error.unwrap().code, ErrorCode::Timeout);
}

#[tokio::test]
async fn power_off_waits_for_booted_to_flip_and_the_lock_to_clear() {
    let mut h = Harness::new().await;
    h.mock(
        "PUT",
        "/instances/A1/power-off",
        ack("The instance is turning OFF."),
        1,
    )
    .await;
    let steps = vec![
        list_once(&mut h, json!([instance("A1", "web", LOCKED, &["191.252.1.10"])])).await,
        // Unlocked, but `booted` lags behind (eventually consistent).
        list_once(&mut h, json!([instance("A1", "web", RUNNING, &["191.252.1.10"])])).await,
        list_once(&mut h, json!([instance("A1", "web", STOPPED, &["191.252.1.10"])])).await,
    ];
    let c = h.client().await;
    let spec = c
        .servers()
        .server_action("A1", &ServerAction::Stop)
        .await
        .unwrap()
        .job
        .unwrap();
    let started = h.now();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    for m in steps {
        m.assert_async().await;
    }
    assert_eq!(j.status, JobStatus::Succeeded);
    assert_eq!((h.now() - started).num_seconds(), 10);
    assert_eq!(j.message.as_deref(), Some("web is off"));
}

#[tokio::test]
async fn delete_succeeds_when_the_instance_is_gone() {
    let mut h = Harness::new().await;
    h.mock("DELETE", "/instances/A1", ack("Instance successfully deleted"), 1)
        .await;
    list_once(&mut h, json!([instance("A1", "web", LOCKED, &[])])).await;
    list_once(&mut h, json!([other()])).await;
    let c = h.client().await;
    let spec = c.servers().delete_server("A1").await.unwrap().job.unwrap();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert_eq!(j.message.as_deref(), Some("instance A1 is gone"));
}

#[tokio::test]
async fn suspension_or_disappearance_fails_a_power_job() {
    for (answer, expect) in [
        (
            json!([instance("A1", "web", SUSPENDED, &[])]),
            "is suspended by LetsCloud",
        ),
        (json!([other()]), "instance A1 disappeared"),
    ] {
        let mut h = Harness::new().await;
        h.mock(
            "PUT",
            "/instances/A1/power-on",
            ack("The instance is turning ON"),
            1,
        )
        .await;
        h.get("/instances", answer).await;
        let c = h.client().await;
        let spec = c
            .servers()
            .server_action("A1", &ServerAction::Start)
            .await
            .unwrap()
            .job
            .unwrap();
        let mut j = job(spec, &h);
        run(c.as_ref(), &h, &mut j).await;
        assert_eq!(j.status, JobStatus::Failed);
        assert!(j.error.unwrap().message.contains(expect));
    }
}

#[tokio::test]
async fn many_pending_server_jobs_cost_one_list_call() {
    let mut h = Harness::new().await;
    for id in ["A1", "A2", "A3"] {
        h.mock(
            "PUT",
            &format!("/instances/{id}/reboot"),
            ack("The instance is rebooting"),
            1,
        )
        .await;
    }
    let list = h
        .mock(
            "GET",
            "/instances",
            ok(json!([
                instance("A1", "web-1", RUNNING, &["191.252.1.1"]),
                instance("A2", "web-2", RUNNING, &["191.252.1.2"]),
                instance("A3", "web-3", RUNNING, &["191.252.1.3"])
            ])),
            1,
        )
        .await;
    let c = h
        .client_tuned(PollTuning {
            list_max_age: Duration::from_secs(60),
            ..Harness::tuning()
        })
        .await;
    let mut jobs = Vec::new();
    for id in ["A1", "A2", "A3"] {
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
    let tracker = c.jobs();
    let clock = h.clock.as_ref();
    tokio::join!(
        follow(tracker, clock, &mut a, |_| {}),
        follow(tracker, clock, &mut b, |_| {}),
        follow(tracker, clock, &mut d, |_| {}),
    );
    list.assert_async().await;
    for j in [&a, &b, &d] {
        assert_eq!(j.status, JobStatus::Succeeded, "{:?}", j.error);
    }
}

#[tokio::test]
async fn a_struggling_api_is_retried_until_the_job_completes() {
    let mut h = Harness::new().await;
    h.mock(
        "PUT",
        "/instances/A1/power-on",
        ack("The instance is turning ON"),
        1,
    )
    .await;
    // 1 attempt + 2 retries inside the HTTP client, then one more poll later.
    let failing = h
        .server
        .mock("GET", "/instances")
        .with_status(503)
        .with_body(refusal("Service Unavailable"))
        .expect(3)
        .create_async()
        .await;
    h.get(
        "/instances",
        json!([instance("A1", "web", RUNNING, &["191.252.1.10"])]),
    )
    .await;
    let c = h.client().await;
    let spec = c
        .servers()
        .server_action("A1", &ServerAction::Start)
        .await
        .unwrap()
        .job
        .unwrap();
    let mut j = job(spec, &h);
    let seen = run(c.as_ref(), &h, &mut j).await;
    failing.assert_async().await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert!(seen
        .iter()
        .any(|(_, m)| m.as_deref().is_some_and(|m| m.contains("(retrying)"))));
}

#[tokio::test]
async fn a_snapshot_is_followed_until_build_is_true() {
    let mut h = Harness::new().await;
    h.mock(
        "POST",
        "/instances/A1/snapshots",
        ok(snapshot("snap-new", "nightly", "A1", false)),
        1,
    )
    .await;
    let building = h
        .mock(
            "GET",
            "/snapshots/status/snap-new",
            ok(json!({"slug": "snap-new", "build": false})),
            2,
        )
        .await;
    let built = h
        .mock(
            "GET",
            "/snapshots/status/snap-new",
            ok(json!({"slug": "snap-new", "build": true})),
            1,
        )
        .await;
    let no_list = h.server.mock("GET", "/snapshots").expect(0).create_async().await;
    let c = h.client().await;
    let spec = c
        .snapshots()
        .unwrap()
        .create_snapshot("A1", Some("nightly"))
        .await
        .unwrap()
        .job
        .unwrap();
    let started = h.now();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    building.assert_async().await;
    built.assert_async().await;
    no_list.assert_async().await;
    assert_eq!(j.status, JobStatus::Succeeded);
    assert_eq!(j.target.as_deref(), Some("snap-new"));
    assert_eq!((h.now() - started).num_seconds(), 20, "two pauses of 10 s");
}

#[tokio::test]
async fn a_snapshot_that_vanishes_fails_its_job() {
    let mut h = Harness::new().await;
    h.mock(
        "POST",
        "/instances/A1/snapshots",
        ok(json!({"slug": "snap-fail"})),
        1,
    )
    .await;
    h.fail(
        "GET",
        "/snapshots/status/snap-fail",
        400,
        refusal("Snapshot not found"),
    )
    .await;
    let c = h.client().await;
    let spec = c
        .snapshots()
        .unwrap()
        .create_snapshot("A1", Some("fail"))
        .await
        .unwrap()
        .job
        .unwrap();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Failed);
    assert!(j.error.unwrap().message.contains("snap-fail disappeared"));
}

#[tokio::test]
async fn several_pending_snapshots_share_one_list_call() {
    let mut h = Harness::new().await;
    for (slug, label) in [("s-1", "one"), ("s-2", "two"), ("s-3", "three")] {
        h.json(
            "POST",
            "/instances/A1/snapshots",
            json!({"label": label}),
            ok(json!({"slug": slug})),
        )
        .await;
    }
    let list = h
        .mock(
            "GET",
            "/snapshots",
            ok(json!([
                snapshot("s-1", "one", "A1", true),
                snapshot("s-2", "two", "A1", true),
                snapshot("s-3", "three", "A1", true)
            ])),
            1,
        )
        .await;
    let no_status = h
        .server
        .mock("GET", mockito::Matcher::Regex("^/snapshots/status/".into()))
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
    for label in ["one", "two", "three"] {
        let spec = c
            .snapshots()
            .unwrap()
            .create_snapshot("A1", Some(label))
            .await
            .unwrap()
            .job
            .unwrap();
        jobs.push(job(spec, &h));
    }
    // Polled together, as the host's waiters run: the three polls share one list answer.
    let [mut a, mut b, mut d] = <[Job; 3]>::try_from(jobs).unwrap();
    let tracker = c.jobs();
    let clock = h.clock.as_ref();
    tokio::join!(
        follow(tracker, clock, &mut a, |_| {}),
        follow(tracker, clock, &mut b, |_| {}),
        follow(tracker, clock, &mut d, |_| {}),
    );
    for j in [&a, &b, &d] {
        assert_eq!(j.status, JobStatus::Succeeded, "{:?}", j.error);
    }
    list.assert_async().await;
    no_status.assert_async().await;
}

#[tokio::test]
async fn a_snapshot_created_without_a_slug_is_found_by_label_then_built() {
    let mut h = Harness::new().await;
    h.mock(
        "POST",
        "/instances/A1/snapshots",
        ack("Snapshot creation has been queued."),
        1,
    )
    .await;
    list_snapshots_once(&mut h, json!([snapshot("old", "older", "A1", true)])).await;
    list_snapshots_once(
        &mut h,
        json!([
            snapshot("old", "older", "A1", true),
            snapshot("s-new", "nightly", "A1", false)
        ]),
    )
    .await;
    h.get("/snapshots/status/s-new", json!({"slug": "s-new", "build": true}))
        .await;
    let c = h.client().await;
    let spec = c
        .snapshots()
        .unwrap()
        .create_snapshot("A1", Some("nightly"))
        .await
        .unwrap()
        .job
        .unwrap();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Succeeded, "{:?}", j.error);
    assert_eq!(j.target.as_deref(), Some("s-new"));
}

async fn list_snapshots_once(h: &mut Harness, data: serde_json::Value) -> mockito::Mock {
    h.mock("GET", "/snapshots", ok(data), 1).await
}

#[tokio::test]
async fn a_power_on_that_ends_unbooted_fails_after_the_grace_polls() {
    let mut h = Harness::new().await;
    h.mock(
        "PUT",
        "/instances/A1/power-on",
        ack("The instance is turning ON"),
        1,
    )
    .await;
    list_once(
        &mut h,
        json!([instance(
            "A1",
            "web",
            (false, true, true, false),
            &["191.252.1.10"]
        )]),
    )
    .await;
    // The lock clears, `booted` never flips: LetsCloud's only sign the action failed.
    let after = h
        .mock(
            "GET",
            "/instances",
            ok(json!([instance("A1", "web", STOPPED, &["191.252.1.10"])])),
            3,
        )
        .await;
    let c = h.client().await;
    let spec = c
        .servers()
        .server_action("A1", &ServerAction::Start)
        .await
        .unwrap()
        .job
        .unwrap();
    let started = h.now();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    after.assert_async().await;
    assert_eq!(j.status, JobStatus::Failed);
    let err = j.error.unwrap();
    assert!(
        err.message
            .contains("finished the action on web (A1) but the instance is off, not running"),
        "{}",
        err.message
    );
    // One locked poll, then three unlocked-and-off polls (the harness's grace), 5 s apart.
    assert_eq!((h.now() - started).num_seconds(), 15);
}

#[tokio::test]
async fn an_instance_never_seen_locked_just_waits() {
    let mut h = Harness::new().await;
    h.mock(
        "PUT",
        "/instances/A1/power-on",
        ack("The instance is turning ON"),
        1,
    )
    .await;
    // The action has not even locked the instance yet: no verdict, only waiting.
    list_once(&mut h, json!([instance("A1", "web", STOPPED, &["191.252.1.10"])])).await;
    list_once(&mut h, json!([instance("A1", "web", STOPPED, &["191.252.1.10"])])).await;
    list_once(&mut h, json!([instance("A1", "web", STOPPED, &["191.252.1.10"])])).await;
    list_once(&mut h, json!([instance("A1", "web", STOPPED, &["191.252.1.10"])])).await;
    h.get(
        "/instances",
        json!([instance("A1", "web", RUNNING, &["191.252.1.10"])]),
    )
    .await;
    let c = h.client().await;
    let spec = c
        .servers()
        .server_action("A1", &ServerAction::Start)
        .await
        .unwrap()
        .job
        .unwrap();
    let mut j = job(spec, &h);
    run(c.as_ref(), &h, &mut j).await;
    assert_eq!(j.status, JobStatus::Succeeded, "{:?}", j.error);
}
