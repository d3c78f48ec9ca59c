import { load, type Store } from "@tauri-apps/plugin-store";

/** The UI's own preferences (tauri-plugin-store, `prefs.json` in the app's data directory). */
export interface Prefs {
  /** `system` follows the OS light/dark setting. */
  theme: "system" | "light" | "dark";
  /** Width of the accounts sidebar in px. */
  sidebarWidth: number;
  /** Server-table columns hidden by the user. */
  hiddenColumns: string[];
}

export const DEFAULT_PREFS: Prefs = { theme: "system", sidebarWidth: 240, hiddenColumns: [] };

let store: Promise<Store> | undefined;
const prefsStore = () => (store ??= load("prefs.json", { autoSave: 200, defaults: {} }));

export async function getPref<K extends keyof Prefs>(key: K): Promise<Prefs[K]> {
  const value = await (await prefsStore()).get<Prefs[K]>(key);
  return value ?? DEFAULT_PREFS[key];
}

export async function setPref<K extends keyof Prefs>(key: K, value: Prefs[K]): Promise<void> {
  await (await prefsStore()).set(key, value);
}
