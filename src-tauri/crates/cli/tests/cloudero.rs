//! The real binary against the Cloude.ro simulator over real HTTP: every command the provider
//! offers, `--wait` to the end of each job, exit codes 1/3/4/5/6, and no secret anywhere.

mod common;

use common::*;
use serde_json::Value;

const KIND: &str = "cloudero";

/// Add one seeded account as `name`; answers the command's output.
fn add(dir: &std::path::Path, sb: &SandboxHost, name: &str, idx: usize, t: &mut Transcript) {
    let c = &sb.credentials[KIND][idx];
    let out = fleetdeck(dir)
        .args([
            "-o",
            "json",
            "account",
            "add",
            name,
            "--provider",
            KIND,
            "--endpoint",
        ])
        .arg(sb.endpoint(KIND))
        .args(["--username", c.username.as_deref().unwrap(), "--secret-stdin"])
        .write_stdin(format!("{}\n", c.secret))
        .output()
        .unwrap();
    t.record(&out);
    assert_eq!(out.status.code(), Some(0), "add {name}: {}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["name"], name);
    assert_eq!(doc["provider"], KIND);
    assert_eq!(doc["endpoint"], sb.endpoint(KIND));
}

/// Run the CLI with `-o json`; check the exit code; answers stdout as JSON.
fn run(dir: &std::path::Path, args: &[&str], code: i32, t: &mut Transcript) -> Value {
    let out = fleetdeck(dir).args(["-o", "json"]).args(args).output().unwrap();
    t.record(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}\nstdout: {}\nstderr: {}",
        stdout(&out),
        stderr(&out)
    );
    json(&out)
}

fn assert_server_shape(s: &Value) {
    for key in ["account", "provider", "id", "name", "status"] {
        assert!(s[key].is_string(), "{key} in {s}");
    }
    let statuses = [
        "provisioning",
        "running",
        "stopped",
        "starting",
        "stopping",
        "rebooting",
        "busy",
        "suspended",
        "error",
        "deleting",
        "unknown",
    ];
    assert!(statuses.contains(&s["status"].as_str().unwrap()), "{s}");
    for key in ["ipv4", "ipv6"] {
        assert!(s[key].as_array().unwrap().iter().all(Value::is_string), "{key}");
    }
    for key in ["region", "plan", "image", "createdAt"] {
        assert!(s[key].is_string() || s[key].is_null(), "{key} in {s}");
    }
    for key in ["vcpus", "memoryMb", "diskGb"] {
        assert!(s[key].is_number() || s[key].is_null(), "{key} in {s}");
    }
    if let Some(at) = s["createdAt"].as_str() {
        chrono::DateTime::parse_from_rfc3339(at).unwrap();
    }
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect()
}

/// An available region, and a plan and an image offered there.
fn pick_order(regions: &Value, plans: &Value, images: &Value) -> (String, String, String) {
    let region = regions
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["available"] != false)
        .expect("an available region")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let offered_in = |v: &&Value| {
        v["available"] != false
            && v["regions"]
                .as_array()
                .is_none_or(|rs| rs.is_empty() || rs.iter().any(|r| r == region.as_str()))
    };
    let plan = plans.as_array().unwrap().iter().find(offered_in).expect("a plan")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let image = images
        .as_array()
        .unwrap()
        .iter()
        .find(offered_in)
        .expect("an image")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (region, plan, image)
}

fn assert_no_secret(sb: &SandboxHost, dir: &std::path::Path, t: &Transcript) {
    for c in &sb.credentials[KIND] {
        assert!(!t.0.contains(&c.secret), "a secret appeared in the CLI's output");
        for f in files_under(dir) {
            let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
            assert!(!text.contains(&c.secret), "a secret is in {}", f.display());
        }
    }
}

#[test]
fn every_command() {
    if !keyring_available() {
        return;
    }
    let sb = SandboxHost::start(&[KIND], 2, 3);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut t = Transcript::default();
    add(dir, &sb, "ro-a", 0, &mut t);
    add(dir, &sb, "ro-b", 1, &mut t);

    // accounts
    let accounts = run(dir, &["account", "list"], 0, &mut t);
    assert_eq!(accounts.as_array().unwrap().len(), 2);
    for a in accounts.as_array().unwrap() {
        let keys: Vec<&String> = a.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["endpoint", "name", "provider"]);
    }
    let profile = run(dir, &["account", "check", "ro-a"], 0, &mut t);
    assert_eq!(profile["account"], "ro-a");

    // servers over both accounts, and of one
    let all = run(dir, &["server", "list"], 0, &mut t);
    assert_eq!(all.as_array().unwrap().len(), 6, "{all}");
    all.as_array().unwrap().iter().for_each(assert_server_shape);
    let mine = run(dir, &["server", "list", "--account", "ro-a"], 0, &mut t);
    assert_eq!(mine.as_array().unwrap().len(), 3);
    assert!(mine.as_array().unwrap().iter().all(|s| s["account"] == "ro-a"));
    let server_id = ids(&mine)[0].clone();
    let addr = format!("ro-a/{server_id}");
    let shown = run(dir, &["server", "show", &addr], 0, &mut t);
    assert_server_shape(&shown);
    assert_eq!(shown["id"], server_id.as_str());

    // the table form has a header and one line per server
    let out = fleetdeck(dir).args(["server", "list"]).output().unwrap();
    t.record(&out);
    let table = stdout(&out);
    assert!(table.lines().next().unwrap().contains("STATUS"));
    assert_eq!(table.lines().count(), 7, "{table}");

    // catalog
    let regions = run(dir, &["region", "list", "--account", "ro-a"], 0, &mut t);
    let plans = run(dir, &["plan", "list", "--account", "ro-a"], 0, &mut t);
    let images = run(dir, &["image", "list", "--account", "ro-a"], 0, &mut t);
    run(dir, &["app", "list", "--account", "ro-a"], 0, &mut t);
    let (region, plan, image) = pick_order(&regions, &plans, &images);

    // actions followed to the end
    for verb in ["stop", "start", "reboot"] {
        let r = run(dir, &["server", verb, &addr, "--wait"], 0, &mut t);
        assert_eq!(r["job"]["status"], "succeeded", "{verb}: {r}");
    }

    // snapshots
    let r = run(
        dir,
        &["snapshot", "create", &addr, "--name", "before-upgrade", "--wait"],
        0,
        &mut t,
    );
    assert_eq!(r["job"]["status"], "succeeded", "{r}");
    let snaps = run(dir, &["snapshot", "list", "--account", "ro-a"], 0, &mut t);
    let snap = snaps
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "before-upgrade")
        .unwrap_or_else(|| panic!("no new snapshot in {snaps}"))
        .clone();
    for key in ["account", "id", "name", "status"] {
        assert!(snap[key].is_string(), "{key}");
    }
    for key in ["serverId", "sizeGb", "createdAt"] {
        assert!(snap.get(key).is_some(), "{key}");
    }
    let by_server = run(dir, &["snapshot", "list", "--server", &addr], 0, &mut t);
    assert!(ids(&by_server).contains(&snap["id"].as_str().unwrap().to_owned()));
    let snap_addr = format!("ro-a/{}", snap["id"].as_str().unwrap());
    let r = run(
        dir,
        &[
            "snapshot", "restore", &snap_addr, "--server", &server_id, "--yes", "--wait",
        ],
        0,
        &mut t,
    );
    assert_eq!(r["job"]["status"], "succeeded", "{r}");
    run(dir, &["snapshot", "delete", &snap_addr, "--yes"], 0, &mut t);

    // SSH keys
    let key_file = dir.join("id_ed25519.pub");
    std::fs::write(
        &key_file,
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEx0dGVzdGtleWZvcmZsZWV0ZGVja2NsaXRlc3Rz ops@laptop\n",
    )
    .unwrap();
    let key = run(
        dir,
        &[
            "ssh-key",
            "add",
            "--account",
            "ro-a",
            "--name",
            "laptop",
            "--public-key-file",
            key_file.to_str().unwrap(),
        ],
        0,
        &mut t,
    );
    for key_name in ["account", "id", "name", "publicKey"] {
        assert!(key[key_name].is_string(), "{key_name} in {key}");
    }
    assert!(key.get("fingerprint").is_some());
    let keys = run(dir, &["ssh-key", "list", "--account", "ro-a"], 0, &mut t);
    assert!(keys.as_array().unwrap().iter().any(|k| k["name"] == "laptop"));
    let key_addr = format!("ro-a/{}", key["id"].as_str().unwrap());
    run(dir, &["ssh-key", "delete", &key_addr, "--yes"], 0, &mut t);

    // the rest Cloude.ro offers
    run(dir, &["tag", "list"], 0, &mut t);
    let invoices = run(dir, &["invoice", "list", "--account", "ro-a"], 0, &mut t);
    assert!(!invoices.as_array().unwrap().is_empty());
    run(dir, &["transaction", "list"], 0, &mut t);
    run(dir, &["event", "list", "--account", "ro-a"], 0, &mut t);
    let usage = run(dir, &["usage", "show", &addr], 0, &mut t);
    assert!(usage.is_array());

    // unsupported: exit 6, naming the provider and the action
    let out = fleetdeck(dir)
        .args(["floating-ip", "list", "--account", "ro-a"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    assert!(
        stderr(&out).contains("Cloude.ro does not offer floating IPs"),
        "{}",
        stderr(&out)
    );
    let out = fleetdeck(dir).args(["backup", "create", &addr]).output().unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(stderr(&out).contains("Cloude.ro"));

    // not found: exit 5
    run(dir, &["server", "show", "ro-a/987654321"], 5, &mut t);

    // create, then delete, following the jobs
    let created = run(
        dir,
        &[
            "server",
            "create",
            "--account",
            "ro-a",
            "--name",
            "cli-web-01",
            "--region",
            &region,
            "--plan",
            &plan,
            "--image",
            &image,
            "--wait",
        ],
        0,
        &mut t,
    );
    // With --wait the answer is the new server itself, as `server show` prints it.
    assert_eq!(created["name"], "cli-web-01", "{created}");
    assert!(created["id"].is_string(), "{created}");
    let after = run(dir, &["server", "list", "--account", "ro-a"], 0, &mut t);
    let new = after
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "cli-web-01")
        .unwrap_or_else(|| panic!("created server not listed: {after}"))
        .clone();
    let new_addr = format!("ro-a/{}", new["id"].as_str().unwrap());
    let r = run(
        dir,
        &["server", "delete", &new_addr, "--yes", "--wait"],
        0,
        &mut t,
    );
    assert_eq!(r["job"]["status"], "succeeded", "{r}");

    // a job that fails: exit 1 with the reason on stderr
    let failed = run(
        dir,
        &[
            "server",
            "create",
            "--account",
            "ro-a",
            "--name",
            "will-fail-01",
            "--region",
            &region,
            "--plan",
            &plan,
            "--image",
            &image,
            "--wait",
        ],
        1,
        &mut t,
    );
    assert_eq!(failed["code"], "jobFailed", "{failed}");

    // remove
    run(dir, &["account", "remove", "ro-b"], 0, &mut t);
    assert_eq!(
        run(dir, &["account", "list"], 0, &mut t)
            .as_array()
            .unwrap()
            .len(),
        1
    );

    assert_no_secret(&sb, dir, &t);
}

#[test]
fn wrong_password_is_exit_4_naming_the_account_and_saves_nothing() {
    if !keyring_available() {
        return;
    }
    let sb = SandboxHost::start(&[KIND], 1, 1);
    let tmp = tempfile::tempdir().unwrap();
    let c = &sb.credentials[KIND][0];
    let out = fleetdeck(tmp.path())
        .args(["account", "add", "work", "--provider", KIND, "--endpoint"])
        .arg(sb.endpoint(KIND))
        .args(["--username", c.username.as_deref().unwrap(), "--secret-stdin"])
        .write_stdin("not-the-password")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("work") && err.contains("authentication failed"),
        "{err}"
    );
    assert!(!err.contains("not-the-password"));
    let out = fleetdeck(tmp.path())
        .args(["-o", "json", "account", "list"])
        .output()
        .unwrap();
    assert_eq!(json(&out), serde_json::json!([]));
}

/// Two sandboxes: the second one's account answers garbage. `server list` prints the first
/// account's servers, names the failed account on stderr and exits 3.
#[test]
fn one_failing_account_is_a_partial_result() {
    if !keyring_available() {
        return;
    }
    let good = SandboxHost::start(&[KIND], 1, 2);
    let bad = SandboxHost::start(&[KIND], 1, 2);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut t = Transcript::default();
    add(dir, &good, "good", 0, &mut t);
    add(dir, &bad, "flaky", 0, &mut t);
    bad.faults(KIND).malformed(1000);

    let out = fleetdeck(dir)
        .args(["-o", "json", "server", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let servers = json(&out);
    assert_eq!(servers.as_array().unwrap().len(), 2);
    assert!(servers.as_array().unwrap().iter().all(|s| s["account"] == "good"));
    assert!(stderr(&out).contains("flaky"), "{}", stderr(&out));

    // The failed account named alone: its own error decides the code (provider → 1).
    let out = fleetdeck(dir)
        .args(["server", "list", "--account", "flaky"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    bad.faults(KIND).clear();
    let out = fleetdeck(dir)
        .args(["-o", "json", "server", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out).as_array().unwrap().len(), 4);
}

/// Reads go through a burst of 503s with Retry-After (the core's transport retries them), and an
/// expired session is renewed by logging in again: the user sees a normal answer.
#[test]
fn reads_survive_a_5xx_burst_and_an_expired_session() {
    if !keyring_available() {
        return;
    }
    let sb = SandboxHost::start(&[KIND], 1, 2);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut t = Transcript::default();
    add(dir, &sb, "work", 0, &mut t);

    sb.faults(KIND)
        .burst(503, 2, Some(std::time::Duration::from_secs(1)))
        .unwrap();
    let servers = run(dir, &["server", "list"], 0, &mut t);
    assert_eq!(servers.as_array().unwrap().len(), 2);
    assert_eq!(sb.faults(KIND).stats().errors, 2, "the burst was served");

    sb.faults(KIND).expire_sessions();
    let servers = run(dir, &["server", "list"], 0, &mut t);
    assert_eq!(servers.as_array().unwrap().len(), 2);
    assert_no_secret(&sb, dir, &t);
}
