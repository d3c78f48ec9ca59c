import { screen, waitFor, within } from "@testing-library/react";

import type { Snapshot } from "../../bindings/Snapshot";
import { i18n } from "../../i18n";
import { accountState, accountView, allCapabilities, job, server } from "../../testing/fixtures";
import { CommandRejection, type CommandHandler } from "../../testing/ipc";
import { callsOf, renderApp } from "../../testing/render";

const web = server("main", "web-1");
const snap: Snapshot = {
  account: "main",
  provider: "letscloud",
  id: "s-9",
  name: "before-upgrade",
  serverId: web.id,
  status: "ready",
  rawStatus: { text: null, code: null, flags: {} },
  sizeGb: 4,
  createdAt: "2026-11-29T10:00:00Z",
  lastRestoredAt: null,
  regions: [],
  automated: false,
  extra: {},
  raw: {},
};

const created = () => ({ job: job({ id: "j-snap", description: "Snapshot web-1" }), message: null, password: null });

function setup(snapshotCaps: Partial<ReturnType<typeof allCapabilities>["snapshots"]>, createSnapshot: CommandHandler = created) {
  const view = accountView("main");
  view.capabilities = allCapabilities();
  view.capabilities.snapshots = { ...view.capabilities.snapshots, list: true, ...snapshotCaps };
  return renderApp({
    accounts: [view],
    cached: { servers: [web], accounts: [accountState("main")] },
    handlers: {
      snapshots: () => ({ items: [snap], failures: [] }),
      create_snapshot: createSnapshot,
      delete_snapshot: () => ({ job: null, message: "deleted", password: null }),
      restore_snapshot: () => ({ job: null, message: "restoring", password: null }),
    },
  });
}

describe("snapshots of a server", () => {
  it("lists them and creates one with a name", async () => {
    const { user, calls } = setup({ create: true, named: true });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    expect(await screen.findByTestId("snapshot-s-9")).toHaveTextContent("before-upgrade");
    expect(callsOf(calls, "snapshots")).toContainEqual({ accounts: ["main"], server: `main/${web.id}` });
    await user.type(screen.getByTestId("snapshot-name"), "nightly");
    await user.click(screen.getByTestId("snapshot-create"));
    await waitFor(() => expect(callsOf(calls, "create_snapshot")).toEqual([{ server: `main/${web.id}`, name: "nightly" }]));
    expect(await screen.findByTestId("job-j-snap")).toBeInTheDocument();
  });

  it("keeps create, restore and delete off while one is sent; clears the name once it is sent", async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const { user } = setup({ create: true, named: true, restore: true, delete: true }, async () => {
      await answered;
      return created();
    });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    await screen.findByTestId("snapshot-s-9");
    await user.type(screen.getByTestId("snapshot-name"), "nightly");
    await user.click(screen.getByTestId("snapshot-create"));
    await waitFor(() => expect(screen.getByTestId("snapshot-create")).toBeDisabled());
    expect(screen.getByTestId("snapshot-restore-s-9")).toBeDisabled();
    expect(screen.getByTestId("snapshot-delete-s-9")).toBeDisabled();
    expect(screen.getByTestId("snapshot-name")).toHaveValue("nightly");
    answer();
    await waitFor(() => expect(screen.getByTestId("snapshot-create")).toBeEnabled());
    expect(screen.getByTestId("snapshot-name")).toHaveValue("");
    expect(screen.getByTestId("snapshot-delete-s-9")).toBeEnabled();
  });

  it("says a failed command in a toast and keeps the name typed", async () => {
    const { user } = setup({ create: true, named: true }, () => {
      throw new CommandRejection({ code: "conflict", message: "snapshot limit reached", details: {} });
    });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    await screen.findByTestId("snapshot-s-9");
    await user.type(screen.getByTestId("snapshot-name"), "nightly");
    await user.click(screen.getByTestId("snapshot-create"));
    expect(await screen.findByTestId("toasts")).toHaveTextContent("Snapshot of web-1 failed: snapshot limit reached");
    expect(screen.getByTestId("snapshot-name")).toHaveValue("nightly");
    expect(screen.getByTestId("snapshot-create")).toBeEnabled();
  });

  it("shows only what the provider offers", async () => {
    const { user } = setup({});
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    await screen.findByTestId("snapshot-s-9");
    expect(screen.queryByTestId("snapshot-create")).not.toBeInTheDocument();
    expect(screen.queryByTestId("snapshot-delete-s-9")).not.toBeInTheDocument();
    expect(screen.queryByTestId("snapshot-restore-s-9")).not.toBeInTheDocument();
  });

  it("restores only once the server's name is typed", async () => {
    const { user, calls } = setup({ restore: true, delete: true });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    await user.click(await screen.findByTestId("snapshot-restore-s-9"));
    const dialog = screen.getByTestId("snapshot-confirm");
    expect(dialog).toHaveTextContent("Server web-1 of account main (LetsCloud) is overwritten with snapshot before-upgrade");
    expect(within(dialog).getByTestId("snapshot-confirm-ok")).toBeDisabled();
    await user.type(within(dialog).getByTestId("snapshot-confirm-input"), "web-1");
    await user.click(within(dialog).getByTestId("snapshot-confirm-ok"));
    await waitFor(() => expect(callsOf(calls, "restore_snapshot")).toEqual([{ snapshot: "main/s-9", serverId: web.id }]));
  });

  it("deletes only once the snapshot's name is typed", async () => {
    const { user, calls } = setup({ delete: true });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    await user.click(await screen.findByTestId("snapshot-delete-s-9"));
    await user.type(screen.getByTestId("snapshot-confirm-input"), "before-upgrade");
    await user.click(screen.getByTestId("snapshot-confirm-ok"));
    await waitFor(() => expect(callsOf(calls, "delete_snapshot")).toEqual([{ snapshot: "main/s-9" }]));
  });
});

describe("snapshots of a server in Brazilian Portuguese", () => {
  it("say their state, date and size, and confirm a restore, in pt-BR", async () => {
    await i18n.changeLanguage("pt-BR");
    const { user } = setup({ create: true, named: true, restore: true, delete: true });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    const row = await screen.findByTestId("snapshot-s-9");
    expect(row).toHaveTextContent(/before-upgrade pronto · 29 de nov\.? de 2026,? 10:00 · 4 GB/);
    expect(screen.getByRole("textbox", { name: "Nome do snapshot" })).toBeInTheDocument();
    expect(screen.getByTestId("snapshot-create")).toHaveTextContent("Criar snapshot");
    expect(screen.getByTestId("snapshot-delete-s-9")).toHaveTextContent("Excluir…");
    await user.click(screen.getByTestId("snapshot-restore-s-9"));
    const dialog = screen.getByTestId("snapshot-confirm");
    expect(within(dialog).getByRole("heading", { name: "Restaurar web-1" })).toBeInTheDocument();
    expect(dialog).toHaveTextContent("O servidor web-1 da conta main (LetsCloud) será sobrescrito com o snapshot before-upgrade.");
    expect(dialog).toHaveTextContent("Digite web-1 para confirmar");
    expect(within(dialog).getByTestId("snapshot-confirm-ok")).toHaveTextContent("Restaurar");
  }, 20_000);
});
