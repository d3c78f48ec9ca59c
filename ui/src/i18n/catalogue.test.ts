import { describe, expect, it } from "vitest";

import { catalogues } from "./allCatalogues";
import { LANGUAGES, type Catalogue } from "./resources";

type Tree = { [key: string]: string | Tree };

/** Every leaf of a catalogue as `namespace:path.to.key` → text. */
function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === "" ? `${key}:` : prefix.endsWith(":") ? `${prefix}${key}` : `${prefix}.${key}`;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
const tree = (c: Catalogue) => c as unknown as Tree;

describe("the message catalogue", () => {
  const reference = leaves(tree(catalogues.en));

  it("has strings in English", () => {
    expect(reference.size).toBeGreaterThan(50);
  });

  for (const language of LANGUAGES) {
    describe(language, () => {
      const own = leaves(tree(catalogues[language]));

      it("has every key English has, and no other", () => {
        expect([...reference.keys()].filter((k) => !own.has(k))).toEqual([]);
        expect([...own.keys()].filter((k) => !reference.has(k))).toEqual([]);
      });

      it("has no empty text", () => {
        expect([...own].filter(([, text]) => text.trim() === "").map(([k]) => k)).toEqual([]);
      });

      it("uses the same placeholders as English in every text", () => {
        const differing = [...reference]
          .filter(([k, text]) => own.has(k) && placeholders(own.get(k) ?? "").join() !== placeholders(text).join())
          .map(([k]) => k);
        expect(differing).toEqual([]);
      });
    });
  }
});
