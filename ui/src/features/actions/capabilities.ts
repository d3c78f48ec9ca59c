// Which actions a server offers, decided by its provider's capabilities (never by provider name).
import type { Capabilities } from "../../bindings/Capabilities";
import type { ServerAction } from "../../bindings/ServerAction";
import type { ServerStatus } from "../../bindings/ServerStatus";
import type { ActionId } from "../../app/overlay";

export interface ActionSpec {
  id: ActionId;
  label: string;
  /** Asks for the server's name typed out before it runs. */
  destructive: boolean;
  /** Needs input (a dialog) even when not destructive. */
  needsInput: boolean;
  /** Offered in the bulk bar over a selection. */
  bulk: boolean;
}

export const ACTIONS: readonly ActionSpec[] = [
  { id: "start", label: "Start", destructive: false, needsInput: false, bulk: true },
  { id: "shutdown", label: "Shut down", destructive: false, needsInput: false, bulk: false },
  { id: "stop", label: "Stop", destructive: false, needsInput: false, bulk: true },
  { id: "reboot", label: "Reboot", destructive: false, needsInput: false, bulk: true },
  { id: "rename", label: "Rename", destructive: false, needsInput: true, bulk: false },
  { id: "addTraffic", label: "Add traffic", destructive: false, needsInput: true, bulk: false },
  { id: "resetPassword", label: "Reset password", destructive: true, needsInput: true, bulk: false },
  { id: "resize", label: "Resize", destructive: true, needsInput: true, bulk: false },
  { id: "reinstall", label: "Reinstall / change OS", destructive: true, needsInput: true, bulk: false },
  { id: "delete", label: "Delete", destructive: true, needsInput: true, bulk: false },
];

export const actionSpec = (id: ActionId): ActionSpec => ACTIONS.find((a) => a.id === id) ?? { id, label: id, destructive: true, needsInput: true, bulk: false };

/** Whether the provider offers `id` at all. */
export function offers(caps: Capabilities, id: ActionId): boolean {
  const s = caps.servers;
  switch (id) {
    case "start":
      return s.start;
    case "stop":
      return s.stop;
    case "shutdown":
      return s.shutdown;
    case "reboot":
      return s.reboot;
    case "resetPassword":
      return s.resetPassword !== "none";
    case "reinstall":
      return s.reinstall;
    case "resize":
      return s.resize;
    case "addTraffic":
      return s.addTraffic;
    case "rename":
      return s.rename;
    case "delete":
      return s.delete;
  }
}

/** Whether the action makes sense in the server's current state (it stays visible, disabled). */
export function fitsStatus(id: ActionId, status: ServerStatus): boolean {
  switch (id) {
    case "start":
      return status !== "running" && status !== "deleting";
    case "stop":
    case "shutdown":
    case "reboot":
      return status !== "stopped" && status !== "deleting";
    default:
      return status !== "deleting";
  }
}

/** The actions shown for a server of a provider with `caps`. */
export const offeredActions = (caps: Capabilities): ActionSpec[] => ACTIONS.filter((a) => offers(caps, a.id));

/** The command argument of an action that needs no input. */
export function simpleAction(id: ActionId): ServerAction | null {
  switch (id) {
    case "start":
    case "stop":
    case "shutdown":
    case "reboot":
      return { type: id };
    default:
      return null;
  }
}
