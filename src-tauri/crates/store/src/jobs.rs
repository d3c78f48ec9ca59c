//! Persisted jobs (`jobs.json`), so tracking resumes after a restart and the jobs panel keeps a
//! short history. Running jobs are always kept; of the finished ones, the most recent
//! [`KEEP_FINISHED`].

use serde::{Deserialize, Serialize};

use fleetdeck_core::job::Job;
use fleetdeck_core::{Error, Result};

use std::sync::Arc;

use crate::files::{load_json_or_set_aside, write_atomic, DirLock};
use crate::notices::Notices;
use crate::paths::DataDir;

/// Finished jobs kept in the history.
pub const KEEP_FINISHED: usize = 200;

#[derive(Serialize, Deserialize, Default)]
struct JobsFile {
    jobs: Vec<Job>,
}

/// The job log file.
#[derive(Debug, Clone)]
pub struct JobLog {
    dir: DataDir,
    notices: Arc<Notices>,
}

impl JobLog {
    pub fn new(dir: DataDir) -> Self {
        Self::with_notices(dir, Arc::default())
    }

    /// A job log that reports a corrupt file to `notices`.
    pub fn with_notices(dir: DataDir, notices: Arc<Notices>) -> Self {
        JobLog { dir, notices }
    }

    /// All jobs, newest first. An unreadable file is moved aside as `jobs.json.corrupt-<time>`
    /// (so the next write cannot overwrite it), a notice says where, and the log reads as empty.
    /// A file that cannot be read at all (permissions) is an error: it is never replaced.
    pub fn load(&self) -> Result<Vec<Job>> {
        let path = self.dir.jobs_file();
        Ok(
            load_json_or_set_aside::<JobsFile>(&path, &self.notices, "The job log", "a new one was started")?
                .map(|f| f.jobs)
                .unwrap_or_default(),
        )
    }

    /// Insert or replace a job (by id), trimming the finished history.
    pub fn upsert(&self, job: &Job) -> Result<()> {
        let _lock = DirLock::acquire(&self.dir.lock_file())?;
        let mut jobs = self.load()?;
        match jobs.iter_mut().find(|j| j.id == job.id) {
            Some(slot) => *slot = job.clone(),
            None => jobs.insert(0, job.clone()),
        }
        jobs.sort_by_key(|j| std::cmp::Reverse(j.started_at));
        let mut finished = 0;
        jobs.retain(|j| {
            if j.status.is_final() {
                finished += 1;
                finished <= KEEP_FINISHED
            } else {
                true
            }
        });
        let bytes = serde_json::to_vec(&JobsFile { jobs }).map_err(|e| Error::internal(e.to_string()))?;
        write_atomic(&self.dir.jobs_file(), &bytes)
    }

    /// Remove the finished jobs (the user cleared the history).
    pub fn clear_finished(&self) -> Result<()> {
        let _lock = DirLock::acquire(&self.dir.lock_file())?;
        let mut jobs = self.load()?;
        jobs.retain(|j| !j.status.is_final());
        let bytes = serde_json::to_vec(&JobsFile { jobs }).map_err(|e| Error::internal(e.to_string()))?;
        write_atomic(&self.dir.jobs_file(), &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fleetdeck_core::job::{JobKind, JobSpec, JobStatus, Tracking};
    use fleetdeck_core::ProviderKind;

    fn job(i: i64, status: JobStatus) -> Job {
        let mut j = Job::from_spec(
            JobSpec {
                kind: JobKind::Start,
                target: Some(i.to_string()),
                target_name: None,
                server_id: None,
                tracking: Tracking::Event { id: i.to_string() },
                timeout_secs: 60,
                description: format!("job {i}"),
            },
            "acc",
            "work",
            ProviderKind::Cloudero,
            chrono::Utc::now() + chrono::Duration::seconds(i),
        );
        j.status = status;
        j
    }

    #[test]
    fn upsert_replaces_and_orders_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let log = JobLog::new(DataDir::new(dir.path()));
        let mut a = job(1, JobStatus::Running);
        log.upsert(&a).unwrap();
        log.upsert(&job(2, JobStatus::Running)).unwrap();
        a.status = JobStatus::Succeeded;
        log.upsert(&a).unwrap();
        let jobs = log.load().unwrap();
        assert_eq!(jobs.len(), 2);
        assert_eq!(jobs[0].description, "job 2");
        assert_eq!(jobs[1].status, JobStatus::Succeeded);
        log.clear_finished().unwrap();
        assert_eq!(log.load().unwrap().len(), 1);
    }

    #[test]
    fn a_corrupt_log_is_moved_aside_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        std::fs::write(data.jobs_file(), b"{\"jobs\": [trunc").unwrap();
        let notices = Arc::new(Notices::default());
        let log = JobLog::with_notices(data.clone(), notices.clone());
        log.upsert(&job(1, JobStatus::Running)).unwrap();
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with("jobs.json.corrupt-"))
            .collect();
        assert_eq!(aside.len(), 1, "the unreadable log was not kept");
        assert_eq!(std::fs::read(aside[0].path()).unwrap(), b"{\"jobs\": [trunc");
        assert_eq!(log.load().unwrap().len(), 1);
        let all = notices.all();
        assert_eq!(all.len(), 1);
        assert!(
            all[0].contains(&aside[0].path().display().to_string()),
            "{}",
            all[0]
        );
    }

    #[test]
    fn history_is_trimmed_but_running_jobs_stay() {
        let dir = tempfile::tempdir().unwrap();
        let log = JobLog::new(DataDir::new(dir.path()));
        log.upsert(&job(-1, JobStatus::Running)).unwrap();
        for i in 0..(KEEP_FINISHED as i64 + 5) {
            log.upsert(&job(i, JobStatus::Failed)).unwrap();
        }
        let jobs = log.load().unwrap();
        assert_eq!(jobs.len(), KEEP_FINISHED + 1);
        assert!(jobs.iter().any(|j| j.status == JobStatus::Running));
    }
}
