// The open view outlives a restart: the router's path is kept in the `lastView` preference
// (src-tauri/src/prefs.rs, next to the window's size and position, which tauri-plugin-window-state
// keeps) and reopened when the app starts on the default path.
import { useEffect } from "react";

import { getPref, setPref } from "../../platform";
import type { AppRouter } from "./router";
import { viewOfPath } from "./views";

/**
 * Reopen the view saved by the last run, and save each view opened from now on. A start on a path
 * of its own (a reload keeps `#/images`) wins over the saved one; a saved path that is no longer a
 * view is ignored. The preference store failing costs only this memory, never the navigation.
 */
export function useRememberedView(router: AppRouter): void {
  useEffect(() => {
    let live = true;
    let saved = router.state.location.pathname;
    const startPath = saved;
    if (startPath === "/") {
      getPref("lastView")
        .then((last) => {
          // Only while nothing else moved the user on in the meantime.
          if (!live || router.state.location.pathname !== "/" || viewOfPath(last) === undefined || last === "/") return;
          saved = last;
          void router.navigate({ to: last });
        })
        .catch(() => undefined);
    }
    const unsubscribe = router.subscribe("onResolved", (event) => {
      const path = event.toLocation.pathname;
      if (path === saved || viewOfPath(path) === undefined) return;
      saved = path;
      setPref("lastView", path).catch(() => undefined);
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [router]);
}
