//! The `fleetdeck` binary against a real LXD daemon (Debian's `lxd` 5.0), on an account added with
//! the default server kind ("auto"): the kind is detected when the account is added and stored
//! with it, so the LXD-only commands (snapshots, backups) are offered from the next command on —
//! and an account still stored as "auto" is detected on its first command.
//!
//! Runs when `FLEETDECK_LXD_URL` is set (`eval "$(scripts/lxd-test-daemon.sh start)"` sets it and
//! the rest of the env contract) and a Secret Service is reachable (the account's client key goes
//! to the keyring); without the daemon the test says so and passes — unless
//! `FLEETDECK_LXD_REQUIRED=1`, where a missing daemon fails it (as in
//! src-tauri/crates/provider-lxd/tests/real_lxd.rs).

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

struct RealLxd {
    url: String,
    cert: String,
    key: String,
    fingerprint: String,
    image: String,
}

fn required() -> bool {
    std::env::var("FLEETDECK_LXD_REQUIRED").is_ok_and(|v| v == "1")
}

/// The daemon's env contract, or `None` (test skipped) when it is not set and not required.
fn real_lxd() -> Option<RealLxd> {
    let Ok(url) = std::env::var("FLEETDECK_LXD_URL") else {
        assert!(
            !required(),
            "FLEETDECK_LXD_REQUIRED=1 but FLEETDECK_LXD_URL is not set: run scripts/lxd-test-daemon.sh start"
        );
        eprintln!("real LXD CLI tests skipped: FLEETDECK_LXD_URL is not set");
        return None;
    };
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| panic!("{name} must be set with FLEETDECK_LXD_URL"))
    };
    Some(RealLxd {
        cert: var("FLEETDECK_LXD_CERT"),
        key: var("FLEETDECK_LXD_KEY"),
        fingerprint: var("FLEETDECK_LXD_FINGERPRINT"),
        image: std::env::var("FLEETDECK_LXD_IMAGE").unwrap_or_else(|_| "busybox".into()),
        url,
    })
}

/// One CLI session over a private data directory, recording everything printed.
type Session = Cli;

impl Session {
    fn stored_flavour(&self) -> String {
        let list = accounts_file(self.dir.path());
        list["accounts"][0]["lxd"]["flavour"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

fn accounts_file(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("accounts.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Deletes the test's instance however the test ends (best effort: the next run sweeps too).
struct Instance {
    dir: std::path::PathBuf,
    address: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = fleetdeck(&self.dir)
            .args(["server", "stop", &self.address, "--wait"])
            .output();
        let _ = fleetdeck(&self.dir)
            .args(["server", "delete", &self.address, "--yes", "--wait"])
            .output();
    }
}

const ACCOUNT: &str = "home-lxd";
const PREFIX: &str = "fd-cli-";

#[test]
fn snapshots_and_backups_on_an_account_added_with_the_default_server_kind() {
    let Some(env) = real_lxd() else { return };
    if !keyring_available() {
        return;
    }
    let mut s = Session::new();

    // The default server kind: no flavour is given anywhere.
    s.run(
        &[
            "account",
            "add",
            ACCOUNT,
            "--provider",
            "vz",
            "--endpoint",
            &env.url,
            "--client-cert",
            &env.cert,
            "--client-key",
            &env.key,
            "--server-fingerprint",
            &env.fingerprint,
        ],
        0,
    );
    assert_eq!(
        s.stored_flavour(),
        "lxd",
        "the detected kind is stored with the account"
    );

    // Instances an interrupted run left behind.
    let listed = s.run(&["server", "list", "--account", ACCOUNT], 0);
    for old in listed.as_array().into_iter().flatten() {
        let id = old["id"].as_str().unwrap_or_default();
        if id.starts_with(PREFIX) {
            drop(Instance {
                dir: s.dir.path().to_owned(),
                address: format!("{ACCOUNT}/{id}"),
            });
        }
    }

    let name = format!("{PREFIX}{}", std::process::id());
    let server = format!("{ACCOUNT}/{name}");
    s.run(
        &[
            "server",
            "create",
            "--account",
            ACCOUNT,
            "--name",
            &name,
            "--region",
            "local",
            "--plan",
            "container",
            "--image",
            &env.image,
            "--wait",
        ],
        0,
    );
    let _cleanup = Instance {
        dir: s.dir.path().to_owned(),
        address: server.clone(),
    };

    // Snapshots: create, restore, delete — each through its operation, to the end.
    let created = s.run(&["snapshot", "create", &server, "--name", "s1", "--wait"], 0);
    assert_eq!(created["job"]["status"], "succeeded", "{created}");
    let snapshot = format!("{server}/s1");
    let listed = s.run(&["snapshot", "list", "--server", &server], 0);
    assert!(
        listed
            .as_array()
            .is_some_and(|l| l.iter().any(|x| x["name"] == "s1")),
        "{listed}"
    );
    let restored = s.run(&["snapshot", "restore", &snapshot, "--yes", "--wait"], 0);
    assert_eq!(restored["job"]["status"], "succeeded", "{restored}");

    // An account stored as "auto" (an older version added it) is detected on its first command,
    // and the kind is stored then.
    let file = s.dir.path().join("accounts.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("\"flavour\": \"lxd\"", "\"flavour\": \"auto\""),
    )
    .unwrap();
    assert_eq!(s.stored_flavour(), "auto");
    let deleted = s.run(&["snapshot", "delete", &snapshot, "--yes", "--wait"], 0);
    assert_eq!(deleted["job"]["status"], "succeeded", "{deleted}");
    assert_eq!(s.stored_flavour(), "lxd");
    let listed = s.run(&["snapshot", "list", "--server", &server], 0);
    assert!(
        listed
            .as_array()
            .is_some_and(|l| l.iter().all(|x| x["name"] != "s1")),
        "{listed}"
    );

    // Backups: create and delete.
    let backed = s.run(&["backup", "create", &server, "--name", "b1", "--wait"], 0);
    assert_eq!(backed["job"]["status"], "succeeded", "{backed}");
    let backup = format!("{server}/b1");
    let listed = s.run(&["backup", "list", "--server", &server], 0);
    assert!(
        listed
            .as_array()
            .is_some_and(|l| l.iter().any(|x| x["name"] == "b1")),
        "{listed}"
    );
    let removed = s.run(&["backup", "delete", &backup, "--yes", "--wait"], 0);
    assert_eq!(removed["job"]["status"], "succeeded", "{removed}");

    s.run(&["server", "delete", &server, "--yes", "--wait"], 0);
    s.run(&["account", "remove", ACCOUNT], 0);

    // The client key went to the keyring only.
    let key = std::fs::read_to_string(&env.key).unwrap();
    let key_body = key
        .lines()
        .find(|l| !l.starts_with("-----") && l.len() > 20)
        .unwrap_or_default()
        .to_owned();
    assert!(!key_body.is_empty());
    assert!(!s.t.0.contains(&key_body), "the client key was printed");
    for f in files_under(s.dir.path()) {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        assert!(!text.contains(&key_body), "the client key is in {}", f.display());
    }
}
