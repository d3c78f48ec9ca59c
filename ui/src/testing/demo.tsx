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
// The money views: keys, floating IPs, billing and plans on the two catalog providers.
for (const v of [main, lab]) {
  v.capabilities.sshKeys = { list: true, get: true, create: true, generate: false, rename: v === lab, delete: true };
  v.capabilities.create = { ...v.capabilities.create, regions: true, plans: true };
  v.capabilities.billing = { profile: true, balance: true, invoices: v === lab, transactions: v === lab };
}
lab.capabilities.floatingIps = { list: true, allocate: true, update: true, release: true, maxPerRequest: 5 };
const demoKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDemoDemoDemoDemoDemoDemoDemoDemoDemoDemo me@laptop";
const offer = (account: string, provider: "letscloud" | "cloudzy", planId: string, vcpus: number, ramGb: number, disk: number, price: string, perVcpu: string) => ({
  account,
  provider,
  planId,
  name: planId,
  kind: "fixed" as const,
  regions: [provider === "cloudzy" ? "NL-Amsterdam" : "fra1"],
  vcpus,
  memoryMb: ramGb * 1024,
  diskGb: disk,
  bandwidthGb: 1000,
  available: true,
  monthlyEstimate: { amount: { amount: price, currency: "USD" }, basis: "monthly" as const },
  pricePerVcpu: perVcpu,
  pricePerGbRam: perVcpu,
  pricePerGbDisk: "0.2000",
  pricePerTbTraffic: price,
});

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
  server_raw: (args) => fleet.servers.find((s) => `${s.account}/${s.id}` === args.server)?.raw ?? null,
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
  choose_save_path: (args) => (args.purpose === "privateKey" ? "/home/demo/.ssh/id_ed25519_fleetdeck" : "/home/demo/Downloads/backup.tar.gz"),
  read_public_key_file: () => demoKey,
  set_tray_views: () => null,
  plan_comparison: (args) =>
    listing(
      [
        offer("main", "letscloud", "s-1vcpu-1gb", 1, 1, 25, "5.00", "5.0000"),
        offer("main", "letscloud", "s-4vcpu-8gb", 4, 8, 160, "40.00", "10.0000"),
        offer("lab", "cloudzy", "zy-2-4", 2, 4, 80, "19.00", "9.5000"),
      ].filter((p) => (args.accounts as string[]).includes(p.account)),
    ),
  ssh_keys: (args) =>
    listing((args.accounts as string[]).map((a) => ({ account: a, provider: a === "lab" ? ("cloudzy" as const) : ("letscloud" as const), id: `${a}-k1`, name: "laptop", publicKey: demoKey, fingerprint: "SHA256:2b1Xl0demo", raw: {} }))),
  floating_ips: () =>
    listing([
      { account: "lab", provider: "cloudzy", id: "ip1", address: "203.0.113.7", region: "NL-Amsterdam", serverId: servers[1]?.id ?? null, autoRenew: true, note: "web", expiresAt: null, raw: {} },
      { account: "lab", provider: "cloudzy", id: "ip2", address: "203.0.113.8", region: "NL-Amsterdam", serverId: null, autoRenew: false, note: null, expiresAt: null, raw: {} },
    ]),
  regions: () => [{ id: "NL-Amsterdam", name: "Amsterdam", country: null, available: true, raw: {} }],
  tags: () => listing([]),
  local_tags: (args) => ((args.accounts as string[]).includes("main") ? [{ account: "main", serverId: servers[0]?.id ?? "1", tags: ["team-a"] }] : []),
  balances: () => ({
    items: [
      { account: "main", provider: "letscloud", balance: { amount: "25.50", currency: "USD" } },
      { account: "lab", provider: "cloudzy", balance: { amount: "112.00", currency: "USD" } },
    ],
    totals: [{ currency: "USD", amount: "137.50", count: 2 }],
    failures: [],
  }),
  cost_estimate: () => ({
    servers: [],
    accounts: [{ account: "lab", provider: "cloudzy", monthlyEstimate: [{ currency: "USD", amount: "57.00", count: 3 }], serversPriced: 3, serversUnknown: 130 }],
    monthlyEstimateTotals: [{ currency: "USD", amount: "57.00", count: 3 }],
    failures: [],
  }),
  invoices: () =>
    listing([{ account: "lab", provider: "cloudzy", id: "7", number: "INV-7", amount: { amount: "19.00", currency: "USD" }, status: "paid", issuedAt: "2026-11-02T10:00:00Z", dueAt: null, paidAt: "2026-11-03T10:00:00Z", hasDocument: true, raw: {} }]),
  transactions: () => listing([]),
  open_invoice: () => null,
  download_invoice: (args) => `/home/demo/Downloads/invoice-${String(args.account)}-${String(args.invoiceId)}.pdf`,
});

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
