import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import type { Capabilities } from "../../bindings/Capabilities";
import type { Server } from "../../bindings/Server";
import { FleetdeckError } from "../../platform";
import { useOverlay, useToast } from "../../app/overlay";
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
  const [busy, setBusy] = useState<string | null>(null);

  const run = async (spec: ActionSpec) => {
    recordRecent(`action:${spec.id}`);
    const action = simpleAction(spec);
    if (action === null) {
      open({ kind: "action", server, action: spec.id });
      return;
    }
    setBusy(spec.id);
    try {
      const result = await runAction(client, server, action);
      toast({ message: result.message ?? `${spec.label}: sent to ${server.name}`, tone: "ok" });
    } catch (e) {
      toast({ message: `${spec.label} ${server.name} failed: ${FleetdeckError.from(e).message}`, tone: "bad" });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="action-bar" role="toolbar" aria-label={`Actions on ${server.name}`} data-testid="action-bar">
      {offeredActions(caps).map((spec) => (
        <button
          key={spec.id}
          type="button"
          className={isDestructive(spec) ? "danger" : undefined}
          disabled={busy !== null || !fitsStatus(spec.id, server.status)}
          onClick={() => void run(spec)}
          data-testid={`action-${spec.id}`}
        >
          {spec.label}
          {needsDialog(spec) ? "…" : ""}
        </button>
      ))}
    </div>
  );
}
