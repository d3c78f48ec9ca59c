//! Behaviour of the command functions against a fake provider and an in-memory keyring.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use secrecy::SecretString;

use fleetdeck_core::job::JobStatus;
use fleetdeck_core::{ErrorCode, LxdFlavour, LxdSettings, ProviderKind, ServerAction, ServerStatus};
use fleetdeck_store::{DataDir, MemorySecrets, SecretStore};

use crate::testkit::*;
use crate::views::AddAccountRequest;
use crate::{Fleet, FleetConfig, FleetEvent};

struct Setup {
    fleet: Arc<Fleet>,
    world: Arc<World>,
    secrets: Arc<MemorySecrets>,
    events: Arc<Recorder>,
    _dir: tempfile::TempDir,
    dir: std::path::PathBuf,
}

fn setup() -> Setup {
    setup_with_clock(Arc::new(fleetdeck_core::job::SystemClock))
}

fn setup_with_clock(clock: Arc<dyn fleetdeck_core::job::Clock>) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let world = Arc::new(World::default());
    *world.valid_token.lock().unwrap() = "good-token".into();
    world.polls_to_finish.store(3, Ordering::SeqCst);
    let secrets = Arc::new(MemorySecrets::default());
    let events = Arc::new(Recorder::default());
    let mut config = FleetConfig::new(
        DataDir::new(dir.path()),
        secrets.clone(),
        Arc::new(FakeConnector(world.clone())),
    );
    config.events = events.clone();
    config.clock = clock;
    Setup {
        fleet: Fleet::new(config),
        world,
        secrets,
        events,
        dir: dir.path().to_owned(),
        _dir: dir,
    }
}

fn add_request(name: &str, token: &str) -> AddAccountRequest {
    AddAccountRequest {
        name: name.into(),
        provider: ProviderKind::Cloudzy,
        endpoint: None,
        username: None,
        color: Some("#e11d48".into()),
        lxd: None,
        secret: Some(SecretString::from(token.to_owned())),
        client_key_pem: None,
        sandbox: false,
    }
}

#[tokio::test]
async fn a_refused_credential_saves_nothing() {
    let s = setup();
    let e = s
        .fleet
        .add_account(add_request("work", "wrong"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Auth);
    assert!(e.to_string().contains("work"), "{e}");
    assert!(s.fleet.accounts().await.unwrap().is_empty());
    assert!(!s.dir.join("accounts.json").exists());
}

#[tokio::test]
async fn adding_checks_then_saves_secret_in_the_keyring_only() {
    let s = setup();
    let view = s
        .fleet
        .add_account(add_request("work", "good-token"))
        .await
        .unwrap();
    assert_eq!(view.endpoint, "https://fake.example");
    let id = view.account.id.clone();
    assert!(s.secrets.load(&id).unwrap().is_some());
    let on_disk = std::fs::read_to_string(s.dir.join("accounts.json")).unwrap();
    assert!(
        !on_disk.contains("good-token"),
        "the token must never reach a file"
    );
    // duplicate names and bad input are refused before any request
    assert_eq!(
        s.fleet
            .add_account(add_request("work", "good-token"))
            .await
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    let mut bad = add_request("other", "good-token");
    bad.endpoint = Some("http://api.example.com".into());
    assert_eq!(
        s.fleet.add_account(bad).await.unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    // removal takes the keyring entry with it
    s.fleet.remove_account("work").await.unwrap();
    assert!(s.secrets.load(&id).unwrap().is_none());
    assert!(s.fleet.accounts().await.unwrap().is_empty());
}

#[tokio::test]
async fn one_failing_account_never_hides_the_others_and_the_cache_covers_it() {
    let s = setup();
    s.fleet.add_account(add_request("a", "good-token")).await.unwrap();
    s.fleet.add_account(add_request("b", "good-token")).await.unwrap();
    {
        let mut servers = s.world.servers.lock().unwrap();
        servers.insert("a".into(), vec![server("a", "1", ServerStatus::Running)]);
        servers.insert(
            "b".into(),
            vec![
                server("b", "2", ServerStatus::Stopped),
                server("b", "3", ServerStatus::Running),
            ],
        );
    }
    let all = s.fleet.refresh_servers(&[], true).await.unwrap();
    assert_eq!(all.servers.len(), 3);
    assert!(all.failures().is_empty());
    let cache_text = std::fs::read_dir(s.dir.join("cache")).unwrap().count();
    assert_eq!(cache_text, 2);

    s.world.offline.lock().unwrap().push("b".into());
    let partial = s.fleet.refresh_servers(&[], false).await.unwrap();
    assert_eq!(
        partial.servers.len(),
        1,
        "without stale data only fresh servers are listed"
    );
    let failures = partial.failures();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].account, "b");
    assert_eq!(failures[0].error.code, ErrorCode::Network);

    let with_stale = s.fleet.refresh_servers(&[], true).await.unwrap();
    assert_eq!(with_stale.servers.len(), 3);
    let b = with_stale.accounts.iter().find(|a| a.account == "b").unwrap();
    assert!(b.stale && b.error.is_some() && b.fetched_at.is_some());
    let a = with_stale.accounts.iter().find(|a| a.account == "a").unwrap();
    assert!(!a.stale && a.error.is_none());

    // offline start: the cache answers at once, marked stale
    let cached = s.fleet.cached_servers(&[]).unwrap();
    assert_eq!(cached.servers.len(), 3);
    assert!(cached.accounts.iter().all(|a| a.stale));
    // refresh events were pushed per account
    let refreshed = s
        .events
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, FleetEvent::AccountRefreshed { .. }))
        .count();
    assert_eq!(refreshed, 6);
}

#[tokio::test]
async fn secrets_in_raw_never_reach_the_cache() {
    let s = setup();
    s.fleet.add_account(add_request("a", "good-token")).await.unwrap();
    s.world
        .servers
        .lock()
        .unwrap()
        .insert("a".into(), vec![server("a", "1", ServerStatus::Running)]);
    s.fleet.refresh_servers(&[], true).await.unwrap();
    let mut found = String::new();
    for entry in walk(&s.dir) {
        found.push_str(&std::fs::read_to_string(entry).unwrap_or_default());
    }
    assert!(found.contains("web-1"));
    assert!(!found.contains("must-not-be-cached") && !found.contains("good-token"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test]
async fn an_action_becomes_a_persisted_job_that_ends_and_refreshes() {
    let s = setup();
    s.fleet.add_account(add_request("a", "good-token")).await.unwrap();
    s.world
        .servers
        .lock()
        .unwrap()
        .insert("a".into(), vec![server("a", "7", ServerStatus::Running)]);
    let result = s.fleet.server_action("a/7", ServerAction::Stop).await.unwrap();
    let job = result.job.unwrap();
    assert_eq!(job.status, JobStatus::Running);
    let done = s.fleet.wait_job(&job.id, |_| {}).await.unwrap();
    assert_eq!(done.status, JobStatus::Succeeded);
    assert_eq!(
        s.fleet.jobs().unwrap()[0].status,
        JobStatus::Succeeded,
        "persisted"
    );
    let job_events: Vec<_> = s
        .events
        .0
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            FleetEvent::Job { job } => Some(job.status),
            _ => None,
        })
        .collect();
    assert_eq!(job_events.first(), Some(&JobStatus::Running));
    assert_eq!(job_events.last(), Some(&JobStatus::Succeeded));
    // the account is refreshed after the job: the cache shows the stopped server
    for _ in 0..100 {
        let cached = s.fleet.cached_servers(&[]).unwrap();
        if cached.servers.first().map(|s| s.status) == Some(ServerStatus::Stopped) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("the account was not refreshed after the job");
}

#[tokio::test]
async fn unfinished_jobs_are_resumed_by_the_next_process() {
    let s = setup();
    s.fleet.add_account(add_request("a", "good-token")).await.unwrap();
    s.world
        .servers
        .lock()
        .unwrap()
        .insert("a".into(), vec![server("a", "7", ServerStatus::Running)]);
    s.world.polls_to_finish.store(u32::MAX, Ordering::SeqCst);
    let job = s
        .fleet
        .server_action("a/7", ServerAction::Start)
        .await
        .unwrap()
        .job
        .unwrap();
    // a second process over the same data dir and keyring
    let mut config = FleetConfig::new(
        DataDir::new(&s.dir),
        s.secrets.clone(),
        Arc::new(FakeConnector(s.world.clone())),
    );
    config.events = Arc::new(Recorder::default());
    let second = Fleet::new(config);
    s.world
        .polls_to_finish
        .store(s.world.polls.load(Ordering::SeqCst) + 2, Ordering::SeqCst);
    assert_eq!(second.resume_jobs().unwrap(), 1);
    let done = second.wait_job(&job.id, |_| {}).await.unwrap();
    assert_eq!(done.status, JobStatus::Succeeded);
}

#[tokio::test]
async fn unsupported_actions_are_refused_with_provider_and_action() {
    let s = setup();
    s.fleet.add_account(add_request("a", "good-token")).await.unwrap();
    let e = s
        .fleet
        .server_action("a/1", ServerAction::Reboot)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported);
    assert_eq!(e.to_string(), "Cloudzy does not offer reboot");
    let e = s.fleet.snapshots(&["a".into()], None).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported);
    // without naming accounts, the ones lacking the feature are skipped
    assert!(s.fleet.snapshots(&[], None).await.unwrap().items.is_empty());
}

#[tokio::test]
async fn a_generated_password_is_revealed_once_and_not_kept() {
    let s = setup();
    s.fleet.add_account(add_request("a", "good-token")).await.unwrap();
    s.world
        .servers
        .lock()
        .unwrap()
        .insert("a".into(), vec![server("a", "7", ServerStatus::Running)]);
    let r = s
        .fleet
        .server_action("a/7", ServerAction::ResetPassword { password: None })
        .await
        .unwrap();
    assert_eq!(r.password.as_deref(), Some("Gen3rated!pw"));
    for f in walk(&s.dir) {
        assert!(!std::fs::read_to_string(f)
            .unwrap_or_default()
            .contains("Gen3rated!pw"));
    }
}

#[tokio::test]
async fn bad_addresses_and_unknown_accounts() {
    let s = setup();
    assert_eq!(
        s.fleet.server("nope").await.unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        s.fleet.server("ghost/1").await.unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        s.fleet
            .refresh_servers(&["ghost".into()], true)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn rename_keeps_cache_and_secret() {
    let s = setup();
    let v = s.fleet.add_account(add_request("a", "good-token")).await.unwrap();
    s.world
        .servers
        .lock()
        .unwrap()
        .insert("a".into(), vec![server("a", "1", ServerStatus::Running)]);
    s.fleet.refresh_servers(&[], true).await.unwrap();
    let changes = crate::views::AccountChanges {
        name: Some("prod".into()),
        ..Default::default()
    };
    let renamed = s.fleet.update_account("a", changes).await.unwrap();
    assert_eq!(renamed.account.id, v.account.id);
    let cached = s.fleet.cached_servers(&[]).unwrap();
    assert_eq!(cached.servers[0].account, "prod");
    s.world
        .servers
        .lock()
        .unwrap()
        .insert("prod".into(), vec![server("prod", "1", ServerStatus::Running)]);
    assert_eq!(s.fleet.refresh_servers(&[], true).await.unwrap().servers.len(), 1);
}

#[test]
fn public_keys_are_checked() {
    use crate::resources::validate_public_key;
    assert!(validate_public_key("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0 ada@laptop").is_ok());
    assert!(validate_public_key("-----BEGIN OPENSSH PRIVATE KEY-----").is_err());
    assert!(validate_public_key("hello").is_err());
}

#[tokio::test]
async fn server_certificate_refuses_plain_http_before_connecting() {
    let s = setup();
    let err = s
        .fleet
        .server_certificate("http://127.0.0.1:9")
        .await
        .unwrap_err();
    assert_eq!(err.to_payload().code, fleetdeck_core::ErrorCode::InvalidInput);
    assert!(err.to_string().contains("plain http"), "{err}");
}

#[tokio::test]
async fn a_job_the_provider_named_by_id_is_named_after_the_cached_server() {
    let s = setup();
    s.fleet.add_account(add_request("a", "good-token")).await.unwrap();
    s.world
        .servers
        .lock()
        .unwrap()
        .insert("a".into(), vec![server("a", "1501", ServerStatus::Running)]);
    s.fleet.refresh_servers(&[], true).await.unwrap();
    let account = s.fleet.account("a").unwrap();
    let spec = |server_id: &str| fleetdeck_core::job::JobSpec {
        kind: fleetdeck_core::job::JobKind::Stop,
        target: Some(server_id.into()),
        target_name: None,
        server_id: Some(server_id.into()),
        tracking: fleetdeck_core::job::Tracking::Done,
        timeout_secs: 60,
        description: format!("Stop server {server_id}"),
    };
    let mut known = spec("1501");
    s.fleet.name_target(&account, &mut known);
    assert_eq!(known.description, "Stop server 1501 (web-1501)");
    assert_eq!(known.target_name.as_deref(), Some("web-1501"));
    // A server the cache does not know keeps the provider's words.
    let mut unknown = spec("9");
    s.fleet.name_target(&account, &mut unknown);
    assert_eq!(unknown.description, "Stop server 9");
    assert_eq!(unknown.target_name, None);
}

// ---- vz/LXD flavour: detected once, stored with the account ----------------------------------

fn vz_request(name: &str, lxd: Option<LxdSettings>) -> AddAccountRequest {
    AddAccountRequest {
        name: name.into(),
        provider: ProviderKind::Vz,
        endpoint: Some("https://lxd.example:8443".into()),
        username: None,
        color: None,
        lxd,
        secret: Some(SecretString::from("good-token".to_owned())),
        client_key_pem: None,
        sandbox: false,
    }
}

fn auto() -> LxdSettings {
    LxdSettings {
        flavour: LxdFlavour::Auto,
        client_cert_pem: None,
        server_fingerprint: None,
        project: None,
    }
}

/// A second process over the same data directory and keyring.
fn next_process(s: &Setup) -> Arc<Fleet> {
    Fleet::new(FleetConfig::new(
        DataDir::new(&s.dir),
        s.secrets.clone(),
        Arc::new(FakeConnector(s.world.clone())),
    ))
}

fn stored_flavour(s: &Setup, name: &str) -> Option<LxdFlavour> {
    next_process(s).account(name).unwrap().lxd.map(|l| l.flavour)
}

#[tokio::test]
async fn an_auto_account_is_saved_with_the_flavour_its_check_detected() {
    let s = setup();
    *s.world.lxd_flavour.lock().unwrap() = Some(LxdFlavour::Lxd);
    let view = s
        .fleet
        .add_account(vz_request("home", Some(auto())))
        .await
        .unwrap();
    assert_eq!(
        view.account.lxd.as_ref().map(|l| l.flavour),
        Some(LxdFlavour::Lxd)
    );
    assert!(view.capabilities.snapshots.create && view.capabilities.backups.create);
    assert_eq!(s.world.detections.load(Ordering::SeqCst), 1);
    // Without any settings (the sandbox's vz account) the same holds.
    let bare = s.fleet.add_account(vz_request("bare", None)).await.unwrap();
    assert_eq!(bare.account.lxd.map(|l| l.flavour), Some(LxdFlavour::Lxd));

    // Another process (the CLI) knows it from accounts.json, before and without any request.
    assert_eq!(stored_flavour(&s, "home"), Some(LxdFlavour::Lxd));
    let other = next_process(&s);
    let listed = other.accounts().await.unwrap();
    assert!(listed.iter().all(|v| v.capabilities.snapshots.restore));
    let provider = other.provider(&other.account("home").unwrap()).await.unwrap();
    assert!(provider.capabilities().snapshots.delete);
    assert_eq!(
        s.world.detections.load(Ordering::SeqCst),
        2,
        "no detection after the adds"
    );
}

#[tokio::test]
async fn an_account_stored_as_auto_is_detected_on_first_connect_and_persisted() {
    let s = setup();
    *s.world.lxd_flavour.lock().unwrap() = Some(LxdFlavour::Lxd);
    s.fleet
        .add_account(vz_request("home", Some(auto())))
        .await
        .unwrap();
    // An account saved by an older version: still `auto` in accounts.json.
    s.fleet.accounts.modify("home", |a| a.lxd = Some(auto())).unwrap();
    let before = s.world.detections.load(Ordering::SeqCst);

    let cli = next_process(&s);
    let account = cli.account("home").unwrap();
    let provider = cli.provider(&account).await.unwrap();
    assert!(
        provider.capabilities().snapshots.create,
        "the gates see the detected flavour on the first command"
    );
    assert_eq!(s.world.detections.load(Ordering::SeqCst), before + 1);
    assert_eq!(stored_flavour(&s, "home"), Some(LxdFlavour::Lxd));
    // The same process asking again with the account it loaded earlier reuses the connection.
    cli.provider(&account).await.unwrap();
    cli.provider(&cli.account("home").unwrap()).await.unwrap();
    assert_eq!(s.world.detections.load(Ordering::SeqCst), before + 1);
    assert!(cli.accounts().await.unwrap()[0].capabilities.snapshots.create);
}

#[tokio::test]
async fn check_and_reauthenticate_store_the_detected_flavour() {
    let s = setup();
    *s.world.lxd_flavour.lock().unwrap() = Some(LxdFlavour::Vz);
    s.fleet
        .add_account(vz_request("home", Some(auto())))
        .await
        .unwrap();
    assert_eq!(stored_flavour(&s, "home"), Some(LxdFlavour::Vz));

    s.fleet.accounts.modify("home", |a| a.lxd = Some(auto())).unwrap();
    next_process(&s).check_account("home").await.unwrap();
    assert_eq!(stored_flavour(&s, "home"), Some(LxdFlavour::Vz));

    s.fleet.accounts.modify("home", |a| a.lxd = Some(auto())).unwrap();
    let view = next_process(&s)
        .reauthenticate("home", Some(SecretString::from("good-token".to_owned())), None)
        .await
        .unwrap();
    assert_eq!(view.account.lxd.map(|l| l.flavour), Some(LxdFlavour::Vz));
    assert!(!view.capabilities.snapshots.list);
    assert_eq!(stored_flavour(&s, "home"), Some(LxdFlavour::Vz));
}

#[tokio::test]
async fn a_chosen_flavour_is_kept_and_never_asked() {
    let s = setup();
    *s.world.lxd_flavour.lock().unwrap() = Some(LxdFlavour::Lxd);
    let mut settings = auto();
    settings.flavour = LxdFlavour::Vz;
    let view = s
        .fleet
        .add_account(vz_request("seed", Some(settings)))
        .await
        .unwrap();
    assert_eq!(view.account.lxd.map(|l| l.flavour), Some(LxdFlavour::Vz));
    assert_eq!(s.world.detections.load(Ordering::SeqCst), 0);
}

// ---- jobs: written and pushed only when they change ------------------------------------------

#[tokio::test]
async fn a_job_whose_polls_keep_failing_is_paced_and_recorded_only_on_change() {
    let clock = Arc::new(fleetdeck_core::job::ManualClock::new(chrono::Utc::now()));
    let s = setup_with_clock(clock.clone());
    s.fleet.add_account(add_request("a", "good-token")).await.unwrap();
    s.world
        .servers
        .lock()
        .unwrap()
        .insert("a".into(), vec![server("a", "7", ServerStatus::Running)]);
    s.world.polls_to_finish.store(u32::MAX, Ordering::SeqCst);
    let started = s
        .fleet
        .server_action("a/7", ServerAction::Start)
        .await
        .unwrap()
        .job
        .unwrap();
    // From now on every poll of the job fails (a network error: retried until the deadline).
    s.world.offline.lock().unwrap().push("a".into());
    let done = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        s.fleet.wait_job(&started.id, |_| {}),
    )
    .await
    .expect("the follower must pause between failed polls")
    .unwrap();
    assert_eq!(done.status, JobStatus::TimedOut);
    // 10 minutes of failures, 1 s doubling to 60 s apart: a handful of polls, not thousands.
    let polls = s.world.polls.load(Ordering::SeqCst);
    assert!(polls <= 20, "{polls} polls");
    // Every write of jobs.json is one event (`record`): the start, at most one poll that went
    // through before the account went offline, one "retrying" message, the time-out.
    let writes = s
        .events
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, FleetEvent::Job { .. }))
        .count();
    assert!(writes <= 4, "{writes} writes and events for one job");
}

// ---- endpoint changes: a secret never follows an account to another host ---------------------

fn stored_secret(s: &Setup, id: &str) -> String {
    use secrecy::ExposeSecret;
    s.secrets
        .load(id)
        .unwrap()
        .and_then(|x| x.secret)
        .map(|x| x.expose_secret().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn moving_an_account_to_another_host_needs_its_credentials_again() {
    use crate::views::AccountChanges;
    let s = setup();
    let id = s
        .fleet
        .add_account(add_request("a", "good-token"))
        .await
        .unwrap()
        .account
        .id;
    let checks = || s.world.checked_endpoints.lock().unwrap().clone();
    let checks_before = checks().len();
    let move_to = |endpoint: &str, secret: Option<&str>| AccountChanges {
        endpoint: Some(endpoint.into()),
        secret: secret.map(|t| SecretString::from(t.to_owned())),
        ..Default::default()
    };

    // Another host, another port or another scheme without credentials: refused, nothing sent.
    for other in ["https://evil.example", "https://fake.example:8443"] {
        let e = s
            .fleet
            .update_account("a", move_to(other, None))
            .await
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{other}: {e}");
        assert_eq!(e.to_payload().details.fields[0].field, "secret");
    }
    assert_eq!(checks().len(), checks_before, "the old secret went nowhere");
    assert_eq!(s.fleet.account("a").unwrap().endpoint, None);

    // Credentials the new host refuses: nothing changes.
    *s.world.valid_token.lock().unwrap() = "evil-token".into();
    let e = s
        .fleet
        .update_account("a", move_to("https://evil.example", Some("wrong")))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Auth);
    assert_eq!(s.fleet.account("a").unwrap().endpoint, None);
    assert_eq!(stored_secret(&s, &id), "good-token");

    // Credentials checked against the new host: saved together with the endpoint.
    let moved = s
        .fleet
        .update_account("a", move_to("https://evil.example", Some("evil-token")))
        .await
        .unwrap();
    assert_eq!(moved.endpoint, "https://evil.example");
    assert_eq!(
        checks().last().cloned().flatten().as_deref(),
        Some("https://evil.example")
    );
    assert_eq!(stored_secret(&s, &id), "evil-token");

    // Same scheme, host and port (another path): the secret stays, nothing is asked.
    let n = checks().len();
    let same = s
        .fleet
        .update_account("a", move_to("https://evil.example/v2", None))
        .await
        .unwrap();
    assert_eq!(same.endpoint, "https://evil.example/v2");
    assert_eq!(checks().len(), n);
    assert_eq!(stored_secret(&s, &id), "evil-token");
}

#[test]
fn ipc_input_cannot_mark_an_account_as_sandbox() {
    let req: AddAccountRequest = serde_json::from_value(serde_json::json!({
        "name": "mine", "provider": "cloudzy", "secret": "t", "sandbox": true
    }))
    .unwrap();
    assert!(!req.sandbox, "only the embedded sandbox sets it");
}

#[tokio::test]
async fn listings_for_the_window_hold_no_raw_which_comes_on_demand() {
    let s = setup();
    s.fleet.add_account(add_request("a", "good-token")).await.unwrap();
    s.world
        .servers
        .lock()
        .unwrap()
        .insert("a".into(), vec![server("a", "1", ServerStatus::Running)]);
    let fresh = s.fleet.refresh_servers(&[], true).await.unwrap().without_raw();
    let cached = s.fleet.cached_servers(&[]).unwrap();
    // The cache keeps the (scrubbed) raw JSON…
    assert_eq!(cached.servers[0].raw["id"], "1");
    // …and the listings the window gets carry none, not even the key.
    for listing in [fresh, cached.without_raw()] {
        let json = serde_json::to_value(&listing).unwrap();
        let servers = json["servers"].as_array().unwrap();
        assert_eq!(servers.len(), 1);
        assert!(servers.iter().all(|s| s.get("raw").is_none()), "{json}");
        assert_eq!(servers[0]["name"], "web-1");
    }

    // On demand: from the cache when the listing holds the server…
    let raw = s.fleet.server_raw("a/1").await.unwrap();
    assert_eq!(raw["id"], "1");
    assert!(raw.get("password").is_none(), "{raw}");
    // …else from the provider's detail, scrubbed like the cache.
    s.world
        .servers
        .lock()
        .unwrap()
        .get_mut("a")
        .unwrap()
        .push(server("a", "2", ServerStatus::Stopped));
    let raw = s.fleet.server_raw("a/2").await.unwrap();
    assert_eq!(raw["id"], "2");
    assert!(raw.get("password").is_none(), "{raw}");
    assert!(s.fleet.server_raw("a/404").await.is_err());
}
