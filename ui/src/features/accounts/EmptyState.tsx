import { useMutation, useQueryClient } from "@tanstack/react-query";

import { ErrorNotice } from "../../app/ErrorNotice";
import { useOverlay, useToast } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { trySandbox } from "../../platform";

/** No account yet: add one, or try the embedded sandbox without any. */
export function EmptyState() {
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
          message: `Sandbox: ${result.added.length} account${result.added.length === 1 ? "" : "s"} added; not added: ${result.failures
            .map((f) => `${f.account} (${f.error.message})`)
            .join("; ")}`,
          tone: "bad",
        });
      await client.invalidateQueries({ queryKey: queryKeys.accounts });
      await client.invalidateQueries({ queryKey: queryKeys.servers() });
    },
  });
  return (
    <div className="empty" data-testid="empty-state">
      <h2>No accounts yet</h2>
      <p>Add a LetsCloud, Cloude.ro, Cloudzy or vz/LXD account to see its servers here.</p>
      <div className="empty-actions">
        <button type="button" className="primary" onClick={() => open({ kind: "addAccount" })} data-testid="empty-add-account">
          Add account…
        </button>
        <button type="button" onClick={() => sandbox.mutate()} disabled={sandbox.isPending} data-testid="try-sandbox">
          {sandbox.isPending ? "Starting the sandbox…" : "Try the sandbox"}
        </button>
      </div>
      <p className="muted">The sandbox simulates every provider locally: no account, no cost.</p>
      {sandbox.isError && <ErrorNotice error={sandbox.error} />}
    </div>
  );
}
