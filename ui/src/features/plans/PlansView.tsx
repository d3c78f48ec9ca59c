import type { SortingState } from "@tanstack/react-table";
import { useEffect, useMemo, useRef, useState } from "react";

import type { PlanOffer } from "../../bindings/PlanOffer";
import { subscribeAppCommand, useOverlay } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useAccounts } from "../../app/useAccounts";
import { planComparison } from "../../platform";
import { providerLabel } from "../accounts/descriptors";
import { ResourceTable, type TableColumn } from "../storage/ResourceTable";
import { AccountCell, AccountFailures, ExportBar } from "../storage/ResourceView";
import { useScopedAccounts } from "../storage/scope";
import { sortRows } from "../storage/table";
import { perAccount, useAccountListings } from "../storage/useAccountListings";
import "../storage/storage.css";
import "./plans.css";
import { amountText, compareDecimal, moneyText } from "./money";

/**
 * A row id per offer, unique in the table: `ACCOUNT/PLAN`, and where one plan id is offered at
 * several prices (LetsCloud prices a plan per region) `ACCOUNT/PLAN@REGIONS`, then `#n`. Rows with
 * one id would share a React key, and the table would show them out of order.
 */
export function planRowIds(rows: readonly PlanOffer[]): Map<PlanOffer, string> {
  const ids = new Map<PlanOffer, string>();
  const taken = new Set<string>();
  for (const p of rows) {
    let id = `${p.account}/${p.planId}`;
    if (taken.has(id)) id = `${id}@${p.regions.join(",")}`;
    for (let n = 2; taken.has(id); n++) id = `${p.account}/${p.planId}#${n}`;
    taken.add(id);
    ids.set(p, id);
  }
  return ids;
}
const currencyOf = (p: PlanOffer) => p.monthlyEstimate?.amount.currency ?? null;

/** The columns ordered as numbers (sizes) and as money (decimal strings, grouped by currency). */
const SIZE: Record<string, (p: PlanOffer) => number | null> = {
  vcpus: (p) => p.vcpus,
  ram: (p) => p.memoryMb,
  disk: (p) => p.diskGb,
  traffic: (p) => p.bandwidthGb,
};
const MONEY: Record<string, (p: PlanOffer) => string | null> = {
  monthly: (p) => p.monthlyEstimate?.amount.amount ?? null,
  perVcpu: (p) => p.pricePerVcpu,
  perGbRam: (p) => p.pricePerGbRam,
  perGbDisk: (p) => p.pricePerGbDisk,
  perTbTraffic: (p) => p.pricePerTbTraffic,
};

/**
 * The plan table's order: sizes as numbers, prices as exact decimals within one currency
 * (amounts in different currencies are not comparable: the currency orders first), unknowns
 * last; the other columns as text (../storage/table.ts).
 */
export function sortPlans(rows: readonly PlanOffer[], sorting: SortingState, columns: readonly TableColumn<PlanOffer>[]): PlanOffer[] {
  const by = sorting[0];
  if (by === undefined) return rows.slice();
  const size = SIZE[by.id];
  const money = MONEY[by.id];
  if (size === undefined && money === undefined) return sortRows(rows, sorting, columns);
  const dir = by.desc ? -1 : 1;
  const compare = (a: PlanOffer, b: PlanOffer): number => {
    if (size) {
      const x = size(a);
      const y = size(b);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return (x - y) * dir;
    }
    const x = money?.(a) ?? null;
    const y = money?.(b) ?? null;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const cx = currencyOf(a) ?? "";
    const cy = currencyOf(b) ?? "";
    if (cx !== cy) return cx < cy ? -1 : 1;
    return compareDecimal(x, y) * dir;
  };
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => compare(a.row, b.row) || a.i - b.i)
    .map((d) => d.row);
}

const gb = (mb: number | null) => (mb === null ? "" : `${mb % 1024 === 0 ? mb / 1024 : (mb / 1024).toFixed(1)} GB`);
const traffic = (g: number | null) => (g === null ? "" : g >= 1000 ? `${g / 1000} TB` : `${g} GB`);

/** The filters of the plan table: one region, and minimum sizes (empty: any). */
export interface PlanFilters {
  region: string;
  minVcpus: string;
  minRamGb: string;
  minDiskGb: string;
}
const NO_FILTERS: PlanFilters = { region: "", minVcpus: "", minRamGb: "", minDiskGb: "" };

/** The plans matching the filters; a plan that states no region is orderable anywhere. */
export function filterPlans(rows: readonly PlanOffer[], f: PlanFilters): PlanOffer[] {
  const min = (v: string) => (v.trim() === "" ? null : Number(v));
  const vcpus = min(f.minVcpus);
  const ram = min(f.minRamGb);
  const disk = min(f.minDiskGb);
  return rows.filter(
    (p) =>
      (f.region === "" || p.regions.length === 0 || p.regions.includes(f.region)) &&
      (vcpus === null || (p.vcpus ?? 0) >= vcpus) &&
      (ram === null || (p.memoryMb ?? 0) >= ram * 1024) &&
      (disk === null || (p.diskGb ?? 0) >= disk),
  );
}

/**
 * Every account's plans in one table: sizes, the monthly price and the price per vCPU, GB of RAM,
 * GB of disk and TB of traffic (Rust's decimals, shown as they come); filter by region and minimum
 * sizes, sort by any column, and open the create wizard with a plan chosen.
 */
export function PlansView() {
  const { scope, names } = useScopedAccounts((c) => c.create.plans);
  const { colors } = useAccounts();
  const { open } = useOverlay();
  const listing = useAccountListings(
    perAccount(names, (a) => queryKeys.plans(a), (a) => planComparison([a], null)),
  );
  const [filters, setFilters] = useState<PlanFilters>(NO_FILTERS);
  const [openedId, setOpened] = useState<string | null>(null);
  const { items, refresh } = listing;
  const ids = useMemo(() => planRowIds(items), [items]);
  const planRowId = (p: PlanOffer) => ids.get(p) ?? `${p.account}/${p.planId}`;
  const shown = useMemo(() => filterPlans(items, filters), [items, filters]);
  const regionNames = useMemo(() => [...new Set(items.flatMap((p) => p.regions))].sort(), [items]);
  const opened = openedId === null ? undefined : items.find((p) => planRowId(p) === openedId);
  const refreshRef = useRef(refresh);
  useEffect(() => {
    refreshRef.current = refresh;
  });
  useEffect(() => subscribeAppCommand("refresh", () => refreshRef.current()), []);

  const columns = useMemo<TableColumn<PlanOffer>[]>(() => {
    const price = (id: string, title: string, get: (p: PlanOffer) => string | null): TableColumn<PlanOffer> => ({
      id,
      title,
      text: (p) => amountText(get(p), currencyOf(p)),
    });
    return [
      { id: "name", title: "Plan", text: (p) => p.name ?? p.planId },
      { id: "provider", title: "Provider", text: (p) => providerLabel(p.provider) },
      { id: "account", title: "Account", text: (p) => p.account, cell: (p) => <AccountCell account={p.account} color={colors[p.account] ?? null} /> },
      { id: "region", title: "Regions", text: (p) => (p.regions.length === 0 ? "any" : p.regions.join(", ")) },
      { id: "vcpus", title: "vCPU", text: (p) => (p.vcpus === null ? "" : String(p.vcpus)) },
      { id: "ram", title: "RAM", text: (p) => gb(p.memoryMb) },
      { id: "disk", title: "Disk", text: (p) => (p.diskGb === null ? "" : `${p.diskGb} GB`) },
      { id: "traffic", title: "Traffic", text: (p) => traffic(p.bandwidthGb) },
      { id: "monthly", title: "Monthly", text: (p) => moneyText(p.monthlyEstimate?.amount) },
      price("perVcpu", "Per vCPU", (p) => p.pricePerVcpu),
      price("perGbRam", "Per GB RAM", (p) => p.pricePerGbRam),
      price("perGbDisk", "Per GB disk", (p) => p.pricePerGbDisk),
      price("perTbTraffic", "Per TB traffic", (p) => p.pricePerTbTraffic),
    ];
  }, [colors]);

  const createWith = (p: PlanOffer) =>
    open({
      kind: "create",
      account: p.account,
      plan: { id: p.planId, region: filters.region !== "" && p.regions.includes(filters.region) ? filters.region : (p.regions[0] ?? null) },
    });
  const setNumber = (key: "minVcpus" | "minRamGb" | "minDiskGb", label: string) => (
    <label className="filter">
      {label}{" "}
      <input
        type="number"
        min={0}
        inputMode="numeric"
        className="plans-min"
        value={filters[key]}
        onChange={(e) => setFilters({ ...filters, [key]: e.target.value })}
        data-testid={`plans-filter-${key}`}
      />
    </label>
  );

  return (
    <main className={`main${opened ? " with-detail" : ""}`} data-testid="main-area" data-view="plans">
      <div className="main-list">
        <header className="main-header">
          <h1 data-testid="main-title">
            Plans <span className="muted title-scope">· {scope ?? "all accounts"}</span>
          </h1>
          <div className="toolbar">
            <button type="button" onClick={refresh} disabled={listing.fetching} title="Refresh (Ctrl+R, F5)" data-testid="plans-refresh">
              {listing.fetching ? "Refreshing…" : "Refresh"}
            </button>
          </div>
        </header>
        <AccountFailures view="plans" failures={listing.failures} />
        {listing.pending && items.length === 0 && <p className="muted">Loading…</p>}
        {!listing.pending && items.length === 0 && (
          <div className="empty" data-testid="plans-empty">
            <h2>No plans to compare</h2>
            <p>Plans appear here from every account whose provider has a plan catalog. Add an account to compare its prices.</p>
            <div className="empty-actions">
              <button type="button" className="primary" onClick={() => open({ kind: "addAccount" })} data-testid="plans-add-account">
                Add an account…
              </button>
            </div>
          </div>
        )}
        {items.length > 0 && (
          <>
            <div className="filter-bar" role="search">
              <label className="filter">
                <span className="visually-hidden">Region</span>
                <select
                  aria-label="Region"
                  value={filters.region}
                  onChange={(e) => setFilters({ ...filters, region: e.target.value })}
                  data-testid="plans-filter-region"
                >
                  <option value="">Any region</option>
                  {regionNames.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </label>
              {setNumber("minVcpus", "Min vCPU")}
              {setNumber("minRamGb", "Min RAM GB")}
              {setNumber("minDiskGb", "Min disk GB")}
              {filters !== NO_FILTERS && (
                <button type="button" onClick={() => setFilters(NO_FILTERS)} data-testid="plans-clear-filters">
                  Clear
                </button>
              )}
            </div>
            <p className="muted plans-note">
              Prices are monthly estimates from each provider's list price (taxes and overage not included); per-unit prices
              are in the plan's own currency and never converted.
            </p>
            <ResourceTable
              rows={shown}
              columns={columns}
              rowId={planRowId}
              open={setOpened}
              opened={openedId}
              testId="plans"
              defaultSorting={[{ id: "monthly", desc: false }]}
              sort={(rows, sorting) => sortPlans(rows, sorting, columns)}
              toolbar={(rows) => (
                <ExportBar view="plans" noun={["plan", "plans"]} rows={rows} total={items.length} filtered={filters !== NO_FILTERS} columns={columns} rowId={planRowId} />
              )}
            />
          </>
        )}
      </div>
      {opened && (
        <aside className="detail" aria-label={opened.name ?? opened.planId} data-testid="plans-detail">
          <header className="detail-header">
            <h2>{opened.name ?? opened.planId}</h2>
            <button type="button" className="icon-button" aria-label="Close detail" onClick={() => setOpened(null)}>
              ×
            </button>
          </header>
          <div className="action-bar">
            <button type="button" className="primary" onClick={() => createWith(opened)} data-testid="plan-create-server">
              Create a server with this plan…
            </button>
          </div>
          <dl className="fields">
            {columns.map((c) => (
              <div className="field-row" key={c.id}>
                <dt>{c.title}</dt>
                <dd>{c.text(opened) || "unknown"}</dd>
              </div>
            ))}
            <div className="field-row">
              <dt>Price basis</dt>
              <dd>{opened.monthlyEstimate ? `estimated from the ${opened.monthlyEstimate.basis} price` : "no price"}</dd>
            </div>
            <div className="field-row">
              <dt>Plan id</dt>
              <dd>
                <code>{opened.planId}</code>
              </dd>
            </div>
          </dl>
        </aside>
      )}
    </main>
  );
}
