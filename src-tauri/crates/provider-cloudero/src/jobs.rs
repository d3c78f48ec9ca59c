//! Following Cloude.ro jobs (docs/wire-decisions.md, Cloude.ro reference).
//!
//! - `Tracking::Event`: the event's `status` (0 running, 1 success, -1 error; a non-empty
//!   `completed_at` is terminal too). With one event pending, `GET /v1/event/{id}`; with several,
//!   one coalesced `GET /v1/event/list` per tick serves them all, and an id missing from that 24-hour
//!   list falls back to its own `GET`.
//! - `Tracking::Poll` / `FindNew` (actions that answered `true`): the coalesced server or snapshot
//!   list, until the condition holds.

use std::time::Duration;

use async_trait::async_trait;
use fleetdeck_core::job::{
    Condition, JobProgress, JobStatus, JobTracker, NewResourceMatch, ResourceKind, Tracking,
};
use fleetdeck_core::{Error, ProviderEvent, Result, ServerStatus, SnapshotStatus};

use crate::client::Cloudero;

#[async_trait]
impl JobTracker for Cloudero {
    async fn poll(&self, tracking: &Tracking, _max_wait: Duration) -> Result<JobProgress> {
        match tracking {
            Tracking::Event { id } => self.poll_event(id).await,
            Tracking::Poll {
                resource: ResourceKind::Server,
                id,
                until,
            } => self.poll_server(id, *until).await,
            Tracking::Poll {
                resource: ResourceKind::Snapshot,
                id,
                until,
            } => self.poll_snapshot(id, *until).await,
            Tracking::FindNew {
                resource: ResourceKind::Server,
                matcher,
                until,
            } => self.find_new_server(matcher, *until).await,
            Tracking::FindNew {
                resource: ResourceKind::Snapshot,
                matcher,
                until,
            } => self.find_new_snapshot(matcher, *until).await,
            Tracking::Done => Ok(JobProgress::Succeeded {
                message: None,
                target: None,
            }),
            other => Err(Error::internal(format!(
                "a Cloude.ro account cannot follow {other:?}"
            ))),
        }
    }

    fn poll_interval(&self, tracking: &Tracking) -> Duration {
        match tracking {
            Tracking::Event { .. } => self.tuning.event_interval,
            _ => self.tuning.resource_interval,
        }
    }
}

impl Cloudero {
    async fn poll_event(&self, id: &str) -> Result<JobProgress> {
        let pending = self.note_pending_event(id);
        let listed = if pending > 1 {
            match self.event_list.get(|| self.fetch_events()).await {
                Ok(list) => list.into_iter().find(|e| e.id == id),
                // A struggling provider is not asked once per event on top.
                Err(e) if e.is_transient() => return Err(e),
                // The list itself refused (an odd answer, a missing route): ask per event.
                Err(e) => {
                    tracing::debug!(account = %self.account, error = %e, "event list unusable; polling the event");
                    None
                }
            }
        } else {
            None
        };
        let event = match listed {
            Some(e) => e,
            // Alone, or older than the list's 24 hours: ask for this one.
            None => self.fetch_event(id).await?,
        };
        if event.status.is_final() {
            self.forget_pending_event(id);
        }
        Ok(progress_of(&event))
    }

    async fn poll_server(&self, id: &str, until: Condition) -> Result<JobProgress> {
        let servers = self.polled_servers().await?;
        let Some(s) = servers.iter().find(|s| s.id == id) else {
            return Ok(if until == Condition::Gone {
                JobProgress::Succeeded {
                    message: Some(format!("server {id} is gone")),
                    target: None,
                }
            } else {
                JobProgress::Failed {
                    message: format!("server {id} disappeared"),
                }
            });
        };
        let state = s.raw_status.text.as_deref().unwrap_or("unknown");
        if s.status == ServerStatus::Error && until != Condition::Gone {
            return Ok(JobProgress::Failed {
                message: format!("server {id} is in state {state}"),
            });
        }
        let settled = !s.status.is_transitional() && s.active_jobs.is_empty();
        let done = match until {
            Condition::Running => {
                s.status == ServerStatus::Running && settled && !(s.ipv4.is_empty() && s.ipv6.is_empty())
            }
            Condition::Stopped => s.status == ServerStatus::Stopped && settled,
            Condition::Settled | Condition::Ready => settled,
            Condition::Gone => false,
        };
        Ok(if done {
            JobProgress::Succeeded {
                message: Some(format!("server {id} is {state}")),
                target: Some(id.to_owned()),
            }
        } else {
            JobProgress::Running {
                message: Some(format!("server {id} is {state}")),
                percent: None,
            }
        })
    }

    async fn poll_snapshot(&self, id: &str, until: Condition) -> Result<JobProgress> {
        let snapshots = self.polled_snapshots().await?;
        let Some(s) = snapshots.iter().find(|s| s.id == id) else {
            return Ok(if until == Condition::Gone {
                JobProgress::Succeeded {
                    message: Some(format!("snapshot {id} is gone")),
                    target: None,
                }
            } else {
                JobProgress::Failed {
                    message: format!("snapshot {id} disappeared"),
                }
            });
        };
        let state = s.raw_status.text.as_deref().unwrap_or("unknown");
        Ok(match (s.status, until) {
            (SnapshotStatus::Failed, _) => JobProgress::Failed {
                message: format!("snapshot {id} failed"),
            },
            (SnapshotStatus::Ready, Condition::Ready | Condition::Settled) => JobProgress::Succeeded {
                message: Some(format!("snapshot {id} is ready")),
                target: Some(id.to_owned()),
            },
            _ => JobProgress::Running {
                message: Some(format!("snapshot {id} is {state}")),
                percent: None,
            },
        })
    }

    /// The server an action answering `true` created: named as ordered, not known before, and — ids
    /// being increasing integers — the newest such.
    async fn find_new_server(&self, m: &NewResourceMatch, until: Condition) -> Result<JobProgress> {
        let servers = self.polled_servers().await?;
        let found = servers
            .iter()
            .filter(|s| !m.known_ids.contains(&s.id))
            .filter(|s| {
                m.label.as_deref().is_some_and(|l| s.name == l)
                    || m.hostname
                        .as_deref()
                        .is_some_and(|h| s.hostname.as_deref() == Some(h))
            })
            .max_by_key(|s| numeric(&s.id));
        Ok(match found {
            Some(s) => JobProgress::Retrack {
                tracking: Tracking::Poll {
                    resource: ResourceKind::Server,
                    id: s.id.clone(),
                    until,
                },
                target: Some(s.id.clone()),
                message: Some(format!("server {} found", s.id)),
            },
            None => JobProgress::Running {
                message: Some("waiting for the new server to appear".into()),
                percent: None,
            },
        })
    }

    async fn find_new_snapshot(&self, m: &NewResourceMatch, until: Condition) -> Result<JobProgress> {
        let snapshots = self.polled_snapshots().await?;
        let found = snapshots
            .iter()
            .filter(|s| !m.known_ids.contains(&s.id))
            .filter(|s| m.label.as_deref().is_none_or(|l| s.name == l))
            .filter(|s| {
                m.server_id
                    .as_deref()
                    .is_none_or(|sid| s.server_id.as_deref().is_none_or(|x| x == sid))
            })
            .max_by_key(|s| numeric(&s.id));
        Ok(match found {
            Some(s) => JobProgress::Retrack {
                tracking: Tracking::Poll {
                    resource: ResourceKind::Snapshot,
                    id: s.id.clone(),
                    until,
                },
                target: Some(s.id.clone()),
                message: Some(format!("snapshot {} found", s.id)),
            },
            None => JobProgress::Running {
                message: Some("waiting for the new snapshot to appear".into()),
                percent: None,
            },
        })
    }
}

fn numeric(id: &str) -> (u64, String) {
    (id.parse().unwrap_or(0), id.to_owned())
}

/// An event as job progress. Only a `VM.CREATE` event's subject becomes the job's target (for the
/// other kinds it is the server the job already names, or a snapshot).
fn progress_of(e: &ProviderEvent) -> JobProgress {
    match e.status {
        JobStatus::Succeeded => JobProgress::Succeeded {
            message: Some(format!("{} completed (event {})", e.action, e.id)),
            target: e
                .target
                .clone()
                .filter(|_| e.action.eq_ignore_ascii_case("VM.CREATE")),
        },
        JobStatus::Failed | JobStatus::Cancelled | JobStatus::TimedOut => JobProgress::Failed {
            message: match &e.message {
                Some(m) => format!("{} failed (event {}): {m}", e.action, e.id),
                None => format!("{} failed (event {})", e.action, e.id),
            },
        },
        JobStatus::Queued | JobStatus::Running => JobProgress::Running {
            message: Some(format!("{} running (event {})", e.action, e.id)),
            percent: None,
        },
    }
}
