//! Start-up shared by the provider crates' tests against the sandbox.
//!
//! Every such test wants the same thing: one simulator on a free loopback port, no admin API, no
//! state file, seeded by the given [`SimConfig`]. The endpoint and the seeded credentials are then
//! read from the returned [`Sandbox`] ([`Sandbox::endpoint`], [`Sandbox::credentials`]).
//!
//! [`CountingServer`] is for the tests of concurrent listings: it answers from a closure and
//! counts the requests in flight at once, holding chosen requests back until a batch is in flight.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};

use crate::{Sandbox, SandboxConfig, SandboxError, SimConfig};

/// Starts a sandbox serving only the simulator of `kind` (one of [`crate::KINDS`]) on a free
/// loopback port, seeded by `sim`, without the admin API or a state file.
pub async fn start_for(kind: &str, sim: SimConfig) -> Result<Sandbox, SandboxError> {
    Sandbox::start(SandboxConfig {
        sim,
        port_base: None,
        admin: false,
        state_file: None,
        kinds: Some(vec![kind.to_owned()]),
    })
    .await
}

/// The status and JSON body a [`CountingServer`] answers for a request's path and query.
pub type Answer = Arc<dyn Fn(&str, &str) -> (u16, String) + Send + Sync>;

/// Whether a [`CountingServer`] holds a request back, given its path and query.
pub type Matches = Arc<dyn Fn(&str, &str) -> bool + Send + Sync>;

/// Which requests a [`CountingServer`] holds back, so that the ones a client sends at once are
/// all in flight together when the server looks (concurrency shows without any timing).
pub struct Hold {
    /// The requests held: those this returns `true` for, given the path and the query.
    pub matches: Matches,
    /// Held requests are answered in batches of this many (or of all that remain of `expected`).
    pub width: usize,
    /// How many requests match in all: the last batch is the remainder.
    pub expected: usize,
}

/// How long one held request waits for its batch before it is answered anyway: a client that
/// sends fewer at once than the batch still gets its list, only slower (the test's count of
/// requests in flight then shows it).
const HOLD_AT_MOST: Duration = Duration::from_secs(2);

#[derive(Default)]
struct Counts {
    in_flight: usize,
    peak: usize,
    /// `path?query` of every request, in arrival order.
    requests: Vec<String>,
    /// Held requests that arrived, and how many of those are released.
    arrived: usize,
    released: usize,
}

struct Shared {
    answer: Answer,
    hold: Option<Hold>,
    counts: Mutex<Counts>,
    /// The number of held requests released so far (arrival order).
    released: watch::Sender<usize>,
}

/// A loopback HTTP server that answers with a closure and counts the requests in flight at once,
/// for the tests of listings that fetch concurrently. Ends with [`CountingServer::shutdown`].
pub struct CountingServer {
    url: String,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl CountingServer {
    /// Serves `answer` on a free loopback port; `hold` (when given) holds the matching requests
    /// back until a batch of them is in flight.
    pub async fn start(answer: Answer, hold: Option<Hold>) -> std::io::Result<CountingServer> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let shared = Arc::new(Shared {
            answer,
            hold,
            counts: Mutex::new(Counts::default()),
            released: watch::channel(0).0,
        });
        let router = Router::new().fallback(serve_one).with_state(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(CountingServer {
            url,
            shared,
            stop: Some(stop),
            task,
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The most requests that were in flight at once.
    pub fn peak(&self) -> usize {
        self.counts().peak
    }

    /// `path?query` (or `path`) of every request so far, in arrival order.
    pub fn requests(&self) -> Vec<String> {
        self.counts().requests.clone()
    }

    fn counts(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.shared
            .counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Stops serving and waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for CountingServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve_one(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let path = uri.path().to_owned();
    let query = uri.query().unwrap_or("").to_owned();
    let lock = || {
        shared
            .counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    {
        let mut c = lock();
        c.in_flight += 1;
        c.peak = c.peak.max(c.in_flight);
        c.requests.push(if query.is_empty() {
            path.clone()
        } else {
            format!("{path}?{query}")
        });
    }
    if let Some(hold) = shared.hold.as_ref().filter(|h| (h.matches)(&path, &query)) {
        let mine = {
            let mut c = lock();
            let mine = c.arrived;
            c.arrived += 1;
            let batch = hold.width.min(hold.expected.saturating_sub(c.released)).max(1);
            if c.arrived - c.released >= batch {
                c.released = c.arrived;
                shared.released.send_replace(c.released);
            }
            mine
        };
        let mut released = shared.released.subscribe();
        let _ = tokio::time::timeout(HOLD_AT_MOST, released.wait_for(|r| *r > mine)).await;
    }
    let (status, body) = (shared.answer)(&path, &query);
    // Out of flight before the answer leaves, so the client's next request can never overlap it.
    lock().in_flight -= 1;
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}
