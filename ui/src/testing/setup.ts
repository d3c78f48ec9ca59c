import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach } from "vitest";

import { preloadDialogs } from "../app/dialogs";
import { preloadViews } from "../app/nav/router";
import { i18n, loadLanguage } from "../i18n";

// Tests switch with `i18n.changeLanguage`: every language's catalogue is there beforehand, as
// `applyLanguage` adds it in the app.
await loadLanguage("pt-BR");
// As the app does after its first paint: views and dialogs are there when a test opens one.
await Promise.all([preloadViews(), preloadDialogs()]);

// jsdom lays nothing out: give the server table's scroll box a size so that the virtualizer
// renders rows (about 28 of them at 28 px each in 800 px, plus its overscan).
for (const [prop, size] of [
  ["clientHeight", 800],
  ["clientWidth", 1200],
] as const) {
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains("table-scroll") ? size : 0;
    },
  });
}
// No canvas in jsdom (it logs "not implemented"): charts see none and show their figures as text.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
// uPlot and the colour-scheme hook read media queries; jsdom has none.
if (typeof window.matchMedia !== "function") {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      addListener: () => undefined,
      removeListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

afterEach(async () => {
  cleanup();
  // A test that switches the language leaves the next one in English (jsdom's navigator says
  // en-US); after the unmount, so that no rendered tree re-renders outside act().
  if (i18n.language !== "en") await i18n.changeLanguage("en");
  localStorage.clear();
  // Unmounting unsubscribes from events asynchronously (listen() answers a promise): let that
  // settle while the mocked event plugin still exists.
  await new Promise((resolve) => setTimeout(resolve, 0));
  clearMocks();
});
