// The tray's "Open" submenu (src-tauri/src/tray.rs): the UI reports the views it shows, and a view
// chosen there arrives as the `openView` app event, which navigates the router to it. The tray has
// shown and focused the window already.
//
// Desktop notifications cannot open a view: tauri-plugin-notification has no click action on
// desktop (its `onAction` listener is mobile only), so a job's notification only informs; the
// tray's job lines and "Open" submenu are the way back into the app.
import { useEffect, useMemo } from "react";

import { onAppEvent, setTrayViews } from "../../platform";
import { useAccounts } from "../useAccounts";
import type { AppRouter } from "./router";
import { shownViews, VIEWS } from "./views";

/** Keeps the tray's views those the accounts offer, and opens the view the tray asks for. */
export function TrayViews({ router }: { router: AppRouter }): null {
  const { query } = useAccounts();
  const views = useMemo(() => shownViews(query.data ?? []).map((v) => v.id), [query.data]);
  useEffect(() => {
    // Only when the account list is known (an empty tray list until then). No tray (a desktop
    // without one): Rust does nothing; the same list again does not rebuild the menu.
    if (query.data === undefined) return;
    setTrayViews(views).catch(() => undefined);
  }, [views, query.data]);
  useEffect(() => {
    const subscription = onAppEvent("openView", ({ view }) => {
      const spec = VIEWS.find((v) => v.id === view);
      if (spec) void router.navigate({ to: spec.path });
    });
    return () => void subscription.then((unlisten) => unlisten()).catch(() => undefined);
  }, [router]);
  return null;
}
