import { useQuery } from "@tanstack/react-query";

import { useTranslation } from "react-i18next";

import type { LanguageChoice } from "../bindings/LanguageChoice";
import { appInfo, keyringStatus, type Prefs } from "../platform";
import { useOverlay } from "./overlay";
import { queryKeys } from "./queryKeys";

/** The keyring's state (a missing Secret Service is said plainly, docs/design-rules.md rule 10) and the version. */
export function StatusBar({
  theme = "system",
  onTheme,
  language = "system",
  onLanguage,
}: {
  theme?: Prefs["theme"];
  onTheme?: (theme: Prefs["theme"]) => void;
  language?: LanguageChoice;
  onLanguage?: (language: LanguageChoice) => void;
}) {
  const { t } = useTranslation(["app", "common"]);
  const keyring = useQuery({ queryKey: queryKeys.keyring, queryFn: keyringStatus });
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: appInfo });
  const { open } = useOverlay();

  let keyringText = t("statusBar.keyringChecking");
  let keyringState = "pending";
  if (keyring.isError) {
    keyringText = t("statusBar.keyringError", { message: keyring.error.message });
    keyringState = "error";
  } else if (keyring.isSuccess) {
    keyringState = keyring.data.available ? "available" : "unavailable";
    keyringText = keyring.data.available
      ? t("statusBar.keyringAvailable", { backend: keyring.data.backend })
      : t("statusBar.keyringUnavailable", { backend: keyring.data.backend });
  }

  return (
    <footer className="statusbar" data-testid="statusbar">
      <span
        className={`keyring keyring-${keyringState}`}
        data-testid="keyring-status"
        data-state={keyringState}
        title={keyring.data?.message ?? undefined}
      >
        {keyringText}
      </span>
      <span className="statusbar-right">
        {onLanguage && (
          <select
            className="theme-select"
            aria-label={t("common:language.label")}
            value={language}
            onChange={(e) => onLanguage(e.target.value as LanguageChoice)}
            data-testid="language-select"
          >
            <option value="system">{t("common:language.system")}</option>
            <option value="en" lang="en">
              {t("common:language.en")}
            </option>
            <option value="pt-BR" lang="pt-BR">
              {t("common:language.pt-BR")}
            </option>
          </select>
        )}
        {onTheme && (
          <select
            className="theme-select"
            aria-label={t("statusBar.theme")}
            value={theme}
            onChange={(e) => onTheme(e.target.value as Prefs["theme"])}
            data-testid="theme-select"
          >
            <option value="system">{t("statusBar.themeSystem")}</option>
            <option value="light">{t("statusBar.themeLight")}</option>
            <option value="dark">{t("statusBar.themeDark")}</option>
          </select>
        )}
        {info.isSuccess && (
          <button
            type="button"
            className="link-button muted"
            title={t("statusBar.about")}
            onClick={() => open({ kind: "about" })}
            data-testid="app-version"
          >
            v{info.data.version}
          </button>
        )}
      </span>
    </footer>
  );
}
