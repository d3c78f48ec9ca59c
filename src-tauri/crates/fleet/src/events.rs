//! What a [`crate::Fleet`] tells its host while it works: job progress and refreshed accounts.
//! The desktop app turns these into Tauri events; the CLI prints job progress on stderr.

use serde::Serialize;
use ts_rs::TS;

use fleetdeck_core::job::Job;

use crate::views::AccountState;

/// One event, as pushed to the UI.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[ts(export)]
pub enum FleetEvent {
    /// A job started, progressed or ended.
    Job { job: Box<Job> },
    /// An account's servers were refreshed (or failed to be): its cache changed.
    AccountRefreshed { state: Box<AccountState> },
    /// Something the user should know that is not an error of an action (a discarded cache file…).
    Warning { message: String },
}

/// Receives a fleet's events. Called from background tasks: implementations must be quick.
pub trait FleetEvents: Send + Sync {
    fn emit(&self, event: FleetEvent);
}

/// Drops every event.
pub struct NoEvents;

impl FleetEvents for NoEvents {
    fn emit(&self, _: FleetEvent) {}
}
