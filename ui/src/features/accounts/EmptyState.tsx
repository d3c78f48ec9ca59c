import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../../app/ErrorNotice";
import { useOverlay, useToast } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { trySandbox } from "../../platform";

/** No account yet: add one, or try the embedded sandbox without any. */
export function EmptyState() {
  const { t } = useTranslation("accounts");
  const { open } = useOverlay();
  const client = useQueryClient();
  const toast = useToast();
  const sandbox = useMutation({
    mutationFn: trySandbox,
    // Pending until the lists show the new accounts (the button says so meanwhile).
    onSuccess: async (result) => {
      // Providers whose simulator could not be used are said, not hidden: the others still work.
      if (result.failures.length > 0)
        toast({
          message: t("empty.sandboxPartial", {
            count: result.added.length,
            failures: result.failures.map((f) => `${f.account} (${f.error.message})`).join("; "),
          }),
          tone: "bad",
        });
      await client.invalidateQueries({ queryKey: queryKeys.accounts });
      await client.invalidateQueries({ queryKey: queryKeys.servers() });
    },
  });
  return (
    <div className="empty" data-testid="empty-state">
      <h2>{t("empty.title")}</h2>
      <p>{t("empty.text")}</p>
      <div className="empty-actions">
        <button type="button" className="primary" onClick={() => open({ kind: "addAccount" })} data-testid="empty-add-account">
          {t("empty.addAccount")}
        </button>
        <button type="button" onClick={() => sandbox.mutate()} disabled={sandbox.isPending} data-testid="try-sandbox">
          {sandbox.isPending ? t("empty.sandboxStarting") : t("empty.trySandbox")}
        </button>
      </div>
      <p className="muted">{t("empty.sandboxExplained")}</p>
      {sandbox.isError && <ErrorNotice error={sandbox.error} />}
    </div>
  );
}
