// A demo of the whole UI in a plain browser with mocked IPC and fixture data, for looking at the
// screens without the Tauri app (screenshots, layout work). Not part of the app bundle: served
// only through a throwaway HTML entry, e.g. `<script type="module" src="/src/testing/demo.tsx">`.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import type { FleetServers } from "../bindings/FleetServers";
import { App } from "../app/App";
import "../app/theme.css";
import { accountState, accountView, allCapabilities, fleetOf, job, keyringAvailable } from "./fixtures";
import { mockCommands } from "./ipc";
import { listing, policy, snapshot, upload } from "./storage";

const main = accountView("main", "letscloud", "#d64545");
main.capabilities = allCapabilities("letscloud");
main.capabilities.snapshots = { ...main.capabilities.snapshots, list: true, create: true, named: true, delete: true, restore: true };
const lab = accountView("lab", "cloudzy", "#2f9e5b");
lab.capabilities = allCapabilities("cloudzy");
lab.capabilities.snapshots = { ...lab.capabilities.snapshots, list: true, create: true, restore: true, delete: true, createServerFrom: true };
lab.capabilities.backups = { ...lab.capabilities.backups, policies: true };
lab.capabilities.isos = { list: true, download: true, get: true, delete: true };
lab.capabilities.customImages = { list: true, download: true, get: true, delete: true };
const edge = accountView("edge", "vz", "#d08a1d");

const servers = fleetOf(400).map((s, i) => ({ ...s, account: ["main", "lab", "edge"][i % 3] ?? "main" }));
const fleet: FleetServers = {
  servers,
  accounts: [
    accountState("main", { fetchedAt: new Date(Date.now() - 120_000).toISOString(), serverCount: 134 }),
    accountState("lab", { provider: "cloudzy", fetchedAt: new Date(Date.now() - 30_000).toISOString(), serverCount: 133 }),
    accountState("edge", {
      provider: "vz",
      stale: true,
      fetchedAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
      serverCount: 133,
      error: { code: "network", message: "edge: connection refused (https://10.0.0.5:8443)", details: {} },
    }),
  ],
};

mockCommands({
  keyring_status: () => keyringAvailable,
  startup_warnings: () => [],
  app_info: () => ({ version: "0.1.0", commit: "ff69cae", buildDate: "2026-12-03", dataDir: "/tmp/demo", keyringService: "demo" }),
  list_accounts: () => [main, lab, edge],
  cached_servers: () => fleet,
  refresh_servers: () => fleet,
  jobs: () => [
    job({ id: "a", description: "Create web-7", progress: 40, account: "lab" }),
    job({ id: "b", description: "Snapshot db-1", status: "succeeded", progress: 100, finishedAt: new Date().toISOString() }),
  ],
  // The storage views: a few snapshots (one of a deleted server), the lab's schedule, ISOs, images.
  snapshots: (args) =>
    (args.accounts as string[])[0] === "edge"
      ? { items: [], failures: [{ account: "edge", error: { code: "network", message: "edge: connection refused", details: {} } }] }
      : listing(
          (args.accounts as string[]).flatMap((a) => [
            snapshot(a, `${a}-s1`, `${a}-web-nightly`, { serverId: servers.find((s) => s.account === a)?.id ?? null }),
            snapshot(a, `${a}-s2`, `${a}-old-db-final`, { serverId: "gone-1", sizeGb: 40, status: "pending" }),
          ]),
        ),
  backup_policies: () => listing([policy("lab", servers.find((s) => s.account === "lab")?.id ?? "1")]),
  backups: () => listing([]),
  uploads: (args) =>
    listing(args.kind === "iso" ? [upload("lab", "iso-1", "SystemRescue 11.02")] : [upload("lab", "img-1", "Debian golden", { kind: "diskImage", format: "qcow2", sizeGb: 2 })]),
  parked_servers: () => [],
  usage: () => [],
  check_for_update: () => null,
});

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
