import { useMemo, useState } from "react";

import type { AccountView } from "../../bindings/AccountView";
import type { Server } from "../../bindings/Server";
import type { Snapshot } from "../../bindings/Snapshot";
import { Dialog, Field } from "../../app/Dialog";
import { useOverlay } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useAccounts } from "../../app/useAccounts";
import { useNow } from "../../app/useNow";
import { createSnapshot, deleteSnapshot, renameSnapshot, restoreSnapshot, snapshots } from "../../platform";
import { providerLabel } from "../accounts/descriptors";
import { addressOf, ago } from "../servers/model";
import { useFleetServers } from "../servers/useFleetServers";
import { TextDialog, TypedConfirm } from "../storage/dialogs";
import { ParkedSection } from "./Parking";
import { sizeText, timeText } from "../storage/format";
import { AccountCell, ResourceView } from "../storage/ResourceView";
import type { TableColumn } from "../storage/ResourceTable";
import { useScopedAccounts } from "../storage/scope";
import { StatusBadge } from "../storage/StatusBadge";
import { perAccount, useAccountListings } from "../storage/useAccountListings";
import { useRun } from "../storage/useRun";

/** `ACCOUNT/SNAPSHOT_ID`, how the snapshot commands address a snapshot. */
export const snapshotAddress = (s: Pick<Snapshot, "account" | "id">): string => `${s.account}/${s.id}`;

/** The server a snapshot was taken of, when it still exists in the server listing. */
export function serverOf(s: Snapshot, servers: readonly Server[]): Server | undefined {
  return s.serverId === null ? undefined : servers.find((v) => v.account === s.account && v.id === s.serverId);
}

type Dialogs =
  | { kind: "create" }
  | { kind: "rename"; snapshot: Snapshot }
  | { kind: "restore"; snapshot: Snapshot; server: Server }
  | { kind: "delete"; snapshot: Snapshot };

/**
 * Every snapshot of every account (or of the selected one), including those whose server is gone:
 * create (pick a server), rename, restore (the server's name typed), delete, and "create a server
 * from this snapshot", each where the account's provider offers it.
 */
export function SnapshotsView() {
  const { scope, names, byName } = useScopedAccounts((c) => c.snapshots.list);
  const { colors } = useAccounts();
  const listing = useAccountListings(perAccount(names, (a) => queryKeys.snapshots(a), (a) => snapshots([a], null)));
  const fleet = useFleetServers(null, names.length > 0);
  const servers = useMemo(() => fleet.data?.servers ?? [], [fleet.data]);
  const now = useNow();
  const { open } = useOverlay();
  const { busy, run } = useRun();
  const [dialog, setDialog] = useState<Dialogs | null>(null);
  const capsOf = (account: string) => byName.get(account)?.capabilities;
  const canCreate = names.some((n) => capsOf(n)?.snapshots.create);

  const columns = useMemo<TableColumn<Snapshot>[]>(() => {
    const serverText = (s: Snapshot) => {
      const server = serverOf(s, servers);
      return server ? server.name : s.serverId === null ? "" : `${s.serverId} (gone)`;
    };
    return [
      { id: "name", title: "Name", text: (s) => s.name },
      {
        id: "server",
        title: "Server",
        text: serverText,
        cell: (s) =>
          serverOf(s, servers) ? serverText(s) : <span className="gone" title="This server no longer exists">{serverText(s) || "—"}</span>,
      },
      { id: "account", title: "Account", text: (s) => s.account, cell: (s) => <AccountCell account={s.account} color={colors[s.account] ?? null} /> },
      { id: "provider", title: "Provider", text: (s) => providerLabel(s.provider) },
      { id: "status", title: "Status", text: (s) => s.status, cell: (s) => <StatusBadge status={s.status} title={s.rawStatus.text} /> },
      { id: "size", title: "Size", text: (s) => sizeText(s.sizeGb) },
      { id: "age", title: "Age", text: (s) => s.createdAt ?? "", cell: (s) => (s.createdAt ? ago(s.createdAt, now) : "") },
      { id: "kind", title: "Made", text: (s) => (s.automated ? "scheduled" : "by hand") },
    ];
  }, [servers, colors, now]);
  const facets = useMemo(() => (s: Snapshot) => ({ account: s.account, provider: s.provider, status: s.status }), []);

  const createServerFrom = (s: Snapshot) =>
    open({ kind: "create", account: s.account, source: { kind: "snapshot", id: s.id, label: s.name } });

  const createButton = canCreate && (
    <button type="button" className="primary" onClick={() => setDialog({ kind: "create" })} data-testid="snapshots-create">
      New snapshot…
    </button>
  );

  return (
    <ResourceView
      view="snapshots"
      title="Snapshots"
      scope={scope}
      noun={["snapshot", "snapshots"]}
      listing={listing}
      columns={columns}
      rowId={snapshotAddress}
      facets={facets}
      actions={createButton}
      empty={{
        title: "No snapshots yet",
        text: "A snapshot keeps a copy of a server's disk: restore the server from it later, or start a new server from it — even after the server is deleted. Parking an idle server (in its detail) keeps a snapshot and deletes the server until you unpark it.",
        ...(createButton ? { action: createButton } : {}),
      }}
      detail={(s) => {
        const caps = capsOf(s.account)?.snapshots;
        const server = serverOf(s, servers);
        return {
          title: s.name,
          fields: [
            ["Server", server ? server.name : <span className="gone">{s.serverId ?? "—"} (gone)</span>],
            ["Account", `${s.account} (${providerLabel(s.provider)})`],
            ["Status", <StatusBadge status={s.status} title={s.rawStatus.text} />],
            ["Size", sizeText(s.sizeGb) || "unknown"],
            ["Created", timeText(s.createdAt) || "unknown"],
            ["Last restored", timeText(s.lastRestoredAt) || "never"],
            ["Regions", s.regions.join(", ")],
            ["Id", <code>{s.id}</code>],
          ],
          actions: (
            <>
              {caps?.rename && (
                <button type="button" disabled={busy} onClick={() => setDialog({ kind: "rename", snapshot: s })} data-testid="snapshot-rename">
                  Rename…
                </button>
              )}
              {caps?.restore && (
                <button
                  type="button"
                  disabled={busy || !server}
                  title={server ? `Overwrite ${server.name} with this snapshot` : "Its server is gone: create a new server from it instead"}
                  onClick={() => server && setDialog({ kind: "restore", snapshot: s, server })}
                  data-testid="snapshot-restore"
                >
                  Restore…
                </button>
              )}
              {caps?.createServerFrom && (
                <button type="button" onClick={() => createServerFrom(s)} data-testid="snapshot-create-server">
                  Create a server from it…
                </button>
              )}
              {caps?.delete && (
                <button type="button" className="danger" disabled={busy} onClick={() => setDialog({ kind: "delete", snapshot: s })} data-testid="snapshot-delete">
                  Delete…
                </button>
              )}
            </>
          ),
          raw: s.raw,
        };
      }}
    >
      <ParkedSection accounts={names} />
      {dialog?.kind === "create" && (
        <CreateSnapshotDialog
          accounts={names.map((n) => byName.get(n)).filter((v): v is AccountView => v?.capabilities.snapshots.create === true)}
          servers={servers}
          onClose={() => setDialog(null)}
          onCreate={(server, name) => {
            setDialog(null);
            void run(`Snapshot of ${server.name}`, queryKeys.snapshots(server.account), () => createSnapshot(addressOf(server), name));
          }}
        />
      )}
      {dialog?.kind === "rename" && (
        <TextDialog
          title={`Rename snapshot ${dialog.snapshot.name}`}
          label="New name"
          initial={dialog.snapshot.name}
          verb="Rename"
          testId="snapshot-rename-dialog"
          onClose={() => setDialog(null)}
          onSubmit={(name) => {
            const s = dialog.snapshot;
            setDialog(null);
            void run(`Rename ${s.name} to ${name}`, queryKeys.snapshots(s.account), () => renameSnapshot(snapshotAddress(s), name));
          }}
        />
      )}
      {dialog?.kind === "restore" && (
        <TypedConfirm
          title={`Restore ${dialog.server.name}`}
          text={`Server ${dialog.server.name} of account ${dialog.server.account} (${providerLabel(dialog.server.provider)}) is overwritten with snapshot ${dialog.snapshot.name}: what was written since is lost.`}
          expected={dialog.server.name}
          verb="Restore"
          onClose={() => setDialog(null)}
          onConfirm={() => {
            const { snapshot, server } = dialog;
            setDialog(null);
            void run(`Restore ${server.name} from ${snapshot.name}`, queryKeys.snapshots(snapshot.account), () =>
              restoreSnapshot(snapshotAddress(snapshot), server.id),
            );
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <TypedConfirm
          title={`Delete snapshot ${dialog.snapshot.name}`}
          text={`Snapshot ${dialog.snapshot.name} of account ${dialog.snapshot.account} (${providerLabel(dialog.snapshot.provider)}) is deleted for good.`}
          expected={dialog.snapshot.name}
          verb="Delete"
          onClose={() => setDialog(null)}
          onConfirm={() => {
            const s = dialog.snapshot;
            setDialog(null);
            void run(`Delete snapshot ${s.name}`, queryKeys.snapshots(s.account), () => deleteSnapshot(snapshotAddress(s)));
          }}
        />
      )}
    </ResourceView>
  );
}

/** Pick a server (of an account that can snapshot) and, where the provider takes one, a name. */
function CreateSnapshotDialog({
  accounts,
  servers,
  onClose,
  onCreate,
}: {
  accounts: AccountView[];
  servers: readonly Server[];
  onClose: () => void;
  onCreate: (server: Server, name: string | null) => void;
}) {
  const eligible = servers.filter((s) => accounts.some((a) => a.account.name === s.account));
  const [address, setAddress] = useState("");
  const [name, setName] = useState("");
  const server = eligible.find((s) => addressOf(s) === address);
  const named = server ? accounts.find((a) => a.account.name === server.account)?.capabilities.snapshots.named === true : false;
  return (
    <Dialog title="New snapshot" onClose={onClose} testId="snapshot-create-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (server) onCreate(server, named && name.trim() !== "" ? name.trim() : null);
        }}
      >
        <Field label="Server" hint="The server whose disk is copied">
          {(p) => (
            <select {...p} value={address} onChange={(e) => setAddress(e.target.value)} data-testid="snapshot-create-server-select">
              <option value="">Choose a server…</option>
              {eligible.map((s) => (
                <option key={addressOf(s)} value={addressOf(s)}>
                  {s.name} — {s.account}
                </option>
              ))}
            </select>
          )}
        </Field>
        {named && (
          <Field label="Name" hint="Optional; the provider names it otherwise">
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} data-testid="snapshot-create-name" />}
          </Field>
        )}
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!server} data-testid="snapshot-create-ok">
            Create snapshot
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
