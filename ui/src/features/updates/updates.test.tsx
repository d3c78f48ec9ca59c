// The update dialog (src-tauri/src/updates.rs does the checking, downloading and verifying): an offer
// shows its notes and asks before anything is installed; "up to date" and a refused signature are
// said plainly; the tray's events open it.
import { act, screen, waitFor, within } from "@testing-library/react";

import { APP_EVENTS } from "../../bindings/Commands";
import { accountState, accountView, server } from "../../testing/fixtures";
import type { UpdateOffer } from "../../bindings/UpdateOffer";
import { CommandRejection, emitEvent } from "../../testing/ipc";
import { callsOf, renderApp } from "../../testing/render";
import { progressText } from "./UpdateDialog";

const prefs = { theme: "system", sidebarWidth: 240, hiddenColumns: [], lastView: "", checkForUpdates: true, notificationsPaused: false };
const offer: UpdateOffer = {
  version: "0.2.0",
  currentVersion: "0.1.0",
  date: "2026-12-01T10:00:00Z",
  notes: "### Added\n- Signed updates",
};

async function openFromPalette(user: ReturnType<typeof renderApp>["user"]) {
  await user.keyboard("{Control>}k{/Control}");
  await user.type(await screen.findByTestId("palette-input"), "check for updates");
  await user.keyboard("{Enter}");
  return screen.findByTestId("update-dialog");
}

describe("the update dialog", () => {
  it("shows the offer and its release notes, and installs only after the user says so", async () => {
    let install: (() => void) | undefined;
    const { user, calls } = renderApp({
      handlers: {
        preferences: () => prefs,
        check_for_update: () => offer,
        install_update: () => new Promise<null>((resolve) => (install = () => resolve(null))),
      },
    });
    const dialog = await openFromPalette(user);
    expect(await within(dialog).findByTestId("update-offer")).toHaveTextContent(
      "Fleetdeck 0.2.0 is available (this is 0.1.0; released Dec 1, 2026).",
    );
    expect(within(dialog).getByTestId("update-notes")).toHaveTextContent("Signed updates");
    expect(callsOf(calls, "install_update")).toHaveLength(0);

    await user.click(within(dialog).getByTestId("update-install"));
    expect(callsOf(calls, "install_update")).toHaveLength(1);
    await act(() => emitEvent(APP_EVENTS.updateProgress, { downloaded: 2_500_000, total: 10_000_000 }));
    expect(within(dialog).getByTestId("update-installing")).toHaveTextContent("Downloading… 2.5 MB of 10.0 MB");
    expect(within(dialog).getByTestId("update-close")).toBeDisabled();
    install?.();
  });

  it("'Not now' closes without installing", async () => {
    const { user, calls } = renderApp({ handlers: { preferences: () => prefs, check_for_update: () => offer } });
    const dialog = await openFromPalette(user);
    await user.click(await within(dialog).findByRole("button", { name: "Not now" }));
    expect(screen.queryByTestId("update-dialog")).not.toBeInTheDocument();
    expect(callsOf(calls, "install_update")).toHaveLength(0);
  });

  it("says when this version is the latest", async () => {
    const { user } = renderApp({ handlers: { preferences: () => prefs, check_for_update: () => null } });
    const dialog = await openFromPalette(user);
    expect(await within(dialog).findByTestId("update-latest")).toHaveTextContent("Fleetdeck is up to date.");
    expect(within(dialog).queryByTestId("update-install")).not.toBeInTheDocument();
  });

  it("shows a refused signature as the error Rust gives, and offers to try again", async () => {
    const message = "The downloaded update is not signed with Fleetdeck's release key, so it was not installed (…).";
    const { user, calls } = renderApp({
      handlers: {
        preferences: () => prefs,
        check_for_update: () => offer,
        install_update: () => {
          throw new CommandRejection({ code: "invalidInput", message, details: {} });
        },
      },
    });
    const dialog = await openFromPalette(user);
    await user.click(await within(dialog).findByTestId("update-install"));
    expect(await within(dialog).findByTestId("error-notice")).toHaveTextContent(message);
    await user.click(within(dialog).getByTestId("update-retry"));
    await waitFor(() => expect(callsOf(calls, "install_update")).toHaveLength(2));
  });

  it("opens with the offer the check at start found, without checking again", async () => {
    const { calls } = renderApp({ handlers: { preferences: () => prefs } });
    await screen.findByTestId("app-frame");
    await act(() => emitEvent(APP_EVENTS.updateAvailable, offer));
    const dialog = await screen.findByTestId("update-dialog");
    expect(within(dialog).getByTestId("update-offer")).toHaveTextContent("0.2.0");
    expect(callsOf(calls, "check_for_update")).toHaveLength(0);
  });

  it("opens and checks when the tray asks", async () => {
    const { calls } = renderApp({ handlers: { preferences: () => prefs, check_for_update: () => null } });
    await screen.findByTestId("app-frame");
    await act(() => emitEvent(APP_EVENTS.checkForUpdates, null));
    expect(await screen.findByTestId("update-latest")).toBeInTheDocument();
    expect(callsOf(calls, "check_for_update")).toHaveLength(1);
  });

  it("words the download's progress with or without a known size", () => {
    expect(progressText({ downloaded: 1_250_000, total: null })).toBe("1.3 MB");
    expect(progressText({ downloaded: 0, total: 40_000_000 })).toBe("0.0 MB of 40.0 MB");
  });
});

describe("the tray's running jobs", () => {
  it("open their server in the servers view", async () => {
    const web = server("main", "web-1");
    renderApp({
      accounts: [accountView("main")],
      cached: { servers: [web], accounts: [accountState("main")] },
      handlers: { preferences: () => prefs },
    });
    await screen.findByTestId("server-table");
    expect(screen.queryByTestId("detail-name")).not.toBeInTheDocument();
    await act(() => emitEvent(APP_EVENTS.openServer, { address: `main/${web.id}` }));
    expect(await screen.findByTestId("detail-name")).toHaveTextContent("web-1");
  });
});
