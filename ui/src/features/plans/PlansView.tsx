import type { SortingState } from "@tanstack/react-table";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import type { PlanOffer } from "../../bindings/PlanOffer";
import { subscribeAppCommand, useOverlay } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useAccounts } from "../../app/useAccounts";
import { formatNumber } from "../../i18n/format";
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

/** `8 GB`, `1.5 GB` (one decimal when not whole), in the language `lng`. */
const gb = (mb: number | null, lng: string) => (mb === null ? "" : `${formatNumber(mb / 1024, lng, 1)} GB`);
/** Traffic as providers sell it: `1 TB` = 1000 GB. */
const traffic = (g: number | null, lng: string) => (g === null ? "" : g >= 1000 ? `${formatNumber(g / 1000, lng, 3)} TB` : `${formatNumber(g, lng)} GB`);

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
  const { t, i18n } = useTranslation(["billing", "common"]);
  const lng = i18n.language;
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
    // Sizes and prices read in the current language; their order is numeric (sortPlans), not textual.
    const price = (id: string, title: string, get: (p: PlanOffer) => string | null): TableColumn<PlanOffer> => ({
      id,
      title,
      text: (p) => amountText(get(p), currencyOf(p)),
    });
    return [
      { id: "name", title: t("plans.columns.name"), text: (p) => p.name ?? p.planId },
      { id: "provider", title: t("plans.columns.provider"), text: (p) => providerLabel(p.provider) },
      {
        id: "account",
        title: t("plans.columns.account"),
        text: (p) => p.account,
        cell: (p) => <AccountCell account={p.account} color={colors[p.account] ?? null} />,
      },
      { id: "region", title: t("plans.columns.region"), text: (p) => (p.regions.length === 0 ? t("plans.anyRegionValue") : p.regions.join(", ")) },
      { id: "vcpus", title: t("plans.columns.vcpus"), text: (p) => (p.vcpus === null ? "" : formatNumber(p.vcpus, lng)) },
      { id: "ram", title: t("plans.columns.ram"), text: (p) => gb(p.memoryMb, lng) },
      { id: "disk", title: t("plans.columns.disk"), text: (p) => (p.diskGb === null ? "" : `${formatNumber(p.diskGb, lng)} GB`) },
      { id: "traffic", title: t("plans.columns.traffic"), text: (p) => traffic(p.bandwidthGb, lng) },
      { id: "monthly", title: t("plans.columns.monthly"), text: (p) => moneyText(p.monthlyEstimate?.amount) },
      price("perVcpu", t("plans.columns.perVcpu"), (p) => p.pricePerVcpu),
      price("perGbRam", t("plans.columns.perGbRam"), (p) => p.pricePerGbRam),
      price("perGbDisk", t("plans.columns.perGbDisk"), (p) => p.pricePerGbDisk),
      price("perTbTraffic", t("plans.columns.perTbTraffic"), (p) => p.pricePerTbTraffic),
    ];
  }, [colors, t, lng]);

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
            {t("plans.title")} <span className="muted title-scope">· {scope ?? t("plans.allAccounts")}</span>
          </h1>
          <div className="toolbar">
            <button type="button" onClick={refresh} disabled={listing.fetching} title={t("plans.refreshTitle")} data-testid="plans-refresh">
              {listing.fetching ? t("plans.refreshing") : t("common:refresh")}
            </button>
          </div>
        </header>
        <AccountFailures view="plans" failures={listing.failures} />
        {listing.pending && items.length === 0 && <p className="muted">{t("common:loading")}</p>}
        {!listing.pending && items.length === 0 && (
          <div className="empty" data-testid="plans-empty">
            <h2>{t("plans.empty.title")}</h2>
            <p>{t("plans.empty.text")}</p>
            <div className="empty-actions">
              <button type="button" className="primary" onClick={() => open({ kind: "addAccount" })} data-testid="plans-add-account">
                {t("plans.empty.addAccount")}
              </button>
            </div>
          </div>
        )}
        {items.length > 0 && (
          <>
            <div className="filter-bar" role="search">
              <label className="filter">
                <span className="visually-hidden">{t("plans.filters.region")}</span>
                <select
                  aria-label={t("plans.filters.region")}
                  value={filters.region}
                  onChange={(e) => setFilters({ ...filters, region: e.target.value })}
                  data-testid="plans-filter-region"
                >
                  <option value="">{t("plans.filters.anyRegion")}</option>
                  {regionNames.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </label>
              {setNumber("minVcpus", t("plans.filters.minVcpus"))}
              {setNumber("minRamGb", t("plans.filters.minRamGb"))}
              {setNumber("minDiskGb", t("plans.filters.minDiskGb"))}
              {filters !== NO_FILTERS && (
                <button type="button" onClick={() => setFilters(NO_FILTERS)} data-testid="plans-clear-filters">
                  {t("plans.filters.clear")}
                </button>
              )}
            </div>
            <p className="muted plans-note">{t("plans.note")}</p>
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
                <ExportBar view="plans" noun={[t("plans.nounOne"), t("plans.nounOther")]} rows={rows} total={items.length} filtered={filters !== NO_FILTERS} columns={columns} rowId={planRowId} />
              )}
            />
          </>
        )}
      </div>
      {opened && (
        <aside className="detail" aria-label={opened.name ?? opened.planId} data-testid="plans-detail">
          <header className="detail-header">
            <h2>{opened.name ?? opened.planId}</h2>
            <button type="button" className="icon-button" aria-label={t("plans.detail.close")} onClick={() => setOpened(null)}>
              ×
            </button>
          </header>
          <div className="action-bar">
            <button type="button" className="primary" onClick={() => createWith(opened)} data-testid="plan-create-server">
              {t("plans.detail.create")}
            </button>
          </div>
          <dl className="fields">
            {columns.map((c) => (
              <div className="field-row" key={c.id}>
                <dt>{c.title}</dt>
                <dd>{c.text(opened) || t("plans.detail.unknown")}</dd>
              </div>
            ))}
            <div className="field-row">
              <dt>{t("plans.detail.priceBasis")}</dt>
              <dd>
                {opened.monthlyEstimate
                  ? t("plans.detail.estimatedFrom", { basis: t(`plans.basis.${opened.monthlyEstimate.basis}`) })
                  : t("plans.detail.noPrice")}
              </dd>
            </div>
            <div className="field-row">
              <dt>{t("plans.detail.planId")}</dt>
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
