import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./app/App";
import { preloadDialogs } from "./app/dialogs";
import { preloadViews } from "./app/nav/router";
import { createQueryClient } from "./app/queryClient";
import { markStartup } from "./app/startupMarks";
import { cachedServersQuery } from "./features/servers/useFleetServers";
import { applyLanguage, resolveLanguage } from "./i18n";
import "./app/theme.css";

markStartup("script");
const client = createQueryClient();
// The cached listing is asked for now: its round trip runs while the language loads and the
// frame renders, and the server table finds it in the query cache.
void client.prefetchQuery(cachedServersQuery(null));

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
          <App client={client} />
        </StrictMode>,
      );
    }
    // The other views and the dialogs, once the first paint is done: opening one then never waits.
    setTimeout(() => void Promise.all([preloadViews(), preloadDialogs()]).catch(() => undefined), 1500);
  });
