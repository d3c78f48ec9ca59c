// The provider's own fields of a server (`Server.extra`) as a person reads them: only what carries
// a value (no null, empty text, empty list or empty object), nested objects as groups of key–value
// pairs instead of one line of JSON. The whole raw answer stays in the detail's "Raw data" section.
import type { JsonValue } from "../../bindings/serde_json/JsonValue";

/** One shown field: a value, or a group of fields (a nested object, or a list of objects). */
export type ProviderField = { key: string; value: string } | { key: string; group: ProviderField[] };

/** Whether `v` says something (recursively: an object of nulls says nothing). */
function carries(v: JsonValue | undefined): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === "string") return v.trim() !== "";
  if (Array.isArray(v)) return v.some(carries);
  if (typeof v === "object") return Object.values(v).some(carries);
  return true;
}

function fieldOf(key: string, v: JsonValue): ProviderField {
  if (Array.isArray(v)) {
    const items = v.filter(carries);
    // A list of plain values reads as one line; a list of objects as one numbered group each.
    if (items.every((x) => x === null || typeof x !== "object")) return { key, value: items.map(String).join(", ") };
    return { key, group: items.map((x, i) => fieldOf(String(i + 1), x)) };
  }
  if (v !== null && typeof v === "object") return { key, group: providerFields(v) };
  return { key, value: String(v) };
}

/** The fields of `extra` that carry a value, in the provider's order. */
export function providerFields(extra: { [key in string]?: JsonValue }): ProviderField[] {
  return Object.entries(extra)
    .filter((e): e is [string, JsonValue] => carries(e[1]))
    .map(([k, v]) => fieldOf(k, v));
}
