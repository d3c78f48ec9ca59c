// Most recently used palette entries (ids like `server:main/42`), newest first, kept in the
// webview's localStorage: a UI habit, not account data.
const KEY = "fleetdeck.recent";
const MAX = 50;

export function recentIds(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

export function recordRecent(id: string): void {
  const next = [id, ...recentIds().filter((x) => x !== id)].slice(0, MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage full or disabled: the palette just forgets the order.
  }
}
