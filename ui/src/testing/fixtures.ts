// Values of the bindings' types for UI tests.
import type { AccountView } from "../bindings/AccountView";
import type { Capabilities } from "../bindings/Capabilities";
import type { Job } from "../bindings/Job";
import type { KeyringStatus } from "../bindings/KeyringStatus";
import type { ProviderKind } from "../bindings/ProviderKind";

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
    // The frame reads no capability; feature tests build the ones they need.
    capabilities: { provider } as Capabilities,
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
