import { useQuery } from "@tanstack/react-query";

import { Dialog } from "../../app/Dialog";
import { ErrorNotice } from "../../app/ErrorNotice";
import { useOverlay } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { appInfo } from "../../platform";
import { AutomaticUpdateChecks } from "../updates/AutomaticUpdateChecks";
import "./about.css";

/**
 * About Fleetdeck: the version, the commit and the date of this build (src-tauri/src/info.rs, the
 * same stamp as `fleetdeck --version`), where its data and secrets live, and the update settings.
 * Opened from the status bar's version and from the palette.
 */
export function AboutDialog({ onClose }: { onClose: () => void }) {
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: appInfo });
  const { open } = useOverlay();
  return (
    <Dialog title="About Fleetdeck" onClose={onClose} testId="about-dialog">
      <div className="about">
        <p>VPS servers of several providers side by side.</p>
        {info.isError && <ErrorNotice error={info.error} />}
        {info.isSuccess && (
          <dl className="about-facts">
            <dt>Version</dt>
            <dd data-testid="about-version">{info.data.version}</dd>
            <dt>Commit</dt>
            <dd data-testid="about-commit">
              <code>{info.data.commit}</code>
            </dd>
            <dt>Built</dt>
            <dd data-testid="about-build-date">{info.data.buildDate}</dd>
            <dt>Data</dt>
            <dd>
              <code>{info.data.dataDir}</code>
            </dd>
            <dt>Keyring</dt>
            <dd>
              <code>{info.data.keyringService}</code>
            </dd>
          </dl>
        )}
        <p className="muted" data-testid="about-docs">
          What changed in each version: <code>CHANGELOG.md</code>; how to use it: <code>README.md</code> (both in the
          source repository and in every release; the command line: <code>fleetdeck --help</code>).
        </p>
        <AutomaticUpdateChecks />
      </div>
      <footer className="dialog-footer">
        <button type="button" onClick={() => open({ kind: "updates" })} data-testid="about-check-updates">
          Check for updates…
        </button>
        <button type="button" className="primary" onClick={onClose} data-testid="about-close">
          Close
        </button>
      </footer>
    </Dialog>
  );
}
