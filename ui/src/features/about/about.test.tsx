// The About dialog: version, commit and build date of this build (src-tauri/src/info.rs), reached from
// the status bar's version and from the palette; the automatic update checks switch lives there too.
import { screen, waitFor, within } from "@testing-library/react";

import { renderApp } from "../../testing/render";

const prefs = { theme: "system", sidebarWidth: 240, hiddenColumns: [], lastView: "", checkForUpdates: true, notificationsPaused: false };

describe("the About dialog", () => {
  it("opens from the status bar's version and shows version, commit and build date", async () => {
    const { user } = renderApp({ handlers: { preferences: () => prefs } });
    await user.click(await screen.findByTestId("app-version"));
    const dialog = await screen.findByTestId("about-dialog");
    expect(within(dialog).getByRole("heading", { name: "About Fleetdeck" })).toBeInTheDocument();
    expect(await within(dialog).findByTestId("about-version")).toHaveTextContent("0.1.0");
    expect(within(dialog).getByTestId("about-commit")).toHaveTextContent("ff69cae");
    expect(within(dialog).getByTestId("about-build-date")).toHaveTextContent("Dec 3, 2026");
    expect(within(dialog).getByTestId("about-docs")).toHaveTextContent("CHANGELOG.md");
    await user.click(within(dialog).getByTestId("about-close"));
    expect(screen.queryByTestId("about-dialog")).not.toBeInTheDocument();
  });

  it("opens from the palette", async () => {
    const { user } = renderApp({ handlers: { preferences: () => prefs } });
    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), "about");
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("about-dialog")).toBeInTheDocument();
  });

  it("turns automatic update checks off in the preferences", async () => {
    const { user, calls } = renderApp({
      handlers: {
        preferences: () => prefs,
        update_preferences: (args) => ({ ...prefs, ...(args.changes as object) }),
      },
    });
    await user.click(await screen.findByTestId("app-version"));
    const box = await screen.findByTestId("auto-update-checks");
    await waitFor(() => expect(box).toBeEnabled());
    expect(box).toBeChecked();
    await user.click(box);
    expect(box).not.toBeChecked();
    await waitFor(() =>
      expect(calls).toContainEqual(["update_preferences", { changes: { checkForUpdates: false } }]),
    );
  });
});
