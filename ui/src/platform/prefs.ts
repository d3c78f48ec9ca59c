import type { PreferenceChanges } from "../bindings/PreferenceChanges";
import type { Preferences } from "../bindings/Preferences";
import { call } from "./ipc";

/**
 * The UI's own preferences, kept by Rust in one fixed file of the app's data directory
 * (src-tauri/src/prefs.rs); the web view has no store access of its own.
 */
export type Prefs = Preferences;

/** The `preferences` call in flight: the frame's start-up reads (theme, width, view, language…) share it. */
let reading: Promise<Prefs> | null = null;

/**
 * One preference, as stored now. Reads made while one is in flight share its answer; a later read
 * asks again (the tray changes preferences too).
 */
export async function getPref<K extends keyof Prefs>(key: K): Promise<Prefs[K]> {
  reading ??= call("preferences", {}).finally(() => {
    reading = null;
  });
  return (await reading)[key];
}

/** Changes one preference; Rust refuses a value out of range (a FleetdeckError `invalidInput`). */
export async function setPref<K extends keyof Prefs>(key: K, value: Prefs[K]): Promise<void> {
  const changes: PreferenceChanges = { [key]: value };
  await call("update_preferences", { changes });
}
