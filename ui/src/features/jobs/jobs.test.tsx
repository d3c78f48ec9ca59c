import { screen, waitFor } from "@testing-library/react";

import { i18n } from "../../i18n";
import { accountState, accountView, allCapabilities, job, server } from "../../testing/fixtures";
import { CommandRejection, emitFleetEvent } from "../../testing/ipc";
import { callsOf, renderApp } from "../../testing/render";

const web = server("main", "web-1");
const fleet = { servers: [web], accounts: [accountState("main")] };

describe("the jobs panel", () => {
  it("lists the persisted jobs on start, running ones first", async () => {
    renderApp({
      jobs: [
        job({ id: "old", status: "succeeded", progress: 100, finishedAt: "2026-11-30T00:01:00Z", description: "Reboot db" }),
        job({ id: "live", status: "running", progress: 30, description: "Create web-2", targetName: "web-2" }),
      ],
    });
    const rows = await screen.findAllByTestId(/^job-(old|live)$/);
    expect(rows.map((r) => r.dataset.testid)).toEqual(["job-live", "job-old"]);
    expect(screen.getByTestId("jobs-running-count")).toHaveTextContent("1 running");
    // A job is worded by its kind and target, in the UI's language (not Rust's English description).
    expect(screen.getByRole("progressbar", { name: "Create server: web-2 progress" })).toHaveAttribute("value", "30");
    expect(screen.getByTestId("job-old")).toHaveTextContent("Create server: web-1");
    expect(screen.getByTestId("job-finished-old")).toHaveTextContent("Nov 30, 2026, 12:01 AM");
  });

  it("follows progress events, toasts the end and refreshes the account", async () => {
    const { calls } = renderApp({ accounts: [accountView("main")], cached: fleet });
    await screen.findByTestId("server-table");
    const running = job({ id: "j1", serverId: web.id, description: "Stop web-1", kind: "stop", progress: 10 });
    await emitFleetEvent({ type: "job", job: running });
    expect(await screen.findByTestId("job-j1")).toHaveAttribute("data-status", "running");
    await emitFleetEvent({ type: "job", job: { ...running, progress: 70 } });
    await waitFor(() =>
      expect(screen.getByRole("progressbar", { name: "Stop: web-1 progress" })).toHaveAttribute("value", "70"),
    );
    const before = callsOf(calls, "refresh_servers").length;
    await emitFleetEvent({ type: "job", job: { ...running, status: "succeeded", progress: 100, finishedAt: "2026-11-30T00:02:00Z" } });
    await waitFor(() => expect(screen.getByTestId("job-j1")).toHaveAttribute("data-status", "succeeded"));
    expect(await screen.findByTestId("toast-open")).toHaveTextContent("main: Stop: web-1 — done");
    await waitFor(() => expect(callsOf(calls, "refresh_servers").slice(before)).toContainEqual({ accounts: ["main"], includeStale: true }));
  });

  it("brings the open server's detail up to date when its job ends", async () => {
    let status: "stopped" | "running" = "stopped";
    const stopped = server("main", "box-1", { status: "stopped" });
    const listing = () => ({ servers: [{ ...stopped, status }], accounts: [accountState("main")] });
    const { user } = renderApp({
      accounts: [accountView("main")],
      handlers: {
        cached_servers: listing,
        refresh_servers: listing,
        server: () => ({ ...stopped, status }),
        snapshots: () => ({ items: [], failures: [] }),
      },
    });
    await user.click(await screen.findByTestId(`server-row-main/${stopped.id}`));
    expect(await screen.findByTestId("detail-fields")).toHaveTextContent("Statusstopped");
    const start = job({ id: "j-start", serverId: stopped.id, description: "Start box-1", kind: "start" });
    await emitFleetEvent({ type: "job", job: start });
    await screen.findByTestId("job-j-start");
    status = "running";
    await emitFleetEvent({ type: "job", job: { ...start, status: "succeeded", finishedAt: "2026-11-30T00:05:00Z" } });
    await waitFor(() => expect(screen.getByTestId("detail-fields")).toHaveTextContent("Statusrunning"));
  });

  it("refetches what the ended job changed by its kind: snapshots for a snapshot, not the servers for an upload", async () => {
    const view = accountView("main");
    view.capabilities = allCapabilities();
    view.capabilities.snapshots = { ...view.capabilities.snapshots, list: true };
    const { user, calls } = renderApp({
      accounts: [view],
      cached: fleet,
      handlers: { snapshots: () => ({ items: [], failures: [] }) },
    });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    await screen.findByTestId("snapshots-empty");
    const snapshotsBefore = callsOf(calls, "snapshots").length;
    const snap = job({ id: "j-snap", serverId: web.id, description: "Snapshot web-1", kind: "snapshotCreate" });
    await emitFleetEvent({ type: "job", job: snap });
    await emitFleetEvent({ type: "job", job: { ...snap, status: "succeeded", finishedAt: "2026-11-30T00:02:00Z" } });
    await waitFor(() => expect(callsOf(calls, "snapshots").length).toBeGreaterThan(snapshotsBefore));

    await waitFor(() => expect(callsOf(calls, "refresh_servers").at(-1)).toEqual({ accounts: ["main"], includeStale: true }));
    const refreshesBefore = callsOf(calls, "refresh_servers").length;
    const iso = job({ id: "j-iso", description: "Download ubuntu.iso", kind: "isoDownload" });
    await emitFleetEvent({ type: "job", job: iso });
    await emitFleetEvent({ type: "job", job: { ...iso, status: "succeeded", finishedAt: "2026-11-30T00:03:00Z" } });
    await waitFor(() => expect(screen.getByTestId("job-j-iso")).toHaveAttribute("data-status", "succeeded"));
    await new Promise((r) => setTimeout(r, 50));
    expect(callsOf(calls, "refresh_servers")).toHaveLength(refreshesBefore);
  });

  it("says a failure with its error", async () => {
    renderApp({});
    await screen.findByTestId("jobs-empty");
    const running = job({ id: "j2", description: "Reinstall web-1", kind: "reinstall" });
    await emitFleetEvent({ type: "job", job: running });
    await screen.findByTestId("job-j2");
    await emitFleetEvent({
      type: "job",
      job: {
        ...running,
        status: "failed",
        finishedAt: "2026-11-30T00:03:00Z",
        error: { code: "jobFailed", message: "image missing", details: {} },
      },
    });
    expect(await screen.findByTestId("toasts")).toHaveTextContent("Reinstall: web-1 — failed (image missing)");
    expect(screen.getByTestId("job-j2")).toHaveTextContent("image missing");
  });

  it("opens the job's server when clicked (the job or its toast)", async () => {
    const { user } = renderApp({
      accounts: [accountView("main")],
      cached: fleet,
      jobs: [job({ id: "j3", serverId: web.id, description: "Resize web-1" })],
    });
    await user.click(await screen.findByTestId("job-open-j3"));
    expect(await screen.findByTestId("detail-name")).toHaveTextContent("web-1");
    await user.click(screen.getByTestId("detail-close"));
    await emitFleetEvent({ type: "job", job: job({ id: "j3", serverId: web.id, description: "Resize web-1", status: "succeeded", finishedAt: "2026-11-30T00:09:00Z" }) });
    await user.click(await screen.findByTestId("toast-open"));
    expect(await screen.findByTestId("detail-name")).toHaveTextContent("web-1");
  });

  it("clears the finished jobs", async () => {
    const { user, calls } = renderApp({
      jobs: [job({ id: "done", status: "succeeded", finishedAt: "2026-11-30T00:01:00Z" }), job({ id: "live" })],
      handlers: { clear_finished_jobs: () => null },
    });
    await user.click(await screen.findByTestId("jobs-clear"));
    await waitFor(() => expect(screen.queryByTestId("job-done")).not.toBeInTheDocument());
    expect(screen.getByTestId("job-live")).toBeInTheDocument();
    expect(callsOf(calls, "clear_finished_jobs")).toHaveLength(1);
  });

  it("keeps the finished jobs and says so when clearing them fails", async () => {
    const { user } = renderApp({
      jobs: [job({ id: "done", status: "succeeded", finishedAt: "2026-11-30T00:01:00Z" })],
      handlers: {
        clear_finished_jobs: () => {
          throw new CommandRejection({ code: "cache", message: "job log is read-only", details: {} });
        },
      },
    });
    await user.click(await screen.findByTestId("jobs-clear"));
    expect(await screen.findByTestId("toasts")).toHaveTextContent("Clearing the finished jobs failed: job log is read-only");
    expect(screen.getByTestId("job-done")).toBeInTheDocument();
  });

  it("words the jobs, their state, their time and the end toast in Portuguese", async () => {
    await i18n.changeLanguage("pt-BR");
    renderApp({
      jobs: [
        job({ id: "old", kind: "reboot", targetName: "db-1", status: "succeeded", finishedAt: "2026-11-30T14:05:00Z" }),
        job({ id: "live", kind: "snapshotCreate", targetName: "web-1", status: "running", progress: 30 }),
        job({ id: "misc", kind: "other", description: "Sync tags", status: "queued", progress: null }),
      ],
    });
    const live = await screen.findByTestId("job-live");
    expect(screen.getByRole("region", { name: "Tarefas" })).toBeInTheDocument();
    expect(screen.getByTestId("jobs-running-count")).toHaveTextContent("2 em andamento");
    expect(live).toHaveTextContent("Criar snapshot: web-1");
    expect(live).toHaveTextContent("em andamento");
    expect(screen.getByRole("progressbar", { name: "Progresso de Criar snapshot: web-1" })).toHaveAttribute("value", "30");
    // A job of kind `other` keeps the description Rust gave it.
    expect(screen.getByTestId("job-misc")).toHaveTextContent("Sync tags");
    expect(screen.getByTestId("job-misc")).toHaveTextContent("na fila");
    expect(screen.getByTestId("job-old")).toHaveTextContent("Reiniciar: db-1");
    expect(screen.getByTestId("job-old")).toHaveTextContent("concluída");
    expect(screen.getByTestId("job-finished-old")).toHaveTextContent("30 de nov. de 2026, 14:05");
    expect(screen.getByTestId("jobs-clear")).toHaveTextContent("Limpar concluídas");

    await emitFleetEvent({
      type: "job",
      job: job({ id: "live", kind: "snapshotCreate", targetName: "web-1", status: "failed", finishedAt: "2026-11-30T14:10:00Z", error: { code: "jobFailed", message: "disk full", details: {} } }),
    });
    expect(await screen.findByTestId("toasts")).toHaveTextContent("main: Criar snapshot: web-1 — falhou (disk full)");
  });
});
