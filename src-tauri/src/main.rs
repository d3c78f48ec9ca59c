// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::ffi::OsStr;
use std::path::Path;
use std::process::ExitCode;

/// Whether this process was started under the CLI's name: the Linux packages install one binary,
/// `fleetdeck-desktop`, and `fleetdeck` as a link to it (src-tauri/packaging/linux/postinst), so that the
/// app and the CLI, which share most of their code, ship once.
fn invoked_as_cli(argv0: Option<&OsStr>) -> bool {
    argv0
        .and_then(|a| Path::new(a).file_stem())
        .is_some_and(|stem| stem == "fleetdeck")
}

fn main() -> ExitCode {
    if invoked_as_cli(std::env::args_os().next().as_deref()) {
        return fleetdeck_cli::main();
    }
    fleetdeck_desktop::run();
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::invoked_as_cli;
    use std::ffi::OsStr;

    #[test]
    fn the_cli_is_the_binary_named_fleetdeck() {
        for cli in ["fleetdeck", "/usr/bin/fleetdeck", "fleetdeck.exe", "./fleetdeck"] {
            assert!(invoked_as_cli(Some(OsStr::new(cli))), "{cli}");
        }
        for app in [
            "fleetdeck-desktop",
            "/usr/bin/fleetdeck-desktop",
            "Fleetdeck",
            "fleetdeckx",
            "",
        ] {
            assert!(!invoked_as_cli(Some(OsStr::new(app))), "{app}");
        }
        assert!(!invoked_as_cli(None));
    }
}
