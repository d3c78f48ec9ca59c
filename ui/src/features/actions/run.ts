import type { QueryClient } from "@tanstack/react-query";

import type { ActionResult } from "../../bindings/ActionResult";
import type { Job } from "../../bindings/Job";
import type { Server } from "../../bindings/Server";
import type { ServerAction } from "../../bindings/ServerAction";
import { deleteServer, FleetdeckError, serverAction } from "../../platform";
import { queryKeys } from "../../app/queryKeys";
import { upsertJob } from "../../app/useFleetEvents";
import { addressOf } from "../servers/model";

/** Record a job an action answered, so the jobs panel shows it before its first event. */
export function recordJob(client: QueryClient, job: Job | null): void {
  if (job !== null) client.setQueryData<Job[]>(queryKeys.jobs, (jobs = []) => upsertJob(jobs, job));
}

/** Run one action (`null`: delete) on a server; its job goes to the jobs panel. */
export async function runAction(client: QueryClient, server: Server, action: ServerAction | null): Promise<ActionResult> {
  const address = addressOf(server);
  const result = action === null ? await deleteServer(address) : await serverAction(address, action);
  recordJob(client, result.job);
  return result;
}

/** The outcome of an action over several servers. */
export interface BulkOutcome {
  done: Server[];
  failed: { server: Server; error: FleetdeckError }[];
}

/** Run `action` on every server, a few at a time; one failure does not stop the others. */
export async function runBulk(client: QueryClient, servers: Server[], action: ServerAction): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { done: [], failed: [] };
  const queue = servers.slice();
  const worker = async () => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      try {
        await runAction(client, s, action);
        outcome.done.push(s);
      } catch (e) {
        outcome.failed.push({ server: s, error: FleetdeckError.from(e) });
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return outcome;
}
