import { screen, waitFor, within } from "@testing-library/react";

import type { FleetServers } from "../../bindings/FleetServers";
import type { LiveUsage } from "../../bindings/LiveUsage";
import { i18n } from "../../i18n";
import { accountState, accountView, allCapabilities, job, server } from "../../testing/fixtures";
import { CommandRejection } from "../../testing/ipc";
import { callsOf, renderApp } from "../../testing/render";

const main = accountView("main", "letscloud", "#e33");
main.capabilities = allCapabilities("letscloud");
const lab = accountView("lab", "cloudzy", "#3a3");

const web10 = server("main", "web-10", { region: "MIA1", tags: ["prod"] });
const web2 = server("main", "web-2", { region: "NYC1", status: "stopped" });
const api = server("lab", "api", { provider: "cloudzy", region: "MIA1", ipv6: ["2001:db8::1"] });
const fleet: FleetServers = {
  servers: [web10, web2, api],
  accounts: [accountState("main"), accountState("lab", { provider: "cloudzy" })],
};

const noUsage: LiveUsage = {
  cpuPercent: null,
  memoryUsedMb: null,
  memoryTotalMb: null,
  diskUsedGb: null,
  diskTotalGb: null,
  processes: null,
  networkRxBytes: null,
  networkTxBytes: null,
};

const rowNames = () =>
  screen
    .getAllByTestId(/^server-row-/)
    .map((r) => within(r).getAllByRole("cell")[3]?.textContent);

describe("the unified server table", () => {
  it("shows every account's servers side by side, sorted naturally by name", async () => {
    renderApp({ accounts: [main, lab], cached: fleet });
    await screen.findByTestId("server-table");
    expect(rowNames()).toEqual(["api", "web-2", "web-10"]);
    const row = screen.getByTestId(`server-row-lab/${api.id}`);
    expect(row).toHaveTextContent("Cloudzy");
    expect(row).toHaveTextContent("2001:db8::1");
    expect(screen.getByTestId("server-count")).toHaveTextContent("3 servers");
  });

  it("sorts by a column and reverses on a second click", async () => {
    const { user } = renderApp({ accounts: [main, lab], cached: fleet });
    await screen.findByTestId("server-table");
    await user.click(screen.getByTestId("sort-region"));
    expect(rowNames()[2]).toBe("web-2"); // NYC1 after the MIA1 ones
    await user.click(screen.getByTestId("sort-region"));
    expect(rowNames()[0]).toBe("web-2");
    expect(screen.getByTestId("sort-region").closest("th")).toHaveAttribute("aria-sort", "descending");
  });

  it("filters by free text and by facets", async () => {
    const { user } = renderApp({ accounts: [main, lab], cached: fleet });
    await screen.findByTestId("server-table");
    await user.type(screen.getByTestId("server-search"), "web");
    await waitFor(() => expect(rowNames()).toEqual(["web-2", "web-10"]));
    expect(screen.getByTestId("server-count")).toHaveTextContent("2 of 3 servers");
    await user.selectOptions(screen.getByTestId("filter-status"), "stopped");
    await waitFor(() => expect(rowNames()).toEqual(["web-2"]));
    await user.click(screen.getByTestId("clear-filters"));
    await user.selectOptions(screen.getByTestId("filter-account"), "lab");
    await waitFor(() => expect(rowNames()).toEqual(["api"]));
  });

  it("shows the cache at once, then the background refresh", async () => {
    let answer: (v: FleetServers) => void = () => undefined;
    const { calls } = renderApp({
      accounts: [main, lab],
      cached: {
        servers: [web10],
        accounts: [accountState("main", { stale: true, fetchedAt: "2020-01-01T00:00:00Z" })],
      },
      handlers: { refresh_servers: () => new Promise<FleetServers>((resolve) => (answer = resolve)) },
    });
    expect(await screen.findByTestId("account-state-main")).toHaveAttribute("data-stale", "true");
    expect(screen.getByTestId("account-state-main")).toHaveTextContent(/stale · from [\d,]+ days ago/);
    expect(rowNames()).toEqual(["web-10"]);
    await waitFor(() => expect(callsOf(calls, "refresh_servers")).toEqual([{ accounts: [], includeStale: true }]));
    answer({ ...fleet, accounts: [accountState("main", { fetchedAt: new Date().toISOString() }), accountState("lab")] });
    await waitFor(() => expect(rowNames()).toEqual(["api", "web-2", "web-10"]));
    expect(screen.getByTestId("account-state-main")).toHaveAttribute("data-stale", "false");
    expect(screen.getByTestId("account-state-main")).toHaveTextContent("refreshed just now");
  });

  it("shows a failed account's error on that account only, and keeps its cached servers", async () => {
    const partial: FleetServers = {
      servers: fleet.servers,
      accounts: [
        accountState("main"),
        accountState("lab", {
          provider: "cloudzy",
          stale: true,
          error: { code: "auth", message: "token rejected", details: { account: "lab" } },
        }),
      ],
    };
    const { user } = renderApp({ accounts: [main, lab], cached: partial });
    const labState = await screen.findByTestId("account-state-lab");
    expect(labState).toHaveAttribute("data-error", "auth");
    expect(labState).toHaveTextContent("token rejected");
    expect(screen.getByTestId("account-state-main")).toHaveAttribute("data-error", "");
    expect(screen.getByTestId("account-state-main")).not.toHaveTextContent("token rejected");
    expect(rowNames()).toContain("api");
    // A partial listing disables the bulk stop and reboot, not start.
    await user.click(screen.getByTestId("select-all"));
    expect(screen.getByTestId("bulk-stop")).toBeDisabled();
    expect(screen.getByTestId("bulk-reboot")).toBeDisabled();
    expect(screen.getByTestId("bulk-start")).toBeEnabled();
  });

  it("refreshes one account on its own", async () => {
    const { user, calls } = renderApp({
      accounts: [main, lab],
      cached: fleet,
      handlers: {
        refresh_servers: (args) =>
          (args.accounts as string[]).length === 0
            ? fleet
            : { servers: [server("lab", "api-2", { provider: "cloudzy" })], accounts: [accountState("lab", { provider: "cloudzy" })] },
      },
    });
    await screen.findByTestId("server-table");
    await user.click(screen.getByTestId("refresh-account-lab"));
    await waitFor(() => expect(rowNames()).toEqual(["api-2", "web-2", "web-10"]));
    expect(callsOf(calls, "refresh_servers")).toContainEqual({ accounts: ["lab"], includeStale: true });
  });

  it("opens the detail pane with every field and the raw data", async () => {
    const { user } = renderApp({ accounts: [main, lab], cached: fleet, handlers: { snapshots: () => ({ items: [], failures: [] }) } });
    await user.click(await screen.findByTestId(`server-row-main/${web10.id}`));
    const detail = screen.getByTestId("server-detail");
    expect(within(detail).getByTestId("detail-name")).toHaveTextContent("web-10");
    expect(within(detail).getByTestId("detail-fields")).toHaveTextContent("MIA1");
    expect(within(detail).getByTestId("detail-raw")).toHaveTextContent(`"label": "web-10"`);
    await user.click(within(detail).getByTestId("detail-close"));
    expect(screen.queryByTestId("server-detail")).not.toBeInTheDocument();
  });

  it("asks for the raw JSON a listing leaves out only when the raw section is opened", async () => {
    // Listings come without `raw` (src-tauri/src/command_list.rs); lab's provider has no detail call.
    const bare = { ...api };
    delete bare.raw;
    const { user, calls } = renderApp({
      accounts: [main, lab],
      cached: { ...fleet, servers: [web10, web2, bare] },
      handlers: { server_raw: () => ({ instance_id: "api-raw", plan: { vcpu: 1 } }) },
    });
    await user.click(await screen.findByTestId(`server-row-lab/${api.id}`));
    const detail = screen.getByTestId("server-detail");
    expect(within(detail).getByTestId("detail-fields")).toHaveTextContent("2001:db8::1");
    expect(callsOf(calls, "server_raw")).toEqual([]);
    expect(within(detail).queryByTestId("detail-raw")).not.toBeInTheDocument();

    await user.click(within(within(detail).getByTestId("detail-raw-section")).getByText(/Raw data/));
    expect(await within(detail).findByTestId("detail-raw")).toHaveTextContent(`"instance_id": "api-raw"`);
    expect(within(detail).getByTestId("detail-raw")).toHaveTextContent(`"vcpu": 1`);
    expect(callsOf(calls, "server_raw")).toEqual([{ server: `lab/${api.id}` }]);
  });

  it("shows the provider's detail call, usage where offered, and the server's running jobs", async () => {
    const caps = allCapabilities("letscloud");
    caps.usage = { traffic: true, live: true };
    const view = { ...main, capabilities: caps };
    const { user, calls } = renderApp({
      accounts: [view, lab],
      cached: fleet,
      jobs: [
        job({ id: "j-run", account: "main", serverId: web10.id, kind: "resize", targetName: "web-10", description: "Resize web-10", progress: 20 }),
        job({ id: "j-other", account: "main", serverId: "elsewhere", kind: "reboot", targetName: "other", description: "Reboot other" }),
      ],
      handlers: {
        server: () => ({ ...web10, hostname: "web-10.example.test", usage: { ...noUsage, cpuPercent: 12.5 } }),
        usage: () => [
          {
            account: "main",
            provider: "letscloud",
            serverId: web10.id,
            metric: "trafficIn",
            unit: "MB",
            points: [
              { at: "2026-11-29T00:00:00Z", value: 100 },
              { at: "2026-11-30T00:00:00Z", value: 250 },
            ],
          },
        ],
        snapshots: () => ({ items: [], failures: [] }),
      },
    });
    await user.click(await screen.findByTestId(`server-row-main/${web10.id}`));
    const detail = screen.getByTestId("server-detail");
    expect(await within(detail).findByText("web-10.example.test")).toBeInTheDocument();
    expect(callsOf(calls, "server")).toContainEqual({ address: `main/${web10.id}` });
    expect(within(detail).getByTestId("live-usage")).toHaveTextContent("12.5 %");
    const legend = await within(detail).findByTestId("usage-legend");
    expect(within(legend).getByRole("row", { name: /trafficIn/ })).toHaveTextContent("350 MB over 2 points");
    expect(within(detail).getByTestId("detail-jobs")).toHaveTextContent("Resize: web-10 — running 20%");
    expect(within(detail).getByTestId("detail-jobs")).not.toHaveTextContent("other");
  });

  it("keeps the listed data when the detail call fails", async () => {
    const { user } = renderApp({
      accounts: [main, lab],
      cached: fleet,
      handlers: {
        server: () => {
          throw new CommandRejection({ code: "network", message: "offline", details: {} });
        },
        snapshots: () => ({ items: [], failures: [] }),
      },
    });
    await user.click(await screen.findByTestId(`server-row-main/${web10.id}`));
    expect(await screen.findByTestId("detail-from-listing")).toHaveTextContent("offline");
    expect(screen.getByTestId("detail-fields")).toHaveTextContent("MIA1");
  });

  it("opens a row from the keyboard", async () => {
    const { user } = renderApp({ accounts: [main, lab], cached: fleet });
    const row = await screen.findByTestId(`server-row-lab/${api.id}`);
    row.focus();
    await user.keyboard("{Enter}");
    expect(screen.getByTestId("detail-name")).toHaveTextContent("api");
  });

  it("copies the shown rows as CSV", async () => {
    const { user } = renderApp({ accounts: [main, lab], cached: fleet });
    await screen.findByTestId("server-table");
    await user.type(screen.getByTestId("server-search"), "api");
    await waitFor(() => expect(rowNames()).toEqual(["api"]));
    await user.click(screen.getByTestId("copy-csv"));
    const text = await navigator.clipboard.readText();
    expect(text.split("\r\n")[1]).toContain(",lab,api,running,");
    expect(text).not.toContain("web-10");
  });

  it("exports the shown rows as a CSV file through Rust and says where it went", async () => {
    const { user, calls } = renderApp({
      accounts: [main, lab],
      cached: fleet,
      handlers: { save_export: (args) => `/home/me/Downloads/${String(args.fileName)}` },
    });
    await screen.findByTestId("server-table");
    await user.type(screen.getByTestId("server-search"), "api");
    await waitFor(() => expect(rowNames()).toEqual(["api"]));
    await user.click(screen.getByTestId("export-csv"));
    await waitFor(() => expect(callsOf(calls, "save_export")).toHaveLength(1));
    const args = callsOf(calls, "save_export")[0] ?? {};
    expect(args.fileName).toBe("fleetdeck-servers.csv");
    expect(String(args.contents)).toContain(",lab,api,running,");
    expect(String(args.contents)).not.toContain("web-10");
    expect(await screen.findByText(/Saved 1 servers to \/home\/me\/Downloads\/fleetdeck-servers.csv/)).toBeInTheDocument();
  });

  it("renders only the visible rows of a large fleet", async () => {
    const many = Array.from({ length: 2000 }, (_, i) => server("main", `node-${String(i).padStart(4, "0")}`));
    renderApp({ accounts: [main], cached: { servers: many, accounts: [accountState("main")] } });
    await screen.findByTestId("server-table");
    expect(screen.getByTestId("server-count")).toHaveTextContent("2,000 servers");
    expect(screen.getAllByTestId(/^server-row-/).length).toBeLessThan(100);
  });
});

describe("the server table and detail in Brazilian Portuguese", () => {
  it("show headers, status words, counts and dates as pt-BR writes them", async () => {
    await i18n.changeLanguage("pt-BR");
    const { user } = renderApp({ accounts: [main, lab], cached: fleet, handlers: { snapshots: () => ({ items: [], failures: [] }) } });
    await screen.findByTestId("server-table");
    expect(screen.getByTestId("main-title")).toHaveTextContent("Todas as contas");
    // The sorted column's title carries its sort mark.
    const headers = screen.getAllByRole("columnheader").map((h) => h.textContent?.replace(/[▲▼]/g, "").trim());
    for (const title of ["Provedor", "Conta", "Nome", "Status", "Região", "Plano", "Imagem", "Criado em"]) expect(headers).toContain(title);
    expect(screen.getByTestId("server-count")).toHaveTextContent("3 servidores");
    expect(screen.getByTestId("account-state-main")).toHaveTextContent("0 servidores");

    // Status words and the creation day in Portuguese; the values filtered on stay the ids.
    const stopped = screen.getByTestId(`server-row-main/${web2.id}`);
    expect(stopped).toHaveTextContent("parado");
    expect(stopped).toHaveTextContent(/1 de jan\.? de 2026/);
    expect(screen.getByTestId(`server-row-main/${web10.id}`)).toHaveTextContent("em execução");
    const statusFilter = screen.getByTestId("filter-status");
    expect(within(statusFilter).getByRole("option", { name: "Qualquer status" })).toHaveValue("");
    expect(within(statusFilter).getByRole("option", { name: "parado" })).toHaveValue("stopped");
    // Free text finds a server by the status word shown.
    await user.type(screen.getByRole("searchbox", { name: "Buscar servidores" }), "parado");
    await waitFor(() => expect(rowNames()).toEqual(["web-2"]));
    expect(screen.getByTestId("server-count")).toHaveTextContent("1 de 3 servidores");

    await user.click(screen.getByTestId(`server-row-main/${web2.id}`));
    const detail = screen.getByTestId("server-detail");
    const fields = within(detail).getByTestId("detail-fields");
    expect(within(fields).getByText("Conta")).toBeInTheDocument();
    expect(within(fields).getByText("Região")).toBeInTheDocument();
    expect(within(fields).getByText("Criado em").nextElementSibling).toHaveTextContent(/1 de jan\.? de 2026,? 00:00/);
    expect(within(fields).getByText("Status").nextElementSibling).toHaveTextContent("parado");
    expect(within(detail).getByTestId("action-start")).toHaveTextContent("Iniciar");
    expect(within(detail).getByTestId("action-delete")).toHaveTextContent("Excluir…");
    expect(within(detail).getByTestId("detail-no-jobs")).toHaveTextContent("Nenhuma.");
    expect(within(detail).getByText(/Dados brutos do LetsCloud/)).toBeInTheDocument();
  }, 20_000);
});
