import type { Server } from "../../bindings/Server";
import { StatusBadge } from "../storage/StatusBadge";

/** A server's status as symbol, colour and word; the provider's own word on hover. */
export function ServerStatusBadge({ server, testId }: { server: Server; testId?: string }) {
  return (
    <StatusBadge
      status={server.status}
      title={server.rawStatus.text}
      {...(testId ? { testId } : {})}
    />
  );
}
