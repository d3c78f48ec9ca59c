import { CommandRejection, emitEvent, mockCommands } from "../testing/ipc";
import { job } from "../testing/fixtures";
import { addAccount, keyringStatus, listAccounts, refreshServers, serverAction } from "./commands";
import { FleetdeckError, isErrorPayload } from "./errors";
import { FLEET_EVENT } from "../bindings/Commands";
import { getPref } from "./prefs";
import { onFleetEvent } from "./events";

describe("platform commands", () => {
  it("answers the reads of preferences made together with one call, and asks again later", async () => {
    const prefs = { theme: "dark", sidebarWidth: 300, hiddenColumns: [], lastView: "", checkForUpdates: true, notificationsPaused: false, language: "pt-BR" };
    const { calls } = mockCommands({ preferences: () => prefs });
    await expect(Promise.all([getPref("theme"), getPref("sidebarWidth"), getPref("language")])).resolves.toEqual(["dark", 300, "pt-BR"]);
    expect(calls.filter(([c]) => c === "preferences")).toHaveLength(1);
    await getPref("theme");
    expect(calls.filter(([c]) => c === "preferences")).toHaveLength(2);
  });

  it("invokes the Rust command with camelCase arguments and answers its value", async () => {
    const { calls } = mockCommands({
      refresh_servers: () => ({ servers: [], accounts: [] }),
      server_action: () => ({ job: null, message: "done", password: null }),
    });
    await expect(refreshServers(["main"], false)).resolves.toEqual({ servers: [], accounts: [] });
    await serverAction("main/42", { type: "reboot" });
    expect(calls).toEqual([
      ["refresh_servers", { accounts: ["main"], includeStale: false }],
      ["server_action", { address: "main/42", action: { type: "reboot" } }],
    ]);
  });

  it("rejects with a typed FleetdeckError carrying code and details", async () => {
    mockCommands({
      add_account: () => {
        throw new CommandRejection({
          code: "validation",
          message: "an account named 'main' already exists",
          details: { fields: [{ field: "name", message: "taken" }] },
        });
      },
    });
    const error = await addAccount({
      name: "main",
      provider: "cloudzy",
      endpoint: null,
      username: null,
      color: null,
      lxd: null,
      secret: "t",
      clientKeyPem: null,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetdeckError);
    const e = error as FleetdeckError;
    expect(e.code).toBe("validation");
    expect(e.message).toContain("already exists");
    expect(e.fieldMessage("name")).toBe("taken");
  });

  it("turns Tauri's own string rejections (unknown command) into an internal error", async () => {
    mockCommands({});
    const error = await listAccounts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetdeckError);
    expect((error as FleetdeckError).code).toBe("internal");
    expect((error as FleetdeckError).message).toContain("list_accounts");
  });

  it("answers the keyring status", async () => {
    mockCommands({ keyring_status: () => ({ available: false, backend: "Secret Service", message: "start it" }) });
    await expect(keyringStatus()).resolves.toEqual({ available: false, backend: "Secret Service", message: "start it" });
  });
});

describe("platform events", () => {
  it("delivers every kind of the one fleet event to a subscriber until it unsubscribes", async () => {
    mockCommands({});
    const seen: string[] = [];
    const unsubscribe = await onFleetEvent((e) => {
      switch (e.type) {
        case "job":
          seen.push(`job ${e.job.id}:${e.job.status}`);
          break;
        case "warning":
          seen.push(`warning ${e.message}`);
          break;
        case "accountRefreshed":
          seen.push("account");
          break;
      }
    });
    await emitEvent(FLEET_EVENT, { type: "job", job: job({ status: "running" }) });
    await emitEvent(FLEET_EVENT, { type: "warning", message: "cache unreadable" });
    unsubscribe();
    await emitEvent(FLEET_EVENT, { type: "job", job: job({ status: "succeeded" }) });
    expect(seen).toEqual(["job job-1:running", "warning cache unreadable"]);
  });
});

describe("isErrorPayload", () => {
  it("accepts only known codes with a message and details", () => {
    expect(isErrorPayload({ code: "auth", message: "no", details: {} })).toBe(true);
    expect(isErrorPayload({ code: "teapot", message: "no", details: {} })).toBe(false);
    expect(isErrorPayload({ code: "auth", message: "no" })).toBe(false);
    expect(isErrorPayload("auth")).toBe(false);
  });
});
