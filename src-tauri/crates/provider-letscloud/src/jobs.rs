//! Following LetsCloud jobs (docs/wire-decisions.md, LetsCloud reference). LetsCloud has no job ids: every
//! job polls a resource's flags.
//!
//! - Servers (`Tracking::Poll` / `FindNew`): one coalesced `GET /instances` per tick serves every
//!   pending server job of the account (5,000 requests/hour per token). A create is found by its
//!   unique label + hostname, then polled until `built && booted && !locked` with an IP.
//! - Snapshots: until `build == true`. With one snapshot pending, `GET /snapshots/status/{slug}`
//!   (falling back to `GET /snapshots/{slug}` when it answers no `build`); with several, one
//!   coalesced `GET /snapshots` per tick.

use std::time::Duration;

use async_trait::async_trait;
use fleetdeck_core::http::Request;
use fleetdeck_core::job::{Condition, JobProgress, JobTracker, NewResourceMatch, ResourceKind, Tracking};
use fleetdeck_core::{Error, Result, Server, ServerStatus, SnapshotStatus};

use crate::client::LetsCloud;
use crate::parse::{self, Flags};
use crate::wire::{self, Expect};

#[async_trait]
impl JobTracker for LetsCloud {
    async fn poll(&self, tracking: &Tracking, _max_wait: Duration) -> Result<JobProgress> {
        match tracking {
            Tracking::Poll {
                resource: ResourceKind::Server,
                id,
                until,
            } => self.poll_server(id, *until).await,
            Tracking::FindNew {
                resource: ResourceKind::Server,
                matcher,
                until,
            } => self.find_new_server(matcher, *until).await,
            Tracking::Poll {
                resource: ResourceKind::Snapshot,
                id,
                until,
            } => self.poll_snapshot(id, *until).await,
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
                "a LetsCloud account cannot follow {other:?}"
            ))),
        }
    }

    fn poll_interval(&self, tracking: &Tracking) -> Duration {
        match tracking {
            Tracking::Poll {
                resource: ResourceKind::Snapshot,
                ..
            }
            | Tracking::FindNew {
                resource: ResourceKind::Snapshot,
                ..
            } => self.tuning.snapshot_interval,
            _ => self.tuning.server_interval,
        }
    }
}

/// Whether a server meets a job's condition. Power state is eventually consistent on LetsCloud
/// (`booted` may lag), so "stopped" and "running" both also wait for `locked` to clear.
fn meets(s: &Server, until: Condition) -> bool {
    let f = flags_of(s);
    let has_ip = !(s.ipv4.is_empty() && s.ipv6.is_empty());
    match until {
        Condition::Running => f.built && f.booted && !f.locked && !f.suspended && has_ip,
        Condition::Stopped => f.built && !f.booted && !f.locked,
        Condition::Settled | Condition::Ready => f.built && !f.locked,
        Condition::Gone => false,
    }
}

fn flags_of(s: &Server) -> Flags {
    let f = |k: &str| s.raw_status.flags.get(k).copied().unwrap_or(false);
    Flags {
        booted: f("booted"),
        built: f("built"),
        locked: f("locked"),
        suspended: f("suspended"),
    }
}

impl LetsCloud {
    pub(crate) async fn polled_servers(&self) -> Result<Vec<Server>> {
        self.instance_list.get(|| self.fetch_servers()).await
    }

    async fn poll_server(&self, id: &str, until: Condition) -> Result<JobProgress> {
        let servers = self.polled_servers().await?;
        let Some(s) = servers.iter().find(|s| s.id == id) else {
            return Ok(if until == Condition::Gone {
                JobProgress::Succeeded {
                    message: Some(format!("instance {id} is gone")),
                    target: None,
                }
            } else {
                JobProgress::Failed {
                    message: format!("instance {id} disappeared"),
                }
            });
        };
        let state = s.raw_status.text.as_deref().unwrap_or("unknown");
        if s.status == ServerStatus::Suspended && until != Condition::Gone {
            return Ok(JobProgress::Failed {
                message: format!("instance {} ({id}) is suspended by LetsCloud", s.name),
            });
        }
        if let Some(verdict) = self.watch_settling(s, until) {
            return Ok(verdict);
        }
        Ok(if meets(s, until) {
            JobProgress::Succeeded {
                message: Some(format!("{} is {state}", s.name)),
                target: Some(id.to_owned()),
            }
        } else {
            let waiting = if until == Condition::Running && s.status == ServerStatus::Running {
                " (waiting for an IP address)"
            } else {
                ""
            };
            JobProgress::Running {
                message: Some(format!("{} is {state}{waiting}", s.name)),
                percent: None,
            }
        })
    }

    /// A power job's failure, which LetsCloud never states: the instance was locked by the action,
    /// then stayed unlocked in the wrong power state for `settle_grace_polls` polls in a row.
    fn watch_settling(&self, s: &Server, until: Condition) -> Option<JobProgress> {
        if !matches!(until, Condition::Running | Condition::Stopped) {
            return None;
        }
        let f = flags_of(s);
        let key = (s.id.clone(), until);
        let mut watch = self.settle_watch.lock().unwrap_or_else(|p| p.into_inner());
        if meets(s, until) {
            watch.remove(&key);
            return None;
        }
        let entry = watch.entry(key.clone()).or_default();
        if !f.built {
            // Still being built (a create): the build's own lock does not arm the watch.
            return None;
        }
        if f.locked {
            entry.seen_locked = true;
            entry.wrong_polls = 0;
            return None;
        }
        let wrong_power = if until == Condition::Running {
            !f.booted
        } else {
            f.booted
        };
        if !(entry.seen_locked && wrong_power) {
            entry.wrong_polls = 0;
            return None;
        }
        entry.wrong_polls += 1;
        if entry.wrong_polls < self.tuning.settle_grace_polls.max(1) {
            return None;
        }
        watch.remove(&key);
        let (want, have) = if until == Condition::Running {
            ("running", "off")
        } else {
            ("off", "still running")
        };
        Some(JobProgress::Failed {
            message: format!(
                "LetsCloud finished the action on {} ({}) but the instance is {have}, not {want}",
                s.name, s.id
            ),
        })
    }

    /// The instance a create made: LetsCloud answers no identifier, so it is the one carrying the
    /// create's unique label and hostname (the create refused a label already in use). Two or
    /// more candidates — someone created a twin meanwhile — cannot be told apart: the job fails
    /// rather than follow the wrong server.
    async fn find_new_server(&self, m: &NewResourceMatch, until: Condition) -> Result<JobProgress> {
        let Some(label) = m.label.as_deref() else {
            return Err(Error::internal("a LetsCloud create job carries no label"));
        };
        let servers = self.polled_servers().await?;
        let found: Vec<&Server> = servers
            .iter()
            .filter(|s| !m.known_ids.contains(&s.id))
            .filter(|s| same_label(s, label))
            .filter(|s| {
                m.hostname
                    .as_deref()
                    .is_none_or(|h| s.hostname.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(h)))
            })
            .collect();
        Ok(match found.as_slice() {
            [] => JobProgress::Running {
                message: Some(format!("waiting for instance {label} to appear")),
                percent: None,
            },
            [s] => {
                self.release_label(label);
                JobProgress::Retrack {
                    tracking: Tracking::Poll {
                        resource: ResourceKind::Server,
                        id: s.id.clone(),
                        until,
                    },
                    target: Some(s.id.clone()),
                    message: Some(format!("instance {label} found: {}", s.id)),
                }
            }
            many => {
                self.release_label(label);
                JobProgress::Failed {
                    message: format!(
                        "{} new instances are labelled {label} ({}): cannot tell which one this create made",
                        many.len(),
                        many.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                }
            }
        })
    }

    async fn poll_snapshot(&self, slug: &str, until: Condition) -> Result<JobProgress> {
        let pending = self.note_pending_snapshot(slug);
        let status = if pending > 1 || until == Condition::Gone {
            let list = self.snapshot_list.get(|| self.fetch_snapshots()).await?;
            list.into_iter().find(|s| s.id == slug).map(|s| s.status)
        } else {
            match self.snapshot_status(slug).await {
                Ok(s) => Some(s),
                Err(Error::NotFound { .. }) => None,
                Err(e) => return Err(e),
            }
        };
        let progress = match (status, until) {
            (None, Condition::Gone) => JobProgress::Succeeded {
                message: Some(format!("snapshot {slug} is gone")),
                target: None,
            },
            (None, _) => JobProgress::Failed {
                message: format!(
                    "snapshot {slug} disappeared (LetsCloud drops a snapshot whose build failed)"
                ),
            },
            (Some(SnapshotStatus::Failed), _) => JobProgress::Failed {
                message: format!("snapshot {slug} failed"),
            },
            (Some(SnapshotStatus::Ready), Condition::Ready | Condition::Settled) => JobProgress::Succeeded {
                message: Some(format!("snapshot {slug} is ready")),
                target: Some(slug.to_owned()),
            },
            (Some(_), _) => JobProgress::Running {
                message: Some(format!("snapshot {slug} is being built")),
                percent: None,
            },
        };
        if !matches!(progress, JobProgress::Running { .. }) {
            self.forget_pending_snapshot(slug);
        }
        Ok(progress)
    }

    /// A snapshot whose create answered no slug: the one with the requested label of that server.
    async fn find_new_snapshot(&self, m: &NewResourceMatch, until: Condition) -> Result<JobProgress> {
        let list = self.snapshot_list.get(|| self.fetch_snapshots()).await?;
        let found = list.iter().find(|s| {
            !m.known_ids.contains(&s.id)
                && m.label.as_deref().is_none_or(|l| s.name == l)
                && m.server_id
                    .as_deref()
                    .is_none_or(|sid| s.server_id.as_deref().is_none_or(|x| x == sid))
        });
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

    /// The build status of a snapshot: `GET /snapshots/status/{slug}` (`{slug, build}`), or — when
    /// that answers no `build` (an empty body, per the Postman example) — `GET /snapshots/{slug}`.
    pub async fn snapshot_status(&self, slug: &str) -> Result<SnapshotStatus> {
        let slug = wire::path_id("snapshot slug", slug)?;
        let answer = self
            .call(Request::get(format!("/snapshots/status/{slug}")), Expect::Ack)
            .await?;
        let build = parse::single_item(&answer.data).and_then(|d| d.get("build"));
        if build.is_some() {
            let status = parse::snapshot_status(build);
            if status != SnapshotStatus::Unknown {
                return Ok(status);
            }
        }
        Ok(self.fetch_snapshot(slug).await?.status)
    }
}

/// The label of an instance as LetsCloud sent it (the `name` falls back to the hostname).
pub(crate) fn same_label(s: &Server, label: &str) -> bool {
    s.raw
        .get("label")
        .and_then(serde_json::Value::as_str)
        .is_some_and(|l| l.trim().eq_ignore_ascii_case(label.trim()))
}
