// The message catalogue: one JSON file per namespace and language. English is the reference: its
// keys type every `t()` call (./i18next.d.ts), and Brazilian Portuguese must have exactly the same
// keys and placeholders (./catalogue.test.ts; tsc already refuses a missing namespace in
// ./locales/pt-BR/index.ts).
// The `shell` namespace is also read by Rust for the tray and the OS notifications
// (src-tauri/src/shell_text.rs), so both sides say the same thing in the same language.
import enAccounts from "./locales/en/accounts.json";
import enApp from "./locales/en/app.json";
import enBilling from "./locales/en/billing.json";
import enCommon from "./locales/en/common.json";
import enCreate from "./locales/en/create.json";
import enKeys from "./locales/en/keys.json";
import enServers from "./locales/en/servers.json";
import enShell from "./locales/en/shell.json";
import enStorage from "./locales/en/storage.json";

export const en = {
  common: enCommon,
  shell: enShell,
  app: enApp,
  servers: enServers,
  create: enCreate,
  accounts: enAccounts,
  billing: enBilling,
  keys: enKeys,
  storage: enStorage,
};

/** The shape every language has: English's namespaces and keys, every leaf a string. */
export type Catalogue = typeof en;

/** The languages of the UI, by BCP 47 tag. */
export const LANGUAGES = ["en", "pt-BR"] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * A language's catalogue. English is in the main bundle (the fallback, and the language most
 * starts need); every other language is its own chunk, fetched once when the UI switches to it.
 */
export async function loadCatalogue(language: Language): Promise<Catalogue> {
  switch (language) {
    case "en":
      return en;
    case "pt-BR":
      return (await import("./locales/pt-BR")).ptBR;
  }
}

export const NAMESPACES = Object.keys(en) as (keyof Catalogue)[];
