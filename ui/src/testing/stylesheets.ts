// Reading the UI's stylesheets in tests: Vitest empties every stylesheet it imports (even `?raw`),
// so the files are read from disk; Node's fs is imported by a computed name because the UI's types
// do not include Node's.
const fsModule = "node:fs";
const { readFileSync } = (await import(/* @vite-ignore */ fsModule)) as { readFileSync: (path: string, encoding: "utf8") => string };
const srcDir = `${decodeURIComponent(import.meta.url.replace(/^file:\/\//, "").replace(/[^/]+$/, ""))}../`;

/** A stylesheet's text, by its path under `ui/src` (`app/theme.css`). */
export const readStylesheet = (pathUnderSrc: string): string => readFileSync(`${srcDir}${pathUnderSrc}`, "utf8");

/** Every declaration of the rules of `css` whose selector list holds `selector`, later ones winning. */
export function declarations(css: string, selector: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of css.replace(/\/\*[\s\S]*?\*\//g, "").matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const selectors = (m[1] ?? "").split(",").map((s) => s.trim().replace(/\s+/g, " "));
    if (!selectors.includes(selector)) continue;
    for (const d of (m[2] ?? "").split(";")) {
      const at = d.indexOf(":");
      if (at > 0) found.set(d.slice(0, at).trim(), d.slice(at + 1).trim());
    }
  }
  return found;
}

/** A colour of the theme stylesheet `theme` (`var(--x)` resolved; the dark block overrides the light one). */
export function themeColor(theme: string, value: string, scheme: "light" | "dark"): string {
  const name = /^var\((--[\w-]+)\)$/.exec(value)?.[1];
  if (!name) return value;
  const light = declarations(theme, ".frame").get(name);
  const dark = declarations(theme, '.frame[data-theme="dark"]').get(name);
  const resolved = scheme === "dark" ? (dark ?? light) : light;
  if (!resolved) throw new Error(`${name} is not defined for the ${scheme} theme`);
  return themeColor(theme, resolved, scheme);
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

/** WCAG 2 contrast ratio of two hex colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
