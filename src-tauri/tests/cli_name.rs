//! The app's binary started under the name `fleetdeck` is the CLI: the Linux packages ship one
//! binary and link `fleetdeck` to it (src-tauri/packaging/linux).

use std::process::Command;

#[cfg(unix)]
#[test]
fn the_app_binary_linked_as_fleetdeck_runs_the_cli() {
    let dir = std::env::temp_dir().join(format!("fleetdeck-cli-name-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("fleetdeck");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_fleetdeck-desktop"), &link).unwrap();

    let version = Command::new(&link).arg("--version").output().unwrap();
    // An empty data directory: `account list` reads it and needs no keyring or window.
    let data = dir.join("data");
    let list = Command::new(&link)
        .args(["account", "list", "-o", "json"])
        .env("FLEETDECK_DATA_DIR", &data)
        .output()
        .unwrap();
    let usage = Command::new(&link).arg("no-such-command").output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();

    let text = String::from_utf8_lossy(&version.stdout);
    assert!(version.status.success(), "{version:?}");
    assert!(text.starts_with("fleetdeck "), "{text}");
    assert!(list.status.success(), "{list:?}");
    assert_eq!(String::from_utf8_lossy(&list.stdout).trim(), "[]");
    // clap's usage error: the CLI's exit code 2, not a window.
    assert_eq!(usage.status.code(), Some(2), "{usage:?}");
}
