//! Fleetdeck's desktop app: a thin Tauri host over [`fleetdeck_fleet::Fleet`] (docs/design-rules.md rule 1).
//! It wires the real store (data directory shared with the CLI, OS keyring) and the provider registry into a
//! fleet, exposes the fleet's methods as commands, forwards its events to the window, and adds what only a
//! desktop app has: a tray icon, OS notifications, and the UI's preference store.

// The one declaration of the IPC surface (a macro `surface` expands; build.rs reads it too).
#[macro_use]
mod command_list;

pub mod commands;
pub mod events;
pub mod info;
pub mod prefs;
pub mod surface;
pub mod tray;

use std::sync::Arc;

use tauri::{App, Manager, RunEvent};

use fleetdeck_fleet::sandbox::EmbeddedSandbox;
use fleetdeck_fleet::{Fleet, FleetConfig, Registry};
use fleetdeck_store::{DataDir, KeyringSecrets};

use crate::events::WindowEvents;
use crate::info::AppInfo;
use crate::tray::Tray;

/// Start the app; returns when the last window closes.
pub fn run() {
    #[cfg(target_os = "linux")]
    replace_c_locale();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,fleetdeck=info")),
        )
        .with_writer(std::io::stderr)
        .init();

    let app = tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            setup(app)?;
            Ok(())
        })
        .invoke_handler(surface::invoke_handler())
        .build(context());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            eprintln!("Fleetdeck could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|app, event| {
        if let RunEvent::Exit = event {
            // The simulators save their state (servers made in the sandbox survive a restart).
            let sandbox = app.state::<Arc<EmbeddedSandbox>>().inner().clone();
            if let Err(e) = tauri::async_runtime::block_on(sandbox.shutdown()) {
                tracing::warn!("{e}");
            }
        }
    });
}

/// The app's Tauri context: config, embedded UI, and the permissions build.rs resolved (the main
/// window's capabilities in src-tauri/capabilities, the app commands' permissions from
/// `command_list.rs`).
pub fn context() -> tauri::Context<tauri::Wry> {
    tauri::generate_context!()
}

/// Environment variable: when set to `1` and there is no account yet, the app adds the sandbox
/// accounts at start ("Try the sandbox" without the click; `scripts/run.sh` sets it).
pub const START_SANDBOX_ENV: &str = "FLEETDECK_START_SANDBOX";

/// WebKitGTK turns the C/POSIX locale (the default of servers, containers and CI) into the
/// language tag `C`, which is not valid BCP 47: every `Intl` constructor given `navigator.language`
/// then throws (the chart library does at load), leaving a blank window. Under that locale only,
/// ask for American English; any real locale of the user is left alone. Runs before any thread.
#[cfg(target_os = "linux")]
fn replace_c_locale() {
    let effective = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    if is_c_locale(effective.as_deref()) {
        std::env::remove_var("LC_ALL");
        std::env::remove_var("LC_MESSAGES");
        std::env::set_var("LANG", "en_US.UTF-8");
    }
}

/// Whether a locale name (`LC_ALL`/`LC_MESSAGES`/`LANG`, the first set) is C or POSIX (or unset).
pub fn is_c_locale(name: Option<&str>) -> bool {
    match name {
        None => true,
        Some(v) => {
            let base = v.split(['.', '@']).next().unwrap_or(v);
            base == "C" || base == "POSIX"
        }
    }
}

/// Build the fleet over the real store and the provider registry, and hand it to the commands.
fn setup(app: &mut App) -> Result<(), Box<dyn std::error::Error>> {
    let handle = app.handle().clone();
    // The CLI resolves the same directory (`$FLEETDECK_DATA_DIR`, else the platform data dir joined
    // with the app identifier), so both hosts share one account list and one cache (docs/design-rules.md rule
    // 12).
    let data = DataDir::resolve(None)?;
    let info = AppInfo {
        version: app.package_info().version.to_string(),
        data_dir: data.root().display().to_string(),
        keyring_service: fleetdeck_store::paths::keyring_service(),
    };

    let tray = match Tray::build(&handle) {
        Ok(tray) => Some(tray),
        Err(e) => {
            tracing::warn!("no tray icon: {e}");
            None
        }
    };
    let mut config = FleetConfig::new(data, Arc::new(KeyringSecrets::new()), Arc::new(Registry));
    config.events = Arc::new(WindowEvents::new(handle, tray));
    let fleet = Fleet::new(config);
    let sandbox = Arc::new(EmbeddedSandbox::new(fleet.clone()));

    // Before the window asks for accounts: sandbox accounts point at this run's simulator ports
    // (the simulators listen on ports the OS picks), and the demo start adds them when asked to.
    tauri::async_runtime::block_on(async {
        match sandbox.resume().await {
            Ok(0) => {}
            Ok(n) => tracing::info!("{n} sandbox account(s) re-pointed at the running simulators"),
            Err(e) => tracing::warn!("sandbox accounts not resumed: {e}"),
        }
        if std::env::var(START_SANDBOX_ENV).as_deref() == Ok("1") {
            match fleet.accounts().await {
                Ok(accounts) if accounts.is_empty() => match sandbox.try_sandbox().await {
                    Ok(added) => tracing::info!("{} sandbox account(s) added", added.added.len()),
                    Err(e) => tracing::warn!("sandbox accounts not added: {e}"),
                },
                Ok(_) => {}
                Err(e) => tracing::warn!("{e}"),
            }
        }
    });

    // Jobs a previous run left unfinished are followed again (they were persisted).
    let resuming = fleet.clone();
    tauri::async_runtime::spawn(async move {
        match resuming.resume_jobs() {
            Ok(0) => {}
            Ok(n) => tracing::info!("following {n} unfinished job(s) again"),
            Err(e) => tracing::warn!("unfinished jobs not resumed: {e}"),
        }
    });

    app.manage(fleet);
    app.manage(sandbox);
    app.manage(info);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::is_c_locale;
    use tauri::ipc::Origin;

    /// Whether the main window's web view may invoke `command`, asked of the same runtime authority
    /// (built from the capabilities and permissions build.rs resolved) that checks every IPC call.
    fn main_window_may_call(context: &mut tauri::Context<tauri::Wry>, command: &str) -> bool {
        context
            .runtime_authority_mut()
            .resolve_access(command, "main", "main", &Origin::Local)
            .is_some()
    }

    #[test]
    fn the_main_window_may_call_the_commands_declared_window_and_no_other() {
        let mut context = super::context();
        for command in super::surface::DECLARED {
            assert_eq!(
                main_window_may_call(&mut context, command.name),
                command.granted,
                "{} (src-tauri/src/command_list.rs)",
                command.name
            );
        }
        // Declared but not used by the UI: refused.
        assert!(!main_window_may_call(&mut context, "rename_snapshot"));
        assert!(!main_window_may_call(&mut context, "no_such_command"));
        // Another window (none exists today) gets nothing.
        assert!(context
            .runtime_authority_mut()
            .resolve_access("list_accounts", "other", "other", &Origin::Local)
            .is_none());
    }

    #[test]
    fn the_main_window_has_only_the_core_and_plugin_commands_the_ui_calls() {
        let mut context = super::context();
        for allowed in [
            "plugin:event|listen",
            "plugin:event|unlisten",
            "plugin:notification|is_permission_granted",
        ] {
            assert!(main_window_may_call(&mut context, allowed), "{allowed}");
        }
        for refused in [
            // The store plugin reads and writes JSON at any path (accounts.json included).
            "plugin:store|load",
            "plugin:store|get",
            "plugin:store|set",
            "plugin:store|save",
            "plugin:event|emit",
            "plugin:notification|notify",
            "plugin:notification|request_permission",
            "plugin:window|close",
            "plugin:window|set_title",
            "plugin:webview|create_webview_window",
            "plugin:path|resolve_directory",
            "plugin:app|version",
            "plugin:tray|new",
            "plugin:menu|new",
        ] {
            assert!(!main_window_may_call(&mut context, refused), "{refused}");
        }
    }

    #[test]
    fn c_and_posix_locales_are_recognised_and_real_ones_left_alone() {
        for c in [None, Some("C"), Some("C.UTF-8"), Some("C.utf8"), Some("POSIX")] {
            assert!(is_c_locale(c), "{c:?}");
        }
        for real in ["en_US.UTF-8", "de_DE@euro", "ro_RO.UTF-8", "Ca_ES"] {
            assert!(!is_c_locale(Some(real)), "{real}");
        }
    }
}
