/**
 * Named points of the window's start, as `performance.mark` entries (`fleetdeck:<step>`), each made
 * once: the app bench (benches/app-bench.mjs, "cold") reads them to say where the time from the
 * page to the first server row goes. Marks cost a timestamp; nothing reads them in the app.
 */
export type StartupStep = "script" | "language" | "cached-servers" | "first-rows";

const made = new Set<StartupStep>();

export function markStartup(step: StartupStep): void {
  if (made.has(step)) return;
  made.add(step);
  performance.mark(`fleetdeck:${step}`);
}
