// What a job's end changed, by one rule over its kind: useFleetEvents invalidates these keys once
// for every job that reaches a final state (succeeded or not: a failed job may have changed part
// of what it touched, and refetching is cheap next to showing stale state).

import type { QueryKey } from "@tanstack/react-query";

import type { Job } from "../bindings/Job";
import { queryKeys } from "./queryKeys";

/**
 * The query keys whose data `job` may have changed, derived from its kind and its
 * account/server. "The server" is both its row in the account's listing and its detail.
 * Exhaustive over `JobKind`: a kind added in Rust (core/src/job.rs) is a tsc error here until it
 * is given its keys.
 */
export function keysChangedBy(job: Job): QueryKey[] {
  const { account } = job;
  const listing = queryKeys.servers(account);
  // Without a server id the job is not tied to one server; its account's listing still shows any
  // change of state.
  const theServer: QueryKey[] = job.serverId === null ? [listing] : [listing, queryKeys.server(account, job.serverId)];
  switch (job.kind) {
    case "createServer":
      return [listing];
    case "deleteServer":
      // Providers may take the server's snapshots, backups, schedule and floating IPs with it.
      return [
        ...theServer,
        queryKeys.snapshots(account),
        queryKeys.backups(account),
        queryKeys.backupPolicies(account),
        queryKeys.floatingIps(account),
      ];
    case "start":
    case "stop":
    case "shutdown":
    case "reboot":
    case "freeze":
    case "unfreeze":
    case "resetPassword":
    case "reinstall":
    case "resize":
    case "rename":
    case "updateConfig":
      return theServer;
    case "addTraffic":
      return [...theServer, job.serverId === null ? queryKeys.usage(account) : queryKeys.usage(account, job.serverId)];
    case "snapshotCreate":
    case "snapshotDelete":
    case "snapshotRestore":
    case "snapshotRename":
      return [queryKeys.snapshots(account), ...theServer];
    case "backupCreate":
    case "backupDelete":
      return [queryKeys.backups(account), ...theServer];
    case "backupPolicy":
      return [queryKeys.backupPolicies(account), ...theServer];
    case "backupDownload":
      // A copy saved on this machine changes nothing at the provider; the backups view re-reads
      // its list so a row waiting on the download settles.
      return [queryKeys.backups(account)];
    case "isoDownload":
    case "imageDownload":
    case "uploadDelete":
      // Custom images are also sources in the account's image lists (create, reinstall).
      return [queryKeys.uploads(account), queryKeys.images(account)];
    case "floatingIpAllocate":
    case "floatingIpRelease":
      return [queryKeys.floatingIps(account), ...theServer];
    case "park":
      // Snapshot, then delete: the server leaves the listing, its snapshot and a parked entry appear.
      return [queryKeys.parked, queryKeys.snapshots(account), ...theServer];
    case "unpark":
      // A new server from the parked snapshot: a new row, the parked entry goes.
      return [queryKeys.parked, queryKeys.snapshots(account), listing];
    case "other":
      return theServer;
    default:
      return unknownKind(job.kind, theServer);
  }
}

/** tsc proves this unreachable; at run time (bindings older than the app) the safe default. */
function unknownKind(kind: never, fallback: QueryKey[]): QueryKey[] {
  void kind;
  return fallback;
}

/** Whether `key` is the servers listing of `account` (refreshed by merging, not refetching). */
export function isServersListing(key: QueryKey, account: string): boolean {
  const listing = queryKeys.servers(account);
  return key.length === listing.length && key.every((part, i) => part === listing[i]);
}
