import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import type { Capabilities } from "../../bindings/Capabilities";
import type { Server } from "../../bindings/Server";
import type { ServerAction } from "../../bindings/ServerAction";
import { FleetdeckError } from "../../platform";
import { useOverlay, useToast } from "../../app/overlay";
import { useActionText } from "./actionText";
import { fitsStatus, isDestructive, needsDialog, offeredActions, simpleAction, type ActionSpec } from "./capabilities";
import { runAction } from "./run";
import { recordRecent } from "../palette/recent";

/**
 * The actions the server's provider offers (the action table and the capabilities decide; nothing
 * else is shown). Actions without input or confirmation run at once; the others open their dialog.
 */
export function ActionBar({ server, caps }: { server: Server; caps: Capabilities }) {
  const client = useQueryClient();
  const toast = useToast();
  const { open } = useOverlay();
  const { t } = useTranslation("servers");
  const text = useActionText();
  // One action at a time from the bar: every button is off while one is being sent.
  const send = useMutation({
    mutationFn: ({ action }: { spec: ActionSpec; action: ServerAction }) => runAction(client, server, action),
    onSuccess: (result, { spec }) =>
      toast({ message: result.message ?? t("actionBar.sent", { action: text.label(spec.id), server: server.name }), tone: "ok" }),
    onError: (e, { spec }) =>
      toast({
        message: t("actionBar.failed", { action: text.label(spec.id), server: server.name, message: FleetdeckError.from(e).message }),
        tone: "bad",
      }),
  });

  const run = (spec: ActionSpec) => {
    recordRecent(`action:${spec.id}`);
    const action = simpleAction(spec);
    if (action === null) open({ kind: "action", server, action: spec.id });
    else send.mutate({ spec, action });
  };

  return (
    <div className="action-bar" role="toolbar" aria-label={t("actionBar.label", { server: server.name })} data-testid="action-bar">
      {offeredActions(caps).map((spec) => (
        <button
          key={spec.id}
          type="button"
          className={isDestructive(spec) ? "danger" : undefined}
          disabled={send.isPending || !fitsStatus(spec.id, server.status)}
          onClick={() => run(spec)}
          data-testid={`action-${spec.id}`}
        >
          {text.label(spec.id)}
          {needsDialog(spec) ? "…" : ""}
        </button>
      ))}
    </div>
  );
}
