import { useQuery } from "@tanstack/react-query";

import type { Job } from "../bindings/Job";
import { jobs as listJobs } from "../platform";
import { ErrorNotice } from "./ErrorNotice";
import { queryKeys } from "./queryKeys";

/** Running jobs first, then the finished ones; live through `fleet://job` events. */
export function JobsPanel() {
  const jobs = useQuery({ queryKey: queryKeys.jobs, queryFn: listJobs });
  const running = jobs.data?.filter((j) => j.finishedAt === null) ?? [];

  return (
    <section className="jobs" aria-label="Jobs" data-testid="jobs-panel">
      <header className="jobs-header">
        <h2 className="section-label">Jobs</h2>
        <span className="badge" data-testid="jobs-running-count">
          {running.length} running
        </span>
      </header>
      {jobs.isError && <ErrorNotice error={jobs.error} />}
      {jobs.isSuccess && jobs.data.length === 0 && (
        <p className="muted" data-testid="jobs-empty">
          No jobs. Long actions (create, snapshot, reinstall…) show their progress here.
        </p>
      )}
      {jobs.isSuccess && jobs.data.length > 0 && (
        <ul className="job-list" data-testid="job-list">
          {jobs.data.map((job) => (
            <JobRow key={job.id} job={job} />
          ))}
        </ul>
      )}
    </section>
  );
}

function JobRow({ job }: { job: Job }) {
  return (
    <li className={`job job-${job.status}`} data-testid={`job-${job.id}`}>
      <span className="job-account">{job.account}</span>
      <span className="job-description">{job.description}</span>
      <span className="job-status">{job.status}</span>
      {job.progress !== null && (
        <progress max={100} value={job.progress} aria-label={`${job.description} progress`} />
      )}
      {job.message !== null && <span className="job-message muted">{job.message}</span>}
    </li>
  );
}
