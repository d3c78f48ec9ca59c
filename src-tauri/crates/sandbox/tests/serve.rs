//! The `fleetdeck-sandbox serve` binary: the lines it prints, that it serves them, that Ctrl-C
//! (SIGINT) stops it cleanly and saves the state file, and that a bad scale is refused.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_fleetdeck-sandbox");

/// Kills the child if a test fails half-way.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The `<kind> <url>` lines up to the blank line, and the credential lines after it (up to the
/// last provider's, vz). A thread keeps draining stdout so the child never writes to a closed pipe.
fn read_banner(child: &mut Child) -> (Vec<(String, String)>, Vec<String>) {
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                // the test is done reading; keep draining
                continue;
            }
        }
    });
    let next = || {
        rx.recv_timeout(Duration::from_secs(30))
            .expect("serve printed its banner")
    };
    let mut endpoints = Vec::new();
    loop {
        let line = next();
        if line.is_empty() {
            break;
        }
        let (kind, url) = line.split_once(' ').unwrap();
        endpoints.push((kind.to_owned(), url.to_owned()));
    }
    let mut creds = Vec::new();
    loop {
        let line = next();
        if line.starts_with('#') {
            continue;
        }
        let last = line.starts_with("vz ");
        creds.push(line);
        if last {
            break;
        }
    }
    (endpoints, creds)
}

#[tokio::test]
async fn serve_prints_its_endpoints_serves_them_and_saves_on_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let child = Command::new(BIN)
        .args([
            "serve",
            "--accounts",
            "1",
            "--servers",
            "3",
            "--action-delay-ms",
            "100",
            "--state",
        ])
        .arg(&state)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut child = Running(child);
    let (endpoints, creds) = read_banner(&mut child.0);
    let kinds: Vec<&str> = endpoints.iter().map(|(k, _)| k.as_str()).collect();
    for kind in ["letscloud", "cloudero", "cloudzy", "vz", "admin"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    assert!(endpoints.iter().all(|(_, u)| u.starts_with("http://127.0.0.1:")));
    assert!(
        creds
            .iter()
            .any(|c| c.starts_with("cloudero cloudero-acme user=ops@acme.example password=")),
        "{creds:?}"
    );

    let url = |kind: &str| endpoints.iter().find(|(k, _)| k == kind).unwrap().1.clone();
    let r = reqwest::get(format!("{}/v1/region/list", url("cloudero")))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let info: serde_json::Value = reqwest::get(format!("{}/1.0", url("vz")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["metadata"]["environment"]["server"], "vz");
    let admin: serde_json::Value = reqwest::get(format!("{}/admin", url("admin")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(admin["endpoints"]["cloudero"], url("cloudero"));

    // Ctrl-C: a clean exit that writes the state file
    let pid = child.0.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let mut waited = Duration::ZERO;
    let status = loop {
        if let Some(s) = child.0.try_wait().unwrap() {
            break s;
        }
        assert!(waited < Duration::from_secs(15), "serve did not stop on SIGINT");
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += Duration::from_millis(100);
    };
    assert!(status.success(), "{status:?}");
    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(saved["version"], 1);
    assert!(saved["providers"]["cloudero"]["accounts"].is_array());
}

#[test]
fn a_scale_beyond_ten_thousand_servers_is_refused() {
    let out = Command::new(BIN)
        .args([
            "serve",
            "--accounts",
            "3",
            "--servers",
            "5000",
            "--port-base",
            "1",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("10000"), "{err}");
}
