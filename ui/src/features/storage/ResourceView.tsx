import { useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type { AccountFailure } from "../../bindings/AccountFailure";
import type { ProviderKind } from "../../bindings/ProviderKind";
import { subscribeAppCommand, useToast } from "../../app/overlay";
import { useAccounts } from "../../app/useAccounts";
import { formatNumber } from "../../i18n/format";
import { FleetdeckError, saveExport } from "../../platform";
import { providerLabel } from "../accounts/descriptors";
import { ResourceTable, type TableColumn } from "./ResourceTable";
import { statusWord } from "./StatusBadge";
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

/** What the detail pane shows of a row (in the UI's language): its fields, its actions and the provider's raw data. */
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
 * action. Test ids start with `view` (`snapshots-empty`, `snapshots-row-<id>`…). The texts given
 * (title, noun, columns, empty state, detail) are in the UI's language already.
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
  const { t } = useTranslation(["storage", "common"]);
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
            {title} <span className="muted title-scope">· {scope ?? t("view.allAccounts")}</span>
          </h1>
          <div className="toolbar">
            {actions}
            <button
              type="button"
              onClick={listing.refresh}
              disabled={listing.fetching}
              title={t("view.refreshTitle")}
              data-testid={`${view}-refresh`}
            >
              {listing.fetching ? t("view.refreshing") : t("common:refresh")}
            </button>
          </div>
        </header>
        {tabs}
        <AccountFailures view={view} failures={listing.failures} />
        {listing.pending && items.length === 0 && <p className="muted">{t("common:loading")}</p>}
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
            <button type="button" className="icon-button" aria-label={t("view.closeDetail")} onClick={() => setOpened(null)}>
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
            <summary>{t("view.rawData")}</summary>
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
  const { t } = useTranslation("storage");
  const { colors } = useAccounts();
  if (failures.length === 0) return null;
  return (
    <ul className="account-states" aria-label={t("view.failures")} data-testid={`${view}-failures`}>
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
  const { t } = useTranslation("storage");
  const select = (key: "account" | "provider" | "status", label: string, any: string, names?: (v: string) => string) => (
    <label className="filter">
      <span className="visually-hidden">{label}</span>
      <select
        value={filters[key]}
        onChange={(e) => setFilters({ ...filters, [key]: e.target.value })}
        data-testid={`${view}-filter-${key}`}
        aria-label={label}
      >
        <option value="">{any}</option>
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
        placeholder={t("filter.searchPlaceholder", { noun })}
        aria-label={t("filter.search", { noun })}
        value={filters.text}
        onChange={(e) => setFilters({ ...filters, text: e.target.value })}
        data-testid={`${view}-search`}
      />
      {select("provider", t("filter.provider"), t("filter.anyProvider"), (v) => providerLabel(v as ProviderKind))}
      {select("account", t("filter.account"), t("filter.anyAccount"))}
      {/* Rows without a status (SSH keys) get no status filter; a chosen one stays visible to be cleared. */}
      {(values.status.length > 0 || filters.status !== "") && select("status", t("filter.status"), t("filter.anyStatus"), (v) => statusWord(v, t))}
      {isFilteredBy(filters) && (
        <button type="button" onClick={() => setFilters(NO_RESOURCE_FILTERS)} data-testid={`${view}-clear-filters`}>
          {t("filter.clear")}
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
  const { t, i18n } = useTranslation("storage");
  const toast = useToast();
  const count = (n: number) => formatNumber(n, i18n.language, 0);
  const records = () => exportRecords(rows, columns, rowId);
  const csv = () => recordsToCsv(records(), ["id", ...columns.map((c) => c.id)]);
  const json = () => recordsToJson(records());
  const copy = (text: string, what: string) =>
    void navigator.clipboard
      .writeText(text)
      .then(() => toast({ message: t("export.copied", { n: count(rows.length), noun: noun[1], format: what }), tone: "ok" }))
      .catch(() => toast({ message: t("export.copyFailed"), tone: "bad" }));
  const save = (text: string, ext: string) =>
    void saveExport(`fleetdeck-${view}.${ext}`, text)
      .then((path) => toast({ message: t("export.saved", { n: count(rows.length), noun: noun[1], path }), tone: "ok" }))
      .catch((e: unknown) => toast({ message: FleetdeckError.from(e).message, tone: "bad" }));
  return (
    <div className="table-toolbar">
      <span className="muted" data-testid={`${view}-count`}>
        {filtered
          ? t("export.countFiltered", { shown: count(rows.length), total: count(total), noun: total === 1 ? noun[0] : noun[1] })
          : t("export.count", { total: count(total), noun: total === 1 ? noun[0] : noun[1] })}
      </span>
      <span className="export">
        <button type="button" onClick={() => copy(json(), "JSON")} data-testid={`${view}-copy-json`}>
          {t("export.copyJson")}
        </button>
        <button type="button" onClick={() => copy(csv(), "CSV")} data-testid={`${view}-copy-csv`}>
          {t("export.copyCsv")}
        </button>
        <button type="button" onClick={() => save(json(), "json")} data-testid={`${view}-export-json`}>
          {t("export.exportJson")}
        </button>
        <button type="button" onClick={() => save(csv(), "csv")} data-testid={`${view}-export-csv`}>
          {t("export.exportCsv")}
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
