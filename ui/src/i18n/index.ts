// The UI's languages: i18next with the bundled catalogue (./resources.ts), the language chosen in
// the status bar or, by default, the system's (the web view's `navigator.languages`, which follows
// the OS). Dates, numbers and money are formatted with `Intl` for that language (./format.ts).
import i18next from "i18next";
import { initReactI18next } from "react-i18next";

import type { LanguageChoice } from "../bindings/LanguageChoice";
import { en, LANGUAGES, loadCatalogue, NAMESPACES, type Language } from "./resources";

export { LANGUAGES, type Language } from "./resources";

/**
 * The catalogue language for a list of BCP 47 tags, best first: an exact match, then the first tag
 * whose language part we have (`pt-PT` → `pt-BR`, `en-GB` → `en`); English otherwise.
 */
export function matchLanguage(tags: readonly string[]): Language {
  for (const tag of tags) {
    const exact = LANGUAGES.find((l) => l.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const base = tag.split(/[-_]/)[0]?.toLowerCase();
    const byBase = LANGUAGES.find((l) => l.split("-")[0]?.toLowerCase() === base);
    if (byBase) return byBase;
  }
  return "en";
}

/** The system's languages as the web view reports them. */
export function systemLanguages(): readonly string[] {
  if (typeof navigator === "undefined") return [];
  return navigator.languages.length > 0 ? navigator.languages : [navigator.language];
}

/** The language a preference means: the chosen one, or the system's. */
export const resolveLanguage = (choice: LanguageChoice, system: readonly string[] = systemLanguages()): Language =>
  choice === "system" ? matchLanguage(system) : choice;

export const i18n = i18next.createInstance();

// English is bundled, so initialisation is synchronous and text is there from the first render;
// another language is added when the UI switches to it (`applyLanguage`, which main.tsx awaits
// before the first render when the system's language is one).
void i18n.use(initReactI18next).init({
  resources: { en },
  partialBundledLanguages: true,
  lng: "en",
  fallbackLng: "en",
  supportedLngs: [...LANGUAGES],
  ns: NAMESPACES,
  defaultNS: "common",
  initAsync: false,
  // React escapes what it renders; i18next escaping on top would show `&amp;`.
  interpolation: { escapeValue: false },
  returnNull: false,
  react: { useSuspense: false },
});
syncDocumentLanguage(i18n.language);
i18n.on("languageChanged", syncDocumentLanguage);

function syncDocumentLanguage(lng: string) {
  if (typeof document !== "undefined") document.documentElement.lang = lng;
}

/** Add a language's catalogue to i18next unless it is there. */
export async function loadLanguage(language: Language): Promise<void> {
  if (i18n.hasResourceBundle(language, "common")) return;
  const catalogue = await loadCatalogue(language);
  for (const [namespace, texts] of Object.entries(catalogue)) i18n.addResourceBundle(language, namespace, texts, true, true);
}

/** Switch the UI to a language, its catalogue loaded first (the preference is stored by the caller). */
export async function applyLanguage(language: Language): Promise<void> {
  await loadLanguage(language);
  if (i18n.language !== language) await i18n.changeLanguage(language);
}
