//! The start's trace: when each step of the app's start happened, in milliseconds since the process
//! started, as `tracing` events at info level under one target ([`TARGET`]), so that a slow start
//! can be read step by step from the log (`RUST_LOG=fleetdeck::startup=info`, on by default) and
//! scripts/bench-app.sh's figures can be split into Rust set-up, page load and IPC.
//!
//! Steps: `setup` begin/end and each step inside it (data dir, tray, fleet, sandbox resume, jobs
//! resume), the first IPC command received and the first `cached_servers` answered. Recording is
//! a clock read, a short lock and one log line: cheap enough to stay in the product.
//!
//! The origin is the first call of [`trace`], the first thing `run()` does (src-tauri/src/lib.rs):
//! before it only the loader and the Rust runtime ran.

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The `tracing` target of every start event.
pub const TARGET: &str = "fleetdeck::startup";

/// One recorded step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartupMark {
    pub step: &'static str,
    /// Milliseconds since the origin.
    pub elapsed_ms: u64,
}

/// Records the steps of one start against one origin.
pub struct StartupTrace {
    origin: Instant,
    marks: Mutex<Vec<StartupMark>>,
    /// Set once the first `cached_servers` answer has left: the window can paint its rows, so
    /// work that the first paint does not need may begin (see [`StartupTrace::first_listing_sent`]).
    listing_sent: tokio::sync::watch::Sender<bool>,
}

impl StartupTrace {
    pub fn new(origin: Instant) -> Self {
        StartupTrace {
            origin,
            marks: Mutex::new(Vec::new()),
            listing_sent: tokio::sync::watch::Sender::new(false),
        }
    }

    /// Milliseconds since the origin.
    pub fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Record `step` now (logged and kept); answers its elapsed time.
    pub fn mark(&self, step: &'static str) -> u64 {
        let elapsed_ms = self.elapsed_ms();
        self.lock().push(StartupMark { step, elapsed_ms });
        tracing::info!(target: TARGET, step, elapsed_ms, "start: {step} at {elapsed_ms} ms");
        elapsed_ms
    }

    /// Record `step` only the first time it is asked for (later calls do nothing); answers whether
    /// it was recorded now. `detail` (a command name) goes into the log line only.
    pub fn first(&self, step: &'static str, detail: &str) -> bool {
        let elapsed_ms = self.elapsed_ms();
        {
            let mut marks = self.lock();
            if marks.iter().any(|m| m.step == step) {
                return false;
            }
            marks.push(StartupMark { step, elapsed_ms });
        }
        tracing::info!(target: TARGET, step, detail, elapsed_ms, "start: {step} {detail} at {elapsed_ms} ms");
        true
    }

    /// Run `work` as a step: `<step> begin` and `<step> end` marks around it.
    pub fn step<T>(&self, begin: &'static str, end: &'static str, work: impl FnOnce() -> T) -> T {
        self.mark(begin);
        let out = work();
        self.mark(end);
        out
    }

    /// The first `cached_servers` answer left: record it and let deferred work begin.
    pub fn listing_sent(&self) {
        if self.first(FIRST_CACHED_SERVERS, "") {
            self.listing_sent.send_replace(true);
        }
    }

    /// Wait until the first cached listing has been answered, or `at_most` (a window that shows
    /// another view first never asks for it); answers whether the listing came first.
    pub async fn first_listing_sent(&self, at_most: Duration) -> bool {
        let mut sent = self.listing_sent.subscribe();
        tokio::time::timeout(at_most, sent.wait_for(|s| *s))
            .await
            .is_ok_and(|r| r.is_ok())
    }

    /// Every step recorded so far, in order.
    pub fn marks(&self) -> Vec<StartupMark> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<StartupMark>> {
        // A panic while holding this lock cannot leave the list half-written: keep using it.
        self.marks.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The step names the app records once.
pub const FIRST_COMMAND: &str = "first IPC command received";
pub const FIRST_CACHED_SERVERS: &str = "first cached_servers answered";

/// This process's start trace; its origin is the first call (`run()` calls it first).
pub fn trace() -> &'static StartupTrace {
    static TRACE: OnceLock<StartupTrace> = OnceLock::new();
    TRACE.get_or_init(|| StartupTrace::new(Instant::now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace_started_ms_ago(ms: u64) -> StartupTrace {
        let now = Instant::now();
        StartupTrace::new(now.checked_sub(Duration::from_millis(ms)).unwrap_or(now))
    }

    #[test]
    fn steps_are_kept_in_order_with_their_time_since_the_origin() {
        let trace = trace_started_ms_ago(5_000);
        let seen = trace.mark("setup begin");
        assert!(seen >= 5_000, "{seen}");
        let answer = trace.step("fleet begin", "fleet end", || 42);
        assert_eq!(answer, 42);
        let marks = trace.marks();
        let steps: Vec<&str> = marks.iter().map(|m| m.step).collect();
        assert_eq!(steps, ["setup begin", "fleet begin", "fleet end"]);
        assert!(
            marks.windows(2).all(|w| w[0].elapsed_ms <= w[1].elapsed_ms),
            "{marks:?}"
        );
        assert!(marks.iter().all(|m| m.elapsed_ms >= 5_000), "{marks:?}");
    }

    #[test]
    fn a_first_step_is_recorded_once() {
        let trace = trace_started_ms_ago(0);
        assert!(trace.first(FIRST_COMMAND, "list_accounts"));
        assert!(!trace.first(FIRST_COMMAND, "cached_servers"));
        trace.mark("later");
        assert!(!trace.first(FIRST_COMMAND, "jobs"));
        let steps: Vec<&str> = trace.marks().iter().map(|m| m.step).collect();
        assert_eq!(steps, [FIRST_COMMAND, "later"]);
    }

    #[tokio::test]
    async fn deferred_work_waits_for_the_first_listing_or_gives_up() {
        let trace = trace_started_ms_ago(0);
        // Nothing answered yet: the wait ends at its limit and says so.
        assert!(!trace.first_listing_sent(Duration::from_millis(10)).await);
        trace.listing_sent();
        trace.listing_sent();
        assert!(trace.first_listing_sent(Duration::from_secs(60)).await);
        let firsts = trace
            .marks()
            .iter()
            .filter(|m| m.step == FIRST_CACHED_SERVERS)
            .count();
        assert_eq!(firsts, 1);
    }
}
