import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import type { Job } from "../bindings/Job";
import { onAccountRefreshed, onJob, onWarning, type Unsubscribe } from "../platform";
import { queryKeys } from "./queryKeys";

/**
 * Keeps the query cache in step with what Rust pushes: a job's new state goes straight into the
 * jobs list; an account refresh invalidates that account's servers (and the unified list).
 * `onWarningMessage` receives the warnings (shown as toasts by the frame).
 */
export function useFleetEvents(onWarningMessage: (message: string) => void): void {
  const client = useQueryClient();
  useEffect(() => {
    const subscriptions: Promise<Unsubscribe>[] = [
      onJob((job) => {
        client.setQueryData<Job[]>(queryKeys.jobs, (jobs = []) => upsertJob(jobs, job));
        if (job.finishedAt !== null) {
          void client.invalidateQueries({ queryKey: queryKeys.servers(job.account) });
        }
      }),
      onAccountRefreshed((state) => {
        void client.invalidateQueries({ queryKey: queryKeys.servers(state.account) });
        void client.invalidateQueries({ queryKey: queryKeys.servers() });
      }),
      onWarning(onWarningMessage),
    ];
    return () => {
      for (const s of subscriptions) void s.then((unsubscribe) => unsubscribe());
    };
  }, [client, onWarningMessage]);
}

/** The jobs list with `job` replaced (same id) or put first (new). */
export function upsertJob(jobs: Job[], job: Job): Job[] {
  const i = jobs.findIndex((j) => j.id === job.id);
  if (i < 0) return [job, ...jobs];
  const next = jobs.slice();
  next[i] = job;
  return next;
}
