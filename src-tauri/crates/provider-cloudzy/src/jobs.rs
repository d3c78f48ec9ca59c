//! Following Cloudzy jobs (docs/wire-decisions.md, Cloudzy reference): no operation ids, so every job polls a
//! resource's status until a condition holds. Polling is coalesced per account: one listing of instances
//! (snapshots, ISOs, images) per tick answers every pending job of that kind.
//!
//! - `Poll Server`: `Running` = `active` with an address; `Stopped` = `shutdown`; `Gone` = absent
//!   from the list and 404 on its own, or a `deleted` status; `error`/`failed` fails the job.
//! - `Poll Snapshot`: `IN_PROGRESS`/`RESTORING` → `ACTIVE` (ready) or `FAILED`.
//! - `Poll Iso`/`CustomImage`: `DOWNLOADING` → `READY` or `FAILED`.
//! - `FindNew`: the instance with the ordered hostname, the instance's snapshot not known before,
//!   the ISO/image of that name not known before — then `Retrack` to polling it.

use std::time::Duration;

use async_trait::async_trait;
use fleetdeck_core::job::{Condition, JobProgress, JobTracker, NewResourceMatch, ResourceKind, Tracking};
use fleetdeck_core::{
    ArtifactStatus, Error, Result, Server, ServerApi, ServerStatus, SnapshotApi, SnapshotStatus, UploadApi,
    UploadKind,
};

use crate::api::upload_noun;
use crate::client::Cloudzy;
use crate::parse;

#[async_trait]
impl JobTracker for Cloudzy {
    async fn poll(&self, tracking: &Tracking, _max_wait: Duration) -> Result<JobProgress> {
        match tracking {
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
            Tracking::Poll {
                resource: ResourceKind::Iso,
                id,
                until,
            } => self.poll_upload(UploadKind::Iso, id, *until).await,
            Tracking::Poll {
                resource: ResourceKind::CustomImage,
                id,
                until,
            } => self.poll_upload(UploadKind::DiskImage, id, *until).await,
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
            Tracking::FindNew {
                resource: resource @ (ResourceKind::Iso | ResourceKind::CustomImage),
                matcher,
                until,
            } => {
                let kind = if *resource == ResourceKind::Iso {
                    UploadKind::Iso
                } else {
                    UploadKind::DiskImage
                };
                self.find_new_upload(kind, *resource, matcher, *until).await
            }
            Tracking::Done => Ok(JobProgress::Succeeded {
                message: None,
                target: None,
            }),
            other => Err(Error::internal(format!(
                "a Cloudzy account cannot follow {other:?}"
            ))),
        }
    }

    fn poll_interval(&self, _tracking: &Tracking) -> Duration {
        self.tuning.resource_interval
    }
}

fn running(message: String) -> JobProgress {
    JobProgress::Running {
        message: Some(message),
        percent: None,
    }
}

fn succeeded(message: String, target: &str) -> JobProgress {
    JobProgress::Succeeded {
        message: Some(message),
        target: Some(target.to_owned()),
    }
}

fn gone(message: String) -> JobProgress {
    JobProgress::Succeeded {
        message: Some(message),
        target: None,
    }
}

impl Cloudzy {
    /// The instance from the coalesced list; one not listed is asked for on its own (the list may
    /// lag behind a create), and `None` means the provider says it does not exist.
    async fn polled_server(&self, id: &str) -> Result<Option<Server>> {
        let servers = self.polled_servers().await?;
        if let Some(s) = servers.into_iter().find(|s| s.id == id) {
            return Ok(Some(s));
        }
        match self.get_server(id).await {
            Ok(s) => Ok(Some(s)),
            Err(Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn poll_server(&self, id: &str, until: Condition) -> Result<JobProgress> {
        let server = self.polled_server(id).await?;
        let Some(s) = server else {
            return Ok(if until == Condition::Gone {
                gone(format!("instance {id} is gone"))
            } else {
                JobProgress::Failed {
                    message: format!("instance {id} disappeared"),
                }
            });
        };
        let state = s.raw_status.text.as_deref().unwrap_or("unknown");
        if until == Condition::Gone {
            return Ok(if parse::is_deleted_status(s.raw_status.text.as_deref()) {
                gone(format!("instance {id} is deleted"))
            } else {
                running(format!("instance {id} is {state}"))
            });
        }
        if s.status == ServerStatus::Error {
            return Ok(JobProgress::Failed {
                message: format!("instance {id} is in state {state}"),
            });
        }
        let has_ip = !(s.ipv4.is_empty() && s.ipv6.is_empty());
        let done = match until {
            Condition::Running => s.status == ServerStatus::Running && has_ip,
            Condition::Stopped => s.status == ServerStatus::Stopped,
            Condition::Settled | Condition::Ready => {
                !s.status.is_transitional() && s.status != ServerStatus::Unknown
            }
            Condition::Gone => false,
        };
        Ok(if done {
            succeeded(format!("instance {id} is {state}"), id)
        } else {
            running(format!("instance {id} is {state}"))
        })
    }

    async fn poll_snapshot(&self, id: &str, until: Condition) -> Result<JobProgress> {
        let listed = self.polled_snapshots().await?.into_iter().find(|s| s.id == id);
        // Automated-backup snapshots are not in the default list: ask for the one.
        let snapshot = match listed {
            Some(s) => Some(s),
            None => match self.get_snapshot(id).await {
                Ok(s) => Some(s),
                Err(Error::NotFound { .. }) => None,
                Err(e) => return Err(e),
            },
        };
        let Some(s) = snapshot else {
            return Ok(if until == Condition::Gone {
                gone(format!("snapshot {id} is gone"))
            } else {
                JobProgress::Failed {
                    message: format!("snapshot {id} disappeared"),
                }
            });
        };
        let state = s.raw_status.text.as_deref().unwrap_or("unknown");
        Ok(match (s.status, until) {
            (_, Condition::Gone) => running(format!("snapshot {id} is {state}")),
            (SnapshotStatus::Failed, _) => JobProgress::Failed {
                message: format!("snapshot {id} failed"),
            },
            (SnapshotStatus::Ready, _) => succeeded(format!("snapshot {id} is ready"), id),
            _ => running(format!("snapshot {id} is {state}")),
        })
    }

    async fn poll_upload(&self, kind: UploadKind, id: &str, until: Condition) -> Result<JobProgress> {
        let noun = upload_noun(kind);
        let listed = self.polled_uploads(kind).await?.into_iter().find(|u| u.id == id);
        let upload = match listed {
            Some(u) => Some(u),
            None => match self.get_upload(kind, id).await {
                Ok(u) => Some(u),
                Err(Error::NotFound { .. }) => None,
                Err(e) => return Err(e),
            },
        };
        let Some(u) = upload.filter(|u| u.status != ArtifactStatus::Deleted) else {
            return Ok(if until == Condition::Gone {
                gone(format!("{noun} {id} is gone"))
            } else {
                JobProgress::Failed {
                    message: format!("{noun} {id} disappeared"),
                }
            });
        };
        let state = u.raw_status.text.as_deref().unwrap_or("unknown");
        Ok(match (u.status, until) {
            (_, Condition::Gone) => running(format!("{noun} {id} is {state}")),
            (ArtifactStatus::Failed, _) => JobProgress::Failed {
                message: format!("the download of {noun} {} failed", u.name),
            },
            (ArtifactStatus::Ready, _) => succeeded(format!("{noun} {} is ready", u.name), id),
            _ => running(format!("{noun} {} is {state}", u.name)),
        })
    }

    /// The instance a create answered without ids for: the ordered hostname, not known before, not
    /// deleted — the newest such.
    async fn find_new_server(&self, m: &NewResourceMatch, until: Condition) -> Result<JobProgress> {
        let servers = self.polled_servers().await?;
        let found = servers
            .iter()
            .filter(|s| !m.known_ids.contains(&s.id))
            .filter(|s| !parse::is_deleted_status(s.raw_status.text.as_deref()))
            .filter(|s| {
                m.hostname
                    .as_deref()
                    .or(m.label.as_deref())
                    .is_some_and(|h| s.hostname.as_deref() == Some(h) || s.name == h)
            })
            .max_by_key(|s| s.created_at);
        Ok(match found {
            Some(s) => JobProgress::Retrack {
                tracking: Tracking::Poll {
                    resource: ResourceKind::Server,
                    id: s.id.clone(),
                    until,
                },
                target: Some(s.id.clone()),
                message: Some(format!("instance {} found", s.id)),
            },
            None => running("waiting for the new instance to appear".into()),
        })
    }

    /// The snapshot `POST /v1/snapshots` made: of the instance, not known before the request.
    async fn find_new_snapshot(&self, m: &NewResourceMatch, until: Condition) -> Result<JobProgress> {
        let snapshots = match m.server_id.as_deref() {
            // Asking for the instance's snapshots keeps the answer small; not coalesced, but a
            // snapshot creation is rare next to the polls of its own job.
            Some(server) => self.list_snapshots(Some(server)).await?,
            None => self.polled_snapshots().await?,
        };
        let found = snapshots
            .into_iter()
            .filter(|s| !m.known_ids.contains(&s.id))
            .filter(|s| {
                m.server_id
                    .as_deref()
                    .is_none_or(|sid| s.server_id.as_deref().is_none_or(|x| x == sid))
            })
            .max_by_key(|s| s.created_at);
        Ok(match found {
            Some(s) => {
                if s.status == SnapshotStatus::Ready || s.status == SnapshotStatus::Failed {
                    // Already settled: answer now rather than one interval later.
                    return Ok(match s.status {
                        SnapshotStatus::Failed => JobProgress::Failed {
                            message: format!("snapshot {} failed", s.id),
                        },
                        _ => succeeded(format!("snapshot {} is ready", s.id), &s.id),
                    });
                }
                JobProgress::Retrack {
                    tracking: Tracking::Poll {
                        resource: ResourceKind::Snapshot,
                        id: s.id.clone(),
                        until,
                    },
                    target: Some(s.id.clone()),
                    message: Some(format!("snapshot {} found", s.id)),
                }
            }
            None => running("waiting for the new snapshot to appear".into()),
        })
    }

    async fn find_new_upload(
        &self,
        kind: UploadKind,
        resource: ResourceKind,
        m: &NewResourceMatch,
        until: Condition,
    ) -> Result<JobProgress> {
        let uploads = self.polled_uploads(kind).await?;
        let found = uploads
            .iter()
            .filter(|u| !m.known_ids.contains(&u.id))
            .filter(|u| m.label.as_deref().is_none_or(|l| u.name == l))
            .max_by_key(|u| u.created_at);
        Ok(match found {
            Some(u) => JobProgress::Retrack {
                tracking: Tracking::Poll {
                    resource,
                    id: u.id.clone(),
                    until,
                },
                target: Some(u.id.clone()),
                message: Some(format!("{} {} found", upload_noun(kind), u.id)),
            },
            None => running(format!("waiting for the new {} to appear", upload_noun(kind))),
        })
    }
}
