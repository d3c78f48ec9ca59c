// The app's views, as one table: the sidebar's items, the router's routes, the keyboard shortcuts
// and the palette's "Go to" entries all come from it. Adding a view is one row here, one component
// in ./router.tsx and its name in the `shell` catalogue (`shell:views.<id>`, which the tray shows
// too). A view is shown when some account's provider offers it (capability data, never a provider
// name); Servers is always there (its empty state adds the first account).
import type { AppView } from "../../bindings/AppView";
import type { Capabilities } from "../../bindings/Capabilities";

/**
 * A view's name: the Rust enum the tray names views by (src-tauri/src/tray.rs `AppView`, generated),
 * so the tray's "Open" submenu and this table cannot drift apart.
 */
export type ViewId = AppView;

export interface ViewSpec {
  id: ViewId;
  /** The route's path (hash history: `#/snapshots`). */
  path: string;
  /** Ctrl/Cmd + this key opens the view. */
  key: string;
  /** Whether an account with these capabilities has something for the view; `null`: always shown. */
  offered: ((caps: Capabilities) => boolean) | null;
}

export const VIEWS: readonly ViewSpec[] = [
  { id: "servers", path: "/", key: "1", offered: null },
  { id: "snapshots", path: "/snapshots", key: "2", offered: (c) => c.snapshots.list },
  { id: "backups", path: "/backups", key: "3", offered: (c) => c.backups.list || c.backups.policies },
  { id: "images", path: "/images", key: "4", offered: (c) => c.isos.list || c.customImages.list },
  { id: "ssh-keys", path: "/ssh-keys", key: "5", offered: (c) => c.sshKeys.list },
  { id: "floating-ips", path: "/floating-ips", key: "6", offered: (c) => c.floatingIps.list },
  // Local tags (the data directory's) apply to every provider's servers: shown with any account.
  { id: "tags", path: "/tags", key: "7", offered: () => true },
  {
    id: "billing",
    path: "/billing",
    key: "8",
    // The cost estimate comes from plan prices, so an account with a plan catalog has one.
    offered: (c) => c.billing.balance || c.billing.invoices || c.billing.transactions || c.create.plans,
  },
  { id: "plans", path: "/plans", key: "9", offered: (c) => c.create.plans },
];

/** The views some account offers, in table order. */
export function shownViews(accounts: readonly { capabilities: Capabilities }[]): ViewSpec[] {
  return VIEWS.filter((v) => v.offered === null || accounts.some((a) => v.offered?.(a.capabilities)));
}

/** The view a router path shows (unknown paths: none). */
export const viewOfPath = (path: string): ViewSpec | undefined => VIEWS.find((v) => v.path === path);

/** "Ctrl+2" — how the shortcut is written in titles and the palette. */
export const shortcutLabel = (v: ViewSpec): string => `Ctrl+${v.key}`;
