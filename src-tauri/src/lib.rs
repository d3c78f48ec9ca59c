//! Fleetdeck's desktop app: a thin Tauri host over [`fleetdeck_fleet::Fleet`] (docs/design-rules.md rule 1).
//! It wires the real store (data directory shared with the CLI, OS keyring) and the provider registry into a
//! fleet, exposes the fleet's methods as commands, forwards its events to the window, and adds what only a
//! desktop app has: one instance, a tray icon, OS notifications, the UI's preference store, the
//! window's remembered size and position, and signed updates (src-tauri/src/updates.rs).

// The one declaration of the IPC surface (a macro `surface` expands; build.rs reads it too).
#[macro_use]
mod command_list;

pub mod commands;
pub mod events;
pub mod file_dialogs;
pub mod help_links;
pub mod info;
pub mod invoice_files;
pub mod memory;
pub mod prefs;
pub mod shell_text;
pub mod startup;
pub mod surface;
pub mod tray;
pub mod updates;

use std::sync::Arc;

use tauri::{App, AppHandle, Emitter, Manager, RunEvent, Window, WindowEvent};
use tauri_plugin_notification::NotificationExt;
use tauri_plugin_window_state::StateFlags;

use fleetdeck_fleet::sandbox::EmbeddedSandbox;
use fleetdeck_fleet::{Fleet, FleetConfig, Registry};
use fleetdeck_store::{DataDir, KeyringSecrets};

use crate::events::WindowEvents;
use crate::info::AppInfo;
use crate::tray::{CloseDecision, Tray};
use crate::updates::PendingUpdate;

/// Start the app; returns when the last window closes.
pub fn run() {
    // The start trace's origin (src-tauri/src/startup.rs): first, before anything else takes time.
    let trace = startup::trace();
    memory::limit_arenas();
    #[cfg(target_os = "linux")]
    replace_c_locale();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,fleetdeck=info")),
        )
        .with_writer(std::io::stderr)
        .init();

    let context = context();
    let instance_id = single_instance_id(
        &context.config().identifier,
        std::env::var(fleetdeck_store::paths::DATA_DIR_ENV)
            .ok()
            .as_deref(),
        cfg!(debug_assertions),
    );
    #[cfg(not(target_os = "linux"))]
    let _ = &instance_id;
    let single_instance = tauri_plugin_single_instance::Builder::new()
        .callback(|app, _args, _cwd| tray::reveal_main_window(app));
    #[cfg(target_os = "linux")]
    let single_instance = single_instance.dbus_id(instance_id);
    let app = tauri::Builder::default()
        // First: a second launch hands over to the running app (which shows its window) and exits
        // before anything of it starts.
        .plugin(single_instance.build())
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(WINDOW_STATE)
                .build(),
        )
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            startup::trace().step("setup begin", "setup end", || setup(app))?;
            Ok(())
        })
        .on_window_event(on_window_event)
        .invoke_handler({
            let commands = surface::invoke_handler();
            move |invoke| {
                startup::trace().first(startup::FIRST_COMMAND, invoke.message.command());
                commands(invoke)
            }
        })
        .build(context);
    trace.mark("app built");
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

/// What the window-state plugin remembers of the main window: size, position and maximized, never
/// visibility or decorations (a window saved hidden in the tray must not start hidden).
pub const WINDOW_STATE: StateFlags = StateFlags::SIZE
    .union(StateFlags::POSITION)
    .union(StateFlags::MAXIMIZED);

/// The name a second launch finds the running app by (on Linux its D-Bus name, before the plugin's
/// `.SingleInstance`): the app identifier; `.dev` for debug builds, which keep their own keyring
/// service too (fleetdeck_store::paths::keyring_service); and a tag of `FLEETDECK_DATA_DIR` when it
/// is set: one instance per data directory, so that test runs and a developer's app with their own
/// directories do not hand over to each other.
pub fn single_instance_id(identifier: &str, data_dir_override: Option<&str>, debug: bool) -> String {
    let mut id = identifier.to_owned();
    if debug {
        id.push_str(".dev");
    }
    if let Some(dir) = data_dir_override.filter(|d| !d.is_empty()) {
        // FNV-1a: stable across builds and Rust versions (the std hasher is not), so both launches
        // of one build and of two builds compute the same tag. A D-Bus name element may not start
        // with a digit: `d` first.
        let hash = dir.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        id.push_str(&format!(".d{hash:016x}"));
    }
    id
}

/// Closing the main window while jobs run hides it to the tray (and says so once); otherwise it
/// closes and the app quits as before (src-tauri/src/tray.rs `close_decision`).
fn on_window_event(window: &Window, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    if window.label() != "main" {
        return;
    }
    let Some(tray) = window.try_state::<Arc<Tray>>() else {
        return;
    };
    let (decision, running) = tray.on_close_requested();
    if let CloseDecision::HideToTray { tell } = decision {
        api.prevent_close();
        if let Err(e) = window.hide() {
            tracing::warn!("window not hidden: {e}");
        }
        if tell {
            let shown = window
                .notification()
                .builder()
                .title("Fleetdeck")
                .body(tray::kept_running_text(
                    &tray::shell_text(window.app_handle()),
                    running,
                ))
                .show();
            if let Err(e) = shown {
                tracing::debug!("notification not shown: {e}");
            }
        }
    }
}

/// The automatic check for updates at start, in release builds (a debug build has no release to
/// compare with) and only when the preference allows it; an update found is offered to the window
/// as [`updates::UPDATE_AVAILABLE_EVENT`], whose dialog asks before anything is installed.
fn check_for_updates_at_start(app: &AppHandle) {
    if cfg!(debug_assertions) {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let prefs = match prefs::load(&app) {
            Ok(prefs) => prefs,
            Err(e) => {
                tracing::warn!("no update check: {e}");
                return;
            }
        };
        match updates::check_at_start(&app, &prefs, None).await {
            Ok(Some(offer)) => {
                if let Err(e) = app.emit(updates::UPDATE_AVAILABLE_EVENT, offer) {
                    tracing::warn!("event not delivered to the window: {e}");
                }
            }
            Ok(None) => {}
            Err(e) => tracing::info!("update check: {e}"),
        }
    });
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

/// How long the embedded sandbox's resume waits for the window's first cached listing before it
/// starts anyway (a window that opens on another view never asks for it).
const SANDBOX_RESUME_AT_LATEST: std::time::Duration = std::time::Duration::from_secs(2);

/// Build the fleet over the real store and the provider registry, and hand it to the commands.
/// Only what the first paint needs runs here, before the window loads: the rest (the embedded
/// sandbox's resume, unfinished jobs, the update check) is spawned. Each step is traced
/// (src-tauri/src/startup.rs).
fn setup(app: &mut App) -> Result<(), Box<dyn std::error::Error>> {
    let trace = startup::trace();
    let handle = app.handle().clone();
    // The CLI resolves the same directory (`$FLEETDECK_DATA_DIR`, else the platform data dir joined
    // with the app identifier), so both hosts share one account list and one cache (docs/design-rules.md rule
    // 12).
    let data = trace.step("data dir begin", "data dir end", || DataDir::resolve(None))?;
    let info = AppInfo::new(
        app.package_info().version.to_string(),
        data.root().display().to_string(),
        fleetdeck_store::paths::keyring_service(),
    );

    let tray = trace.step("tray begin", "tray end", || match Tray::build(&handle) {
        Ok(tray) => Some(Arc::new(tray)),
        Err(e) => {
            tracing::warn!("no tray icon: {e}");
            None
        }
    });
    if let Some(tray) = &tray {
        app.manage(tray.clone());
    }
    app.manage(PendingUpdate::default());
    // The keyring is opened on its first use (KeyringSecrets is lazy), never here: the cached
    // listing of the first paint needs no secret.
    let (fleet, sandbox) = trace.step("fleet begin", "fleet end", || {
        let mut config = FleetConfig::new(data, Arc::new(KeyringSecrets::new()), Arc::new(Registry));
        config.events = Arc::new(WindowEvents::new(handle.clone(), tray));
        let fleet = Fleet::new(config);
        let sandbox = Arc::new(EmbeddedSandbox::new(fleet.clone()));
        (fleet, sandbox)
    });

    // The demo start ("Try the sandbox" without the click, scripts/run.sh) adds the sandbox
    // accounts before the window asks for accounts, when there is none: a first start with
    // nothing in the cache to paint, and only when asked for.
    if std::env::var(START_SANDBOX_ENV).as_deref() == Ok("1") {
        trace.step("demo sandbox begin", "demo sandbox end", || {
            tauri::async_runtime::block_on(async {
                match fleet.accounts().await {
                    Ok(accounts) if accounts.is_empty() => match sandbox.try_sandbox().await {
                        Ok(added) => tracing::info!("{} sandbox account(s) added", added.added.len()),
                        Err(e) => tracing::warn!("sandbox accounts not added: {e}"),
                    },
                    Ok(_) => {}
                    Err(e) => tracing::warn!("{e}"),
                }
            })
        });
    }

    // Sandbox accounts point at this run's simulator ports (the simulators listen on ports the OS
    // picks). Starting the simulators is not needed for the first paint (which the cache answers),
    // so it runs after the first cached listing left; until it ends, a provider call of a sandbox
    // account waits (fleet/src/sandbox.rs `SandboxReadiness`), never reaching the previous ports.
    // The readiness gate closes now, before the window can ask for anything.
    let resume = sandbox.begin_resume();
    tauri::async_runtime::spawn(async move {
        trace.first_listing_sent(SANDBOX_RESUME_AT_LATEST).await;
        trace.mark("sandbox resume begin");
        match resume.await {
            Ok(0) => {}
            Ok(n) => tracing::info!("{n} sandbox account(s) re-pointed at the running simulators"),
            Err(e) => tracing::warn!("sandbox accounts not resumed: {e}"),
        }
        trace.mark("sandbox resume end");
    });

    // Jobs a previous run left unfinished are followed again (they were persisted).
    let resuming = fleet.clone();
    tauri::async_runtime::spawn(async move {
        trace.mark("jobs resume begin");
        match resuming.resume_jobs() {
            Ok(0) => {}
            Ok(n) => tracing::info!("following {n} unfinished job(s) again"),
            Err(e) => tracing::warn!("unfinished jobs not resumed: {e}"),
        }
        trace.mark("jobs resume end");
    });

    app.manage(fleet);
    app.manage(sandbox);
    app.manage(info);
    check_for_updates_at_start(&handle);
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
        assert!(!main_window_may_call(&mut context, "check_account"));
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
            // Opening a URL or a path: Rust opens invoice links itself (invoice_files.rs).
            "plugin:opener|open_url",
            "plugin:opener|open_path",
            "plugin:opener|reveal_item_in_dir",
        ] {
            assert!(!main_window_may_call(&mut context, refused), "{refused}");
        }
    }

    #[test]
    fn one_instance_per_build_kind_and_data_directory() {
        use super::single_instance_id;
        let id = "io.fleetdeck.desktop";
        assert_eq!(single_instance_id(id, None, false), id);
        assert_eq!(single_instance_id(id, Some(""), false), id);
        assert_eq!(single_instance_id(id, None, true), "io.fleetdeck.desktop.dev");
        let a = single_instance_id(id, Some("/tmp/run-a/data"), true);
        let b = single_instance_id(id, Some("/tmp/run-b/data"), true);
        assert_ne!(a, b);
        assert_eq!(a, single_instance_id(id, Some("/tmp/run-a/data"), true), "stable");
        // A valid D-Bus name: elements of [A-Za-z0-9_-], none starting with a digit, at most 255 bytes.
        assert!(a.len() <= 255);
        for element in a.split('.') {
            assert!(
                !element.is_empty() && !element.starts_with(|c: char| c.is_ascii_digit()),
                "{a}"
            );
            assert!(
                element
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
                "{a}"
            );
        }
    }

    #[test]
    fn the_window_state_never_restores_visibility() {
        use tauri_plugin_window_state::StateFlags;
        assert!(super::WINDOW_STATE.contains(StateFlags::SIZE | StateFlags::POSITION));
        assert!(!super::WINDOW_STATE
            .intersects(StateFlags::VISIBLE | StateFlags::DECORATIONS | StateFlags::FULLSCREEN));
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
