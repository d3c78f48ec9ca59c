import { fireEvent, screen, waitFor, within } from "@testing-library/react";

import type { AccountView } from "../../bindings/AccountView";
import { i18n } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { accountState, accountView, job, lxdCapabilities, server } from "../../testing/fixtures";
import { CommandRejection } from "../../testing/ipc";
import { callsOf, renderApp } from "../../testing/render";
import { backup, listing, policy } from "../../testing/storage";
import { expiryAt } from "./backupOptions";
import { nextBackupAt } from "./schedule";

const web = server("zy", "web-1", { provider: "cloudzy" });
const db = server("zy", "db-1", { provider: "cloudzy" });
const box = server("lab", "box", { provider: "vz" });
const fleet = {
  servers: [web, db, box],
  accounts: [accountState("zy", { provider: "cloudzy" }), accountState("lab", { provider: "vz" })],
};
function zy(): AccountView {
  const v = accountView("zy", "cloudzy");
  v.capabilities.backups = { ...v.capabilities.backups, policies: true };
  return v;
}
function lab(): AccountView {
  const v = accountView("lab", "vz");
  v.capabilities = lxdCapabilities();
  v.capabilities.backups = { ...v.capabilities.backups, list: true, create: true, delete: true, download: true, policies: false };
  return v;
}
// Six hours ago: the next daily backup is 18 hours ahead.
const lastBackup = new Date(Date.now() - 6 * 3_600_000).toISOString();
const sent = { job: job({ id: "j-b", description: "Backup schedule" }), message: null, password: null };

function open(accounts: AccountView[], handlers: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  return renderApp({
    accounts,
    cached: fleet,
    path: "/backups",
    handlers: {
        backup_policies: () => listing([policy("zy", web.id, { lastSuccessAt: lastBackup })]),
      backups: () => listing([backup("lab", "box/b1", "b1", { serverId: box.id }), backup("lab", "gone/b0", "b0", { serverId: "gone" })]),
      ...handlers,
    },
  });
}

describe("the backups view", () => {
  it("lists the schedules with their last and next backup, and server backups on their own tab", async () => {
    const { user } = open([zy(), lab()]);
    const row = await screen.findByTestId(`schedules-row-zy/${web.id}`);
    expect(row).toHaveTextContent("web-1");
    expect(row).toHaveTextContent("daily");
    expect(row).toHaveTextContent("7 days");
    expect(row).toHaveTextContent("1.20 USD");
    expect(row).toHaveTextContent("✓ active");
    // A daily schedule runs a day after the last backup (an estimate: the provider does not say).
    const next = Date.parse(lastBackup) + 86_400_000;
    expect(row).toHaveTextContent(formatDateTime(next, "en"));
    expect(row).toHaveTextContent("6 hours ago");
    await user.click(screen.getByTestId("backups-tab-backups"));
    const table = await screen.findByTestId("backups-table");
    expect(within(table).getByTestId("backups-row-lab/box/b1")).toHaveTextContent("box");
    expect(within(table).getByTestId("backups-row-lab/gone/b0")).toHaveTextContent("gone (gone)");
  });

  it("has no tabs when only one kind is offered", async () => {
    open([zy()]);
    await screen.findByTestId(`schedules-row-zy/${web.id}`);
    expect(screen.queryByTestId("backups-tab-backups")).toBeNull();
  });

  it("creates a weekly schedule with its days and retention", async () => {
    const { user, calls } = open([zy()], { set_backup_policy: () => sent });
    await user.click(await screen.findByTestId("backups-schedule-create"));
    // Only servers without a schedule can get a new one.
    const select = screen.getByTestId("schedule-server");
    expect(within(select).queryByText(/web-1/)).toBeNull();
    await user.selectOptions(select, `zy/${db.id}`);
    await user.selectOptions(screen.getByTestId("schedule-frequency"), "weekly");
    expect(screen.getByTestId("schedule-save")).toBeDisabled();
    await user.click(screen.getByTestId("schedule-day-monday"));
    await user.click(screen.getByTestId("schedule-day-thursday"));
    fireEvent.change(screen.getByTestId("schedule-retention"), { target: { value: "14" } });
    await user.click(screen.getByTestId("schedule-save"));
    await waitFor(() =>
      expect(callsOf(calls, "set_backup_policy")).toEqual([
        { server: `zy/${db.id}`, request: { serverId: db.id, frequency: "weekly", retentionId: 14, weekdays: ["monday", "thursday"] }, replace: false },
      ]),
    );
    // Activation is followed as a job.
    expect(await screen.findByTestId("job-j-b")).toBeInTheDocument();
  });

  it("changes a schedule in place and deletes one after the server's name is typed", async () => {
    const { user, calls } = open([zy()], { set_backup_policy: () => sent, delete_backup_policy: () => sent });
    await user.click(await screen.findByTestId(`schedules-name-zy/${web.id}`));
    await user.click(screen.getByTestId("schedule-edit"));
    fireEvent.change(screen.getByTestId("schedule-retention"), { target: { value: "30" } });
    await user.click(screen.getByTestId("schedule-save"));
    await waitFor(() =>
      expect(callsOf(calls, "set_backup_policy")).toEqual([
        { server: `zy/${web.id}`, request: { serverId: web.id, frequency: "daily", retentionId: 30, weekdays: [] }, replace: true },
      ]),
    );
    await user.click(screen.getByTestId("schedule-delete"));
    await user.type(screen.getByTestId("storage-confirm-input"), "web-1");
    await user.click(screen.getByTestId("storage-confirm-ok"));
    await waitFor(() => expect(callsOf(calls, "delete_backup_policy")).toEqual([{ server: `zy/${web.id}` }]));
  });

  it("creates and deletes an LXD backup", async () => {
    const { user, calls } = open([lab()], { create_backup: () => sent, delete_backup: () => sent });
    await user.click(await screen.findByTestId("backups-create"));
    await user.selectOptions(screen.getByTestId("backup-create-server"), `lab/${box.id}`);
    await user.click(screen.getByTestId("backup-create-ok"));
    await waitFor(() =>
      expect(callsOf(calls, "create_backup")).toEqual([
        {
          server: `lab/${box.id}`,
          options: { name: null, expiresAt: null, instanceOnly: false, optimizedStorage: false, compressionAlgorithm: null },
        },
      ]),
    );
    await user.click(screen.getByTestId("backups-name-lab/box/b1"));
    await user.click(screen.getByTestId("backup-delete"));
    await user.type(screen.getByTestId("storage-confirm-input"), "b1");
    await user.click(screen.getByTestId("storage-confirm-ok"));
    await waitFor(() => expect(callsOf(calls, "delete_backup")).toEqual([{ backup: "lab/box/b1" }]));
  });

  it("creates an LXD backup with its options: expiry, snapshots left out, format, compression", async () => {
    const { user, calls } = open([lab()], { create_backup: () => sent });
    await user.click(await screen.findByTestId("backups-create"));
    await user.selectOptions(screen.getByTestId("backup-create-server"), `lab/${box.id}`);
    await user.type(screen.getByTestId("backup-create-name"), " weekly ");
    await user.selectOptions(screen.getByTestId("backup-create-expiry"), "date");
    // A date that is not ahead cannot be sent: the host would delete the backup at once.
    expect(screen.getByTestId("backup-create-ok")).toBeDisabled();
    fireEvent.change(screen.getByTestId("backup-create-expiry-date"), { target: { value: "2001-01-01" } });
    expect(screen.getByTestId("backup-create-ok")).toBeDisabled();
    fireEvent.change(screen.getByTestId("backup-create-expiry-date"), { target: { value: "2099-06-30" } });
    await user.selectOptions(screen.getByTestId("backup-create-compression"), "zstd");
    await user.click(screen.getByTestId("backup-create-instance-only"));
    await user.click(screen.getByTestId("backup-create-optimized-storage"));
    await user.click(screen.getByTestId("backup-create-ok"));
    await waitFor(() =>
      expect(callsOf(calls, "create_backup")).toEqual([
        {
          server: `lab/${box.id}`,
          options: {
            name: "weekly",
            // The end of the chosen day, local time.
            expiresAt: new Date(2099, 5, 30, 23, 59, 59).toISOString(),
            instanceOnly: true,
            optimizedStorage: true,
            compressionAlgorithm: "zstd",
          },
        },
      ]),
    );
  });

  it("counts an expiry span from the moment the backup is asked for", () => {
    const now = Date.parse("2026-12-03T12:00:00Z");
    expect(expiryAt("never", "", now)).toBeNull();
    expect(expiryAt("7d", "", now)).toBe("2026-12-10T12:00:00.000Z");
    expect(expiryAt("date", "", now)).toBeUndefined();
    expect(expiryAt("date", "next week", now)).toBeUndefined();
  });

  it("downloads an LXD backup to the path typed, through Rust, as a job", async () => {
    const { user, calls } = open([lab()], {
      download_backup: () => ({ job: job({ id: "j-dl", description: "Download backup b1", kind: "backupDownload", progress: 0 }), message: null, password: null }),
    });
    await user.click(await screen.findByTestId("backups-name-lab/box/b1"));
    await user.click(screen.getByTestId("backup-download"));
    expect(screen.getByTestId("backup-download-dialog-ok")).toBeDisabled();
    await user.type(screen.getByTestId("backup-download-dialog-input"), "/home/me/box-b1.tar.gz");
    await user.click(screen.getByTestId("backup-download-dialog-ok"));
    await waitFor(() => expect(callsOf(calls, "download_backup")).toEqual([{ backup: "lab/box/b1", path: "/home/me/box-b1.tar.gz" }]));
    expect(await screen.findByTestId("job-j-dl")).toBeInTheDocument();
  });

  it("saves a download where the native dialog chose, and takes only a full path", async () => {
    const { user, calls } = open([lab()], {
      choose_save_path: () => "/home/me/Downloads/box-b1.tar.gz",
      download_backup: () => ({ job: job({ id: "j-dl", description: "Download backup b1", kind: "backupDownload", progress: 0 }), message: null, password: null }),
    });
    await user.click(await screen.findByTestId("backups-name-lab/box/b1"));
    await user.click(screen.getByTestId("backup-download"));
    await user.type(screen.getByTestId("backup-download-dialog-input"), "box-b1.tar.gz");
    expect(screen.getByTestId("backup-download-dialog-ok")).toBeDisabled();
    await user.click(screen.getByTestId("save-path-choose"));
    await waitFor(() => expect(screen.getByTestId("backup-download-dialog-input")).toHaveValue("/home/me/Downloads/box-b1.tar.gz"));
    // Rust's dialog for backup archives, offering a name after the backup.
    expect(callsOf(calls, "choose_save_path")).toEqual([{ purpose: "backupArchive", suggestedName: "box-b1.tar.gz" }]);
    await user.click(screen.getByTestId("backup-download-dialog-ok"));
    await waitFor(() =>
      expect(callsOf(calls, "download_backup")).toEqual([{ backup: "lab/box/b1", path: "/home/me/Downloads/box-b1.tar.gz" }]),
    );
  });

  it("offers no download where the provider has none", async () => {
    const noDownload = lab();
    noDownload.capabilities.backups.download = false;
    const { user } = open([noDownload]);
    await user.click(await screen.findByTestId("backups-name-lab/box/b1"));
    expect(screen.getByTestId("backup-delete")).toBeInTheDocument();
    expect(screen.queryByTestId("backup-download")).toBeNull();
  });

  it("shows one account's failure on that account and an empty state with the first action", async () => {
    open([zy()], {
      backup_policies: () => {
        throw new CommandRejection({ code: "auth", message: "zy: token expired", details: {} });
      },
    });
    expect(await screen.findByTestId("schedules-failure-zy")).toHaveTextContent("zy: token expired");
    const empty = screen.getByTestId("schedules-empty");
    expect(within(empty).getByTestId("backups-schedule-create")).toBeInTheDocument();
  });
});

describe("the backups view in Portuguese", () => {
  it("shows its headers, statuses, dates and amounts in pt-BR", async () => {
    await i18n.changeLanguage("pt-BR");
    const { user } = open([zy(), lab()]);
    const row = await screen.findByTestId(`schedules-row-zy/${web.id}`);
    const table = screen.getByTestId("schedules-table");
    for (const header of ["Servidor", "Conta", "Provedor", "Agenda", "Retenção", "Último backup", "Próximo (est.)", "Mensal"])
      expect(within(table).getByRole("button", { name: header })).toBeInTheDocument();
    expect(row).toHaveTextContent("✓ ativo");
    expect(row).toHaveTextContent("diária");
    expect(row).toHaveTextContent("7 dias");
    expect(row).toHaveTextContent("há 6 horas");
    expect(row).toHaveTextContent("1,20 USD");
    // The estimated next backup, a local date and time as pt-BR writes it (`4 de dez. de 2026, 11:55`).
    const next = formatDateTime(Date.parse(lastBackup) + 86_400_000, "pt-BR");
    expect(next).toMatch(/ de \w+\.? de \d{4}/);
    expect(row).toHaveTextContent(next);
    expect(screen.getByTestId("schedules-count")).toHaveTextContent("1 agenda");
    expect(screen.getByTestId("backups-schedule-create")).toHaveTextContent("Nova agenda…");
    await user.click(screen.getByTestId("backups-tab-backups"));
    expect(screen.getByTestId("backups-tab-backups")).toHaveTextContent("Backups de servidor");
    const backups = await screen.findByTestId("backups-table");
    expect(within(backups).getByRole("button", { name: "Tamanho" })).toBeInTheDocument();
    const gone = within(backups).getByTestId("backups-row-lab/gone/b0");
    expect(gone).toHaveTextContent("gone (removido)");
    expect(gone).toHaveTextContent("✓ pronto");
    expect(gone).toHaveTextContent("2 GB");
  });
});

describe("the next backup", () => {
  const now = Date.parse("2026-12-03T12:00:00Z");
  it("is a day after the last for daily schedules, never in the past", () => {
    const p = { status: "active", frequency: "daily", weekdays: [], lastSuccessAt: "2026-11-30T04:00:00Z" };
    expect(new Date(nextBackupAt(p, now) ?? 0).toISOString()).toBe("2026-12-04T04:00:00.000Z");
  });
  it("is on the next listed weekday for weekly schedules", () => {
    // 2026-12-03 is a Thursday.
    const p = { status: "active", frequency: "weekly", weekdays: ["monday", "Sat"], lastSuccessAt: "2026-11-30T04:00:00Z" };
    expect(new Date(nextBackupAt(p, now) ?? 0).toISOString()).toBe("2026-12-05T04:00:00.000Z");
  });
  it("is unknown for an inactive schedule or one that never ran", () => {
    expect(nextBackupAt({ status: "inactive", frequency: "daily", weekdays: [], lastSuccessAt: "2026-11-30T04:00:00Z" }, now)).toBeNull();
    expect(nextBackupAt({ status: "active", frequency: "daily", weekdays: [], lastSuccessAt: null }, now)).toBeNull();
  });
});
