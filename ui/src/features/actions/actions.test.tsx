import { screen, waitFor, within } from "@testing-library/react";

import type { FleetServers } from "../../bindings/FleetServers";
import type { Capabilities } from "../../bindings/Capabilities";
import { SERVER_ACTIONS } from "../../bindings/serverActions";
import { i18n } from "../../i18n";
import { catalogues } from "../../i18n/allCatalogues";
import { LANGUAGES } from "../../i18n/resources";
import { accountState, accountView, allCapabilities, job, noCapabilities, server, vzCapabilities } from "../../testing/fixtures";
import { CommandRejection } from "../../testing/ipc";
import { callsOf, renderApp } from "../../testing/render";
import { bulkActions, offeredActions } from "./capabilities";

const full = accountView("main", "letscloud", "#e33");
full.capabilities = allCapabilities("letscloud");
const powerOnly = accountView("lab", "vz");
powerOnly.capabilities = noCapabilities("vz");
powerOnly.capabilities.servers = { ...powerOnly.capabilities.servers, start: true, stop: true };

const web = server("main", "web-1");
const box = server("lab", "box-1", { provider: "vz", status: "stopped" });
const fleet: FleetServers = {
  servers: [web, box],
  accounts: [accountState("main"), accountState("lab", { provider: "vz" })],
};
const base = { accounts: [full, powerOnly], cached: fleet, handlers: { snapshots: () => ({ items: [], failures: [] }) } };

const actionIds = () =>
  within(screen.getByTestId("action-bar"))
    .getAllByRole("button")
    .map((b) => b.dataset.testid);

describe("actions decided by capabilities", () => {
  it("lists exactly what the capabilities offer", () => {
    expect(offeredActions(powerOnly.capabilities).map((a) => a.id)).toEqual(["start", "stop"]);
    expect(offeredActions(full.capabilities)).toHaveLength(10);
  });

  it("shows a limited provider's server only its actions", async () => {
    const { user } = renderApp(base);
    await user.click(await screen.findByTestId(`server-row-lab/${box.id}`));
    expect(actionIds()).toEqual(["action-start", "action-stop"]);
    // Stopped already: stop stays visible but disabled.
    expect(screen.getByTestId("action-stop")).toBeDisabled();
    expect(screen.getByTestId("action-start")).toBeEnabled();
  });

  it("shows a full provider's server every action", async () => {
    const { user } = renderApp(base);
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    expect(actionIds()).toEqual([
      "action-start",
      "action-shutdown",
      "action-stop",
      "action-reboot",
      "action-rename",
      "action-addTraffic",
      "action-resetPassword",
      "action-resize",
      "action-reinstall",
      "action-delete",
    ]);
  });

  it("runs a power action at once and puts its job in the jobs panel", async () => {
    const { user, calls } = renderApp({
      ...base,
      handlers: {
        ...base.handlers,
        server_action: () => ({ job: job({ id: "j-reboot", kind: "reboot", description: "Reboot web-1" }), message: null, password: null }),
      },
    });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    await user.click(screen.getByTestId("action-reboot"));
    await waitFor(() =>
      expect(callsOf(calls, "server_action")).toEqual([{ address: `main/${web.id}`, action: { type: "reboot" } }]),
    );
    expect(await screen.findByTestId("job-j-reboot")).toHaveTextContent("Reboot: web-1");
  });

  it("keeps every action off while one is being sent, then says its failure", async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const { user } = renderApp({
      ...base,
      handlers: {
        ...base.handlers,
        server_action: async () => {
          await answered;
          throw new CommandRejection({ code: "network", message: "connection reset", details: {} });
        },
      },
    });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    await user.click(screen.getByTestId("action-reboot"));
    await waitFor(() => expect(screen.getByTestId("action-reboot")).toBeDisabled());
    expect(screen.getByTestId("action-start")).toBeDisabled();
    answer();
    expect(await screen.findByTestId("toasts")).toHaveTextContent("Reboot web-1 failed: connection reset");
    await waitFor(() => expect(screen.getByTestId("action-reboot")).toBeEnabled());
  });
});

describe("destructive actions", () => {
  it("name server, account and provider and need the server's name typed", async () => {
    const { user, calls } = renderApp({
      ...base,
      handlers: { ...base.handlers, delete_server: () => ({ job: null, message: "deleted", password: null }) },
    });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    await user.click(screen.getByTestId("action-delete"));
    const dialog = screen.getByTestId("action-dialog");
    expect(within(dialog).getByTestId("action-target")).toHaveTextContent("Server web-1 of account main (LetsCloud)");
    const confirm = within(dialog).getByTestId("action-confirm");
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByTestId("confirm-name-input"), "web-");
    expect(confirm).toBeDisabled();
    await user.keyboard("{Enter}");
    expect(callsOf(calls, "delete_server")).toEqual([]);
    await user.type(within(dialog).getByTestId("confirm-name-input"), "1");
    expect(confirm).toBeEnabled();
    await user.click(confirm);
    await waitFor(() => expect(callsOf(calls, "delete_server")).toEqual([{ address: `main/${web.id}` }]));
    await waitFor(() => expect(screen.queryByTestId("action-dialog")).not.toBeInTheDocument());
  });

  it("shows a generated password once, masked until revealed, with copy", async () => {
    const { user } = renderApp({
      ...base,
      handlers: { ...base.handlers, server_action: () => ({ job: null, message: null, password: "s3cret-Once" }) },
    });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    await user.click(screen.getByTestId("action-resetPassword"));
    await user.type(screen.getByTestId("confirm-name-input"), "web-1");
    await user.click(screen.getByTestId("action-confirm"));
    // Not in the DOM until the user reveals it (tests/e2e/secrets.e2e.test.mjs checks the window).
    expect(await screen.findByTestId("new-password-value")).toHaveTextContent(/^•+$/);
    expect(document.body.innerHTML).not.toContain("s3cret-Once");
    await user.click(screen.getByTestId("new-password-copy"));
    expect(await navigator.clipboard.readText()).toBe("s3cret-Once");
    expect(await screen.findByTestId("new-password-status")).toHaveTextContent("Copied");
    await user.click(screen.getByTestId("new-password-reveal"));
    expect(screen.getByTestId("new-password-value")).toHaveTextContent("s3cret-Once");
    await user.click(screen.getByRole("button", { name: "Done" }));
    expect(screen.queryByText("s3cret-Once")).not.toBeInTheDocument();
  });

  it("asks for the new password where the user chooses it, and sends none empty", async () => {
    const chosen = accountView("main", "letscloud", "#e33");
    chosen.capabilities = allCapabilities("letscloud");
    chosen.capabilities.servers = { ...chosen.capabilities.servers, resetPassword: "chosen" };
    const { user, calls } = renderApp({
      ...base,
      accounts: [chosen, powerOnly],
      handlers: { ...base.handlers, server_action: () => ({ job: null, message: "The password was changed successfully.", password: null }) },
    });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    await user.click(screen.getByTestId("action-resetPassword"));
    const field = screen.getByTestId("field-password");
    expect(field).toHaveTextContent("The provider sets the password you enter");
    expect(field).not.toHaveTextContent(/leave empty/i);
    await user.type(screen.getByTestId("confirm-name-input"), "web-1");
    await user.click(screen.getByTestId("action-confirm"));
    expect(await screen.findByTestId("field-password-error")).toHaveTextContent("Enter the new root password.");
    expect(callsOf(calls, "server_action")).toEqual([]);
    await user.type(within(field).getByLabelText("New root password"), "N3w-R00t-Pass");
    await user.click(screen.getByTestId("action-confirm"));
    await waitFor(() =>
      expect(callsOf(calls, "server_action")).toEqual([
        { address: `main/${web.id}`, action: { type: "resetPassword", password: "N3w-R00t-Pass" } },
      ]),
    );
  });

  it("reinstalls with the image chosen and shows the provider's field error", async () => {
    const { user, calls } = renderApp({
      ...base,
      handlers: {
        ...base.handlers,
        images: () => [
          { account: "main", provider: "letscloud", id: "debian-12", name: "Debian 12", kind: "os", family: null, version: null, arch: null, regions: [], minDiskGb: null, minMemoryMb: null, compatibleOs: [], description: null, price: null, raw: {} },
        ],
        server_action: () => {
          throw new CommandRejection({
            code: "validation",
            message: "invalid",
            details: { fields: [{ field: "image", message: "image not available in MIA1" }] },
          });
        },
      },
    });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    await user.click(screen.getByTestId("action-reinstall"));
    const select = within(screen.getByTestId("field-image")).getByRole("combobox");
    await screen.findByRole("option", { name: "Debian 12" });
    await user.selectOptions(select, "debian-12");
    await user.type(screen.getByTestId("confirm-name-input"), "web-1");
    await user.click(screen.getByTestId("action-confirm"));
    expect(await screen.findByTestId("field-image-error")).toHaveTextContent("image not available in MIA1");
    expect(callsOf(calls, "server_action")[0]).toEqual({ address: `main/${web.id}`, action: { type: "reinstall", image: "debian-12" } });
  });
});

describe("bulk actions", () => {
  it("start every selected server whose provider can, and report the outcome", async () => {
    const { user, calls } = renderApp({
      ...base,
      handlers: { ...base.handlers, server_action: () => ({ job: null, message: null, password: null }) },
    });
    await screen.findByTestId("server-table");
    await user.click(screen.getByTestId("select-all"));
    expect(screen.getByTestId("bulk-bar")).toHaveTextContent("2 selected");
    await user.click(screen.getByTestId("bulk-start"));
    await waitFor(() => expect(callsOf(calls, "server_action")).toHaveLength(2));
    expect(callsOf(calls, "server_action").map((c) => c.address).sort()).toEqual([`lab/${box.id}`, `main/${web.id}`]);
    expect(await screen.findByTestId("toasts")).toHaveTextContent("Start: 2 sent");
  });

  it("stop only after the list of servers hit is confirmed", async () => {
    const { user, calls } = renderApp({
      ...base,
      handlers: { ...base.handlers, server_action: () => ({ job: null, message: null, password: null }) },
    });
    await screen.findByTestId("server-table");
    await user.click(screen.getByTestId("select-all"));
    await user.click(screen.getByTestId("bulk-stop"));
    const dialog = screen.getByTestId("bulk-confirm");
    expect(within(dialog).getByTestId("bulk-targets")).toHaveTextContent("web-1 — main (LetsCloud)");
    expect(within(dialog).getByTestId("bulk-targets")).toHaveTextContent("box-1 — lab (vz/LXD)");
    expect(callsOf(calls, "server_action")).toEqual([]);
    await user.click(within(dialog).getByTestId("bulk-confirm-ok"));
    await waitFor(() => expect(callsOf(calls, "server_action")).toHaveLength(2));
    expect(callsOf(calls, "server_action").every((c) => (c.action as { type: string }).type === "stop")).toBe(true);
  });

  it("skip servers whose provider lacks the action", async () => {
    const { user } = renderApp(base);
    await screen.findByTestId("server-table");
    await user.click(screen.getByTestId("select-all"));
    expect(screen.getByTestId("bulk-reboot")).toHaveTextContent("Reboot (1)");
    expect(screen.getByTestId("bulk-stop")).toHaveTextContent("Stop (2)");
  });
});

/** `caps` with the capability at `path` ("servers.freeze") switched on. */
function withCapability(caps: Capabilities, path: string): Capabilities {
  const copy = structuredClone(caps);
  const keys = path.split(".");
  let slot = copy as unknown as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) slot = slot[k] as Record<string, unknown>;
  const last = keys[keys.length - 1] ?? "";
  slot[last] = typeof slot[last] === "boolean" ? true : "generated";
  return copy;
}

describe("the action table (bindings/serverActions.ts)", () => {
  it("offers an action only when its capability is on", () => {
    const none = noCapabilities("vz");
    expect(offeredActions(none)).toEqual([]);
    for (const spec of SERVER_ACTIONS) {
      const on = withCapability(none, spec.capability);
      expect(offeredActions(on).map((a) => a.id)).toContain(spec.id);
      // Everything else stays off (freeze and unfreeze share one capability).
      for (const other of offeredActions(on)) expect(other.capability).toBe(spec.capability);
    }
  });

  it("offers a vz account freeze, unfreeze and CPU/memory configuration, and runs the configuration", async () => {
    const vz = accountView("lab", "vz");
    vz.capabilities = vzCapabilities();
    const ct = server("lab", "ct-1", { provider: "vz", status: "running", vcpus: 1, memoryMb: 1024 });
    const { user, calls } = renderApp({
      accounts: [vz],
      cached: { servers: [ct], accounts: [accountState("lab", { provider: "vz" })] },
      handlers: { snapshots: () => ({ items: [], failures: [] }), server_action: () => ({ job: null, message: null, password: null }) },
    });
    await user.click(await screen.findByTestId(`server-row-lab/${ct.id}`));
    expect(actionIds()).toEqual([
      "action-start",
      "action-shutdown",
      "action-stop",
      "action-reboot",
      "action-freeze",
      "action-unfreeze",
      "action-updateConfig",
      "action-delete",
    ]);
    // Running: it can be frozen, not unfrozen.
    expect(screen.getByTestId("action-freeze")).toBeEnabled();
    expect(screen.getByTestId("action-unfreeze")).toBeDisabled();

    await user.click(screen.getByTestId("action-updateConfig"));
    const dialog = screen.getByTestId("action-dialog");
    const cpus = within(within(dialog).getByTestId("field-cpus")).getByRole("spinbutton");
    const memory = within(within(dialog).getByTestId("field-memory")).getByRole("spinbutton");
    expect(cpus).toHaveValue(1);
    await user.clear(cpus);
    await user.type(cpus, "2");
    await user.clear(memory);
    await user.type(memory, "2048");
    // Not destructive: no typed name asked.
    expect(within(dialog).queryByTestId("confirm-name-input")).not.toBeInTheDocument();
    await user.click(within(dialog).getByTestId("action-confirm"));
    await waitFor(() =>
      expect(callsOf(calls, "server_action")).toEqual([
        { address: `lab/${ct.id}`, action: { type: "updateConfig", set: {}, unset: [], cpus: 2, memoryMb: 2048 } },
      ]),
    );
  });

  it("runs freeze at once", async () => {
    const vz = accountView("lab", "vz");
    vz.capabilities = vzCapabilities();
    const ct = server("lab", "ct-1", { provider: "vz", status: "running" });
    const { user, calls } = renderApp({
      accounts: [vz],
      cached: { servers: [ct], accounts: [accountState("lab", { provider: "vz" })] },
      handlers: { snapshots: () => ({ items: [], failures: [] }), server_action: () => ({ job: null, message: null, password: null }) },
    });
    await user.click(await screen.findByTestId(`server-row-lab/${ct.id}`));
    await user.click(screen.getByTestId("action-freeze"));
    await waitFor(() => expect(callsOf(calls, "server_action")).toEqual([{ address: `lab/${ct.id}`, action: { type: "freeze" } }]));
  });
});

describe("the bulk bar", () => {
  it("shows only the table's bulk actions that a selected server's provider offers", async () => {
    const vz = accountView("lab", "vz");
    vz.capabilities = vzCapabilities();
    const ct = server("lab", "ct-1", { provider: "vz" });
    const { user } = renderApp({
      accounts: [full, vz],
      cached: { servers: [web, ct], accounts: [accountState("main"), accountState("lab", { provider: "vz" })] },
    });
    await screen.findByTestId("server-table");
    await user.click(screen.getByTestId("select-all"));
    const shown = within(screen.getByTestId("bulk-bar"))
      .getAllByRole("button")
      .map((b) => b.dataset.testid)
      .filter((id) => id !== "bulk-clear");
    const bulkSafe = bulkActions().map((a) => `bulk-${a.id}`);
    expect(shown).toEqual(["bulk-start", "bulk-shutdown", "bulk-stop", "bulk-reboot", "bulk-freeze", "bulk-unfreeze"]);
    expect(shown.every((id) => bulkSafe.includes(id ?? ""))).toBe(true);
    // Actions needing input or a typed name never run in bulk.
    for (const id of ["bulk-delete", "bulk-rename", "bulk-resize", "bulk-updateConfig", "bulk-resetPassword"])
      expect(screen.queryByTestId(id)).not.toBeInTheDocument();
    expect(screen.getByTestId("bulk-freeze")).toHaveTextContent("Freeze (1)");
    // Freezing interrupts service: the list of servers hit is confirmed first.
    await user.click(screen.getByTestId("bulk-freeze"));
    expect(within(screen.getByTestId("bulk-confirm")).getByTestId("bulk-targets")).toHaveTextContent("ct-1 — lab (vz/LXD)");
  });
});

describe("the action table's words", () => {
  it("has a label and a verb for every action id in every language, English as Rust says them", () => {
    const actions: Record<string, { label?: string; verb?: string } | undefined> = catalogues.en.servers.actions;
    for (const spec of SERVER_ACTIONS) {
      expect(actions[spec.id], spec.id).toEqual({ label: spec.label, verb: spec.verb });
      for (const language of LANGUAGES) {
        const own: Record<string, { label?: string; verb?: string } | undefined> = catalogues[language].servers.actions;
        expect(own[spec.id]?.label, `${language} ${spec.id}`).toMatch(/\S/);
        expect(own[spec.id]?.verb, `${language} ${spec.id}`).toMatch(/\S/);
      }
    }
  });

  it("show in Brazilian Portuguese: the action bar, the dialog, its amounts and its checks", async () => {
    await i18n.changeLanguage("pt-BR");
    const { user, calls } = renderApp({
      ...base,
      handlers: {
        ...base.handlers,
        plans: () => [
          {
            account: "main", provider: "letscloud", id: "big", name: "Big", kind: "fixed", vcpus: 8, memoryMb: 16384, diskGb: 320, bandwidthGb: null,
            prices: [{ amount: { amount: "1234.5", currency: "USD" }, period: "monthly", beforeDiscount: null, discountPercent: null }],
            regions: [], available: true, raw: {},
          },
        ],
      },
    });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    expect(screen.getByRole("toolbar", { name: "Ações em web-1" })).toBeInTheDocument();
    expect(screen.getByTestId("action-reboot")).toHaveTextContent("Reiniciar");
    expect(screen.getByTestId("action-resize")).toHaveTextContent("Redimensionar…");

    await user.click(screen.getByTestId("action-resize"));
    const dialog = screen.getByTestId("action-dialog");
    expect(within(dialog).getByRole("heading", { name: "Redimensionar: web-1" })).toBeInTheDocument();
    expect(within(dialog).getByTestId("action-target")).toHaveTextContent("Servidor web-1 da conta main (LetsCloud)");
    expect(within(dialog).getByText("web-1", { selector: "strong" })).toBeInTheDocument();
    expect(within(dialog).getByTestId("field-plan")).toHaveTextContent("Novo plano");
    // The price with pt-BR separators, every digit kept, and the period in Portuguese.
    expect(await within(dialog).findByRole("option", { name: "Big — 1.234,50 USD/mês" })).toHaveValue("big");
    expect(within(dialog).getByTestId("confirm-name")).toHaveTextContent("Digite o nome do servidor (web-1) para confirmar");
    await user.type(within(dialog).getByTestId("confirm-name-input"), "web-1");
    await user.click(within(dialog).getByTestId("action-confirm"));
    expect(await within(dialog).findByTestId("field-plan-error")).toHaveTextContent("Escolha o novo plano.");
    expect(callsOf(calls, "server_action")).toEqual([]);
    expect(within(dialog).getByRole("button", { name: "Cancelar" })).toBeInTheDocument();
    expect(within(dialog).getByTestId("action-confirm")).toHaveTextContent("Redimensionar");
  }, 20_000);
});
