//! The words of the tray and of the OS notifications, from the UI's message catalogue: its `shell`
//! namespace (ui/src/i18n/locales/<language>/shell.json, built into the binary), so that the window,
//! the tray and the notifications say the same thing in the same language. The language is the
//! preference's (prefs.rs `language`); `system` is the OS language, as the web view's is.
//!
//! Keys are dotted paths (`tray.quit`); plurals follow i18next's suffixes (`_one`, `_other`) and
//! placeholders its `{{name}}` form. A key missing from a language falls back to English, and from
//! English to the key itself (a test checks that every key the shell uses exists).

use std::sync::OnceLock;

use serde_json::Value as JsonValue;

use crate::prefs::LanguageChoice;

const EN_SHELL: &str = include_str!("../../ui/src/i18n/locales/en/shell.json");
const PT_BR_SHELL: &str = include_str!("../../ui/src/i18n/locales/pt-BR/shell.json");

/// A language of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    BrazilianPortuguese,
}

impl Language {
    /// The catalogue language for a preference; `system` asks the OS.
    pub fn of(choice: LanguageChoice) -> Language {
        match choice {
            LanguageChoice::English => Language::English,
            LanguageChoice::BrazilianPortuguese => Language::BrazilianPortuguese,
            LanguageChoice::System => Language::matching(sys_locale::get_locales()),
        }
    }

    /// The first of these BCP 47 (or POSIX, `pt_BR.UTF-8`) tags whose language the catalogue has,
    /// as the UI matches them (ui/src/i18n/index.ts `matchLanguage`); English otherwise.
    pub fn matching(tags: impl IntoIterator<Item = String>) -> Language {
        for tag in tags {
            let base = tag
                .split(['-', '_', '.'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            match base.as_str() {
                "pt" => return Language::BrazilianPortuguese,
                "en" => return Language::English,
                _ => {}
            }
        }
        Language::English
    }

    fn table(self) -> &'static JsonValue {
        static EN: OnceLock<JsonValue> = OnceLock::new();
        static PT_BR: OnceLock<JsonValue> = OnceLock::new();
        // The files are part of the build and parsed by a test; a broken one reads as empty.
        let parse = |text: &str| serde_json::from_str(text).unwrap_or(JsonValue::Null);
        match self {
            Language::English => EN.get_or_init(|| parse(EN_SHELL)),
            Language::BrazilianPortuguese => PT_BR.get_or_init(|| parse(PT_BR_SHELL)),
        }
    }

    /// i18next's plural category for `count` (English and Portuguese: one for 1, other otherwise;
    /// 0 is said by its own key where the shell needs it).
    fn plural(self, count: usize) -> &'static str {
        if count == 1 {
            "one"
        } else {
            "other"
        }
    }
}

/// The shell's words in one language.
#[derive(Debug, Clone, Copy)]
pub struct ShellText {
    language: Language,
}

impl ShellText {
    pub fn new(language: Language) -> ShellText {
        ShellText { language }
    }

    /// The words for the language the preference means.
    pub fn for_choice(choice: LanguageChoice) -> ShellText {
        ShellText::new(Language::of(choice))
    }

    /// The text of a key, with `{{name}}` placeholders filled from `values`.
    pub fn text(&self, key: &str, values: &[(&str, &str)]) -> String {
        let found = lookup(self.language.table(), key)
            .or_else(|| lookup(Language::English.table(), key))
            .unwrap_or(key);
        fill(found, values)
    }

    /// The plural form of a key for `count` (`key_one` / `key_other`), `{{count}}` filled in.
    pub fn count(&self, key: &str, count: usize) -> String {
        let form = format!("{key}_{}", self.language.plural(count));
        let count = count.to_string();
        self.text(&form, &[("count", &count)])
    }
}

fn lookup<'a>(table: &'a JsonValue, key: &str) -> Option<&'a str> {
    key.split('.')
        .try_fold(table, |node, part| node.get(part))
        .and_then(JsonValue::as_str)
}

fn fill(text: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text.to_owned(), |out, (name, value)| {
        out.replace(&format!("{{{{{name}}}}}"), value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_parse_and_have_the_same_keys() {
        fn keys(value: &JsonValue, prefix: &str, out: &mut Vec<String>) {
            match value {
                JsonValue::Object(map) => {
                    for (k, v) in map {
                        let path = if prefix.is_empty() {
                            k.clone()
                        } else {
                            format!("{prefix}.{k}")
                        };
                        keys(v, &path, out);
                    }
                }
                JsonValue::String(_) => out.push(prefix.to_owned()),
                other => panic!("{prefix}: not a string: {other}"),
            }
        }
        let mut en = Vec::new();
        keys(Language::English.table(), "", &mut en);
        let mut pt = Vec::new();
        keys(Language::BrazilianPortuguese.table(), "", &mut pt);
        assert!(en.len() > 20, "{en:?}");
        en.sort();
        pt.sort();
        assert_eq!(en, pt);
    }

    #[test]
    fn texts_are_looked_up_filled_and_counted_in_the_language() {
        let en = ShellText::new(Language::English);
        let pt = ShellText::new(Language::BrazilianPortuguese);
        assert_eq!(en.text("tray.quit", &[]), "Quit");
        assert_eq!(pt.text("tray.quit", &[]), "Sair");
        assert_eq!(en.count("tray.jobsRunning", 1), "1 job running");
        assert_eq!(en.count("tray.jobsRunning", 4), "4 jobs running");
        assert_eq!(pt.count("tray.jobsRunning", 4), "4 tarefas em andamento");
        assert_eq!(
            pt.text("job.notificationAccount", &[("account", "prod")]),
            "Conta prod"
        );
        // An unknown key reads as itself rather than as nothing.
        assert_eq!(en.text("tray.nothing", &[]), "tray.nothing");
    }

    #[test]
    fn the_system_language_is_matched_as_the_ui_matches_it() {
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            Language::matching(tags(&["pt-BR"])),
            Language::BrazilianPortuguese
        );
        assert_eq!(
            Language::matching(tags(&["pt_PT.UTF-8"])),
            Language::BrazilianPortuguese
        );
        assert_eq!(Language::matching(tags(&["de-DE", "en-GB"])), Language::English);
        assert_eq!(
            Language::matching(tags(&["fr", "pt"])),
            Language::BrazilianPortuguese
        );
        assert_eq!(Language::matching(tags(&["C"])), Language::English);
        assert_eq!(Language::matching(Vec::new()), Language::English);
    }
}
