import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import type { ActionResult } from "../../bindings/ActionResult";
import type { Server } from "../../bindings/Server";
import type { Snapshot } from "../../bindings/Snapshot";
import type { SnapshotCapabilities } from "../../bindings/SnapshotCapabilities";
import { Dialog, Field } from "../../app/Dialog";
import { ErrorNotice } from "../../app/ErrorNotice";
import { queryKeys } from "../../app/queryKeys";
import { useToast } from "../../app/overlay";
import { createSnapshot, deleteSnapshot, FleetdeckError, restoreSnapshot, snapshots } from "../../platform";
import { recordJob } from "../actions/run";
import { addressOf } from "../servers/model";
import { providerLabel } from "../accounts/descriptors";

/** The server's snapshots: list, create, delete and restore where the provider offers them. */
export function SnapshotsPanel({ server, caps }: { server: Server; caps: SnapshotCapabilities }) {
  const client = useQueryClient();
  const toast = useToast();
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
      toast({ message: result.message ?? `${what}: sent`, tone: "ok" });
      void client.invalidateQueries({ queryKey: queryKeys.snapshots(server.account, server.id) });
    },
    onError: (e, { what }) => toast({ message: `${what} failed: ${FleetdeckError.from(e).message}`, tone: "bad" }),
  });
  const busy = send.isPending;

  return (
    <section data-testid="snapshots">
      <h3 className="section-label">Snapshots</h3>
      {caps.create && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate(
              {
                what: `Snapshot of ${server.name}`,
                call: () => createSnapshot(addressOf(server), caps.named && name.trim() !== "" ? name.trim() : null),
              },
              { onSuccess: () => setName("") },
            );
          }}
        >
          {caps.named && (
            <input
              aria-label="Snapshot name"
              placeholder="Snapshot name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="snapshot-name"
            />
          )}
          <button type="submit" disabled={busy} data-testid="snapshot-create">
            Create snapshot
          </button>
        </form>
      )}
      {list.isPending && <p className="muted">Loading…</p>}
      {list.isError && <ErrorNotice error={list.error} />}
      {list.isSuccess && list.data.failures[0] && <ErrorNotice error={list.data.failures[0].error} />}
      {list.isSuccess && list.data.items.length === 0 && (
        <p className="muted" data-testid="snapshots-empty">
          No snapshots.
        </p>
      )}
      {list.isSuccess && list.data.items.length > 0 && (
        <ul className="plain-list" data-testid="snapshot-list">
          {list.data.items.map((s) => (
            <li key={s.id} className="snapshot" data-testid={`snapshot-${s.id}`}>
              <span>
                {s.name} <span className="muted">{s.status}{s.createdAt ? ` · ${s.createdAt.slice(0, 16).replace("T", " ")}` : ""}{s.sizeGb !== null ? ` · ${s.sizeGb} GB` : ""}</span>
              </span>
              {caps.restore && (
                <button type="button" disabled={busy} onClick={() => setConfirm({ snapshot: s, kind: "restore" })} data-testid={`snapshot-restore-${s.id}`}>
                  Restore…
                </button>
              )}
              {caps.delete && (
                <button type="button" className="danger" disabled={busy} onClick={() => setConfirm({ snapshot: s, kind: "delete" })} data-testid={`snapshot-delete-${s.id}`}>
                  Delete…
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
              what: kind === "delete" ? `Delete snapshot ${snapshot.name}` : `Restore ${server.name} from ${snapshot.name}`,
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
  const [typed, setTyped] = useState("");
  const expected = kind === "restore" ? server.name : snapshot.name;
  return (
    <Dialog title={kind === "restore" ? `Restore ${server.name}` : `Delete snapshot ${snapshot.name}`} onClose={onClose} testId="snapshot-confirm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === expected) onConfirm();
        }}
      >
        <p>
          {kind === "restore"
            ? `Server ${server.name} of account ${server.account} (${providerLabel(server.provider)}) is overwritten with snapshot ${snapshot.name}.`
            : `Snapshot ${snapshot.name} of server ${server.name}, account ${server.account} (${providerLabel(server.provider)}) is deleted for good.`}
        </p>
        <Field label={`Type ${expected} to confirm`}>
          {(p) => <input {...p} value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="snapshot-confirm-input" />}
        </Field>
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={typed !== expected} data-testid="snapshot-confirm-ok">
            {kind === "restore" ? "Restore" : "Delete"}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
