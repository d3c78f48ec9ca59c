// A status as colour AND a symbol AND words: never colour alone (docs/design-rules.md, accessibility).
import { useTranslation } from "react-i18next";

import "./storage.css";

/** How each normalised status looks: its symbol and its tone (the colour's meaning). */
const LOOK: Record<string, { icon: string; tone: "ok" | "busy" | "bad" | "muted" }> = {
  ready: { icon: "✓", tone: "ok" },
  active: { icon: "✓", tone: "ok" },
  pending: { icon: "◷", tone: "busy" },
  restoring: { icon: "◷", tone: "busy" },
  downloading: { icon: "◷", tone: "busy" },
  failed: { icon: "✕", tone: "bad" },
  error: { icon: "✕", tone: "bad" },
  inactive: { icon: "–", tone: "muted" },
  deleted: { icon: "–", tone: "muted" },
  gone: { icon: "–", tone: "muted" },
  // A server's normalised status (bindings/ServerStatus.ts).
  running: { icon: "✓", tone: "ok" },
  stopped: { icon: "■", tone: "muted" },
  provisioning: { icon: "◷", tone: "busy" },
  starting: { icon: "◷", tone: "busy" },
  stopping: { icon: "◷", tone: "busy" },
  rebooting: { icon: "◷", tone: "busy" },
  busy: { icon: "◷", tone: "busy" },
  deleting: { icon: "◷", tone: "busy" },
  // Not ⏸ (U+23F8): Debian's default fonts have no glyph for it, and a box would show.
  suspended: { icon: "⊘", tone: "bad" },
  unknown: { icon: "?", tone: "muted" },
};

export const statusLook = (status: string) => LOOK[status.toLowerCase()] ?? { icon: "?", tone: "muted" as const };

type KnownStatus = keyof typeof STATUS_KEYS;
const STATUS_KEYS = {
  ready: "status.ready",
  active: "status.active",
  pending: "status.pending",
  restoring: "status.restoring",
  downloading: "status.downloading",
  failed: "status.failed",
  error: "status.error",
  inactive: "status.inactive",
  deleted: "status.deleted",
  gone: "status.gone",
  running: "status.running",
  stopped: "status.stopped",
  provisioning: "status.provisioning",
  starting: "status.starting",
  stopping: "status.stopping",
  rebooting: "status.rebooting",
  busy: "status.busy",
  deleting: "status.deleting",
  suspended: "status.suspended",
  unknown: "status.unknown",
} as const;

/**
 * A normalised status (`ready`, `running`…) in the UI's language; any other word (a provider's
 * own) as it is.
 */
export function statusWord(status: string, t: (key: (typeof STATUS_KEYS)[KnownStatus]) => string): string {
  return Object.prototype.hasOwnProperty.call(STATUS_KEYS, status) ? t(STATUS_KEYS[status as KnownStatus]) : status;
}

/** `status` with its symbol and colour; `title` says what the provider itself said. */
export function StatusBadge({ status, title, testId }: { status: string; title?: string | null; testId?: string }) {
  const { t } = useTranslation("storage");
  const look = statusLook(status);
  return (
    <span className={`status-badge status-badge-${look.tone}`} title={title ?? undefined} data-testid={testId} data-status={status}>
      <span aria-hidden className="status-badge-icon">
        {look.icon}
      </span>{" "}
      {statusWord(status, t)}
    </span>
  );
}
