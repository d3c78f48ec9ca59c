// The create-backup dialog's choices turned into the options LXD's backup creation takes
// (core BackupOptions, provider-lxd `backup_body`).
import type { BackupOptions } from "../../bindings/BackupOptions";

/** When the host deletes the backup by itself: never, a span from now, or the end of a chosen day. */
export type ExpiryChoice = "never" | "1d" | "7d" | "30d" | "date";

/** The choices with their label's key in the `storage` namespace (translated when shown). */
export const EXPIRY_CHOICES = [
  { value: "never", label: "backups.expiry.never" },
  { value: "1d", label: "backups.expiry.1d" },
  { value: "7d", label: "backups.expiry.7d" },
  { value: "30d", label: "backups.expiry.30d" },
  { value: "date", label: "backups.expiry.date" },
] as const satisfies readonly { value: ExpiryChoice; label: `backups.expiry.${string}` }[];

/**
 * Compression choices; `""` is the host's default (LXD `backups.compression_algorithm`). `label`
 * is the key of a label in the `storage` namespace; without one the algorithm's own name is shown.
 */
export const COMPRESSIONS: readonly { value: string; label?: "backups.compression.hostDefault" | "backups.compression.none" }[] = [
  { value: "", label: "backups.compression.hostDefault" },
  { value: "gzip" },
  { value: "zstd" },
  { value: "xz" },
  { value: "bzip2" },
  { value: "none", label: "backups.compression.none" },
];

const DAY_MS = 86_400_000;

/**
 * The expiry as an ISO time, `null` for never; `undefined` when the choice is incomplete or not
 * ahead of `now` (a date of today or before: the host would delete the backup at once).
 * A chosen date expires at the end of that day, local time.
 */
export function expiryAt(choice: ExpiryChoice, date: string, now: number): string | null | undefined {
  switch (choice) {
    case "never":
      return null;
    case "1d":
      return new Date(now + DAY_MS).toISOString();
    case "7d":
      return new Date(now + 7 * DAY_MS).toISOString();
    case "30d":
      return new Date(now + 30 * DAY_MS).toISOString();
    case "date": {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
      if (!m) return undefined;
      const end = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59).getTime();
      return Number.isNaN(end) || end <= now ? undefined : new Date(end).toISOString();
    }
  }
}

/** The request's options from the dialog's fields (a blank name: the host's dated name). */
export function backupOptions(fields: {
  name: string;
  expiresAt: string | null;
  instanceOnly: boolean;
  optimizedStorage: boolean;
  compression: string;
}): BackupOptions {
  return {
    name: fields.name.trim() === "" ? null : fields.name.trim(),
    expiresAt: fields.expiresAt,
    instanceOnly: fields.instanceOnly,
    optimizedStorage: fields.optimizedStorage,
    compressionAlgorithm: fields.compression === "" ? null : fields.compression,
  };
}
