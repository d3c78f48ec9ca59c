import { useEffect } from "react";

import type { Overlay } from "../../app/overlay";
import { onAppEvent } from "../../platform";

/**
 * The app's own events (src-tauri/src/tray.rs, src-tauri/src/updates.rs) as the frame handles them:
 * the tray's "Check for updates" opens the update dialog, which checks; an update the check at start
 * found opens it with that offer; a running job clicked in the tray opens its server.
 */
export function useAppEvents(open: (overlay: Overlay) => void, openServer: (address: string) => void): void {
  useEffect(() => {
    const subscriptions = [
      onAppEvent("checkForUpdates", () => open({ kind: "updates" })),
      onAppEvent("updateAvailable", (offer) => open({ kind: "updates", offer })),
      onAppEvent("openServer", ({ address }) => openServer(address)),
    ];
    return () => {
      for (const s of subscriptions) void s.then((unlisten) => unlisten()).catch(() => undefined);
    };
  }, [open, openServer]);
}
