import { createContext, useContext } from "react";

import type { AccountView } from "../bindings/AccountView";
import type { ActionId } from "../bindings/ActionId";
import type { Server } from "../bindings/Server";
import type { UpdateOffer } from "../bindings/UpdateOffer";

/** The server action ids: the Rust action table's (core/src/actions.rs, generated binding). */
export type { ActionId };

/**
 * What a new server is made from when the wizard is opened from a storage view. No provider's
 * create request takes a custom image (docs/capabilities.md): snapshots and ISOs only.
 */
export interface CreateSource {
  kind: "snapshot" | "iso";
  /** The provider's id of the snapshot or ISO. */
  id: string;
  /** Its name, as the user knows it. */
  label: string;
}

/** A plan chosen in the plans view: the wizard starts with it (and its region) selected. */
export interface CreatePlan {
  id: string;
  region: string | null;
}

/** What covers the main area: one dialog at a time. */
export type Overlay =
  | { kind: "palette" }
  | { kind: "addAccount"; provider?: AccountView["account"]["provider"] }
  | { kind: "accountSettings"; account: string }
  | { kind: "create"; account: string; source?: CreateSource; plan?: CreatePlan }
  | { kind: "action"; server: Server; action: ActionId }
  | { kind: "about" }
  // Without `offer` the update dialog checks first (src-tauri/src/updates.rs).
  | { kind: "updates"; offer?: UpdateOffer };

export interface OverlayControl {
  overlay: Overlay | null;
  open: (overlay: Overlay) => void;
  close: () => void;
}

export const OverlayContext = createContext<OverlayControl>({
  overlay: null,
  open: () => undefined,
  close: () => undefined,
});

export const useOverlay = (): OverlayControl => useContext(OverlayContext);

/** A transient message; `onOpen` makes it clickable (a finished job opens its server). */
export interface ToastInput {
  message: string;
  tone?: "info" | "ok" | "bad";
  onOpen?: () => void;
}

export const ToastContext = createContext<(toast: ToastInput) => void>(() => undefined);
export const useToast = () => useContext(ToastContext);

/**
 * App-wide commands the keyboard and the palette send to whatever screen handles them (the server
 * screen refreshes and focuses its search).
 */
export type AppCommand = "refresh" | "focusSearch";
const bus = new EventTarget();
export const sendAppCommand = (command: AppCommand): void => void bus.dispatchEvent(new Event(command));
export function subscribeAppCommand(command: AppCommand, handler: () => void): () => void {
  bus.addEventListener(command, handler);
  return () => bus.removeEventListener(command, handler);
}
