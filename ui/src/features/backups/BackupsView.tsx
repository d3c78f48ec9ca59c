import * as Tabs from "@radix-ui/react-tabs";
import { useMemo, useState } from "react";

import type { AccountView } from "../../bindings/AccountView";
import type { Backup } from "../../bindings/Backup";
import type { BackupOptions } from "../../bindings/BackupOptions";
import type { BackupPolicy } from "../../bindings/BackupPolicy";
import type { BackupPolicyRequest } from "../../bindings/BackupPolicyRequest";
import type { Server } from "../../bindings/Server";
import { Dialog, Field } from "../../app/Dialog";
import { queryKeys } from "../../app/queryKeys";
import { useAccounts } from "../../app/useAccounts";
import { useNow } from "../../app/useNow";
import {
  backupPolicies,
  backups,
  createBackup,
  deleteBackup,
  deleteBackupPolicy,
  downloadBackup,
  setBackupPolicy,
} from "../../platform";
import { providerLabel } from "../accounts/descriptors";
import { addressOf, ago } from "../servers/model";
import { useFleetServers } from "../servers/useFleetServers";
import { TypedConfirm } from "../storage/dialogs";
import { sizeText, timeText } from "../storage/format";
import type { TableColumn } from "../storage/ResourceTable";
import { isFullPath, SavePathField } from "../storage/SavePathField";
import { AccountCell, ResourceView } from "../storage/ResourceView";
import { useScopedAccounts } from "../storage/scope";
import { StatusBadge } from "../storage/StatusBadge";
import { moneyText } from "../plans/money";
import { perAccount, useAccountListings } from "../storage/useAccountListings";
import { useRun } from "../storage/useRun";
import { backupOptions, COMPRESSIONS, EXPIRY_CHOICES, type ExpiryChoice, expiryAt } from "./backupOptions";
import { nextBackupAt, scheduleText, WEEKDAYS } from "./schedule";

type Pane = "schedules" | "backups";

/**
 * Backups: the backup schedules (Cloudzy backup profiles: list, create with frequency, weekdays
 * and retention, update, delete) and whole-server backups (LXD: list, create, delete), each for
 * the accounts whose provider offers them. Two tables, so two tabs when both are offered.
 */
export function BackupsView() {
  const schedules = useScopedAccounts((c) => c.backups.policies);
  const lxd = useScopedAccounts((c) => c.backups.list);
  const panes: Pane[] = [
    ...(schedules.names.length > 0 ? (["schedules"] as const) : []),
    ...(lxd.names.length > 0 ? (["backups"] as const) : []),
  ];
  const [chosen, setChosen] = useState<Pane>("schedules");
  const pane: Pane = panes.includes(chosen) ? chosen : (panes[0] ?? "schedules");
  const list =
    panes.length > 1 ? (
      <Tabs.List className="storage-tabs-list" aria-label="Backup kinds">
        <Tabs.Trigger className="storage-tab" value="schedules" data-testid="backups-tab-schedules">
          Schedules
        </Tabs.Trigger>
        <Tabs.Trigger className="storage-tab" value="backups" data-testid="backups-tab-backups">
          Server backups
        </Tabs.Trigger>
      </Tabs.List>
    ) : null;
  return (
    <Tabs.Root className="tabs-root" value={pane} onValueChange={(v) => setChosen(v as Pane)}>
      <Tabs.Content className="tabs-panel" value="schedules">
        <SchedulesPane tabs={list} />
      </Tabs.Content>
      <Tabs.Content className="tabs-panel" value="backups">
        <ServerBackupsPane tabs={list} />
      </Tabs.Content>
    </Tabs.Root>
  );
}

const policyId = (p: BackupPolicy) => `${p.account}/${p.serverId}`;

function SchedulesPane({ tabs }: { tabs: React.ReactNode }) {
  const { scope, names, byName } = useScopedAccounts((c) => c.backups.policies);
  const { colors } = useAccounts();
  const listing = useAccountListings(perAccount(names, (a) => queryKeys.backupPolicies(a), (a) => backupPolicies([a])));
  const fleet = useFleetServers(null, names.length > 0);
  const servers = useMemo(() => fleet.data?.servers ?? [], [fleet.data]);
  const now = useNow();
  const { busy, run } = useRun();
  const [dialog, setDialog] = useState<{ kind: "edit"; policy: BackupPolicy | null } | { kind: "delete"; policy: BackupPolicy } | null>(null);
  const nameOf = (p: BackupPolicy) => servers.find((s) => s.account === p.account && s.id === p.serverId)?.name ?? p.serverId;

  const columns = useMemo<TableColumn<BackupPolicy>[]>(() => {
    const name = (p: BackupPolicy) => servers.find((s) => s.account === p.account && s.id === p.serverId)?.name ?? p.serverId;
    const next = (p: BackupPolicy) => nextBackupAt(p, now);
    return [
      { id: "server", title: "Server", text: name },
      { id: "account", title: "Account", text: (p) => p.account, cell: (p) => <AccountCell account={p.account} color={colors[p.account] ?? null} /> },
      { id: "provider", title: "Provider", text: (p) => providerLabel(p.provider) },
      { id: "status", title: "Status", text: (p) => p.status, cell: (p) => <StatusBadge status={p.status} /> },
      { id: "frequency", title: "Schedule", text: scheduleText },
      { id: "retention", title: "Retention", text: (p) => (p.retentionId === null ? "" : `${String(p.retentionId)} days`) },
      {
        id: "last",
        title: "Last backup",
        text: (p) => p.lastSuccessAt ?? "",
        cell: (p) => (p.lastSuccessAt ? <span title={timeText(p.lastSuccessAt)}>{ago(p.lastSuccessAt, now)}</span> : "never"),
      },
      {
        id: "next",
        title: "Next (est.)",
        text: (p) => {
          const n = next(p);
          return n === null ? "" : new Date(n).toISOString();
        },
        cell: (p) => {
          const n = next(p);
          return n === null ? "—" : timeText(new Date(n).toISOString());
        },
      },
      { id: "price", title: "Monthly", text: (p) => moneyText(p.monthlyPrice) },
    ];
  }, [servers, colors, now]);
  const facets = useMemo(() => (p: BackupPolicy) => ({ account: p.account, provider: p.provider, status: p.status }), []);
  const accounts = names.map((n) => byName.get(n)).filter((v): v is AccountView => v !== undefined);

  const createButton = names.length > 0 && (
    <button type="button" className="primary" onClick={() => setDialog({ kind: "edit", policy: null })} data-testid="backups-schedule-create">
      New schedule…
    </button>
  );
  return (
    <ResourceView
      view="schedules"
      title="Backups"
      scope={scope}
      noun={["schedule", "schedules"]}
      listing={listing}
      columns={columns}
      rowId={policyId}
      facets={facets}
      actions={createButton}
      tabs={tabs}
      empty={{
        title: "No backup schedules",
        text:
          names.length > 0
            ? "A backup schedule has the provider copy a server daily or weekly and keep the copies for the days you choose."
            : `${scope ?? "No account"} offers no backup schedules.`,
        ...(createButton ? { action: createButton } : {}),
      }}
      detail={(p) => ({
        title: `Schedule of ${nameOf(p)}`,
        fields: [
          ["Server", nameOf(p)],
          ["Account", `${p.account} (${providerLabel(p.provider)})`],
          ["Status", <StatusBadge status={p.status} />],
          ["Schedule", scheduleText(p)],
          ["Retention", p.retentionId === null ? "unknown" : `${String(p.retentionId)} days`],
          ["Last backup", timeText(p.lastSuccessAt) || "never"],
          ["Next (estimated)", (() => { const n = nextBackupAt(p, now); return n === null ? "—" : timeText(new Date(n).toISOString()); })()],
          ["Backups kept", p.backups.map((b) => `${b.name} (${timeText(b.createdAt)})`).join(", ") || "none yet"],
        ],
        actions: (
          <>
            <button type="button" disabled={busy} onClick={() => setDialog({ kind: "edit", policy: p })} data-testid="schedule-edit">
              Change…
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => setDialog({ kind: "delete", policy: p })} data-testid="schedule-delete">
              Delete…
            </button>
          </>
        ),
        raw: p.raw,
      })}
    >
      {dialog?.kind === "edit" && (
        <ScheduleDialog
          policy={dialog.policy}
          servers={servers.filter(
            (s) => accounts.some((a) => a.account.name === s.account) && !listing.items.some((p) => p.account === s.account && p.serverId === s.id),
          )}
          nameOf={nameOf}
          onClose={() => setDialog(null)}
          onSave={(server, request) => {
            const replace = dialog.policy !== null;
            setDialog(null);
            const account = server.split("/")[0] ?? "";
            void run(`${replace ? "Change" : "Create"} the backup schedule`, queryKeys.backupPolicies(account), () =>
              setBackupPolicy(server, request, replace),
            );
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <TypedConfirm
          title={`Delete the backup schedule of ${nameOf(dialog.policy)}`}
          text={`Server ${nameOf(dialog.policy)} of account ${dialog.policy.account} (${providerLabel(dialog.policy.provider)}) is no longer backed up; the provider may delete the backups it kept.`}
          expected={nameOf(dialog.policy)}
          verb="Delete schedule"
          onClose={() => setDialog(null)}
          onConfirm={() => {
            const p = dialog.policy;
            setDialog(null);
            void run(`Delete the backup schedule of ${nameOf(p)}`, queryKeys.backupPolicies(p.account), () =>
              deleteBackupPolicy(policyId(p)),
            );
          }}
        />
      )}
    </ResourceView>
  );
}

/** Create (pick a server) or change a schedule: frequency, weekdays when weekly, retention in days. */
function ScheduleDialog({
  policy,
  servers,
  nameOf,
  onClose,
  onSave,
}: {
  policy: BackupPolicy | null;
  servers: readonly Server[];
  nameOf: (p: BackupPolicy) => string;
  onClose: () => void;
  onSave: (server: string, request: BackupPolicyRequest) => void;
}) {
  const [server, setServer] = useState("");
  const [frequency, setFrequency] = useState(policy?.frequency ?? "daily");
  const [weekdays, setWeekdays] = useState<string[]>(policy?.weekdays ?? []);
  const [retention, setRetention] = useState(policy?.retentionId === null || policy === null ? "7" : String(policy.retentionId));
  const address = policy ? policyId(policy) : server;
  const days = Number(retention);
  const valid = address !== "" && Number.isInteger(days) && days > 0 && (frequency !== "weekly" || weekdays.length > 0);
  return (
    <Dialog title={policy ? `Backup schedule of ${nameOf(policy)}` : "New backup schedule"} onClose={onClose} testId="schedule-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!valid) return;
          onSave(address, {
            serverId: address.slice(address.indexOf("/") + 1),
            frequency,
            retentionId: days,
            weekdays: frequency === "weekly" ? weekdays : [],
          });
        }}
      >
        {!policy && (
          <Field label="Server">
            {(p) => (
              <select {...p} value={server} onChange={(e) => setServer(e.target.value)} data-testid="schedule-server">
                <option value="">Choose a server…</option>
                {servers.map((s) => (
                  <option key={addressOf(s)} value={addressOf(s)}>
                    {s.name} — {s.account}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="Frequency">
          {(p) => (
            <select {...p} value={frequency} onChange={(e) => setFrequency(e.target.value)} data-testid="schedule-frequency">
              <option value="daily">Daily</option>
              <option value="weekly">Weekly</option>
            </select>
          )}
        </Field>
        {frequency === "weekly" && (
          <fieldset className="provider-choice weekday-choice" data-testid="schedule-weekdays">
            <legend>On</legend>
            {WEEKDAYS.map((d) => (
              <label key={d}>
                <input
                  type="checkbox"
                  checked={weekdays.includes(d)}
                  onChange={(e) => setWeekdays((w) => (e.target.checked ? [...w, d] : w.filter((x) => x !== d)))}
                  data-testid={`schedule-day-${d}`}
                />
                {d.slice(0, 3)}
              </label>
            ))}
          </fieldset>
        )}
        <Field label="Retention (days)" hint="How long each backup is kept">
          {(p) => (
            <input {...p} type="number" min={1} value={retention} onChange={(e) => setRetention(e.target.value)} data-testid="schedule-retention" />
          )}
        </Field>
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!valid} data-testid="schedule-save">
            {policy ? "Save schedule" : "Create schedule"}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

const backupId = (b: Backup) => `${b.account}/${b.id}`;

function ServerBackupsPane({ tabs }: { tabs: React.ReactNode }) {
  const { scope, names, byName } = useScopedAccounts((c) => c.backups.list);
  const { colors } = useAccounts();
  const listing = useAccountListings(perAccount(names, (a) => queryKeys.backups(a), (a) => backups([a], null)));
  const fleet = useFleetServers(null, names.length > 0);
  const servers = useMemo(() => fleet.data?.servers ?? [], [fleet.data]);
  const now = useNow();
  const { busy, run } = useRun();
  const [dialog, setDialog] = useState<
    { kind: "create" } | { kind: "delete"; backup: Backup } | { kind: "download"; backup: Backup } | null
  >(null);
  const serverName = (b: Backup) =>
    b.serverId === null ? "" : (servers.find((s) => s.account === b.account && s.id === b.serverId)?.name ?? `${b.serverId} (gone)`);
  const columns = useMemo<TableColumn<Backup>[]>(
    () => [
      { id: "name", title: "Name", text: (b) => b.name },
      {
        id: "server",
        title: "Server",
        text: (b) =>
          b.serverId === null ? "" : (servers.find((s) => s.account === b.account && s.id === b.serverId)?.name ?? `${b.serverId} (gone)`),
      },
      { id: "account", title: "Account", text: (b) => b.account, cell: (b) => <AccountCell account={b.account} color={colors[b.account] ?? null} /> },
      { id: "provider", title: "Provider", text: (b) => providerLabel(b.provider) },
      { id: "status", title: "Status", text: (b) => b.status, cell: (b) => <StatusBadge status={b.status} /> },
      { id: "size", title: "Size", text: (b) => sizeText(b.sizeGb) },
      { id: "created", title: "Created", text: (b) => b.createdAt ?? "", cell: (b) => (b.createdAt ? ago(b.createdAt, now) : "") },
      { id: "expires", title: "Expires", text: (b) => timeText(b.expiresAt) },
    ],
    [servers, colors, now],
  );
  const facets = useMemo(() => (b: Backup) => ({ account: b.account, provider: b.provider, status: b.status }), []);
  const creators = names.map((n) => byName.get(n)).filter((v): v is AccountView => v?.capabilities.backups.create === true);
  const createButton = creators.length > 0 && (
    <button type="button" className="primary" onClick={() => setDialog({ kind: "create" })} data-testid="backups-create">
      New backup…
    </button>
  );
  return (
    <ResourceView
      view="backups"
      title="Backups"
      scope={scope}
      noun={["backup", "backups"]}
      listing={listing}
      columns={columns}
      rowId={backupId}
      facets={facets}
      actions={createButton}
      tabs={tabs}
      empty={{
        title: "No server backups",
        text:
          names.length > 0
            ? "A backup is a whole-server copy (disk and configuration) kept by the host, to restore or move the server later."
            : `${scope ?? "No account"} offers no server backups.`,
        ...(createButton ? { action: createButton } : {}),
      }}
      detail={(b) => ({
        title: b.name,
        fields: [
          ["Server", serverName(b) || "—"],
          ["Account", `${b.account} (${providerLabel(b.provider)})`],
          ["Status", <StatusBadge status={b.status} />],
          ["Size", sizeText(b.sizeGb) || "unknown"],
          ["Created", timeText(b.createdAt) || "unknown"],
          ["Expires", timeText(b.expiresAt) || "never"],
        ],
        actions: (
          <>
            {byName.get(b.account)?.capabilities.backups.download && (
              <button type="button" disabled={busy} onClick={() => setDialog({ kind: "download", backup: b })} data-testid="backup-download">
                Download…
              </button>
            )}
            {byName.get(b.account)?.capabilities.backups.delete && (
              <button type="button" className="danger" disabled={busy} onClick={() => setDialog({ kind: "delete", backup: b })} data-testid="backup-delete">
                Delete…
              </button>
            )}
          </>
        ),
        raw: b.raw,
      })}
    >
      {dialog?.kind === "create" && (
        <CreateBackupDialog
          servers={servers.filter((s) => creators.some((a) => a.account.name === s.account))}
          onClose={() => setDialog(null)}
          onCreate={(server, options) => {
            setDialog(null);
            void run(`Backup of ${server.name}`, queryKeys.backups(server.account), () => createBackup(addressOf(server), options));
          }}
        />
      )}
      {dialog?.kind === "download" && (
        <DownloadBackupDialog
          backup={dialog.backup}
          onClose={() => setDialog(null)}
          onSubmit={(path) => {
            const b = dialog.backup;
            setDialog(null);
            // Rust writes the file; the job's progress bar follows the bytes.
            void run(`Download backup ${b.name}`, queryKeys.backups(b.account), () => downloadBackup(backupId(b), path));
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <TypedConfirm
          title={`Delete backup ${dialog.backup.name}`}
          text={`Backup ${dialog.backup.name} of ${serverName(dialog.backup) || "a server"}, account ${dialog.backup.account} (${providerLabel(dialog.backup.provider)}), is deleted for good.`}
          expected={dialog.backup.name}
          verb="Delete"
          onClose={() => setDialog(null)}
          onConfirm={() => {
            const b = dialog.backup;
            setDialog(null);
            void run(`Delete backup ${b.name}`, queryKeys.backups(b.account), () => deleteBackup(backupId(b)));
          }}
        />
      )}
    </ResourceView>
  );
}

/**
 * Where to save a backup's file: a full path typed or chosen in the native "Save as…" dialog
 * (SavePathField: Rust opens it and answers the path); Rust writes the file, never replacing one.
 */
function DownloadBackupDialog({ backup, onClose, onSubmit }: { backup: Backup; onClose: () => void; onSubmit: (path: string) => void }) {
  const [path, setPath] = useState("");
  const trimmed = path.trim();
  const full = isFullPath(trimmed);
  return (
    <Dialog title={`Download backup ${backup.name}`} onClose={onClose} testId="backup-download-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (full) onSubmit(trimmed);
        }}
      >
        <SavePathField
          label="Save as"
          hint="A new .tar.gz, .tar.xz… file; an existing file is never replaced"
          purpose="backupArchive"
          suggestedName={`${backup.id.replace(/\//g, "-")}.tar.gz`}
          value={path}
          onChange={setPath}
          error={trimmed !== "" && !full ? "Give the full path, from / (or a drive letter)" : undefined}
          testId="backup-download-dialog-input"
        />
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!full} data-testid="backup-download-dialog-ok">
            Download
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

/**
 * Create an LXD backup: the server, and the options LXD's backup creation takes — a name, when the
 * host deletes it by itself, whether the snapshots are left out, the storage driver's own format,
 * the compression.
 */
function CreateBackupDialog({
  servers,
  onClose,
  onCreate,
}: {
  servers: readonly Server[];
  onClose: () => void;
  onCreate: (server: Server, options: BackupOptions) => void;
}) {
  const [address, setAddress] = useState("");
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState<ExpiryChoice>("never");
  const [date, setDate] = useState("");
  const [instanceOnly, setInstanceOnly] = useState(false);
  const [optimizedStorage, setOptimizedStorage] = useState(false);
  const [compression, setCompression] = useState("");
  const now = useNow();
  const server = servers.find((s) => addressOf(s) === address);
  const expiresAt = expiryAt(expiry, date, now);
  const valid = server !== undefined && expiresAt !== undefined;
  return (
    <Dialog title="New backup" onClose={onClose} testId="backup-create-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          // Taken again at the click: a span counts from the moment the backup is asked for.
          const at = expiryAt(expiry, date, Date.now());
          if (server && at !== undefined) onCreate(server, backupOptions({ name, expiresAt: at, instanceOnly, optimizedStorage, compression }));
        }}
      >
        <Field label="Server">
          {(p) => (
            <select {...p} value={address} onChange={(e) => setAddress(e.target.value)} data-testid="backup-create-server">
              <option value="">Choose a server…</option>
              {servers.map((s) => (
                <option key={addressOf(s)} value={addressOf(s)}>
                  {s.name} — {s.account}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Name" hint="Optional; the host names it otherwise">
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} data-testid="backup-create-name" />}
        </Field>
        <Field label="Expires" hint="The host deletes the backup by itself then">
          {(p) => (
            <select {...p} value={expiry} onChange={(e) => setExpiry(e.target.value as ExpiryChoice)} data-testid="backup-create-expiry">
              {EXPIRY_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {expiry === "date" && (
          <Field label="Expiry date" hint={date !== "" && expiresAt === undefined ? "Choose a day after today" : "At the end of that day"}>
            {(p) => <input {...p} type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="backup-create-expiry-date" />}
          </Field>
        )}
        <Field label="Compression">
          {(p) => (
            <select {...p} value={compression} onChange={(e) => setCompression(e.target.value)} data-testid="backup-create-compression">
              {COMPRESSIONS.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="provider-choice" data-testid="backup-create-flags">
          <legend>Contents</legend>
          <label>
            <input type="checkbox" checked={instanceOnly} onChange={(e) => setInstanceOnly(e.target.checked)} data-testid="backup-create-instance-only" />
            Leave the server&apos;s snapshots out
          </label>
          <label>
            <input
              type="checkbox"
              checked={optimizedStorage}
              onChange={(e) => setOptimizedStorage(e.target.checked)}
              data-testid="backup-create-optimized-storage"
            />
            Storage driver&apos;s own format (faster; restores only on a pool of the same driver)
          </label>
        </fieldset>
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!valid} data-testid="backup-create-ok">
            Create backup
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
