// Mocked Tauri IPC for UI tests (@tauri-apps/api/mocks): the UI's real platform code runs unchanged
// and the test answers the commands. Events are mocked too, so `emitEvent` reaches `listen`ers.
import type { InvokeArgs } from "@tauri-apps/api/core";
import { emit } from "@tauri-apps/api/event";
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";

import { FLEET_EVENT, type FleetEventPayload } from "../bindings/Commands";
import type { ErrorPayload } from "../bindings/ErrorPayload";

export type CommandHandler = (args: Record<string, unknown>) => unknown;

/** Thrown by a handler to make the command reject with this payload, as Rust's `Err` does. */
export class CommandRejection {
  constructor(readonly payload: ErrorPayload) {}
}

/**
 * Answer commands with `handlers`. An unknown command rejects like Tauri does (a string), so a test
 * notices a command it did not expect. Answers every call made, for assertions.
 */
export function mockCommands(handlers: Record<string, CommandHandler>): { calls: [string, unknown][] } {
  const calls: [string, unknown][] = [];
  mockWindows("main");
  mockIPC(
    async (cmd: string, payload?: InvokeArgs) => {
      calls.push([cmd, payload]);
      const handler = handlers[cmd];
      if (!handler) throw `command ${cmd} not found`;
      try {
        return await handler((payload ?? {}) as Record<string, unknown>);
      } catch (e) {
        throw e instanceof CommandRejection ? e.payload : e;
      }
    },
    { shouldMockEvents: true },
  );
  return { calls };
}

/** Push an event as the Rust side would. */
export const emitEvent = (name: string, payload: unknown): Promise<void> => emit(name, payload);

/** Push `event` as the app does: the one fleet event channel (src-tauri/src/events.rs). */
export const emitFleetEvent = (event: FleetEventPayload): Promise<void> => emit(FLEET_EVENT, event);
