import { screen, waitFor, within } from "@testing-library/react";

import type { AccountView } from "../../bindings/AccountView";
import { i18n } from "../../i18n";
import { formatRelative } from "../../i18n/format";
import { accountState, accountView, allCapabilities, job, server } from "../../testing/fixtures";
import { CommandRejection } from "../../testing/ipc";
import { callsOf, renderApp } from "../../testing/render";
import { canPark } from "./Parking";
import { listing, snapshot } from "../../testing/storage";
import type { ParkedServer } from "../../bindings/ParkedServer";

const web = server("main", "web-1");
const fleet = { servers: [web], accounts: [accountState("main"), accountState("lab", { provider: "cloudzy" })] };

function mainAccount(): AccountView {
  const v = accountView("main");
  v.capabilities = allCapabilities();
  v.capabilities.snapshots = {
    list: true,
    detail: true,
    create: true,
    named: true,
    rename: true,
    delete: true,
    restore: true,
    createServerFrom: true,
    outliveServer: true,
  };
  return v;
}
function labAccount(): AccountView {
  const v = accountView("lab", "cloudzy");
  v.capabilities.snapshots = { ...v.capabilities.snapshots, list: true };
  return v;
}

const ofWeb = snapshot("main", "s1", "web-1-nightly", { serverId: web.id });
const ofGone = snapshot("main", "s2", "old-db-final", { serverId: "old-9", sizeGb: 40, status: "pending" });
const sent = { job: job({ id: "j-snap", description: "Snapshot" }), message: null, password: null };

function open(handlers: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  return renderApp({
    accounts: [mainAccount(), labAccount()],
    cached: fleet,
    path: "/snapshots",
    handlers: {
      snapshots: (args) => {
        const [account] = args.accounts as string[];
        if (account === "lab") throw new CommandRejection({ code: "network", message: "lab: connection refused", details: {} });
        return listing([ofWeb, ofGone]);
      },
      ...handlers,
    },
  });
}

describe("the snapshots view", () => {
  it("lists every account's snapshots, those of a deleted server too, and a failing account on that account only", async () => {
    const { calls } = open();
    const table = await screen.findByTestId("snapshots-table");
    expect(within(table).getByTestId("snapshots-row-main/s1")).toHaveTextContent("web-1-nightly");
    expect(within(table).getByTestId("snapshots-row-main/s1")).toHaveTextContent("web-1");
    const gone = within(table).getByTestId("snapshots-row-main/s2");
    expect(gone).toHaveTextContent("old-9 (gone)");
    expect(gone).toHaveTextContent("40 GB");
    // Status in words and a symbol, not colour alone.
    expect(within(gone).getByText("pending").closest("[data-status]")).toHaveTextContent("◷ pending");
    expect(screen.getByTestId("snapshots-failure-lab")).toHaveTextContent("lab: connection refused");
    expect(screen.queryByTestId("snapshots-failure-main")).toBeNull();
    // One query per account: each account's data is invalidated on its own.
    expect(callsOf(calls, "snapshots")).toEqual(
      expect.arrayContaining([
        { accounts: ["main"], server: null },
        { accounts: ["lab"], server: null },
      ]),
    );
    expect(screen.getByTestId("snapshots-count")).toHaveTextContent("2 snapshots");
  });

  it("filters by text and sorts by a column", async () => {
    const { user } = open();
    await screen.findByTestId("snapshots-table");
    await user.type(screen.getByTestId("snapshots-search"), "old");
    await waitFor(() => expect(screen.queryByTestId("snapshots-row-main/s1")).toBeNull());
    expect(screen.getByTestId("snapshots-count")).toHaveTextContent("1 of 2 snapshots");
    await user.clear(screen.getByTestId("snapshots-search"));
    await user.click(screen.getByTestId("snapshots-sort-size"));
    const rows = () => screen.getAllByTestId(/^snapshots-row-/).map((r) => r.dataset.testid);
    await waitFor(() => expect(rows()).toEqual(["snapshots-row-main/s1", "snapshots-row-main/s2"]));
    await user.click(screen.getByTestId("snapshots-sort-size"));
    await waitFor(() => expect(rows()).toEqual(["snapshots-row-main/s2", "snapshots-row-main/s1"]));
  });

  it("says what the view is for when there is no snapshot, and offers to make one", async () => {
    open({ snapshots: () => listing([]) });
    const empty = await screen.findByTestId("snapshots-empty");
    expect(empty).toHaveTextContent("A snapshot keeps a copy of a server's disk");
    expect(within(empty).getByTestId("snapshots-create")).toBeInTheDocument();
  });

  it("creates a snapshot of a server picked in the dialog, with its name", async () => {
    const { user, calls } = open({ create_snapshot: () => sent });
    await screen.findByTestId("snapshots-table");
    await user.click(screen.getByTestId("snapshots-create"));
    await user.selectOptions(screen.getByTestId("snapshot-create-server-select"), `main/${web.id}`);
    await user.type(screen.getByTestId("snapshot-create-name"), "before-upgrade");
    await user.click(screen.getByTestId("snapshot-create-ok"));
    await waitFor(() => expect(callsOf(calls, "create_snapshot")).toEqual([{ server: `main/${web.id}`, name: "before-upgrade" }]));
    // Its job is in the jobs panel at once.
    expect(await screen.findByTestId("job-j-snap")).toBeInTheDocument();
  });

  it("renames a snapshot and refetches that account's snapshots", async () => {
    const { user, calls } = open({ rename_snapshot: () => ({ job: null, message: "Renamed", password: null }) });
    await user.click(await screen.findByTestId("snapshots-name-main/s1"));
    const detail = screen.getByTestId("snapshots-detail");
    expect(within(detail).getByTestId("snapshots-raw")).toHaveTextContent('"name": "web-1-nightly"');
    await user.click(within(detail).getByTestId("snapshot-rename"));
    const input = screen.getByTestId("snapshot-rename-dialog-input");
    await user.clear(input);
    await user.type(input, "web-1-golden");
    const before = callsOf(calls, "snapshots").filter((a) => (a.accounts as string[])[0] === "main").length;
    await user.click(screen.getByTestId("snapshot-rename-dialog-ok"));
    await waitFor(() => expect(callsOf(calls, "rename_snapshot")).toEqual([{ snapshot: "main/s1", name: "web-1-golden" }]));
    await waitFor(() =>
      expect(callsOf(calls, "snapshots").filter((a) => (a.accounts as string[])[0] === "main").length).toBeGreaterThan(before),
    );
  });

  it("restores only after the server's name is typed, and not when the server is gone", async () => {
    const { user, calls } = open({ restore_snapshot: () => sent });
    await user.click(await screen.findByTestId("snapshots-name-main/s2"));
    expect(screen.getByTestId("snapshot-restore")).toBeDisabled();
    await user.click(screen.getByTestId("snapshots-name-main/s1"));
    await user.click(screen.getByTestId("snapshot-restore"));
    expect(screen.getByTestId("storage-confirm-text")).toHaveTextContent(
      "Server web-1 of account main (LetsCloud) is overwritten with snapshot web-1-nightly",
    );
    const ok = screen.getByTestId("storage-confirm-ok");
    await user.type(screen.getByTestId("storage-confirm-input"), "web-1-nightly");
    expect(ok).toBeDisabled();
    await user.clear(screen.getByTestId("storage-confirm-input"));
    await user.type(screen.getByTestId("storage-confirm-input"), "web-1");
    await user.click(ok);
    await waitFor(() => expect(callsOf(calls, "restore_snapshot")).toEqual([{ snapshot: "main/s1", serverId: web.id }]));
  });

  it("deletes a snapshot of a deleted server after its name is typed", async () => {
    const { user, calls } = open({ delete_snapshot: () => sent });
    await user.click(await screen.findByTestId("snapshots-name-main/s2"));
    await user.click(screen.getByTestId("snapshot-delete"));
    await user.type(screen.getByTestId("storage-confirm-input"), "old-db-final");
    await user.click(screen.getByTestId("storage-confirm-ok"));
    await waitFor(() => expect(callsOf(calls, "delete_snapshot")).toEqual([{ snapshot: "main/s2" }]));
  });

  it("creates a server from a snapshot: the wizard opens with it as the source and orders from it", async () => {
    const { user, calls } = open({
      create_server: () => ({ jobs: [job({ id: "j-new", description: "Create restored" })], message: null, rootPassword: null }),
    });
    // Even the snapshot of a deleted server.
    await user.click(await screen.findByTestId("snapshots-name-main/s2"));
    await user.click(screen.getByTestId("snapshot-create-server"));
    expect(await screen.findByTestId("create-wizard")).toBeInTheDocument();
    await user.type(screen.getByTestId("wizard-name-input"), "restored");
    while (screen.queryByTestId("wizard-create") === null) await user.click(screen.getByTestId("wizard-next"));
    expect(screen.getByTestId("wizard-review")).toHaveTextContent("Made fromsnapshot old-db-final");
    await user.click(screen.getByTestId("wizard-create"));
    await waitFor(() => expect(callsOf(calls, "create_server")).toHaveLength(1));
    const { account, request } = callsOf(calls, "create_server")[0] as { account: string; request: Record<string, unknown> };
    expect(account).toBe("main");
    expect(request).toMatchObject({ name: "restored", fromSnapshot: "s2", iso: null, image: null, application: null, source: null });
  });

  it("offers only what the account's provider offers", async () => {
    const { user } = open();
    await screen.findByTestId("snapshots-table");
    // lab lists snapshots but cannot create, rename or restore them.
    await user.click(screen.getByTestId("account-lab"));
    expect(screen.getByTestId("main-title")).toHaveTextContent("Snapshots · lab");
    expect(screen.queryByTestId("snapshots-create")).toBeNull();
  });

  it("says why a command failed on a toast", async () => {
    const { user } = open({
      delete_snapshot: () => {
        throw new CommandRejection({ code: "conflict", message: "snapshot is in use", details: {} });
      },
    });
    await user.click(await screen.findByTestId("snapshots-name-main/s1"));
    await user.click(screen.getByTestId("snapshot-delete"));
    await user.type(screen.getByTestId("storage-confirm-input"), "web-1-nightly");
    await user.click(screen.getByTestId("storage-confirm-ok"));
    expect(await screen.findByText(/Delete snapshot web-1-nightly failed: snapshot is in use/)).toBeInTheDocument();
  });
});

const parkedWeb: ParkedServer = {
  id: "p-1",
  accountId: "id-main",
  account: "main",
  provider: "letscloud",
  serverId: "77",
  serverName: "idle-box",
  plan: "small",
  region: "MIA1",
  image: "ubuntu-24.04",
  snapshotId: "s9",
  tags: ["lab"],
  parkedAt: "2026-11-30T00:00:00Z",
};

describe("parking", () => {
  it("lists the parked servers of the accounts in view and unparks one as a job", async () => {
    const { user, calls } = open({
      parked_servers: () => [parkedWeb, { ...parkedWeb, id: "p-2", account: "other", serverName: "elsewhere" }],
      unpark_server: () => ({ job: job({ id: "j-unpark", description: "Unpark idle-box", kind: "unpark" }), message: null, password: null }),
    });
    const row = await screen.findByTestId("parked-p-1");
    expect(row).toHaveTextContent("idle-box");
    expect(row).toHaveTextContent("small · MIA1");
    expect(screen.queryByTestId("parked-p-2")).toBeNull();
    await user.click(within(row).getByTestId("unpark-p-1"));
    await waitFor(() => expect(callsOf(calls, "unpark_server")).toEqual([{ parkedId: "p-1" }]));
    expect(await screen.findByTestId("job-j-unpark")).toBeInTheDocument();
  });

  it("parks a server from its detail after its name is typed, where the provider can", async () => {
    const { user, calls } = renderApp({
      accounts: [mainAccount(), labAccount()],
      cached: fleet,
      handlers: {
        snapshots: () => listing([]),
        usage: () => [],
        park_server: () => ({ job: job({ id: "j-park", description: "Park web-1", kind: "park" }), message: null, password: null }),
      },
    });
    await user.click(await screen.findByTestId(`server-name-main/${web.id}`));
    await user.click(await screen.findByTestId("action-park"));
    expect(screen.getByTestId("storage-confirm-text")).toHaveTextContent("deleted once the snapshot is ready");
    await user.type(screen.getByTestId("storage-confirm-input"), "web-1");
    await user.click(screen.getByTestId("storage-confirm-ok"));
    await waitFor(() => expect(callsOf(calls, "park_server")).toEqual([{ address: `main/${web.id}` }]));
  });

  it("is not offered where the provider cannot create a server from a snapshot, nor where snapshots go with the server", () => {
    const caps = mainAccount().capabilities;
    expect(canPark(caps)).toBe(true);
    expect(canPark({ ...caps, snapshots: { ...caps.snapshots, createServerFrom: false } })).toBe(false);
    expect(canPark({ ...caps, servers: { ...caps.servers, delete: false } })).toBe(false);
    expect(canPark({ ...caps, snapshots: { ...caps.snapshots, outliveServer: false } })).toBe(false);
  });
});

describe("the snapshots view in Portuguese", () => {
  it("shows its headers, statuses and parked servers in pt-BR", async () => {
    await i18n.changeLanguage("pt-BR");
    open({ parked_servers: () => [parkedWeb] });
    const table = await screen.findByTestId("snapshots-table");
    for (const header of ["Nome", "Servidor", "Tamanho", "Idade", "Criação"])
      expect(within(table).getByRole("button", { name: header })).toBeInTheDocument();
    const gone = within(table).getByTestId("snapshots-row-main/s2");
    expect(gone).toHaveTextContent("old-9 (removido)");
    expect(gone).toHaveTextContent("◷ pendente");
    expect(gone).toHaveTextContent("manual");
    expect(screen.getByTestId("main-title")).toHaveTextContent("Snapshots · todas as contas");
    const row = await screen.findByTestId("parked-p-1");
    expect(screen.getByText("Servidores estacionados")).toBeInTheDocument();
    expect(row).toHaveTextContent(`estacionado ${formatRelative(parkedWeb.parkedAt, Date.now(), "pt-BR")}`);
    expect(within(row).getByTestId("unpark-p-1")).toHaveTextContent("Reativar");
  });
});
