// Fixtures of the storage views: snapshots, backups, schedules and uploaded images.
import type { Backup } from "../bindings/Backup";
import type { BackupPolicy } from "../bindings/BackupPolicy";
import type { Snapshot } from "../bindings/Snapshot";
import type { UploadedImage } from "../bindings/UploadedImage";

export function snapshot(account: string, id: string, name: string, overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    account,
    provider: "letscloud",
    id,
    name,
    serverId: null,
    status: "ready",
    rawStatus: { text: "ACTIVE", code: null, flags: {} },
    sizeGb: 8,
    createdAt: "2026-11-29T10:00:00Z",
    lastRestoredAt: null,
    regions: [],
    automated: false,
    extra: {},
    raw: { id, name },
    ...overrides,
  };
}

export function backup(account: string, id: string, name: string, overrides: Partial<Backup> = {}): Backup {
  return {
    account,
    provider: "vz",
    id,
    name,
    serverId: null,
    status: "ready",
    sizeGb: 2,
    createdAt: "2026-11-29T10:00:00Z",
    expiresAt: null,
    raw: { name },
    ...overrides,
  };
}

export function policy(account: string, serverId: string, overrides: Partial<BackupPolicy> = {}): BackupPolicy {
  return {
    account,
    provider: "cloudzy",
    serverId,
    status: "active",
    frequency: "daily",
    weekdays: [],
    // The IPC is JSON: the i64 arrives as a number whatever ts-rs says.
    retentionId: 7,
    maxFiles: null,
    monthlyPrice: { amount: "1.20", currency: "USD" },
    lastSuccessAt: "2026-11-30T04:00:00Z",
    backups: [],
    raw: { instanceId: serverId },
    ...overrides,
  };
}

export function upload(account: string, id: string, name: string, overrides: Partial<UploadedImage> = {}): UploadedImage {
  return {
    account,
    provider: "cloudzy",
    kind: "iso",
    id,
    name,
    status: "ready",
    rawStatus: { text: "READY", code: null, flags: {} },
    region: "UK-London",
    sourceUrl: "https://example.test/a.iso",
    sizeGb: 0.8,
    format: null,
    createdAt: "2026-11-20T10:00:00Z",
    raw: { id, name },
    ...overrides,
  };
}

/** A listing answer with `items` and no failure. */
export const listing = <T,>(items: T[]) => ({ items, failures: [] });
