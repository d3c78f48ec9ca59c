import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { ActionResult } from "../../bindings/ActionResult";
import type { Server } from "../../bindings/Server";
import type { Snapshot } from "../../bindings/Snapshot";
import type { SnapshotCapabilities } from "../../bindings/SnapshotCapabilities";
import { Dialog, Field } from "../../app/Dialog";
import { ErrorNotice } from "../../app/ErrorNotice";
import { queryKeys } from "../../app/queryKeys";
import { useToast } from "../../app/overlay";
import { useFormat } from "../../i18n/format";
import { createSnapshot, deleteSnapshot, FleetdeckError, restoreSnapshot, snapshots } from "../../platform";
import { recordJob } from "../actions/run";
import { addressOf } from "../servers/model";
import { providerLabel } from "../accounts/descriptors";

/** The server's snapshots: list, create, delete and restore where the provider offers them. */
export function SnapshotsPanel({ server, caps }: { server: Server; caps: SnapshotCapabilities }) {
  const client = useQueryClient();
  const toast = useToast();
  const { t } = useTranslation(["servers", "common"]);
  const format = useFormat();
  const list = useQuery({
    queryKey: queryKeys.snapshots(server.account, server.id),
    queryFn: () => snapshots([server.account], addressOf(server)),
  });
  const [name, setName] = useState("");
  const [confirm, setConfirm] = useState<{ snapshot: Snapshot; kind: "delete" | "restore" } | null>(null);

  // One snapshot command at a time: create, restore and delete are off while one is sent.
  const send = useMutation({
    mutationFn: ({ call }: { what: string; call: () => Promise<ActionResult> }) => call(),
    onSuccess: (result, { what }) => {
      recordJob(client, result.job);
      toast({ message: result.message ?? t("snapshots.sent", { what }), tone: "ok" });
      void client.invalidateQueries({ queryKey: queryKeys.snapshots(server.account, server.id) });
    },
    onError: (e, { what }) => toast({ message: t("snapshots.failed", { what, message: FleetdeckError.from(e).message }), tone: "bad" }),
  });
  const busy = send.isPending;

  return (
    <section data-testid="snapshots">
      <h3 className="section-label">{t("snapshots.title")}</h3>
      {caps.create && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate(
              {
                what: t("snapshots.snapshotOf", { server: server.name }),
                call: () => createSnapshot(addressOf(server), caps.named && name.trim() !== "" ? name.trim() : null),
              },
              { onSuccess: () => setName("") },
            );
          }}
        >
          {caps.named && (
            <input
              aria-label={t("snapshots.nameLabel")}
              placeholder={t("snapshots.nameLabel")}
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="snapshot-name"
            />
          )}
          <button type="submit" disabled={busy} data-testid="snapshot-create">
            {t("snapshots.create")}
          </button>
        </form>
      )}
      {list.isPending && <p className="muted">{t("common:loading")}</p>}
      {list.isError && <ErrorNotice error={list.error} />}
      {list.isSuccess && list.data.failures[0] && <ErrorNotice error={list.data.failures[0].error} />}
      {list.isSuccess && list.data.items.length === 0 && (
        <p className="muted" data-testid="snapshots-empty">
          {t("snapshots.empty")}
        </p>
      )}
      {list.isSuccess && list.data.items.length > 0 && (
        <ul className="plain-list" data-testid="snapshot-list">
          {list.data.items.map((s) => (
            <li key={s.id} className="snapshot" data-testid={`snapshot-${s.id}`}>
              <span>
                {s.name}{" "}
                <span className="muted">
                  {t(`snapshots.status.${s.status}`)}
                  {s.createdAt ? ` · ${format.dateTime(s.createdAt)}` : ""}
                  {s.sizeGb !== null ? ` · ${format.number(s.sizeGb)} GB` : ""}
                </span>
              </span>
              {caps.restore && (
                <button type="button" disabled={busy} onClick={() => setConfirm({ snapshot: s, kind: "restore" })} data-testid={`snapshot-restore-${s.id}`}>
                  {t("snapshots.restoreButton")}
                </button>
              )}
              {caps.delete && (
                <button type="button" className="danger" disabled={busy} onClick={() => setConfirm({ snapshot: s, kind: "delete" })} data-testid={`snapshot-delete-${s.id}`}>
                  {t("snapshots.deleteButton")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {confirm && (
        <ConfirmSnapshot
          server={server}
          snapshot={confirm.snapshot}
          kind={confirm.kind}
          onClose={() => setConfirm(null)}
          onConfirm={() => {
            const { snapshot, kind } = confirm;
            setConfirm(null);
            const address = `${server.account}/${snapshot.id}`;
            send.mutate({
              what:
                kind === "delete"
                  ? t("snapshots.deleteWhat", { snapshot: snapshot.name })
                  : t("snapshots.restoreWhat", { server: server.name, snapshot: snapshot.name }),
              call: () => (kind === "delete" ? deleteSnapshot(address) : restoreSnapshot(address, server.id)),
            });
          }}
        />
      )}
    </section>
  );
}

/** Restoring overwrites the server and deleting loses the snapshot: both want the name typed. */
function ConfirmSnapshot({
  server,
  snapshot,
  kind,
  onClose,
  onConfirm,
}: {
  server: Server;
  snapshot: Snapshot;
  kind: "delete" | "restore";
  onClose: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation(["servers", "common"]);
  const [typed, setTyped] = useState("");
  const expected = kind === "restore" ? server.name : snapshot.name;
  const names = {
    server: server.name,
    snapshot: snapshot.name,
    account: server.account,
    provider: providerLabel(server.provider),
  };
  return (
    <Dialog
      title={kind === "restore" ? t("snapshots.restoreTitle", names) : t("snapshots.deleteTitle", names)}
      onClose={onClose}
      testId="snapshot-confirm"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === expected) onConfirm();
        }}
      >
        <p>
          {kind === "restore" ? t("snapshots.restoreText", names) : t("snapshots.deleteText", names)}
        </p>
        <Field label={t("snapshots.typeToConfirm", { expected })}>
          {(p) => <input {...p} value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="snapshot-confirm-input" />}
        </Field>
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="danger" disabled={typed !== expected} data-testid="snapshot-confirm-ok">
            {kind === "restore" ? t("snapshots.restore") : t("common:delete")}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
