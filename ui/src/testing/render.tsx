// Render the whole app against mocked commands, with sensible answers for the frame's own calls.
import { QueryClient } from "@tanstack/react-query";
import { createMemoryHistory } from "@tanstack/react-router";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { AccountView } from "../bindings/AccountView";
import type { FleetServers } from "../bindings/FleetServers";
import type { Job } from "../bindings/Job";
import { App } from "../app/App";
import { keyringAvailable } from "./fixtures";
import { CommandRejection, mockCommands, type CommandHandler } from "./ipc";

export interface AppSetup {
  accounts?: AccountView[];
  /** Answer of `cached_servers` (and of `refresh_servers` unless `fresh` is given). */
  cached?: FleetServers;
  fresh?: FleetServers;
  jobs?: Job[];
  /** Answer of `startup_warnings` (what the store found wrong at start). */
  startupWarnings?: string[];
  handlers?: Record<string, CommandHandler>;
  /** The view the app opens on (a router path, `/snapshots`); the servers by default. */
  path?: string;
}

/** Render the app; answers the calls made and a user-event instance. */
export function renderApp(setup: AppSetup = {}) {
  const cached = setup.cached ?? { servers: [], accounts: [] };
  const ipc = mockCommands({
    keyring_status: () => keyringAvailable,
    startup_warnings: () => setup.startupWarnings ?? [],
    app_info: () => ({ version: "0.1.0", commit: "ff69cae", buildDate: "2026-12-03", dataDir: "/tmp/d", keyringService: "fleetdeck-test" }),
    list_accounts: () => setup.accounts ?? [],
    cached_servers: () => cached,
    refresh_servers: () => setup.fresh ?? cached,
    jobs: () => setup.jobs ?? [],
    // The parked servers (the data directory's list, shown in the snapshots view).
    parked_servers: () => [],
    // The tray's "Open" submenu follows the shown views (src-tauri/src/tray.rs).
    set_tray_views: () => null,
    // The provider's detail of a server: the listed one, unless a test says otherwise.
    server: (args) => {
      const found = (setup.fresh ?? cached).servers.find((s) => `${s.account}/${s.id}` === args.address);
      if (!found) throw new CommandRejection({ code: "notFound", message: `no server ${String(args.address)}`, details: {} });
      return found;
    },
    // A server's raw provider JSON, asked for when the detail's raw section opens: the listed one's.
    server_raw: (args) => {
      const found = (setup.fresh ?? cached).servers.find((s) => `${s.account}/${s.id}` === args.server);
      if (!found) throw new CommandRejection({ code: "notFound", message: `no server ${String(args.server)}`, details: {} });
      return found.raw ?? null;
    },
    ...setup.handlers,
  });
  const user = userEvent.setup();
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  // A fresh memory history per render: no test sees the view another one left open.
  const history = createMemoryHistory({ initialEntries: [setup.path ?? "/"] });
  const view = render(<App client={client} history={history} />);
  return { ...ipc, user, client, view, history };
}

/** The calls of one command, as their arguments. */
export const callsOf = (calls: [string, unknown][], command: string): Record<string, unknown>[] =>
  calls.filter(([c]) => c === command).map(([, args]) => args as Record<string, unknown>);
