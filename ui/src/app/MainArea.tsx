import { useQuery } from "@tanstack/react-query";

import { cachedServers } from "../platform";
import { ErrorNotice } from "./ErrorNotice";
import { queryKeys } from "./queryKeys";
import { useSelection } from "./selection";

/**
 * The main area of the frame until the servers screen lands in it: the selected scope and the
 * last-known server count from the cache, or how to start when there is no account.
 */
export function MainArea() {
  const { account } = useSelection();
  const scope = account === null ? [] : [account];
  const servers = useQuery({
    queryKey: account === null ? queryKeys.servers() : queryKeys.servers(account),
    queryFn: () => cachedServers(scope),
  });

  return (
    <main className="main" data-testid="main-area">
      <header className="main-header">
        <h1 data-testid="main-title">{account ?? "All accounts"}</h1>
      </header>
      {servers.isPending && <p className="muted">Loading…</p>}
      {servers.isError && <ErrorNotice error={servers.error} />}
      {servers.isSuccess && servers.data.accounts.length === 0 && (
        <div className="empty" data-testid="empty-state">
          <h2>No accounts yet</h2>
          <p>Add a LetsCloud, Cloude.ro, Cloudzy or vz/LXD account to see its servers here.</p>
        </div>
      )}
      {servers.isSuccess && servers.data.accounts.length > 0 && (
        <p data-testid="server-count">
          {servers.data.servers.length} server{servers.data.servers.length === 1 ? "" : "s"} (last known)
        </p>
      )}
    </main>
  );
}
