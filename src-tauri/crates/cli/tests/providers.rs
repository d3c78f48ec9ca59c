//! The real binary against the Cloudzy, LetsCloud and vz simulators: the commands each provider
//! offers (as its client's capabilities state them) work and follow their jobs; the ones it does
//! not offer exit 6 naming the provider; unknown ids exit 5; no secret appears anywhere.
//! Cloude.ro has its own, deeper file (tests/cloudero.rs).

mod common;

use common::*;
use fleetdeck_core::{Capabilities, LxdFlavour};
use serde_json::Value;

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Run every command the provider offers against its simulator.
fn exercise(kind: &str, caps: Capabilities) {
    if !keyring_available() {
        return;
    }
    // Two seed accounts, added as `KIND-0` and `KIND-1` (each answering its provider).
    let mut c = SandboxCli::start(&[kind], 2, 3);
    let display = caps.provider.to_string();
    let a = format!("{kind}-0");
    c.run(&["account", "check", &a], 0);

    // servers
    let all = c.run(&["server", "list"], 0);
    assert_eq!(all.as_array().unwrap().len(), 6, "{all}");
    for s in all.as_array().unwrap() {
        assert_eq!(s["provider"], kind);
        for key in ["account", "id", "name", "status"] {
            assert!(s[key].is_string(), "{key}: {s}");
        }
        for key in ["ipv4", "ipv6"] {
            assert!(s[key].is_array(), "{key}: {s}");
        }
        for key in [
            "region",
            "plan",
            "image",
            "vcpus",
            "memoryMb",
            "diskGb",
            "createdAt",
        ] {
            assert!(s.get(key).is_some(), "{key}: {s}");
        }
    }
    let mine = c.run(&["server", "list", "--account", &a], 0);
    let running = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["status"] == "running")
        .unwrap_or_else(|| panic!("no running server in {mine}"))
        .clone();
    let addr = format!("{a}/{}", running["id"].as_str().unwrap());
    let shown = c.run(&["server", "show", &addr], 0);
    assert_eq!(shown["id"], running["id"]);
    c.run(&["server", "show", &format!("{a}/999999")], 5);

    // catalog
    for (noun, offered) in [
        ("region", caps.create.regions),
        ("plan", caps.create.plans),
        ("image", caps.create.images),
        ("app", caps.create.applications),
    ] {
        if offered {
            assert!(c.run(&[noun, "list", "--account", &a], 0).is_array());
        } else {
            c.unsupported(&[noun, "list", "--account", &a], &display);
        }
    }

    // power actions, followed to the end
    for (verb, offered) in [
        ("stop", caps.servers.stop),
        ("start", caps.servers.start),
        ("reboot", caps.servers.reboot),
    ] {
        if offered {
            let r = c.run(&["server", verb, &addr, "--wait"], 0);
            if !r["job"].is_null() {
                assert_eq!(r["job"]["status"], "succeeded", "{verb}: {r}");
            }
        } else {
            c.unsupported(&["server", verb, &addr], &display);
        }
    }

    // snapshots
    if caps.snapshots.create {
        let before = ids(&c.run(&["snapshot", "list", "--account", &a], 0));
        c.run(&["snapshot", "create", &addr, "--name", "cli-snap", "--wait"], 0);
        let snaps = c.run(&["snapshot", "list", "--account", &a], 0);
        // Providers that name snapshots themselves (Cloudzy) are recognised by the new id.
        let snap = snaps
            .as_array()
            .unwrap()
            .iter()
            .find(|s| !before.contains(&s["id"].as_str().unwrap().to_owned()))
            .unwrap_or_else(|| panic!("no new snapshot in {snaps}"))
            .clone();
        if caps.snapshots.named {
            assert_eq!(snap["name"], "cli-snap");
        }
        if caps.snapshots.delete {
            let snap_addr = format!("{a}/{}", snap["id"].as_str().unwrap());
            c.run(&["snapshot", "delete", &snap_addr, "--yes", "--wait"], 0);
        }
    } else {
        c.unsupported(&["snapshot", "create", &addr], &display);
    }
    if !caps.snapshots.list {
        c.unsupported(&["snapshot", "list", "--account", &a], &display);
    }

    // SSH keys
    if caps.ssh_keys.create {
        let key_file = c.path().join("ops.pub");
        std::fs::write(
            &key_file,
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPq3cmVzdGtleWZvcmZsZWV0ZGVja2NsaXRlc3Rz ops@ci\n",
        )
        .unwrap();
        let key = c.run(
            &[
                "ssh-key",
                "add",
                "--account",
                &a,
                "--name",
                "ops-ci",
                "--public-key-file",
                key_file.to_str().unwrap(),
            ],
            0,
        );
        assert!(key["publicKey"].is_string(), "{key}");
        let keys = c.run(&["ssh-key", "list", "--account", &a], 0);
        assert!(ids(&keys).contains(&key["id"].as_str().unwrap().to_owned()));
        if caps.ssh_keys.delete {
            let key_addr = format!("{a}/{}", key["id"].as_str().unwrap());
            c.run(&["ssh-key", "delete", &key_addr, "--yes"], 0);
        }
    } else if !caps.ssh_keys.list {
        c.unsupported(&["ssh-key", "list", "--account", &a], &display);
    }

    // the rest of the nouns
    for (args, offered) in [
        (vec!["floating-ip", "list", "--account"], caps.floating_ips.list),
        (vec!["iso", "list", "--account"], caps.isos.list),
        (vec!["custom-image", "list", "--account"], caps.custom_images.list),
        (vec!["backup", "list", "--account"], caps.backups.list),
        (vec!["tag", "list", "--account"], caps.tags.list),
        (vec!["invoice", "list", "--account"], caps.billing.invoices),
        (
            vec!["transaction", "list", "--account"],
            caps.billing.transactions,
        ),
        (vec!["event", "list", "--account"], caps.events.list),
    ] {
        let mut args = args;
        args.push(&a);
        if offered {
            assert!(c.run(&args, 0).is_array(), "{args:?}");
        } else {
            c.unsupported(&args, &display);
        }
    }

    // nothing secret in any output or file
    for cred in &c.sb.credentials[kind] {
        assert!(
            !c.t.0.contains(&cred.secret),
            "a secret appeared in the CLI's output"
        );
        for f in files_under(c.path()) {
            let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
            assert!(!text.contains(&cred.secret), "a secret is in {}", f.display());
        }
    }

    // a wrong token: exit 4 naming the account, nothing saved
    let out = fleetdeck(c.path())
        .args(["account", "add", "wrong-token", "--provider", kind, "--endpoint"])
        .arg(c.sb.endpoint(kind))
        .args(["--secret-stdin", "--username", "nobody@example.com"])
        .write_stdin("definitely-not-a-valid-token")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrong-token"), "{}", stderr(&out));
    let accounts = c.run(&["account", "list"], 0);
    assert_eq!(accounts.as_array().unwrap().len(), 2);
}

#[test]
fn cloudzy() {
    exercise("cloudzy", fleetdeck_provider_cloudzy::capabilities());
}

#[test]
fn letscloud() {
    exercise("letscloud", fleetdeck_provider_letscloud::capabilities());
}

#[test]
fn vz() {
    exercise("vz", fleetdeck_provider_lxd::capabilities_for(LxdFlavour::Vz));
}

/// A vz account pinned by `--server-cert`: the PEM's fingerprint is accepted (the account check
/// then fails on the unreachable server: exit 1, not a usage error), and a file that holds no
/// certificate is refused with exit 2.
#[test]
fn vz_server_cert_pinning() {
    let tmp = tempfile::tempdir().unwrap();
    let not_pem = tmp.path().join("junk.pem");
    std::fs::write(&not_pem, "hello").unwrap();
    let out = fleetdeck(tmp.path())
        .args([
            "account",
            "add",
            "lab",
            "--provider",
            "vz",
            "--endpoint",
            "https://127.0.0.1:9",
        ])
        .args(["--server-cert", not_pem.to_str().unwrap(), "--secret-stdin"])
        .write_stdin("bearer")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no PEM certificate"), "{}", stderr(&out));

    let fp = "AB:".repeat(31) + "AB";
    let out = fleetdeck(tmp.path())
        .args([
            "account",
            "add",
            "lab",
            "--provider",
            "vz",
            "--endpoint",
            "https://127.0.0.1:9",
        ])
        .args(["--server-fingerprint", &fp, "--secret-stdin"])
        .write_stdin("bearer")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!stderr(&out).contains("bearer"));
}
