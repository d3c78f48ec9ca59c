import type { PreferenceChanges } from "../bindings/PreferenceChanges";
import type { Preferences } from "../bindings/Preferences";
import { call } from "./ipc";

/**
 * The UI's own preferences, kept by Rust in one fixed file of the app's data directory
 * (src-tauri/src/prefs.rs); the web view has no store access of its own.
 */
export type Prefs = Preferences;

export async function getPref<K extends keyof Prefs>(key: K): Promise<Prefs[K]> {
  return (await call("preferences", {}))[key];
}

/** Changes one preference; Rust refuses a value out of range (a FleetdeckError `invalidInput`). */
export async function setPref<K extends keyof Prefs>(key: K, value: Prefs[K]): Promise<void> {
  const changes: PreferenceChanges = { [key]: value };
  await call("update_preferences", { changes });
}
