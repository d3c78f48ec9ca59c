//! `fleetdeck --version` (version, commit, build date from build.rs) and the one version of the
//! whole project: the workspace's Cargo.toml, the app package, package.json, ui/package.json and
//! package-lock.json must agree, and tauri.conf.json carries none (Tauri then takes the app
//! package's, see README "Releases").

use std::path::{Path, PathBuf};

use assert_cmd::Command;

#[path = "../build_date.rs"]
mod build_date;

fn repo_root() -> PathBuf {
    // src-tauri/crates/cli → the repository root.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

fn read(rel: &str) -> String {
    let path = repo_root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `version = "…"` line of a TOML table (`[package]`, `[workspace.package]`); `None` when the
/// table has none or takes it from the workspace.
fn toml_version(toml: &str, table: &str) -> Option<String> {
    let mut in_table = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_table = line == format!("[{table}]");
        } else if in_table {
            if let Some(value) = line.strip_prefix("version") {
                let value = value.trim_start().strip_prefix('=')?.trim();
                return value.strip_prefix('"')?.strip_suffix('"').map(str::to_owned);
            }
        }
    }
    None
}

fn json_version(doc: &serde_json::Value) -> Option<String> {
    doc.get("version").and_then(|v| v.as_str()).map(str::to_owned)
}

#[test]
fn version_shows_version_commit_and_build_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("fleetdeck")
        .unwrap()
        .env("FLEETDECK_DATA_DIR", dir.path())
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    let line = String::from_utf8(out.stdout).unwrap();
    let line = line.trim_end();
    // "fleetdeck 0.1.0 (commit 1a2b3c4, built 2026-12-03)"
    let rest = line
        .strip_prefix(&format!("fleetdeck {} (commit ", env!("CARGO_PKG_VERSION")))
        .unwrap_or_else(|| panic!("unexpected version line: {line:?}"));
    let (commit, rest) = rest.split_once(", built ").unwrap_or_else(|| panic!("{line:?}"));
    assert!(
        commit == "unknown" || (commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit())),
        "commit {commit:?} in {line:?}"
    );
    let date = rest.strip_suffix(')').unwrap_or_else(|| panic!("{line:?}"));
    let parts: Vec<&str> = date.split('-').collect();
    assert!(
        parts.len() == 3
            && [4, 2, 2]
                .iter()
                .zip(&parts)
                .all(|(n, p)| p.len() == *n && p.chars().all(|c| c.is_ascii_digit())),
        "date {date:?} in {line:?}"
    );
    assert!(date >= "2024-01-01", "build date {date:?} is not plausible");
    // A subcommand shows the same line (clap's propagate_version).
    let sub = Command::cargo_bin("fleetdeck")
        .unwrap()
        .env("FLEETDECK_DATA_DIR", dir.path())
        .args(["account", "--version"])
        .output()
        .unwrap();
    assert!(String::from_utf8(sub.stdout)
        .unwrap()
        .contains(&line["fleetdeck ".len()..]));
}

#[test]
fn build_date_is_the_utc_calendar_date() {
    assert_eq!(build_date::utc_date(0), "1970-01-01");
    assert_eq!(build_date::utc_date(86_399), "1970-01-01");
    assert_eq!(build_date::utc_date(86_400), "1970-01-02");
    assert_eq!(build_date::utc_date(-1), "1969-12-31");
    assert_eq!(build_date::utc_date(951_782_400), "2000-02-29"); // leap day of a 400-year leap
    assert_eq!(build_date::utc_date(1_709_164_800), "2024-02-29");
    assert_eq!(build_date::utc_date(1_735_689_599), "2024-12-31");
    assert_eq!(build_date::utc_date(4_107_542_400), "2100-03-01"); // 2100 is not a leap year
    assert_eq!(build_date::utc_date(1_796_256_000), "2026-12-03");
}

#[test]
fn one_version_everywhere() {
    let cargo = read("Cargo.toml");
    let workspace = toml_version(&cargo, "workspace.package").expect("[workspace.package] version");
    let mut found = vec![
        ("Cargo.toml [workspace.package]", Some(workspace.clone())),
        // A literal on purpose: the Tauri CLI cannot read `version.workspace = true` and then
        // silently skips its version checks (shared TOOLCHAIN notes, layout V2).
        ("Cargo.toml [package] (the app)", toml_version(&cargo, "package")),
        (
            "fleetdeck-cli (CARGO_PKG_VERSION)",
            Some(env!("CARGO_PKG_VERSION").to_owned()),
        ),
    ];
    for file in ["package.json", "ui/package.json"] {
        let doc: serde_json::Value = serde_json::from_str(&read(file)).unwrap();
        found.push((file, json_version(&doc)));
    }
    let lock: serde_json::Value = serde_json::from_str(&read("package-lock.json")).unwrap();
    found.push(("package-lock.json (root)", json_version(&lock)));
    found.push((
        "package-lock.json packages[\"\"]",
        json_version(&lock["packages"][""]),
    ));
    found.push((
        "package-lock.json packages[\"ui\"]",
        json_version(&lock["packages"]["ui"]),
    ));
    let wrong: Vec<String> = found
        .iter()
        .filter(|(_, v)| v.as_deref() != Some(workspace.as_str()))
        .map(|(what, v)| format!("{what}: {v:?}"))
        .collect();
    assert!(wrong.is_empty(), "versions differ from {workspace}: {wrong:#?}");

    let tauri: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    assert!(
        tauri.get("version").is_none(),
        "tauri.conf.json must not carry a version: Tauri takes the app package's"
    );
}
