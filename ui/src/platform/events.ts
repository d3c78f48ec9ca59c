import { listen, type UnlistenFn } from "@tauri-apps/api/event";

import { APP_EVENTS, FLEET_EVENT, type AppEventPayloads, type FleetEventPayload } from "../bindings/Commands";

export type Unsubscribe = UnlistenFn;

/**
 * Subscribe to the one event the app pushes (src-tauri/src/events.rs): a job's new state, an
 * account's refresh, or a warning, as the generated tagged union the handler switches on.
 */
export const onFleetEvent = (handler: (event: FleetEventPayload) => void): Promise<Unsubscribe> =>
  listen<FleetEventPayload>(FLEET_EVENT, (e) => handler(e.payload));

/** The app's own events besides the fleet's (tray, updates): their names come from Rust. */
export type AppEventName = (typeof APP_EVENTS)[keyof typeof APP_EVENTS];

/**
 * Subscribe to one of the app's own events (src-tauri/src/tray.rs, src-tauri/src/updates.rs):
 * `openServer` (a running job clicked in the tray), `checkForUpdates` (the tray's menu item),
 * `updateAvailable` (the check at start found one), `updateProgress` (an update downloading).
 */
export const onAppEvent = <K extends keyof typeof APP_EVENTS>(
  key: K,
  handler: (payload: AppEventPayloads[(typeof APP_EVENTS)[K]]) => void,
): Promise<Unsubscribe> =>
  listen<AppEventPayloads[(typeof APP_EVENTS)[K]]>(APP_EVENTS[key], (e) => handler(e.payload));
