//! The tray icon and its menu: how many jobs run and one line per running job (a click shows the
//! window and opens that job's server), an "Open" submenu of the app's views that the accounts
//! offer (a click shows the window and navigates to that view), show the window, pause
//! notifications, check for updates, quit. Also the decision what closing the window does: while a job runs the app stays in the tray
//! (and says so once), otherwise it quits.
//!
//! The menu is a pure model ([`menu_model`]) turned into Tauri menu items ([`Tray::show_jobs`]), so
//! what it lists is tested without a desktop.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tauri::menu::{CheckMenuItem, IsMenuItem, Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime, Wry};
use ts_rs::TS;

use fleetdeck_core::job::JobKind;

use crate::prefs::{self, PreferenceChanges};
use crate::shell_text::ShellText;

/// The app event asking the UI to open a server (a click on a running job of the tray menu).
pub const OPEN_SERVER_EVENT: &str = "fleet://open-server";
/// The app event asking the UI to check for updates and show the result ("Check for updates" of
/// the tray menu; the check itself is the `check_for_update` command).
pub const CHECK_FOR_UPDATES_EVENT: &str = "fleet://check-for-updates";

/// The app event asking the UI to open one of its views (a click in the tray's "Open" submenu).
pub const OPEN_VIEW_EVENT: &str = "fleet://open-view";

/// The app's views, by the names the UI's router table uses: `ViewId` in ui/src/app/nav/views.ts
/// is this type (generated `AppView.ts`), so a view the tray names is one the router has, and a
/// view added to one side without the other is a tsc error there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum AppView {
    Servers,
    Snapshots,
    Backups,
    Images,
    SshKeys,
    FloatingIps,
    Tags,
    Billing,
    Plans,
}

impl AppView {
    /// Every view, in the sidebar's order (ui/src/app/nav/views.ts `VIEWS`).
    pub const ALL: [AppView; 9] = [
        AppView::Servers,
        AppView::Snapshots,
        AppView::Backups,
        AppView::Images,
        AppView::SshKeys,
        AppView::FloatingIps,
        AppView::Tags,
        AppView::Billing,
        AppView::Plans,
    ];

    /// The wire name (`ssh-keys`), as serde writes it.
    pub fn id(self) -> &'static str {
        match self {
            AppView::Servers => "servers",
            AppView::Snapshots => "snapshots",
            AppView::Backups => "backups",
            AppView::Images => "images",
            AppView::SshKeys => "ssh-keys",
            AppView::FloatingIps => "floating-ips",
            AppView::Tags => "tags",
            AppView::Billing => "billing",
            AppView::Plans => "plans",
        }
    }

    /// The menu text, as the sidebar labels the view (the catalogue's `views.<id>`).
    pub fn label(self, text: &ShellText) -> String {
        text.text(&format!("views.{}", self.id()), &[])
    }
}

/// The payload of [`OPEN_VIEW_EVENT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenView {
    pub view: AppView,
}

/// The payload of [`OPEN_SERVER_EVENT`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenServer {
    /// `ACCOUNT/SERVER_ID`, as the UI's `openServer` takes it.
    pub address: String,
}

/// A job the tray lists while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningJob {
    pub id: String,
    pub kind: JobKind,
    /// The fleet's English description, said as is for a job of kind `other`.
    pub description: String,
    /// The name of the server or resource the job concerns, when known.
    pub target_name: Option<String>,
    /// `ACCOUNT/SERVER_ID` of the server the job concerns, when it names one.
    pub server: Option<String>,
}

/// At most this many running jobs get a line of their own; the rest are counted in one line.
pub const MAX_JOB_LINES: usize = 8;

/// One line of the tray menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrayEntry {
    /// A line that only informs (disabled).
    Note(String),
    /// A running job: its description; clicking opens its server (or only the window when it has none).
    Job {
        text: String,
        server: Option<String>,
    },
    /// The "Open" submenu: these views, in this order.
    OpenViews(Vec<AppView>),
    Separator,
    Show,
    /// A check item; checked while notifications are paused.
    PauseNotifications {
        paused: bool,
    },
    CheckForUpdates,
    Quit,
}

const SHOW_ID: &str = "show";
const QUIT_ID: &str = "quit";
const PAUSE_ID: &str = "pause-notifications";
const UPDATES_ID: &str = "check-for-updates";
/// Menu ids of job lines: this prefix and the server address (or nothing when the job has none).
const JOB_ID_PREFIX: &str = "job:";
/// Menu ids of the "Open" submenu's items: this prefix and the view's wire name.
const VIEW_ID_PREFIX: &str = "view:";
const OPEN_VIEWS_ID: &str = "open-views";

/// "No jobs running" / "1 job running" / "3 jobs running", in the shell's language.
pub fn running_text(text: &ShellText, running: usize) -> String {
    match running {
        0 => text.text("tray.noJobsRunning", &[]),
        n => text.count("tray.jobsRunning", n),
    }
}

/// What a job does, in the shell's language: its kind's action and the name of what it concerns
/// (`Create snapshot: web-1`); a job of kind `other` by the fleet's own description.
pub fn job_text(text: &ShellText, kind: JobKind, target_name: Option<&str>, description: &str) -> String {
    let kind_id = serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    if kind == JobKind::Other || kind_id.is_empty() {
        return description.to_owned();
    }
    let action = text.text(&format!("job.kind.{kind_id}"), &[]);
    match target_name.filter(|n| !n.is_empty()) {
        Some(target) => text.text("job.line", &[("action", &action), ("target", target)]),
        None => action,
    }
}

/// The tray menu for these running jobs (oldest first), the views the accounts offer and the
/// notification switch. No views (none reported yet): no "Open" submenu.
pub fn menu_model(
    text: &ShellText,
    running: &[RunningJob],
    views: &[AppView],
    paused: bool,
) -> Vec<TrayEntry> {
    let mut entries = vec![TrayEntry::Note(running_text(text, running.len()))];
    for job in running.iter().take(MAX_JOB_LINES) {
        entries.push(TrayEntry::Job {
            text: job_text(text, job.kind, job.target_name.as_deref(), &job.description),
            server: job.server.clone(),
        });
    }
    if running.len() > MAX_JOB_LINES {
        let more = (running.len() - MAX_JOB_LINES).to_string();
        entries.push(TrayEntry::Note(text.text("tray.andMore", &[("count", &more)])));
    }
    entries.push(TrayEntry::Separator);
    if !views.is_empty() {
        entries.push(TrayEntry::OpenViews(views.to_vec()));
    }
    entries.extend([
        TrayEntry::Show,
        TrayEntry::PauseNotifications { paused },
        TrayEntry::CheckForUpdates,
        TrayEntry::Separator,
        TrayEntry::Quit,
    ]);
    entries
}

/// What closing the main window does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseDecision {
    /// Close it: the app quits as the last window closes.
    Quit,
    /// Hide the window and keep running in the tray; `tell` once per run with an OS notification.
    HideToTray { tell: bool },
}

/// Closing while `running` jobs run hides the window to the tray when there is one (jobs are then
/// still followed and notified); without a tray, or with no job running, the window closes.
pub fn close_decision(running: usize, has_tray: bool, told_before: bool) -> CloseDecision {
    if running > 0 && has_tray {
        CloseDecision::HideToTray { tell: !told_before }
    } else {
        CloseDecision::Quit
    }
}

/// The one notice that the window went to the tray.
pub fn kept_running_text(text: &ShellText, running: usize) -> String {
    text.count("tray.keptRunning", running)
}

/// The shell's words in the language of the saved preference (English when none can be read).
pub fn shell_text(app: &AppHandle) -> ShellText {
    ShellText::for_choice(prefs::load(app).map(|p| p.language).unwrap_or_default())
}

/// What revealing a window needs of it (a trait so that the order and the error handling are
/// tested without a desktop).
pub trait WindowControl {
    fn unminimize(&self) -> tauri::Result<()>;
    fn show(&self) -> tauri::Result<()>;
    fn set_focus(&self) -> tauri::Result<()>;
}

impl<R: Runtime> WindowControl for tauri::WebviewWindow<R> {
    fn unminimize(&self) -> tauri::Result<()> {
        tauri::WebviewWindow::unminimize(self)
    }
    fn show(&self) -> tauri::Result<()> {
        tauri::WebviewWindow::show(self)
    }
    fn set_focus(&self) -> tauri::Result<()> {
        tauri::WebviewWindow::set_focus(self)
    }
}

/// Unminimize, show (it may be hidden in the tray) and focus `window`; a step that fails (a window
/// manager refusing focus) does not stop the next.
pub fn reveal(window: &impl WindowControl) {
    if let Err(e) = window.unminimize() {
        tracing::debug!("window not unminimized: {e}");
    }
    if let Err(e) = window.show() {
        tracing::warn!("window not shown: {e}");
    }
    if let Err(e) = window.set_focus() {
        tracing::debug!("window not focused: {e}");
    }
}

/// Show the main window (the tray's "Show", a job line, a second launch of the app).
pub fn reveal_main_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        reveal(&window);
    }
}

/// The tray icon, the running jobs it lists, and whether the user was told it keeps the app alive.
pub struct Tray {
    icon: TrayIcon,
    running: Mutex<Vec<RunningJob>>,
    /// The views the UI shows (its `shownViews`, reported by `set_tray_views`).
    views: Mutex<Vec<AppView>>,
    told_kept_running: AtomicBool,
}

impl Tray {
    /// Build the tray icon. Fails where the desktop has no tray (the app then runs without one).
    pub fn build(app: &AppHandle) -> tauri::Result<Tray> {
        let paused = prefs::load(app).map(|p| p.notifications_paused).unwrap_or(false);
        let text = shell_text(app);
        let menu = build_menu(app, &menu_model(&text, &[], &[], paused), &text)?;
        let mut builder = TrayIconBuilder::with_id("fleetdeck")
            .tooltip(format!("Fleetdeck — {}", running_text(&text, 0)))
            .menu(&menu)
            .on_menu_event(|app, event| on_menu_event(app, event.id().as_ref()));
        if let Some(icon) = app.default_window_icon() {
            builder = builder.icon(icon.clone());
        }
        let icon = builder.build(app)?;
        Ok(Tray {
            icon,
            running: Mutex::new(Vec::new()),
            views: Mutex::new(Vec::new()),
            told_kept_running: AtomicBool::new(false),
        })
    }

    /// List these running jobs (oldest first): the count in the tooltip, a line per job in the menu.
    pub fn show_jobs(&self, running: Vec<RunningJob>) {
        let count = running.len();
        {
            let mut listed = self.running.lock().unwrap_or_else(|p| p.into_inner());
            // Progress updates change nothing the menu shows: no rebuild for them.
            if *listed == running {
                return;
            }
            *listed = running;
        }
        self.rebuild_menu();
        self.show_count(count);
    }

    fn show_count(&self, count: usize) {
        let text = shell_text(self.icon.app_handle());
        if let Err(e) = self
            .icon
            .set_tooltip(Some(format!("Fleetdeck — {}", running_text(&text, count))))
        {
            tracing::debug!("tray tooltip not updated: {e}");
        }
    }

    /// Say everything again in the language now chosen (the language preference changed).
    pub fn relabel(&self) {
        self.rebuild_menu();
        let count = self.running.lock().unwrap_or_else(|p| p.into_inner()).len();
        self.show_count(count);
    }

    /// Offer these views in the "Open" submenu (the UI's shown views, in its order).
    pub fn show_views(&self, views: Vec<AppView>) {
        {
            let mut listed = self.views.lock().unwrap_or_else(|p| p.into_inner());
            if *listed == views {
                return;
            }
            *listed = views;
        }
        self.rebuild_menu();
    }

    /// Build the menu again (after a change of the jobs, the views or the notification switch).
    pub fn rebuild_menu(&self) {
        let app = self.icon.app_handle();
        let paused = prefs::load(app).map(|p| p.notifications_paused).unwrap_or(false);
        let running = self.running.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let views = self.views.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let text = shell_text(app);
        let model = menu_model(&text, &running, &views, paused);
        match build_menu(app, &model, &text) {
            Ok(menu) => {
                if let Err(e) = self.icon.set_menu(Some(menu)) {
                    tracing::debug!("tray menu not updated: {e}");
                }
            }
            Err(e) => tracing::debug!("tray menu not built: {e}"),
        }
    }

    /// What closing the main window does now; a hide to the tray counts as told.
    pub fn on_close_requested(&self) -> (CloseDecision, usize) {
        let running = self.running.lock().unwrap_or_else(|p| p.into_inner()).len();
        let told = self.told_kept_running.load(Ordering::SeqCst);
        let decision = close_decision(running, true, told);
        if matches!(decision, CloseDecision::HideToTray { .. }) {
            self.told_kept_running.store(true, Ordering::SeqCst);
        }
        (decision, running)
    }
}

fn build_menu(app: &AppHandle, model: &[TrayEntry], text: &ShellText) -> tauri::Result<Menu<Wry>> {
    let mut items: Vec<Box<dyn IsMenuItem<Wry>>> = Vec::with_capacity(model.len());
    for (i, entry) in model.iter().enumerate() {
        let item: Box<dyn IsMenuItem<Wry>> = match entry {
            TrayEntry::Note(text) => Box::new(MenuItem::with_id(
                app,
                format!("note:{i}"),
                text,
                false,
                None::<&str>,
            )?),
            TrayEntry::Job { text, server } => Box::new(MenuItem::with_id(
                app,
                // The index keeps ids unique when two jobs concern one server.
                format!("{JOB_ID_PREFIX}{i}:{}", server.as_deref().unwrap_or("")),
                text,
                true,
                None::<&str>,
            )?),
            TrayEntry::OpenViews(views) => {
                let mut view_items = Vec::with_capacity(views.len());
                for view in views {
                    view_items.push(MenuItem::with_id(
                        app,
                        view_menu_id(*view),
                        view.label(text),
                        true,
                        None::<&str>,
                    )?);
                }
                let refs: Vec<&dyn IsMenuItem<Wry>> =
                    view_items.iter().map(|m| m as &dyn IsMenuItem<Wry>).collect();
                Box::new(Submenu::with_id_and_items(
                    app,
                    OPEN_VIEWS_ID,
                    text.text("tray.open", &[]),
                    true,
                    &refs,
                )?)
            }
            TrayEntry::Separator => Box::new(PredefinedMenuItem::separator(app)?),
            TrayEntry::Show => Box::new(MenuItem::with_id(
                app,
                SHOW_ID,
                text.text("tray.show", &[]),
                true,
                None::<&str>,
            )?),
            TrayEntry::PauseNotifications { paused } => Box::new(CheckMenuItem::with_id(
                app,
                PAUSE_ID,
                text.text("tray.pauseNotifications", &[]),
                true,
                *paused,
                None::<&str>,
            )?),
            TrayEntry::CheckForUpdates => Box::new(MenuItem::with_id(
                app,
                UPDATES_ID,
                text.text("tray.checkForUpdates", &[]),
                true,
                None::<&str>,
            )?),
            TrayEntry::Quit => Box::new(MenuItem::with_id(
                app,
                QUIT_ID,
                text.text("tray.quit", &[]),
                true,
                None::<&str>,
            )?),
        };
        items.push(item);
    }
    let refs: Vec<&dyn IsMenuItem<Wry>> = items.iter().map(|b| b.as_ref()).collect();
    Menu::with_items(app, &refs)
}

/// The server address a job line's menu id names, if any.
pub fn server_of_menu_id(id: &str) -> Option<&str> {
    let rest = id.strip_prefix(JOB_ID_PREFIX)?;
    let (_, address) = rest.split_once(':')?;
    (!address.is_empty()).then_some(address)
}

/// The menu id of a view's item in the "Open" submenu.
pub fn view_menu_id(view: AppView) -> String {
    format!("{VIEW_ID_PREFIX}{}", view.id())
}

/// The view an "Open" item's menu id names, if any.
pub fn view_of_menu_id(id: &str) -> Option<AppView> {
    let name = id.strip_prefix(VIEW_ID_PREFIX)?;
    AppView::ALL.into_iter().find(|v| v.id() == name)
}

/// `set_tray_views`: the UI reports the views it shows (ui/src/app/nav/trayViews.tsx), and the
/// tray offers the same in its "Open" submenu. Without a tray there is nothing to do.
pub fn set_tray_views<R: Runtime>(app: &AppHandle<R>, views: Vec<AppView>) -> fleetdeck_core::Result<()> {
    if let Some(tray) = app.try_state::<std::sync::Arc<Tray>>() {
        tray.show_views(views);
    }
    Ok(())
}

fn on_menu_event(app: &AppHandle, id: &str) {
    match id {
        SHOW_ID => reveal_main_window(app),
        QUIT_ID => app.exit(0),
        PAUSE_ID => {
            let paused = prefs::load(app).map(|p| p.notifications_paused).unwrap_or(false);
            let changes = PreferenceChanges {
                notifications_paused: Some(!paused),
                ..PreferenceChanges::default()
            };
            if let Err(e) = prefs::update(app, changes) {
                tracing::warn!("{e}");
            }
            // The check mark follows the stored value (a failed save leaves it as it was).
            if let Some(tray) = app.try_state::<std::sync::Arc<Tray>>() {
                tray.rebuild_menu();
            }
        }
        UPDATES_ID => {
            reveal_main_window(app);
            if let Err(e) = app.emit(CHECK_FOR_UPDATES_EVENT, ()) {
                tracing::warn!("event not delivered to the window: {e}");
            }
        }
        other if other.starts_with(VIEW_ID_PREFIX) => {
            reveal_main_window(app);
            if let Some(view) = view_of_menu_id(other) {
                if let Err(e) = app.emit(OPEN_VIEW_EVENT, OpenView { view }) {
                    tracing::warn!("event not delivered to the window: {e}");
                }
            }
        }
        other if other.starts_with(JOB_ID_PREFIX) => {
            reveal_main_window(app);
            if let Some(address) = server_of_menu_id(other) {
                let payload = OpenServer {
                    address: address.to_owned(),
                };
                if let Err(e) = app.emit(OPEN_SERVER_EVENT, payload) {
                    tracing::warn!("event not delivered to the window: {e}");
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell_text::Language;

    fn job(n: usize, server: Option<&str>) -> RunningJob {
        RunningJob {
            id: format!("j{n}"),
            kind: JobKind::Reboot,
            description: format!("Reboot web-{n}"),
            target_name: Some(format!("web-{n}")),
            server: server.map(str::to_owned),
        }
    }

    fn english() -> ShellText {
        ShellText::new(Language::English)
    }

    /// Records the calls made of it; `unminimize` fails when `refuse` is set.
    struct RecordingWindow {
        calls: std::cell::RefCell<Vec<&'static str>>,
        refuse: bool,
    }

    impl WindowControl for RecordingWindow {
        fn unminimize(&self) -> tauri::Result<()> {
            self.calls.borrow_mut().push("unminimize");
            if self.refuse {
                return Err(tauri::Error::WindowNotFound);
            }
            Ok(())
        }
        fn show(&self) -> tauri::Result<()> {
            self.calls.borrow_mut().push("show");
            Ok(())
        }
        fn set_focus(&self) -> tauri::Result<()> {
            self.calls.borrow_mut().push("set_focus");
            Ok(())
        }
    }

    #[test]
    fn a_second_launch_unminimizes_shows_and_focuses_the_window_even_when_a_step_fails() {
        for refuse in [false, true] {
            let window = RecordingWindow {
                calls: Default::default(),
                refuse,
            };
            reveal(&window);
            assert_eq!(
                *window.calls.borrow(),
                ["unminimize", "show", "set_focus"],
                "refuse: {refuse}"
            );
        }
    }

    #[test]
    fn running_text_counts_in_words() {
        assert_eq!(running_text(&english(), 0), "No jobs running");
        assert_eq!(running_text(&english(), 1), "1 job running");
        assert_eq!(running_text(&english(), 4), "4 jobs running");
        let portuguese = ShellText::new(Language::BrazilianPortuguese);
        assert_eq!(running_text(&portuguese, 0), "Nenhuma tarefa em andamento");
        assert_eq!(running_text(&portuguese, 1), "1 tarefa em andamento");
    }

    #[test]
    fn a_job_line_says_its_action_and_target_in_the_language() {
        let portuguese = ShellText::new(Language::BrazilianPortuguese);
        assert_eq!(
            job_text(&english(), JobKind::SnapshotCreate, Some("web-1"), "x"),
            "Create snapshot: web-1"
        );
        assert_eq!(
            job_text(&portuguese, JobKind::SnapshotCreate, Some("web-1"), "x"),
            "Criar snapshot: web-1"
        );
        assert_eq!(job_text(&portuguese, JobKind::Reboot, None, "x"), "Reiniciar");
        // A job the catalogue has no word for is said by the fleet's description.
        assert_eq!(
            job_text(&portuguese, JobKind::Other, Some("web-1"), "Import web-1"),
            "Import web-1"
        );
    }

    #[test]
    fn every_job_kind_and_view_has_words_in_both_languages() {
        for language in [Language::English, Language::BrazilianPortuguese] {
            let text = ShellText::new(language);
            for view in AppView::ALL {
                let key = format!("views.{}", view.id());
                assert_ne!(view.label(&text), key, "{language:?} {key}");
            }
            // Every kind, as the generated binding lists them (the bindings check keeps it current).
            let binding = std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings/JobKind.ts"),
            )
            .unwrap();
            let kinds: Vec<&str> = binding
                .split("export type JobKind =")
                .nth(1)
                .unwrap()
                .split('"')
                .skip(1)
                .step_by(2)
                .collect();
            assert!(kinds.len() > 20, "{kinds:?}");
            for id in kinds {
                let kind: JobKind = serde_json::from_value(serde_json::json!(id)).unwrap();
                assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::json!(id));
                let key = format!("job.kind.{id}");
                assert_ne!(text.text(&key, &[]), key, "{language:?} {key}");
            }
        }
    }

    #[test]
    fn the_menu_lists_each_running_job_then_the_fixed_items() {
        let running = [job(1, Some("main/42")), job(2, None)];
        assert_eq!(
            menu_model(&english(), &running, &[], true),
            vec![
                TrayEntry::Note("2 jobs running".into()),
                TrayEntry::Job {
                    text: "Reboot: web-1".into(),
                    server: Some("main/42".into())
                },
                TrayEntry::Job {
                    text: "Reboot: web-2".into(),
                    server: None
                },
                TrayEntry::Separator,
                TrayEntry::Show,
                TrayEntry::PauseNotifications { paused: true },
                TrayEntry::CheckForUpdates,
                TrayEntry::Separator,
                TrayEntry::Quit,
            ]
        );
        let idle = menu_model(&english(), &[], &[], false);
        assert_eq!(idle[0], TrayEntry::Note("No jobs running".into()));
        assert!(!idle.iter().any(|e| matches!(e, TrayEntry::Job { .. })));
        assert!(idle.contains(&TrayEntry::PauseNotifications { paused: false }));
    }

    #[test]
    fn many_running_jobs_are_listed_up_to_a_limit_and_the_rest_counted() {
        let running: Vec<RunningJob> = (0..MAX_JOB_LINES + 3).map(|n| job(n, Some("a/1"))).collect();
        let model = menu_model(&english(), &running, &[], false);
        let lines = model
            .iter()
            .filter(|e| matches!(e, TrayEntry::Job { .. }))
            .count();
        assert_eq!(lines, MAX_JOB_LINES);
        assert!(model.contains(&TrayEntry::Note("and 3 more".into())));
    }

    #[test]
    fn the_open_submenu_lists_the_reported_views_in_their_order() {
        let views = [AppView::Servers, AppView::Backups, AppView::SshKeys];
        let model = menu_model(&english(), &[], &views, false);
        let open: Vec<_> = model
            .iter()
            .filter_map(|e| match e {
                TrayEntry::OpenViews(v) => Some(v.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(open, vec![views.to_vec()]);
        // It sits with the window's items, after the job lines' separator.
        let at = model.iter().position(|e| matches!(e, TrayEntry::OpenViews(_)));
        assert_eq!(model.get(at.map_or(0, |i| i + 1)), Some(&TrayEntry::Show));
    }

    #[test]
    fn each_view_menu_id_gives_back_its_view_and_nothing_else_does() {
        for view in AppView::ALL {
            assert_eq!(view_of_menu_id(&view_menu_id(view)), Some(view), "{view:?}");
        }
        assert_eq!(view_menu_id(AppView::SshKeys), "view:ssh-keys");
        assert_eq!(view_menu_id(AppView::FloatingIps), "view:floating-ips");
        for other in [
            "view:",
            "view:Servers",
            "view:ssh_keys",
            "servers",
            "job:0:view:servers",
            "show",
        ] {
            assert_eq!(view_of_menu_id(other), None, "{other}");
        }
    }

    #[test]
    fn view_ids_are_the_wire_names_and_match_the_ui_table() {
        for view in AppView::ALL {
            assert_eq!(serde_json::to_value(view).unwrap(), serde_json::json!(view.id()));
            let back: AppView = serde_json::from_value(serde_json::json!(view.id())).unwrap();
            assert_eq!(back, view);
        }
        // The UI's table of views (ui/src/app/nav/views.ts) has exactly these ids, in this order
        // (both sides take the labels from the catalogue's `views.<id>`).
        let table = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/app/nav/views.ts"),
        )
        .unwrap();
        let ui: Vec<String> = table
            .split("id: \"")
            .skip(1)
            .filter_map(|rest| Some(rest.split('"').next()?.to_owned()))
            .collect();
        let rust: Vec<String> = AppView::ALL.iter().map(|v| v.id().to_owned()).collect();
        assert_eq!(ui, rust);
    }

    #[test]
    fn a_job_line_id_gives_back_its_server_address() {
        assert_eq!(server_of_menu_id("job:0:main/42"), Some("main/42"));
        // The address is everything after the index, a colon in it included.
        assert_eq!(server_of_menu_id("job:3:lxd prod/web:1"), Some("lxd prod/web:1"));
        assert_eq!(server_of_menu_id("job:1:"), None);
        assert_eq!(server_of_menu_id("show"), None);
    }

    #[test]
    fn closing_hides_to_the_tray_only_while_a_job_runs_and_tells_once() {
        assert_eq!(close_decision(0, true, false), CloseDecision::Quit);
        assert_eq!(
            close_decision(2, true, false),
            CloseDecision::HideToTray { tell: true }
        );
        assert_eq!(
            close_decision(2, true, true),
            CloseDecision::HideToTray { tell: false }
        );
        // Without a tray there would be no way back to the window: it closes.
        assert_eq!(close_decision(2, false, false), CloseDecision::Quit);
        assert_eq!(
            kept_running_text(&english(), 3),
            "Fleetdeck keeps running in the tray while 3 jobs run"
        );
        assert_eq!(
            kept_running_text(&english(), 1),
            "Fleetdeck keeps running in the tray while 1 job runs"
        );
    }
}
