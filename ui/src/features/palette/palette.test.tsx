import { screen, waitFor, within } from "@testing-library/react";

import { SERVER_ACTIONS } from "../../bindings/serverActions";
import { accountState, accountView, allCapabilities, server, vzCapabilities } from "../../testing/fixtures";
import { callsOf, renderApp } from "../../testing/render";
import { rankEntries } from "./CommandPalette";
import { recordRecent } from "./recent";

const main = accountView("main");
main.capabilities = allCapabilities();
const lab = accountView("lab", "vz");
const web = server("main", "web-1");
const db = server("lab", "db-1", { provider: "vz" });
const fleet = { servers: [web, db], accounts: [accountState("main"), accountState("lab", { provider: "vz" })] };

const items = () =>
  within(screen.getByTestId("palette-list"))
    .getAllByRole("option")
    .map((o) => o.dataset.testid?.replace("palette-item-", ""));

describe("the command palette", () => {
  it("ranks matches most recently used first", () => {
    const e = (id: string, label: string) => ({ id, label, hint: "", run: () => undefined });
    const entries = [e("a", "web one"), e("b", "web two"), e("c", "db")];
    expect(rankEntries(entries, "web", []).map((x) => x.id)).toEqual(["a", "b"]);
    expect(rankEntries(entries, "web", ["b"]).map((x) => x.id)).toEqual(["b", "a"]);
    expect(rankEntries(entries, "", ["c", "b"]).map((x) => x.id)).toEqual(["c", "b", "a"]);
  });

  it("opens with Ctrl+K and lists servers, accounts and actions", async () => {
    const { user } = renderApp({ accounts: [main, lab], cached: fleet });
    await screen.findByTestId("server-table");
    await user.keyboard("{Control>}k{/Control}");
    expect(screen.getByTestId("palette-input")).toHaveFocus();
    expect(items()).toEqual(
      expect.arrayContaining(["cmd:refresh", "account:main", "account:lab", "create:main", `server:main/${web.id}`, `server:lab/${db.id}`]),
    );
    expect(items()).not.toContain("create:lab"); // vz here cannot create
    await user.type(screen.getByTestId("palette-input"), "db");
    expect(items()).toEqual([`server:lab/${db.id}`]);
    await user.keyboard("{Enter}");
    expect(screen.queryByTestId("palette")).not.toBeInTheDocument();
    expect(await screen.findByTestId("detail-name")).toHaveTextContent("db-1");
  });

  it("puts the most recently used entry first", async () => {
    recordRecent("account:lab");
    const { user } = renderApp({ accounts: [main, lab], cached: fleet });
    await screen.findByTestId("server-table");
    await user.click(screen.getByTestId("open-palette"));
    expect(items()[0]).toBe("account:lab");
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("main-title")).toHaveTextContent("lab");
  });

  it("offers the open server's actions", async () => {
    const { user } = renderApp({ accounts: [main, lab], cached: fleet, handlers: { snapshots: () => ({ items: [], failures: [] }) } });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    await user.keyboard("{Control>}k{/Control}");
    await user.type(screen.getByTestId("palette-input"), "delete");
    expect(items()).toEqual(["action:delete"]);
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("action-dialog")).toHaveTextContent("Delete: web-1");
  });
});

describe("the palette's actions", () => {
  it("are the action table's rows the open server's provider offers, with their labels", async () => {
    const vz = accountView("lab", "vz");
    vz.capabilities = vzCapabilities();
    const ct = server("lab", "ct-1", { provider: "vz", status: "running" });
    const { user } = renderApp({
      accounts: [vz],
      cached: { servers: [ct], accounts: [accountState("lab", { provider: "vz" })] },
      handlers: { snapshots: () => ({ items: [], failures: [] }) },
    });
    await user.click(await screen.findByTestId(`server-row-lab/${ct.id}`));
    await user.keyboard("{Control>}k{/Control}");
    const actions = items().filter((id) => id?.startsWith("action:"));
    // Running: everything offered but unfreeze and start, which do not fit the state.
    const expected = SERVER_ACTIONS.filter((a) => ["shutdown", "stop", "reboot", "freeze", "updateConfig", "delete"].includes(a.id));
    expect(actions).toEqual(expected.map((a) => `action:${a.id}`));
    for (const a of expected) expect(screen.getByTestId(`palette-item-action:${a.id}`)).toHaveTextContent(`${a.label}: ct-1`);
    await user.type(screen.getByTestId("palette-input"), "cpu");
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("action-dialog")).toHaveTextContent("CPU and memory: ct-1");
  });
});

describe("shortcuts", () => {
  it("refresh with Ctrl+R and F5, and focus the search with / and Ctrl+F", async () => {
    const { user, calls } = renderApp({ accounts: [main], cached: fleet });
    await screen.findByTestId("server-table");
    await waitFor(() => expect(callsOf(calls, "refresh_servers")).toHaveLength(1));
    await user.keyboard("{Control>}r{/Control}");
    await waitFor(() => expect(callsOf(calls, "refresh_servers")).toHaveLength(2));
    await user.keyboard("{F5}");
    await waitFor(() => expect(callsOf(calls, "refresh_servers")).toHaveLength(3));
    await user.keyboard("/");
    expect(screen.getByTestId("server-search")).toHaveFocus();
    expect(screen.getByTestId("server-search")).toHaveValue("");
    screen.getByTestId("server-search").blur();
    await user.keyboard("{Control>}f{/Control}");
    expect(screen.getByTestId("server-search")).toHaveFocus();
  });
});
