// The unified server table's data model, free of React: addresses, facets, filtering, sorting
// and export. Kept pure so that the 10,000-server benchmark measures exactly what the table runs.
import type { FleetServers } from "../../bindings/FleetServers";
import type { ProviderKind } from "../../bindings/ProviderKind";
import type { Server } from "../../bindings/Server";
import type { ServerStatus } from "../../bindings/ServerStatus";
import { providerLabel } from "../accounts/descriptors";
import type { CatalogNames } from "./catalogNames";

/** `ACCOUNT/SERVER_ID`, how every command addresses a server. */
export const addressOf = (s: Pick<Server, "account" | "id">): string => `${s.account}/${s.id}`;

/** A server's region, plan and image as shown: the catalog's name, else the id (empty when none). */
export function shownNames(s: Server, names: CatalogNames): { region: string; plan: string; image: string } {
  return {
    region: s.region === null ? "" : (names.region(s.account, s.region) ?? s.region),
    plan: s.plan === null ? "" : (names.plan(s.account, s.plan) ?? s.plan),
    image: s.image === null ? "" : (names.image(s.account, s.image) ?? s.image),
  };
}

/**
 * Free text's second haystack: the catalog names the table shows for a server's ids, and its
 * status word, lower case. Made once per server for one set of names and one language: made per
 * keystroke it cost a translation call and three lookups for each of 10,000 servers, most of a
 * keystroke's time in the real window.
 */
export function shownTextOf(names: CatalogNames, statusWord: (status: ServerStatus) => string): (s: Server) => string {
  const words = new Map<ServerStatus, string>();
  const texts = new WeakMap<Server, string>();
  return (s) => {
    let text = texts.get(s);
    if (text === undefined) {
      let word = words.get(s.status);
      if (word === undefined) {
        word = statusWord(s.status);
        words.set(s.status, word);
      }
      const n = shownNames(s, names);
      text = `${n.region}\u0000${n.plan}\u0000${n.image}\u0000${word}`.toLowerCase();
      texts.set(s, text);
    }
    return text;
  };
}

/** The table's filters; an empty string means "any". */
export interface ServerFilters {
  text: string;
  provider: ProviderKind | "";
  account: string;
  status: ServerStatus | "";
  region: string;
  tag: string;
}

export const NO_FILTERS: ServerFilters = { text: "", provider: "", account: "", status: "", region: "", tag: "" };

export const isFiltered = (f: ServerFilters): boolean =>
  f.text.trim() !== "" || f.provider !== "" || f.account !== "" || f.status !== "" || f.region !== "" || f.tag !== "";

// The lower-cased text a server matches free text against, computed once per server object (the
// query cache hands out the same objects until they change).
const haystacks = new WeakMap<Server, string>();
function haystack(s: Server): string {
  let h = haystacks.get(s);
  if (h === undefined) {
    h = [
      s.name,
      s.hostname ?? "",
      s.id,
      s.account,
      providerLabel(s.provider),
      s.status,
      s.rawStatus.text ?? "",
      ...s.ipv4,
      ...s.ipv6,
      s.region ?? "",
      s.plan ?? "",
      s.image ?? "",
      ...s.tags,
      ...(s.localTags ?? []),
    ]
      .join("\u0000")
      .toLowerCase();
    haystacks.set(s, h);
  }
  return h;
}

/**
 * The servers matching every filter; free text matches all of its words anywhere in the row, or
 * in `shownText(server)` (lower case: the catalog names the table shows for its ids).
 */
export function filterServers(servers: readonly Server[], f: ServerFilters, shownText?: (s: Server) => string): Server[] {
  const words = f.text.toLowerCase().split(/\s+/).filter((w) => w !== "");
  const matches = (s: Server, w: string) => haystack(s).includes(w) || (shownText !== undefined && shownText(s).includes(w));
  return servers.filter(
    (s) =>
      (f.provider === "" || s.provider === f.provider) &&
      (f.account === "" || s.account === f.account) &&
      (f.status === "" || s.status === f.status) &&
      (f.region === "" || s.region === f.region) &&
      // A tag is the provider's or a local one (the data directory's, any provider): both match.
      (f.tag === "" || s.tags.includes(f.tag) || (s.localTags ?? []).includes(f.tag)) &&
      (words.length === 0 || words.every((w) => matches(s, w))),
  );
}

/** Distinct values of the facets, sorted, for the filter menus. */
export interface Facets {
  providers: ProviderKind[];
  accounts: string[];
  statuses: ServerStatus[];
  /** Region ids, in the order of their names. */
  regions: string[];
  /** A region id's name as the region filter shows it (the id itself when no catalog names it). */
  regionName: (id: string) => string;
  tags: string[];
}

/** The facets; region ids are named (and ordered) by the accounts' catalogs when `names` are given. */
export function facetsOf(servers: readonly Server[], names?: CatalogNames): Facets {
  const providers = new Set<ProviderKind>();
  const accounts = new Set<string>();
  const statuses = new Set<ServerStatus>();
  // A region id's name from the first server in it (ids are per provider; their names agree).
  const regions = new Map<string, string>();
  const tags = new Set<string>();
  for (const s of servers) {
    providers.add(s.provider);
    accounts.add(s.account);
    statuses.add(s.status);
    if (s.region !== null && !regions.has(s.region)) regions.set(s.region, names?.region(s.account, s.region) ?? s.region);
    for (const t of s.tags) tags.add(t);
    for (const t of s.localTags ?? []) tags.add(t);
  }
  const sorted = <T extends string>(set: Set<T>) => [...set].sort((a, b) => a.localeCompare(b));
  // Two ids named alike (two providers' "Amsterdam") stay apart in the menu by their ids.
  const nameCount = new Map<string, number>();
  for (const name of regions.values()) nameCount.set(name, (nameCount.get(name) ?? 0) + 1);
  const regionName = (id: string) => {
    const name = regions.get(id) ?? id;
    return name !== id && (nameCount.get(name) ?? 0) > 1 ? `${name} (${id})` : name;
  };
  return {
    providers: sorted(providers),
    accounts: sorted(accounts),
    statuses: sorted(statuses),
    regions: [...regions.keys()].sort((a, b) => regionName(a).localeCompare(regionName(b)) || a.localeCompare(b)),
    regionName,
    tags: sorted(tags),
  };
}

/** The columns of the table (and of the CSV export), in order. */
export const COLUMNS = [
  "provider",
  "account",
  "name",
  "status",
  "ipv4",
  "ipv6",
  "region",
  "plan",
  "image",
  "created",
] as const;
export type ColumnId = (typeof COLUMNS)[number];

/** The columns' titles as keys of the `servers` namespace (translated where they are shown). */
export const COLUMN_TITLE = {
  provider: "table.columns.provider",
  account: "table.columns.account",
  name: "table.columns.name",
  status: "table.columns.status",
  ipv4: "table.columns.ipv4",
  ipv6: "table.columns.ipv6",
  region: "table.columns.region",
  plan: "table.columns.plan",
  image: "table.columns.image",
  created: "table.columns.created",
} as const satisfies Record<ColumnId, string>;

/** A cell's value as text (what is shown, sorted, searched and exported). */
export function cellText(s: Server, column: ColumnId): string {
  switch (column) {
    case "provider":
      return providerLabel(s.provider);
    case "account":
      return s.account;
    case "name":
      return s.name;
    case "status":
      return s.status;
    case "ipv4":
      return s.ipv4.join(" ");
    case "ipv6":
      return s.ipv6.join(" ");
    case "region":
      return s.region ?? "";
    case "plan":
      return s.plan ?? "";
    case "image":
      return s.image ?? "";
    case "created":
      return s.createdAt ?? "";
  }
}

// Sort keys, computed once per server object and column: lower-cased text whose digit runs are
// zero-padded, so that plain string comparison gives natural order (web-2 before web-10) without
// a collator or a regular expression in the comparator (10,000 rows sort in a few ms).
const sortKeys = new WeakMap<Server, Partial<Record<ColumnId, string>>>();
export function sortKey(s: Server, column: ColumnId): string {
  let keys = sortKeys.get(s);
  if (keys === undefined) {
    keys = {};
    sortKeys.set(s, keys);
  }
  let key = keys[column];
  if (key === undefined) {
    const text = cellText(s, column).toLowerCase();
    // Empty values sort last in ascending order.
    key = text === "" ? "\uffff" : text.replace(/\d+/g, (d) => d.padStart(12, "0"));
    keys[column] = key;
  }
  return key;
}

/** One column to sort by (TanStack Table's `ColumnSort`). */
export interface SortBy {
  id: string;
  desc: boolean;
}

/** The columns whose ids the table shows by their catalog names (./catalogNames.ts). */
type NamedColumn = "region" | "plan" | "image";
const isNamed = (c: ColumnId): c is NamedColumn => c === "region" || c === "plan" || c === "image";

// Sort keys of the named columns, per names object (a catalog that arrives makes a new one, so
// keys never outlive the names they came from), per server and column.
const namedKeys = new WeakMap<CatalogNames, WeakMap<Server, Partial<Record<NamedColumn, string>>>>();
function namedSortKey(s: Server, column: NamedColumn, names: CatalogNames): string {
  let perServer = namedKeys.get(names);
  if (perServer === undefined) {
    perServer = new WeakMap();
    namedKeys.set(names, perServer);
  }
  let keys = perServer.get(s);
  if (keys === undefined) {
    keys = {};
    perServer.set(s, keys);
  }
  let key = keys[column];
  if (key === undefined) {
    const id = s[column];
    const text = id === null ? "" : (names[column](s.account, id) ?? id).toLowerCase();
    key = text === "" ? "\uffff" : text.replace(/\d+/g, (d) => d.padStart(12, "0"));
    keys[column] = key;
  }
  return key;
}

/**
 * The servers sorted by the first entry of `sorting` (ties keep their order, then by account and
 * name); region, plan and image by the names `names` give them, as the table shows them.
 * Decorate-sort-undecorate on the cached keys: no lookups inside the comparator.
 */
export function sortServers(servers: readonly Server[], sorting: readonly SortBy[], names?: CatalogNames): Server[] {
  const by = sorting[0];
  if (by === undefined || !(COLUMNS as readonly string[]).includes(by.id)) return servers.slice();
  const column = by.id as ColumnId;
  const keyOf = names !== undefined && isNamed(column) ? (s: Server) => namedSortKey(s, column, names) : (s: Server) => sortKey(s, column);
  const decorated = servers.map((s, i) => ({ k: keyOf(s), i, s }));
  const dir = by.desc ? -1 : 1;
  decorated.sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.i - b.i));
  return decorated.map((d) => d.s);
}

/** Rows of the export: the table's columns plus the id, without the provider's raw data. */
export function exportRows(servers: readonly Server[]): Record<string, string>[] {
  return servers.map((s) => {
    const row: Record<string, string> = { id: s.id };
    for (const c of COLUMNS) row[c] = cellText(s, c);
    row.tags = s.tags.join(" ");
    return row;
  });
}

export const toJson = (servers: readonly Server[]): string => JSON.stringify(exportRows(servers), null, 2);

/**
 * A cell a spreadsheet would not run as a formula. Server names, tags and images come from
 * providers and users; a value starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
 * leading `'` (OWASP's advice against CSV injection), so the spreadsheet shows it as text.
 */
export function csvSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * RFC 4180 CSV (CRLF, fields quoted when they hold a quote, comma or line break), every cell
 * neutralised by `csvSafe` first.
 */
export function toCsv(servers: readonly Server[]): string {
  const rows = exportRows(servers);
  const header = ["id", ...COLUMNS, "tags"];
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const cell = (v: string) => quote(csvSafe(v));
  return [header.map(cell).join(","), ...rows.map((r) => header.map((h) => cell(r[h] ?? "")).join(","))].join("\r\n") + "\r\n";
}


/** Accounts whose last refresh failed: a listing with any of them is partial. */
export const failedAccounts = (fleet: FleetServers): string[] =>
  fleet.accounts.filter((a) => a.error !== null).map((a) => a.account);
