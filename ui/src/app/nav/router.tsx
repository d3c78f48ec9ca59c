// The router of the main area (TanStack Router): one route per row of the view table (./views.ts).
// Hash history in the app (a Tauri webview serves one document; `#/snapshots` survives a reload),
// memory history in tests.
import {
  createHashHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  type RouterHistory,
} from "@tanstack/react-router";
import type { JSX } from "react";

import { BackupsView } from "../../features/backups/BackupsView";
import { BillingView } from "../../features/billing/BillingView";
import { FloatingIpsView } from "../../features/floating-ips/FloatingIpsView";
import { ImagesView } from "../../features/images/ImagesView";
import { PlansView } from "../../features/plans/PlansView";
import { ServersScreen } from "../../features/servers/ServersScreen";
import { SnapshotsView } from "../../features/snapshots-view/SnapshotsView";
import { SshKeysView } from "../../features/ssh-keys/SshKeysView";
import { TagsView } from "../../features/tags/TagsView";
import { VIEWS, type ViewId } from "./views";

/** The component of each view. */
const SCREENS: Record<ViewId, () => JSX.Element> = {
  servers: ServersScreen,
  snapshots: SnapshotsView,
  backups: BackupsView,
  images: ImagesView,
  "ssh-keys": SshKeysView,
  "floating-ips": FloatingIpsView,
  tags: TagsView,
  billing: BillingView,
  plans: PlansView,
};

/** A router over the view table; an unknown path shows the servers. */
export function createAppRouter(history: RouterHistory = createHashHistory()) {
  const root = createRootRoute({ component: Outlet, notFoundComponent: ServersScreen });
  const routes = VIEWS.map((v) => createRoute({ getParentRoute: () => root, path: v.path, component: SCREENS[v.id] }));
  return createRouter({ routeTree: root.addChildren(routes), history });
}

export type AppRouter = ReturnType<typeof createAppRouter>;
