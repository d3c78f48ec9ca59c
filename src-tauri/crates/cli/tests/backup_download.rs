//! `fleetdeck backup download`: the real binary saves an LXD backup's export to the file given,
//! with progress on stderr, refuses an existing file without `--force`, and leaves no file when
//! the export fails; on the vz sandbox (no backups in the vz API) it is `unsupported` (exit 6).
//! The LXD server is a mockito one in this process (the sandbox simulates only the vz flavour);
//! the real daemon's export is checked in provider-lxd/tests/real_lxd.rs.

mod common;

use common::*;

const TOKEN: &str = "lxd-bearer-token-0123456789";

fn lxd_root() -> String {
    serde_json::json!({"type": "sync", "status": "Success", "status_code": 200, "metadata": {
        "api_extensions": ["etag"], "api_version": "1.0", "auth": "trusted",
        "environment": {"server": "lxd", "server_name": "node1", "server_version": "5.0.2"}}})
    .to_string()
}

fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn download_an_lxd_backup_to_a_file() {
    if !keyring_available() {
        return;
    }
    let mut server = mockito::Server::new();
    server
        .mock("GET", "/1.0")
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .with_body(lxd_root())
        .create();
    let body: Vec<u8> = [0x1f, 0x8b]
        .into_iter()
        .chain((0..300_000u32).map(|i| (i % 253) as u8))
        .collect();
    let export = server
        .mock("GET", "/1.0/instances/c1/backups/b1/export")
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .with_body(&body)
        .expect(2)
        .create();
    server
        .mock("GET", "/1.0/instances/c1/backups/gone/export")
        .with_status(404)
        .with_body(r#"{"type":"error","error":"Backup not found","error_code":404,"metadata":{}}"#)
        .create();
    let data = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
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

    let file = out_dir.path().join("c1-b1.tar.gz");
    let run = |extra: &[&str], backup: &str| {
        fleetdeck(data.path())
            .args(["-o", "json", "backup", "download", backup, "--file"])
            .arg(&file)
            .args(extra)
            .output()
            .unwrap()
    };
    let ok = run(&[], "lab/c1/b1");
    t.record(&ok);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert_eq!(std::fs::read(&file).unwrap(), body);
    let answer = json(&ok);
    assert_eq!(answer["job"]["status"], "succeeded", "{answer}");
    assert_eq!(answer["job"]["kind"], "backupDownload", "{answer}");
    assert!(stderr(&ok).contains("%: "), "progress on stderr: {}", stderr(&ok));

    // The file exists: refused (conflict, exit 1 family) without --force, replaced with it.
    let again = run(&[], "lab/c1/b1");
    t.record(&again);
    assert_ne!(again.status.code(), Some(0));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
    let forced = run(&["--force"], "lab/c1/b1");
    t.record(&forced);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    export.assert();

    // A failed export: not found (exit 5), no file under the name, nothing left beside it.
    std::fs::remove_file(&file).unwrap();
    let gone = run(&[], "lab/c1/gone");
    t.record(&gone);
    assert_eq!(gone.status.code(), Some(5), "{}", stderr(&gone));
    assert!(
        names_in(out_dir.path()).is_empty(),
        "{:?}",
        names_in(out_dir.path())
    );
    assert!(!t.0.contains(TOKEN), "the bearer token was printed");
}

#[test]
fn the_vz_sandbox_has_no_backup_download() {
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
    let out_dir = tempfile::tempdir().unwrap();
    let out = fleetdeck(data.path())
        .args(["backup", "download", "vz-0/101/b1", "--file"])
        .arg(out_dir.path().join("x.tar.gz"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(names_in(out_dir.path()).is_empty());
}
