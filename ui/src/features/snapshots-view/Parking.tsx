import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { Capabilities } from "../../bindings/Capabilities";
import type { ParkedServer } from "../../bindings/ParkedServer";
import type { Server } from "../../bindings/Server";
import { queryKeys } from "../../app/queryKeys";
import { useAccounts } from "../../app/useAccounts";
import { useNow } from "../../app/useNow";
import { formatDateTime, formatRelative } from "../../i18n/format";
import { parkedServers, parkServer, unparkServer } from "../../platform";
import { providerLabel } from "../accounts/descriptors";
import { addressOf } from "../servers/model";
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
  const { t } = useTranslation("storage");
  const { busy, run } = useRun();
  const [confirming, setConfirming] = useState(false);
  if (!canPark(caps)) return null;
  return (
    <div className="action-bar">
      <button
        type="button"
        disabled={busy || server.status === "deleting"}
        title={t("parking.parkHint")}
        onClick={() => setConfirming(true)}
        data-testid="action-park"
      >
        {t("parking.park")}
      </button>
      {confirming && (
        <TypedConfirm
          title={t("parking.parkTitle", { server: server.name })}
          text={t("parking.parkText", { server: server.name, account: server.account, provider: providerLabel(server.provider) })}
          expected={server.name}
          verb={t("parking.parkVerb")}
          onClose={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void run(t("parking.parkTitle", { server: server.name }), queryKeys.parked, () => parkServer(addressOf(server)));
          }}
        />
      )}
    </div>
  );
}

/** The parked servers of the accounts in view, each with "Unpark" where its provider can. */
export function ParkedSection({ accounts }: { accounts: readonly string[] }) {
  const { t, i18n } = useTranslation("storage");
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
      <h2 id="parked-title">{t("parking.parked")}</h2>
      <ul className="plain-list">
        {shown.map((p) => (
          <li key={p.id} className="parked-row" data-testid={`parked-${p.id}`}>
            <span>
              <strong>{p.serverName}</strong>{" "}
              <span className="muted">
                {p.account} ({providerLabel(p.provider)}) · {[p.plan, p.region].filter(Boolean).join(" · ")} ·{" "}
                <span title={formatDateTime(p.parkedAt, i18n.language)}>
                  {t("parking.parkedAgo", { when: formatRelative(p.parkedAt, now, i18n.language) })}
                </span>
                {p.tags.length > 0 ? ` · ${p.tags.join(", ")}` : ""}
              </span>
            </span>
            <button
              type="button"
              disabled={busy || !canUnpark(p)}
              title={canUnpark(p) ? t("parking.unparkHint", { server: p.serverName }) : t("parking.cannotUnpark")}
              onClick={() => void run(t("parking.runUnpark", { server: p.serverName }), queryKeys.parked, () => unparkServer(p.id))}
              data-testid={`unpark-${p.id}`}
            >
              {t("parking.unpark")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
