import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import type { AccountView } from "../../bindings/AccountView";
import type { Server } from "../../bindings/Server";
import type { Snapshot } from "../../bindings/Snapshot";
import { Dialog, Field } from "../../app/Dialog";
import { useOverlay } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useAccounts } from "../../app/useAccounts";
import { useNow } from "../../app/useNow";
import { formatDateTime, formatRelative } from "../../i18n/format";
import { createSnapshot, deleteSnapshot, renameSnapshot, restoreSnapshot, snapshots } from "../../platform";
import { providerLabel } from "../accounts/descriptors";
import { addressOf } from "../servers/model";
import { useFleetServers } from "../servers/useFleetServers";
import { TextDialog, TypedConfirm } from "../storage/dialogs";
import { ParkedSection } from "./Parking";
import { sizeSort, sizeText, timeText } from "../storage/format";
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
  const { t, i18n } = useTranslation(["storage", "common", "shell"]);
  const lng = i18n.language;
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
      return server ? server.name : s.serverId === null ? "" : t("values.gone", { id: s.serverId });
    };
    return [
      { id: "name", title: t("fields.name"), text: (s) => s.name },
      {
        id: "server",
        title: t("fields.server"),
        text: serverText,
        cell: (s) =>
          serverOf(s, servers) ? serverText(s) : <span className="gone" title={t("values.goneTitle")}>{serverText(s) || "—"}</span>,
      },
      { id: "account", title: t("fields.account"), text: (s) => s.account, cell: (s) => <AccountCell account={s.account} color={colors[s.account] ?? null} /> },
      { id: "provider", title: t("fields.provider"), text: (s) => providerLabel(s.provider) },
      { id: "status", title: t("fields.status"), text: (s) => s.status, cell: (s) => <StatusBadge status={s.status} title={s.rawStatus.text} /> },
      { id: "size", title: t("fields.size"), text: (s) => sizeText(s.sizeGb), sort: (s) => sizeSort(s.sizeGb) },
      {
        id: "age",
        title: t("fields.age"),
        text: (s) => s.createdAt ?? "",
        cell: (s) => (s.createdAt ? <span title={formatDateTime(s.createdAt, lng)}>{formatRelative(s.createdAt, now, lng)}</span> : ""),
      },
      { id: "kind", title: t("fields.made"), text: (s) => (s.automated ? t("snapshots.scheduled") : t("snapshots.byHand")) },
    ];
  }, [servers, colors, now, t, lng]);
  const facets = useMemo(() => (s: Snapshot) => ({ account: s.account, provider: s.provider, status: s.status }), []);

  const createServerFrom = (s: Snapshot) =>
    open({ kind: "create", account: s.account, source: { kind: "snapshot", id: s.id, label: s.name } });

  const createButton = canCreate && (
    <button type="button" className="primary" onClick={() => setDialog({ kind: "create" })} data-testid="snapshots-create">
      {t("snapshots.create")}
    </button>
  );

  return (
    <ResourceView
      view="snapshots"
      title={t("shell:views.snapshots")}
      scope={scope}
      noun={[t("snapshots.noun"), t("snapshots.nounPlural")]}
      listing={listing}
      columns={columns}
      rowId={snapshotAddress}
      facets={facets}
      actions={createButton}
      empty={{
        title: t("snapshots.emptyTitle"),
        text: t("snapshots.emptyText"),
        ...(createButton ? { action: createButton } : {}),
      }}
      detail={(s) => {
        const caps = capsOf(s.account)?.snapshots;
        const server = serverOf(s, servers);
        return {
          title: s.name,
          fields: [
            [t("fields.server"), server ? server.name : <span className="gone">{t("values.gone", { id: s.serverId ?? "—" })}</span>],
            [t("fields.account"), `${s.account} (${providerLabel(s.provider)})`],
            [t("fields.status"), <StatusBadge status={s.status} title={s.rawStatus.text} />],
            [t("fields.size"), sizeText(s.sizeGb) || t("values.unknown")],
            [t("fields.created"), timeText(s.createdAt) || t("values.unknown")],
            [t("fields.lastRestored"), timeText(s.lastRestoredAt) || t("values.never")],
            [t("fields.regions"), s.regions.join(", ")],
            [t("fields.id"), <code>{s.id}</code>],
          ],
          actions: (
            <>
              {caps?.rename && (
                <button type="button" disabled={busy} onClick={() => setDialog({ kind: "rename", snapshot: s })} data-testid="snapshot-rename">
                  {t("snapshots.rename")}
                </button>
              )}
              {caps?.restore && (
                <button
                  type="button"
                  disabled={busy || !server}
                  title={server ? t("snapshots.restoreTitle", { server: server.name }) : t("snapshots.restoreGone")}
                  onClick={() => server && setDialog({ kind: "restore", snapshot: s, server })}
                  data-testid="snapshot-restore"
                >
                  {t("snapshots.restore")}
                </button>
              )}
              {caps?.createServerFrom && (
                <button type="button" onClick={() => createServerFrom(s)} data-testid="snapshot-create-server">
                  {t("snapshots.createServer")}
                </button>
              )}
              {caps?.delete && (
                <button type="button" className="danger" disabled={busy} onClick={() => setDialog({ kind: "delete", snapshot: s })} data-testid="snapshot-delete">
                  {t("actions.delete")}
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
            void run(t("snapshots.runCreate", { server: server.name }), queryKeys.snapshots(server.account), () => createSnapshot(addressOf(server), name));
          }}
        />
      )}
      {dialog?.kind === "rename" && (
        <TextDialog
          title={t("snapshots.renameTitle", { name: dialog.snapshot.name })}
          label={t("snapshots.renameLabel")}
          initial={dialog.snapshot.name}
          verb={t("snapshots.renameVerb")}
          testId="snapshot-rename-dialog"
          onClose={() => setDialog(null)}
          onSubmit={(name) => {
            const s = dialog.snapshot;
            setDialog(null);
            void run(t("snapshots.runRename", { from: s.name, to: name }), queryKeys.snapshots(s.account), () => renameSnapshot(snapshotAddress(s), name));
          }}
        />
      )}
      {dialog?.kind === "restore" && (
        <TypedConfirm
          title={t("snapshots.restoreConfirmTitle", { server: dialog.server.name })}
          text={t("snapshots.restoreText", {
            server: dialog.server.name,
            account: dialog.server.account,
            provider: providerLabel(dialog.server.provider),
            snapshot: dialog.snapshot.name,
          })}
          expected={dialog.server.name}
          verb={t("snapshots.restoreVerb")}
          onClose={() => setDialog(null)}
          onConfirm={() => {
            const { snapshot, server } = dialog;
            setDialog(null);
            void run(t("snapshots.runRestore", { server: server.name, snapshot: snapshot.name }), queryKeys.snapshots(snapshot.account), () =>
              restoreSnapshot(snapshotAddress(snapshot), server.id),
            );
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <TypedConfirm
          title={t("snapshots.deleteTitle", { name: dialog.snapshot.name })}
          text={t("snapshots.deleteText", {
            name: dialog.snapshot.name,
            account: dialog.snapshot.account,
            provider: providerLabel(dialog.snapshot.provider),
          })}
          expected={dialog.snapshot.name}
          verb={t("common:delete")}
          onClose={() => setDialog(null)}
          onConfirm={() => {
            const s = dialog.snapshot;
            setDialog(null);
            void run(t("snapshots.deleteTitle", { name: s.name }), queryKeys.snapshots(s.account), () => deleteSnapshot(snapshotAddress(s)));
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
  const { t } = useTranslation(["storage", "common"]);
  const eligible = servers.filter((s) => accounts.some((a) => a.account.name === s.account));
  const [address, setAddress] = useState("");
  const [name, setName] = useState("");
  const server = eligible.find((s) => addressOf(s) === address);
  const named = server ? accounts.find((a) => a.account.name === server.account)?.capabilities.snapshots.named === true : false;
  return (
    <Dialog title={t("snapshots.createDialog.title")} onClose={onClose} testId="snapshot-create-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (server) onCreate(server, named && name.trim() !== "" ? name.trim() : null);
        }}
      >
        <Field label={t("fields.server")} hint={t("snapshots.createDialog.serverHint")}>
          {(p) => (
            <select {...p} value={address} onChange={(e) => setAddress(e.target.value)} data-testid="snapshot-create-server-select">
              <option value="">{t("actions.chooseServer")}</option>
              {eligible.map((s) => (
                <option key={addressOf(s)} value={addressOf(s)}>
                  {s.name} — {s.account}
                </option>
              ))}
            </select>
          )}
        </Field>
        {named && (
          <Field label={t("fields.name")} hint={t("snapshots.createDialog.nameHint")}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} data-testid="snapshot-create-name" />}
          </Field>
        )}
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="primary" disabled={!server} data-testid="snapshot-create-ok">
            {t("snapshots.createDialog.verb")}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
