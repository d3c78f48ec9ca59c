import { useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

import type { AccountFailure } from "../../bindings/AccountFailure";
import type { ProviderKind } from "../../bindings/ProviderKind";
import { subscribeAppCommand, useToast } from "../../app/overlay";
import { useAccounts } from "../../app/useAccounts";
import { FleetdeckError, saveExport } from "../../platform";
import { providerLabel } from "../accounts/descriptors";
import { ResourceTable, type TableColumn } from "./ResourceTable";
import {
  exportRecords,
  facetValues,
  filterRows,
  isFilteredBy,
  NO_RESOURCE_FILTERS,
  recordsToCsv,
  recordsToJson,
  type ResourceFilters,
  type RowFacets,
} from "./table";
import type { AccountListings } from "./useAccountListings";
import "./storage.css";

/** What the detail pane shows of a row: its fields, its actions and the provider's raw data. */
export interface RowDetail {
  title: string;
  fields: [string, ReactNode][];
  actions?: ReactNode;
  raw: unknown;
}

/**
 * One storage view: title and actions, each account's failure on that account, the filter bar,
 * the shared resource table with copy/export, and the detail pane of the opened row with the
 * provider's raw data. With no rows, an empty state says what the view is for and offers its first
 * action. Test ids start with `view` (`snapshots-empty`, `snapshots-row-<id>`…).
 */
export function ResourceView<T extends object>({
  view,
  title,
  scope,
  noun,
  listing,
  columns,
  rowId,
  facets,
  actions,
  empty,
  detail,
  tabs,
  children,
}: {
  view: string;
  title: string;
  /** The selected account, or null for every account. */
  scope: string | null;
  /** Singular and plural, for counts and exports. */
  noun: [string, string];
  listing: AccountListings<T>;
  columns: readonly TableColumn<T>[];
  rowId: (row: T) => string;
  facets: (row: T) => RowFacets;
  actions?: ReactNode;
  empty: { title: string; text: string; action?: ReactNode };
  detail: (row: T) => RowDetail;
  /** Tabs between the view's tables (the backups view: schedules and backups), under the title. */
  tabs?: ReactNode;
  /** More sections under the table (the parked servers of the snapshots view). */
  children?: ReactNode;
}) {
  const [filters, setFilters] = useState<ResourceFilters>(NO_RESOURCE_FILTERS);
  const deferred = useDeferredValue(filters);
  const { items } = listing;
  const shown = useMemo(() => filterRows(items, deferred, columns, facets), [items, deferred, columns, facets]);
  const values = useMemo(() => facetValues(items, facets), [items, facets]);
  const [openedId, setOpened] = useState<string | null>(null);
  const opened = openedId === null ? undefined : items.find((r) => rowId(r) === openedId);
  const search = useRef<HTMLInputElement>(null);

  const { refresh } = listing;
  const refreshRef = useRef(refresh);
  useEffect(() => {
    refreshRef.current = refresh;
  });
  useEffect(() => subscribeAppCommand("refresh", () => refreshRef.current()), []);
  useEffect(
    () =>
      subscribeAppCommand("focusSearch", () => {
        search.current?.focus();
        search.current?.select();
      }),
    [],
  );

  const shownDetail = opened ? detail(opened) : null;
  return (
    <main className={`main${shownDetail ? " with-detail" : ""}`} data-testid="main-area" data-view={view}>
      <div className="main-list">
        <header className="main-header">
          <h1 data-testid="main-title">
            {title} <span className="muted title-scope">· {scope ?? "all accounts"}</span>
          </h1>
          <div className="toolbar">
            {actions}
            <button
              type="button"
              onClick={listing.refresh}
              disabled={listing.fetching}
              title="Refresh (Ctrl+R, F5)"
              data-testid={`${view}-refresh`}
            >
              {listing.fetching ? "Refreshing…" : "Refresh"}
            </button>
          </div>
        </header>
        {tabs}
        <AccountFailures view={view} failures={listing.failures} />
        {listing.pending && items.length === 0 && <p className="muted">Loading…</p>}
        {!listing.pending && items.length === 0 && (
          <div className="empty" data-testid={`${view}-empty`}>
            <h2>{empty.title}</h2>
            <p>{empty.text}</p>
            {empty.action && <div className="empty-actions">{empty.action}</div>}
          </div>
        )}
        {items.length > 0 && (
          <>
            <FilterBar view={view} noun={noun[1]} filters={filters} setFilters={setFilters} values={values} searchRef={search} />
            <ResourceTable
              rows={shown}
              columns={columns}
              rowId={rowId}
              open={setOpened}
              opened={openedId}
              testId={view}
              // The first column names the row (its cell is what end-to-end tests click).
              nameColumn={columns[0]?.id ?? "name"}
              toolbar={(rows) => (
                <ExportBar
                  view={view}
                  noun={noun}
                  rows={rows}
                  total={items.length}
                  filtered={isFilteredBy(filters)}
                  columns={columns}
                  rowId={rowId}
                />
              )}
            />
          </>
        )}
        {children}
      </div>
      {shownDetail && (
        <aside className="detail" aria-label={shownDetail.title} data-testid={`${view}-detail`}>
          <header className="detail-header">
            <h2>{shownDetail.title}</h2>
            <button type="button" className="icon-button" aria-label="Close detail" onClick={() => setOpened(null)}>
              ×
            </button>
          </header>
          {shownDetail.actions && <div className="action-bar">{shownDetail.actions}</div>}
          <dl className="fields">
            {shownDetail.fields.map(([label, value]) => (
              <div className="field-row" key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <details>
            <summary>Raw data from the provider</summary>
            <pre className="raw" data-testid={`${view}-raw`}>
              {JSON.stringify(shownDetail.raw, null, 2)}
            </pre>
          </details>
        </aside>
      )}
    </main>
  );
}

/** Each account that failed, with its own error: the other accounts' rows are still shown. */
export function AccountFailures({ view, failures }: { view: string; failures: readonly AccountFailure[] }) {
  const { colors } = useAccounts();
  if (failures.length === 0) return null;
  return (
    <ul className="account-states" aria-label="Accounts that did not answer" data-testid={`${view}-failures`}>
      {failures.map((f) => (
        <li key={f.account} className="account-state has-error" data-testid={`${view}-failure-${f.account}`} data-code={f.error.code}>
          <span className="chip" style={{ background: colors[f.account] ?? "var(--chip-default)" }} aria-hidden />
          <strong>{f.account}</strong>
          <span className="account-error" role="alert">
            ⚠ {f.error.message}
          </span>
        </li>
      ))}
    </ul>
  );
}

function FilterBar({
  view,
  noun,
  filters,
  setFilters,
  values,
  searchRef,
}: {
  view: string;
  noun: string;
  filters: ResourceFilters;
  setFilters: (f: ResourceFilters) => void;
  values: ReturnType<typeof facetValues>;
  searchRef: React.RefObject<HTMLInputElement | null>;
}) {
  const select = (key: "account" | "provider" | "status", label: string, names?: (v: string) => string) => (
    <label className="filter">
      <span className="visually-hidden">{label}</span>
      <select
        value={filters[key]}
        onChange={(e) => setFilters({ ...filters, [key]: e.target.value })}
        data-testid={`${view}-filter-${key}`}
        aria-label={label}
      >
        <option value="">Any {label.toLowerCase()}</option>
        {values[key].map((v) => (
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
        placeholder={`Search ${noun}…  ( / )`}
        aria-label={`Search ${noun}`}
        value={filters.text}
        onChange={(e) => setFilters({ ...filters, text: e.target.value })}
        data-testid={`${view}-search`}
      />
      {select("provider", "Provider", (v) => providerLabel(v as ProviderKind))}
      {select("account", "Account")}
      {/* Rows without a status (SSH keys) get no status filter; a chosen one stays visible to be cleared. */}
      {(values.status.length > 0 || filters.status !== "") && select("status", "Status")}
      {isFilteredBy(filters) && (
        <button type="button" onClick={() => setFilters(NO_RESOURCE_FILTERS)} data-testid={`${view}-clear-filters`}>
          Clear
        </button>
      )}
    </div>
  );
}

/** The count, and the shown rows copied or saved as CSV or JSON (the server table's export). */
export function ExportBar<T>({
  view,
  noun,
  rows,
  total,
  filtered,
  columns,
  rowId,
}: {
  view: string;
  noun: [string, string];
  rows: T[];
  total: number;
  filtered: boolean;
  columns: readonly TableColumn<T>[];
  rowId: (row: T) => string;
}) {
  const toast = useToast();
  const records = () => exportRecords(rows, columns, rowId);
  const csv = () => recordsToCsv(records(), ["id", ...columns.map((c) => c.id)]);
  const json = () => recordsToJson(records());
  const copy = (text: string, what: string) =>
    void navigator.clipboard
      .writeText(text)
      .then(() => toast({ message: `Copied ${rows.length} ${noun[1]} as ${what}`, tone: "ok" }))
      .catch(() => toast({ message: "Could not copy to the clipboard", tone: "bad" }));
  const save = (text: string, ext: string) =>
    void saveExport(`fleetdeck-${view}.${ext}`, text)
      .then((path) => toast({ message: `Saved ${rows.length} ${noun[1]} to ${path}`, tone: "ok" }))
      .catch((e: unknown) => toast({ message: FleetdeckError.from(e).message, tone: "bad" }));
  return (
    <div className="table-toolbar">
      <span className="muted" data-testid={`${view}-count`}>
        {filtered ? `${rows.length} of ${total}` : total} {total === 1 ? noun[0] : noun[1]}
      </span>
      <span className="export">
        <button type="button" onClick={() => copy(json(), "JSON")} data-testid={`${view}-copy-json`}>
          Copy JSON
        </button>
        <button type="button" onClick={() => copy(csv(), "CSV")} data-testid={`${view}-copy-csv`}>
          Copy CSV
        </button>
        <button type="button" onClick={() => save(json(), "json")} data-testid={`${view}-export-json`}>
          Export JSON
        </button>
        <button type="button" onClick={() => save(csv(), "csv")} data-testid={`${view}-export-csv`}>
          Export CSV
        </button>
      </span>
    </div>
  );
}

/** The account column's cell: its colour chip and name, as in the server table. */
export function AccountCell({ account, color }: { account: string; color: string | null }) {
  return (
    <span className="account-cell">
      <span className="chip" style={{ background: color ?? "var(--chip-default)" }} aria-hidden />
      <span className="account-cell-name" title={account}>
        {account}
      </span>
    </span>
  );
}
