import { useEffect, useState } from "react";
import { Trans, useTranslation } from "react-i18next";

import type { UpdateOffer } from "../../bindings/UpdateOffer";
import type { UpdateProgress } from "../../bindings/UpdateProgress";
import { Dialog } from "../../app/Dialog";
import { ErrorNotice } from "../../app/ErrorNotice";
import { i18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { checkForUpdate, installUpdate, onAppEvent } from "../../platform";
import { AutomaticUpdateChecks } from "./AutomaticUpdateChecks";
import "./updates.css";

type Phase =
  | { kind: "checking" }
  | { kind: "latest" }
  | { kind: "offer"; offer: UpdateOffer }
  | { kind: "installing"; offer: UpdateOffer; progress: UpdateProgress | null }
  | { kind: "failed"; error: unknown; offer: UpdateOffer | null };

/** "12.5 MB of 40.0 MB" / "3.1 MB" (no size known), in the language `lng` (the UI's by default). */
export function progressText(p: UpdateProgress, lng: string = i18n.language): string {
  const oneDecimal = new Intl.NumberFormat(lng, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const mb = (n: number) => `${oneDecimal.format(n / 1_000_000)} MB`;
  return p.total
    ? i18n.t("app:updates.progressOf", { downloaded: mb(p.downloaded), total: mb(p.total), lng })
    : mb(p.downloaded);
}

/**
 * Updates of Fleetdeck itself (src-tauri/src/updates.rs). Without an `offer` it checks first; with
 * one (the check at start found it) it shows it at once. An offer shows the version and its release
 * notes and asks: nothing is downloaded or installed before "Install and restart". The download's
 * signature is checked in Rust; a refused one is shown as the error it is.
 */
export function UpdateDialog({ offer, onClose }: { offer?: UpdateOffer | undefined; onClose: () => void }) {
  const { t } = useTranslation(["app", "common"]);
  const { date } = useFormat();
  const [phase, setPhase] = useState<Phase>(offer ? { kind: "offer", offer } : { kind: "checking" });

  useEffect(() => {
    if (offer) return;
    let live = true;
    checkForUpdate()
      .then((found) => live && setPhase(found ? { kind: "offer", offer: found } : { kind: "latest" }))
      .catch((error: unknown) => live && setPhase({ kind: "failed", error, offer: null }));
    return () => {
      live = false;
    };
  }, [offer]);

  const installing = phase.kind === "installing";
  useEffect(() => {
    if (!installing) return;
    const unlisten = onAppEvent("updateProgress", (progress) =>
      setPhase((p) => (p.kind === "installing" ? { ...p, progress } : p)),
    );
    return () => void unlisten.then((u) => u()).catch(() => undefined);
  }, [installing]);

  const install = (chosen: UpdateOffer) => {
    setPhase({ kind: "installing", offer: chosen, progress: null });
    // On success the app restarts into the new version; this window goes with it.
    installUpdate().catch((error: unknown) => setPhase({ kind: "failed", error, offer: chosen }));
  };

  const shown = phase.kind === "offer" || phase.kind === "installing" ? phase.offer : null;
  return (
    <Dialog title={t("updates.title")} onClose={onClose} testId="update-dialog" wide={shown !== null}>
      <div data-testid="update-phase" data-phase={phase.kind}>
        {phase.kind === "checking" && <p className="muted">{t("updates.checking")}</p>}
        {phase.kind === "latest" && <p data-testid="update-latest">{t("updates.latest")}</p>}
        {phase.kind === "failed" && <ErrorNotice error={phase.error} />}
        {shown && (
          <>
            <p data-testid="update-offer">
              <Trans
                t={t}
                i18nKey={shown.date ? "updates.offerReleased" : "updates.offer"}
                values={{
                  version: shown.version,
                  current: shown.currentVersion,
                  released: shown.date ? date(shown.date) : "",
                }}
                components={{ strong: <strong /> }}
              />
            </p>
            <h3>{t("updates.notes")}</h3>
            <pre className="update-notes" data-testid="update-notes">
              {shown.notes ?? t("updates.noNotes")}
            </pre>
            <p className="muted">{t("updates.installExplained")}</p>
          </>
        )}
        {phase.kind === "installing" && (
          <p data-testid="update-installing">
            {phase.progress
              ? t("updates.downloadingProgress", { progress: progressText(phase.progress) })
              : t("updates.downloading")}
          </p>
        )}
        <AutomaticUpdateChecks />
      </div>
      <footer className="dialog-footer">
        {phase.kind === "offer" && (
          <button type="button" className="primary" onClick={() => install(phase.offer)} data-testid="update-install">
            {t("updates.install")}
          </button>
        )}
        {phase.kind === "failed" && phase.offer && (
          <button type="button" onClick={() => install(phase.offer as UpdateOffer)} data-testid="update-retry">
            {t("updates.retry")}
          </button>
        )}
        <button type="button" onClick={onClose} disabled={installing} data-testid="update-close">
          {phase.kind === "offer" ? t("updates.notNow") : t("common:close")}
        </button>
      </footer>
    </Dialog>
  );
}
