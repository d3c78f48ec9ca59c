import { invoke, type InvokeArgs } from "@tauri-apps/api/core";

import { FleetdeckError } from "./errors";

/**
 * Invoke a Tauri command; a rejection becomes a {@link FleetdeckError}. Every command of the app
 * answers `Result<T, ErrorPayload>`, so `T` is what the Rust command returns.
 */
export async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw FleetdeckError.from(reason);
  }
}
