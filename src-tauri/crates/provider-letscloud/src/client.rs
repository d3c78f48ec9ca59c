//! The per-account LetsCloud client: authenticated sending, and the caches job polling shares.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use std::time::Instant;

use fleetdeck_core::coalesce::Coalesced;
use fleetdeck_core::http::{HttpClient, Request, Response};
use fleetdeck_core::job::{Clock, Condition};
use fleetdeck_core::{Result, SecretString, Server, Snapshot};

use crate::wire::{self, Answer, Expect};
use crate::PollTuning;

/// The media type that pins API v1 (docs/wire-decisions.md, LetsCloud reference: the node SDK
/// sends it as the content type; the client sends it as `Accept`).
pub(crate) const ACCEPT: &str = "application/vnd.letscloud.v1+json";

/// One account's client. Implements every provider trait (see `api.rs` and `jobs.rs`).
pub struct LetsCloud {
    pub(crate) account: String,
    pub(crate) http: HttpClient,
    /// The `api-token`. Sent as a sensitive header; `SecretString` keeps it out of `Debug`.
    pub(crate) token: SecretString,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) tuning: PollTuning,
    /// One `GET /instances` per tick serves every pending server job of the account.
    pub(crate) instance_list: Coalesced<Vec<Server>>,
    /// One `GET /snapshots` per tick serves every pending snapshot job when several are pending.
    pub(crate) snapshot_list: Coalesced<Vec<Snapshot>>,
    /// Snapshot slugs recently polled, with when; more than one → poll the shared list.
    pub(crate) pending_snapshots: std::sync::Mutex<HashMap<String, Instant>>,
    /// Labels (lowercase) of creates sent by this client whose instance has not been found yet,
    /// with when: a second create with the same label is refused before the first one shows in
    /// the list. A reservation lapses with its create job's time-out.
    pub(crate) pending_labels: std::sync::Mutex<HashMap<String, Instant>>,
    /// Per (instance, condition) of a power job: whether it was seen locked, and how many polls
    /// since showed it unlocked in the wrong power state. Memory only: after a restart a job
    /// simply waits for its condition or its time-out.
    pub(crate) settle_watch: std::sync::Mutex<HashMap<(String, Condition), SettleWatch>>,
}

/// What a power job saw of its instance's lock.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SettleWatch {
    pub seen_locked: bool,
    pub wrong_polls: u32,
}

impl std::fmt::Debug for LetsCloud {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LetsCloud")
            .field("account", &self.account)
            .field("http", &self.http)
            .finish_non_exhaustive()
    }
}

impl LetsCloud {
    /// Send with the token and the version header, answering the raw response.
    pub(crate) async fn send(&self, req: Request) -> Result<Response> {
        let req = req
            .secret_header("api-token", &self.token)
            .header("accept", ACCEPT);
        self.http.send(req).await
    }

    /// Send and decode the envelope.
    pub(crate) async fn call(&self, req: Request, expect: Expect) -> Result<Answer> {
        let resp = self.send(req).await?;
        wire::decode(&self.account, &resp, expect)
    }

    /// Remember a snapshot job as pending; answers how many are pending now.
    pub(crate) fn note_pending_snapshot(&self, slug: &str) -> usize {
        let mut pending = self.pending_snapshots.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let keep = self.tuning.snapshot_interval * 3;
        pending.retain(|_, at| now.duration_since(*at) <= keep);
        pending.insert(slug.to_owned(), now);
        pending.len()
    }

    pub(crate) fn forget_pending_snapshot(&self, slug: &str) {
        self.pending_snapshots
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(slug);
    }

    /// Reserve a label for a create; `false` when a create with it is already pending here.
    pub(crate) fn reserve_label(&self, label: &str, lapse: Duration) -> bool {
        let mut pending = self.pending_labels.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        pending.retain(|_, at| now.duration_since(*at) < lapse);
        let key = label.to_lowercase();
        if pending.contains_key(&key) {
            return false;
        }
        pending.insert(key, now);
        true
    }

    pub(crate) fn release_label(&self, label: &str) {
        self.pending_labels
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&label.to_lowercase());
    }
}
