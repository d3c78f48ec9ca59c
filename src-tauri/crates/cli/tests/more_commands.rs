//! The real binary against the simulators for the commands the other files do not run: server
//! maintenance (reset-password, reinstall, resize), create/delete on Cloudzy and LetsCloud,
//! floating IPs, ISOs and custom images, backups and tags, events, `ssh-key show` and jobs.

mod common;

use common::*;
use serde_json::Value;

/// One sandboxed provider with its seed accounts added to a private data directory as `KIND-0`,
/// `KIND-1`…
type Case = SandboxCli;

impl Case {
    /// A running server of `account`, as `ACCOUNT/ID`.
    fn running_server(&mut self, account: &str) -> String {
        let list = self.run(&["server", "list", "--account", account], 0);
        let s = list
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["status"] == "running")
            .unwrap_or_else(|| panic!("no running server in {list}"))
            .clone();
        format!("{account}/{}", s["id"].as_str().unwrap())
    }

    /// No seed secret in anything printed or any file written.
    fn assert_no_secret(&self, kind: &str) {
        for cred in &self.sb.credentials[kind] {
            assert!(
                !self.t.0.contains(&cred.secret),
                "a secret appeared in the output"
            );
            for f in files_under(self.dir.path()) {
                let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
                assert!(!text.contains(&cred.secret), "a secret is in {}", f.display());
            }
        }
    }
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A followed action's job, when the provider reported one, ended well.
fn assert_job_succeeded(r: &Value) {
    assert!(r.is_object(), "{r}");
    if !r["job"].is_null() {
        assert_eq!(r["job"]["status"], "succeeded", "{r}");
    }
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
    let first = |list: &Value, what: &str| -> String {
        list.as_array()
            .unwrap()
            .iter()
            .find(offered_in)
            .unwrap_or_else(|| panic!("no {what} in {list}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let plan = first(plans, "plan");
    let image = first(images, "image");
    (region, plan, image)
}

fn catalog(c: &mut Case, account: &str) -> (String, String, String) {
    let regions = c.run(&["region", "list", "--account", account], 0);
    let plans = c.run(&["plan", "list", "--account", account], 0);
    let images = c.run(&["image", "list", "--account", account], 0);
    pick_order(&regions, &plans, &images)
}

#[test]
fn cloudzy_reset_password_reinstall_resize() {
    if !keyring_available() {
        return;
    }
    let mut c = Case::start(&["cloudzy"], 1, 3);
    let a = "cloudzy-0";
    let addr = c.running_server(a);
    let (_, _, image) = catalog(&mut c, a);
    let server = c.run(&["server", "show", &addr], 0);
    let plans = c.run(&["plan", "list", "--account", a], 0);
    // Disks cannot shrink: a bigger (or equal) plan than the server's own.
    let disk = server["diskGb"].as_f64().unwrap_or(0.0);
    let plan = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] != server["plan"] && p["diskGb"].as_f64().is_some_and(|d| d >= disk))
        .unwrap_or_else(|| panic!("no plan to grow {server} into: {plans}"))["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let r = c.run(&["server", "reset-password", &addr], 0);
    // Cloudzy generates the password: shown once, in the output.
    let password = r["password"].as_str().unwrap_or_else(|| panic!("{r}"));
    assert!(password.len() >= 8, "{r}");

    let r = c.run(
        &["server", "reinstall", &addr, "--image", &image, "--yes", "--wait"],
        0,
    );
    assert_job_succeeded(&r);
    let r = c.run(&["server", "resize", &addr, "--plan", &plan, "--wait"], 0);
    assert_job_succeeded(&r);
    let shown = c.run(&["server", "show", &addr], 0);
    assert_eq!(shown["status"], "running", "{shown}");
    assert_eq!(shown["plan"], plan.as_str(), "{shown}");

    // an unknown server: exit 5
    c.run(
        &[
            "server",
            "reinstall",
            &format!("{a}/999999"),
            "--image",
            &image,
            "--yes",
        ],
        5,
    );
    c.assert_no_secret("cloudzy");
}

#[test]
fn server_create_and_delete_on_cloudzy_and_letscloud() {
    if !keyring_available() {
        return;
    }
    for kind in ["cloudzy", "letscloud"] {
        let mut c = Case::start(&[kind], 1, 2);
        let a = format!("{kind}-0");
        let (region, plan, image) = catalog(&mut c, &a);
        let name = "cli-more-01";
        let created = c.run(
            &[
                "server",
                "create",
                "--account",
                &a,
                "--name",
                name,
                "--region",
                &region,
                "--plan",
                &plan,
                "--image",
                &image,
                "--wait",
            ],
            0,
        );
        assert_eq!(created["name"], name, "{kind}: {created}");
        let after = c.run(&["server", "list", "--account", &a], 0);
        let new = after
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("{kind}: created server not listed: {after}"))
            .clone();
        assert_eq!(new["id"], created["id"], "{kind}");
        assert_eq!(new["provider"], kind);
        let new_addr = format!("{a}/{}", new["id"].as_str().unwrap());
        let r = c.run(&["server", "delete", &new_addr, "--yes", "--wait"], 0);
        assert_job_succeeded(&r);
        let gone = c.run(&["server", "list", "--account", &a], 0);
        assert!(
            !ids(&gone).contains(&new["id"].as_str().unwrap().to_owned()),
            "{kind}: deleted server still listed: {gone}"
        );
        c.assert_no_secret(kind);
    }
}

#[test]
fn cloudzy_floating_ips() {
    if !keyring_available() {
        return;
    }
    let mut c = Case::start(&["cloudzy"], 1, 1);
    let a = "cloudzy-0";
    let (region, _, _) = catalog(&mut c, a);
    let before = ids(&c.run(&["floating-ip", "list", "--account", a], 0));
    let r = c.run(
        &[
            "floating-ip",
            "allocate",
            "--account",
            a,
            "--region",
            &region,
            "--wait",
        ],
        0,
    );
    assert_job_succeeded(&r);
    let after = c.run(&["floating-ip", "list", "--account", a], 0);
    let ip = after
        .as_array()
        .unwrap()
        .iter()
        .find(|f| !before.contains(&f["id"].as_str().unwrap().to_owned()))
        .unwrap_or_else(|| panic!("no new floating IP in {after}"))
        .clone();
    assert_eq!(ip["account"], a, "{ip}");
    let ip_addr = format!("{a}/{}", ip["id"].as_str().unwrap());
    let r = c.run(
        &[
            "floating-ip",
            "update",
            &ip_addr,
            "--auto-renew",
            "false",
            "--note",
            "cli-test",
        ],
        0,
    );
    assert_eq!(r["updated"], ip_addr.as_str(), "{r}");
    let updated = c.run(&["floating-ip", "list", "--account", a], 0);
    let updated = updated
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == ip["id"])
        .unwrap_or_else(|| panic!("{updated}"))
        .clone();
    assert_eq!(updated["note"], "cli-test", "{updated}");
    assert_eq!(updated["autoRenew"], false, "{updated}");
    let r = c.run(&["floating-ip", "release", &ip_addr, "--yes", "--wait"], 0);
    assert_job_succeeded(&r);
    let left = ids(&c.run(&["floating-ip", "list", "--account", a], 0));
    assert!(!left.contains(&ip["id"].as_str().unwrap().to_owned()), "{left:?}");
    c.run(&["floating-ip", "release", &format!("{a}/999999"), "--yes"], 5);
    c.assert_no_secret("cloudzy");
}

#[test]
fn cloudzy_isos_and_custom_images() {
    if !keyring_available() {
        return;
    }
    let mut c = Case::start(&["cloudzy"], 1, 1);
    let a = "cloudzy-0";
    let (region, _, _) = catalog(&mut c, a);
    for (noun, url, format) in [
        ("iso", "https://downloads.example.com/cli-test.iso", None),
        (
            "custom-image",
            "https://downloads.example.com/cli-test.qcow2",
            Some("qcow2"),
        ),
    ] {
        let before = ids(&c.run(&[noun, "list", "--account", a], 0));
        let mut args = vec![
            noun,
            "download",
            "--account",
            a,
            "--name",
            "cli-test",
            "--url",
            url,
            "--region",
            &region,
        ];
        if let Some(f) = format {
            args.extend(["--format", f]);
        }
        args.push("--wait");
        let r = c.run(&args, 0);
        assert_job_succeeded(&r);
        let after = c.run(&[noun, "list", "--account", a], 0);
        let item = after
            .as_array()
            .unwrap()
            .iter()
            .find(|i| !before.contains(&i["id"].as_str().unwrap().to_owned()))
            .unwrap_or_else(|| panic!("no new {noun} in {after}"))
            .clone();
        let item_addr = format!("{a}/{}", item["id"].as_str().unwrap());
        let shown = c.run(&[noun, "show", &item_addr], 0);
        assert_eq!(shown["id"], item["id"], "{shown}");
        assert_eq!(shown["name"], "cli-test", "{shown}");
        assert_eq!(shown["status"], "ready", "{shown}");
        assert_eq!(shown["sourceUrl"], url, "{shown}");
        let r = c.run(&[noun, "delete", &item_addr, "--yes", "--wait"], 0);
        assert_job_succeeded(&r);
        let left = ids(&c.run(&[noun, "list", "--account", a], 0));
        assert!(
            !left.contains(&item["id"].as_str().unwrap().to_owned()),
            "{noun}: {left:?}"
        );
        c.run(&[noun, "show", &format!("{a}/999999")], 5);
    }
    c.assert_no_secret("cloudzy");
}

#[test]
fn backups_are_exit_6_where_not_offered_and_cloudero_tags() {
    if !keyring_available() {
        return;
    }
    // Cloudzy has backup profiles only; backups themselves are LXD's.
    let mut c = Case::start(&["cloudzy"], 1, 1);
    let zy = fleetdeck_provider_cloudzy::capabilities().provider.to_string();
    let addr = c.running_server("cloudzy-0");
    c.unsupported(&["backup", "list", "--account", "cloudzy-0"], &zy);
    c.unsupported(&["backup", "create", &addr, "--name", "b1"], &zy);
    c.unsupported(&["backup", "delete", "cloudzy-0/1", "--yes"], &zy);
    // ... and Cloudzy has no tags.
    c.unsupported(&["tag", "list", "--account", "cloudzy-0"], &zy);
    c.assert_no_secret("cloudzy");
    drop(c);

    let mut c = Case::start(&["cloudero"], 1, 2);
    let ro = "Cloude.ro";
    let a = "cloudero-0";
    c.unsupported(&["backup", "list", "--account", a], ro);
    let servers = ids(&c.run(&["server", "list", "--account", a], 0));
    let (s0, s1) = (servers[0].clone(), servers[1].clone());
    let r = c.run(
        &[
            "tag",
            "add",
            "--account",
            a,
            "--tag",
            "cli-web",
            "--server",
            &s0,
            "--server",
            &s1,
        ],
        0,
    );
    assert_eq!(r["account"], a, "{r}");
    assert_eq!(r["servers"].as_array().unwrap().len(), 2, "{r}");
    let tags = c.run(&["tag", "list", "--account", a], 0);
    let web = tags
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "cli-web")
        .unwrap_or_else(|| panic!("{tags}"));
    assert_eq!(web["count"], 2, "{tags}");
    let s0_addr = format!("{a}/{s0}");
    let r = c.run(
        &["tag", "set", &s0_addr, "--tag", "cli-db", "--tag", "cli-web"],
        0,
    );
    assert_eq!(r["server"], s0_addr.as_str(), "{r}");
    // Cloude.ro's server objects carry no tags (docs/wire-decisions.md, Cloude.ro reference): what `tag set`
    // did shows in the tag listing's counts.
    let tags = c.run(&["tag", "list", "--account", a], 0);
    let count = |name: &str| {
        tags.as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .map(|t| t["count"].clone())
    };
    assert_eq!(count("cli-db"), Some(serde_json::json!(1)), "{tags}");
    assert_eq!(count("cli-web"), Some(serde_json::json!(2)), "{tags}");
    let r = c.run(&["tag", "delete", "--account", a, "cli-web", "--yes"], 0);
    assert_eq!(r["deleted"], "cli-web", "{r}");
    let tags = c.run(&["tag", "list", "--account", a], 0);
    assert!(
        !tags.as_array().unwrap().iter().any(|t| t["name"] == "cli-web"),
        "{tags}"
    );
    c.assert_no_secret("cloudero");
}

#[test]
fn events_ssh_key_show_and_jobs() {
    if !keyring_available() {
        return;
    }
    let mut c = Case::start(&["cloudero"], 1, 2);
    let a = "cloudero-0";
    let addr = c.running_server(a);
    // A job started without --wait, then followed with `job wait`.
    let r = c.run(&["server", "stop", &addr], 0);
    let job_id = r["job"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"))
        .to_owned();
    let jobs = c.run(&["job", "list"], 0);
    assert!(ids(&jobs).contains(&job_id), "{jobs}");
    let waited = c.run(&["job", "wait", &job_id], 0);
    assert_eq!(waited["id"], job_id.as_str(), "{waited}");
    assert_eq!(waited["status"], "succeeded", "{waited}");
    let shown = c.run(&["server", "show", &addr], 0);
    assert_eq!(shown["status"], "stopped", "{shown}");
    c.run(&["job", "wait", "no-such-job"], 5);

    // events: the stop is one of them
    let events = c.run(&["event", "list", "--account", a], 0);
    let server_id = addr.split_once('/').unwrap().1;
    let first = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "VM.STOP" && e["target"] == server_id)
        .unwrap_or_else(|| panic!("no stop event in {events}"))
        .clone();
    let ev_addr = format!("{a}/{}", first["id"].as_str().unwrap());
    let ev = c.run(&["event", "show", &ev_addr], 0);
    assert_eq!(ev["id"], first["id"], "{ev}");
    assert_eq!(ev["status"], "succeeded", "{ev}");
    assert_eq!(ev["account"], a, "{ev}");
    c.run(&["event", "show", &format!("{a}/999999")], 5);
    c.assert_no_secret("cloudero");
    drop(c);

    // ssh-key show where the provider offers it (Cloudzy)
    let mut c = Case::start(&["cloudzy"], 1, 1);
    let a = "cloudzy-0";
    let key_file = c.dir.path().join("ops.pub");
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
            a,
            "--name",
            "ops-ci",
            "--public-key-file",
            key_file.to_str().unwrap(),
        ],
        0,
    );
    let key_addr = format!("{a}/{}", key["id"].as_str().unwrap());
    let shown = c.run(&["ssh-key", "show", &key_addr], 0);
    assert_eq!(shown["id"], key["id"], "{shown}");
    assert_eq!(shown["name"], "ops-ci", "{shown}");
    assert_eq!(shown["account"], a, "{shown}");
    assert!(
        shown["publicKey"].as_str().unwrap().starts_with("ssh-ed25519 "),
        "{shown}"
    );
    assert!(shown.get("fingerprint").is_some(), "{shown}");
    c.run(&["ssh-key", "show", &format!("{a}/999999")], 5);
    c.assert_no_secret("cloudzy");
}

/// A running server of the account and a plan to move it to: another plan, offered in its
/// region, whose disk is bigger (disks cannot shrink; LetsCloud does not name a server's plan, so
/// a bigger disk is what tells the plans apart).
fn growable(c: &mut Case, account: &str) -> (String, Value) {
    let servers = c.run(&["server", "list", "--account", account], 0);
    let plans = c.run(&["plan", "list", "--account", account], 0);
    for server in servers
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "running")
    {
        let disk = server["diskGb"].as_f64().unwrap_or(0.0);
        let plan = plans.as_array().unwrap().iter().find(|p| {
            p["id"] != server["plan"]
                && p["available"] != false
                && p["diskGb"].as_f64().is_some_and(|d| d > disk)
                && p["regions"].as_array().is_none_or(|rs| {
                    rs.is_empty() || server["region"].is_null() || rs.contains(&server["region"])
                })
        });
        if let Some(plan) = plan {
            return (
                format!("{account}/{}", server["id"].as_str().unwrap()),
                plan.clone(),
            );
        }
    }
    panic!("no running server to grow in {servers} with {plans}");
}

#[test]
fn maintenance_on_cloudero_letscloud_and_vz() {
    if !keyring_available() {
        return;
    }
    // Cloude.ro e-mails the new password: a followed job, no password in the output.
    let mut c = Case::start(&["cloudero"], 1, 2);
    let a = "cloudero-0";
    let addr = c.running_server(a);
    let r = c.run(&["server", "reset-password", &addr, "--wait"], 0);
    assert_job_succeeded(&r);
    assert!(r["job"].is_object(), "{r}");
    assert!(r["password"].is_null(), "{r}");
    let (_, _, image) = catalog(&mut c, a);
    let r = c.run(
        &["server", "reinstall", &addr, "--image", &image, "--yes", "--wait"],
        0,
    );
    assert_job_succeeded(&r);
    let shown = c.run(&["server", "show", &addr], 0);
    assert_eq!(shown["image"], image.as_str(), "{shown}");
    let (grow, plan) = growable(&mut c, a);
    let slug = plan["id"].as_str().unwrap();
    let r = c.run(&["server", "resize", &grow, "--plan", slug, "--wait"], 0);
    assert_job_succeeded(&r);
    let shown = c.run(&["server", "show", &grow], 0);
    if !shown["plan"].is_null() {
        assert_eq!(shown["plan"], slug, "{shown}");
    }
    assert_eq!(shown["diskGb"], plan["diskGb"], "{shown}");
    assert_eq!(shown["memoryMb"], plan["memoryMb"], "{shown}");
    c.assert_no_secret("cloudero");
    drop(c);

    // LetsCloud resizes but does not reinstall.
    let mut c = Case::start(&["letscloud"], 1, 2);
    let lc = fleetdeck_provider_letscloud::capabilities().provider.to_string();
    let a = "letscloud-0";
    let addr = c.running_server(a);
    let (grow, plan) = growable(&mut c, a);
    let slug = plan["id"].as_str().unwrap();
    let r = c.run(&["server", "resize", &grow, "--plan", slug, "--wait"], 0);
    assert_job_succeeded(&r);
    let shown = c.run(&["server", "show", &grow], 0);
    if !shown["plan"].is_null() {
        assert_eq!(shown["plan"], slug, "{shown}");
    }
    assert_eq!(shown["diskGb"], plan["diskGb"], "{shown}");
    assert_eq!(shown["memoryMb"], plan["memoryMb"], "{shown}");
    c.unsupported(&["server", "reinstall", &addr, "--image", "ubuntu", "--yes"], &lc);
    // LetsCloud sets the password the user chooses: without one it is a usage error naming the
    // field; with --password-stdin it is sent, and never echoed back.
    let out = fleetdeck(c.dir.path())
        .args(["-o", "json", "server", "reset-password", &addr])
        .output()
        .unwrap();
    c.t.record(&out);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stdout(&out).contains("password"), "{}", stdout(&out));
    // LetsCloud requires the password (its SDKs always send one): the CLI says how to give it.
    assert!(stderr(&out).contains("--password-stdin"), "{}", stderr(&out));
    // An empty standard input is no password either: refused the same way, before any request.
    let out = fleetdeck(c.dir.path())
        .args(["server", "reset-password", &addr, "--password-stdin"])
        .write_stdin("\n")
        .output()
        .unwrap();
    c.t.record(&out);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let chosen = "Chosen-Pass-4711";
    let out = fleetdeck(c.dir.path())
        .args([
            "-o",
            "json",
            "server",
            "reset-password",
            &addr,
            "--password-stdin",
            "--wait",
        ])
        .write_stdin(chosen)
        .output()
        .unwrap();
    c.t.record(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stdout(&out).contains(chosen) && !stderr(&out).contains(chosen));
    c.assert_no_secret("letscloud");
    drop(c);

    // vz offers none of the three.
    let mut c = Case::start(&["vz"], 1, 2);
    let vz = fleetdeck_provider_lxd::capabilities_for(fleetdeck_core::LxdFlavour::Vz)
        .provider
        .to_string();
    let addr = c.running_server("vz-0");
    c.unsupported(&["server", "reset-password", &addr], &vz);
    c.unsupported(&["server", "reinstall", &addr, "--image", "debian", "--yes"], &vz);
    c.unsupported(&["server", "resize", &addr, "--plan", "big"], &vz);
    c.assert_no_secret("vz");
}

/// What `server create` needs on `account`: the catalog where the provider has one; vz/LXD has
/// none (it creates from an OS name) and ignores region and plan.
fn order_for(c: &mut Case, kind: &str, account: &str) -> (String, String, String) {
    if kind == "vz" {
        return ("local".into(), "default".into(), "debian".into());
    }
    catalog(c, account)
}

fn create_args<'a>(account: &'a str, name: &'a str, order: &'a (String, String, String)) -> Vec<&'a str> {
    vec![
        "server",
        "create",
        "--account",
        account,
        "--name",
        name,
        "--region",
        &order.0,
        "--plan",
        &order.1,
        "--image",
        &order.2,
    ]
}

/// `server create -o json` answers the new server with its id, as `doctl`/`hcloud` print the
/// created object: with `--wait` the server as `server show` prints it once the job has ended;
/// without, `{"server": {…, "id"}, "job": {…}}` — on every provider of the sandbox, including
/// LetsCloud (no id in its create answer: the id the create-then-match found) and Cloude.ro
/// (an event id only).
#[test]
fn server_create_answers_the_server_with_its_id_on_every_provider() {
    if !keyring_available() {
        return;
    }
    for kind in ["cloudzy", "cloudero", "letscloud", "vz"] {
        let mut c = Case::start(&[kind], 1, 1);
        let a = format!("{kind}-0");
        let order = order_for(&mut c, kind, &a);

        let mut args = create_args(&a, "cli-id-wait", &order);
        args.push("--wait");
        let shown = c.run(&args, 0);
        let id = shown["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{kind}: no id in {shown}"))
            .to_owned();
        assert_eq!(shown["name"], "cli-id-wait", "{kind}: {shown}");
        assert_eq!(shown["account"], a.as_str(), "{kind}: {shown}");
        assert!(shown["status"].is_string(), "{kind}: {shown}");
        assert!(shown["ipv4"].is_array(), "{kind}: {shown}");
        assert!(
            shown.get("jobs").is_none(),
            "{kind}: the server, not the job: {shown}"
        );
        let again = c.run(&["server", "show", &format!("{a}/{id}")], 0);
        assert_eq!(again["id"], id.as_str(), "{kind}");
        assert_eq!(again["name"], "cli-id-wait", "{kind}");

        let args = create_args(&a, "cli-id-nowait", &order);
        let answer = c.run(&args, 0);
        let server = &answer["server"];
        let id = server["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{kind}: no server id in {answer}"))
            .to_owned();
        assert_eq!(server["name"], "cli-id-nowait", "{kind}: {answer}");
        assert!(server["status"].is_string(), "{kind}: {answer}");
        assert!(answer["job"]["id"].is_string(), "{kind}: {answer}");
        assert_eq!(answer["job"]["target"], id.as_str(), "{kind}: {answer}");
        // The id is the provider's: the job ends on that very server.
        let job_id = answer["job"]["id"].as_str().unwrap().to_owned();
        let waited = c.run(&["job", "wait", &job_id], 0);
        assert_eq!(waited["status"], "succeeded", "{kind}: {waited}");
        let shown = c.run(&["server", "show", &format!("{a}/{id}")], 0);
        assert_eq!(shown["name"], "cli-id-nowait", "{kind}: {shown}");
        if kind != "letscloud" {
            assert!(answer.get("rootPassword").is_none(), "{kind}: {answer}");
        }
        c.assert_no_secret(kind);
    }
}

/// LetsCloud generates the root password of a server created without one: the create shows it
/// once (`rootPassword` in JSON, a line in the human output) and nothing keeps it — no file of
/// the data directory (account list, job log, cache), no later command.
#[test]
fn letscloud_root_password_is_shown_once_and_kept_nowhere() {
    if !keyring_available() {
        return;
    }
    let mut c = Case::start(&["letscloud"], 1, 1);
    let a = "letscloud-0";
    let order = order_for(&mut c, "letscloud", a);
    let answer = c.run(&create_args(a, "cli-pw-json", &order), 0);
    let password = answer["rootPassword"]
        .as_str()
        .unwrap_or_else(|| panic!("no rootPassword in {answer}"))
        .to_owned();
    assert!(password.len() >= 8, "{answer}");
    let id = answer["server"]["id"].as_str().unwrap().to_owned();

    let mut args = create_args(a, "cli-pw-wait", &order);
    args.push("--wait");
    let shown = c.run(&args, 0);
    let waited_password = shown["rootPassword"]
        .as_str()
        .unwrap_or_else(|| panic!("no rootPassword in {shown}"))
        .to_owned();

    // The human form: one line naming it.
    let out = fleetdeck(c.dir.path())
        .args(create_args(a, "cli-pw-text", &order))
        .output()
        .unwrap();
    c.t.record(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Root password (shown once, not kept): "),
        "{}",
        stdout(&out)
    );

    // Nothing shows it again, and no file holds it.
    let job_list = c.run(&["job", "list"], 0);
    let later = c.run(&["server", "show", &format!("{a}/{id}")], 0);
    let listing = c.run(&["server", "list", "--account", a], 0);
    for p in [&password, &waited_password] {
        for doc in [&job_list, &later, &listing] {
            assert!(!doc.to_string().contains(p.as_str()), "shown again: {doc}");
        }
        for f in files_under(c.dir.path()) {
            let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
            assert!(
                !text.contains(p.as_str()),
                "the root password is in {}",
                f.display()
            );
        }
    }
    c.assert_no_secret("letscloud");
}

/// `server reinstall` and `snapshot restore` overwrite a disk: without `--yes` they exit 2 before
/// any request reaches the provider. `resize` and `reset-password` say on stderr what they change
/// (server, account, the change) and, without a terminal, go ahead.
#[test]
fn overwriting_commands_need_yes_and_changes_are_announced() {
    if !keyring_available() {
        return;
    }
    let mut c = Case::start(&["cloudero"], 1, 2);
    let a = "cloudero-0";
    let addr = c.running_server(a);
    let id = addr.split('/').nth(1).unwrap().to_owned();
    let (_, _, image) = catalog(&mut c, a);
    let snap = c.run(&["snapshot", "create", &addr, "--name", "before", "--wait"], 0);
    let snaps = c.run(&["snapshot", "list", "--server", &addr], 0);
    let snap_id = snaps
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "before")
        .unwrap_or_else(|| panic!("{snap} {snaps}"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = c.sb.faults("cloudero").stats().requests;
    for args in [
        vec!["server", "reinstall", addr.as_str(), "--image", image.as_str()],
        vec![
            "snapshot",
            "restore",
            &format!("{a}/{snap_id}"),
            "--server",
            id.as_str(),
        ],
    ] {
        let out = fleetdeck(c.dir.path()).args(&args).output().unwrap();
        c.t.record(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("--yes"), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(
        c.sb.faults("cloudero").stats().requests,
        before,
        "a request reached the provider"
    );

    let (grow, plan) = growable(&mut c, a);
    let slug = plan["id"].as_str().unwrap();
    let out = fleetdeck(c.dir.path())
        .args(["-o", "json", "server", "resize", &grow, "--plan", slug])
        .output()
        .unwrap();
    c.t.record(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let first = err.lines().next().unwrap_or_default();
    assert!(
        first.contains(&grow)
            && first.contains("of account cloudero-0")
            && first.contains(&format!("to plan {slug}")),
        "{err}"
    );
    let out = fleetdeck(c.dir.path())
        // --wait: Cloude.ro refuses the reinstall below while the reset's event is still running,
        // which on a loaded machine it can be.
        .args(["-o", "json", "server", "reset-password", &addr, "--yes", "--wait"])
        .output()
        .unwrap();
    c.t.record(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let first = stderr(&out).lines().next().unwrap_or_default().to_owned();
    assert!(
        first.contains(&addr) && first.contains("of account cloudero-0") && first.contains("root password"),
        "{first}"
    );
    // With --yes, the reinstall runs and says what it overwrites.
    let out = fleetdeck(c.dir.path())
        .args([
            "-o",
            "json",
            "server",
            "reinstall",
            &addr,
            "--image",
            &image,
            "--yes",
        ])
        .output()
        .unwrap();
    c.t.record(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("disk is overwritten"), "{}", stderr(&out));
    c.assert_no_secret("cloudero");
}
