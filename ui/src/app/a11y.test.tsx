// Accessibility rules of the frame that Vitest can see (the real window's axe-core run is
// tests/e2e/a11y.e2e.test.mjs): a button's visible text is part of its accessible name (WCAG 2.5.3,
// axe `label-content-name-mismatch`); muted hints (the views' shortcuts, the palette's) keep 4.5:1
// on a highlighted row (axe `color-contrast`); a dialog takes the focus, keeps it and gives it back.
// Stylesheets are read from disk: Vitest empties the ones it imports.
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";

import { accountView } from "../testing/fixtures";
import { renderApp } from "../testing/render";
import { contrast, declarations, readStylesheet, themeColor } from "../testing/stylesheets";
import { Dialog } from "./Dialog";

const theme = readStylesheet("app/theme.css");
const nav = readStylesheet("app/nav/nav.css");
const palette = readStylesheet("features/palette/palette.css");
const color = (value: string, scheme: "light" | "dark") => themeColor(theme, value, scheme);

/** The text a sighted user reads on `el`: its text without the parts hidden from assistive technology. */
function visibleText(el: HTMLElement): string {
  const copy = el.cloneNode(true) as HTMLElement;
  copy.querySelectorAll("[aria-hidden='true']").forEach((n) => n.remove());
  return (copy.textContent ?? "").trim();
}

describe("the frame's accessibility", () => {
  it("names every labelled sidebar button with its visible text in the name", async () => {
    renderApp({ accounts: [accountView("alpha")] });
    await screen.findByTestId("account-alpha");
    const buttons = within(screen.getByTestId("sidebar")).getAllByRole("button");
    const mismatched = buttons
      .filter((b) => b.hasAttribute("aria-label") && /[\p{L}\p{N}]/u.test(visibleText(b)))
      // As axe reads a name: what it says in parentheses does not count.
      .filter((b) => !(b.getAttribute("aria-label") ?? "").replace(/\([^()]*\)/g, "").toLowerCase().includes(visibleText(b).toLowerCase()))
      .map((b) => `${b.dataset.testid}: "${visibleText(b)}" not in "${b.getAttribute("aria-label")}"`);
    expect(mismatched).toEqual([]);
  });

  it.each(["light", "dark"] as const)("keeps muted hints at 4.5:1 on a highlighted row: views' shortcuts, palette hints (%s)", (scheme) => {
    // The highlight (theme.css `.account-row.selected` and `:hover`, `.palette-list li.active`) is the accent's soft tone.
    const background = color(declarations(theme, ".account-row.selected").get("background") ?? "", scheme);
    expect(color(declarations(theme, ".palette-list li.active").get("background") ?? "", scheme)).toBe(background);
    const hints: [string, string, string][] = [
      [nav, ".nav-row.selected .nav-key", ".nav-key"],
      [nav, ".nav-row:hover .nav-key", ".nav-key"],
      [palette, ".palette-list li.active .muted", ".muted"],
    ];
    for (const [css, highlighted, plain] of hints) {
      const text = declarations(css, highlighted).get("color") ?? declarations(css, plain).get("color") ?? declarations(theme, plain).get("color") ?? "";
      expect(contrast(color(text, scheme), background), highlighted).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe("a dialog's focus", () => {
  function Opener({ firstDisabled }: { firstDisabled: boolean }) {
    const [open, setOpen] = useState(false);
    return (
      <>
        <button type="button" onClick={() => setOpen(true)}>
          Open
        </button>
        {open && (
          <Dialog title="Settings" onClose={() => setOpen(false)} testId="dialog">
            <label>
              <input type="checkbox" disabled={firstDisabled} /> Automatic
            </label>
            <footer className="dialog-footer">
              <button type="button">Check now</button>
              <button type="button" onClick={() => setOpen(false)}>
                Close
              </button>
            </footer>
          </Dialog>
        )}
      </>
    );
  }

  it("moves into the dialog even when its first control is still disabled, so Escape closes it", async () => {
    const user = userEvent.setup();
    render(<Opener firstDisabled />);
    const opener = screen.getByRole("button", { name: "Open" });
    await user.click(opener);
    const dialog = screen.getByTestId("dialog");
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).toHaveTextContent("Check now");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("dialog")).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it("keeps Tab and Shift+Tab inside and skips disabled controls", async () => {
    const user = userEvent.setup();
    render(<Opener firstDisabled />);
    await user.click(screen.getByRole("button", { name: "Open" }));
    const dialog = screen.getByTestId("dialog");
    for (let i = 0; i < 5; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement), `Tab ${i + 1}`).toBe(true);
    }
    for (let i = 0; i < 5; i++) {
      await user.tab({ shift: true });
      expect(dialog.contains(document.activeElement), `Shift+Tab ${i + 1}`).toBe(true);
    }
  });
});
