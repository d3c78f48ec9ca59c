// The calm frame: at most three toasts, errors that stay, a resizable sidebar whose width is kept,
// and credential fields that say where the value is and what it may do.
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";

import { PROVIDER_DESCRIPTORS } from "../features/accounts/descriptors";
import { accountView } from "../testing/fixtures";
import { CommandRejection } from "../testing/ipc";
import { callsOf, renderApp } from "../testing/render";
import { FADE_MS, LIFETIME_MS, MAX_TOASTS, Toasts, withToast, type Toast } from "./Toasts";

const ok = (id: number): Toast => ({ id, message: `ok ${id}`, tone: "ok" });
const bad = (id: number): Toast => ({ id, message: `bad ${id}`, tone: "bad" });

describe("toasts", () => {
  it("are at most three, the oldest that would fade going first", () => {
    expect(MAX_TOASTS).toBe(3);
    let list: Toast[] = [];
    for (const t of [bad(1), ok(2), ok(3), ok(4)]) list = withToast(list, t);
    expect(list.map((t) => t.id)).toEqual([1, 3, 4]);
    list = withToast(list, bad(5));
    expect(list.map((t) => t.id)).toEqual([1, 4, 5]);
    // Only errors left: the oldest error goes.
    for (const t of [bad(6), bad(7)]) list = withToast(list, t);
    expect(list.map((t) => t.id)).toEqual([5, 6, 7]);
  });

  it("fade by themselves when they succeed, and stay until dismissed when they fail", () => {
    vi.useFakeTimers();
    try {
      const dismiss = vi.fn();
      render(<Toasts toasts={[ok(1), bad(2)]} dismiss={dismiss} />);
      const [success, failure] = screen.getAllByTestId("toast");
      act(() => vi.advanceTimersByTime(LIFETIME_MS));
      expect(success).toHaveClass("toast-leaving");
      act(() => vi.advanceTimersByTime(FADE_MS));
      expect(dismiss).toHaveBeenCalledWith(1);
      act(() => vi.advanceTimersByTime(LIFETIME_MS * 10));
      expect(dismiss).not.toHaveBeenCalledWith(2);
      expect(failure).not.toHaveClass("toast-leaving");
      fireEvent.click(screen.getAllByTestId("toast-dismiss")[1] as HTMLElement);
      expect(dismiss).toHaveBeenCalledWith(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("hold while the pointer rests on them or the keyboard focus is in them, and fade after", () => {
    vi.useFakeTimers();
    try {
      const dismiss = vi.fn();
      render(<Toasts toasts={[ok(1), ok(2)]} dismiss={dismiss} />);
      const [hovered, focused] = screen.getAllByTestId("toast") as [HTMLElement, HTMLElement];
      fireEvent.mouseEnter(hovered);
      act(() => (screen.getAllByTestId("toast-dismiss")[1] as HTMLElement).focus());
      act(() => vi.advanceTimersByTime(LIFETIME_MS * 3));
      expect(hovered).not.toHaveClass("toast-leaving");
      expect(focused).not.toHaveClass("toast-leaving");
      fireEvent.mouseLeave(hovered);
      act(() => (screen.getAllByTestId("toast-dismiss")[1] as HTMLElement).blur());
      act(() => vi.advanceTimersByTime(LIFETIME_MS));
      expect(hovered).toHaveClass("toast-leaving");
      expect(focused).toHaveClass("toast-leaving");
      expect(dismiss).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it("say their tone with a symbol and a word, not by colour alone", () => {
    render(<Toasts toasts={[bad(1)]} dismiss={() => undefined} />);
    const toast = screen.getByTestId("toast");
    expect(toast).toHaveTextContent("✕");
    expect(toast).toHaveTextContent("Error: bad 1");
  });
});

describe("the sidebar", () => {
  const prefs = { theme: "system", sidebarWidth: 300, hiddenColumns: [], lastView: "", checkForUpdates: true, notificationsPaused: false };

  it("is resized from the keyboard, starts at the kept width and keeps the new one", async () => {
    const { user, calls } = renderApp({
      accounts: [accountView("sandbox-cloudzy-with-a-long-name", "cloudzy", "#27ae60")],
      handlers: {
        preferences: () => prefs,
        update_preferences: (args) => ({ ...prefs, ...(args.changes as object) }),
      },
    });
    const handle = await screen.findByTestId("sidebar-resize");
    expect(handle).toHaveAttribute("role", "separator");
    await waitFor(() => expect(handle).toHaveAttribute("aria-valuenow", "300"));
    handle.focus();
    await user.keyboard("{ArrowRight}");
    expect(handle).toHaveAttribute("aria-valuenow", "316");
    expect(screen.getByTestId("app-frame").style.getPropertyValue("--sidebar-width")).toBe("316px");
    await user.keyboard("{Shift>}{ArrowLeft}{/Shift}");
    expect(handle).toHaveAttribute("aria-valuenow", "252");
    await user.keyboard("{Home}");
    expect(handle).toHaveAttribute("aria-valuenow", "160");
    await waitFor(() =>
      expect(callsOf(calls, "update_preferences").map((a) => a.changes)).toEqual([
        { sidebarWidth: 316 },
        { sidebarWidth: 252 },
        { sidebarWidth: 160 },
      ]),
    );
  });

  it("shows an account's full name on hover, next to its colour chip", async () => {
    const name = "sandbox-cloudzy-with-a-long-name";
    renderApp({ accounts: [accountView(name, "cloudzy", "#27ae60")] });
    const shown = await screen.findByTestId(`account-name-${name}`);
    expect(shown).toHaveAttribute("title", name);
    expect(screen.getByTestId(`account-${name}`).querySelector(".chip")).toHaveStyle({ background: "#27ae60" });
  });
});

describe("credential help", () => {
  it("every secret of every provider says what it needs", () => {
    for (const d of PROVIDER_DESCRIPTORS)
      for (const m of d.signIn)
        for (const f of m.fields) if (f.name === "secret") expect(f.permissions, `${d.kind} ${m.id}`).not.toBe("");
  });

  it("the add-account form shows where a credential is, what it needs, and the page that explains it", async () => {
    const { user } = renderApp();
    await user.click(await screen.findByTestId("add-account"));
    expect(screen.getByTestId("account-field-secret")).toHaveTextContent("Profile → API");
    expect(screen.getByTestId("credential-permissions-secret")).toHaveTextContent("Fleetdeck reads, creates");
    // LetsCloud's reference names no page for its token: no address is made up.
    expect(screen.queryByTestId("credential-help-link-secret")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("provider-vz"));
    await user.click(screen.getByTestId("sign-in-token"));
    expect(screen.getByTestId("credential-help-link-secret-url")).toHaveTextContent(
      "https://documentation.ubuntu.com/lxd/latest/howto/auth_bearer/",
    );
    expect(screen.getByTestId("credential-permissions-secret")).toHaveTextContent("instances");
  });

  it("opens a help page through Rust, and says why when it could not", async () => {
    let refuse = false;
    const { user, calls } = renderApp({
      handlers: {
        open_help_link: () => {
          if (refuse) throw new CommandRejection({ code: "internal", message: "no browser", details: {} });
          return null;
        },
      },
    });
    await user.click(await screen.findByTestId("add-account"));
    await user.click(screen.getByTestId("provider-vz"));
    await user.click(screen.getByTestId("credential-help-link-clientCertPem"));
    expect(callsOf(calls, "open_help_link")).toEqual([{ url: "https://linuxcontainers.org/incus/docs/main/authentication" }]);
    refuse = true;
    await user.click(screen.getByTestId("provider-docs"));
    expect(await screen.findByTestId("provider-docs-error")).toHaveTextContent("no browser");
    expect(callsOf(calls, "open_help_link")[1]).toEqual({ url: "https://documentation.ubuntu.com/lxd" });
  });
});
