import { queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";

import type { AccountState } from "../../bindings/AccountState";
import type { FleetServers } from "../../bindings/FleetServers";
import { cachedServers, refreshServers } from "../../platform";
import { queryKeys } from "../../app/queryKeys";
import { markStartup } from "../../app/startupMarks";

/**
 * The servers of one account (or all, `scope` null): the cache at once, then a refresh from the
 * providers in the background (failed accounts keep their cached servers, marked stale).
 * `refreshEnabled` is false while there is no account to refresh.
 */
export function useFleetServers(scope: string | null, refreshEnabled: boolean) {
  const accounts = scope === null ? [] : [scope];
  const key = scope === null ? queryKeys.servers() : queryKeys.servers(scope);
  const cached = useQuery(cachedServersQuery(scope));
  const fresh = useQuery({
    queryKey: key,
    queryFn: () => refreshServers(accounts, true),
    enabled: refreshEnabled,
    // A refresh goes to every provider: only on start, on demand and after jobs, not on a timer.
    staleTime: Infinity,
  });
  const data = fresh.data ?? cached.data;
  return {
    data,
    /** The cache could not be read and no refresh answered yet. */
    error: data === undefined ? (cached.error ?? fresh.error) : null,
    /** A refresh failed as a whole (per-account failures are in `data.accounts`). */
    refreshError: fresh.error,
    refreshing: fresh.isFetching,
    refresh: () => void fresh.refetch(),
  };
}

/**
 * The query of the cached servers of one account (or all, `scope` null). main.tsx starts the one
 * of all accounts before the first render, so that its IPC round trip overlaps the language and
 * the frame's first render instead of following them.
 */
export function cachedServersQuery(scope: string | null) {
  return queryOptions({
    queryKey: scope === null ? queryKeys.serversCache() : queryKeys.serversCache(scope),
    queryFn: async () => {
      const servers = await cachedServers(scope === null ? [] : [scope]);
      markStartup("cached-servers");
      return servers;
    },
    staleTime: Infinity,
  });
}

/** `base` with the servers and states of `fresh`'s accounts replaced by `fresh`'s. */
export function mergeFleet(base: FleetServers, fresh: FleetServers): FleetServers {
  const replaced = new Set(fresh.accounts.map((a) => a.account));
  const states = base.accounts.map((a) => fresh.accounts.find((f) => f.accountId === a.accountId) ?? a);
  for (const f of fresh.accounts) if (!states.some((s) => s.accountId === f.accountId)) states.push(f);
  return {
    servers: [...base.servers.filter((s) => !replaced.has(s.account)), ...fresh.servers],
    accounts: states,
  };
}

/** Put an account's new refresh state into every server listing that shows it. */
export function applyAccountState(client: QueryClient, state: AccountState): void {
  for (const key of [queryKeys.servers(), queryKeys.servers(state.account)]) {
    client.setQueryData<FleetServers>(key, (old) =>
      old === undefined
        ? old
        : { ...old, accounts: old.accounts.map((a) => (a.accountId === state.accountId ? state : a)) },
    );
  }
}

/** Refresh one account (after a job of it ended) and merge it into the listings that show it. */
export async function refreshAccount(client: QueryClient, account: string): Promise<void> {
  const fresh = await refreshServers([account], true);
  for (const key of [queryKeys.servers(), queryKeys.servers(account)]) {
    client.setQueryData<FleetServers>(key, (old) => (old === undefined ? old : mergeFleet(old, fresh)));
  }
}
