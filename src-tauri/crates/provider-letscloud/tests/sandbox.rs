//! The LetsCloud client against the sandbox's LetsCloud simulator over real HTTP on loopback:
//! profile and catalog, separate accounts, the create-then-match flow to a running instance, a label
//! collision, every action followed as a job, failing jobs, snapshots, SSH keys (the empty-list
//! quirk included), the rate-limit headers, and the fault modes (5xx burst retried on a read, 429
//! with Retry-After, malformed body → clear error, latency, a hang retried after its time-out, a
//! write never retried).

use std::sync::Arc;
use std::time::{Duration, Instant};

use fleetdeck_core::http::HttpSettings;
use fleetdeck_core::job::{Job, JobSpec, JobStatus, SystemClock};
use fleetdeck_core::testing::{follow_within, sandbox_http as http, test_account, test_context};
use fleetdeck_core::{
    CreateServerRequest, Credentials, ErrorCode, ExposeSecret, Provider, ProviderContext, ProviderKind,
    SecretString, ServerAction, ServerStatus, SnapshotStatus,
};
use fleetdeck_provider_letscloud::{build, connect_tuned, LetsCloud, PollTuning};
use fleetdeck_sandbox::testing::start_for;
use fleetdeck_sandbox::{Sandbox, SimConfig};

/// How long a long action takes in the simulator.
const DELAY: Duration = Duration::from_millis(150);
const SERVERS: usize = 5;

async fn sandbox() -> Sandbox {
    start_for(
        "letscloud",
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
        server_interval: Duration::from_millis(50),
        snapshot_interval: Duration::from_millis(50),
        list_max_age: Duration::ZERO,
        settle_grace_polls: 3,
    }
}

fn ctx(sb: &Sandbox, index: usize, http: HttpSettings) -> ProviderContext {
    let cred = sb.credentials()["letscloud"][index].clone();
    let account = test_account(
        ProviderKind::LetsCloud,
        &format!("acc-{index}"),
        &cred.label,
        sb.endpoint("letscloud"),
        None,
        true,
        chrono::Utc::now(),
    );
    let token = Credentials::Token(SecretString::from(cred.secret));
    test_context(account, token, http, Arc::new(SystemClock))
}

async fn client_with(sb: &Sandbox, index: usize, http: HttpSettings) -> Arc<dyn Provider> {
    connect_tuned(ctx(sb, index, http), tuning()).await.unwrap()
}

async fn client(sb: &Sandbox, index: usize) -> Arc<dyn Provider> {
    client_with(sb, index, http()).await
}

fn concrete(sb: &Sandbox, index: usize) -> LetsCloud {
    build(ctx(sb, index, http()), tuning()).unwrap()
}

/// Follow a job to its end with the real clock (bounded, so a bug cannot hang the suite).
async fn wait(c: &dyn Provider, spec: JobSpec) -> Job {
    follow_within(c, spec, ProviderKind::LetsCloud, Duration::from_secs(30)).await
}

fn order(name: &str) -> CreateServerRequest {
    CreateServerRequest {
        name: name.into(),
        region: Some("MIA1".into()),
        plan: Some("1vcpu-1gb-10ssd".into()),
        image: Some("ubuntu-24.04-x86_64".into()),
        root_password: Some(SecretString::from("Sandb0x-R00t-Pw")),
        ..Default::default()
    }
}

/// A seeded instance that is running and settled.
async fn running_instance(c: &dyn Provider) -> String {
    let list = c.servers().list_servers().await.unwrap();
    list.iter()
        .find(|s| s.status == ServerStatus::Running)
        .map(|s| s.id.clone())
        .expect("a running seeded instance")
}

#[tokio::test]
async fn profile_catalog_and_instances() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let brl = client(&sb, 1).await;

    let p = c.check().await.unwrap();
    assert_eq!(p.balance.as_ref().unwrap().currency.as_deref(), Some("USD"));
    assert!(p.email.is_some());
    let p = brl.check().await.unwrap();
    assert_eq!(p.balance.unwrap().currency.as_deref(), Some("BRL"));

    let cat = c.catalog().unwrap();
    let regions = cat.list_regions().await.unwrap();
    assert_eq!(regions.len(), 4);
    assert!(regions
        .iter()
        .any(|r| r.id == "FRA1" && r.available == Some(false)));
    let plans = cat.list_plans(Some("MIA1")).await.unwrap();
    assert!(!plans.is_empty());
    assert!(plans
        .iter()
        .all(|p| p.memory_mb.is_some() && !p.prices.is_empty()));
    let everywhere = cat.list_plans(None).await.unwrap();
    assert!(everywhere.iter().all(|p| !p.regions.iter().any(|r| r == "FRA1")));
    let images = cat.list_images(Some("NYC1")).await.unwrap();
    assert!(!images.is_empty());
    assert!(!images.iter().any(|i| i.family.as_deref() == Some("windows")));

    let list = c.servers().list_servers().await.unwrap();
    assert_eq!(list.len(), SERVERS);
    for s in &list {
        assert!(!s.id.is_empty() && s.memory_mb.is_some());
        assert_eq!(s.raw_status.flags.len(), 4);
        let json = serde_json::to_string(s).unwrap();
        assert!(!json.contains("initial_root_password"), "{json}");
    }
    let one = c.servers().get_server(&list[0].id).await.unwrap();
    assert_eq!(one.id, list[0].id);

    let budget = c.rate_status().unwrap();
    assert!(budget.from_headers, "the simulator sends X-RateLimit-*");
    assert_eq!(budget.limit, Some(5000));
    assert!(budget.remaining.unwrap() < 5000);
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn accounts_are_separate() {
    let sb = sandbox().await;
    let a = client(&sb, 0).await;
    let b = client(&sb, 1).await;
    let mine = a.servers().list_servers().await.unwrap();
    let theirs = b.servers().list_servers().await.unwrap();
    assert!(mine.iter().all(|m| theirs.iter().all(|t| t.id != m.id)));
    let e = b.servers().get_server(&mine[0].id).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn create_then_match_then_every_action_then_delete() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let servers = c.servers();

    let out = servers.create_server(&order("web-mia-42")).await.unwrap();
    let job = wait(c.as_ref(), out.jobs[0].clone()).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.error);
    let id = job.target.clone().expect("the match names the new instance");
    let s = servers.get_server(&id).await.unwrap();
    assert_eq!(s.name, "web-mia-42");
    assert_eq!(s.status, ServerStatus::Running);
    assert!(!s.ipv4.is_empty());
    // The root password chosen at create is what LetsCloud reports, reachable only on purpose.
    let pw = concrete(&sb, 0)
        .initial_root_password(&id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pw.expose_secret(), "Sandb0x-R00t-Pw");

    // The label is now taken.
    let e = servers.create_server(&order("web-mia-42")).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);

    let act = |a: ServerAction| {
        let c = c.clone();
        let id = id.clone();
        async move {
            let spec = c.servers().server_action(&id, &a).await.unwrap().job.unwrap();
            let j = wait(c.as_ref(), spec).await;
            assert_eq!(j.status, JobStatus::Succeeded, "{a:?}: {:?}", j.error);
            c.servers().get_server(&id).await.unwrap()
        }
    };
    assert_eq!(act(ServerAction::Stop).await.status, ServerStatus::Stopped);
    assert_eq!(act(ServerAction::Start).await.status, ServerStatus::Running);
    assert_eq!(act(ServerAction::Shutdown).await.status, ServerStatus::Stopped);
    assert_eq!(act(ServerAction::Start).await.status, ServerStatus::Running);
    assert_eq!(act(ServerAction::Reboot).await.status, ServerStatus::Running);
    act(ServerAction::ResetPassword {
        password: Some(SecretString::from("An0ther-R00t-Pw")),
    })
    .await;
    let resized = act(ServerAction::Resize {
        plan: Some("2vcpu-4gb-40ssd".into()),
        custom_size: None,
    })
    .await;
    assert_eq!(resized.memory_mb, Some(4096));

    let spec = servers.delete_server(&id).await.unwrap().job.unwrap();
    let j = wait(c.as_ref(), spec).await;
    assert_eq!(j.status, JobStatus::Succeeded, "{:?}", j.error);
    let e = servers.get_server(&id).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_failed_build_fails_the_create_job() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let out = c.servers().create_server(&order("fail-build-1")).await.unwrap();
    let job = wait(c.as_ref(), out.jobs[0].clone()).await;
    assert_eq!(job.status, JobStatus::Failed, "{:?}", job.message);
    assert_eq!(job.error.unwrap().code, ErrorCode::JobFailed);
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn create_is_refused_when_the_provider_validates() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let e = c
        .servers()
        .create_server(&CreateServerRequest {
            plan: Some("no-such-plan".into()),
            ..order("web-x")
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(e.to_string().contains("plan slug is invalid"), "{e}");
    // A refused create frees its label.
    let out = c.servers().create_server(&order("web-x")).await.unwrap();
    assert_eq!(out.jobs.len(), 1);
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn snapshots_create_rename_and_delete() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let id = running_instance(c.as_ref()).await;
    let api = c.snapshots().unwrap();

    let spec = api
        .create_snapshot(&id, Some("before-upgrade"))
        .await
        .unwrap()
        .job
        .unwrap();
    let job = wait(c.as_ref(), spec).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.error);
    let slug = job.target.unwrap();
    let snap = api.get_snapshot(&slug).await.unwrap();
    assert_eq!(snap.status, SnapshotStatus::Ready);
    assert_eq!(snap.server_id.as_deref(), Some(id.as_str()));
    assert_eq!(
        concrete(&sb, 0).snapshot_status(&slug).await.unwrap(),
        SnapshotStatus::Ready
    );
    assert!(api
        .list_snapshots(Some(&id))
        .await
        .unwrap()
        .iter()
        .any(|s| s.id == slug));

    api.rename_snapshot(&slug, "golden").await.unwrap();
    assert_eq!(api.get_snapshot(&slug).await.unwrap().name, "golden");
    api.delete_snapshot(&slug).await.unwrap();
    let e = api.get_snapshot(&slug).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);

    // A failed build vanishes: its job fails.
    let spec = api
        .create_snapshot(&id, Some("fail-snap"))
        .await
        .unwrap()
        .job
        .unwrap();
    let job = wait(c.as_ref(), spec).await;
    assert_eq!(job.status, JobStatus::Failed);
    assert!(job.error.unwrap().message.contains("disappeared"));
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn ssh_keys_with_the_empty_list_quirk() {
    let sb = sandbox().await;
    let with_keys = client(&sb, 0).await;
    let without = client(&sb, 1).await;
    assert!(!with_keys
        .ssh_keys()
        .unwrap()
        .list_ssh_keys()
        .await
        .unwrap()
        .is_empty());
    let keys = without.ssh_keys().unwrap();
    assert!(keys.list_ssh_keys().await.unwrap().is_empty());

    let pasted = keys
        .create_ssh_key(
            "Ops Laptop",
            Some("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx0cGFzdGVk ops@laptop"),
        )
        .await
        .unwrap();
    assert!(pasted.private_key.is_none());
    let generated = keys.create_ssh_key("Generated Key", None).await.unwrap();
    let private = generated.private_key.expect("the generated private key, once");
    assert!(private.contains("PRIVATE KEY"));
    assert!(!serde_json::to_string(&generated.key)
        .unwrap()
        .contains("PRIVATE KEY"));

    let got = keys.get_ssh_key(&pasted.key.id).await.unwrap();
    assert_eq!(got.name, "Ops Laptop");
    assert_eq!(keys.list_ssh_keys().await.unwrap().len(), 2);
    keys.delete_ssh_key(&pasted.key.id).await.unwrap();
    keys.delete_ssh_key(&generated.key.id).await.unwrap();
    assert!(keys.list_ssh_keys().await.unwrap().is_empty());
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_5xx_burst_on_a_read_is_retried_transparently() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let faults = sb.faults("letscloud").unwrap();
    faults.burst(503, 2, None).unwrap();
    let list = c.servers().list_servers().await.unwrap();
    assert_eq!(list.len(), SERVERS);
    assert_eq!(faults.stats().errors, 2);
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_429_with_retry_after_is_honoured() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let faults = sb.faults("letscloud").unwrap();
    faults.burst(429, 1, Some(Duration::from_secs(1))).unwrap();
    let started = Instant::now();
    c.servers().list_servers().await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1));
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_write_is_never_retried() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    let id = running_instance(c.as_ref()).await;
    let faults = sb.faults("letscloud").unwrap();
    let before = faults.stats().requests;
    faults.burst(503, 3, None).unwrap();
    let e = c
        .servers()
        .server_action(&id, &ServerAction::Reboot)
        .await
        .unwrap_err();
    assert!(e.is_transient());
    assert_eq!(faults.stats().requests - before, 1, "sent exactly once");
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_malformed_body_is_a_clear_error() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    sb.faults("letscloud").unwrap().malformed(1);
    let e = c.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Provider);
    assert!(e.to_string().contains("unexpected answer from LetsCloud"), "{e}");
    // The next answer is whole again.
    assert_eq!(c.servers().list_servers().await.unwrap().len(), SERVERS);
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_hang_times_out_and_the_read_is_retried() {
    let sb = sandbox().await;
    let c = client_with(
        &sb,
        0,
        HttpSettings {
            timeout: Duration::from_millis(500),
            ..http()
        },
    )
    .await;
    sb.faults("letscloud")
        .unwrap()
        .hang(1, Some(Duration::from_secs(5)));
    let started = Instant::now();
    let list = c.servers().list_servers().await.unwrap();
    assert_eq!(list.len(), SERVERS);
    assert!(started.elapsed() >= Duration::from_millis(500));
    assert!(started.elapsed() < Duration::from_secs(5));
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn latency_slows_but_does_not_break() {
    let sb = sandbox().await;
    let c = client(&sb, 0).await;
    sb.faults("letscloud")
        .unwrap()
        .latency(Duration::from_millis(300));
    let started = Instant::now();
    c.check().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn polling_many_jobs_costs_one_list_call_per_tick() {
    let sb = sandbox().await;
    let c = connect_tuned(
        ctx(&sb, 0, http()),
        PollTuning {
            list_max_age: Duration::from_millis(40),
            ..tuning()
        },
    )
    .await
    .unwrap();
    // Every settled instance gets an action that ends "running": reboot or power on.
    let list = c.servers().list_servers().await.unwrap();
    let mut specs = Vec::new();
    for s in &list {
        let action = match s.status {
            ServerStatus::Running => ServerAction::Reboot,
            ServerStatus::Stopped => ServerAction::Start,
            _ => continue,
        };
        specs.push(
            c.servers()
                .server_action(&s.id, &action)
                .await
                .unwrap()
                .job
                .unwrap(),
        );
    }
    assert!(specs.len() >= 3, "{} settled instances", specs.len());
    let faults = sb.faults("letscloud").unwrap();
    let before = faults.stats().requests;
    let started = Instant::now();
    let jobs = futures_join(c.clone(), specs).await;
    let polls = faults.stats().requests - before;
    let elapsed = started.elapsed();
    for j in &jobs {
        assert_eq!(j.status, JobStatus::Succeeded, "{:?}", j.error);
    }
    // Without coalescing every job would send its own list call every 50 ms tick.
    let ticks = (elapsed.as_millis() / 50) as u64 + 1;
    assert!(
        polls < jobs.len() as u64 * ticks,
        "{polls} requests for {} jobs in {elapsed:?}",
        jobs.len()
    );
    sb.shutdown().await.unwrap();
}

/// Follow every job concurrently.
async fn futures_join(c: Arc<dyn Provider>, specs: Vec<JobSpec>) -> Vec<Job> {
    let mut handles = Vec::new();
    for spec in specs {
        let c = c.clone();
        handles.push(tokio::spawn(async move { wait(c.as_ref(), spec).await }));
    }
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}
