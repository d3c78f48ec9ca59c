//! The real binary against the simulators for keys, local tags and money: `ssh-key generate`,
//! `ssh-key push`, `tag local`, `plan compare`, `cost estimate` and `balance`.

mod common;

use common::*;

const KINDS: [&str; 4] = ["letscloud", "cloudero", "cloudzy", "vz"];

/// Every simulator, one seed account each, added as `KIND-0`.
type Case = SandboxCli;

impl Case {
    /// Run as a person would (tables), answering the exit code and stdout.
    fn text(&mut self, args: &[&str]) -> (i32, String) {
        let out = fleetdeck(self.dir.path()).args(args).output().unwrap();
        self.t.record(&out);
        (out.status.code().unwrap_or(-1), stdout(&out))
    }

    fn first_server(&mut self, account: &str) -> String {
        let list = self.run(&["server", "list", "--account", account], 0);
        let id = list[0]["id"].as_str().unwrap().to_owned();
        format!("{account}/{id}")
    }
}

#[test]
fn plan_compare_cost_estimate_and_balance() {
    if !keyring_available() {
        return;
    }
    let mut c = Case::start(&KINDS, 1, 2);
    let plans = c.run(&["plan", "compare"], 0);
    let plans = plans.as_array().unwrap();
    let accounts: std::collections::BTreeSet<&str> =
        plans.iter().map(|p| p["account"].as_str().unwrap()).collect();
    assert_eq!(accounts, ["cloudero-0", "cloudzy-0", "letscloud-0"].into());
    let priced = plans
        .iter()
        .find(|p| p["monthlyEstimate"].is_object() && p["vcpus"].as_u64().is_some_and(|n| n > 0))
        .unwrap();
    // Decimal strings, never floats.
    assert!(priced["pricePerVcpu"].is_string(), "{priced}");
    assert!(priced["monthlyEstimate"]["amount"]["amount"].is_string());
    for key in ["pricePerGbRam", "pricePerGbDisk", "pricePerTbTraffic", "regions"] {
        assert!(priced.get(key).is_some(), "{key} missing: {priced}");
    }
    let region = plans
        .iter()
        .find(|p| p["account"] == "cloudzy-0")
        .and_then(|p| p["regions"][0].as_str())
        .unwrap()
        .to_owned();
    let one = c.run(&["plan", "compare", "--region", &region], 0);
    assert!(one.as_array().unwrap().iter().all(|p| {
        let r = p["regions"].as_array().unwrap();
        r.is_empty() || r.iter().any(|x| x == region.as_str())
    }));
    // `plan list` still lists one account's plans.
    assert!(!c
        .run(&["plan", "list", "--account", "letscloud-0"], 0)
        .as_array()
        .unwrap()
        .is_empty());
    // A named account whose provider sells no plans: exit 6.
    c.run(&["plan", "compare", "--account", "vz-0"], 6);

    let cost = c.run(&["cost", "estimate"], 0);
    assert_eq!(cost["accounts"].as_array().unwrap().len(), 4);
    assert!(cost["monthlyEstimateTotals"]
        .as_array()
        .is_some_and(|t| !t.is_empty()));
    assert!(cost["servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["account"] == "vz-0")
        .all(|s| s["monthlyEstimate"].is_null() && s["unknownReason"].is_string()));
    let (code, table) = c.text(&["cost", "estimate", "--account", "cloudzy-0"]);
    assert_eq!(code, 0);
    assert!(table.contains("Monthly estimate per account"), "{table}");

    let balances = c.run(&["balance"], 0);
    let items = balances["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{balances}");
    assert!(balances["totals"].as_array().is_some_and(|t| !t.is_empty()));
    c.run(&["balance", "--account", "vz-0"], 6);
    let (code, table) = c.text(&["balance", "--account", "letscloud-0"]);
    assert_eq!(code, 0);
    assert!(table.contains("Total:"), "{table}");
}

#[cfg(unix)]
/// A relative `--private-key-file` is the shell's working directory's, as for any command-line
/// tool (the fleet itself takes full paths only: fleet/src/keys.rs `check_new_key_path`).
#[test]
fn ssh_key_generate_takes_a_file_relative_to_the_working_directory() {
    if !keyring_available() {
        return;
    }
    let mut c = Case::start(&["letscloud"], 1, 0);
    let keys = tempfile::tempdir().unwrap();
    let out = fleetdeck(c.path())
        .current_dir(keys.path())
        .args(["-o", "json", "ssh-key", "generate", "--account", "letscloud-0"])
        .args(["--name", "here", "--private-key-file", "id_here"])
        .output()
        .unwrap();
    c.t.record(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = keys.path().join("id_here");
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("OPENSSH PRIVATE KEY"));
    assert!(keys.path().join("id_here.pub").exists());
    let made = json(&out);
    assert_eq!(made["privateKeyFile"], file.to_str().unwrap());
}

#[test]
fn ssh_key_generate_then_push_to_several_accounts() {
    use std::os::unix::fs::PermissionsExt;
    if !keyring_available() {
        return;
    }
    let mut c = Case::start(&KINDS, 1, 2);
    let keys = tempfile::tempdir().unwrap();
    let file = keys.path().join("id_fleet");
    let f = file.to_str().unwrap();
    let made = c.run(
        &[
            "ssh-key",
            "generate",
            "--account",
            "letscloud-0",
            "--name",
            "laptop",
            "--private-key-file",
            f,
        ],
        0,
    );
    assert!(made["fingerprint"].as_str().unwrap().starts_with("SHA256:"));
    let private = std::fs::read_to_string(&file).unwrap();
    assert!(private.contains("OPENSSH PRIVATE KEY"));
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // The private key is printed nowhere.
    let body = private.lines().nth(1).unwrap();
    assert!(!c.t.0.contains(body));
    // An existing file is refused (exit 2) and left as it was.
    c.run(
        &[
            "ssh-key",
            "generate",
            "--account",
            "letscloud-0",
            "--name",
            "again",
            "--private-key-file",
            f,
        ],
        2,
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), private);

    let public = format!("{f}.pub");
    let pushed = c.run(
        &[
            "ssh-key",
            "push",
            &public,
            "--account",
            "cloudzy-0",
            "--account",
            "cloudero-0",
        ],
        0,
    );
    let pushed = pushed.as_array().unwrap();
    assert_eq!(pushed.len(), 2);
    assert!(pushed
        .iter()
        .all(|r| r["key"].is_object() && r["error"].is_null()));
    // Named after the key's comment by default.
    assert_eq!(pushed[0]["key"]["name"], "laptop");

    // Some accounts fail: one line per account, exit 3.
    let (code, text) = c.text(&[
        "ssh-key",
        "push",
        &public,
        "--account",
        "letscloud-0",
        "--account",
        "vz-0",
        "--name",
        "desk",
    ]);
    assert_eq!(code, 3, "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("letscloud-0: added"), "{text}");
    assert!(lines[1].starts_with("vz-0: failed"), "{text}");
    let listed = c.run(&["ssh-key", "list", "--account", "cloudzy-0"], 0);
    assert!(listed.as_array().unwrap().iter().any(|k| k["name"] == "laptop"));
}

#[test]
fn local_tags_on_every_provider_are_shared_with_the_server_list() {
    if !keyring_available() {
        return;
    }
    let mut c = Case::start(&KINDS, 1, 2);
    let vz = c.first_server("vz-0");
    let lets = c.first_server("letscloud-0");
    let zy = c.first_server("cloudzy-0");
    c.run(
        &["tag", "local", "add", &vz, &lets, "--tag", "prod", "--tag", "eu"],
        0,
    );
    c.run(&["tag", "local", "remove", &lets, "--tag", "eu"], 0);
    c.run(&["tag", "local", "set", &zy, "--tag", "staging"], 0);
    let listed = c.run(&["tag", "local", "list"], 0);
    let tags_of = |address: &str| -> Vec<String> {
        let (account, id) = address.split_once('/').unwrap();
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["account"] == account && t["serverId"] == id)
            .map(|t| serde_json::from_value(t["tags"].clone()).unwrap())
            .unwrap_or_default()
    };
    assert_eq!(tags_of(&vz), ["eu", "prod"]);
    assert_eq!(tags_of(&lets), ["prod"]);
    assert_eq!(tags_of(&zy), ["staging"]);

    // The unified server list carries them, apart from the provider's own tags.
    let servers = c.run(&["server", "list"], 0);
    let server = |address: &str| {
        let (account, id) = address.split_once('/').unwrap();
        servers
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["account"] == account && s["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(server(&vz)["localTags"], serde_json::json!(["eu", "prod"]));
    assert_eq!(server(&lets)["localTags"], serde_json::json!(["prod"]));

    // Bad input is refused before anything is written.
    c.run(&["tag", "local", "add", "nobody/1", "--tag", "x"], 5);
    c.run(&["tag", "local", "add", &vz, "--tag", "  "], 2);
    // The provider's own tags (Cloude.ro) still work beside them.
    c.run(&["tag", "list", "--account", "cloudero-0"], 0);
    c.run(&["tag", "local", "set", &zy], 0);
    let after = c.run(&["tag", "local", "list", "--account", "cloudzy-0"], 0);
    assert!(after.as_array().unwrap().is_empty());
}
