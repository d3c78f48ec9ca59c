//! Jobs: every long action is persisted, followed in the background with the provider's own
//! mechanism (core `follow`), pushed to the host on every change, and resumed after a restart.
//! When a job ends, its account's servers are refreshed so the new state shows without a click.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::watch;

use fleetdeck_core::job::{follow, Job, JobSpec};
use fleetdeck_core::{Account, Error, Result};

use crate::events::FleetEvent;
use crate::Fleet;

/// The jobs this process is following, each with a channel carrying its latest state, and the
/// cancel switches of the jobs this process runs itself (parking, see `park.rs`).
#[derive(Default)]
pub(crate) struct JobBoard {
    pub(crate) following: Mutex<HashMap<String, watch::Receiver<Job>>>,
    pub(crate) cancels: Mutex<HashMap<String, std::sync::Arc<CancelSwitch>>>,
}

/// A request to stop a job that this process runs step by step, honoured only up to the step that
/// cannot be undone: [`CancelSwitch::commit`] and [`CancelSwitch::request`] take the same lock, so
/// either the cancel arrives first and the step never starts, or the step started and the cancel
/// is refused.
pub(crate) struct CancelSwitch {
    requested: watch::Sender<bool>,
    committed: Mutex<bool>,
}

impl CancelSwitch {
    pub(crate) fn new() -> Self {
        CancelSwitch {
            requested: watch::Sender::new(false),
            committed: Mutex::new(false),
        }
    }

    /// Ask for the job to stop; an error once it passed the point of no return.
    fn request(&self) -> Result<()> {
        let committed = self.committed.lock().unwrap_or_else(|p| p.into_inner());
        if *committed {
            return Err(Error::invalid_input(
                "the job is past its last step that can be cancelled (the server is being deleted)",
            ));
        }
        self.requested.send_replace(true);
        Ok(())
    }

    /// Whether a cancel was asked for.
    pub(crate) fn is_requested(&self) -> bool {
        *self.requested.borrow()
    }

    /// Pass the point of no return: `false` (and nothing committed) when a cancel came first.
    pub(crate) fn commit(&self) -> bool {
        let mut committed = self.committed.lock().unwrap_or_else(|p| p.into_inner());
        if *self.requested.borrow() {
            return false;
        }
        *committed = true;
        true
    }

    /// Resolves when a cancel is asked for (never, if none is).
    pub(crate) async fn cancelled(&self) {
        let mut rx = self.requested.subscribe();
        // An error means the sender is gone, which it never is while `self` lives.
        let _ = rx.wait_for(|r| *r).await;
    }
}

/// Jobs the fleet runs itself, step by step, rather than following a provider's: no provider
/// tracker can follow them, and only the process running them can move them on.
pub(crate) fn runs_in_process(job: &Job) -> bool {
    matches!(
        job.kind,
        fleetdeck_core::job::JobKind::Park | fleetdeck_core::job::JobKind::Unpark
    )
}

impl JobBoard {
    fn receiver(&self, id: &str) -> Option<watch::Receiver<Job>> {
        self.following
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
    }
}

impl Fleet {
    /// Record a provider's job spec as a job and start following it. Answers the job as started.
    pub(crate) async fn start_job(&self, account: &Account, mut spec: JobSpec) -> Result<Job> {
        self.name_target(account, &mut spec);
        let job = Job::from_spec(
            spec,
            &account.id,
            &account.name,
            account.provider,
            self.clock.now(),
        );
        self.record(&job);
        if job.status.is_final() {
            self.after_job(account.clone());
        } else {
            self.follow_in_background(account.clone(), job.clone());
        }
        Ok(job)
    }

    /// Providers describe a job by the server's id ("Stop server 1501"); people know servers by
    /// name. When the provider did not name the target, take the name from the cached listing and
    /// add it to the description, which the jobs panel, toasts and notifications show.
    pub(crate) fn name_target(&self, account: &Account, spec: &mut JobSpec) {
        if spec.target_name.is_some() {
            return;
        }
        let Some(server_id) = spec.server_id.clone() else {
            return;
        };
        let Ok(listing) = self.cached_servers(std::slice::from_ref(&account.name)) else {
            return;
        };
        let Some(name) = listing
            .servers
            .into_iter()
            .find(|s| s.account == account.name && s.id == server_id)
            .map(|s| s.name)
            .filter(|n| !n.is_empty())
        else {
            return;
        };
        if !spec.description.contains(&name) {
            spec.description = format!("{} ({name})", spec.description);
        }
        spec.target_name = Some(name);
    }

    pub(crate) fn record(&self, job: &Job) {
        if let Err(e) = self.job_log.upsert(job) {
            self.events.emit(FleetEvent::Warning {
                message: format!("the job log could not be written: {e}"),
            });
        }
        self.events.emit(FleetEvent::Job {
            job: Box::new(job.clone()),
        });
    }

    fn follow_in_background(&self, account: Account, job: Job) {
        let Some(fleet) = self.me.upgrade() else {
            return;
        };
        let (tx, rx) = watch::channel(job.clone());
        {
            let mut following = self.jobs.following.lock().unwrap_or_else(|p| p.into_inner());
            if following.contains_key(&job.id) {
                return;
            }
            following.insert(job.id.clone(), rx);
        }
        tokio::spawn(async move {
            let mut job = job;
            match fleet.provider(&account).await {
                Ok(provider) => {
                    // The waiter reports changes only; an update that differs from the last one
                    // recorded by its time alone is not written or pushed either.
                    let mut last = job.clone();
                    follow(provider.jobs(), fleet.clock.as_ref(), &mut job, |j| {
                        if same_but_for_time(&last, j) {
                            return;
                        }
                        last = j.clone();
                        fleet.record(j);
                        let _ = tx.send(j.clone());
                    })
                    .await;
                }
                Err(e) => {
                    // Without a client (keyring locked, account changed) the job cannot be followed.
                    let now = fleet.clock.now();
                    job.status = fleetdeck_core::job::JobStatus::Failed;
                    job.message = Some(format!("cannot follow this job: {e}"));
                    job.error = Some(e.to_payload());
                    job.finished_at = Some(now);
                    job.updated_at = now;
                    fleet.record(&job);
                    let _ = tx.send(job.clone());
                }
            }
            fleet
                .jobs
                .following
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&job.id);
            fleet.after_job(account);
        });
    }

    /// Refresh the account after a job so its servers show their new state.
    pub(crate) fn after_job(&self, account: Account) {
        let Some(fleet) = self.me.upgrade() else {
            return;
        };
        tokio::spawn(async move {
            let _ = fleet
                .refresh_servers(std::slice::from_ref(&account.name), true)
                .await;
        });
    }

    /// Follow a job another process runs step by step (parking from the CLI while the app
    /// watches) through the job log that process writes, until it ends or its deadline passes.
    async fn watch_log(&self, mut job: Job, mut progress: impl FnMut(&Job)) -> Result<Job> {
        progress(&job);
        loop {
            if job.status.is_final() || self.clock.now() > job.deadline {
                return Ok(job);
            }
            self.clock.sleep(std::time::Duration::from_secs(1)).await;
            if let Some(now) = self.job_log.load()?.into_iter().find(|j| j.id == job.id) {
                if now != job {
                    job = now;
                    progress(&job);
                }
            }
        }
    }

    /// Cancel a job this process runs step by step (parking), before its step that cannot be
    /// undone. The job then ends `cancelled` (pushed as usual). Provider jobs, jobs of another
    /// process and jobs past that step are refused.
    pub fn cancel_job(&self, id: &str) -> Result<()> {
        let switch = self
            .jobs
            .cancels
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned();
        match switch {
            Some(switch) => switch.request(),
            None => Err(Error::invalid_input(
                "this job cannot be cancelled: only parking can, before the server is deleted, from the app or CLI running it",
            )),
        }
    }

    /// Every recorded job, newest first.
    pub fn jobs(&self) -> Result<Vec<Job>> {
        self.job_log.load()
    }

    /// Forget the finished jobs.
    pub fn clear_finished_jobs(&self) -> Result<()> {
        self.job_log.clear_finished()
    }

    /// Follow again the jobs a previous run left unfinished (app start).
    pub fn resume_jobs(&self) -> Result<usize> {
        let accounts = self.accounts.load()?;
        let mut resumed = 0;
        for job in self.job_log.load()? {
            if job.status.is_final() {
                continue;
            }
            if runs_in_process(&job) {
                // Its steps ran in a process that is gone: no tracker can take it up.
                let mut job = job;
                let now = self.clock.now();
                job.status = fleetdeck_core::job::JobStatus::Failed;
                job.message = Some(
                    "Fleetdeck stopped before this job ended: check the server, its snapshots and the parked servers"
                        .into(),
                );
                job.finished_at = Some(now);
                job.updated_at = now;
                self.record(&job);
                continue;
            }
            match accounts.iter().find(|a| a.id == job.account_id) {
                Some(account) => {
                    self.follow_in_background(account.clone(), job);
                    resumed += 1;
                }
                None => {
                    let mut job = job;
                    let now = self.clock.now();
                    job.status = fleetdeck_core::job::JobStatus::Cancelled;
                    job.message = Some("its account was removed".into());
                    job.finished_at = Some(now);
                    self.record(&job);
                }
            }
        }
        Ok(resumed)
    }

    /// Wait until a job ends, calling `progress` on every change; answers the final job. A job
    /// recorded by another process (the CLI without `--wait`, a previous app run) is followed here.
    pub async fn wait_job(&self, id: &str, mut progress: impl FnMut(&Job)) -> Result<Job> {
        let mut rx = match self.jobs.receiver(id) {
            Some(rx) => rx,
            None => {
                let job = self
                    .job_log
                    .load()?
                    .into_iter()
                    .find(|j| j.id == id)
                    .ok_or_else(|| Error::NotFound {
                        account: None,
                        message: format!("no job {id}"),
                    })?;
                if job.status.is_final() {
                    return Ok(job);
                }
                if runs_in_process(&job) {
                    return self.watch_log(job, progress).await;
                }
                let account = self
                    .accounts
                    .load()?
                    .into_iter()
                    .find(|a| a.id == job.account_id)
                    .ok_or_else(|| Error::NotFound {
                        account: Some(job.account.clone()),
                        message: "the job's account was removed".into(),
                    })?;
                self.follow_in_background(account, job);
                self.jobs
                    .receiver(id)
                    .ok_or_else(|| Error::internal("job follower did not start"))?
            }
        };
        loop {
            let current = rx.borrow_and_update().clone();
            progress(&current);
            if current.status.is_final() {
                return Ok(current);
            }
            if rx.changed().await.is_err() {
                // The follower ended; its last state is final.
                let last = rx.borrow().clone();
                if !last.status.is_final() {
                    return Err(Error::internal("the job follower stopped before the job ended"));
                }
                progress(&last);
                return Ok(last);
            }
        }
    }
}

/// Two states of a job that differ at most in `updated_at`.
fn same_but_for_time(a: &Job, b: &Job) -> bool {
    let mut b = b.clone();
    b.updated_at = a.updated_at;
    *a == b
}
