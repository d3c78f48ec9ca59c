import { listen, type UnlistenFn } from "@tauri-apps/api/event";

import { FLEET_EVENT, type FleetEventPayload } from "../bindings/Commands";

export type Unsubscribe = UnlistenFn;

/**
 * Subscribe to the one event the app pushes (src-tauri/src/events.rs): a job's new state, an
 * account's refresh, or a warning, as the generated tagged union the handler switches on.
 */
export const onFleetEvent = (handler: (event: FleetEventPayload) => void): Promise<Unsubscribe> =>
  listen<FleetEventPayload>(FLEET_EVENT, (e) => handler(e.payload));
