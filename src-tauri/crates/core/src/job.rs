//! Long actions as jobs (docs/design-rules.md rule 9) and the one waiter that follows them.
//!
//! A provider action answers a [`JobSpec`]: what the job is and how to follow it ([`Tracking`]). The
//! host turns it into a persisted [`Job`] and calls [`follow`], which asks the provider's
//! [`JobTracker`] for progress until the job ends or its deadline passes. Completion is a condition
//! the provider checks ("running and has an IP"), never a guess. Time comes from an injected
//! [`Clock`], so tests of hour-long time-outs run in microseconds.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::ProviderKind;
use crate::error::{Error, ErrorPayload, Result};

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum JobKind {
    CreateServer,
    DeleteServer,
    Start,
    Stop,
    Shutdown,
    Reboot,
    Freeze,
    Unfreeze,
    ResetPassword,
    Reinstall,
    Resize,
    AddTraffic,
    Rename,
    UpdateConfig,
    SnapshotCreate,
    SnapshotDelete,
    SnapshotRestore,
    SnapshotRename,
    BackupCreate,
    BackupDelete,
    BackupPolicy,
    /// Save a backup's file on this machine (fleet/src/backup_download.rs).
    BackupDownload,
    IsoDownload,
    ImageDownload,
    UploadDelete,
    FloatingIpAllocate,
    FloatingIpRelease,
    /// Snapshot, wait until it is ready, then delete the server (fleet/src/park.rs).
    Park,
    /// Create a parked server again from its snapshot (fleet/src/park.rs).
    Unpark,
    Other,
}

/// Life cycle of a job. `Succeeded`, `Failed`, `TimedOut` and `Cancelled` are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum JobStatus {
    Queued,
    Running,
    Succeeded,
    Failed,
    TimedOut,
    Cancelled,
}

impl JobStatus {
    pub fn is_final(self) -> bool {
        matches!(
            self,
            JobStatus::Succeeded | JobStatus::Failed | JobStatus::TimedOut | JobStatus::Cancelled
        )
    }
}

/// A resource kind a job can poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ResourceKind {
    Server,
    Snapshot,
    Backup,
    BackupPolicy,
    Iso,
    CustomImage,
    FloatingIp,
    SshKey,
}

/// The condition that completes a polled job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Condition {
    /// Server running, settled (not locked/busy) and with an IP address.
    Running,
    /// Server stopped and settled.
    Stopped,
    /// No action in progress any more, whatever the power state.
    Settled,
    /// The resource no longer exists (404 or absent from its list).
    Gone,
    /// Snapshot/ISO/image/backup ready to use.
    Ready,
}

/// How to recognise a resource the provider created without returning its id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewResourceMatch {
    /// Label/name the new resource carries (LetsCloud create: a label unique to this request).
    pub label: Option<String>,
    pub hostname: Option<String>,
    /// The server the new resource belongs to (snapshots).
    pub server_id: Option<String>,
    /// Ids that existed before the action (Cloudzy snapshot create: the new one is the one not here).
    #[serde(default)]
    pub known_ids: Vec<String>,
}

/// How a job is followed. Persisted with the job, so tracking resumes after a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[ts(export)]
pub enum Tracking {
    /// A provider event id (Cloude.ro `event_id`).
    Event { id: String },
    /// An LXD-style operation URL (`/1.0/operations/<uuid>`).
    Operation { url: String },
    /// Poll a resource until a condition holds (LetsCloud flags, Cloudzy statuses).
    Poll {
        resource: ResourceKind,
        id: String,
        until: Condition,
    },
    /// Find a resource the provider created without returning an id, then poll it until `until`.
    FindNew {
        resource: ResourceKind,
        matcher: NewResourceMatch,
        until: Condition,
    },
    /// Nothing to follow: the action completed synchronously.
    Done,
}

/// What a provider action answers when it starts something long.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JobSpec {
    pub kind: JobKind,
    /// The resource the job acts on (server id, snapshot id…), when known.
    pub target: Option<String>,
    /// A human name of the target (server name), for notifications.
    pub target_name: Option<String>,
    /// The server the job concerns, when it is not the target itself (snapshot of a server…).
    pub server_id: Option<String>,
    pub tracking: Tracking,
    /// How long the job may take before it is declared timed out.
    pub timeout_secs: u32,
    /// One line saying what the job does ("Start web-1").
    pub description: String,
}

/// A tracked job (persisted by the host; pushed to the UI as it changes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Job {
    /// Local id (UUID).
    pub id: String,
    pub account_id: String,
    pub account: String,
    pub provider: ProviderKind,
    pub kind: JobKind,
    pub description: String,
    pub target: Option<String>,
    pub target_name: Option<String>,
    pub server_id: Option<String>,
    pub tracking: Tracking,
    pub status: JobStatus,
    /// 0–100 when the provider reports progress; `None` means indeterminate.
    pub progress: Option<f32>,
    /// The last progress message.
    pub message: Option<String>,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub deadline: DateTime<Utc>,
    pub error: Option<ErrorPayload>,
}

impl Job {
    /// A new running job from a provider's spec.
    pub fn from_spec(
        spec: JobSpec,
        account_id: &str,
        account: &str,
        provider: ProviderKind,
        now: DateTime<Utc>,
    ) -> Job {
        let finished = matches!(spec.tracking, Tracking::Done);
        Job {
            id: uuid::Uuid::new_v4().to_string(),
            account_id: account_id.to_owned(),
            account: account.to_owned(),
            provider,
            kind: spec.kind,
            description: spec.description,
            target: spec.target,
            target_name: spec.target_name,
            server_id: spec.server_id,
            tracking: spec.tracking,
            status: if finished {
                JobStatus::Succeeded
            } else {
                JobStatus::Running
            },
            progress: if finished { Some(100.0) } else { None },
            message: None,
            started_at: now,
            updated_at: now,
            finished_at: if finished { Some(now) } else { None },
            deadline: now + chrono::Duration::seconds(i64::from(spec.timeout_secs)),
            error: None,
        }
    }
}

/// One answer of a provider to "how is this job doing?".
#[derive(Debug, Clone, PartialEq)]
pub enum JobProgress {
    /// Still going.
    Running {
        message: Option<String>,
        percent: Option<f32>,
    },
    /// Switch to another way of following it (e.g. the new server was found: now poll it).
    Retrack {
        tracking: Tracking,
        target: Option<String>,
        message: Option<String>,
    },
    Succeeded {
        message: Option<String>,
        target: Option<String>,
    },
    Failed {
        message: String,
    },
}

/// The provider side of job tracking. Implementations coalesce requests per account (one list call
/// answers every pending job of the same kind) so that polling stays inside the rate budget.
#[async_trait]
pub trait JobTracker: Send + Sync {
    /// Check once on a job. A long-poll implementation (LXD `/wait`) may take up to `max_wait`.
    async fn poll(&self, tracking: &Tracking, max_wait: Duration) -> Result<JobProgress>;

    /// Pause between two polls of this tracking (zero for long-poll mechanisms).
    fn poll_interval(&self, tracking: &Tracking) -> Duration;
}

/// Source of time for jobs and retries; injected so tests control it.
#[async_trait]
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    async fn sleep(&self, d: Duration);
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

#[async_trait]
impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    async fn sleep(&self, d: Duration) {
        tokio::time::sleep(d).await
    }
}

/// A clock that only moves when slept on: each `sleep` advances it instantly. For tests.
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<std::sync::Mutex<DateTime<Utc>>>,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualClock {
            now: Arc::new(std::sync::Mutex::new(start)),
        }
    }

    pub fn advance(&self, d: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|p| p.into_inner());
        *now += chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
    }
}

#[async_trait]
impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|p| p.into_inner())
    }

    async fn sleep(&self, d: Duration) {
        self.advance(d);
        tokio::task::yield_now().await;
    }
}

/// Longest single long-poll the waiter asks for, so progress is reported at least this often.
pub const LONG_POLL_SLICE: Duration = Duration::from_secs(25);

/// Shortest time between the starts of two long-polls (trackers whose own pause is zero) of one
/// job: a long-poll that answers at once — a server ignoring `timeout`, an error — must not turn
/// into back-to-back requests.
pub const MIN_POLL_GAP: Duration = Duration::from_secs(1);

/// Pause after the first of consecutive failed polls; it doubles with each further failure.
pub const ERROR_BACKOFF_START: Duration = Duration::from_secs(1);

/// Longest pause between failed polls (before jitter), unless the provider's `Retry-After` asks
/// for longer.
pub const MAX_ERROR_BACKOFF: Duration = Duration::from_secs(60);

/// Follow `job` until it ends or its deadline passes, calling `on_update` after every change.
///
/// Transient errors while polling (network, 5xx, rate limits) are reported as progress messages and
/// retried until the deadline; permanent ones (authentication, a vanished job) fail the job. The job
/// is always left in a final state when this returns.
///
/// Pace: two long-polls start at least [`MIN_POLL_GAP`] apart (a long-poll is its own pause when
/// it really waits; other trackers pause as they ask); after a failed poll the next one waits an exponential, jittered back-off from
/// [`ERROR_BACKOFF_START`] to [`MAX_ERROR_BACKOFF`], and never less than a rate limit's
/// `Retry-After`. `on_update` is called only when something a user sees changed (status,
/// message, progress, tracking, target), so a host that persists and pushes every update does not
/// rewrite or re-send an unchanged job.
pub async fn follow(
    tracker: &dyn JobTracker,
    clock: &dyn Clock,
    job: &mut Job,
    mut on_update: impl FnMut(&Job) + Send,
) {
    // Consecutive failed polls, for the back-off.
    let mut failures: u32 = 0;
    while !job.status.is_final() {
        let now = clock.now();
        if now >= job.deadline {
            let after = (job.deadline - job.started_at).to_std().unwrap_or_default();
            let err = Error::Timeout {
                what: job.description.clone(),
                after,
            };
            finish(
                job,
                JobStatus::TimedOut,
                now,
                Some(err.to_payload()),
                Some(err.to_string()),
            );
            on_update(job);
            return;
        }
        let remaining = (job.deadline - now).to_std().unwrap_or_default();
        let max_wait = remaining.min(LONG_POLL_SLICE);
        let polled_at = now;
        let long_poll = tracker.poll_interval(&job.tracking).is_zero();
        let outcome = tracker.poll(&job.tracking, max_wait).await;
        let now = clock.now();
        if outcome.is_ok() {
            failures = 0;
        }
        // The least pause before the next poll, beyond the tracker's own: a long-poll that did
        // not wait is paced here (a tracker with its own pause is trusted with it).
        let mut at_least = if long_poll {
            MIN_POLL_GAP.saturating_sub((now - polled_at).to_std().unwrap_or_default())
        } else {
            Duration::ZERO
        };
        match outcome {
            Ok(JobProgress::Running { message, percent }) => {
                let changed = message != job.message || percent != job.progress;
                job.message = message.or(job.message.take());
                job.progress = percent.or(job.progress);
                job.updated_at = now;
                if changed {
                    on_update(job);
                }
            }
            Ok(JobProgress::Retrack {
                tracking,
                target,
                message,
            }) => {
                job.tracking = tracking;
                if target.is_some() {
                    job.target = target;
                }
                job.message = message.or(job.message.take());
                job.updated_at = now;
                on_update(job);
                continue;
            }
            Ok(JobProgress::Succeeded { message, target }) => {
                if target.is_some() {
                    job.target = target;
                }
                job.progress = Some(100.0);
                finish(job, JobStatus::Succeeded, now, None, message);
                on_update(job);
                return;
            }
            Ok(JobProgress::Failed { message }) => {
                let err = Error::JobFailed {
                    account: job.account.clone(),
                    message: message.clone(),
                };
                finish(job, JobStatus::Failed, now, Some(err.to_payload()), Some(message));
                on_update(job);
                return;
            }
            Err(e) if e.is_transient() => {
                failures = failures.saturating_add(1);
                at_least = at_least.max(error_backoff(failures));
                if let Error::RateLimited {
                    retry_after: Some(d), ..
                } = &e
                {
                    at_least = at_least.max(*d);
                }
                let message = Some(format!("{e} (retrying)"));
                job.updated_at = now;
                // The same failure again is no news: nothing to persist or push.
                if message != job.message {
                    job.message = message;
                    on_update(job);
                }
            }
            Err(e) => {
                finish(
                    job,
                    JobStatus::Failed,
                    now,
                    Some(e.to_payload()),
                    Some(e.to_string()),
                );
                on_update(job);
                return;
            }
        }
        let pause = tracker.poll_interval(&job.tracking).max(at_least);
        if !pause.is_zero() {
            let until_deadline = (job.deadline - clock.now()).to_std().unwrap_or_default();
            clock
                .sleep(pause.min(until_deadline.max(Duration::from_millis(1))))
                .await;
        }
    }
}

/// The pause after the `failures`-th consecutive failed poll: [`ERROR_BACKOFF_START`] doubled
/// per further failure, capped at [`MAX_ERROR_BACKOFF`], plus up to a quarter of random jitter so
/// that the jobs of one account that failed together do not retry together.
fn error_backoff(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    let base = ERROR_BACKOFF_START
        .saturating_mul(1u32 << doublings)
        .min(MAX_ERROR_BACKOFF);
    let jitter = rand::random::<f64>() * 0.25;
    base + base.mul_f64(jitter)
}

fn finish(
    job: &mut Job,
    status: JobStatus,
    now: DateTime<Utc>,
    error: Option<ErrorPayload>,
    msg: Option<String>,
) {
    job.status = status;
    job.finished_at = Some(now);
    job.updated_at = now;
    job.error = error;
    if msg.is_some() {
        job.message = msg;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Answers from a script, one per poll; the last answer repeats.
    struct Scripted {
        answers: Mutex<Vec<Result<JobProgress>>>,
        interval: Duration,
        polls: Mutex<u32>,
    }

    impl Scripted {
        fn new(mut answers: Vec<Result<JobProgress>>, interval: Duration) -> Self {
            answers.reverse();
            Scripted {
                answers: Mutex::new(answers),
                interval,
                polls: Mutex::new(0),
            }
        }
    }

    #[async_trait]
    impl JobTracker for Scripted {
        async fn poll(&self, _: &Tracking, _: Duration) -> Result<JobProgress> {
            *self.polls.lock().unwrap() += 1;
            tokio::task::yield_now().await;
            let mut a = self.answers.lock().unwrap();
            if a.len() > 1 {
                a.pop().unwrap()
            } else {
                a.last().cloned().unwrap()
            }
        }
        fn poll_interval(&self, _: &Tracking) -> Duration {
            self.interval
        }
    }

    fn job(timeout_secs: u32, clock: &ManualClock) -> Job {
        Job::from_spec(
            JobSpec {
                kind: JobKind::Start,
                target: Some("42".into()),
                target_name: Some("web-1".into()),
                server_id: Some("42".into()),
                tracking: Tracking::Poll {
                    resource: ResourceKind::Server,
                    id: "42".into(),
                    until: Condition::Running,
                },
                timeout_secs,
                description: "Start web-1".into(),
            },
            "acc-id",
            "work",
            ProviderKind::Cloudzy,
            clock.now(),
        )
    }

    fn running(msg: &str) -> Result<JobProgress> {
        Ok(JobProgress::Running {
            message: Some(msg.into()),
            percent: None,
        })
    }

    #[tokio::test]
    async fn follows_until_success_and_reports_each_change() {
        let clock = ManualClock::new(Utc::now());
        let tracker = Scripted::new(
            vec![
                running("starting"),
                running("starting"),
                Ok(JobProgress::Succeeded {
                    message: None,
                    target: None,
                }),
            ],
            Duration::from_secs(5),
        );
        let mut j = job(600, &clock);
        let mut seen = Vec::new();
        follow(&tracker, &clock, &mut j, |j| seen.push(j.status)).await;
        assert_eq!(j.status, JobStatus::Succeeded);
        assert_eq!(j.progress, Some(100.0));
        // the repeated "starting" is not reported twice
        assert_eq!(seen, vec![JobStatus::Running, JobStatus::Succeeded]);
        assert_eq!(*tracker.polls.lock().unwrap(), 3);
        assert!(j.finished_at.is_some());
    }

    #[tokio::test]
    async fn times_out_at_the_deadline_with_the_injected_clock() {
        let clock = ManualClock::new(Utc::now());
        let start = clock.now();
        let tracker = Scripted::new(vec![running("still building")], Duration::from_secs(10));
        let mut j = job(3600, &clock);
        follow(&tracker, &clock, &mut j, |_| {}).await;
        assert_eq!(j.status, JobStatus::TimedOut);
        let err = j.error.unwrap();
        assert_eq!(err.code, crate::ErrorCode::Timeout);
        assert!(err.message.contains("Start web-1"), "{}", err.message);
        assert_eq!((clock.now() - start).num_seconds(), 3600);
        assert_eq!(*tracker.polls.lock().unwrap(), 360);
    }

    #[tokio::test]
    async fn transient_errors_are_retried_permanent_ones_fail() {
        let clock = ManualClock::new(Utc::now());
        let net = Err(Error::Network {
            account: "work".into(),
            message: "connection reset".into(),
        });
        let tracker = Scripted::new(
            vec![
                net,
                Ok(JobProgress::Succeeded {
                    message: Some("done".into()),
                    target: None,
                }),
            ],
            Duration::from_secs(1),
        );
        let mut j = job(60, &clock);
        let mut messages = Vec::new();
        follow(&tracker, &clock, &mut j, |j| messages.push(j.message.clone())).await;
        assert_eq!(j.status, JobStatus::Succeeded);
        assert!(messages[0].as_deref().unwrap_or("").contains("retrying"));

        let tracker = Scripted::new(
            vec![Err(Error::Auth {
                account: "work".into(),
                message: "401".into(),
            })],
            Duration::ZERO,
        );
        let mut j = job(60, &clock);
        follow(&tracker, &clock, &mut j, |_| {}).await;
        assert_eq!(j.status, JobStatus::Failed);
        assert_eq!(j.error.unwrap().code, crate::ErrorCode::Auth);
    }

    #[tokio::test]
    async fn retrack_switches_tracking_and_target() {
        let clock = ManualClock::new(Utc::now());
        let new_tracking = Tracking::Poll {
            resource: ResourceKind::Server,
            id: "new-id".into(),
            until: Condition::Running,
        };
        let tracker = Scripted::new(
            vec![
                Ok(JobProgress::Retrack {
                    tracking: new_tracking.clone(),
                    target: Some("new-id".into()),
                    message: Some("found".into()),
                }),
                Ok(JobProgress::Failed {
                    message: "provisioning failed".into(),
                }),
            ],
            Duration::from_secs(1),
        );
        let mut j = job(60, &clock);
        follow(&tracker, &clock, &mut j, |_| {}).await;
        assert_eq!(j.tracking, new_tracking);
        assert_eq!(j.target.as_deref(), Some("new-id"));
        assert_eq!(j.status, JobStatus::Failed);
        assert_eq!(j.error.unwrap().code, crate::ErrorCode::JobFailed);
    }

    /// Fails every poll with `error`, recording the (manual) time of each poll.
    struct Failing {
        clock: ManualClock,
        error: Error,
        interval: Duration,
        at: Mutex<Vec<DateTime<Utc>>>,
    }

    #[async_trait]
    impl JobTracker for Failing {
        async fn poll(&self, _: &Tracking, _: Duration) -> Result<JobProgress> {
            self.at.lock().unwrap().push(self.clock.now());
            // A real read is a network round trip: give the runtime a turn (and the test's
            // time-out a chance to fire on a busy loop).
            tokio::task::yield_now().await;
            Err(self.error.clone())
        }
        fn poll_interval(&self, _: &Tracking) -> Duration {
            self.interval
        }
    }

    /// The waiter on a manual clock ends in microseconds; a busy loop would not end at all.
    async fn within_a_second(f: impl std::future::Future<Output = ()>) {
        let ended = tokio::time::timeout(Duration::from_secs(1), f).await;
        assert!(ended.is_ok(), "the waiter polled without pausing (a busy loop)");
    }

    fn gaps(at: &[DateTime<Utc>]) -> Vec<Duration> {
        at.windows(2)
            .map(|w| (w[1] - w[0]).to_std().unwrap_or_default())
            .collect()
    }

    #[tokio::test]
    async fn a_failing_long_poll_backs_off_and_reports_once() {
        let clock = ManualClock::new(Utc::now());
        // A long-poll tracker (no pause of its own) whose every read fails at once with a 503.
        let tracker = Failing {
            clock: clock.clone(),
            error: Error::Provider {
                account: "work".into(),
                status: Some(503),
                code: None,
                message: "busy".into(),
            },
            interval: Duration::ZERO,
            at: Mutex::new(Vec::new()),
        };
        let mut j = job(600, &clock);
        let mut updates = 0;
        within_a_second(follow(&tracker, &clock, &mut j, |_| updates += 1)).await;
        assert_eq!(j.status, JobStatus::TimedOut);
        let at = tracker.at.lock().unwrap().clone();
        // 1 s doubling to 60 s (+ at most a quarter of jitter) over 10 minutes: 10 to 18 reads.
        assert!((10..=18).contains(&at.len()), "{} reads in 10 minutes", at.len());
        for (i, gap) in gaps(&at).into_iter().enumerate() {
            assert!(gap >= MIN_POLL_GAP, "gap {i} is {gap:?}");
            assert!(
                gap <= MAX_ERROR_BACKOFF + MAX_ERROR_BACKOFF / 4,
                "gap {i} is {gap:?}"
            );
        }
        // The same failure again and again changes nothing: one "retrying" report, then the end.
        assert_eq!(updates, 2, "reports: one retrying message and the time-out");
    }

    #[tokio::test]
    async fn a_rate_limited_poll_waits_for_retry_after() {
        let clock = ManualClock::new(Utc::now());
        let tracker = Failing {
            clock: clock.clone(),
            error: Error::RateLimited {
                account: "work".into(),
                retry_after: Some(Duration::from_secs(90)),
            },
            interval: Duration::ZERO,
            at: Mutex::new(Vec::new()),
        };
        let mut j = job(600, &clock);
        within_a_second(follow(&tracker, &clock, &mut j, |_| {})).await;
        let at = tracker.at.lock().unwrap().clone();
        assert!(at.len() >= 2, "{at:?}");
        for gap in gaps(&at) {
            assert!(
                gap >= Duration::from_secs(90),
                "{gap:?} is shorter than Retry-After"
            );
        }
        assert!(at.len() <= 7, "{} reads in 10 minutes at 90 s apart", at.len());
    }

    #[tokio::test]
    async fn a_long_poll_that_answers_at_once_is_paced() {
        let clock = ManualClock::new(Utc::now());
        let start = clock.now();
        // Zero interval, and every answer comes back without the long-poll having waited.
        let tracker = Scripted::new(vec![running("still building")], Duration::ZERO);
        let mut j = job(60, &clock);
        let mut updates = 0;
        within_a_second(follow(&tracker, &clock, &mut j, |_| updates += 1)).await;
        assert_eq!(j.status, JobStatus::TimedOut);
        assert_eq!((clock.now() - start).num_seconds(), 60);
        let polls = *tracker.polls.lock().unwrap();
        assert!(polls <= 61, "{polls} polls in 60 s");
        assert_eq!(updates, 2, "the first message and the time-out");
    }

    #[test]
    fn done_tracking_makes_a_finished_job() {
        let clock = ManualClock::new(Utc::now());
        let spec = JobSpec {
            kind: JobKind::Rename,
            target: None,
            target_name: None,
            server_id: None,
            tracking: Tracking::Done,
            timeout_secs: 1,
            description: "Rename".into(),
        };
        let j = Job::from_spec(spec, "a", "b", ProviderKind::Vz, clock.now());
        assert_eq!(j.status, JobStatus::Succeeded);
    }

    #[test]
    fn tracking_serialises_with_a_type_tag() {
        let t = Tracking::FindNew {
            resource: ResourceKind::Server,
            matcher: NewResourceMatch {
                label: Some("web-1-x7".into()),
                ..Default::default()
            },
            until: Condition::Running,
        };
        let v = serde_json::to_value(&t).unwrap();
        assert_eq!(v["type"], "findNew");
        assert_eq!(v["matcher"]["label"], "web-1-x7");
        assert_eq!(serde_json::from_value::<Tracking>(v).unwrap(), t);
    }
}
