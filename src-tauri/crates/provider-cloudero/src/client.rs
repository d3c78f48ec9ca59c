//! The per-account Cloude.ro client: sending public and authenticated requests, the action path
//! styles, and the caches job polling shares.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use fleetdeck_core::coalesce::Coalesced;
use fleetdeck_core::http::{HttpClient, Request};
use fleetdeck_core::job::Clock;
use fleetdeck_core::{Error, ProviderEvent, Result, Server, Snapshot};
use serde_json::Value;

use crate::session::Authenticator;
use crate::wire;
use crate::PollTuning;

/// One account's client. Implements every provider trait (see `api.rs` and `jobs.rs`).
pub struct Cloudero {
    pub(crate) account: String,
    pub(crate) http: HttpClient,
    pub(crate) auth: Authenticator,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) tuning: PollTuning,
    /// Set once `/v1/server/<action>` (id in the body) answered where `/v1/server/{id}/<action>`
    /// was missing: later actions go there directly.
    pub(crate) body_id_actions: AtomicBool,
    /// One `GET /v1/event/list` per tick serves every pending event job.
    pub(crate) event_list: Coalesced<Vec<ProviderEvent>>,
    /// One `GET /v1/server/list` per tick serves every polled server job.
    pub(crate) server_list: Coalesced<Vec<Server>>,
    /// One `GET /v1/snapshot/list` per tick serves every polled snapshot job.
    pub(crate) snapshot_list: Coalesced<Vec<Snapshot>>,
    /// Event ids of jobs recently started or polled, with when; more than one → poll the list.
    pub(crate) pending_events: std::sync::Mutex<HashMap<String, Instant>>,
}

impl std::fmt::Debug for Cloudero {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cloudero")
            .field("account", &self.account)
            .field("http", &self.http)
            .finish_non_exhaustive()
    }
}

impl Cloudero {
    /// A public endpoint (regions, images, packages): no token is sent or needed.
    pub(crate) async fn public(&self, req: Request) -> Result<Value> {
        let resp = self.http.send(req).await?;
        wire::decode(&self.account, &resp)
    }

    /// An endpoint that needs the token: renewed before expiry, and once more on a 401.
    pub(crate) async fn authed(&self, req: Request) -> Result<Value> {
        let grant = self.auth.token(&self.http).await?;
        let resp = self.http.send(req.clone().bearer(&grant.token)).await?;
        if resp.status != 401 {
            return wire::decode(&self.account, &resp);
        }
        // A 401 means the request was not carried out, so sending it again is safe even for writes.
        let grant = self
            .auth
            .renew_after_rejection(&self.http, grant.generation)
            .await?;
        let resp = self.http.send(req.bearer(&grant.token)).await?;
        wire::decode(&self.account, &resp).map_err(|e| match e {
            Error::Auth { account, message } => Error::Auth {
                account,
                message: format!("the provider refused a freshly renewed token: {message}"),
            },
            other => other,
        })
    }

    /// A server action in either documented path style (docs/wire-decisions.md, Cloude.ro reference): first
    /// `/v1/server/{id}/<action>` with `id` (and `subscription_id`) in the body, then, when that
    /// route is missing (404/405), `/v1/server/<action>` with the same body.
    pub(crate) async fn server_call(
        &self,
        verb: Verb,
        id: &str,
        action: &str,
        extra: &[(&str, &str)],
    ) -> Result<Value> {
        let id = wire::path_id("server", id)?;
        let mut body = wire::form(&[("id", id), ("subscription_id", id)]);
        body.extend(wire::form(extra));
        let build = |path: String| {
            let req = match verb {
                Verb::Post => Request::post(path),
                Verb::Delete => Request::delete(path),
            };
            // These answers may carry a new root password: never quoted in an error.
            let req = if matches!(action, "change_password" | "reinstall" | "create_from_snapshot") {
                req.sensitive_answer()
            } else {
                req
            };
            req.form(body.clone())
        };
        let body_style = format!("/v1/server/{action}");
        if self.body_id_actions.load(Ordering::Relaxed) {
            return self.authed(build(body_style)).await;
        }
        match self.authed(build(format!("/v1/server/{id}/{action}"))).await {
            Err(e) if route_missing(&e) => {
                let answer = self.authed(build(body_style)).await?;
                self.body_id_actions.store(true, Ordering::Relaxed);
                Ok(answer)
            }
            other => other,
        }
    }

    /// Remember an event job as pending (for choosing between per-event and list polling).
    pub(crate) fn note_pending_event(&self, id: &str) -> usize {
        let mut pending = self.pending_events.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let keep = self.tuning.event_interval * 3;
        pending.retain(|_, at| now.duration_since(*at) <= keep);
        pending.insert(id.to_owned(), now);
        pending.len()
    }

    pub(crate) fn forget_pending_event(&self, id: &str) {
        self.pending_events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }
}

/// Whether an error says the route (not the resource) is missing.
fn route_missing(e: &Error) -> bool {
    matches!(
        e,
        Error::NotFound { .. }
            | Error::Provider {
                status: Some(405),
                ..
            }
    )
}

/// The methods server actions use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    Post,
    Delete,
}
