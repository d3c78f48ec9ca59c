// The language: the system's by default, a saved choice applied at start, a new one kept in the
// preferences (src-tauri/src/prefs.rs `language`), and `Intl` formats for the language shown.
import { screen, waitFor } from "@testing-library/react";

import { renderApp } from "../testing/render";
import { formatDate, formatDateTime, formatDecimal, formatMoney, formatNumber, formatRelative } from "./format";
import { applyLanguage, i18n, matchLanguage, resolveLanguage } from "./index";
import { NAMESPACES } from "./resources";

const prefs = { theme: "system", sidebarWidth: 240, hiddenColumns: [], lastView: "", checkForUpdates: true, notificationsPaused: false };

describe("the language", () => {
  it("is matched from the system's languages, English when none is in the catalogue", () => {
    expect(matchLanguage(["pt-BR", "en"])).toBe("pt-BR");
    expect(matchLanguage(["pt-PT"])).toBe("pt-BR");
    expect(matchLanguage(["de-DE", "en-GB"])).toBe("en");
    expect(matchLanguage(["fr"])).toBe("en");
    expect(matchLanguage([])).toBe("en");
    expect(resolveLanguage("system", ["pt"])).toBe("pt-BR");
    expect(resolveLanguage("en", ["pt-BR"])).toBe("en");
  });

  it("follows the saved choice at start, and keeps a new one in the preferences", async () => {
    const { calls, user } = renderApp({
      handlers: {
        preferences: () => ({ ...prefs, language: "pt-BR" }),
        update_preferences: (args) => ({ ...prefs, language: "pt-BR", ...(args.changes as object) }),
      },
    });
    const select = screen.getByTestId("language-select");
    await waitFor(() => expect(select).toHaveValue("pt-BR"));
    expect(i18n.language).toBe("pt-BR");
    expect(document.documentElement.lang).toBe("pt-BR");
    expect(screen.getByRole("combobox", { name: "Idioma" })).toBe(select);

    await user.selectOptions(select, "en");
    await waitFor(() => expect(screen.getByRole("combobox", { name: "Language" })).toBe(select));
    expect(document.documentElement.lang).toBe("en");
    await waitFor(() => expect(calls).toContainEqual(["update_preferences", { changes: { language: "en" } }]));
  });
});

describe("the catalogue of a language other than English", () => {
  it("is loaded when the UI switches to it, every namespace", async () => {
    for (const namespace of NAMESPACES) i18n.removeResourceBundle("pt-BR", namespace);
    expect(i18n.hasResourceBundle("pt-BR", "common")).toBe(false);
    await applyLanguage("pt-BR");
    expect(i18n.language).toBe("pt-BR");
    for (const namespace of NAMESPACES) expect(i18n.hasResourceBundle("pt-BR", namespace)).toBe(true);
    expect(i18n.t("quit", { ns: "shell", keyPrefix: "tray" })).not.toBe(i18n.getFixedT("en", "shell", "tray")("quit"));
  });
});

describe("plurals", () => {
  it("counts in the language's plural forms; pt-BR says 0 of a thing in the plural (CLDR would say it in the singular)", () => {
    const pt = i18n.getFixedT("pt-BR", "servers");
    expect(pt("toolbar.count", { count: 1 })).toBe("1 servidor");
    expect(pt("toolbar.count", { count: 0 })).toBe("0 servidores");
    expect(pt("toolbar.count", { count: 2500 })).toBe("2.500 servidores");
    expect(i18n.getFixedT("en", "servers")("toolbar.count", { count: 1 })).toBe("1 server");
  });
});

describe("formats", () => {
  it("make each Intl formatter once per language and style (a table formats dozens of cells a frame)", () => {
    const Original = Intl.DateTimeFormat;
    let made = 0;
    Intl.DateTimeFormat = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        made += 1;
      }
    } as typeof Intl.DateTimeFormat;
    try {
      for (let i = 0; i < 50; i++) formatDate(`2026-01-${String((i % 28) + 1).padStart(2, "0")}T10:00:00Z`, "pt-BR");
      formatDateTime("2026-01-31T14:05:00Z", "pt-BR");
      formatDateTime("2026-01-30T14:05:00Z", "pt-BR");
      expect(made).toBeLessThanOrEqual(2);
    } finally {
      Intl.DateTimeFormat = Original;
    }
  });

  it("keep every digit of money and use the language's separators", () => {
    expect(formatDecimal("1234567.8900", "en")).toBe("1,234,567.89");
    expect(formatDecimal("1234567.8900", "pt-BR")).toBe("1.234.567,89");
    expect(formatDecimal("0.0150", "pt-BR")).toBe("0,015");
    expect(formatDecimal("-5", "en")).toBe("-5.00");
    // 17 significant digits: a float would round them.
    expect(formatDecimal("12345678901234.567", "en")).toBe("12,345,678,901,234.567");
    expect(formatDecimal("n/a", "en")).toBe("n/a");
    expect(formatMoney("12.5", "EUR", "pt-BR")).toBe("12,50 EUR");
    expect(formatMoney("12.5", null, "en")).toBe("12.50");
  });

  it("write numbers and dates as the language does", () => {
    expect(formatNumber(1234.5, "en")).toBe("1,234.5");
    expect(formatNumber(1234.5, "pt-BR")).toBe("1.234,5");
    const at = "2026-01-31T14:05:00Z";
    expect(formatDateTime(at, "en")).toMatch(/2026/);
    expect(formatDateTime(at, "pt-BR")).toMatch(/jan\.? de 2026/);
    expect(formatDateTime("not a date", "en")).toBe("not a date");
  });

  it("say how long ago, just now under 45 s", () => {
    const now = Date.parse("2026-11-30T12:00:00Z");
    expect(formatRelative("2026-11-30T11:59:50Z", now, "en")).toBe("just now");
    expect(formatRelative("2026-11-30T11:59:50Z", now, "pt-BR")).toBe("agora mesmo");
    expect(formatRelative("2026-11-30T11:58:00Z", now, "en")).toBe("2 minutes ago");
    expect(formatRelative("2026-11-30T09:00:00Z", now, "pt-BR")).toBe("há 3 horas");
    expect(formatRelative("2026-11-25T12:00:00Z", now, "en")).toBe("5 days ago");
    expect(formatRelative("not a time", now, "en")).toBe("");
  });
});
