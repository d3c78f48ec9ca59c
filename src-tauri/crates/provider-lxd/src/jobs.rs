//! Following LXD-dialect jobs (docs/wire-decisions.md, vz and LXD reference; behaviour measured on LXD 5.0:
//! README.md "Jobs").
//!
//! - `Tracking::Operation` with `/1.0/operations/<id>`: long-poll `…/wait?timeout=N` (N = the
//!   waiter's slice). The answer is the operation inside a sync envelope, HTTP 200 whatever the
//!   outcome: `status_code` 200 success, 400 failure (with `err`), 401 cancelled; still running
//!   when the wait timed out. A server without `/wait` (404/400/405/501 on it while the operation
//!   itself answers) is polled with plain `GET`s from then on.
//! - Finished operations vanish about 5 s after they end (404). An operation that is gone can no
//!   longer say how it ended: the job fails with that explanation rather than guessing success.
//! - `Tracking::Poll` (the seed's answer naming the container as the operation): the container's
//!   `…/state` until the condition holds; 404 is "gone".

use std::sync::atomic::Ordering;
use std::time::Duration;

use async_trait::async_trait;
use fleetdeck_core::http::Request;
use fleetdeck_core::job::{Condition, JobProgress, JobTracker, ResourceKind, Tracking};
use fleetdeck_core::{Error, ErrorCode, Result, ServerStatus};
use serde_json::Value;

use crate::api::is_operation_url;
use crate::client::Lxd;
use crate::parse;
use crate::wire;

#[async_trait]
impl JobTracker for Lxd {
    async fn poll(&self, tracking: &Tracking, max_wait: Duration) -> Result<JobProgress> {
        match tracking {
            Tracking::Operation { url } if is_operation_url(url) => self.poll_operation(url, max_wait).await,
            Tracking::Operation { url } => self.poll_resource_url(url).await,
            Tracking::Poll {
                resource: ResourceKind::Server,
                id,
                until,
            } => self.poll_server(id, *until).await,
            Tracking::Done => Ok(JobProgress::Succeeded {
                message: None,
                target: None,
            }),
            other => Err(Error::internal(format!(
                "a vz/LXD account cannot follow {other:?}"
            ))),
        }
    }

    fn poll_interval(&self, tracking: &Tracking) -> Duration {
        match tracking {
            Tracking::Operation { url }
                if is_operation_url(url) && !self.wait_unsupported.load(Ordering::Relaxed) =>
            {
                Duration::ZERO
            }
            _ => self.tuning.poll_interval,
        }
    }
}

/// A relative operation path that cannot climb out of the API (it comes from the server or from a
/// persisted job).
fn checked_path(url: &str) -> Result<&str> {
    let ok = url.starts_with('/')
        && !url.contains("..")
        && !url.contains(['?', '#'])
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(url)
    } else {
        Err(Error::internal(format!("'{url}' is not an operation path")))
    }
}

impl Lxd {
    async fn poll_operation(&self, url: &str, max_wait: Duration) -> Result<JobProgress> {
        let url = checked_path(url)?;
        if !self.wait_unsupported.load(Ordering::Relaxed) {
            let slice = self.tuning.wait_slice.max(Duration::from_secs(1));
            let secs = max_wait.clamp(Duration::from_secs(1), slice).as_secs().max(1);
            let req = Request::get(format!("{url}/wait"))
                .query("timeout", secs.to_string())
                // The server holds the request up to `secs`: give the answer time to arrive.
                .timeout(Duration::from_secs(secs) + self.tuning.wait_grace);
            match self.call(req).await {
                Ok(answer) => return Ok(self.progress(url, answer.metadata())),
                Err(e) if wait_missing(&e) => {}
                Err(e) => return Err(e),
            }
            // Either the operation is gone, or this server has no `/wait`: ask the operation.
            return match self.call(Request::get(url)).await {
                Ok(answer) => {
                    tracing::debug!(account = %self.account, "no /wait on this server; polling operations");
                    self.wait_unsupported.store(true, Ordering::Relaxed);
                    Ok(self.progress(url, answer.metadata()))
                }
                Err(e) if e.code() == ErrorCode::NotFound => Ok(vanished(url)),
                Err(e) => Err(e),
            };
        }
        match self.call(Request::get(url)).await {
            Ok(answer) => Ok(self.progress(url, answer.metadata())),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(vanished(url)),
            Err(e) => Err(e),
        }
    }

    fn progress(&self, url: &str, metadata: &Value) -> JobProgress {
        let Some(op) = wire::operation(metadata) else {
            return JobProgress::Running {
                message: Some(format!("operation {} answered without a status", short(url))),
                percent: None,
            };
        };
        if !op.is_final() {
            return JobProgress::Running {
                message: Some(format!("{} ({})", op.description, op.status.to_lowercase())),
                percent: op.percent,
            };
        }
        if op.succeeded() {
            // Only a creation names a new resource worth adopting as the job's target; for the
            // other kinds the job already names it (or a snapshot of it).
            let target = op
                .description
                .to_ascii_lowercase()
                .contains("creat")
                .then(|| op.resource(&["instances", "containers", "vz"]))
                .flatten();
            return JobProgress::Succeeded {
                message: Some(format!("{}: done", op.description)),
                target,
            };
        }
        let why = op.err.clone().unwrap_or_else(|| {
            if op.status_code == 401 {
                "cancelled".into()
            } else {
                format!("status {}", op.status_code)
            }
        });
        JobProgress::Failed {
            message: format!("{} failed: {why}", op.description),
        }
    }

    /// The seed's operation URL is the container itself: done when it is settled or gone.
    async fn poll_resource_url(&self, url: &str) -> Result<JobProgress> {
        let url = checked_path(url)?;
        let id = wire::last_segment(url).unwrap_or_default();
        match self.get(url.to_owned()).await {
            Err(e) if e.code() == ErrorCode::NotFound => Ok(JobProgress::Succeeded {
                message: Some(format!("{id} is gone")),
                target: None,
            }),
            Err(e) => Err(e),
            Ok(meta) => {
                let status = parse::vz_container(&self.account, &id, &meta)
                    .map(|s| s.status)
                    .unwrap_or(ServerStatus::Unknown);
                Ok(settled_progress(&id, status, Condition::Settled))
            }
        }
    }

    async fn poll_server(&self, id: &str, until: Condition) -> Result<JobProgress> {
        let f = self.flavour().await?;
        let path = format!("{}/state", Lxd::item(f, id)?);
        match self.get(path).await {
            Err(e) if e.code() == ErrorCode::NotFound => Ok(if until == Condition::Gone {
                JobProgress::Succeeded {
                    message: Some(format!("{id} is gone")),
                    target: None,
                }
            } else {
                JobProgress::Failed {
                    message: format!("{id} disappeared"),
                }
            }),
            Err(e) => Err(e),
            Ok(state) => {
                let code = fleetdeck_core::lenient::number(state.get("status_code")).map(|c| c as i64);
                let text = fleetdeck_core::lenient::text(state.get("status"));
                let status = parse::status_of(code, text.as_deref());
                Ok(settled_progress(id, status, until))
            }
        }
    }
}

fn settled_progress(id: &str, status: ServerStatus, until: Condition) -> JobProgress {
    let state = format!("{status:?}").to_lowercase();
    if status == ServerStatus::Error {
        return JobProgress::Failed {
            message: format!("{id} is in an error state"),
        };
    }
    let done = match until {
        Condition::Running => status == ServerStatus::Running,
        Condition::Stopped => status == ServerStatus::Stopped,
        Condition::Settled | Condition::Ready => !status.is_transitional(),
        Condition::Gone => false,
    };
    if done {
        JobProgress::Succeeded {
            message: Some(format!("{id} is {state}")),
            target: None,
        }
    } else {
        JobProgress::Running {
            message: Some(format!("{id} is {state}")),
            percent: None,
        }
    }
}

/// Whether an error on `/wait` may mean "no such route" (then the operation itself is asked).
fn wait_missing(e: &Error) -> bool {
    match e {
        Error::NotFound { .. } | Error::Validation { .. } => true,
        Error::Provider { status: Some(s), .. } => matches!(s, 405 | 501),
        _ => false,
    }
}

fn short(url: &str) -> String {
    wire::last_segment(url).unwrap_or_else(|| url.to_owned())
}

fn vanished(url: &str) -> JobProgress {
    JobProgress::Failed {
        message: format!(
            "operation {} is no longer known to the server (finished operations are forgotten about 5 s after they end), \
             so how it ended is unknown: refresh the server to see its state",
            short(url)
        ),
    }
}
