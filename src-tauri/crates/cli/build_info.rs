//! Build metadata shared by the build scripts of the `fleetdeck` CLI (src-tauri/crates/cli/build.rs,
//! for `fleetdeck --version`) and of the desktop app (src-tauri/build.rs, for its About dialog): sets
//! `FLEETDECK_COMMIT`, the short hash of the checked-out commit ("unknown" outside a git checkout,
//! e.g. a source archive), and `FLEETDECK_BUILD_DATE`, the UTC date of `SOURCE_DATE_EPOCH` when set
//! (reproducible builds) or of now, as YYYY-MM-DD. Both scripts include this file as a module next
//! to `build_date` (src-tauri/crates/cli/build_date.rs).

use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

/// Print the `cargo:` lines that set both variables and re-run the build script when HEAD moves or
/// `SOURCE_DATE_EPOCH` changes.
pub fn emit() -> Result<(), String> {
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");

    let commit = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=FLEETDECK_COMMIT={commit}");
    watch_git_head();

    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse::<i64>()
            .map_err(|e| format!("SOURCE_DATE_EPOCH={value:?} is not a number of seconds: {e}"))?,
        Err(_) => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|e| format!("the system clock is before 1970: {e}"))?
            .as_secs() as i64,
    };
    println!(
        "cargo:rustc-env=FLEETDECK_BUILD_DATE={}",
        crate::build_date::utc_date(secs)
    );
    Ok(())
}

/// The trimmed stdout of a successful git command run in the package's directory; `None` when git
/// is missing, fails (not a checkout) or prints nothing.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !text.is_empty()).then_some(text)
}

/// Re-run when HEAD moves (a commit, a checkout): watch HEAD, the branch it points to and
/// packed-refs. Only files that exist are named: cargo re-runs a build script on every build
/// when a watched path is missing.
fn watch_git_head() {
    let mut refs = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        refs.push(branch);
    }
    for name in refs {
        if let Some(path) = git(&["rev-parse", "--path-format=absolute", "--git-path", &name]) {
            if Path::new(&path).exists() {
                println!("cargo:rerun-if-changed={path}");
            }
        }
    }
}
