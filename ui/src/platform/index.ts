// The UI's one door to Tauri (docs/design-rules.md rule 13; ESLint forbids `@tauri-apps/*` anywhere else).
// Everything here is typed by the ts-rs bindings; every command rejects with a FleetdeckError.
export * from "./commands";
export { call, type CommandAnswer, type CommandArgs, type CommandName } from "./ipc";
export { FleetdeckError, isErrorPayload } from "./errors";
export { onAppEvent, onFleetEvent, type AppEventName, type Unsubscribe } from "./events";
export { getPref, setPref, type Prefs } from "./prefs";
