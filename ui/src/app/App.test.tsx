import { QueryClient } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { FleetServers } from "../bindings/FleetServers";
import { accountState, accountView, job, keyringAvailable } from "../testing/fixtures";
import { CommandRejection, emitFleetEvent, mockCommands, type CommandHandler } from "../testing/ipc";
import { App } from "./App";

const noServers: FleetServers = { servers: [], accounts: [] };

function renderApp(handlers: Record<string, CommandHandler>) {
  const ipc = mockCommands({
    keyring_status: () => keyringAvailable,
    app_info: () => ({ version: "0.1.0", commit: "ff69cae", buildDate: "2026-12-03", dataDir: "/tmp/d", keyringService: "fleetdeck-test" }),
    list_accounts: () => [],
    cached_servers: () => noServers,
    refresh_servers: () => noServers,
    server_raw: () => null,
    jobs: () => [],
    startup_warnings: () => [],
    set_tray_views: () => null,
    ...handlers,
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(<App client={client} />);
  return ipc;
}

describe("the app frame", () => {
  it("shows sidebar, main area, jobs panel and the keyring status from Rust", async () => {
    renderApp({});
    expect(screen.getByTestId("sidebar")).toBeInTheDocument();
    // The main area is the router's: it renders once the route has matched.
    expect(await screen.findByTestId("main-area")).toBeInTheDocument();
    expect(screen.getByTestId("jobs-panel")).toBeInTheDocument();
    expect(await screen.findByTestId("accounts-empty")).toHaveTextContent("No accounts yet");
    expect(await screen.findByTestId("empty-state")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("keyring-status")).toHaveTextContent("Keyring: Secret Service"));
    expect(screen.getByTestId("keyring-status")).toHaveAttribute("data-state", "available");
    expect(await screen.findByTestId("app-version")).toHaveTextContent("v0.1.0");
  });

  it("lists the accounts and narrows the main area to the one selected", async () => {
    const { calls } = renderApp({
      list_accounts: () => [accountView("main", "letscloud", "#e33"), accountView("lab", "vz")],
      cached_servers: (args) => ({
        servers: [],
        accounts: ((args.accounts as string[]).length === 0 ? ["main", "lab"] : (args.accounts as string[])).map((a) =>
          accountState(a),
        ),
      }),
    });
    const list = await screen.findByTestId("account-list");
    expect(within(list).getAllByTestId(/^account-(main|lab)$/).map((b) => b.textContent)).toEqual([
      "mainLetsCloud",
      "labvz/LXD",
    ]);
    await userEvent.click(screen.getByTestId("account-lab"));
    expect(screen.getByTestId("main-title")).toHaveTextContent("lab");
    await waitFor(() => expect(calls).toContainEqual(["cached_servers", { accounts: ["lab"] }]));
  });

  it("says plainly when the keyring is unavailable", async () => {
    renderApp({
      keyring_status: () => ({ available: false, backend: "Secret Service", message: "run gnome-keyring" }),
    });
    await waitFor(() => expect(screen.getByTestId("keyring-status")).toHaveAttribute("data-state", "unavailable"));
    expect(screen.getByTestId("keyring-status")).toHaveAttribute("title", "run gnome-keyring");
  });

  it("shows a command's error with its code", async () => {
    renderApp({
      list_accounts: () => {
        throw new CommandRejection({ code: "cache", message: "accounts.json is corrupt", details: {} });
      },
    });
    const notice = await screen.findByTestId("error-notice");
    expect(notice).toHaveAttribute("data-code", "cache");
    expect(notice).toHaveTextContent("accounts.json is corrupt");
  });

  it("updates the jobs panel live from the fleet event channel", async () => {
    renderApp({});
    expect(await screen.findByTestId("jobs-empty")).toBeInTheDocument();
    await emitFleetEvent({ type: "job", job: job({ status: "running", progress: 10 }) });
    expect(await screen.findByTestId("job-job-1")).toHaveTextContent("running");
    expect(screen.getByTestId("jobs-running-count")).toHaveTextContent("1 running");
    await emitFleetEvent({ type: "job", job: job({ status: "succeeded", progress: 100, finishedAt: "2026-11-30T00:01:00Z" }) });
    await waitFor(() => expect(screen.getByTestId("job-job-1")).toHaveTextContent("succeeded"));
    expect(screen.getByTestId("jobs-running-count")).toHaveTextContent("0 running");
  });

  it("says in a banner which file was unreadable at start and where its copy is", async () => {
    const note = "accounts.json was unreadable and was moved to /d/accounts.json.corrupt-20261203T101010; the account list starts empty";
    const user = userEvent.setup();
    renderApp({ startup_warnings: () => [note] });
    const banner = await screen.findByTestId("startup-warnings");
    expect(banner).toHaveTextContent("accounts.json.corrupt-20261203T101010");
    expect(banner).toHaveAttribute("role", "alert");
    await user.click(screen.getByTestId("startup-warnings-dismiss"));
    expect(screen.queryByTestId("startup-warnings")).not.toBeInTheDocument();
  });

  it("shows no banner when the files were fine", async () => {
    renderApp({});
    await screen.findByTestId("jobs-empty");
    expect(screen.queryByTestId("startup-warnings")).not.toBeInTheDocument();
  });

  it("shows warnings pushed by Rust as toasts", async () => {
    renderApp({});
    await screen.findByTestId("jobs-empty");
    await emitFleetEvent({ type: "warning", message: "main: cache discarded" });
    expect(await screen.findByTestId("toasts")).toHaveTextContent("main: cache discarded");
  });
});
