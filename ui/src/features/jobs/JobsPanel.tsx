import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { Job } from "../../bindings/Job";
import { ErrorNotice } from "../../app/ErrorNotice";
import { useToast } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useSelection } from "../../app/selection";
import { clearFinishedJobs, FleetdeckError, jobs as listJobs } from "../../platform";

const FINAL = new Set(["succeeded", "failed", "timedOut", "cancelled"]);
export const isFinal = (j: Job): boolean => FINAL.has(j.status);

/** The address of the server a job acts on, when it names one. */
export function jobServerAddress(j: Job): string | null {
  const id = j.serverId ?? null;
  return id === null ? null : `${j.account}/${id}`;
}

/**
 * Running jobs first, then the finished ones (persisted by Rust, so they survive a restart); live
 * through job events on the fleet event channel. Clicking a job opens its server.
 */
export function JobsPanel() {
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
    onError: (e) => toast({ message: `Clearing the finished jobs failed: ${FleetdeckError.from(e).message}`, tone: "bad" }),
  });

  return (
    <section className="jobs" aria-label="Jobs" data-testid="jobs-panel">
      <header className="jobs-header">
        <h2 className="section-label">Jobs</h2>
        <span>
          <span className="badge" data-testid="jobs-running-count">
            {running.length} running
          </span>
          {finished.length > 0 && (
            <button type="button" className="link-button" onClick={() => clear.mutate()} disabled={clear.isPending} data-testid="jobs-clear">
              Clear finished
            </button>
          )}
        </span>
      </header>
      {jobs.isError && <ErrorNotice error={jobs.error} />}
      {jobs.isSuccess && all.length === 0 && (
        <p className="muted" data-testid="jobs-empty">
          No jobs. Long actions (create, snapshot, reinstall…) show their progress here.
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

function JobRow({ job, open }: { job: Job; open: (j: Job) => void }) {
  const target = jobServerAddress(job);
  return (
    <li className={`job job-${job.status}`} data-testid={`job-${job.id}`} data-status={job.status}>
      <span className="job-account">{job.account}</span>
      {target !== null ? (
        <button type="button" className="link-button job-description" onClick={() => open(job)} data-testid={`job-open-${job.id}`}>
          {job.description}
        </button>
      ) : (
        <span className="job-description">{job.description}</span>
      )}
      <span className="job-status">{job.status}</span>
      {job.progress !== null && !isFinal(job) ? (
        <progress max={100} value={job.progress} aria-label={`${job.description} progress`} />
      ) : !isFinal(job) ? (
        <progress aria-label={`${job.description} progress`} />
      ) : (
        <span className="muted">{job.finishedAt?.slice(11, 19)}</span>
      )}
      {(job.error?.message ?? job.message) && (
        <span className={`job-message${job.error ? " job-error" : " muted"}`}>{job.error?.message ?? job.message}</span>
      )}
    </li>
  );
}
