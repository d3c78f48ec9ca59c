//! The tray icon: how many jobs are running (tooltip and first menu line), show the window, quit.

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Wry};

/// The tray icon and the menu line that counts running jobs.
pub struct Tray {
    icon: TrayIcon,
    running_item: MenuItem<Wry>,
}

const SHOW_ID: &str = "show";
const QUIT_ID: &str = "quit";

/// "No jobs running" / "1 job running" / "3 jobs running".
pub fn running_text(running: usize) -> String {
    match running {
        0 => "No jobs running".into(),
        1 => "1 job running".into(),
        n => format!("{n} jobs running"),
    }
}

impl Tray {
    /// Build the tray icon. Fails where the desktop has no tray (the app then runs without one).
    pub fn build(app: &AppHandle) -> tauri::Result<Tray> {
        let running_item = MenuItem::with_id(app, "running", running_text(0), false, None::<&str>)?;
        let menu = Menu::with_items(
            app,
            &[
                &running_item,
                &PredefinedMenuItem::separator(app)?,
                &MenuItem::with_id(app, SHOW_ID, "Show Fleetdeck", true, None::<&str>)?,
                &MenuItem::with_id(app, QUIT_ID, "Quit", true, None::<&str>)?,
            ],
        )?;
        let mut builder = TrayIconBuilder::with_id("fleetdeck")
            .tooltip(format!("Fleetdeck — {}", running_text(0)))
            .menu(&menu)
            .on_menu_event(|app, event| match event.id().as_ref() {
                SHOW_ID => {
                    if let Some(window) = app.get_webview_window("main") {
                        let _ = window.unminimize();
                        let _ = window.show();
                        let _ = window.set_focus();
                    }
                }
                QUIT_ID => app.exit(0),
                _ => {}
            });
        if let Some(icon) = app.default_window_icon() {
            builder = builder.icon(icon.clone());
        }
        let icon = builder.build(app)?;
        Ok(Tray { icon, running_item })
    }

    /// Show the number of running jobs.
    pub fn show_running(&self, running: usize) {
        let text = running_text(running);
        if let Err(e) = self.running_item.set_text(&text) {
            tracing::debug!("tray menu not updated: {e}");
        }
        if let Err(e) = self.icon.set_tooltip(Some(format!("Fleetdeck — {text}"))) {
            tracing::debug!("tray tooltip not updated: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::running_text;

    #[test]
    fn running_text_counts_in_words() {
        assert_eq!(running_text(0), "No jobs running");
        assert_eq!(running_text(1), "1 job running");
        assert_eq!(running_text(4), "4 jobs running");
    }
}
