// Rules of the frame's stylesheet that no component test can see: the primary button's colours meet
// WCAG AA in both themes, and the window itself never scrolls (only its panes do).
// Vitest empties every stylesheet it imports (even `?raw`), so the file is read from disk; Node's fs
// is imported by a computed name because the UI's types do not include Node's.
const fsModule = "node:fs";
const { readFileSync } = (await import(/* @vite-ignore */ fsModule)) as { readFileSync: (path: string, encoding: "utf8") => string };
const css = readFileSync(decodeURIComponent(import.meta.url.replace(/^file:\/\//, "").replace(/[^/]+$/, "theme.css")), "utf8");

/** Every declaration of every rule whose selector list is exactly `selector`, later ones winning. */
function declarations(selector: string): Map<string, string> {
  const found = new Map<string, string>();
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  for (const m of text.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const selectors = (m[1] ?? "").split(",").map((s) => s.trim().replace(/\s+/g, " "));
    if (!selectors.includes(selector)) continue;
    for (const d of (m[2] ?? "").split(";")) {
      const at = d.indexOf(":");
      if (at > 0) found.set(d.slice(0, at).trim(), d.slice(at + 1).trim());
    }
  }
  return found;
}

/** A custom property's value in a theme: the dark block overrides the light one. */
function themeColor(value: string, theme: "light" | "dark"): string {
  const name = /^var\((--[\w-]+)\)$/.exec(value)?.[1];
  if (!name) return value;
  const light = declarations(".frame").get(name);
  const dark = declarations('.frame[data-theme="dark"]').get(name);
  const resolved = theme === "dark" ? (dark ?? light) : light;
  if (!resolved) throw new Error(`${name} is not defined for the ${theme} theme`);
  return themeColor(resolved, theme);
}

/** WCAG 2 relative luminance of `#rgb` or `#rrggbb`. */
function luminance(hex: string): number {
  const h = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join("")}` : hex;
  if (!/^#[0-9a-f]{6}$/i.test(h)) throw new Error(`not a hex colour: ${hex}`);
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(h.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

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
    for (const pane of [".sidebar", ".main", ".jobs"]) expect(declarations(pane).get("overflow") ?? declarations(pane).get("overflow-y"), pane).toBe("auto");
  });
});
