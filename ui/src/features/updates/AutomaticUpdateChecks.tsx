import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { getPref, setPref } from "../../platform";

/**
 * The setting "check for updates automatically" (`checkForUpdates`, src-tauri/src/prefs.rs). Off:
 * the app makes no update request at start; "Check for updates" still works on demand.
 */
export function AutomaticUpdateChecks() {
  const { t } = useTranslation("app");
  const [on, setOn] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    getPref("checkForUpdates")
      .then((v) => live && setOn(v))
      .catch(() => live && setOn(true));
    return () => {
      live = false;
    };
  }, []);
  const change = (value: boolean) => {
    const before = on;
    setOn(value);
    setPref("checkForUpdates", value).catch(() => setOn(before));
  };
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={on ?? true}
        disabled={on === null}
        onChange={(e) => change(e.target.checked)}
        data-testid="auto-update-checks"
      />
      {t("updates.automatic")}
    </label>
  );
}
