//! `fleetdeck backup create` with LXD's options: the real binary sends `--instance-only`,
//! `--optimized-storage`, `--compression` and `--expires` to a mockito LXD under LXD's names, and
//! refuses an expiry that is not ahead (or not a time) with exit 2 before any request; on the vz
//! sandbox (no backups in the vz API) creation is `unsupported` (exit 6), options and all.

mod common;

use common::*;
use mockito::Matcher;

const TOKEN: &str = "lxd-bearer-token-0123456789";

fn lxd_root() -> String {
    serde_json::json!({"type": "sync", "status": "Success", "status_code": 200, "metadata": {
        "api_extensions": ["etag"], "api_version": "1.0", "auth": "trusted",
        "environment": {"server": "lxd", "server_name": "node1", "server_version": "5.0.2"}}})
    .to_string()
}

#[test]
fn backup_create_sends_lxds_options() {
    if !keyring_available() {
        return;
    }
    let mut server = mockito::Server::new();
    server
        .mock("GET", "/1.0")
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .with_body(lxd_root())
        .create();
    let create = server
        .mock("POST", "/1.0/instances/c1/backups")
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .match_body(Matcher::Json(serde_json::json!({
            "name": "weekly", "instance_only": true, "optimized_storage": true,
            "compression_algorithm": "xz", "expires_at": "2099-06-30T00:00:00Z"})))
        .with_status(202)
        .with_body(
            r#"{"type":"async","status":"Operation created","status_code":100,
                "operation":"/1.0/operations/op-1","metadata":{"id":"op-1","status":"Running","status_code":103}}"#,
        )
        .expect(1)
        .create();
    // A span is counted from now: only its presence and form are checked here.
    let spanned = server
        .mock("POST", "/1.0/instances/c2/backups")
        .match_body(Matcher::Regex(
            r#""expires_at":"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ""#.into(),
        ))
        .with_status(202)
        .with_body(
            r#"{"type":"async","status":"Operation created","status_code":100,
                "operation":"/1.0/operations/op-2","metadata":{"id":"op-2","status":"Running","status_code":103}}"#,
        )
        .expect(1)
        .create();
    let data = tempfile::tempdir().unwrap();
    let mut t = Transcript::default();
    let add = fleetdeck(data.path())
        .args(["account", "add", "lab", "--provider", "vz", "--endpoint"])
        .arg(server.url())
        .arg("--secret-stdin")
        .write_stdin(TOKEN)
        .output()
        .unwrap();
    t.record(&add);
    assert_eq!(add.status.code(), Some(0), "{}", stderr(&add));

    let ok = fleetdeck(data.path())
        .args(["-o", "json", "backup", "create", "lab/c1", "--name", "weekly"])
        .args(["--instance-only", "--optimized-storage", "--compression", "xz"])
        .args(["--expires", "2099-06-30"])
        .output()
        .unwrap();
    t.record(&ok);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert_eq!(json(&ok)["job"]["kind"], "backupCreate", "{}", json(&ok));
    create.assert();

    let span = fleetdeck(data.path())
        .args(["backup", "create", "lab/c2", "--expires", "7d"])
        .output()
        .unwrap();
    t.record(&span);
    assert_eq!(span.status.code(), Some(0), "{}", stderr(&span));
    spanned.assert();

    // Refused by the argument parser (exit 2): nothing more reaches the server.
    for bad in ["2001-01-01", "0d", "soon"] {
        let out = fleetdeck(data.path())
            .args(["backup", "create", "lab/c1", "--expires", bad])
            .output()
            .unwrap();
        t.record(&out);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).contains("--expires"), "{}", stderr(&out));
    }
    // A compression name LXD would run as a command line is refused before the request.
    let odd = fleetdeck(data.path())
        .args(["backup", "create", "lab/c1", "--compression", "gzip -9"])
        .output()
        .unwrap();
    t.record(&odd);
    assert_ne!(odd.status.code(), Some(0));
    assert!(stderr(&odd).contains("compression"), "{}", stderr(&odd));
    create.assert();
    assert!(!t.0.contains(TOKEN), "the bearer token was printed");
}

#[test]
fn the_vz_sandbox_refuses_backup_creation() {
    if !keyring_available() {
        return;
    }
    let sb = SandboxHost::start(&["vz"], 1, 2);
    let data = tempfile::tempdir().unwrap();
    let cred = sb.credentials["vz"][0].clone();
    let add = fleetdeck(data.path())
        .args(["account", "add", "vz-0", "--provider", "vz", "--endpoint"])
        .arg(sb.endpoint("vz"))
        .arg("--secret-stdin")
        .write_stdin(cred.secret.clone())
        .output()
        .unwrap();
    assert_eq!(add.status.code(), Some(0), "{}", stderr(&add));
    let out = fleetdeck(data.path())
        .args([
            "backup",
            "create",
            "vz-0/101",
            "--instance-only",
            "--expires",
            "1d",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
}
