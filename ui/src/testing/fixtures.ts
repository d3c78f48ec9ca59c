// Values of the bindings' types for UI tests.
import type { AccountState } from "../bindings/AccountState";
import type { AccountView } from "../bindings/AccountView";
import type { Capabilities } from "../bindings/Capabilities";
import type { Job } from "../bindings/Job";
import type { KeyringStatus } from "../bindings/KeyringStatus";
import type { ProviderKind } from "../bindings/ProviderKind";
import type { Server } from "../bindings/Server";

export function accountView(name: string, provider: ProviderKind = "letscloud", color: string | null = null): AccountView {
  return {
    account: {
      id: `id-${name}`,
      name,
      provider,
      endpoint: null,
      username: null,
      color,
      lxd: null,
      sandbox: false,
      createdAt: "2026-11-30T00:00:00Z",
    },
    // Nothing but listing: feature tests switch on what they exercise.
    capabilities: noCapabilities(provider),
    endpoint: "https://api.example.test",
  };
}

export const keyringAvailable: KeyringStatus = { available: true, backend: "Secret Service", message: null };

export function job(overrides: Partial<Job> = {}): Job {
  return {
    id: "job-1",
    accountId: "id-main",
    account: "main",
    provider: "letscloud",
    kind: "createServer",
    description: "Create web-1",
    target: null,
    targetName: "web-1",
    serverId: null,
    tracking: { type: "done" },
    status: "running",
    progress: 40,
    message: null,
    startedAt: "2026-11-30T00:00:00Z",
    updatedAt: "2026-11-30T00:00:10Z",
    finishedAt: null,
    deadline: "2026-11-30T00:30:00Z",
    error: null,
    ...overrides,
  };
}

/** An account's refresh state: fresh, with no error, unless overridden. */
export function accountState(account: string, overrides: Partial<AccountState> = {}): AccountState {
  return {
    accountId: `id-${account}`,
    account,
    provider: "letscloud",
    fetchedAt: "2026-11-30T00:00:00Z",
    stale: false,
    error: null,
    serverCount: 0,
    rate: null,
    ...overrides,
  };
}

/** Every capability off: tests switch on what they exercise. */
export function noCapabilities(provider: ProviderKind = "letscloud"): Capabilities {
  const upload = { list: false, get: false, download: false, delete: false };
  return {
    provider,
    dialect: provider,
    servers: {
      list: true,
      detail: true,
      create: false,
      delete: false,
      start: false,
      stop: false,
      shutdown: false,
      reboot: false,
      freeze: false,
      resetPassword: "none",
      reinstall: false,
      resize: false,
      addTraffic: false,
      rename: false,
      updateConfig: false,
    },
    create: {
      regions: false,
      plans: false,
      images: false,
      applications: false,
      customSize: false,
      maxServersPerRequest: 1,
      sshKeys: "none",
      password: false,
      ipv6Choice: false,
      floatingIps: false,
      billingCycles: [],
      userData: false,
      fromIso: false,
      sources: [],
    },
    snapshots: { list: false, detail: false, create: false, named: false, rename: false, delete: false, restore: false, createServerFrom: false, outliveServer: false },
    backups: { list: false, create: false, delete: false, policies: false, download: false },
    sshKeys: { list: false, get: false, create: false, generate: false, rename: false, delete: false },
    floatingIps: { list: false, allocate: false, update: false, release: false, maxPerRequest: 0 },
    isos: upload,
    customImages: upload,
    tags: { list: false, create: false, update: false, delete: false },
    billing: { profile: false, balance: false, invoices: false, transactions: false },
    usage: { traffic: false, live: false },
    events: { list: false, get: false },
    limits: { listConcurrency: 1 },
  };
}

/** A full-featured provider's capabilities (for tests that want every action). */
export function allCapabilities(provider: ProviderKind = "letscloud"): Capabilities {
  const c = noCapabilities(provider);
  c.servers = {
    ...c.servers,
    create: true,
    delete: true,
    start: true,
    stop: true,
    shutdown: true,
    reboot: true,
    resetPassword: "generated",
    reinstall: true,
    resize: true,
    addTraffic: true,
    rename: true,
  };
  return c;
}

/**
 * A vz server's capabilities as Rust reports them (`provider-lxd` `capabilities_for(Vz)`): no
 * catalog (no image list, regions or plans), one container per order, LXD source types.
 */
export function vzCapabilities(): Capabilities {
  const c = noCapabilities("vz");
  c.dialect = "vz (seed API)";
  c.servers = { ...c.servers, create: true, delete: true, start: true, stop: true, shutdown: true, reboot: true, freeze: true, updateConfig: true };
  c.create = { ...c.create, maxServersPerRequest: 1, sources: ["image", "copy", "migration", "none"] };
  return c;
}

/** A real LXD server's capabilities: as vz, plus an image catalog. */
export function lxdCapabilities(): Capabilities {
  const c = vzCapabilities();
  c.dialect = "LXD";
  c.create = { ...c.create, images: true };
  return c;
}

let serial = 0;
/** A server of `account`, running, with one IPv4 address. */
export function server(account: string, name: string, overrides: Partial<Server> = {}): Server {
  serial += 1;
  return {
    account,
    provider: "letscloud",
    id: String(serial),
    name,
    hostname: null,
    status: "running",
    rawStatus: { text: "active", code: null, flags: {} },
    ipv4: [`10.0.0.${serial % 250}`],
    ipv6: [],
    region: "MIA1",
    plan: "small",
    image: "ubuntu-24.04",
    vcpus: 1,
    memoryMb: 1024,
    diskGb: 25,
    bandwidthGb: null,
    createdAt: "2026-01-01T00:00:00Z",
    tags: [],
    activeJobs: [],
    usage: null,
    extra: {},
    raw: { id: serial, label: name },
    ...overrides,
  };
}

/** `n` varied servers over 8 accounts and the 4 providers (deterministic), for scale tests. */
export function fleetOf(n: number): Server[] {
  const providers: ProviderKind[] = ["letscloud", "cloudero", "cloudzy", "vz"];
  const statuses = ["running", "stopped", "provisioning", "error"] as const;
  const regions = ["MIA1", "NYC1", "ist2", "UK-London", "fra1", "sgp1"];
  return Array.from({ length: n }, (_, i) => {
    const account = `acct-${i % 8}`;
    return server(account, `node-${(i * 7919) % n}`, {
      id: String(i),
      provider: providers[i % 4] ?? "letscloud",
      status: statuses[i % 4] ?? "running",
      region: regions[i % regions.length] ?? null,
      plan: `plan-${i % 12}`,
      image: i % 3 === 0 ? "debian-12" : "ubuntu-24.04",
      ipv4: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
      ipv6: i % 2 === 0 ? [`2001:db8::${i.toString(16)}`] : [],
      tags: i % 5 === 0 ? ["prod", "web"] : ["test"],
      createdAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
    });
  });
}
