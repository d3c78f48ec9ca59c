// In a file of its own: the platform's preferences store is loaded once per module instance.
import { screen, waitFor } from "@testing-library/react";

import { renderApp } from "../testing/render";

describe("the theme", () => {
  it("follows the saved choice, and keeps a new one in the preferences store", async () => {
    const { calls, user } = renderApp({
      handlers: {
        "plugin:store|load": () => 7,
        "plugin:store|get": (args) => (args.key === "theme" ? ["dark", true] : [null, false]),
        "plugin:store|set": () => null,
      },
    });
    const frame = screen.getByTestId("app-frame");
    await waitFor(() => expect(frame).toHaveAttribute("data-theme", "dark"));
    expect(screen.getByTestId("theme-select")).toHaveValue("dark");
    await user.selectOptions(screen.getByTestId("theme-select"), "light");
    expect(frame).toHaveAttribute("data-theme", "light");
    await waitFor(() =>
      expect(calls).toContainEqual(["plugin:store|set", expect.objectContaining({ key: "theme", value: "light" })]),
    );
  });
});
