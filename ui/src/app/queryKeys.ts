// Keys of the query cache (docs/design-rules.md rule 13), the ONE place a key is spelled.
//
// Provider data is keyed `[account, kind, ...]`: `queryKeys.account(a)` (`[a]`) is a prefix of
// every key of account `a`, so invalidating it refetches everything of that account, and
// `[a, kind]` (each kind's function called with the account only) refetches one kind of it.
// Narrower keys (a server's snapshots, a region's plans) extend that prefix. App-wide data is one
// word. Job ends invalidate through these keys by one rule (./invalidation.ts).

import type { QueryKey } from "@tanstack/react-query";

import type { UploadKind } from "../bindings/UploadKind";

/** `[account, kind]`, or `[account, kind, ...rest]` when the narrower parts are given. */
function accountKey<K extends string>(account: string, kind: K, ...rest: (string | null)[]) {
  return [account, kind, ...rest] as const;
}

/** The kinds of provider data kept per account: the second element of an account's keys. */
export const ACCOUNT_KINDS = [
  "servers",
  "server",
  "snapshots",
  "backups",
  "backupPolicies",
  "uploads",
  "sshKeys",
  "floatingIps",
  "tags",
  "localTags",
  "invoices",
  "transactions",
  "usage",
  "regions",
  "plans",
  "images",
  "applications",
  "events",
  "profile",
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const queryKeys = {
  // ---- app-wide ---------------------------------------------------------------------------------
  accounts: ["accounts"] as const,
  jobs: ["jobs"] as const,
  keyring: ["keyring"] as const,
  appInfo: ["appInfo"] as const,
  startupWarnings: ["startupWarnings"] as const,
  preferences: ["preferences"] as const,
  /** Servers parked (snapshotted, then deleted) by the app, kept in the local store. */
  parked: ["parked"] as const,
  /**
   * Balances and monthly cost estimates over several accounts: one answer each, because their
   * totals per currency are added in Rust (decimals), never in the UI from per-account answers.
   */
  balances: (accounts: readonly string[]) => ["balances", ...accounts] as const,
  costEstimate: (accounts: readonly string[]) => ["costEstimate", ...accounts] as const,

  // ---- per account ------------------------------------------------------------------------------
  /** Everything of one account (prefix of all its keys). */
  account: (account: string) => [account] as const,
  /**
   * The servers listing of one account; without an account, the listing of every account (not
   * under any account's prefix: a job's end merges its account into it, see useFleetServers.ts).
   */
  servers: (account?: string) => (account === undefined ? (["servers"] as const) : accountKey(account, "servers")),
  /** The last-known (cached) listing shown before `servers` answers. */
  serversCache: (account?: string) =>
    account === undefined ? (["servers", "cache"] as const) : accountKey(account, "servers", "cache"),
  /** One server's detail (the provider's detail call). */
  server: (account: string, id: string) => accountKey(account, "server", id),
  /** One server's raw provider JSON, fetched when the detail pane's raw section opens. */
  serverRaw: (account: string, id: string) => accountKey(account, "server", id, "raw"),
  /** The account's snapshots, or one server's. */
  snapshots: (account: string, server?: string) => kindKey(account, "snapshots", server),
  backups: (account: string, server?: string) => kindKey(account, "backups", server),
  backupPolicies: (account: string, server?: string) => kindKey(account, "backupPolicies", server),
  /** Uploaded ISOs and custom images: both, or one kind. */
  uploads: (account: string, kind?: UploadKind) => kindKey(account, "uploads", kind),
  sshKeys: (account: string) => accountKey(account, "sshKeys"),
  floatingIps: (account: string) => accountKey(account, "floatingIps"),
  tags: (account: string) => accountKey(account, "tags"),
  /** Local tags of the account's servers (the data directory's, any provider). */
  localTags: (account: string) => accountKey(account, "localTags"),
  invoices: (account: string) => accountKey(account, "invoices"),
  transactions: (account: string) => accountKey(account, "transactions"),
  /** The account's usage, or one server's traffic. */
  usage: (account: string, server?: string) => kindKey(account, "usage", server),
  regions: (account: string) => accountKey(account, "regions"),
  /** Without a region: every plan list of the account; `null`: the plans of no particular region. */
  plans: (account: string, region?: string | null) =>
    region === undefined ? accountKey(account, "plans") : accountKey(account, "plans", region),
  images: (account: string, region?: string | null) =>
    region === undefined ? accountKey(account, "images") : accountKey(account, "images", region),
  applications: (account: string) => accountKey(account, "applications"),
  /** The provider's event log of the account, or of one server. */
  events: (account: string, server?: string) => kindKey(account, "events", server),
  profile: (account: string) => accountKey(account, "profile"),
} satisfies Record<string, QueryKey | ((...args: never[]) => QueryKey)>;

function kindKey<K extends AccountKind>(account: string, kind: K, narrower: string | undefined) {
  return narrower === undefined ? accountKey(account, kind) : accountKey(account, kind, narrower);
}
