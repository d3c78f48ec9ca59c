//! The real binary against the simulators for the storage commands: `backup-policy`,
//! `snapshot rename`, `server create --from-snapshot | --iso | --custom-image`, and parking
//! (`server park`, `server unpark`, `server parked`).

mod common;

use common::*;
use serde_json::Value;

/// The simulators of the test with one seed account of each added as `KIND-0`.
type Case = SandboxCli;

impl Case {
    /// Run in table form; answers stdout.
    fn table(&mut self, args: &[&str]) -> String {
        let out = fleetdeck(self.dir.path()).args(args).output().unwrap();
        self.t.record(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        stdout(&out)
    }

    /// The running servers of `account` with a plan that names a product.
    fn servers(&mut self, account: &str) -> Vec<Value> {
        let list = self.run(&["server", "list", "--account", account], 0);
        list.as_array()
            .unwrap()
            .iter()
            .filter(|s| {
                s["status"] == "running" && s["plan"].as_str().is_some_and(|p| !p.starts_with("custom"))
            })
            .cloned()
            .collect()
    }
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

#[test]
fn backup_policies_are_created_shown_updated_listed_and_deleted() {
    if !keyring_available() {
        return;
    }
    let mut c = Case::start(&["cloudzy"], 1, 5);
    let listed = c.run(&["backup-policy", "list"], 0);
    let with_policy: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| text(&p["serverId"]))
        .collect();
    let server = c
        .servers("cloudzy-0")
        .into_iter()
        .find(|s| !with_policy.contains(&text(&s["id"])))
        .expect("a server without a schedule");
    let addr = format!("cloudzy-0/{}", text(&server["id"]));

    c.run(
        &[
            "backup-policy",
            "create",
            &addr,
            "--frequency",
            "weekly",
            "--retention-id",
            "7",
            "--weekday",
            "Monday",
        ],
        0,
    );
    let shown = c.run(&["backup-policy", "show", &addr], 0);
    assert_eq!(shown["account"], "cloudzy-0", "{shown}");
    assert_eq!(shown["id"], server["id"], "{shown}");
    assert_eq!(shown["serverId"], server["id"], "{shown}");
    assert_eq!(shown["serverName"], server["name"], "{shown}");
    assert_eq!(shown["frequency"], "weekly", "{shown}");
    assert_eq!(shown["weekdays"], serde_json::json!(["Monday"]), "{shown}");

    c.run(
        &[
            "backup-policy",
            "update",
            &addr,
            "--frequency",
            "daily",
            "--retention-id",
            "7",
        ],
        0,
    );
    let listed = c.run(&["backup-policy", "list", "--account", "cloudzy-0"], 0);
    let row = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["serverId"] == server["id"])
        .unwrap_or_else(|| panic!("not listed: {listed}"))
        .clone();
    assert_eq!(row["frequency"], "daily", "{row}");
    assert!(c.table(&["backup-policy", "list"]).contains("daily"));

    // Deleting needs --yes (usage error before any request), then removes it from the list.
    c.run(&["backup-policy", "delete", &addr], 2);
    c.run(&["backup-policy", "delete", &addr, "--yes"], 0);
    let listed = c.run(&["backup-policy", "list", "--account", "cloudzy-0"], 0);
    assert!(
        !listed
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["serverId"] == server["id"]),
        "{listed}"
    );
}

#[test]
fn snapshots_are_renamed_where_offered() {
    if !keyring_available() {
        return;
    }
    let mut c = Case::start(&["letscloud", "cloudzy"], 1, 5);
    let snaps = c.run(&["snapshot", "list", "--account", "letscloud-0"], 0);
    let snap = snaps
        .as_array()
        .unwrap()
        .first()
        .expect("a seeded snapshot")
        .clone();
    let addr = format!("letscloud-0/{}", text(&snap["id"]));
    c.run(
        &["snapshot", "rename", &addr, "--name", "renamed-by-cli", "--wait"],
        0,
    );
    let snaps = c.run(&["snapshot", "list", "--account", "letscloud-0"], 0);
    assert!(
        snaps
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "renamed-by-cli"),
        "{snaps}"
    );
    // Cloudzy names its snapshots itself: exit 6, naming the provider.
    let zy = c.run(&["snapshot", "list", "--account", "cloudzy-0"], 0);
    let id = text(&zy.as_array().unwrap()[0]["id"]);
    let out = fleetdeck(c.dir.path())
        .args(["snapshot", "rename", &format!("cloudzy-0/{id}"), "--name", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    // A name is required.
    c.run(&["snapshot", "rename", &addr], 2);
}

#[test]
fn servers_are_created_from_a_snapshot_or_an_iso_and_one_source_is_required() {
    if !keyring_available() {
        return;
    }
    let mut c = Case::start(&["cloudzy"], 1, 5);
    let like = c.servers("cloudzy-0")[0].clone();
    let (region, plan) = (text(&like["region"]), text(&like["plan"]));
    let snaps = c.run(&["snapshot", "list", "--account", "cloudzy-0"], 0);
    let snap = snaps
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["status"] == "ready")
        .expect("a ready snapshot")
        .clone();
    let base = [
        "server",
        "create",
        "--account",
        "cloudzy-0",
        "--region",
        &region,
        "--plan",
        &plan,
    ];

    let snap_id = text(&snap["id"]);
    let from_snapshot = [
        &base[..],
        &["--name", "from-snap", "--from-snapshot", &snap_id, "--wait"],
    ]
    .concat();
    let created = c.run(&from_snapshot, 0);
    assert_eq!(created["name"], "from-snap", "{created}");

    let isos = c.run(&["iso", "list", "--account", "cloudzy-0"], 0);
    let iso = isos
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["status"] == "ready")
        .expect("a ready ISO")
        .clone();
    let iso_id = text(&iso["id"]);
    let from_iso = [&base[..], &["--name", "from-iso", "--iso", &iso_id, "--wait"]].concat();
    let created = c.run(&from_iso, 0);
    assert_eq!(created["name"], "from-iso", "{created}");

    // Exactly one source: none, or two, is a usage error before any request.
    c.run(&[&base[..], &["--name", "none"]].concat(), 2);
    c.run(
        &[&base[..], &["--name", "two", "--image", "x", "--iso", "y"]].concat(),
        2,
    );
    // No provider's order takes a custom image: refused as invalid input, nothing ordered.
    c.run(
        &[&base[..], &["--name", "ci", "--custom-image", "img-1"]].concat(),
        2,
    );
}

#[test]
fn a_server_is_parked_listed_and_unparked() {
    if !keyring_available() {
        return;
    }
    let mut c = Case::start(&["cloudzy", "letscloud"], 1, 5);
    let server = c.servers("cloudzy-0")[0].clone();
    let addr = format!("cloudzy-0/{}", text(&server["id"]));

    // The server is deleted in the end: --yes is required, before any request.
    c.run(&["server", "park", &addr], 2);
    let parked = c.run(&["server", "park", &addr, "--yes", "--wait"], 0);
    assert_eq!(parked["job"]["status"], "succeeded", "{parked}");
    assert_eq!(parked["job"]["kind"], "park", "{parked}");
    c.run(&["server", "show", &addr], 5);

    let list = c.run(&["server", "parked"], 0);
    let records = list.as_array().unwrap();
    assert_eq!(records.len(), 1, "{list}");
    let record = records[0].clone();
    assert_eq!(record["serverName"], server["name"], "{record}");
    assert_eq!(record["plan"], server["plan"], "{record}");
    assert!(c.table(&["server", "parked"]).contains(&text(&server["name"])));

    let pid = format!("cloudzy-0/{}", text(&record["id"]));
    let unparked = c.run(&["server", "unpark", &pid, "--wait"], 0);
    assert_eq!(unparked["job"]["status"], "succeeded", "{unparked}");
    assert_eq!(c.run(&["server", "parked"], 0), serde_json::json!([]));
    let names: Vec<Value> = c
        .run(&["server", "list", "--account", "cloudzy-0"], 0)
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].clone())
        .collect();
    assert!(names.contains(&server["name"]), "{names:?}");
    // Unknown parked id: not found.
    c.run(&["server", "unpark", "cloudzy-0/nope"], 5);

    // LetsCloud cannot create a server from a snapshot: parking is refused, exit 6.
    let lc = c.run(&["server", "list", "--account", "letscloud-0"], 0);
    let id = text(&lc.as_array().unwrap()[0]["id"]);
    let out = fleetdeck(c.dir.path())
        .args(["server", "park", &format!("letscloud-0/{id}"), "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
}
