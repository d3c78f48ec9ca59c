import { QueryClient, type QueryKey } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import { ACCOUNT_KINDS, queryKeys } from "./queryKeys";

/** One key of every per-account kind (narrowest form), for account `a`. */
function everyKeyOf(a: string): QueryKey[] {
  return [
    queryKeys.servers(a),
    queryKeys.serversCache(a),
    queryKeys.server(a, "s1"),
    queryKeys.snapshots(a, "s1"),
    queryKeys.backups(a, "s1"),
    queryKeys.backupPolicies(a, "s1"),
    queryKeys.uploads(a, "iso"),
    queryKeys.uploads(a, "diskImage"),
    queryKeys.sshKeys(a),
    queryKeys.floatingIps(a),
    queryKeys.tags(a),
    queryKeys.localTags(a),
    queryKeys.invoices(a),
    queryKeys.transactions(a),
    queryKeys.usage(a, "s1"),
    queryKeys.regions(a),
    queryKeys.plans(a, "fra1"),
    queryKeys.plans(a, null),
    queryKeys.images(a, "fra1"),
    queryKeys.applications(a),
    queryKeys.events(a, "s1"),
    queryKeys.profile(a),
  ];
}

function cacheWith(keys: QueryKey[]): QueryClient {
  const client = new QueryClient();
  for (const key of keys) client.setQueryData(key, "data");
  return client;
}

const invalidated = (client: QueryClient) =>
  client
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.isInvalidated)
    .map((q) => q.queryKey);

describe("queryKeys", () => {
  it("covers every per-account kind, each keyed [account, kind, ...]", () => {
    const kinds = new Set(everyKeyOf("a").map((k) => k[1]));
    expect([...kinds].sort()).toEqual([...ACCOUNT_KINDS].sort());
    for (const key of everyKeyOf("a")) expect(key[0]).toBe("a");
  });

  it("[account] invalidates everything of that account and nothing of another or app-wide", async () => {
    const client = cacheWith([...everyKeyOf("a"), ...everyKeyOf("b"), queryKeys.jobs, queryKeys.accounts, queryKeys.servers()]);
    await client.invalidateQueries({ queryKey: queryKeys.account("a") });
    expect(invalidated(client)).toHaveLength(everyKeyOf("a").length);
    expect(invalidated(client).every((k) => k[0] === "a")).toBe(true);
  });

  it("[account, kind] invalidates that kind only, at every narrower key", async () => {
    const client = cacheWith([
      ...everyKeyOf("a"),
      ...everyKeyOf("b"),
      queryKeys.snapshots("a", "s2"),
      queryKeys.snapshots("a"),
    ]);
    await client.invalidateQueries({ queryKey: queryKeys.snapshots("a") });
    expect(invalidated(client)).toEqual(
      expect.arrayContaining([queryKeys.snapshots("a", "s1"), queryKeys.snapshots("a", "s2"), queryKeys.snapshots("a")]),
    );
    expect(invalidated(client)).toHaveLength(3);
  });

  it("the servers listing and a server's detail are separate kinds", async () => {
    const client = cacheWith([queryKeys.servers("a"), queryKeys.serversCache("a"), queryKeys.server("a", "s1")]);
    await client.invalidateQueries({ queryKey: queryKeys.server("a", "s1") });
    expect(invalidated(client)).toEqual([queryKeys.server("a", "s1")]);
  });

  it("uploads of one kind sit under the account's uploads", async () => {
    const client = cacheWith([queryKeys.uploads("a", "iso"), queryKeys.uploads("a", "diskImage"), queryKeys.uploads("b", "iso")]);
    await client.invalidateQueries({ queryKey: queryKeys.uploads("a") });
    expect(invalidated(client)).toEqual([queryKeys.uploads("a", "iso"), queryKeys.uploads("a", "diskImage")]);
  });
});
