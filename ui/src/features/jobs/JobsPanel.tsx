import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import type { Job } from "../../bindings/Job";
import { ErrorNotice } from "../../app/ErrorNotice";
import { useToast } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useSelection } from "../../app/selection";
import { i18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { clearFinishedJobs, FleetdeckError, jobs as listJobs } from "../../platform";

const FINAL = new Set(["succeeded", "failed", "timedOut", "cancelled"]);
export const isFinal = (j: Job): boolean => FINAL.has(j.status);

/** The address of the server a job acts on, when it names one. */
export function jobServerAddress(j: Job): string | null {
  const id = j.serverId ?? null;
  return id === null ? null : `${j.account}/${id}`;
}

/**
 * What a job does, in the UI's language: its action and the name of what it acts on ("Stop: web-1");
 * a job of kind `other` says it with the description Rust gave it. The tray and the OS
 * notifications word it the same way (the `shell` catalogue).
 */
export function jobLine(job: Job): string {
  if (job.kind === "other") return job.description;
  const action = i18n.t(`shell:job.kind.${job.kind}`);
  const target = job.targetName ?? job.target;
  return target === null ? action : i18n.t("shell:job.line", { action, target });
}

/**
 * Running jobs first, then the finished ones (persisted by Rust, so they survive a restart); live
 * through job events on the fleet event channel. Clicking a job opens its server.
 */
export function JobsPanel() {
  const { t } = useTranslation("app");
  const client = useQueryClient();
  const jobs = useQuery({ queryKey: queryKeys.jobs, queryFn: listJobs });
  const { openServer, select } = useSelection();
  const all = jobs.data ?? [];
  const running = all.filter((j) => !isFinal(j));
  const finished = all.filter(isFinal);

  const open = (j: Job) => {
    const address = jobServerAddress(j);
    if (address === null) return;
    select(null);
    openServer(address);
  };
  const toast = useToast();
  const clear = useMutation({
    mutationFn: clearFinishedJobs,
    // Rust dropped the finished jobs from its log: the running ones are all that is left.
    onSuccess: () => client.setQueryData<Job[]>(queryKeys.jobs, (list = []) => list.filter((j) => !isFinal(j))),
    onError: (e) => toast({ message: t("jobs.clearFailed", { message: FleetdeckError.from(e).message }), tone: "bad" }),
  });

  return (
    <section className="jobs" aria-label={t("jobs.title")} data-testid="jobs-panel">
      <header className="jobs-header">
        <h2 className="section-label">{t("jobs.title")}</h2>
        <span>
          <span className="badge" data-testid="jobs-running-count">
            {t("jobs.running", { count: running.length })}
          </span>
          {finished.length > 0 && (
            <button type="button" className="link-button" onClick={() => clear.mutate()} disabled={clear.isPending} data-testid="jobs-clear">
              {t("jobs.clearFinished")}
            </button>
          )}
        </span>
      </header>
      {jobs.isError && <ErrorNotice error={jobs.error} />}
      {jobs.isSuccess && all.length === 0 && (
        <p className="muted" data-testid="jobs-empty">
          {t("jobs.empty")}
        </p>
      )}
      {all.length > 0 && (
        <ul className="job-list" data-testid="job-list">
          {[...running, ...finished].map((job) => (
            <JobRow key={job.id} job={job} open={open} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** A job: its line in the UI's language, the provider's own description on hover (it names the resource, a snapshot's label say). */
function JobRow({ job, open }: { job: Job; open: (j: Job) => void }) {
  const { t } = useTranslation("app");
  const { dateTime } = useFormat();
  const target = jobServerAddress(job);
  const line = jobLine(job);
  return (
    <li className={`job job-${job.status}`} data-testid={`job-${job.id}`} data-status={job.status}>
      <span className="job-account">{job.account}</span>
      {target !== null ? (
        <button
          type="button"
          className="link-button job-description"
          onClick={() => open(job)}
          title={job.description}
          data-testid={`job-open-${job.id}`}
        >
          {line}
        </button>
      ) : (
        <span className="job-description" title={job.description}>
          {line}
        </span>
      )}
      <span className="job-status">{t(`jobs.status.${job.status}`)}</span>
      {job.progress !== null && !isFinal(job) ? (
        <progress max={100} value={job.progress} aria-label={t("jobs.progress", { job: line })} />
      ) : !isFinal(job) ? (
        <progress aria-label={t("jobs.progress", { job: line })} />
      ) : (
        <span className="muted" data-testid={`job-finished-${job.id}`}>
          {dateTime(job.finishedAt)}
        </span>
      )}
      {(job.error?.message ?? job.message) && (
        <span className={`job-message${job.error ? " job-error" : " muted"}`}>{job.error?.message ?? job.message}</span>
      )}
    </li>
  );
}
