import { invoke } from "@tauri-apps/api/core";

import type { Commands } from "../bindings/Commands";
import { FleetdeckError } from "./errors";

/** The name of a command the main window may call (src-tauri/src/command_list.rs). */
export type CommandName = keyof Commands;
/** A command's argument object: keys are the Rust parameter names in camelCase. */
export type CommandArgs<K extends CommandName> = Commands[K][0];
/** What a command answers (its `Ok` value; `null` for none). */
export type CommandAnswer<K extends CommandName> = Commands[K][1];

/**
 * Invoke one of the app's Tauri commands; a rejection becomes a {@link FleetdeckError}. Names,
 * argument keys and answers are checked by tsc against `Commands`, generated from the Rust
 * declaration: a command the window is not granted is not in the map either.
 */
export async function call<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<CommandAnswer<K>> {
  try {
    return await invoke<CommandAnswer<K>>(name, args);
  } catch (reason) {
    throw FleetdeckError.from(reason);
  }
}
