import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./app/App";
import { preloadDialogs } from "./app/dialogs";
import { preloadViews } from "./app/nav/router";
import { markStartup } from "./app/startupMarks";
import { applyLanguage, resolveLanguage } from "./i18n";
import "./app/theme.css";

markStartup("script");

const root = document.getElementById("root");
// The system's language is in place before the first render (its catalogue, unless English, is a
// chunk of the app's own files); if it cannot be loaded the UI starts in English.
void applyLanguage(resolveLanguage("system"))
  .catch(() => undefined)
  .finally(() => {
    markStartup("language");
    if (root) {
      createRoot(root).render(
        <StrictMode>
          <App />
        </StrictMode>,
      );
    }
    // The other views and the dialogs, once the first paint is done: opening one then never waits.
    setTimeout(() => void Promise.all([preloadViews(), preloadDialogs()]).catch(() => undefined), 1500);
  });
