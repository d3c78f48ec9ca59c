//! The Cloude.ro client against the sandbox's Cloude.ro simulator over real HTTP on loopback:
//! login, lists, actions followed as jobs to completion, a failing job, snapshots, keys, tags,
//! billing, usage, events, and the fault modes (5xx burst retried on a read, 429 with Retry-After,
//! token expiry → re-login, malformed body → clear error, latency, a hang retried after its
//! time-out, a write never retried).

use std::sync::Arc;
use std::time::{Duration, Instant};

use fleetdeck_core::http::HttpSettings;
use fleetdeck_core::job::{Job, JobStatus, SystemClock};
use fleetdeck_core::testing::{follow_within, sandbox_http as http, test_account, test_context};
use fleetdeck_core::{
    Account, CreateServerRequest, Credentials, ErrorCode, MemoryVault, Provider, ProviderContext,
    ProviderKind, SecretString, ServerAction, ServerStatus, SnapshotStatus,
};
use fleetdeck_provider_cloudero::{connect_tuned, PollTuning};
use fleetdeck_sandbox::testing::start_for;
use fleetdeck_sandbox::{Sandbox, SimConfig};

/// How long a long action takes in the simulator.
const DELAY: Duration = Duration::from_millis(400);
const SERVERS: usize = 5;

async fn sandbox() -> Sandbox {
    start_for(
        "cloudero",
        SimConfig {
            accounts: 2,
            servers_per_account: SERVERS,
            action_delay: DELAY,
            rng_seed: 42,
        },
    )
    .await
    .unwrap()
}

fn tuning() -> PollTuning {
    PollTuning {
        event_interval: Duration::from_millis(50),
        resource_interval: Duration::from_millis(50),
        list_max_age: Duration::ZERO,
    }
}

/// A client of seeded account `index`, with its own in-memory session vault.
async fn client_with(sb: &Sandbox, index: usize, http: HttpSettings) -> Arc<dyn Provider> {
    let cred = sb.credentials()["cloudero"][index].clone();
    let account = test_account(
        ProviderKind::Cloudero,
        &format!("acc-{index}"),
        &cred.label,
        sb.endpoint("cloudero"),
        cred.username.clone(),
        true,
        chrono::Utc::now(),
    );
    let password = Credentials::Password(SecretString::from(cred.secret));
    let ctx = test_context(account, password, http, Arc::new(SystemClock));
    connect_tuned(ctx, tuning()).await.unwrap()
}

async fn client(sb: &Sandbox, index: usize) -> Arc<dyn Provider> {
    client_with(sb, index, http()).await
}

/// Follow a job to its end with the real clock.
async fn run(c: &dyn Provider, spec: fleetdeck_core::job::JobSpec) -> Job {
    follow_within(c, spec, ProviderKind::Cloudero, Duration::from_secs(20)).await
}

async fn server_in(c: &dyn Provider, status: ServerStatus) -> String {
    c.servers()
        .list_servers()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.status == status)
        .map(|s| s.id)
        .unwrap_or_else(|| panic!("the seed has a {status:?} server"))
}

#[tokio::test]
async fn logs_in_and_lists_the_seeded_servers() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let profile = c.check().await.unwrap();
    assert_eq!(profile.email, sb.credentials()["cloudero"][0].username);
    assert!(profile.balance.is_some());
    assert!(profile.registered_at.is_some());
    let servers = c.servers().list_servers().await.unwrap();
    assert_eq!(servers.len(), SERVERS);
    for s in &servers {
        assert!(
            matches!(s.status, ServerStatus::Running | ServerStatus::Stopped),
            "{:?}",
            s.status
        );
        assert!(!s.ipv4.is_empty(), "{s:?}");
        assert!(s.ipv6.is_empty(), "v6 is \"\"");
        assert!(s.memory_mb.unwrap() >= 1024);
        assert!(s.region.is_some() && s.plan.is_some() && s.image.is_some());
        // stopped servers say `disk: "0"`: read as not stated
        assert_eq!(s.disk_gb.is_none(), s.status == ServerStatus::Stopped);
    }
    let one = c.servers().get_server(&servers[0].id).await.unwrap();
    assert_eq!(one.id, servers[0].id);
    assert_eq!(one.name, servers[0].name);
    let missing = c.servers().get_server("999999").await.unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);

    // the other account sees only its own servers
    let other = client(&sb, 1).await;
    let theirs = other.servers().list_servers().await.unwrap();
    assert!(theirs.iter().all(|t| servers.iter().all(|s| s.id != t.id)));
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_wrong_password_is_an_auth_error() {
    let sb = sandbox().await;
    let cred = sb.credentials()["cloudero"][0].clone();
    let c = connect_tuned(
        ProviderContext {
            account: Account {
                id: "x".into(),
                name: "wrong".into(),
                provider: ProviderKind::Cloudero,
                endpoint: sb.endpoint("cloudero"),
                username: cred.username,
                color: None,
                lxd: None,
                sandbox: true,
                created_at: chrono::Utc::now(),
            },
            credentials: Credentials::Password(SecretString::from("not-the-password")),
            session: Arc::new(MemoryVault::default()),
            http: http(),
            clock: Arc::new(SystemClock),
        },
        tuning(),
    )
    .await
    .unwrap();
    let e = c.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Auth);
    assert!(e.to_string().contains("login refused"), "{e}");
    // public endpoints still work without a login
    assert!(!c.catalog().unwrap().list_regions().await.unwrap().is_empty());
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_catalog_is_public() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let cat = c.catalog().unwrap();
    let regions = cat.list_regions().await.unwrap();
    assert!(regions
        .iter()
        .any(|r| r.id == "ist2" && r.available == Some(true)));
    assert!(regions
        .iter()
        .any(|r| r.id == "ist1" && r.available == Some(false)));
    let plans = cat.list_plans(None).await.unwrap();
    let izmir = cat.list_plans(Some("izml")).await.unwrap();
    assert!(izmir.len() < plans.len(), "eos4/eos5 are not offered in izml");
    assert!(plans.iter().all(|p| p.prices.len() == 2));
    let images = cat.list_images(Some("fra1")).await.unwrap();
    assert!(images.iter().any(|i| i.id == "debian-12-x64"));
    assert!(images.iter().all(|i| i.id != "centos-7-x64"), "not in fra1");
    let apps = cat.list_applications().await.unwrap();
    assert!(apps.iter().any(|a| a.id == "wordpress"));
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn power_actions_are_followed_to_completion() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let running = server_in(c.as_ref(), ServerStatus::Running).await;
    let outcome = c
        .servers()
        .server_action(&running, &ServerAction::Stop)
        .await
        .unwrap();
    let spec = outcome.job.expect("stop is a job");
    assert!(matches!(
        spec.tracking,
        fleetdeck_core::job::Tracking::Event { .. }
    ));
    // while it runs the server is busy and refuses another action
    let busy = c
        .servers()
        .server_action(&running, &ServerAction::Reboot)
        .await
        .unwrap_err();
    assert_eq!(busy.code(), ErrorCode::Conflict, "{busy}");
    let job = run(c.as_ref(), spec).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
    assert!(job.message.unwrap().contains("VM.STOP completed"));
    assert_eq!(
        c.servers().get_server(&running).await.unwrap().status,
        ServerStatus::Stopped
    );

    let spec = c
        .servers()
        .server_action(&running, &ServerAction::Start)
        .await
        .unwrap()
        .job
        .unwrap();
    assert_eq!(run(c.as_ref(), spec).await.status, JobStatus::Succeeded);
    let spec = c
        .servers()
        .server_action(&running, &ServerAction::Reboot)
        .await
        .unwrap()
        .job
        .unwrap();
    assert_eq!(run(c.as_ref(), spec).await.status, JobStatus::Succeeded);
    assert_eq!(
        c.servers().get_server(&running).await.unwrap().status,
        ServerStatus::Running
    );

    // the events are in the last day's list
    let events = c.events().unwrap().list_events().await.unwrap();
    assert!(events
        .iter()
        .any(|e| e.action == "VM.REBOOT" && e.target.as_deref() == Some(running.as_str())));
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn other_server_actions_complete_as_jobs() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let id = server_in(c.as_ref(), ServerStatus::Running).await;
    let before = c.servers().get_server(&id).await.unwrap();
    let outcome = c
        .servers()
        .server_action(&id, &ServerAction::ResetPassword { password: None })
        .await
        .unwrap();
    assert!(outcome.password.is_none(), "the new password is e-mailed");
    assert_eq!(
        run(c.as_ref(), outcome.job.unwrap()).await.status,
        JobStatus::Succeeded
    );
    let outcome = c
        .servers()
        .server_action(
            &id,
            &ServerAction::Reinstall {
                image: "debian-12-x64".into(),
            },
        )
        .await;
    match outcome {
        Ok(o) => {
            assert_eq!(run(c.as_ref(), o.job.unwrap()).await.status, JobStatus::Succeeded);
            assert_eq!(
                c.servers().get_server(&id).await.unwrap().image.as_deref(),
                Some("debian-12-x64")
            );
        }
        // the image is not offered in every region: a validation error, not a crash
        Err(e) => assert_eq!(e.code(), ErrorCode::Validation, "{e}"),
    }
    // the largest package offered in the server's region
    let region = before.region.clone().unwrap();
    let plans = c.catalog().unwrap().list_plans(Some(&region)).await.unwrap();
    let biggest = plans.iter().max_by_key(|p| p.disk_gb).unwrap();
    assert!(biggest.disk_gb >= before.disk_gb);
    let o = c
        .servers()
        .server_action(
            &id,
            &ServerAction::Resize {
                plan: Some(biggest.id.clone()),
                custom_size: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(run(c.as_ref(), o.job.unwrap()).await.status, JobStatus::Succeeded);
    let after = c.servers().get_server(&id).await.unwrap();
    assert_eq!(after.plan.as_deref(), Some(biggest.id.as_str()));
    assert_eq!(after.vcpus, biggest.vcpus);
    // a package not offered there is refused
    if let Some(elsewhere) = c
        .catalog()
        .unwrap()
        .list_plans(None)
        .await
        .unwrap()
        .iter()
        .find(|p| !p.regions.contains(&region))
    {
        let e = c
            .servers()
            .server_action(
                &id,
                &ServerAction::Resize {
                    plan: Some(elsewhere.id.clone()),
                    custom_size: None,
                },
            )
            .await
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::Validation, "{e}");
    }
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn create_and_destroy_a_server() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let key = c.ssh_keys().unwrap().list_ssh_keys().await.unwrap().remove(0);
    let out = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "staging-api-07".into(),
            hostname: Some("staging-api-07.example".into()),
            region: Some("fra1".into()),
            plan: Some("eos3".into()),
            image: Some("ubuntu-24-04-x64".into()),
            ssh_keys: vec![key.id.clone()],
            user_data: Some("#cloud-config\n".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(out.jobs.len(), 1);
    let job = run(c.as_ref(), out.jobs.into_iter().next().unwrap()).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
    let id = job.target.expect("the create event names the new server");
    let s = c.servers().get_server(&id).await.unwrap();
    assert_eq!(s.name, "staging-api-07");
    assert_eq!(s.hostname.as_deref(), Some("staging-api-07.example"));
    assert_eq!(s.status, ServerStatus::Running);
    assert_eq!(s.vcpus, Some(2));

    // destroy answers `true`: the job polls the list until the server is gone
    let spec = c.servers().delete_server(&id).await.unwrap().job.unwrap();
    assert!(matches!(
        spec.tracking,
        fleetdeck_core::job::Tracking::Poll { .. }
    ));
    assert_eq!(run(c.as_ref(), spec).await.status, JobStatus::Succeeded);
    assert_eq!(
        c.servers().get_server(&id).await.unwrap_err().code(),
        ErrorCode::NotFound
    );

    // a bad order is refused with the provider's words
    let e = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "nope".into(),
            region: Some("izml".into()),
            plan: Some("eos5".into()),
            image: Some("debian-12-x64".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(e.to_string().contains("Postdata: Invalid"), "{e}");
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_failing_job_fails() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let out = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "fail-worker-01".into(),
            region: Some("buh1".into()),
            plan: Some("eos1".into()),
            image: Some("debian-12-x64".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let job = run(c.as_ref(), out.jobs.into_iter().next().unwrap()).await;
    assert_eq!(job.status, JobStatus::Failed);
    let message = job.message.unwrap_or_default();
    assert!(message.contains("VM.CREATE failed"), "{message}");
    let servers = c.servers().list_servers().await.unwrap();
    let failed = servers.iter().find(|s| s.name == "fail-worker-01").unwrap();
    assert_eq!(failed.status, ServerStatus::Error);
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn snapshots_create_restore_clone_and_delete() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let snaps = c.snapshots().unwrap();
    let id = server_in(c.as_ref(), ServerStatus::Running).await;
    let seeded = snaps.list_snapshots(None).await.unwrap();
    assert!(!seeded.is_empty());
    assert!(seeded
        .iter()
        .all(|s| s.status == SnapshotStatus::Ready && s.server_id.is_some()));

    let spec = snaps
        .create_snapshot(&id, Some("before-upgrade"))
        .await
        .unwrap()
        .job
        .unwrap();
    assert_eq!(run(c.as_ref(), spec).await.status, JobStatus::Succeeded);
    let mine = snaps.list_snapshots(Some(&id)).await.unwrap();
    let snap = mine.iter().find(|s| s.name == "before-upgrade").unwrap().clone();
    assert_eq!(snap.status, SnapshotStatus::Ready);
    assert_eq!(snap.server_id.as_deref(), Some(id.as_str()));

    let spec = snaps.restore_snapshot(&snap.id, None).await.unwrap().job.unwrap();
    assert_eq!(run(c.as_ref(), spec).await.status, JobStatus::Succeeded);

    // a new server from the snapshot, on the largest package of its region
    let region = snap
        .regions
        .first()
        .cloned()
        .expect("snapshots name their region");
    let plans = c.catalog().unwrap().list_plans(Some(&region)).await.unwrap();
    let biggest = plans.iter().max_by_key(|p| p.disk_gb).unwrap();
    let out = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "db-replica-clone".into(),
            plan: Some(biggest.id.clone()),
            from_snapshot: Some(snap.id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    let job = run(c.as_ref(), out.jobs.into_iter().next().unwrap()).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
    let clone = c
        .servers()
        .get_server(job.target.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(clone.name, "db-replica-clone");
    assert_eq!(clone.region.as_deref(), Some(region.as_str()));

    // a snapshot named "fail…" fails
    let spec = snaps
        .create_snapshot(&id, Some("fail-nightly"))
        .await
        .unwrap()
        .job
        .unwrap();
    assert_eq!(run(c.as_ref(), spec).await.status, JobStatus::Failed);
    let failed = snaps.list_snapshots(None).await.unwrap();
    assert_eq!(
        failed.iter().find(|s| s.name == "fail-nightly").unwrap().status,
        SnapshotStatus::Failed
    );

    let out = snaps.delete_snapshot(&snap.id).await.unwrap();
    assert!(out.job.is_none(), "snapshot delete answers true and is done");
    assert!(snaps
        .list_snapshots(None)
        .await
        .unwrap()
        .iter()
        .all(|s| s.id != snap.id));
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn ssh_keys_by_fingerprint() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let keys = c.ssh_keys().unwrap();
    let seeded = keys.list_ssh_keys().await.unwrap();
    assert!(seeded.len() >= 2);
    assert!(seeded
        .iter()
        .all(|k| k.fingerprint.as_deref() == Some(k.id.as_str())));
    let pk = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFHa+jmnrPMTwe0fmOMPX7KCyU1WaIu7X5//2bI+u6zg ana@laptop";
    let created = keys.create_ssh_key("ana-laptop", Some(pk)).await.unwrap();
    assert_eq!(created.key.id, "81:ac:c1:01:c0:fb:17:19:55:8f:60:67:4f:a4:a0:82");
    assert_eq!(created.key.name, "ana-laptop");
    let dup = keys.create_ssh_key("ana-laptop", Some(pk)).await.unwrap_err();
    assert_eq!(dup.code(), ErrorCode::Validation);
    let renamed = keys.rename_ssh_key(&created.key.id, "ana-work").await.unwrap();
    assert_eq!(renamed.name, "ana-work");
    keys.delete_ssh_key(&created.key.id).await.unwrap();
    for k in &seeded {
        keys.delete_ssh_key(&k.id).await.unwrap();
    }
    // an empty list comes back as `[]`
    assert!(keys.list_ssh_keys().await.unwrap().is_empty());
    assert_eq!(
        keys.delete_ssh_key(&created.key.id).await.unwrap_err().code(),
        ErrorCode::NotFound
    );
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn tags_many_to_many() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let tags = c.tags().unwrap();
    let servers = c.servers().list_servers().await.unwrap();
    let (a, b) = (servers[0].id.clone(), servers[1].id.clone());
    tags.tag_servers(&["blue".into(), "eu-west".into()], &[a.clone(), b.clone()])
        .await
        .unwrap();
    let list = tags.list_tags().await.unwrap();
    assert_eq!(list.iter().find(|t| t.name == "blue").unwrap().count, Some(2));
    tags.set_server_tags(&a, &["green".into()]).await.unwrap();
    // Server objects carry no tags (README.md, "Tags per server"): the counts of the tag list
    // show that `a` now holds only `green` and `b` still holds `blue`.
    let list = tags.list_tags().await.unwrap();
    let count = |name: &str| list.iter().find(|t| t.name == name).and_then(|t| t.count);
    assert_eq!(count("green"), Some(1));
    assert_eq!(count("blue"), Some(1));
    assert_eq!(count("eu-west"), Some(1));
    tags.delete_tag("blue").await.unwrap();
    assert!(tags.list_tags().await.unwrap().iter().all(|t| t.name != "blue"));
    assert_eq!(
        tags.delete_tag("blue").await.unwrap_err().code(),
        ErrorCode::NotFound
    );
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn billing_and_usage() {
    let sb = sandbox().await;
    let c = client(&sb, 1).await;
    let billing = c.billing().unwrap();
    let invoices = billing.list_invoices().await.unwrap();
    assert_eq!(invoices.len(), 6);
    assert!(invoices
        .iter()
        .all(|i| i.amount.is_some() && i.issued_at.is_some() && i.due_at.is_some()));
    assert!(invoices.iter().any(|i| i.status.as_deref() == Some("unpaid")));
    assert!(invoices.iter().any(|i| i.paid_at.is_some()));
    let tx = billing.list_transactions().await.unwrap();
    assert!(tx
        .iter()
        .any(|t| t.kind.as_deref() == Some("charge") && t.amount.as_ref().unwrap().amount.starts_with('-')));
    assert!(tx.iter().any(|t| t.kind.as_deref() == Some("refund")));
    let id = server_in(c.as_ref(), ServerStatus::Running).await;
    let series = c.usage().unwrap().usage(&id).await.unwrap();
    assert_eq!(series.len(), 2);
    assert_eq!(series[0].metric, "trafficIn");
    assert_eq!(series[0].unit, "MB");
    assert_eq!(series[0].points.len(), 24);
    assert!(series[0].points.iter().any(|p| p.value > 0.0));
    assert!(series[0].points.windows(2).all(|w| w[0].at < w[1].at));
    sb.shutdown().await.unwrap();
}

// -------------------------------------------------------------------------------------------------
// Faults

#[tokio::test]
async fn a_5xx_burst_on_a_read_is_retried() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    c.check().await.unwrap(); // log in first, outside the burst
    let faults = sb.faults("cloudero").unwrap();
    faults.only_paths(Some("/v1/server/list"));
    faults.burst(503, 2, None).unwrap();
    let servers = c.servers().list_servers().await.unwrap();
    assert_eq!(servers.len(), SERVERS);
    assert_eq!(faults.stats().errors, 2, "both 503s were answered and retried");

    // more failures than retries: the error surfaces, typed
    faults.burst(502, 10, None).unwrap();
    let e = c.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Provider, "{e}");
    assert!(e.to_string().contains("Bad Gateway"), "{e}");
    assert_eq!(faults.stats().errors, 2 + 4, "the first try and three retries");
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_write_is_never_retried() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let id = server_in(c.as_ref(), ServerStatus::Running).await;
    let faults = sb.faults("cloudero").unwrap();
    faults.only_paths(Some(&format!("/v1/server/{id}/reboot")));
    faults.burst(503, 1, None).unwrap();
    let e = c
        .servers()
        .server_action(&id, &ServerAction::Reboot)
        .await
        .unwrap_err();
    assert!(e.is_transient(), "{e}");
    assert_eq!(faults.stats().errors, 1);
    assert_eq!(faults.current().burst.unwrap().count, 0);
    // the reboot was not carried out by a hidden retry
    assert_eq!(
        c.servers().get_server(&id).await.unwrap().status,
        ServerStatus::Running
    );
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_429_with_retry_after_is_honoured() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    c.check().await.unwrap();
    let faults = sb.faults("cloudero").unwrap();
    faults.only_paths(Some("/v1/snapshot/list"));
    faults.burst(429, 1, Some(Duration::from_secs(1))).unwrap();
    let started = Instant::now();
    c.snapshots().unwrap().list_snapshots(None).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited as Retry-After asked"
    );
    assert_eq!(faults.stats().errors, 1);

    // a rate limit outlasting the retries is a typed rate-limit error with the delay
    faults.burst(429, 10, Some(Duration::from_secs(600))).unwrap();
    let e = c.snapshots().unwrap().list_snapshots(None).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::RateLimited, "{e}");
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn token_expiry_leads_to_a_new_login() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let base = sb.endpoint("cloudero").unwrap();
    c.servers().list_servers().await.unwrap();
    // a token issued before the expiry, to prove the sandbox really refuses it afterwards
    let cred = sb.credentials()["cloudero"][0].clone();
    let raw = reqwest::Client::new();
    let login: serde_json::Value = raw
        .post(format!("{base}/v1/user/login"))
        .form(&[
            ("username", cred.username.clone().unwrap()),
            ("password", cred.secret.clone()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let old = login["data"]["token"].as_str().unwrap().to_owned();

    sb.faults("cloudero").unwrap().expire_sessions();
    let refused = raw
        .get(format!("{base}/v1/server/list"))
        .bearer_auth(&old)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    // the client meets the 401, its refresh token is refused too, it logs in again and goes on
    let servers = c.servers().list_servers().await.unwrap();
    assert_eq!(servers.len(), SERVERS);
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_malformed_body_is_a_clear_error() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    c.check().await.unwrap();
    let faults = sb.faults("cloudero").unwrap();
    faults.only_paths(Some("/v1/server/list"));
    faults.malformed(1);
    let e = c.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Provider);
    let text = e.to_string();
    assert!(text.contains("unexpected answer from Cloude.ro"), "{text}");
    assert!(text.contains("not JSON"), "{text}");
    // the next answer is whole again
    assert_eq!(c.servers().list_servers().await.unwrap().len(), SERVERS);
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn latency_is_felt_but_harmless() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    c.check().await.unwrap();
    let faults = sb.faults("cloudero").unwrap();
    faults.latency(Duration::from_millis(300));
    let started = Instant::now();
    c.billing().unwrap().profile().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    faults.random_latency(Duration::from_millis(20), Duration::from_millis(80));
    let started = Instant::now();
    for _ in 0..3 {
        c.servers().list_servers().await.unwrap();
    }
    assert!(started.elapsed() >= Duration::from_millis(60));
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_hanging_read_times_out_and_is_retried() {
    let sb = sandbox().await;
    let c = client_with(
        &sb,
        0,
        HttpSettings {
            timeout: Duration::from_millis(400),
            ..http()
        },
    )
    .await;
    c.check().await.unwrap();
    let faults = sb.faults("cloudero").unwrap();
    faults.only_paths(Some("/v1/server/list"));
    faults.hang(1, Some(Duration::from_secs(30)));
    let started = Instant::now();
    let servers = c.servers().list_servers().await.unwrap();
    assert_eq!(servers.len(), SERVERS);
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "the first attempt timed out"
    );
    assert_eq!(faults.stats().hangs, 1);

    // hanging longer than every retry: a network (time-out) error
    faults.hang(10, Some(Duration::from_secs(30)));
    let e = c.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Network, "{e}");
    sb.shutdown().await.unwrap();
}
