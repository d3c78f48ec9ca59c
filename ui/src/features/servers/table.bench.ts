// Filtering and sorting 10,000 servers as the server table does on every filter or sort change
// (target: ≤ 50 ms together). The table then renders only the ~40 visible rows.
// Run on demand: `npm run -w ui bench` (vitest bench; min/mean/p99 columns are milliseconds).
import { bench, describe } from "vitest";

import { fleetOf } from "../../testing/fixtures";
import { filterServers, NO_FILTERS, shownTextOf, sortServers } from "./model";
import { NO_NAMES } from "./catalogNames";

const fleet = fleetOf(10_000);
// The first render of a fleet computes every server's search text and sort key once.
const cold = performance.now();
sortServers(filterServers(fleet, { ...NO_FILTERS, text: "warm" }), [{ id: "name", desc: false }]);
console.log(`first filter + sort of 10,000 servers (caches cold): ${(performance.now() - cold).toFixed(1)} ms`);

describe("10,000 servers", () => {
  bench("filter: free text (two words)", () => {
    filterServers(fleet, { ...NO_FILTERS, text: "node-1 prod" });
  });
  bench("filter: facets (provider + status + region)", () => {
    filterServers(fleet, { ...NO_FILTERS, provider: "cloudzy", status: "running", region: "MIA1" });
  });
  bench("sort: by name (natural order), all rows", () => {
    sortServers(fleet, [{ id: "name", desc: false }]);
  });
  bench("filter (text) + sort by name: one keystroke", () => {
    sortServers(filterServers(fleet, { ...NO_FILTERS, text: "node-1" }), [{ id: "name", desc: false }]);
  });
  // As the app filters: the catalog names and status words too (made once per server, then reused).
  const shownText = shownTextOf(NO_NAMES, (status) => status.toUpperCase());
  bench("filter (text, with shown names) + sort by name: one keystroke in the app", () => {
    sortServers(filterServers(fleet, { ...NO_FILTERS, text: "node-1" }, shownText), [{ id: "name", desc: false }]);
  });
  bench("no filter + sort by created, descending: every row", () => {
    sortServers(filterServers(fleet, NO_FILTERS), [{ id: "created", desc: true }]);
  });
});
