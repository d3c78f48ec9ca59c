//! Parking: keep an idle server as a snapshot and delete it, to stop paying for it; unparking
//! creates it again from that snapshot.
//!
//! Parking is one job that the fleet runs itself, in three steps — take a snapshot and wait until
//! the provider says it is done, check that the snapshot is listed as ready, delete the server —
//! pushed like every job ([`crate::FleetEvent::Job`]), each step with its progress and message.
//! Invariants:
//! - the server is deleted only after its snapshot was seen ready; a snapshot that failed, timed
//!   out or cannot be found ends the job with the server untouched;
//! - the job can be cancelled until the delete starts ([`Fleet::cancel_job`]); after that it cannot;
//! - the parked record (store `parked.rs`) is written before the delete and removed again when the
//!   server was not deleted, so a record always names a snapshot that is the server's only copy.
//!
//! Offered where the capabilities say the provider creates servers from snapshots, deletes
//! servers, and keeps a snapshot when its server is deleted (`snapshots.outlive_server`). LXD does
//! not: its snapshots live inside their instance and are deleted with it (docs/capabilities.md,
//! snapshots of vz/LXD are `instance/snapshot`), so parking there would lose the server.

use std::sync::Arc;

use tokio::sync::watch;

use fleetdeck_core::actions::{self, ActionId};
use fleetdeck_core::job::{Job, JobKind, JobStatus, Tracking};
use fleetdeck_core::{Account, CreateServerRequest, Error, ErrorCode, Result, SnapshotStatus};
use fleetdeck_store::{ParkedList, ParkedServer};

use crate::jobs::CancelSwitch;
use crate::views::ActionResult;
use crate::Fleet;

/// Longest a park or unpark may take in all (each provider job inside keeps its own time-out).
const PARK_TIMEOUT_SECS: i64 = 4 * 3600;

/// A job the fleet runs itself: its latest state, recorded and pushed on every change, and the
/// channel [`Fleet::wait_job`] reads in this process.
pub(crate) struct Run {
    pub(crate) job: Job,
    tx: watch::Sender<Job>,
}

impl Run {
    pub(crate) fn step(&mut self, fleet: &Fleet, progress: f32, message: String) {
        if self.job.progress == Some(progress) && self.job.message.as_deref() == Some(message.as_str()) {
            return;
        }
        self.job.progress = Some(progress);
        self.job.message = Some(message);
        self.job.updated_at = fleet.clock.now();
        fleet.record(&self.job);
        self.tx.send_replace(self.job.clone());
    }

    pub(crate) fn finish(&mut self, fleet: &Fleet, status: JobStatus, message: String, error: Option<Error>) {
        let now = fleet.clock.now();
        self.job.status = status;
        if status == JobStatus::Succeeded {
            self.job.progress = Some(100.0);
        }
        self.job.message = Some(message);
        self.job.error = error.map(|e| e.to_payload());
        self.job.finished_at = Some(now);
        self.job.updated_at = now;
        fleet.record(&self.job);
        self.tx.send_replace(self.job.clone());
    }
}

/// How a park ended before its delete, for the job's final state.
enum Stop {
    Cancelled(String),
    Failed(String, Option<Error>),
}

impl Fleet {
    /// The parked servers of every account, most recently parked first (from the data directory:
    /// no request).
    pub fn parked(&self) -> Result<Vec<ParkedServer>> {
        self.parked_list().load()
    }

    fn parked_list(&self) -> ParkedList {
        ParkedList::with_notices(self.data.clone(), self.notices.clone())
    }

    /// Park the server at `ACCOUNT/ID`: snapshot, wait until ready, delete — one job, answered as
    /// started. Refused before anything happens where the provider cannot create a server from a
    /// snapshot, delete one, or keep a snapshot past its server (see the module's comment).
    pub async fn park_server(&self, address: &str) -> Result<ActionResult> {
        let (account, id) = self.resolve(address)?;
        let provider = self.provider(&account).await?;
        let caps = provider.capabilities();
        let offered = caps.snapshots.create
            && caps.snapshots.list
            && caps.snapshots.create_server_from
            && caps.snapshots.outlive_server
            && caps.servers.create
            && actions::is_offered(ActionId::Delete, &caps);
        if !offered {
            return Err(Error::unsupported(account.provider, "parking"));
        }
        let mut server = provider.servers().get_server(&id).await?;
        server.account = account.name.clone();
        // Unparking orders the server again with its plan and region: without them it could not be.
        if server.plan.is_none() || server.region.is_none() {
            return Err(Error::invalid_input(format!(
                "{} cannot be parked: its plan or region is unknown, so it could not be created again",
                server.name
            )));
        }
        let now = self.clock.now();
        let job = Job {
            id: uuid::Uuid::new_v4().to_string(),
            account_id: account.id.clone(),
            account: account.name.clone(),
            provider: account.provider,
            kind: JobKind::Park,
            description: format!("Park {}", server.name),
            target: Some(id.clone()),
            target_name: Some(server.name.clone()),
            server_id: Some(id.clone()),
            tracking: Tracking::Done,
            status: JobStatus::Running,
            progress: Some(0.0),
            message: Some("Step 1 of 3: taking a snapshot".into()),
            started_at: now,
            updated_at: now,
            finished_at: None,
            deadline: now + chrono::Duration::seconds(PARK_TIMEOUT_SECS),
            error: None,
        };
        let record = ParkedServer {
            id: uuid::Uuid::new_v4().to_string(),
            account_id: account.id.clone(),
            account: account.name.clone(),
            provider: account.provider,
            server_id: id.clone(),
            server_name: server.name.clone(),
            plan: server.plan.clone(),
            region: server.region.clone(),
            image: server.image.clone(),
            snapshot_id: String::new(),
            tags: server.tags.clone(),
            parked_at: now,
        };
        let named = caps.snapshots.named;
        let switch = Arc::new(CancelSwitch::new());
        let run = self.start_run(job.clone(), Some(switch.clone()))?;
        let address = address.to_owned();
        tokio::spawn(async move {
            let (fleet, mut run) = run;
            fleet
                .run_park(&mut run, &account, &address, record, named, &switch)
                .await;
            fleet.end_run(&run.job.id);
            fleet.after_job(account);
        });
        Ok(ActionResult {
            job: Some(job),
            message: None,
            password: None,
        })
    }

    /// Record a job this process runs and make it visible to [`Fleet::wait_job`] and, with a
    /// switch, to [`Fleet::cancel_job`].
    pub(crate) fn start_run(&self, job: Job, switch: Option<Arc<CancelSwitch>>) -> Result<(Arc<Fleet>, Run)> {
        let fleet = self
            .me
            .upgrade()
            .ok_or_else(|| Error::internal("the fleet is shutting down"))?;
        let (tx, rx) = watch::channel(job.clone());
        self.jobs
            .following
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(job.id.clone(), rx);
        if let Some(switch) = switch {
            self.jobs
                .cancels
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(job.id.clone(), switch);
        }
        self.record(&job);
        Ok((fleet, Run { job, tx }))
    }

    pub(crate) fn end_run(&self, id: &str) {
        self.jobs
            .following
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
        self.jobs
            .cancels
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }

    async fn run_park(
        &self,
        run: &mut Run,
        account: &Account,
        address: &str,
        mut record: ParkedServer,
        named: bool,
        switch: &CancelSwitch,
    ) {
        let name = record.server_name.clone();
        let snapshot_id = match self.park_snapshot(run, account, &record, named, switch).await {
            Ok(id) => id,
            Err(Stop::Cancelled(why)) => {
                return run.finish(self, JobStatus::Cancelled, why, None);
            }
            Err(Stop::Failed(why, error)) => {
                return run.finish(self, JobStatus::Failed, why, error);
            }
        };
        record.snapshot_id = snapshot_id.clone();
        record.parked_at = self.clock.now();
        let parked = self.parked_list();
        if let Err(e) = parked.upsert(&record) {
            let why = format!("the parked server could not be saved, so {name} was not deleted: {e}");
            return run.finish(self, JobStatus::Failed, why, Some(e));
        }
        // The point of no return: a cancel that came first wins, and none is taken after.
        if !switch.commit() {
            let _ = parked.remove(&record.id);
            let why = format!("Cancelled: {name} was not deleted; snapshot {snapshot_id} is kept");
            return run.finish(self, JobStatus::Cancelled, why, None);
        }
        run.step(self, 70.0, format!("Step 3 of 3: deleting {name}"));
        let deleted = self.park_delete(address).await;
        match deleted {
            Ok(()) => {
                let why = format!("Parked: {name} was deleted; snapshot {snapshot_id} keeps it");
                run.finish(self, JobStatus::Succeeded, why, None);
            }
            Err(e) => {
                // The delete may have happened even though its job did not say so: ask.
                let gone =
                    matches!(self.server(address).await, Err(ref g) if g.code() == ErrorCode::NotFound);
                if gone {
                    let why = format!("Parked: {name} was deleted; snapshot {snapshot_id} keeps it");
                    run.finish(self, JobStatus::Succeeded, why, None);
                } else {
                    let _ = parked.remove(&record.id);
                    let why = format!("{name} was not deleted ({e}); snapshot {snapshot_id} is kept");
                    run.finish(self, JobStatus::Failed, why, Some(e));
                }
            }
        }
    }

    /// Steps 1 and 2: take the snapshot, follow its job, and find it listed as ready. Answers its id.
    async fn park_snapshot(
        &self,
        run: &mut Run,
        account: &Account,
        record: &ParkedServer,
        named: bool,
        switch: &CancelSwitch,
    ) -> std::result::Result<String, Stop> {
        let name = &record.server_name;
        let untouched =
            |what: String, e: Option<Error>| Stop::Failed(format!("{what}: {name} was not deleted"), e);
        let address = format!("{}/{}", account.name, record.server_id);
        let known: Vec<String> = match self.snapshots(&[], Some(&address)).await.map(|l| l.items) {
            Ok(items) => items.into_iter().map(|s| s.id).collect(),
            Err(e) => return Err(untouched("its snapshots could not be listed".into(), Some(e))),
        };
        if switch.is_requested() {
            return Err(Stop::Cancelled(format!("Cancelled: {name} was not touched")));
        }
        let snapshot_name = named.then(|| format!("{name}-parked"));
        let started = match self.create_snapshot(&address, snapshot_name.as_deref()).await {
            Ok(r) => r,
            Err(e) => return Err(untouched("the snapshot could not be started".into(), Some(e))),
        };
        run.step(self, 10.0, "Step 1 of 3: taking a snapshot".into());
        let mut target = None;
        if let Some(snap_job) = started.job {
            let (tx, mut rx) = watch::channel(snap_job.clone());
            let wait = self.wait_job(&snap_job.id, |j| {
                tx.send_replace(j.clone());
            });
            tokio::pin!(wait);
            let cancelled = switch.cancelled();
            tokio::pin!(cancelled);
            let ended = loop {
                tokio::select! {
                    ended = &mut wait => break ended,
                    _ = &mut cancelled => {
                        return Err(Stop::Cancelled(format!(
                            "Cancelled: {name} was not deleted; the snapshot job goes on and its snapshot is kept"
                        )));
                    }
                    changed = rx.changed() => {
                        if changed.is_ok() {
                            let j = rx.borrow_and_update().clone();
                            let detail = j.message.unwrap_or_else(|| "in progress".into());
                            run.step(self, 10.0 + j.progress.unwrap_or(0.0) * 0.4, format!("Step 1 of 3: taking a snapshot ({detail})"));
                        }
                    }
                }
            };
            let ended = match ended {
                Ok(j) => j,
                Err(e) => return Err(untouched("the snapshot could not be followed".into(), Some(e))),
            };
            if ended.status != JobStatus::Succeeded {
                let how = match ended.status {
                    JobStatus::TimedOut => "timed out",
                    JobStatus::Cancelled => "was cancelled",
                    _ => "failed",
                };
                let why = ended
                    .message
                    .clone()
                    .map(|m| format!(" ({m})"))
                    .unwrap_or_default();
                return Err(untouched(format!("the snapshot {how}{why}"), None));
            }
            target = ended.target;
        }
        if switch.is_requested() {
            return Err(Stop::Cancelled(format!(
                "Cancelled: {name} was not deleted; the snapshot is kept"
            )));
        }
        run.step(
            self,
            55.0,
            "Step 2 of 3: checking that the snapshot is ready".into(),
        );
        let items = match self.snapshots(&[], Some(&address)).await.map(|l| l.items) {
            Ok(items) => items,
            Err(e) => return Err(untouched("its snapshots could not be listed".into(), Some(e))),
        };
        let mut new: Vec<_> = items.into_iter().filter(|s| !known.contains(&s.id)).collect();
        // The job's own answer when it names one of the new snapshots; else the newest new one.
        new.sort_by_key(|s| std::cmp::Reverse(s.created_at));
        let found = new
            .iter()
            .find(|s| target.as_deref() == Some(s.id.as_str()))
            .or_else(|| new.first());
        match found {
            Some(s) if s.status == SnapshotStatus::Ready => Ok(s.id.clone()),
            Some(s) => Err(untouched(
                format!("snapshot {} is not ready (status {:?})", s.id, s.status),
                None,
            )),
            None => Err(untouched("the new snapshot is not listed".into(), None)),
        }
    }

    /// Step 3: delete the server and follow the delete to its end.
    async fn park_delete(&self, address: &str) -> Result<()> {
        let started = self.delete_server(address).await?;
        let Some(job) = started.job else {
            return Ok(());
        };
        let ended = self.wait_job(&job.id, |_| {}).await?;
        if ended.status == JobStatus::Succeeded {
            Ok(())
        } else {
            Err(Error::JobFailed {
                account: ended.account.clone(),
                message: ended
                    .message
                    .unwrap_or_else(|| "the delete did not finish".into()),
            })
        }
    }

    /// Create a parked server again from its snapshot, as one job; when the new server is up the
    /// parked record is removed (it stays when the create fails, so the snapshot is not forgotten).
    pub async fn unpark_server(&self, parked_id: &str) -> Result<ActionResult> {
        let parked = self.parked_list().find(parked_id)?;
        let account = self
            .accounts
            .load()?
            .into_iter()
            .find(|a| a.id == parked.account_id)
            .ok_or_else(|| Error::NotFound {
                account: Some(parked.account.clone()),
                message: format!("the account of parked server {} was removed", parked.server_name),
            })?;
        let provider = self.provider(&account).await?;
        let caps = provider.capabilities();
        if !(caps.servers.create && caps.snapshots.create_server_from) {
            return Err(Error::unsupported(
                account.provider,
                "creating a server from a snapshot",
            ));
        }
        let running = self.jobs().unwrap_or_default().into_iter().any(|j| {
            j.kind == JobKind::Unpark && !j.status.is_final() && j.target.as_deref() == Some(parked_id)
        });
        if running {
            return Err(Error::invalid_input(format!(
                "{} is being unparked already",
                parked.server_name
            )));
        }
        let request = CreateServerRequest {
            name: parked.server_name.clone(),
            region: parked.region.clone(),
            plan: parked.plan.clone(),
            from_snapshot: Some(parked.snapshot_id.clone()),
            ..Default::default()
        };
        // The order itself is checked and sent now: a refusal is the caller's error, the record stays.
        let created = self.create_server(&account.name, request).await?;
        let create_job = created
            .jobs
            .first()
            .cloned()
            .ok_or_else(|| Error::internal("the provider answered the order without a job"))?;
        let now = self.clock.now();
        let job = Job {
            id: uuid::Uuid::new_v4().to_string(),
            account_id: account.id.clone(),
            account: account.name.clone(),
            provider: account.provider,
            kind: JobKind::Unpark,
            description: format!("Unpark {}", parked.server_name),
            target: Some(parked.id.clone()),
            target_name: Some(parked.server_name.clone()),
            server_id: None,
            tracking: Tracking::Done,
            status: JobStatus::Running,
            progress: Some(10.0),
            message: Some(format!(
                "Creating {} from snapshot {}",
                parked.server_name, parked.snapshot_id
            )),
            started_at: now,
            updated_at: now,
            finished_at: None,
            deadline: now + chrono::Duration::seconds(PARK_TIMEOUT_SECS),
            error: None,
        };
        let (fleet, mut run) = self.start_run(job.clone(), None)?;
        tokio::spawn(async move {
            let ended = fleet.wait_job(&create_job.id, |_| {}).await;
            match ended {
                Ok(j) if j.status == JobStatus::Succeeded => {
                    run.job.server_id = j.target.clone();
                    let why = match fleet.parked_list().remove(&parked.id) {
                        Ok(_) => format!("{} is running again", parked.server_name),
                        Err(e) => format!(
                            "{} is running again, but its parked record could not be removed: {e}",
                            parked.server_name
                        ),
                    };
                    run.finish(&fleet, JobStatus::Succeeded, why, None);
                }
                Ok(j) => {
                    let why = format!(
                        "the server was not created ({}); {} stays parked",
                        j.message.unwrap_or_else(|| "no reason given".into()),
                        parked.server_name
                    );
                    run.finish(&fleet, JobStatus::Failed, why, None);
                }
                Err(e) => {
                    let why = format!(
                        "the create could not be followed; {} stays parked",
                        parked.server_name
                    );
                    run.finish(&fleet, JobStatus::Failed, why, Some(e));
                }
            }
            fleet.end_run(&run.job.id);
            fleet.after_job(account);
        });
        Ok(ActionResult {
            job: Some(job),
            message: created.message,
            password: created.root_password,
        })
    }
}
