import { useCallback } from "react";
import { useTranslation } from "react-i18next";

import type { Server } from "../../bindings/Server";
import type { ServerStatus } from "../../bindings/ServerStatus";
import { statusLook } from "../storage/StatusBadge";

/** The catalogue key (namespace `servers`) of a status word. */
export const statusKey = (status: ServerStatus) => `status.${status}` as const;

/** A server's status word in the current language ("running", "em execução"). */
export function useStatusWord(): (status: ServerStatus) => string {
  const { t } = useTranslation("servers");
  // Stable while the language stays: memoised filters can depend on it.
  return useCallback((status: ServerStatus) => t(statusKey(status)), [t]);
}

/**
 * A server's status as symbol, colour and word (in the UI's language); the provider's own word
 * on hover. The look is the app's status badge's (../storage/StatusBadge.tsx).
 */
export function ServerStatusBadge({ server, testId }: { server: Server; testId?: string }) {
  return statusBadge(server, useStatusWord(), testId);
}

/** The badge without hooks, for the table's cells (hundreds of them mount while it scrolls). */
export function statusBadge(server: Server, word: (status: ServerStatus) => string, testId?: string) {
  const look = statusLook(server.status);
  return (
    <span
      className={`status-badge status-badge-${look.tone}`}
      title={server.rawStatus.text ?? undefined}
      data-testid={testId}
      data-status={server.status}
    >
      <span aria-hidden className="status-badge-icon">
        {look.icon}
      </span>{" "}
      {word(server.status)}
    </span>
  );
}
