import { useQuery } from "@tanstack/react-query";
import { Trans, useTranslation } from "react-i18next";

import { Dialog } from "../../app/Dialog";
import { ErrorNotice } from "../../app/ErrorNotice";
import { useOverlay } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useFormat } from "../../i18n/format";
import { appInfo } from "../../platform";
import { AutomaticUpdateChecks } from "../updates/AutomaticUpdateChecks";
import "./about.css";

/**
 * About Fleetdeck: the version, the commit and the date of this build (src-tauri/src/info.rs, the
 * same stamp as `fleetdeck --version`), where its data and secrets live, and the update settings.
 * Opened from the status bar's version and from the palette.
 */
export function AboutDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(["app", "common"]);
  const { date } = useFormat();
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: appInfo });
  const { open } = useOverlay();
  return (
    <Dialog title={t("about.title")} onClose={onClose} testId="about-dialog">
      <div className="about">
        <p>{t("about.tagline")}</p>
        {info.isError && <ErrorNotice error={info.error} />}
        {info.isSuccess && (
          <dl className="about-facts">
            <dt>{t("about.version")}</dt>
            <dd data-testid="about-version">{info.data.version}</dd>
            <dt>{t("about.commit")}</dt>
            <dd data-testid="about-commit">
              <code>{info.data.commit}</code>
            </dd>
            <dt>{t("about.built")}</dt>
            <dd data-testid="about-build-date" title={info.data.buildDate}>
              {date(localDay(info.data.buildDate))}
            </dd>
            <dt>{t("about.data")}</dt>
            <dd>
              <code>{info.data.dataDir}</code>
            </dd>
            <dt>{t("about.keyring")}</dt>
            <dd>
              <code>{info.data.keyringService}</code>
            </dd>
          </dl>
        )}
        <p className="muted" data-testid="about-docs">
          <Trans
            t={t}
            i18nKey="about.docs"
            values={{ changelog: "CHANGELOG.md", readme: "README.md", help: "fleetdeck --help" }}
            components={{ code: <code /> }}
          />
        </p>
        <AutomaticUpdateChecks />
      </div>
      <footer className="dialog-footer">
        <button type="button" onClick={() => open({ kind: "updates" })} data-testid="about-check-updates">
          {t("about.checkUpdates")}
        </button>
        <button type="button" className="primary" onClick={onClose} data-testid="about-close">
          {t("common:close")}
        </button>
      </footer>
    </Dialog>
  );
}

/** A `2026-12-03` build date as that day in local time (`new Date` would read it as UTC midnight). */
function localDay(day: string): Date | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : day;
}
