import type { AccountView } from "../../bindings/AccountView";
import type { Capabilities } from "../../bindings/Capabilities";
import { useSelection } from "../../app/selection";
import { useAccounts } from "../../app/useAccounts";

/**
 * The accounts a view covers: the selected one, or every account, kept to those whose provider
 * offers `offered` (capability data). Answers the names (stable for query keys) and the views.
 */
export function useScopedAccounts(offered: (caps: Capabilities) => boolean): {
  scope: string | null;
  views: AccountView[];
  names: string[];
  byName: Map<string, AccountView>;
} {
  const { account } = useSelection();
  const { query, byName } = useAccounts();
  const views = (query.data ?? []).filter(
    (v) => (account === null || v.account.name === account) && offered(v.capabilities),
  );
  return { scope: account, views, names: views.map((v) => v.account.name), byName };
}
