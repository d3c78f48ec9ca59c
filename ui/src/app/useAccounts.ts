import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";

import type { AccountView } from "../bindings/AccountView";
import { listAccounts } from "../platform";
import { queryKeys } from "./queryKeys";

/** The accounts in the user's order, and lookups by name. */
export function useAccounts() {
  const query = useQuery({ queryKey: queryKeys.accounts, queryFn: listAccounts });
  const byName = useMemo(() => {
    const map = new Map<string, AccountView>();
    for (const v of query.data ?? []) map.set(v.account.name, v);
    return map;
  }, [query.data]);
  const colors = useMemo(() => {
    const c: Record<string, string | null> = {};
    for (const v of query.data ?? []) c[v.account.name] = v.account.color;
    return c;
  }, [query.data]);
  return { query, byName, colors };
}
