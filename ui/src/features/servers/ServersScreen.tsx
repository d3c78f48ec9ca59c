import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import type { AccountState } from "../../bindings/AccountState";
import type { Capabilities } from "../../bindings/Capabilities";
import type { ProviderKind } from "../../bindings/ProviderKind";
import type { Server } from "../../bindings/Server";
import type { ServerAction } from "../../bindings/ServerAction";
import type { ServerStatus } from "../../bindings/ServerStatus";
import { Dialog } from "../../app/Dialog";
import { ErrorNotice } from "../../app/ErrorNotice";
import { subscribeAppCommand, useOverlay, useToast } from "../../app/overlay";
import { useSelection } from "../../app/selection";
import { formatRelative, useFormat } from "../../i18n/format";
import { FleetdeckError, saveExport } from "../../platform";
import { useAccounts } from "../../app/useAccounts";
import { useNow } from "../../app/useNow";
import { useActionText } from "../actions/actionText";
import { bulkActions, isOffered, simpleAction, type ActionSpec } from "../actions/capabilities";
import { runBulk } from "../actions/run";
import { EmptyState } from "../accounts/EmptyState";
import { ServerDetail } from "./ServerDetail";
import { ServerTable } from "./ServerTable";
import { useStatusWord } from "./ServerStatusBadge";
import { useCatalogNames } from "./catalogNames";
import {
  addressOf,
  facetsOf,
  failedAccounts,
  filterServers,
  isFiltered,
  NO_FILTERS,
  shownTextOf,
  toCsv,
  toJson,
  type ServerFilters,
} from "./model";
import { refreshAccount, useFleetServers } from "./useFleetServers";
import { providerLabel } from "../accounts/descriptors";

/** The servers of every account side by side (or of the selected account), with their detail. */
export function ServersScreen() {
  const { account, server: opened, openServer } = useSelection();
  const { query: accounts, byName, colors } = useAccounts();
  const { open: openOverlay } = useOverlay();
  const { t } = useTranslation(["servers", "common"]);
  const statusWord = useStatusWord();
  const hasAccounts = (accounts.data?.length ?? 0) > 0;
  const fleet = useFleetServers(account, hasAccounts);
  const now = useNow();

  const [filters, setFilters] = useState<ServerFilters>(NO_FILTERS);
  const deferred = useDeferredValue(filters);
  const all = useMemo(() => fleet.data?.servers ?? [], [fleet.data]);
  // Catalog names of the accounts shown (./catalogNames.ts): the table shows plans, images and
  // regions by name (their ids on hover), and free text finds them by name too.
  const shownAccounts = useMemo(
    () => (accounts.data ?? []).filter((v) => account === null || v.account.name === account),
    [accounts.data, account],
  );
  const names = useCatalogNames(shownAccounts);
  // The region filter lists regions by name (its values stay ids).
  const facets = useMemo(() => facetsOf(all, names), [all, names]);
  // Free text also finds the names and status words as the table shows them (in the UI's language).
  const shownText = useMemo(() => shownTextOf(names, statusWord), [names, statusWord]);
  const shown = useMemo(() => filterServers(all, deferred, shownText), [all, deferred, shownText]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => subscribeAppCommand("refresh", fleet.refresh), [fleet.refresh]);
  useEffect(
    () =>
      subscribeAppCommand("focusSearch", () => {
        search.current?.focus();
        search.current?.select();
      }),
    [],
  );

  const toggle = (address: string) =>
    setSelected((sel) => {
      const next = new Set(sel);
      if (!next.delete(address)) next.add(address);
      return next;
    });
  const toggleAll = (addresses: string[], on: boolean) =>
    setSelected((sel) => {
      const next = new Set(sel);
      for (const a of addresses) {
        if (on) next.add(a);
        else next.delete(a);
      }
      return next;
    });

  // Not made anew at each render: a keystroke renders this screen twice, over 10,000 servers.
  const selectedServers = useMemo(
    () => (selected.size === 0 ? [] : all.filter((s) => selected.has(addressOf(s)))),
    [all, selected],
  );
  const openedServer = opened === null ? undefined : all.find((s) => addressOf(s) === opened);
  const selectedAccount = account === null ? undefined : byName.get(account);

  return (
    <main className={`main${openedServer ? " with-detail" : ""}`} data-testid="main-area">
      <div className="main-list">
        <header className="main-header">
          <h1 data-testid="main-title">{account ?? t("screen.allAccounts")}</h1>
          <div className="toolbar">
            {selectedAccount?.capabilities.servers.create && (
              <button
                type="button"
                onClick={() => openOverlay({ kind: "create", account: selectedAccount.account.name })}
                data-testid="create-server"
              >
                {t("screen.newServer")}
              </button>
            )}
            {hasAccounts && (
              <button
                type="button"
                onClick={fleet.refresh}
                disabled={fleet.refreshing}
                title={t("screen.refreshTitle")}
                data-testid="refresh"
              >
                {fleet.refreshing ? t("screen.refreshing") : t("common:refresh")}
              </button>
            )}
          </div>
        </header>
        {fleet.data === undefined && fleet.error === null && <p className="muted">{t("common:loading")}</p>}
        {fleet.error !== null && <ErrorNotice error={fleet.error} />}
        {fleet.refreshError !== null && fleet.data !== undefined && <ErrorNotice error={fleet.refreshError} />}
        {accounts.isSuccess && !hasAccounts && <EmptyState />}
        {fleet.data !== undefined && fleet.data.accounts.length > 0 && (
          <>
            <AccountStates states={fleet.data.accounts} now={now} colors={colors} />
            <FilterBar filters={filters} setFilters={setFilters} facets={facets} searchRef={search} />
            {all.length === 0 ? (
              <p className="muted" data-testid="no-servers">
                {account === null ? t("screen.noServersAll") : t("screen.noServersIn", { account })}
              </p>
            ) : (
              <ServerTable
                servers={shown}
                colors={colors}
                selected={selected}
                toggle={toggle}
                toggleAll={toggleAll}
                open={openServer}
                opened={opened}
                names={names}
                toolbar={(rows) => (
                  <TableToolbar
                    rows={rows}
                    total={all.length}
                    filtered={isFiltered(filters)}
                    selected={selectedServers}
                    partial={fleet.data !== undefined && failedAccounts(fleet.data).length > 0}
                    clearSelection={() => setSelected(new Set())}
                    capsOf={(name) => byName.get(name)?.capabilities}
                  />
                )}
              />
            )}
          </>
        )}
      </div>
      {openedServer && (
        <ServerDetail
          server={openedServer}
          view={byName.get(openedServer.account)}
          onClose={() => openServer(null)}
        />
      )}
    </main>
  );
}

/** Each account's refresh state: when it was fetched, stale with its age, or its own error. */
function AccountStates({
  states,
  now,
  colors,
}: {
  states: AccountState[];
  now: number;
  colors: Record<string, string | null>;
}) {
  const client = useQueryClient();
  const toast = useToast();
  const { t, i18n } = useTranslation("servers");
  const [refreshing, setRefreshing] = useState<ReadonlySet<string>>(new Set());
  const refreshOne = async (account: string) => {
    setRefreshing((r) => new Set(r).add(account));
    try {
      await refreshAccount(client, account);
    } catch (e) {
      toast({ message: t("accountState.refreshFailed", { account, message: (e as Error).message }), tone: "bad" });
    } finally {
      setRefreshing((r) => {
        const next = new Set(r);
        next.delete(account);
        return next;
      });
    }
  };
  return (
    <ul className="account-states" aria-label={t("accountState.listLabel")} data-testid="account-states">
      {states.map((s) => {
        const when = s.fetchedAt === null ? t("accountState.neverRefreshed") : formatRelative(s.fetchedAt, now, i18n.language) || t("ago.unknown");
        return (
          <li
            key={s.accountId}
            className={`account-state${s.error ? " has-error" : ""}${s.stale ? " stale" : ""}`}
            data-testid={`account-state-${s.account}`}
            data-stale={s.stale}
            data-error={s.error?.code ?? ""}
            data-fetched-at={s.fetchedAt ?? ""}
          >
            <span className="chip" style={{ background: colors[s.account] ?? "var(--chip-default)" }} aria-hidden />
            <strong>{s.account}</strong>
            <span className="muted">{providerLabel(s.provider)}</span>
            <span className="muted">{t("accountState.servers", { count: s.serverCount })}</span>
            {s.stale ? (
              <span className="stale-mark" title={t("accountState.staleTitle")}>
                {s.fetchedAt === null ? t("accountState.staleNever") : t("accountState.staleFrom", { when })}
              </span>
            ) : (
              <span className="muted">{s.fetchedAt === null ? when : t("accountState.refreshed", { when })}</span>
            )}
            {s.error && (
              <span className="account-error" role="alert" data-code={s.error.code}>
                {s.error.message}
              </span>
            )}
            <button
              type="button"
              className="icon-button"
              aria-label={t("accountState.refreshLabel", { account: s.account })}
              title={t("accountState.refreshTitle", { account: s.account })}
              disabled={refreshing.has(s.account)}
              onClick={() => void refreshOne(s.account)}
              data-testid={`refresh-account-${s.account}`}
            >
              ↻
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function FilterBar({
  filters,
  setFilters,
  facets,
  searchRef,
}: {
  filters: ServerFilters;
  setFilters: (f: ServerFilters) => void;
  facets: ReturnType<typeof facetsOf>;
  searchRef: React.RefObject<HTMLInputElement | null>;
}) {
  const { t } = useTranslation("servers");
  const statusWord = useStatusWord();
  const select = <K extends Exclude<keyof ServerFilters, "text">>(key: K, values: string[], names?: (v: string) => string) => {
    const label = t(`filters.${key}`);
    return (
      <label className="filter">
        <span className="visually-hidden">{label}</span>
        <select
          value={filters[key]}
          onChange={(e) => setFilters({ ...filters, [key]: e.target.value })}
          data-testid={`filter-${key}`}
          aria-label={label}
        >
          <option value="">{t(`filters.any.${key}`)}</option>
          {values.map((v) => (
            <option key={v} value={v}>
              {names ? names(v) : v}
            </option>
          ))}
        </select>
      </label>
    );
  };
  return (
    <div className="filter-bar" role="search">
      <input
        ref={searchRef}
        type="search"
        placeholder={t("filters.search")}
        aria-label={t("filters.searchLabel")}
        value={filters.text}
        onChange={(e) => setFilters({ ...filters, text: e.target.value })}
        data-testid="server-search"
      />
      {select("provider", facets.providers, (v) => providerLabel(v as ProviderKind))}
      {select("account", facets.accounts)}
      {select("status", facets.statuses, (v) => statusWord(v as ServerStatus))}
      {select("region", facets.regions, facets.regionName)}
      {select("tag", facets.tags)}
      {isFiltered(filters) && (
        <button type="button" onClick={() => setFilters(NO_FILTERS)} data-testid="clear-filters">
          {t("filters.clear")}
        </button>
      )}
    </div>
  );
}

/** The bulk actions: the action table's rows that run over a selection (`bulk` not "no"). */
const BULK: ActionSpec[] = bulkActions();

/** Count, export, and the bulk actions over the selection. */
function TableToolbar({
  rows,
  total,
  filtered,
  selected,
  partial,
  clearSelection,
  capsOf,
}: {
  rows: Server[];
  total: number;
  filtered: boolean;
  selected: Server[];
  partial: boolean;
  clearSelection: () => void;
  capsOf: (account: string) => Capabilities | undefined;
}) {
  const client = useQueryClient();
  const toast = useToast();
  const { t } = useTranslation(["servers", "common"]);
  const actionText = useActionText();
  const format = useFormat();
  // runBulk does not reject: each server's failure is in its outcome.
  const sendBulk = useMutation({
    mutationFn: ({ targets, action }: { label: string; targets: Server[]; action: ServerAction }) =>
      runBulk(client, targets, action),
    onSuccess: (outcome, { label }) => {
      const failed = outcome.failed.map((f) => `${f.server.name} (${f.server.account}): ${f.error.message}`);
      toast({
        message:
          t("bulk.sent", { action: label, count: outcome.done.length }) +
          (failed.length ? t("bulk.failed", { count: failed.length, details: failed.join("; ") }) : ""),
        tone: failed.length ? "bad" : "ok",
      });
    },
  });
  const [confirming, setConfirming] = useState<ActionSpec | null>(null);
  const eligibleFor = (spec: ActionSpec) =>
    selected.filter((s) => {
      const caps = capsOf(s.account);
      return caps !== undefined && isOffered(caps, spec);
    });
  const copy = (text: string, what: string) =>
    void navigator.clipboard
      .writeText(text)
      .then(() => toast({ message: t("toolbar.copied", { count: rows.length, format: what }), tone: "ok" }))
      .catch(() => toast({ message: t("toolbar.copyFailed"), tone: "bad" }));
  const save = (text: string, ext: string) =>
    void saveExport(`fleetdeck-servers.${ext}`, text)
      .then((path) => toast({ message: t("toolbar.saved", { count: rows.length, path }), tone: "ok" }))
      .catch((e: unknown) => toast({ message: FleetdeckError.from(e).message, tone: "bad" }));
  const bulk = (spec: ActionSpec) => {
    const serverAction: ServerAction | null = simpleAction(spec);
    // Bulk rows need neither input nor a typed name (tested in core/src/actions.rs).
    if (serverAction === null) return;
    sendBulk.mutate({ label: actionText.label(spec.id), targets: eligibleFor(spec), action: serverAction });
  };

  return (
    <div className="table-toolbar">
      <span className="muted" data-testid="server-count">
        {filtered ? t("toolbar.countFiltered", { shown: rows.length, count: total }) : t("toolbar.count", { count: total })}
      </span>
      {selected.length > 0 && (
        <span className="bulk-bar" data-testid="bulk-bar">
          <strong>{t("toolbar.selected", { count: selected.length })}</strong>
          {BULK.map((b) => {
            const eligible = eligibleFor(b).length;
            // Actions no selected server's provider offers are not shown.
            if (eligible === 0) return null;
            const risky = b.bulk === "confirmList";
            const blocked = risky && partial;
            return (
              <button
                key={b.id}
                type="button"
                disabled={sendBulk.isPending || blocked}
                title={
                  blocked
                    ? t("bulk.blocked", { verb: actionText.verb(b.id) })
                    : t("bulk.buttonTitle", { action: actionText.label(b.id), count: eligible })
                }
                // Interrupting many servers is confirmed with the list of what is hit.
                onClick={() => (risky ? setConfirming(b) : bulk(b))}
                data-testid={`bulk-${b.id}`}
              >
                {actionText.label(b.id)} ({format.number(eligible)})
              </button>
            );
          })}
          <button type="button" onClick={clearSelection} data-testid="bulk-clear">
            {t("toolbar.clearSelection")}
          </button>
        </span>
      )}
      {confirming && (
        <Dialog
          title={t("bulk.confirmTitle", { action: actionText.label(confirming.id), count: eligibleFor(confirming).length })}
          onClose={() => setConfirming(null)}
          testId="bulk-confirm"
        >
          <ul className="plain-list bulk-targets" data-testid="bulk-targets">
            {eligibleFor(confirming).map((s) => (
              <li key={addressOf(s)}>
                <strong>{s.name}</strong> — {s.account} ({providerLabel(s.provider)})
              </li>
            ))}
          </ul>
          <footer className="dialog-footer">
            <button type="button" onClick={() => setConfirming(null)}>
              {t("common:cancel")}
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                const b = confirming;
                setConfirming(null);
                bulk(b);
              }}
              data-testid="bulk-confirm-ok"
            >
              {t("bulk.confirm", { action: actionText.label(confirming.id) })}
            </button>
          </footer>
        </Dialog>
      )}
      <span className="export">
        <button type="button" onClick={() => copy(toJson(rows), "JSON")} data-testid="copy-json">
          {t("toolbar.copyJson")}
        </button>
        <button type="button" onClick={() => copy(toCsv(rows), "CSV")} data-testid="copy-csv">
          {t("toolbar.copyCsv")}
        </button>
        <button type="button" onClick={() => save(toJson(rows), "json")} data-testid="export-json">
          {t("toolbar.exportJson")}
        </button>
        <button type="button" onClick={() => save(toCsv(rows), "csv")} data-testid="export-csv">
          {t("toolbar.exportCsv")}
        </button>
      </span>
    </div>
  );
}
