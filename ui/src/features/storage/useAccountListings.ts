import { useQueries, type QueryKey } from "@tanstack/react-query";

import type { AccountFailure } from "../../bindings/AccountFailure";
import type { Listing } from "../../bindings/Listing";
import { FleetdeckError } from "../../platform";

/** A listing gathered per account: the items of the accounts that answered, and each failure. */
export interface AccountListings<T> {
  items: T[];
  /** One entry per account that failed (its own error, shown on that account only). */
  failures: AccountFailure[];
  /** Some account has not answered yet. */
  pending: boolean;
  fetching: boolean;
  refresh: () => void;
}

/** One query of a listing: the account it covers, its key and how to fetch it. */
export interface ListingSource<T> {
  account: string;
  key: QueryKey;
  fetch: () => Promise<Listing<T>>;
}

/** One source per account: `key` and `fetch` of each account. */
export const perAccount = <T,>(
  accounts: readonly string[],
  key: (account: string) => QueryKey,
  fetch: (account: string) => Promise<Listing<T>>,
): ListingSource<T>[] => accounts.map((account) => ({ account, key: key(account), fetch: () => fetch(account) }));

/**
 * One query per source (keys from the query-key factory, so a job's end or an account refresh
 * invalidates exactly that account's data) merged into one listing; an account's failure — a
 * rejected call or a failure inside its listing — stays that account's (one entry per account).
 */
export function useAccountListings<T>(sources: readonly ListingSource<T>[]): AccountListings<T> {
  const results = useQueries({
    queries: sources.map((s) => ({ queryKey: s.key, queryFn: s.fetch })),
  });
  // Merged on each render: a few hundred rows, and the rows stay the query cache's objects (the
  // table's sort keys are cached per object).
  const items: T[] = [];
  const failures: AccountFailure[] = [];
  const fail = (f: AccountFailure) => {
    if (!failures.some((g) => g.account === f.account)) failures.push(f);
  };
  sources.forEach(({ account }, i) => {
    const { data, error } = results[i] ?? {};
    if (data) {
      items.push(...data.items);
      data.failures.forEach(fail);
    } else if (error) {
      const e = FleetdeckError.from(error);
      fail({ account, error: { code: e.code, message: e.message, details: e.details } });
    }
  });
  return {
    items,
    failures,
    pending: results.some((r) => r.isPending),
    fetching: results.some((r) => r.isFetching),
    refresh: () => results.forEach((r) => void r.refetch()),
  };
}
