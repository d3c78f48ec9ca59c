// The resource tables' data model, free of React: columns as text, natural-order sorting on cached
// keys, free-text and facet filters, and CSV/JSON export — the same rules as the server table
// (../servers/model.ts), for any row type. The server table keeps its own tuned copy for 10,000 rows.
import { i18n } from "../../i18n";
import { csvSafe } from "../servers/model";

/**
 * One column: its title (in the UI's language), its value as text (shown, sorted, searched,
 * exported), and an optional cell. `sort`, when given, is what the column sorts by instead of its
 * text: dates and sizes read in the UI's language (`Jan 31, 2026`, `1,234 GB`) do not sort as text,
 * their ISO time or padded number does (see ./format.ts `timeSort`, `sizeSort`).
 */
export interface ResourceColumn<T> {
  id: string;
  title: string;
  text: (row: T) => string;
  sort?: (row: T) => string;
}

/** One column to sort by (TanStack Table's `ColumnSort`). */
export interface SortBy {
  id: string;
  desc: boolean;
}

// Sort keys per row object and column: lower-cased text whose digit runs are zero-padded, so plain
// comparison gives natural order (snap-2 before snap-10). Rows are the query cache's objects.
// The texts follow the language (status words, kinds, dates): a language change forgets them.
let keys = new WeakMap<object, Map<string, string>>();
i18n.on("languageChanged", () => {
  keys = new WeakMap();
});
function sortKey<T extends object>(row: T, column: ResourceColumn<T>): string {
  let perRow = keys.get(row);
  if (perRow === undefined) {
    perRow = new Map();
    keys.set(row, perRow);
  }
  let key = perRow.get(column.id);
  if (key === undefined) {
    const text = (column.sort ?? column.text)(row).toLowerCase();
    // Empty values sort last in ascending order.
    key = text === "" ? "\uffff" : text.replace(/\d+/g, (d) => d.padStart(12, "0"));
    perRow.set(column.id, key);
  }
  return key;
}

/** `rows` sorted by the first entry of `sorting` (ties keep their order). */
export function sortRows<T extends object>(
  rows: readonly T[],
  sorting: readonly SortBy[],
  columns: readonly ResourceColumn<T>[],
): T[] {
  const by = sorting[0];
  const column = by === undefined ? undefined : columns.find((c) => c.id === by.id);
  if (by === undefined || column === undefined) return rows.slice();
  const dir = by.desc ? -1 : 1;
  return rows
    .map((row, i) => ({ k: sortKey(row, column), i, row }))
    .sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.i - b.i))
    .map((d) => d.row);
}

/** The filters every resource view has; an empty string means "any". */
export interface ResourceFilters {
  text: string;
  account: string;
  provider: string;
  status: string;
}

export const NO_RESOURCE_FILTERS: ResourceFilters = { text: "", account: "", provider: "", status: "" };

export const isFilteredBy = (f: ResourceFilters): boolean =>
  f.text.trim() !== "" || f.account !== "" || f.provider !== "" || f.status !== "";

/** What the filters read of a row. */
export interface RowFacets {
  account: string;
  provider: string;
  status: string;
}

/** The rows matching every filter; free text matches all of its words in some column's text. */
export function filterRows<T>(
  rows: readonly T[],
  f: ResourceFilters,
  columns: readonly ResourceColumn<T>[],
  facets: (row: T) => RowFacets,
): T[] {
  const words = f.text.toLowerCase().split(/\s+/).filter((w) => w !== "");
  return rows.filter((row) => {
    const r = facets(row);
    if (f.account !== "" && r.account !== f.account) return false;
    if (f.provider !== "" && r.provider !== f.provider) return false;
    if (f.status !== "" && r.status !== f.status) return false;
    if (words.length === 0) return true;
    const hay = columns.map((c) => c.text(row)).join("\u0000").toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** Distinct values of each facet, sorted, for the filter menus. */
export function facetValues<T>(rows: readonly T[], facets: (row: T) => RowFacets): Record<keyof RowFacets, string[]> {
  const sets = { account: new Set<string>(), provider: new Set<string>(), status: new Set<string>() };
  for (const row of rows) {
    const r = facets(row);
    sets.account.add(r.account);
    sets.provider.add(r.provider);
    if (r.status !== "") sets.status.add(r.status);
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return { account: sorted(sets.account), provider: sorted(sets.provider), status: sorted(sets.status) };
}

/** Rows of the export: the id, then every column as text (no raw provider data). */
export function exportRecords<T>(
  rows: readonly T[],
  columns: readonly ResourceColumn<T>[],
  idOf: (row: T) => string,
): Record<string, string>[] {
  return rows.map((row) => {
    const record: Record<string, string> = { id: idOf(row) };
    for (const c of columns) record[c.id] = c.text(row);
    return record;
  });
}

export const recordsToJson = (records: readonly Record<string, string>[]): string => JSON.stringify(records, null, 2);

/** RFC 4180 CSV (CRLF, quoted when needed), every cell neutralised against formulas by `csvSafe`. */
export function recordsToCsv(records: readonly Record<string, string>[], header: readonly string[]): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const cell = (v: string) => quote(csvSafe(v));
  return [header.map(cell).join(","), ...records.map((r) => header.map((h) => cell(r[h] ?? "")).join(","))].join("\r\n") + "\r\n";
}
