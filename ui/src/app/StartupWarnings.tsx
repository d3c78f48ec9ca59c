import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { startupWarnings } from "../platform";
import { queryKeys } from "./queryKeys";

/**
 * What the store found wrong when the app started (an unreadable account list or job log, moved
 * aside): said in a banner above the content until dismissed, with where the copy was put, because
 * an account list that looks empty is otherwise mistaken for lost accounts. Warnings that arrive
 * later come as toasts (warning events on the fleet event channel).
 */
export function StartupWarnings() {
  const { t } = useTranslation(["app", "common"]);
  const warnings = useQuery({ queryKey: queryKeys.startupWarnings, queryFn: startupWarnings, staleTime: Infinity });
  const [dismissed, setDismissed] = useState(false);
  if (dismissed || !warnings.data || warnings.data.length === 0) return null;
  return (
    <div className="startup-warnings" role="alert" data-testid="startup-warnings">
      <strong>⚠ {t("startupWarnings.title")}</strong>
      <ul>
        {warnings.data.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
      <button type="button" onClick={() => setDismissed(true)} data-testid="startup-warnings-dismiss">
        {t("common:dismiss")}
      </button>
    </div>
  );
}
