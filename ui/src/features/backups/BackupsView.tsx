import * as Tabs from "@radix-ui/react-tabs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

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
import { formatDateTime, formatMoney, formatRelative } from "../../i18n/format";
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
import { addressOf } from "../servers/model";
import { useFleetServers } from "../servers/useFleetServers";
import { TypedConfirm } from "../storage/dialogs";
import { sizeSort, sizeText, timeSort, timeText } from "../storage/format";
import type { TableColumn } from "../storage/ResourceTable";
import { isFullPath, SavePathField } from "../storage/SavePathField";
import { AccountCell, ResourceView } from "../storage/ResourceView";
import { useScopedAccounts } from "../storage/scope";
import { StatusBadge } from "../storage/StatusBadge";
import { perAccount, useAccountListings } from "../storage/useAccountListings";
import { useRun } from "../storage/useRun";
import { backupOptions, COMPRESSIONS, EXPIRY_CHOICES, type ExpiryChoice, expiryAt } from "./backupOptions";
import { nextBackupAt, scheduleText, WEEKDAYS, type ScheduleWords } from "./schedule";

type Pane = "schedules" | "backups";

/**
 * Backups: the backup schedules (Cloudzy backup profiles: list, create with frequency, weekdays
 * and retention, update, delete) and whole-server backups (LXD: list, create, delete), each for
 * the accounts whose provider offers them. Two tables, so two tabs when both are offered.
 */
export function BackupsView() {
  const { t } = useTranslation("storage");
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
      <Tabs.List className="storage-tabs-list" aria-label={t("schedules.tabs")}>
        <Tabs.Trigger className="storage-tab" value="schedules" data-testid="backups-tab-schedules">
          {t("schedules.tab")}
        </Tabs.Trigger>
        <Tabs.Trigger className="storage-tab" value="backups" data-testid="backups-tab-backups">
          {t("backups.tab")}
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

const FREQUENCIES = { daily: "schedules.frequencies.daily", weekly: "schedules.frequencies.weekly" } as const;
const isWeekday = (d: string): d is (typeof WEEKDAYS)[number] => (WEEKDAYS as readonly string[]).includes(d);

/** A schedule's frequency and weekdays in the UI's language (a word of the provider's own as sent). */
function useScheduleWords(): ScheduleWords {
  const { t } = useTranslation("storage");
  return useMemo(
    () => ({
      frequency: (f) => (Object.prototype.hasOwnProperty.call(FREQUENCIES, f) ? t(FREQUENCIES[f as keyof typeof FREQUENCIES]) : f),
      weekday: (d) => (isWeekday(d) ? t(`schedules.weekdays.${d}`) : d),
    }),
    [t],
  );
}

function SchedulesPane({ tabs }: { tabs: React.ReactNode }) {
  const { scope, names, byName } = useScopedAccounts((c) => c.backups.policies);
  const { colors } = useAccounts();
  const { t, i18n } = useTranslation(["storage", "common", "shell"]);
  const lng = i18n.language;
  const words = useScheduleWords();
  const listing = useAccountListings(perAccount(names, (a) => queryKeys.backupPolicies(a), (a) => backupPolicies([a])));
  const fleet = useFleetServers(null, names.length > 0);
  const servers = useMemo(() => fleet.data?.servers ?? [], [fleet.data]);
  const now = useNow();
  const { busy, run } = useRun();
  const [dialog, setDialog] = useState<{ kind: "edit"; policy: BackupPolicy | null } | { kind: "delete"; policy: BackupPolicy } | null>(null);
  const days = (p: BackupPolicy) => (p.retentionId === null ? null : t("values.days", { count: p.retentionId }));
  const nextText = (p: BackupPolicy) => {
    const n = nextBackupAt(p, now);
    return n === null ? "—" : formatDateTime(n, lng);
  };
  const nameOf = (p: BackupPolicy) => servers.find((s) => s.account === p.account && s.id === p.serverId)?.name ?? p.serverId;

  const columns = useMemo<TableColumn<BackupPolicy>[]>(() => {
    const name = (p: BackupPolicy) => servers.find((s) => s.account === p.account && s.id === p.serverId)?.name ?? p.serverId;
    const next = (p: BackupPolicy) => nextBackupAt(p, now);
    const retention = (p: BackupPolicy) =>
      p.retentionId === null ? "" : t("values.days", { count: p.retentionId });
    return [
      { id: "server", title: t("fields.server"), text: name },
      { id: "account", title: t("fields.account"), text: (p) => p.account, cell: (p) => <AccountCell account={p.account} color={colors[p.account] ?? null} /> },
      { id: "provider", title: t("fields.provider"), text: (p) => providerLabel(p.provider) },
      { id: "status", title: t("fields.status"), text: (p) => p.status, cell: (p) => <StatusBadge status={p.status} /> },
      { id: "frequency", title: t("fields.schedule"), text: (p) => scheduleText(p, words) },
      { id: "retention", title: t("fields.retention"), text: retention, sort: (p) => (p.retentionId === null ? "" : String(p.retentionId)) },
      {
        id: "last",
        title: t("fields.lastBackup"),
        text: (p) => p.lastSuccessAt ?? "",
        cell: (p) =>
          p.lastSuccessAt ? <span title={formatDateTime(p.lastSuccessAt, lng)}>{formatRelative(p.lastSuccessAt, now, lng)}</span> : t("values.never"),
      },
      {
        id: "next",
        title: t("fields.nextShort"),
        text: (p) => {
          const n = next(p);
          return n === null ? "" : new Date(n).toISOString();
        },
        cell: (p) => {
          const n = next(p);
          return n === null ? "—" : formatDateTime(n, lng);
        },
      },
      { id: "price", title: t("fields.monthly"), text: (p) => (p.monthlyPrice ? formatMoney(p.monthlyPrice.amount, p.monthlyPrice.currency, lng) : "") },
    ];
  }, [servers, colors, now, t, lng, words]);
  const facets = useMemo(() => (p: BackupPolicy) => ({ account: p.account, provider: p.provider, status: p.status }), []);
  const accounts = names.map((n) => byName.get(n)).filter((v): v is AccountView => v !== undefined);

  const createButton = names.length > 0 && (
    <button type="button" className="primary" onClick={() => setDialog({ kind: "edit", policy: null })} data-testid="backups-schedule-create">
      {t("schedules.create")}
    </button>
  );
  return (
    <ResourceView
      view="schedules"
      title={t("shell:views.backups")}
      scope={scope}
      noun={[t("schedules.noun"), t("schedules.nounPlural")]}
      listing={listing}
      columns={columns}
      rowId={policyId}
      facets={facets}
      actions={createButton}
      tabs={tabs}
      empty={{
        title: t("schedules.emptyTitle"),
        text:
          names.length > 0
            ? t("schedules.emptyText")
            : scope
              ? t("schedules.noneOffered", { scope })
              : t("schedules.noneOfferedAnywhere"),
        ...(createButton ? { action: createButton } : {}),
      }}
      detail={(p) => ({
        title: t("schedules.detailTitle", { server: nameOf(p) }),
        fields: [
          [t("fields.server"), nameOf(p)],
          [t("fields.account"), `${p.account} (${providerLabel(p.provider)})`],
          [t("fields.status"), <StatusBadge status={p.status} />],
          [t("fields.schedule"), scheduleText(p, words)],
          [t("fields.retention"), days(p) ?? t("values.unknown")],
          [t("fields.lastBackup"), formatDateTime(p.lastSuccessAt, lng) || t("values.never")],
          [t("fields.nextEstimated"), nextText(p)],
          [t("fields.backupsKept"), p.backups.map((b) => `${b.name} (${formatDateTime(b.createdAt, lng)})`).join(", ") || t("values.noneYet")],
        ],
        actions: (
          <>
            <button type="button" disabled={busy} onClick={() => setDialog({ kind: "edit", policy: p })} data-testid="schedule-edit">
              {t("schedules.change")}
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => setDialog({ kind: "delete", policy: p })} data-testid="schedule-delete">
              {t("actions.delete")}
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
            void run(replace ? t("schedules.runChange") : t("schedules.runCreate"), queryKeys.backupPolicies(account), () =>
              setBackupPolicy(server, request, replace),
            );
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <TypedConfirm
          title={t("schedules.deleteTitle", { server: nameOf(dialog.policy) })}
          text={t("schedules.deleteText", {
            server: nameOf(dialog.policy),
            account: dialog.policy.account,
            provider: providerLabel(dialog.policy.provider),
          })}
          expected={nameOf(dialog.policy)}
          verb={t("schedules.deleteVerb")}
          onClose={() => setDialog(null)}
          onConfirm={() => {
            const p = dialog.policy;
            setDialog(null);
            void run(t("schedules.deleteTitle", { server: nameOf(p) }), queryKeys.backupPolicies(p.account), () =>
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
  const { t } = useTranslation(["storage", "common"]);
  const [server, setServer] = useState("");
  const [frequency, setFrequency] = useState(policy?.frequency ?? "daily");
  const [weekdays, setWeekdays] = useState<string[]>(policy?.weekdays ?? []);
  const [retention, setRetention] = useState(policy?.retentionId === null || policy === null ? "7" : String(policy.retentionId));
  const address = policy ? policyId(policy) : server;
  const days = Number(retention);
  const valid = address !== "" && Number.isInteger(days) && days > 0 && (frequency !== "weekly" || weekdays.length > 0);
  return (
    <Dialog title={policy ? t("schedules.dialog.titleEdit", { server: nameOf(policy) }) : t("schedules.dialog.titleNew")} onClose={onClose} testId="schedule-dialog">
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
          <Field label={t("fields.server")}>
            {(p) => (
              <select {...p} value={server} onChange={(e) => setServer(e.target.value)} data-testid="schedule-server">
                <option value="">{t("actions.chooseServer")}</option>
                {servers.map((s) => (
                  <option key={addressOf(s)} value={addressOf(s)}>
                    {s.name} — {s.account}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t("schedules.dialog.frequency")}>
          {(p) => (
            <select {...p} value={frequency} onChange={(e) => setFrequency(e.target.value)} data-testid="schedule-frequency">
              <option value="daily">{t("schedules.dialog.daily")}</option>
              <option value="weekly">{t("schedules.dialog.weekly")}</option>
            </select>
          )}
        </Field>
        {frequency === "weekly" && (
          <fieldset className="provider-choice weekday-choice" data-testid="schedule-weekdays">
            <legend>{t("schedules.dialog.on")}</legend>
            {WEEKDAYS.map((d) => (
              <label key={d}>
                <input
                  type="checkbox"
                  checked={weekdays.includes(d)}
                  onChange={(e) => setWeekdays((w) => (e.target.checked ? [...w, d] : w.filter((x) => x !== d)))}
                  data-testid={`schedule-day-${d}`}
                />
                {t(`schedules.weekdaysShort.${d}`)}
              </label>
            ))}
          </fieldset>
        )}
        <Field label={t("schedules.dialog.retention")} hint={t("schedules.dialog.retentionHint")}>
          {(p) => (
            <input {...p} type="number" min={1} value={retention} onChange={(e) => setRetention(e.target.value)} data-testid="schedule-retention" />
          )}
        </Field>
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="primary" disabled={!valid} data-testid="schedule-save">
            {policy ? t("schedules.dialog.save") : t("schedules.dialog.create")}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

const backupId = (b: Backup) => `${b.account}/${b.id}`;

function ServerBackupsPane({ tabs }: { tabs: React.ReactNode }) {
  const { scope, names, byName } = useScopedAccounts((c) => c.backups.list);
  const { t, i18n } = useTranslation(["storage", "common", "shell"]);
  const lng = i18n.language;
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
    b.serverId === null
      ? ""
      : (servers.find((s) => s.account === b.account && s.id === b.serverId)?.name ?? t("values.gone", { id: b.serverId }));
  const columns = useMemo<TableColumn<Backup>[]>(
    () => [
      { id: "name", title: t("fields.name"), text: (b) => b.name },
      {
        id: "server",
        title: t("fields.server"),
        text: (b) =>
          b.serverId === null
            ? ""
            : (servers.find((s) => s.account === b.account && s.id === b.serverId)?.name ?? t("values.gone", { id: b.serverId })),
      },
      { id: "account", title: t("fields.account"), text: (b) => b.account, cell: (b) => <AccountCell account={b.account} color={colors[b.account] ?? null} /> },
      { id: "provider", title: t("fields.provider"), text: (b) => providerLabel(b.provider) },
      { id: "status", title: t("fields.status"), text: (b) => b.status, cell: (b) => <StatusBadge status={b.status} /> },
      { id: "size", title: t("fields.size"), text: (b) => sizeText(b.sizeGb), sort: (b) => sizeSort(b.sizeGb) },
      {
        id: "created",
        title: t("fields.created"),
        text: (b) => b.createdAt ?? "",
        cell: (b) => (b.createdAt ? <span title={formatDateTime(b.createdAt, lng)}>{formatRelative(b.createdAt, now, lng)}</span> : ""),
      },
      { id: "expires", title: t("fields.expires"), text: (b) => timeText(b.expiresAt), sort: (b) => timeSort(b.expiresAt) },
    ],
    [servers, colors, now, t, lng],
  );
  const facets = useMemo(() => (b: Backup) => ({ account: b.account, provider: b.provider, status: b.status }), []);
  const creators = names.map((n) => byName.get(n)).filter((v): v is AccountView => v?.capabilities.backups.create === true);
  const createButton = creators.length > 0 && (
    <button type="button" className="primary" onClick={() => setDialog({ kind: "create" })} data-testid="backups-create">
      {t("backups.create")}
    </button>
  );
  return (
    <ResourceView
      view="backups"
      title={t("shell:views.backups")}
      scope={scope}
      noun={[t("backups.noun"), t("backups.nounPlural")]}
      listing={listing}
      columns={columns}
      rowId={backupId}
      facets={facets}
      actions={createButton}
      tabs={tabs}
      empty={{
        title: t("backups.emptyTitle"),
        text:
          names.length > 0
            ? t("backups.emptyText")
            : scope
              ? t("backups.noneOffered", { scope })
              : t("backups.noneOfferedAnywhere"),
        ...(createButton ? { action: createButton } : {}),
      }}
      detail={(b) => ({
        title: b.name,
        fields: [
          [t("fields.server"), serverName(b) || "—"],
          [t("fields.account"), `${b.account} (${providerLabel(b.provider)})`],
          [t("fields.status"), <StatusBadge status={b.status} />],
          [t("fields.size"), sizeText(b.sizeGb) || t("values.unknown")],
          [t("fields.created"), timeText(b.createdAt) || t("values.unknown")],
          [t("fields.expires"), timeText(b.expiresAt) || t("values.never")],
        ],
        actions: (
          <>
            {byName.get(b.account)?.capabilities.backups.download && (
              <button type="button" disabled={busy} onClick={() => setDialog({ kind: "download", backup: b })} data-testid="backup-download">
                {t("backups.download")}
              </button>
            )}
            {byName.get(b.account)?.capabilities.backups.delete && (
              <button type="button" className="danger" disabled={busy} onClick={() => setDialog({ kind: "delete", backup: b })} data-testid="backup-delete">
                {t("actions.delete")}
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
            void run(t("backups.runCreate", { server: server.name }), queryKeys.backups(server.account), () => createBackup(addressOf(server), options));
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
            void run(t("backups.downloadTitle", { name: b.name }), queryKeys.backups(b.account), () => downloadBackup(backupId(b), path));
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <TypedConfirm
          title={t("backups.deleteTitle", { name: dialog.backup.name })}
          text={t("backups.deleteText", {
            name: dialog.backup.name,
            server: serverName(dialog.backup) || t("backups.aServer"),
            account: dialog.backup.account,
            provider: providerLabel(dialog.backup.provider),
          })}
          expected={dialog.backup.name}
          verb={t("common:delete")}
          onClose={() => setDialog(null)}
          onConfirm={() => {
            const b = dialog.backup;
            setDialog(null);
            void run(t("backups.deleteTitle", { name: b.name }), queryKeys.backups(b.account), () => deleteBackup(backupId(b)));
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
  const { t } = useTranslation(["storage", "common"]);
  const [path, setPath] = useState("");
  const trimmed = path.trim();
  const full = isFullPath(trimmed);
  return (
    <Dialog title={t("backups.downloadTitle", { name: backup.name })} onClose={onClose} testId="backup-download-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (full) onSubmit(trimmed);
        }}
      >
        <SavePathField
          label={t("backups.downloadDialog.saveAs")}
          hint={t("backups.downloadDialog.saveAsHint")}
          purpose="backupArchive"
          suggestedName={`${backup.id.replace(/\//g, "-")}.tar.gz`}
          value={path}
          onChange={setPath}
          error={trimmed !== "" && !full ? t("backups.downloadDialog.fullPath") : undefined}
          testId="backup-download-dialog-input"
        />
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="primary" disabled={!full} data-testid="backup-download-dialog-ok">
            {t("backups.downloadDialog.verb")}
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
  const { t } = useTranslation(["storage", "common"]);
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
    <Dialog title={t("backups.createDialog.title")} onClose={onClose} testId="backup-create-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          // Taken again at the click: a span counts from the moment the backup is asked for.
          const at = expiryAt(expiry, date, Date.now());
          if (server && at !== undefined) onCreate(server, backupOptions({ name, expiresAt: at, instanceOnly, optimizedStorage, compression }));
        }}
      >
        <Field label={t("fields.server")}>
          {(p) => (
            <select {...p} value={address} onChange={(e) => setAddress(e.target.value)} data-testid="backup-create-server">
              <option value="">{t("actions.chooseServer")}</option>
              {servers.map((s) => (
                <option key={addressOf(s)} value={addressOf(s)}>
                  {s.name} — {s.account}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("fields.name")} hint={t("backups.createDialog.nameHint")}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} data-testid="backup-create-name" />}
        </Field>
        <Field label={t("fields.expires")} hint={t("backups.createDialog.expiresHint")}>
          {(p) => (
            <select {...p} value={expiry} onChange={(e) => setExpiry(e.target.value as ExpiryChoice)} data-testid="backup-create-expiry">
              {EXPIRY_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {t(c.label)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {expiry === "date" && (
          <Field
            label={t("backups.createDialog.expiryDate")}
            hint={date !== "" && expiresAt === undefined ? t("backups.createDialog.expiryDateTooEarly") : t("backups.createDialog.expiryDateHint")}
          >
            {(p) => <input {...p} type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="backup-create-expiry-date" />}
          </Field>
        )}
        <Field label={t("backups.createDialog.compression")}>
          {(p) => (
            <select {...p} value={compression} onChange={(e) => setCompression(e.target.value)} data-testid="backup-create-compression">
              {COMPRESSIONS.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label ? t(c.label) : c.value}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="provider-choice" data-testid="backup-create-flags">
          <legend>{t("backups.createDialog.contents")}</legend>
          <label>
            <input type="checkbox" checked={instanceOnly} onChange={(e) => setInstanceOnly(e.target.checked)} data-testid="backup-create-instance-only" />
            {t("backups.createDialog.instanceOnly")}
          </label>
          <label>
            <input
              type="checkbox"
              checked={optimizedStorage}
              onChange={(e) => setOptimizedStorage(e.target.checked)}
              data-testid="backup-create-optimized-storage"
            />
            {t("backups.createDialog.optimizedStorage")}
          </label>
        </fieldset>
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="primary" disabled={!valid} data-testid="backup-create-ok">
            {t("backups.createDialog.verb")}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
