import { QueryClient, type QueryKey } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import type { Job } from "../bindings/Job";
import type { JobKind } from "../bindings/JobKind";
import { job } from "../testing/fixtures";
import { isServersListing, keysChangedBy } from "./invalidation";
import { queryKeys } from "./queryKeys";

// Every JobKind once: tsc requires each key of the record, so a new Rust kind is listed here too.
const EVERY_KIND: Record<JobKind, true> = {
  createServer: true, deleteServer: true, start: true, stop: true, shutdown: true, reboot: true, freeze: true,
  unfreeze: true, resetPassword: true, reinstall: true, resize: true, addTraffic: true, rename: true,
  updateConfig: true, snapshotCreate: true, snapshotDelete: true, snapshotRestore: true, snapshotRename: true,
  backupCreate: true, backupDelete: true, backupPolicy: true, backupDownload: true, isoDownload: true, imageDownload: true,
  uploadDelete: true, floatingIpAllocate: true, floatingIpRelease: true, park: true, unpark: true, other: true,
};
const kinds = Object.keys(EVERY_KIND) as JobKind[];

const ended = (kind: JobKind, serverId: string | null = "s1"): Job =>
  job({ kind, account: "main", serverId, status: "succeeded", finishedAt: "2026-11-30T00:02:00Z" });

/** The keys of a cache holding `keys` that invalidating `changed` marks stale. */
async function staleAfter(changed: QueryKey[], keys: QueryKey[]): Promise<QueryKey[]> {
  const client = new QueryClient();
  for (const key of keys) client.setQueryData(key, "data");
  for (const key of changed) await client.invalidateQueries({ queryKey: key });
  return client.getQueryCache().getAll().filter((q) => q.state.isInvalidated).map((q) => q.queryKey);
}

describe("keysChangedBy", () => {
  it("gives every kind at least one key, all of the job's account or app-wide", () => {
    for (const kind of kinds) {
      const keys = keysChangedBy(ended(kind));
      expect(keys.length, kind).toBeGreaterThan(0);
      for (const key of keys) expect(key[0] === "main" || key === queryKeys.parked, kind).toBe(true);
    }
  });

  it("parking and unparking change the parked list, the snapshots and the listing", () => {
    expect(keysChangedBy(ended("park"))).toEqual([
      queryKeys.parked,
      queryKeys.snapshots("main"),
      queryKeys.servers("main"),
      queryKeys.server("main", "s1"),
    ]);
    expect(keysChangedBy(ended("unpark", null))).toEqual([queryKeys.parked, queryKeys.snapshots("main"), queryKeys.servers("main")]);
  });

  it("a snapshot job changes the account's snapshots and the server (listing and detail)", async () => {
    for (const kind of ["snapshotCreate", "snapshotDelete", "snapshotRestore", "snapshotRename"] as const) {
      const stale = await staleAfter(keysChangedBy(ended(kind)), [
        queryKeys.snapshots("main", "s1"),
        queryKeys.snapshots("main", "s2"),
        queryKeys.server("main", "s1"),
        queryKeys.server("main", "s2"),
        queryKeys.servers("main"),
        queryKeys.snapshots("other", "s1"),
        queryKeys.backups("main", "s1"),
      ]);
      expect(stale, kind).toEqual([
        queryKeys.snapshots("main", "s1"),
        queryKeys.snapshots("main", "s2"),
        queryKeys.server("main", "s1"),
        queryKeys.servers("main"),
      ]);
    }
  });

  it("create changes the listing only; delete also what goes with the server", () => {
    expect(keysChangedBy(ended("createServer", null))).toEqual([queryKeys.servers("main")]);
    expect(keysChangedBy(ended("deleteServer"))).toEqual([
      queryKeys.servers("main"),
      queryKeys.server("main", "s1"),
      queryKeys.snapshots("main"),
      queryKeys.backups("main"),
      queryKeys.backupPolicies("main"),
      queryKeys.floatingIps("main"),
    ]);
  });

  it("a server action changes the server; add-traffic also its usage", () => {
    expect(keysChangedBy(ended("reboot"))).toEqual([queryKeys.servers("main"), queryKeys.server("main", "s1")]);
    expect(keysChangedBy(ended("addTraffic"))).toContainEqual(queryKeys.usage("main", "s1"));
  });

  it("backups, schedules and floating IPs change their own kind and the server", () => {
    expect(keysChangedBy(ended("backupCreate"))).toEqual([queryKeys.backups("main"), queryKeys.servers("main"), queryKeys.server("main", "s1")]);
    expect(keysChangedBy(ended("backupPolicy"))[0]).toEqual(queryKeys.backupPolicies("main"));
    expect(keysChangedBy(ended("floatingIpRelease", null))).toEqual([queryKeys.floatingIps("main"), queryKeys.servers("main")]);
  });

  it("an upload changes the uploads and image lists, not the servers", () => {
    for (const kind of ["isoDownload", "imageDownload", "uploadDelete"] as const) {
      const keys = keysChangedBy(ended(kind, null));
      expect(keys, kind).toEqual([queryKeys.uploads("main"), queryKeys.images("main")]);
      expect(keys.some((k) => isServersListing(k, "main")), kind).toBe(false);
    }
  });

  it("a kind it does not know (bindings older than Rust) falls back to the server", () => {
    const unknown = { ...ended("other"), kind: "somethingNew" } as unknown as Job;
    expect(keysChangedBy(unknown)).toEqual([queryKeys.servers("main"), queryKeys.server("main", "s1")]);
  });
});

describe("isServersListing", () => {
  it("is the account's listing exactly, not its cache, another account's or the detail", () => {
    expect(isServersListing(queryKeys.servers("main"), "main")).toBe(true);
    expect(isServersListing(queryKeys.serversCache("main"), "main")).toBe(false);
    expect(isServersListing(queryKeys.servers("other"), "main")).toBe(false);
    expect(isServersListing(queryKeys.server("main", "s1"), "main")).toBe(false);
  });
});
