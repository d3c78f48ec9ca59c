import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import type { Job } from "../bindings/Job";
import { onFleetEvent } from "../platform";
import { applyAccountState, refreshAccount } from "../features/servers/useFleetServers";
import { isFinal, jobLine, jobServerAddress } from "../features/jobs/JobsPanel";
import { i18n } from "../i18n";
import { isServersListing, keysChangedBy } from "./invalidation";
import type { ToastInput } from "./overlay";
import { queryKeys } from "./queryKeys";

/**
 * Keeps the query cache in step with what Rust pushes: a job's new state goes straight into the
 * jobs list, and when a job ends a toast says so (clicking it opens the server; the OS
 * notification is raised by Rust) and what it changed is refetched (./invalidation.ts). An
 * account refresh updates that account's state in the listings (no refetch: the refresh that
 * emitted it is already answering).
 */
export function useFleetEvents(toast: (t: ToastInput) => void, openServer: (address: string) => void): void {
  const client = useQueryClient();
  useEffect(() => {
    const onJob = (job: Job) => {
      const before = client.getQueryData<Job[]>(queryKeys.jobs)?.find((j) => j.id === job.id);
      client.setQueryData<Job[]>(queryKeys.jobs, (jobs = []) => upsertJob(jobs, job));
      if (isFinal(job) && before !== undefined && !isFinal(before)) {
        const address = jobServerAddress(job);
        // Worded like the OS notification Rust raises (the `shell` catalogue), in the UI's language.
        const ended = i18n.t("shell:job.notificationTitle", {
          job: jobLine(job),
          outcome: i18n.t(`shell:job.outcome.${job.status}`),
        });
        toast({
          message: job.error
            ? i18n.t("app:jobs.endedWithError", { account: job.account, ended, error: job.error.message })
            : i18n.t("app:jobs.ended", { account: job.account, ended }),
          tone: job.status === "succeeded" ? "ok" : "bad",
          ...(address !== null ? { onOpen: () => openServer(address) } : {}),
        });
      }
      if (isFinal(job)) {
        for (const key of keysChangedBy(job)) {
          // The account's listing is refreshed and merged into the all-accounts listing too.
          if (isServersListing(key, job.account)) refreshAccount(client, job.account).catch(() => undefined);
          else void client.invalidateQueries({ queryKey: key });
        }
      }
    };
    const subscription = onFleetEvent((event) => {
      switch (event.type) {
        case "job":
          onJob(event.job);
          break;
        case "accountRefreshed":
          applyAccountState(client, event.state);
          break;
        case "warning":
          toast({ message: event.message, tone: "bad" });
          break;
      }
    });
    return () => {
      void subscription.then((unsubscribe) => unsubscribe());
    };
  }, [client, toast, openServer]);
}

/** The jobs list with `job` replaced (same id) or put first (new). */
export function upsertJob(jobs: Job[], job: Job): Job[] {
  const i = jobs.findIndex((j) => j.id === job.id);
  if (i < 0) return [job, ...jobs];
  const next = jobs.slice();
  next[i] = job;
  return next;
}
