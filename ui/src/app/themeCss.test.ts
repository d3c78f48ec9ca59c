// Rules of the frame's stylesheet that no component test can see: the primary button's colours meet
// WCAG AA in both themes, and the window itself never scrolls (only its panes do).
import { contrast, declarations as declarationsIn, readStylesheet, themeColor as colorIn } from "../testing/stylesheets";

const css = readStylesheet("app/theme.css");
const declarations = (selector: string) => declarationsIn(css, selector);
const themeColor = (value: string, theme: "light" | "dark") => colorIn(css, value, theme);

describe("the theme's stylesheet", () => {
  it("computes contrast as WCAG does", () => {
    expect(contrast("#000", "#fff")).toBeCloseTo(21, 5);
    expect(contrast("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });

  it.each(["light", "dark"] as const)("gives the primary button text a 4.5:1 contrast in the %s theme", (theme) => {
    const primary = declarations("button.primary");
    const background = primary.get("background");
    const text = primary.get("color");
    expect(background).toBeDefined();
    expect(text).toBeDefined();
    expect(contrast(themeColor(background ?? "", theme), themeColor(text ?? "", theme))).toBeGreaterThanOrEqual(4.5);
  });

  it.each(["light", "dark"] as const)("gives a filled destructive button's text a 4.5:1 contrast in the %s theme", (theme) => {
    const danger = declarations('button.danger[type="submit"]:not(:disabled)');
    const background = danger.get("background");
    const text = danger.get("color");
    expect(background).toBeDefined();
    expect(text).toBeDefined();
    expect(contrast(themeColor(background ?? "", theme), themeColor(text ?? "", theme))).toBeGreaterThanOrEqual(4.5);
  });

  it.each(["light", "dark"] as const)("keeps muted, link and status text at 4.5:1 on the sidebar, the panel and a highlighted row (%s)", (theme) => {
    for (const ink of ["--muted", "--accent", "--ok", "--bad"]) {
      for (const ground of ["--sidebar", "--panel", "--bg"]) {
        expect(contrast(themeColor(`var(${ink})`, theme), themeColor(`var(${ground})`, theme)), `${ink} on ${ground}`).toBeGreaterThanOrEqual(4.5);
      }
    }
    expect(contrast(themeColor("var(--muted)", theme), themeColor("var(--accent-soft)", theme)), "--muted on --accent-soft").toBeGreaterThanOrEqual(4.5);
  });

  it("never scrolls the window: the document is clipped, the frame fits it, the panes scroll", () => {
    for (const root of ["html", "body", "#root"]) expect(declarations(root).get("overflow"), root).toBe("hidden");
    const frame = declarations(".frame");
    expect(frame.get("overflow")).toMatch(/^(hidden|clip)$/);
    // A `1fr` row grows with its content's minimum; `minmax(0, 1fr)` keeps the frame the window's height.
    expect(frame.get("grid-template-rows")).toMatch(/^minmax\(0, ?1fr\) auto$/);
    const content = declarations(".content");
    expect(content.get("overflow")).toBe("hidden");
    expect(content.get("grid-template-rows")).toBe("auto minmax(0, 1fr) auto");
    expect(declarations(".content > .main").get("grid-row")).toBe("2");
    // The toasts share the main area's cell: one column, every child in it (a second, implicit
    // column once squeezed the main area to the right).
    expect(content.get("grid-template-columns")).toBe("minmax(0, 1fr)");
    expect(declarations(".content > *").get("grid-column")).toBe("1");
    expect(declarations(".content > .toasts").get("grid-row")).toBe("2");
    for (const pane of [".sidebar", ".main", ".jobs"]) expect(declarations(pane).get("overflow") ?? declarations(pane).get("overflow-y"), pane).toBe("auto");
  });
});
