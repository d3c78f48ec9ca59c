// Which actions a server offers, decided by its provider's capabilities (never by provider name),
// from the one action table Rust declares (src-tauri/crates/core/src/actions.rs), generated into
// bindings/serverActions.ts. Nothing here lists actions by hand.
import type { ActionId } from "../../bindings/ActionId";
import type { ActionSpec } from "../../bindings/ActionSpec";
import type { Capabilities } from "../../bindings/Capabilities";
import type { ServerAction } from "../../bindings/ServerAction";
import type { ServerStatus } from "../../bindings/ServerStatus";
import { SERVER_ACTIONS } from "../../bindings/serverActions";

export type { ActionId, ActionSpec };

/** Every server action, in the order hosts show them. */
export const ACTIONS: readonly ActionSpec[] = SERVER_ACTIONS;

/** The table's row of `id` (every id has one: the Rust table is exhaustive and tested). */
export function actionSpec(id: ActionId): ActionSpec {
  const spec = ACTIONS.find((a) => a.id === id);
  if (spec === undefined) throw new Error(`no action '${id}' in the action table`);
  return spec;
}

/**
 * The value at a spec's capability path (`"servers.freeze"`) in the capabilities. The same rule as
 * `ActionSpec::is_offered` in Rust: offered when it is `true`, or an enum value other than "none".
 */
export function isOffered(caps: Capabilities, spec: ActionSpec): boolean {
  let value: unknown = caps;
  for (const key of spec.capability.split(".")) {
    value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value === true || (typeof value === "string" && value !== "none");
}

/** Destructive actions ask for the server's name typed out. */
export const isDestructive = (spec: ActionSpec): boolean => spec.confirm !== "none";

/** Actions that open a dialog (input or confirmation) instead of running at once. */
export const needsDialog = (spec: ActionSpec): boolean => spec.input !== "none" || isDestructive(spec) || spec.id === "delete";

/** Whether the action makes sense in the server's current state (it stays visible, disabled). */
export function fitsStatus(id: ActionId, status: ServerStatus): boolean {
  switch (id) {
    case "start":
      return status !== "running" && status !== "deleting" && status !== "suspended";
    case "stop":
    case "shutdown":
    case "reboot":
      return status !== "stopped" && status !== "deleting";
    case "freeze":
      return status === "running";
    case "unfreeze":
      return status === "suspended";
    default:
      return status !== "deleting";
  }
}

/** The actions shown for a server of a provider with `caps`, in table order. */
export const offeredActions = (caps: Capabilities): ActionSpec[] => ACTIONS.filter((a) => isOffered(caps, a));

/** The actions offered over a selection of servers (the bulk bar), in table order. */
export const bulkActions = (): ActionSpec[] => ACTIONS.filter((a) => a.bulk !== "no");

/** The command argument of an action that needs no dialog (`null` for the others). */
export function simpleAction(spec: ActionSpec): ServerAction | null {
  if (needsDialog(spec)) return null;
  // Rust tests that every row without input and confirmation is a `ServerAction` variant
  // carrying no field (core/src/actions.rs `rows_without_input_are_field_less_actions`).
  return { type: spec.id } as ServerAction;
}
