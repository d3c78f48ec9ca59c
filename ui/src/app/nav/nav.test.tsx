import { fireEvent, screen, waitFor, within } from "@testing-library/react";

import type { AccountView } from "../../bindings/AccountView";
import { accountState, accountView, lxdCapabilities, server } from "../../testing/fixtures";
import { renderApp } from "../../testing/render";
import { shownViews, VIEWS } from "./views";

const empty = { items: [], failures: [] };
const listings = {
  snapshots: () => empty,
  backups: () => empty,
  backup_policies: () => empty,
  uploads: () => empty,
};

/** An account whose provider lists snapshots and ISOs (no backups). */
function storageAccount(name: string): AccountView {
  const v = accountView(name, "cloudzy");
  v.capabilities.snapshots = { ...v.capabilities.snapshots, list: true };
  v.capabilities.isos = { ...v.capabilities.isos, list: true };
  return v;
}

const navIds = () => within(screen.getByTestId("nav-list")).getAllByRole("button").map((b) => b.dataset.testid);

describe("the navigation", () => {
  it("shows only the views some account's provider offers", async () => {
    renderApp({ accounts: [accountView("plain")] });
    await screen.findByTestId("account-plain");
    // Tags (local tags, any provider) come with any account.
    expect(navIds()).toEqual(["nav-servers", "nav-tags"]);
  });

  it("adds a view as soon as one account offers it, and backups for LXD", async () => {
    const lxd = accountView("lab", "vz");
    lxd.capabilities = lxdCapabilities();
    lxd.capabilities.backups = { ...lxd.capabilities.backups, list: true };
    renderApp({ accounts: [accountView("plain"), storageAccount("zy"), lxd], handlers: listings });
    await screen.findByTestId("account-zy");
    expect(navIds()).toEqual(["nav-servers", "nav-snapshots", "nav-backups", "nav-images", "nav-tags"]);
  });

  it("routes a click to the view and marks it current; the path opens a view too", async () => {
    const { user, history } = renderApp({ accounts: [storageAccount("zy")], handlers: listings });
    await user.click(await screen.findByTestId("nav-snapshots"));
    await waitFor(() => expect(screen.getByTestId("main-area")).toHaveAttribute("data-view", "snapshots"));
    expect(history.location.pathname).toBe("/snapshots");
    expect(screen.getByTestId("nav-snapshots")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("nav-servers")).not.toHaveAttribute("aria-current");
    await user.click(screen.getByTestId("nav-servers"));
    await waitFor(() => expect(history.location.pathname).toBe("/"));
    expect(await screen.findByTestId("main-title")).toHaveTextContent("All accounts");
  });

  it("opens the view named by the path it starts on", async () => {
    renderApp({ accounts: [storageAccount("zy")], handlers: listings, path: "/images" });
    await waitFor(() => expect(screen.getByTestId("main-area")).toHaveAttribute("data-view", "images"));
    expect(screen.getByTestId("main-title")).toHaveTextContent("Images");
  });

  it("opens a view with Ctrl+digit, and not one no account offers", async () => {
    const { history } = renderApp({ accounts: [storageAccount("zy")], handlers: listings });
    await screen.findByTestId("nav-snapshots");
    fireEvent.keyDown(window, { key: "2", ctrlKey: true });
    await waitFor(() => expect(history.location.pathname).toBe("/snapshots"));
    // Backups (Ctrl+3) is not offered by this account: nothing happens.
    fireEvent.keyDown(window, { key: "3", ctrlKey: true });
    fireEvent.keyDown(window, { key: "4", metaKey: true });
    await waitFor(() => expect(history.location.pathname).toBe("/images"));
    fireEvent.keyDown(window, { key: "1", ctrlKey: true });
    await waitFor(() => expect(history.location.pathname).toBe("/"));
  });

  it("lists the shown views in the palette and opens one from it", async () => {
    const { user, history } = renderApp({ accounts: [storageAccount("zy")], handlers: listings });
    await screen.findByTestId("nav-images");
    await user.click(screen.getByTestId("open-palette"));
    await user.type(screen.getByTestId("palette-input"), "go to");
    const list = screen.getByTestId("palette-list");
    expect(within(list).getAllByRole("option").map((o) => o.dataset.testid)).toEqual([
      "palette-item-view:servers",
      "palette-item-view:snapshots",
      "palette-item-view:images",
      "palette-item-view:tags",
    ]);
    await user.click(screen.getByTestId("palette-item-view:images"));
    await waitFor(() => expect(history.location.pathname).toBe("/images"));
  });

  it("keeps the view when an account is selected, and opens a server in the servers view", async () => {
    const web = server("zy", "web-1");
    const { user, history } = renderApp({
      accounts: [storageAccount("zy")],
      cached: { servers: [web], accounts: [accountState("zy", { provider: "cloudzy" })] },
      handlers: listings,
      path: "/snapshots",
    });
    await waitFor(() => expect(screen.getByTestId("main-area")).toHaveAttribute("data-view", "snapshots"));
    await user.click(screen.getByTestId("account-zy"));
    expect(screen.getByTestId("main-title")).toHaveTextContent("Snapshots · zy");
    expect(history.location.pathname).toBe("/snapshots");
    await user.click(screen.getByTestId("open-palette"));
    await user.type(screen.getByTestId("palette-input"), "web-1");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(history.location.pathname).toBe("/"));
    expect(await screen.findByTestId("server-detail")).toBeInTheDocument();
  });
});

describe("the view table", () => {
  it("gives every view its own path, key and test id", () => {
    expect(new Set(VIEWS.map((v) => v.path)).size).toBe(VIEWS.length);
    expect(new Set(VIEWS.map((v) => v.key)).size).toBe(VIEWS.length);
    expect(VIEWS.map((v) => v.id)).toEqual(["servers", "snapshots", "backups", "images", "ssh-keys", "floating-ips", "tags", "billing", "plans"]);
  });

  it("keeps Servers without accounts and hides the rest", () => {
    expect(shownViews([]).map((v) => v.id)).toEqual(["servers"]);
  });
});

describe("the view of the last run", () => {
  const prefs = { theme: "system", sidebarWidth: 240, hiddenColumns: [], checkForUpdates: true, notificationsPaused: false };

  it("reopens the saved view at start and saves each view opened", async () => {
    const { user, history, calls } = renderApp({
      accounts: [storageAccount("zy")],
      handlers: {
        ...listings,
        preferences: () => ({ ...prefs, lastView: "/images" }),
        update_preferences: (args) => ({ ...prefs, lastView: "/images", ...(args.changes as object) }),
      },
    });
    await waitFor(() => expect(history.location.pathname).toBe("/images"));
    expect(calls.filter(([c]) => c === "update_preferences")).toEqual([]);
    await user.click(await screen.findByTestId("nav-snapshots"));
    await waitFor(() =>
      expect(calls).toContainEqual(["update_preferences", { changes: { lastView: "/snapshots" } }]),
    );
  });

  it("keeps the path it was started on, and ignores a saved path that is no view", async () => {
    const handlers = (lastView: string) => ({ ...listings, preferences: () => ({ ...prefs, lastView }) });
    const first = renderApp({ accounts: [storageAccount("zy")], handlers: handlers("/images"), path: "/snapshots" });
    await waitFor(() => expect(screen.getByTestId("main-area")).toHaveAttribute("data-view", "snapshots"));
    expect(first.history.location.pathname).toBe("/snapshots");
    first.view.unmount();

    const second = renderApp({ accounts: [storageAccount("zy")], handlers: handlers("/no-such-view") });
    await screen.findByTestId("account-zy");
    await waitFor(() => expect(second.calls.some(([c]) => c === "preferences")).toBe(true));
    expect(second.history.location.pathname).toBe("/");
  });
});
