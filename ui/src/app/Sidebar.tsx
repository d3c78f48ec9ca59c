import { useQuery } from "@tanstack/react-query";

import type { AccountView } from "../bindings/AccountView";
import { listAccounts } from "../platform";
import { ErrorNotice } from "./ErrorNotice";
import { queryKeys } from "./queryKeys";
import { useSelection } from "./selection";

const PROVIDER_LABEL: Record<AccountView["account"]["provider"], string> = {
  letscloud: "LetsCloud",
  cloudero: "Cloude.ro",
  cloudzy: "Cloudzy",
  vz: "vz / LXD",
};

/** The accounts, each with its colour chip; selecting one narrows the main area to it. */
export function Sidebar() {
  const accounts = useQuery({ queryKey: queryKeys.accounts, queryFn: listAccounts });
  const { account: selected, select } = useSelection();

  return (
    <nav className="sidebar" aria-label="Accounts" data-testid="sidebar">
      <div className="sidebar-title">
        <span className="brand" data-testid="brand">
          Fleetdeck
        </span>
      </div>
      <button
        type="button"
        className={`account-row${selected === null ? " selected" : ""}`}
        aria-current={selected === null}
        onClick={() => select(null)}
        data-testid="account-all"
      >
        <span className="chip chip-all" aria-hidden />
        <span className="account-name">All accounts</span>
      </button>
      <h2 className="section-label">Accounts</h2>
      {accounts.isPending && <p className="muted">Loading…</p>}
      {accounts.isError && <ErrorNotice error={accounts.error} />}
      {accounts.isSuccess && accounts.data.length === 0 && (
        <p className="muted" data-testid="accounts-empty">
          No accounts yet.
        </p>
      )}
      {accounts.isSuccess && accounts.data.length > 0 && (
        <ul className="account-list" data-testid="account-list">
          {accounts.data.map(({ account }) => (
            <li key={account.id}>
              <button
                type="button"
                className={`account-row${selected === account.name ? " selected" : ""}`}
                aria-current={selected === account.name}
                onClick={() => select(account.name)}
                data-testid={`account-${account.name}`}
              >
                <span className="chip" style={{ background: account.color ?? "var(--chip-default)" }} aria-hidden />
                <span className="account-name">{account.name}</span>
                <span className="account-provider">{PROVIDER_LABEL[account.provider]}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
