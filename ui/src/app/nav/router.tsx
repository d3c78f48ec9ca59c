// The router of the main area (TanStack Router): one route per row of the view table (./views.ts).
// Hash history in the app (a Tauri webview serves one document; `#/snapshots` survives a reload),
// memory history in tests.
import {
  createHashHistory,
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  type RouteComponent,
  type RouterHistory,
} from "@tanstack/react-router";

import { ServersScreen } from "../../features/servers/ServersScreen";
import { VIEWS, type ViewId } from "./views";

/**
 * The component of each view. The servers view is the first paint, so it is in the main bundle;
 * every other view is its own chunk, fetched when it is first opened (from the app's own files,
 * a few ms) so that the start parses only what the first view needs.
 */
const SCREENS: Record<ViewId, RouteComponent> = {
  servers: ServersScreen,
  snapshots: lazyRouteComponent(() => import("../../features/snapshots-view/SnapshotsView"), "SnapshotsView"),
  backups: lazyRouteComponent(() => import("../../features/backups/BackupsView"), "BackupsView"),
  images: lazyRouteComponent(() => import("../../features/images/ImagesView"), "ImagesView"),
  "ssh-keys": lazyRouteComponent(() => import("../../features/ssh-keys/SshKeysView"), "SshKeysView"),
  "floating-ips": lazyRouteComponent(() => import("../../features/floating-ips/FloatingIpsView"), "FloatingIpsView"),
  tags: lazyRouteComponent(() => import("../../features/tags/TagsView"), "TagsView"),
  billing: lazyRouteComponent(() => import("../../features/billing/BillingView"), "BillingView"),
  plans: lazyRouteComponent(() => import("../../features/plans/PlansView"), "PlansView"),
};

/** Fetch every view's chunk ahead (after the first paint; the test setup awaits it). */
export async function preloadViews(): Promise<void> {
  await Promise.all(Object.values(SCREENS).map((screen) => screen.preload?.()));
}

/** A router over the view table; an unknown path shows the servers. */
export function createAppRouter(history: RouterHistory = createHashHistory()) {
  const root = createRootRoute({ component: Outlet, notFoundComponent: ServersScreen });
  const routes = VIEWS.map((v) => createRoute({ getParentRoute: () => root, path: v.path, component: SCREENS[v.id] }));
  return createRouter({ routeTree: root.addChildren(routes), history });
}

export type AppRouter = ReturnType<typeof createAppRouter>;
