import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import type { Capabilities } from "../../bindings/Capabilities";
import type { ParkedServer } from "../../bindings/ParkedServer";
import type { Server } from "../../bindings/Server";
import { queryKeys } from "../../app/queryKeys";
import { useAccounts } from "../../app/useAccounts";
import { useNow } from "../../app/useNow";
import { parkedServers, parkServer, unparkServer } from "../../platform";
import { providerLabel } from "../accounts/descriptors";
import { addressOf, ago } from "../servers/model";
import { ErrorNotice } from "../../app/ErrorNotice";
import { TypedConfirm } from "../storage/dialogs";
import { useRun } from "../storage/useRun";

/**
 * Whether the server's provider can be parked: the same rule as `Fleet::park_server`
 * (src-tauri/crates/fleet/src/park.rs) — snapshot, list snapshots, keep a snapshot when its server
 * is deleted (`outliveServer`; LXD deletes them with the instance), create from one, create and
 * delete servers.
 */
export function canPark(caps: Capabilities): boolean {
  const s = caps.snapshots;
  return s.create && s.list && s.outliveServer && s.createServerFrom && caps.servers.create && caps.servers.delete;
}

/** "Park…" in a server's detail: snapshot, wait until ready, delete — after the name is typed. */
export function ParkButton({ server, caps }: { server: Server; caps: Capabilities }) {
  const { busy, run } = useRun();
  const [confirming, setConfirming] = useState(false);
  if (!canPark(caps)) return null;
  return (
    <div className="action-bar">
      <button
        type="button"
        disabled={busy || server.status === "deleting"}
        title="Snapshot this server, then delete it to stop paying for it; unpark it later from the Snapshots view"
        onClick={() => setConfirming(true)}
        data-testid="action-park"
      >
        Park…
      </button>
      {confirming && (
        <TypedConfirm
          title={`Park ${server.name}`}
          text={`Server ${server.name} of account ${server.account} (${providerLabel(server.provider)}) is snapshotted, then deleted once the snapshot is ready (never before). Until the delete step the job can be cancelled; "Unpark" in the Snapshots view creates it again from the snapshot.`}
          expected={server.name}
          verb="Park"
          onClose={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void run(`Park ${server.name}`, queryKeys.parked, () => parkServer(addressOf(server)));
          }}
        />
      )}
    </div>
  );
}

/** The parked servers of the accounts in view, each with "Unpark" where its provider can. */
export function ParkedSection({ accounts }: { accounts: readonly string[] }) {
  const { byName } = useAccounts();
  const now = useNow();
  const parked = useQuery({ queryKey: queryKeys.parked, queryFn: parkedServers });
  const { busy, run } = useRun();
  const shown = (parked.data ?? []).filter((p) => accounts.includes(p.account));
  const canUnpark = (p: ParkedServer) => {
    const caps = byName.get(p.account)?.capabilities;
    return caps !== undefined && caps.servers.create && caps.snapshots.createServerFrom;
  };
  if (parked.isError) return <ErrorNotice error={parked.error} />;
  if (shown.length === 0) return null;
  return (
    <section className="storage-section" aria-labelledby="parked-title" data-testid="parked">
      <h2 id="parked-title">Parked servers</h2>
      <ul className="plain-list">
        {shown.map((p) => (
          <li key={p.id} className="parked-row" data-testid={`parked-${p.id}`}>
            <span>
              <strong>{p.serverName}</strong>{" "}
              <span className="muted">
                {p.account} ({providerLabel(p.provider)}) · {[p.plan, p.region].filter(Boolean).join(" · ")} · parked {ago(p.parkedAt, now)}
                {p.tags.length > 0 ? ` · ${p.tags.join(", ")}` : ""}
              </span>
            </span>
            <button
              type="button"
              disabled={busy || !canUnpark(p)}
              title={canUnpark(p) ? `Create ${p.serverName} again from its snapshot` : "This account cannot create a server from a snapshot"}
              onClick={() => void run(`Unpark ${p.serverName}`, queryKeys.parked, () => unparkServer(p.id))}
              data-testid={`unpark-${p.id}`}
            >
              Unpark
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
