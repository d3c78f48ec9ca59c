// The theme choice is kept by Rust (src-tauri/src/prefs.rs) through the `preferences` commands.
import { screen, waitFor } from "@testing-library/react";

import { renderApp } from "../testing/render";

describe("the theme", () => {
  it("follows the saved choice, and keeps a new one in the preferences store", async () => {
    const { calls, user } = renderApp({
      handlers: {
        preferences: () => ({ theme: "dark", sidebarWidth: 240, hiddenColumns: [] }),
        update_preferences: (args) => ({ theme: "dark", sidebarWidth: 240, hiddenColumns: [], ...(args.changes as object) }),
      },
    });
    const frame = screen.getByTestId("app-frame");
    await waitFor(() => expect(frame).toHaveAttribute("data-theme", "dark"));
    expect(screen.getByTestId("theme-select")).toHaveValue("dark");
    await user.selectOptions(screen.getByTestId("theme-select"), "light");
    expect(frame).toHaveAttribute("data-theme", "light");
    await waitFor(() =>
      expect(calls).toContainEqual(["update_preferences", { changes: { theme: "light" } }]),
    );
  });
});
