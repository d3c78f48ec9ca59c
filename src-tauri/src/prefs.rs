//! The UI's and the app's own preferences (theme, sidebar width, hidden columns, the view last open,
//! automatic update checks, paused notifications): a typed record the window reads
//! and changes through two commands (`preferences`, `update_preferences`), kept by Rust with
//! tauri-plugin-store in one fixed file of the data directory the fleet uses (docs/design-rules.md
//! rule 5).
//!
//! The web view has no store permission of its own: the plugin's commands would let it read and
//! write JSON at any path, the account list included (src-tauri/capabilities/default.json).

use serde::{Deserialize, Serialize};
use serde_json::Value as JsonValue;
use tauri::{AppHandle, Manager};
use tauri_plugin_store::StoreExt;
use ts_rs::TS;

use fleetdeck_core::{Error, Result};

/// The preferences file, in the app's data directory (the name the UI's store used before, so the
/// choices made then are kept).
pub const PREFS_FILE: &str = "prefs.json";

/// Sidebar widths the UI may keep, in px.
pub const SIDEBAR_WIDTHS: std::ops::RangeInclusive<u32> = 120..=1200;
/// At most this many hidden columns, each named in at most [`MAX_COLUMN_NAME`] bytes.
pub const MAX_HIDDEN_COLUMNS: usize = 64;
pub const MAX_COLUMN_NAME: usize = 64;
/// The longest view name the UI may keep as [`Preferences::last_view`], in bytes.
pub const MAX_VIEW_NAME: usize = 256;

/// Light or dark; `system` follows the OS setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// The UI's language: `system` follows the OS; the others are the message catalogue's languages
/// (ui/src/i18n/locales). The tray and the OS notifications follow it too (crate::shell_text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum LanguageChoice {
    #[default]
    #[serde(rename = "system")]
    System,
    #[serde(rename = "en")]
    English,
    #[serde(rename = "pt-BR")]
    BrazilianPortuguese,
}

/// The UI's preferences, every one present (a missing or unreadable stored value is its default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Preferences {
    pub theme: Theme,
    /// Width of the accounts sidebar in px.
    pub sidebar_width: u32,
    /// Server-table columns hidden by the user.
    pub hidden_columns: Vec<String>,
    /// The view open when the window last closed (the UI's router names it; empty: the default view).
    pub last_view: String,
    /// Ask the release's update address for a newer version at start (src-tauri/src/updates.rs).
    /// Off: no request at all.
    pub check_for_updates: bool,
    /// Ended jobs raise no OS notification while set (the tray's "Pause notifications").
    pub notifications_paused: bool,
    /// The language of the UI, the tray and the notifications.
    pub language: LanguageChoice,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            theme: Theme::System,
            sidebar_width: 240,
            hidden_columns: Vec::new(),
            last_view: String::new(),
            check_for_updates: true,
            notifications_paused: false,
            language: LanguageChoice::System,
        }
    }
}

/// The preferences to change; an absent field keeps its value. Unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct PreferenceChanges {
    #[ts(optional)]
    pub theme: Option<Theme>,
    #[ts(optional)]
    pub sidebar_width: Option<u32>,
    #[ts(optional)]
    pub hidden_columns: Option<Vec<String>>,
    #[ts(optional)]
    pub last_view: Option<String>,
    #[ts(optional)]
    pub check_for_updates: Option<bool>,
    #[ts(optional)]
    pub notifications_paused: Option<bool>,
    #[ts(optional)]
    pub language: Option<LanguageChoice>,
}

const THEME: &str = "theme";
const SIDEBAR_WIDTH: &str = "sidebarWidth";
const HIDDEN_COLUMNS: &str = "hiddenColumns";
const LAST_VIEW: &str = "lastView";
const CHECK_FOR_UPDATES: &str = "checkForUpdates";
const NOTIFICATIONS_PAUSED: &str = "notificationsPaused";
const LANGUAGE: &str = "language";

impl Preferences {
    /// The preferences from the stored values by key; each value that is missing or not of its
    /// type (a hand-edited file, an older version) is its default, the others are kept.
    pub fn from_stored(stored: impl Fn(&str) -> Option<JsonValue>) -> Preferences {
        fn read<T: serde::de::DeserializeOwned>(value: Option<JsonValue>, default: T) -> T {
            value
                .and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or(default)
        }
        let defaults = Preferences::default();
        Preferences {
            theme: read(stored(THEME), defaults.theme),
            sidebar_width: read(stored(SIDEBAR_WIDTH), defaults.sidebar_width),
            hidden_columns: read(stored(HIDDEN_COLUMNS), defaults.hidden_columns),
            last_view: read(stored(LAST_VIEW), defaults.last_view),
            check_for_updates: read(stored(CHECK_FOR_UPDATES), defaults.check_for_updates),
            notifications_paused: read(stored(NOTIFICATIONS_PAUSED), defaults.notifications_paused),
            language: read(stored(LANGUAGE), defaults.language),
        }
    }

    /// Check `changes` and apply them; answers the stored values to write (key, value), only those
    /// of the fields changed, so that two windows changing different preferences keep both.
    pub fn apply(&mut self, changes: PreferenceChanges) -> Result<Vec<(&'static str, JsonValue)>> {
        let mut written = Vec::new();
        if let Some(width) = changes.sidebar_width {
            if !SIDEBAR_WIDTHS.contains(&width) {
                return Err(Error::invalid_field(
                    SIDEBAR_WIDTH,
                    format!(
                        "the sidebar is {} to {} px wide",
                        SIDEBAR_WIDTHS.start(),
                        SIDEBAR_WIDTHS.end()
                    ),
                ));
            }
        }
        if let Some(columns) = &changes.hidden_columns {
            if columns.len() > MAX_HIDDEN_COLUMNS || columns.iter().any(|c| c.len() > MAX_COLUMN_NAME) {
                return Err(Error::invalid_field(
                    HIDDEN_COLUMNS,
                    "too many or too long column names",
                ));
            }
        }
        if let Some(view) = &changes.last_view {
            if view.len() > MAX_VIEW_NAME || view.chars().any(char::is_control) {
                return Err(Error::invalid_field(
                    LAST_VIEW,
                    format!("a view name is at most {MAX_VIEW_NAME} bytes, without control characters"),
                ));
            }
        }
        if let Some(theme) = changes.theme {
            self.theme = theme;
            written.push((THEME, json(&self.theme)?));
        }
        if let Some(width) = changes.sidebar_width {
            self.sidebar_width = width;
            written.push((SIDEBAR_WIDTH, json(&self.sidebar_width)?));
        }
        if let Some(columns) = changes.hidden_columns {
            self.hidden_columns = columns;
            written.push((HIDDEN_COLUMNS, json(&self.hidden_columns)?));
        }
        if let Some(view) = changes.last_view {
            self.last_view = view;
            written.push((LAST_VIEW, json(&self.last_view)?));
        }
        if let Some(check) = changes.check_for_updates {
            self.check_for_updates = check;
            written.push((CHECK_FOR_UPDATES, json(&self.check_for_updates)?));
        }
        if let Some(paused) = changes.notifications_paused {
            self.notifications_paused = paused;
            written.push((NOTIFICATIONS_PAUSED, json(&self.notifications_paused)?));
        }
        if let Some(language) = changes.language {
            self.language = language;
            written.push((LANGUAGE, json(&self.language)?));
        }
        Ok(written)
    }
}

fn json<T: Serialize>(value: &T) -> Result<JsonValue> {
    serde_json::to_value(value).map_err(|e| Error::internal(format!("preferences: {e}")))
}

fn store_error(e: tauri_plugin_store::Error) -> Error {
    Error::internal(format!("preferences file {PREFS_FILE}: {e}"))
}

/// Where the preferences are kept: in the data directory the fleet and the CLI use
/// (`$FLEETDECK_DATA_DIR` when set, else the platform's application-data directory — where Tauri's
/// own resolution also puts it), so that one data directory is one whole state and a run on another
/// directory (a test, a second profile) never reads this one's preferences.
fn prefs_path() -> Result<std::path::PathBuf> {
    let dir = fleetdeck_store::DataDir::resolve(None)
        .map_err(|e| Error::internal(format!("preferences file {PREFS_FILE}: {e}")))?;
    Ok(dir.root().join(PREFS_FILE))
}

/// The saved preferences (the defaults for any not saved).
pub fn load(app: &AppHandle) -> Result<Preferences> {
    let store = app.store(prefs_path()?).map_err(store_error)?;
    Ok(Preferences::from_stored(|key| store.get(key)))
}

/// Change some preferences and save them at once; answers all of them.
pub fn update(app: &AppHandle, changes: PreferenceChanges) -> Result<Preferences> {
    let store = app.store(prefs_path()?).map_err(store_error)?;
    let mut prefs = Preferences::from_stored(|key| store.get(key));
    let relabel = changes.language.is_some();
    for (key, value) in prefs.apply(changes)? {
        store.set(key, value);
    }
    store.save().map_err(store_error)?;
    // The tray speaks the UI's language: say its items again in the one now chosen.
    if relabel {
        if let Some(tray) = app.try_state::<std::sync::Arc<crate::tray::Tray>>() {
            tray.relabel();
        }
    }
    Ok(prefs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::HashMap;

    fn stored(entries: &[(&str, JsonValue)]) -> impl Fn(&str) -> Option<JsonValue> {
        let map: HashMap<String, JsonValue> =
            entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn stored_values_are_read_by_the_keys_the_ui_store_used() {
        let prefs = Preferences::from_stored(stored(&[
            ("theme", json!("dark")),
            ("sidebarWidth", json!(300)),
            ("hiddenColumns", json!(["ip"])),
        ]));
        assert_eq!(
            prefs,
            Preferences {
                theme: Theme::Dark,
                sidebar_width: 300,
                hidden_columns: vec!["ip".into()],
                ..Preferences::default()
            }
        );
    }

    #[test]
    fn a_missing_or_unreadable_value_is_its_default_and_the_others_are_kept() {
        let prefs = Preferences::from_stored(stored(&[
            ("theme", json!("purple")),
            ("sidebarWidth", json!(320)),
        ]));
        assert_eq!(prefs.theme, Theme::System);
        assert_eq!(prefs.sidebar_width, 320);
        assert!(prefs.hidden_columns.is_empty());
    }

    #[test]
    fn only_the_changed_preferences_are_written() {
        let mut prefs = Preferences::default();
        let written = prefs
            .apply(PreferenceChanges {
                theme: Some(Theme::Light),
                ..PreferenceChanges::default()
            })
            .unwrap();
        assert_eq!(written, vec![("theme", json!("light"))]);
        assert_eq!(prefs.theme, Theme::Light);
        assert_eq!(prefs.sidebar_width, 240);
    }

    #[test]
    fn out_of_range_changes_are_refused_and_change_nothing() {
        let mut prefs = Preferences::default();
        let err = prefs
            .apply(PreferenceChanges {
                theme: Some(Theme::Dark),
                sidebar_width: Some(5_000),
                ..PreferenceChanges::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), fleetdeck_core::ErrorCode::InvalidInput);
        assert_eq!(prefs, Preferences::default());
        let too_many = vec!["c".to_owned(); MAX_HIDDEN_COLUMNS + 1];
        assert!(prefs
            .apply(PreferenceChanges {
                hidden_columns: Some(too_many),
                ..PreferenceChanges::default()
            })
            .is_err());
    }

    #[test]
    fn unknown_preferences_are_refused_at_the_boundary() {
        let parsed: std::result::Result<PreferenceChanges, _> =
            serde_json::from_value(json!({ "theme": "dark", "path": "../accounts.json" }));
        assert!(parsed.is_err());
        let parsed: PreferenceChanges = serde_json::from_value(json!({ "sidebarWidth": 200 })).unwrap();
        assert_eq!(parsed.sidebar_width, Some(200));
    }

    #[test]
    fn the_last_view_and_the_app_switches_are_read_written_and_defaulted() {
        let defaults = Preferences::default();
        assert_eq!(defaults.last_view, "");
        assert!(
            defaults.check_for_updates,
            "automatic update checks are on until switched off"
        );
        assert!(!defaults.notifications_paused);

        let prefs = Preferences::from_stored(stored(&[
            ("lastView", json!("storage/snapshots")),
            ("checkForUpdates", json!(false)),
            ("notificationsPaused", json!("yes")),
        ]));
        assert_eq!(prefs.last_view, "storage/snapshots");
        assert!(!prefs.check_for_updates);
        // Not a boolean: its default.
        assert!(!prefs.notifications_paused);

        let mut prefs = Preferences::default();
        let changes: PreferenceChanges = serde_json::from_value(json!({
            "lastView": "jobs",
            "checkForUpdates": false,
            "notificationsPaused": true,
        }))
        .unwrap();
        let written = prefs.apply(changes).unwrap();
        assert_eq!(
            written,
            vec![
                ("lastView", json!("jobs")),
                ("checkForUpdates", json!(false)),
                ("notificationsPaused", json!(true)),
            ]
        );
        assert_eq!(prefs.last_view, "jobs");
        assert!(!prefs.check_for_updates && prefs.notifications_paused);
    }

    #[test]
    fn an_overlong_or_control_character_view_name_is_refused() {
        let mut prefs = Preferences::default();
        for bad in ["x".repeat(MAX_VIEW_NAME + 1), "jobs\n".into(), "a\u{0}b".into()] {
            let err = prefs
                .apply(PreferenceChanges {
                    last_view: Some(bad.clone()),
                    ..PreferenceChanges::default()
                })
                .unwrap_err();
            assert_eq!(err.code(), fleetdeck_core::ErrorCode::InvalidInput, "{bad:?}");
        }
        assert_eq!(prefs, Preferences::default());
    }

    #[test]
    fn the_language_is_read_written_and_system_by_default() {
        assert_eq!(Preferences::default().language, LanguageChoice::System);
        let prefs = Preferences::from_stored(stored(&[("language", json!("pt-BR"))]));
        assert_eq!(prefs.language, LanguageChoice::BrazilianPortuguese);
        // A language the catalogue does not have: the default.
        let prefs = Preferences::from_stored(stored(&[("language", json!("fr"))]));
        assert_eq!(prefs.language, LanguageChoice::System);

        let mut prefs = Preferences::default();
        let changes: PreferenceChanges = serde_json::from_value(json!({ "language": "en" })).unwrap();
        assert_eq!(prefs.apply(changes).unwrap(), vec![("language", json!("en"))]);
        assert_eq!(prefs.language, LanguageChoice::English);
        assert!(serde_json::from_value::<PreferenceChanges>(json!({ "language": "klingon" })).is_err());
    }
}
