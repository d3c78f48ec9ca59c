//! Against the sandbox's vz simulator over real HTTP: flavour detection, bearer tokens per host,
//! the container life cycle through operations and `/wait`, failing operations, and injected
//! faults.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use fleetdeck_core::job::{JobStatus, SystemClock};
use fleetdeck_core::provider::{CreateServerRequest, InstanceSource, ServerAction};
use fleetdeck_core::{Credentials, ErrorCode, LxdFlavour, Provider, SecretString, ServerStatus};
use fleetdeck_sandbox::{Sandbox, SandboxConfig, SimConfig};

async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig {
        sim: SimConfig {
            action_delay: Duration::from_millis(150),
            ..SimConfig::default()
        },
        admin: false,
        kinds: Some(vec!["vz".into()]),
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

async fn client_of(sb: &Sandbox, account: usize) -> Arc<dyn Provider> {
    let token = sb.credentials()["vz"][account].secret.clone();
    client_with(
        &sb.endpoint("vz").unwrap(),
        settings(LxdFlavour::Auto),
        Credentials::Lxd {
            client_key_pem: None,
            bearer: Some(SecretString::from(token)),
        },
        Arc::new(SystemClock),
    )
    .await
    .unwrap()
}

fn image(os: &str, release: &str) -> Option<InstanceSource> {
    Some(InstanceSource::Image {
        alias: None,
        fingerprint: None,
        properties: [("os", os), ("release", release), ("architecture", "x86_64")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_container_life_cycle_on_the_simulator() {
    let sb = sandbox().await;
    let p = client_of(&sb, 0).await;
    let profile = p.check().await.unwrap();
    assert_eq!(profile.extra["flavour"], "vz");
    assert_eq!(p.capabilities().dialect, "vz (seed API)");

    let seeded = p.servers().list_servers().await.unwrap();
    assert!(!seeded.is_empty());
    assert!(seeded.iter().all(|s| s.id.parse::<u32>().is_ok()), "CTIDs");
    let running = seeded
        .iter()
        .find(|s| s.status == ServerStatus::Running)
        .expect("a running container");
    assert!(!running.ipv4.is_empty() && running.usage.is_some() && running.memory_mb.is_some());

    // Another host's token sees other containers.
    let other = client_of(&sb, 1).await.servers().list_servers().await.unwrap();
    assert!(other
        .iter()
        .all(|o| !seeded.iter().any(|s| s.id == o.id && s.name == o.name)));

    // Create, then follow the operation to its end.
    let req = CreateServerRequest {
        name: "staging-api-7".into(),
        config: [("limits.cpus".to_owned(), "2".to_owned())].into(),
        source: image("debian", "12"),
        ..Default::default()
    };
    let spec = p.servers().create_server(&req).await.unwrap().jobs.remove(0);
    let id = spec.target.clone().expect("the new CTID");
    let job = run_real(&p, spec).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{:?}", job.message);
    let s = p.servers().get_server(&id).await.unwrap();
    assert_eq!((s.name.as_str(), s.vcpus), ("staging-api-7", Some(2)));

    let act = |a: ServerAction| {
        let p = p.clone();
        let id = id.clone();
        async move {
            let spec = p
                .servers()
                .server_action(&id, &a)
                .await
                .unwrap()
                .job
                .expect("a job");
            let job = run_real(&p, spec).await;
            assert_eq!(job.status, JobStatus::Succeeded, "{a:?}: {:?}", job.message);
            p.servers().get_server(&id).await.unwrap().status
        }
    };
    // The simulator starts what it creates; stop it to start it again.
    if s.status == ServerStatus::Running {
        let e = p
            .servers()
            .server_action(&id, &ServerAction::Start)
            .await
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::Conflict, "{e}");
        assert_eq!(act(ServerAction::Shutdown).await, ServerStatus::Stopped);
    }
    assert_eq!(act(ServerAction::Start).await, ServerStatus::Running);
    assert_eq!(act(ServerAction::Freeze).await, ServerStatus::Suspended);
    assert_eq!(act(ServerAction::Unfreeze).await, ServerStatus::Running);
    assert_eq!(act(ServerAction::Reboot).await, ServerStatus::Running);
    let update = ServerAction::UpdateConfig {
        set: [("limits.cpus".to_owned(), "4".to_owned())].into(),
        unset: vec![],
        cpus: None,
        memory_mb: None,
    };
    act(update).await;
    assert_eq!(p.servers().get_server(&id).await.unwrap().vcpus, Some(4));
    assert_eq!(act(ServerAction::Stop).await, ServerStatus::Stopped);

    let spec = p.servers().delete_server(&id).await.unwrap().job.unwrap();
    assert_eq!(run_real(&p, spec).await.status, JobStatus::Succeeded);
    assert_eq!(
        p.servers().get_server(&id).await.unwrap_err().code(),
        ErrorCode::NotFound
    );
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_failing_operation_is_a_failed_job() {
    let sb = sandbox().await;
    let p = client_of(&sb, 0).await;
    let req = CreateServerRequest {
        name: "will-fail-01".into(),
        source: image("ubuntu", "24.04"),
        ..Default::default()
    };
    let spec = p.servers().create_server(&req).await.unwrap().jobs.remove(0);
    let job = run_real(&p, spec).await;
    assert_eq!(job.status, JobStatus::Failed);
    assert!(job.message.unwrap().contains("failed"));
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_wrong_token_is_refused() {
    let sb = sandbox().await;
    let p = client_with(
        &sb.endpoint("vz").unwrap(),
        settings(LxdFlavour::Auto),
        bearer(),
        Arc::new(SystemClock),
    )
    .await
    .unwrap();
    assert_eq!(p.check().await.unwrap_err().code(), ErrorCode::Auth);
    assert_eq!(
        p.servers().list_servers().await.unwrap_err().code(),
        ErrorCode::Auth
    );
    sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn injected_faults() {
    let sb = sandbox().await;
    let p = client_of(&sb, 0).await;
    p.check().await.unwrap();
    let faults = sb.faults("vz").unwrap();
    // Two 503s: a read is retried through them.
    faults.burst(503, 2, None).unwrap();
    assert!(!p.servers().list_servers().await.unwrap().is_empty());
    // A malformed body is a provider error, never a panic.
    faults.malformed(1);
    let e = p.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Provider, "{e}");
    faults.clear();
    // A write meeting a 503 is not repeated: the error comes back.
    let id = p.servers().list_servers().await.unwrap()[0].id.clone();
    let before = faults.stats();
    faults.burst(503, 1, None).unwrap();
    let e = p
        .servers()
        .server_action(&id, &ServerAction::Start)
        .await
        .unwrap_err();
    assert!(e.is_transient(), "{e}");
    let after = faults.stats();
    assert_eq!(after.requests - before.requests, 1, "the write was sent once");
    sb.shutdown().await.unwrap();
}
