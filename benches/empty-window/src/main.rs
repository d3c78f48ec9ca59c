//! An empty Tauri 2 window (one static page, no command, no plugin): what the app is compared to.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("fleetdeck-empty-window: {e}");
        std::process::exit(1);
    }
}
