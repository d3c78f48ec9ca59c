import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";

import type { ActionResult } from "../../bindings/ActionResult";
import { useToast } from "../../app/overlay";
import { FleetdeckError } from "../../platform";
import { recordJob } from "../actions/run";

/**
 * Run a storage command: its job (if any) goes to the jobs panel at once, a toast says it was sent
 * or why it failed, and `refetch` (the account's listing) is invalidated. Answers whether it was sent.
 * `what` names the step in the UI's language (`Delete snapshot web-1`).
 */
export function useRun(): { busy: boolean; run: (what: string, refetch: QueryKey, command: () => Promise<ActionResult | null>) => Promise<boolean> } {
  const client = useQueryClient();
  const toast = useToast();
  const { t } = useTranslation("storage");
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (what: string, refetch: QueryKey, command: () => Promise<ActionResult | null>) => {
      setBusy(true);
      try {
        const result = await command();
        if (result) recordJob(client, result.job);
        toast({ message: result?.message ?? t("run.sent", { what }), tone: "ok" });
        void client.invalidateQueries({ queryKey: refetch });
        return true;
      } catch (e) {
        toast({ message: t("run.failed", { what, message: FleetdeckError.from(e).message }), tone: "bad" });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [client, toast, t],
  );
  return { busy, run };
}
