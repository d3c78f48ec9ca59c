import { describe, expect, it } from "vitest";

import { markStartup } from "./startupMarks";

describe("markStartup", () => {
  it("marks each step once, under the name the bench reads", () => {
    markStartup("first-rows");
    markStartup("first-rows");
    const marks = performance.getEntriesByName("fleetdeck:first-rows", "mark");
    expect(marks).toHaveLength(1);
  });
});
