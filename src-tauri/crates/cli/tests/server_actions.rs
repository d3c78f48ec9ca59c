//! Every server action a provider offers is reachable from the CLI, from the one action table
//! (core/src/actions.rs): `server actions` lists the table's rows the provider offers, the named
//! verbs (`shutdown`, `freeze`, `unfreeze`, `rename`, `add-traffic`, `config`) and the generic
//! `server action ACCOUNT/ID ACTION` run them against the sandbox, an action the provider lacks
//! exits 6 and one that loses data exits 2 without `--yes` — both before any request.

mod common;

use common::*;
use fleetdeck_core::actions::{server_actions, ActionId};
use fleetdeck_core::{Capabilities, LxdFlavour};
use serde_json::Value;

type Case = Cli;

impl Case {
    /// Run to the end (`--wait`): the job, when there is one, succeeded.
    fn done(&mut self, args: &[&str]) {
        let mut all = args.to_vec();
        all.push("--wait");
        let r = self.run(&all, 0);
        if !r["job"].is_null() {
            assert_eq!(r["job"]["status"], "succeeded", "{args:?}: {r}");
        }
    }

    fn refused(&mut self, args: &[&str], code: i32, says: &str) {
        let out = self.out(args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }

    /// A running server of the account (whose name does not make the simulators fail it).
    fn running(&mut self, account: &str) -> String {
        let list = self.run(&["server", "list", "--account", account], 0);
        let s = list
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["status"] == "running" && !s["name"].as_str().unwrap().contains("fail"))
            .unwrap_or_else(|| panic!("no running server in {list}"))
            .clone();
        format!("{account}/{}", s["id"].as_str().unwrap())
    }

    fn show(&mut self, addr: &str) -> Value {
        self.run(&["server", "show", addr], 0)
    }

    /// `server actions` lists exactly the table's rows the capabilities offer, in table order.
    fn lists_offered(&mut self, addr: &str, caps: &Capabilities) {
        let listed = self.run(&["server", "actions", addr], 0);
        let got: Vec<&str> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["action"].as_str().unwrap())
            .collect();
        let want: Vec<String> = server_actions()
            .iter()
            .filter(|s| s.is_offered(caps))
            .map(|s| s.id.kebab())
            .collect();
        assert_eq!(got, want, "{listed}");
        assert!(
            listed[0]["label"].is_string() && listed[0]["confirm"].is_string(),
            "{listed}"
        );
    }
}

#[test]
fn vz_freeze_unfreeze_config_and_shutdown_from_the_cli() {
    if !keyring_available() {
        return;
    }
    let sb = SandboxHost::start(&["vz"], 1, 4);
    let mut c = Case::new();
    let a = c.add_seed_account(&sb, "vz", 0);
    let addr = c.running(&a);
    c.lists_offered(&addr, &fleetdeck_provider_lxd::capabilities_for(LxdFlavour::Vz));

    // Named verbs.
    c.done(&["server", "freeze", &addr]);
    assert_eq!(c.show(&addr)["status"], "suspended");
    c.done(&["server", "unfreeze", &addr]);
    assert_eq!(c.show(&addr)["status"], "running");
    c.done(&["server", "config", &addr, "--cpu", "3", "--memory", "3072"]);
    let s = c.show(&addr);
    assert_eq!(
        (s["vcpus"].as_u64(), s["memoryMb"].as_u64()),
        (Some(3), Some(3072)),
        "{s}"
    );
    c.done(&["server", "shutdown", &addr]);
    assert_eq!(c.show(&addr)["status"], "stopped");
    c.done(&["server", "start", &addr]);

    // The generic verb, by the table's ids.
    c.done(&["server", "action", &addr, "freeze"]);
    assert_eq!(c.show(&addr)["status"], "suspended");
    c.done(&["server", "action", &addr, "unfreeze"]);
    c.done(&["server", "action", &addr, "update-config", "--memory", "2048"]);
    assert_eq!(c.show(&addr)["memoryMb"], 2048);

    // What vz lacks: exit 6 naming the provider and the action, whatever the inputs.
    c.refused(
        &["server", "rename", &addr, "new-name"],
        6,
        "vz/LXD does not offer rename",
    );
    c.refused(
        &["server", "add-traffic", &addr, "--amount-tb", "1"],
        6,
        "vz/LXD does not offer add traffic",
    );
    c.refused(
        &["server", "action", &addr, "reinstall", "--image", "debian"],
        6,
        "does not offer reinstall",
    );

    // A destructive action without --yes: exit 2, and the server is still there.
    c.refused(&["server", "action", &addr, "delete"], 2, "--yes");
    assert_eq!(c.show(&addr)["status"], "running");

    // Usage errors before any request.
    c.refused(
        &["server", "action", &addr, "explode"],
        2,
        "is not a server action",
    );
    c.refused(
        &["server", "action", &addr, "update-config"],
        2,
        "--cpu and/or --memory",
    );
    c.refused(
        &["server", "action", &addr, "freeze", "--image", "x"],
        2,
        "freeze takes no --image",
    );
    c.refused(&["server", "config", &addr], 2, "--cpu");

    // The generic delete with --yes goes through.
    c.done(&["server", "action", &addr, "delete", "--yes"]);
    c.run(&["server", "show", &addr], 5);
    let secret = &sb.credentials["vz"][0].secret;
    assert!(!c.t.0.contains(secret.as_str()), "the token leaked");
}

#[test]
fn cloudzy_add_traffic_and_reinstall_confirmation_from_the_cli() {
    if !keyring_available() {
        return;
    }
    let sb = SandboxHost::start(&["cloudzy"], 1, 3);
    let mut c = Case::new();
    let a = c.add_seed_account(&sb, "cloudzy", 0);
    let addr = c.running(&a);
    let caps = fleetdeck_provider_cloudzy::capabilities();
    c.lists_offered(&addr, &caps);
    assert!(ActionId::AddTraffic.spec().is_offered(&caps));

    let r = c.run(&["server", "add-traffic", &addr, "--amount-tb", "2"], 0);
    assert!(r["message"].as_str().unwrap().contains("2 TB"), "{r}");
    c.run(&["server", "action", &addr, "add-traffic", "--amount-tb", "1"], 0);
    c.refused(&["server", "action", &addr, "add-traffic"], 2, "--amount-tb");

    // Offered but destructive: refused without --yes before any request.
    c.refused(
        &["server", "action", &addr, "reinstall", "--image", "x"],
        2,
        "--yes",
    );

    for (args, says) in [
        (vec!["server", "freeze", &addr], "Cloudzy does not offer freeze"),
        (
            vec!["server", "unfreeze", &addr],
            "Cloudzy does not offer unfreeze",
        ),
        (
            vec!["server", "config", &addr, "--cpu", "2"],
            "Cloudzy does not offer update configuration",
        ),
        (
            vec!["server", "shutdown", &addr],
            "Cloudzy does not offer shut down",
        ),
        (
            vec!["server", "action", &addr, "freeze"],
            "Cloudzy does not offer freeze",
        ),
    ] {
        c.refused(&args, 6, says);
    }
}

#[test]
fn letscloud_shutdown_from_the_cli() {
    if !keyring_available() {
        return;
    }
    let sb = SandboxHost::start(&["letscloud"], 1, 3);
    let mut c = Case::new();
    let a = c.add_seed_account(&sb, "letscloud", 0);
    let addr = c.running(&a);
    c.lists_offered(&addr, &fleetdeck_provider_letscloud::capabilities());
    c.done(&["server", "shutdown", &addr]);
    assert_eq!(c.show(&addr)["status"], "stopped");
    c.done(&["server", "action", &addr, "start"]);
    c.done(&["server", "action", &addr, "shutdown"]);
    c.refused(
        &["server", "add-traffic", &addr, "--amount-tb", "1"],
        6,
        "LetsCloud does not offer add traffic",
    );
}
