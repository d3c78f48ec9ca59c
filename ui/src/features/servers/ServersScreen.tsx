import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";

import type { AccountState } from "../../bindings/AccountState";
import type { Capabilities } from "../../bindings/Capabilities";
import type { ProviderKind } from "../../bindings/ProviderKind";
import type { Server } from "../../bindings/Server";
import type { ServerAction } from "../../bindings/ServerAction";
import { Dialog } from "../../app/Dialog";
import { ErrorNotice } from "../../app/ErrorNotice";
import { subscribeAppCommand, useOverlay, useToast } from "../../app/overlay";
import { useSelection } from "../../app/selection";
import { FleetdeckError, saveExport } from "../../platform";
import { useAccounts } from "../../app/useAccounts";
import { useNow } from "../../app/useNow";
import { bulkActions, isOffered, simpleAction, type ActionSpec } from "../actions/capabilities";
import { runBulk } from "../actions/run";
import { EmptyState } from "../accounts/EmptyState";
import { ServerDetail } from "./ServerDetail";
import { ServerTable } from "./ServerTable";
import { shownNames, useCatalogNames, type CatalogNames } from "./catalogNames";
import {
  addressOf,
  ago,
  facetsOf,
  failedAccounts,
  filterServers,
  isFiltered,
  NO_FILTERS,
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
  const shown = useMemo(() => filterServers(all, deferred, (s) => namesText(s, names)), [all, deferred, names]);
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

  const openedServer = opened === null ? undefined : all.find((s) => addressOf(s) === opened);
  const selectedAccount = account === null ? undefined : byName.get(account);

  return (
    <main className={`main${openedServer ? " with-detail" : ""}`} data-testid="main-area">
      <div className="main-list">
        <header className="main-header">
          <h1 data-testid="main-title">{account ?? "All accounts"}</h1>
          <div className="toolbar">
            {selectedAccount?.capabilities.servers.create && (
              <button
                type="button"
                onClick={() => openOverlay({ kind: "create", account: selectedAccount.account.name })}
                data-testid="create-server"
              >
                New server…
              </button>
            )}
            {hasAccounts && (
              <button
                type="button"
                onClick={fleet.refresh}
                disabled={fleet.refreshing}
                title="Refresh (Ctrl+R, F5)"
                data-testid="refresh"
              >
                {fleet.refreshing ? "Refreshing…" : "Refresh"}
              </button>
            )}
          </div>
        </header>
        {fleet.data === undefined && fleet.error === null && <p className="muted">Loading…</p>}
        {fleet.error !== null && <ErrorNotice error={fleet.error} />}
        {fleet.refreshError !== null && fleet.data !== undefined && <ErrorNotice error={fleet.refreshError} />}
        {accounts.isSuccess && !hasAccounts && <EmptyState />}
        {fleet.data !== undefined && fleet.data.accounts.length > 0 && (
          <>
            <AccountStates states={fleet.data.accounts} now={now} colors={colors} />
            <FilterBar filters={filters} setFilters={setFilters} facets={facets} searchRef={search} />
            {all.length === 0 ? (
              <p className="muted" data-testid="no-servers">
                No servers in {account ?? "these accounts"} yet.
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
                    selected={all.filter((s) => selected.has(addressOf(s)))}
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

/** The names a server's ids show as, in one lower-case line to search. */
const namesText = (s: Server, names: CatalogNames): string => {
  const n = shownNames(s, names);
  return `${n.region}\u0000${n.plan}\u0000${n.image}`.toLowerCase();
};

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
  const [refreshing, setRefreshing] = useState<ReadonlySet<string>>(new Set());
  const refreshOne = async (account: string) => {
    setRefreshing((r) => new Set(r).add(account));
    try {
      await refreshAccount(client, account);
    } catch (e) {
      toast({ message: `Refreshing ${account} failed: ${(e as Error).message}`, tone: "bad" });
    } finally {
      setRefreshing((r) => {
        const next = new Set(r);
        next.delete(account);
        return next;
      });
    }
  };
  return (
    <ul className="account-states" aria-label="Refresh state per account" data-testid="account-states">
      {states.map((s) => {
        const when = s.fetchedAt === null ? "never refreshed" : ago(s.fetchedAt, now);
        return (
          <li
            key={s.accountId}
            className={`account-state${s.error ? " has-error" : ""}${s.stale ? " stale" : ""}`}
            data-testid={`account-state-${s.account}`}
            data-stale={s.stale}
            data-error={s.error?.code ?? ""}
          >
            <span className="chip" style={{ background: colors[s.account] ?? "var(--chip-default)" }} aria-hidden />
            <strong>{s.account}</strong>
            <span className="muted">{providerLabel(s.provider)}</span>
            <span className="muted">
              {s.serverCount} server{s.serverCount === 1 ? "" : "s"}
            </span>
            {s.stale ? (
              <span className="stale-mark" title="Shown from the cache">
                stale · {s.fetchedAt === null ? "never refreshed" : `from ${when}`}
              </span>
            ) : (
              <span className="muted">{s.fetchedAt === null ? when : `refreshed ${when}`}</span>
            )}
            {s.error && (
              <span className="account-error" role="alert" data-code={s.error.code}>
                {s.error.message}
              </span>
            )}
            <button
              type="button"
              className="icon-button"
              aria-label={`Refresh ${s.account}`}
              title={`Refresh ${s.account} only`}
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
  const select = <K extends Exclude<keyof ServerFilters, "text">>(key: K, label: string, values: string[], names?: (v: string) => string) => (
    <label className="filter">
      <span className="visually-hidden">{label}</span>
      <select
        value={filters[key]}
        onChange={(e) => setFilters({ ...filters, [key]: e.target.value })}
        data-testid={`filter-${key}`}
        aria-label={label}
      >
        <option value="">Any {label.toLowerCase()}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {names ? names(v) : v}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="filter-bar" role="search">
      <input
        ref={searchRef}
        type="search"
        placeholder="Search name, IP, plan, tag…  ( / )"
        aria-label="Search servers"
        value={filters.text}
        onChange={(e) => setFilters({ ...filters, text: e.target.value })}
        data-testid="server-search"
      />
      {select("provider", "Provider", facets.providers, (v) => providerLabel(v as ProviderKind))}
      {select("account", "Account", facets.accounts)}
      {select("status", "Status", facets.statuses)}
      {select("region", "Region", facets.regions, facets.regionName)}
      {select("tag", "Tag", facets.tags)}
      {isFiltered(filters) && (
        <button type="button" onClick={() => setFilters(NO_FILTERS)} data-testid="clear-filters">
          Clear
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
  // runBulk does not reject: each server's failure is in its outcome.
  const sendBulk = useMutation({
    mutationFn: ({ targets, action }: { label: string; targets: Server[]; action: ServerAction }) =>
      runBulk(client, targets, action),
    onSuccess: (outcome, { label }) => {
      const failed = outcome.failed.map((f) => `${f.server.name} (${f.server.account}): ${f.error.message}`);
      toast({
        message: `${label}: ${outcome.done.length} sent${failed.length ? `, ${failed.length} failed — ${failed.join("; ")}` : ""}`,
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
      .then(() => toast({ message: `Copied ${rows.length} servers as ${what}`, tone: "ok" }))
      .catch(() => toast({ message: `Could not copy to the clipboard`, tone: "bad" }));
  const save = (text: string, ext: string) =>
    void saveExport(`fleetdeck-servers.${ext}`, text)
      .then((path) => toast({ message: `Saved ${rows.length} servers to ${path}`, tone: "ok" }))
      .catch((e: unknown) => toast({ message: FleetdeckError.from(e).message, tone: "bad" }));
  const bulk = (spec: ActionSpec) => {
    const action: ServerAction | null = simpleAction(spec);
    // Bulk rows need neither input nor a typed name (tested in core/src/actions.rs).
    if (action === null) return;
    sendBulk.mutate({ label: spec.label, targets: eligibleFor(spec), action });
  };

  return (
    <div className="table-toolbar">
      <span className="muted" data-testid="server-count">
        {filtered ? `${rows.length} of ${total}` : total} server{total === 1 ? "" : "s"}
      </span>
      {selected.length > 0 && (
        <span className="bulk-bar" data-testid="bulk-bar">
          <strong>{selected.length} selected</strong>
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
                    ? `Some accounts failed to refresh: the listing is partial, so bulk ${b.verb} is off`
                    : `${b.label} ${eligible} of the selected servers`
                }
                // Interrupting many servers is confirmed with the list of what is hit.
                onClick={() => (risky ? setConfirming(b) : bulk(b))}
                data-testid={`bulk-${b.id}`}
              >
                {b.label} ({eligible})
              </button>
            );
          })}
          <button type="button" onClick={clearSelection} data-testid="bulk-clear">
            Clear selection
          </button>
        </span>
      )}
      {confirming && (
        <Dialog title={`${confirming.label} ${eligibleFor(confirming).length} servers`} onClose={() => setConfirming(null)} testId="bulk-confirm">
          <ul className="plain-list bulk-targets" data-testid="bulk-targets">
            {eligibleFor(confirming).map((s) => (
              <li key={addressOf(s)}>
                <strong>{s.name}</strong> — {s.account} ({providerLabel(s.provider)})
              </li>
            ))}
          </ul>
          <footer className="dialog-footer">
            <button type="button" onClick={() => setConfirming(null)}>
              Cancel
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
              {confirming.label} them
            </button>
          </footer>
        </Dialog>
      )}
      <span className="export">
        <button type="button" onClick={() => copy(toJson(rows), "JSON")} data-testid="copy-json">
          Copy JSON
        </button>
        <button type="button" onClick={() => copy(toCsv(rows), "CSV")} data-testid="copy-csv">
          Copy CSV
        </button>
        <button type="button" onClick={() => save(toJson(rows), "json")} data-testid="export-json">
          Export JSON
        </button>
        <button type="button" onClick={() => save(toCsv(rows), "csv")} data-testid="export-csv">
          Export CSV
        </button>
      </span>
    </div>
  );
}
