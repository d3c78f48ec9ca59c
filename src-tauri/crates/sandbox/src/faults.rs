//! Fault and latency injection: an axum middleware wrapped around each simulator's router, so the
//! simulators never know about faults.
//!
//! Per provider, one [`Faults`] value says what to inject:
//! - latency, fixed (`minMs == maxMs`) or uniformly random in `minMs..=maxMs`, on every request;
//! - a burst of N error answers (5xx or 429), optionally with `Retry-After`;
//! - N hanging requests (no answer until the hang time passes or the sandbox shuts down: the
//!   client sees its own time-out);
//! - N malformed bodies (the real answer cut in half, so it is no longer JSON);
//! - N garbage bodies (an HTML error page with status 200, as a captive portal or a misrouted
//!   proxy answers);
//! - N redirects (307 to another address: a client must not follow it with its credentials);
//! - the provider down: new connections are closed at once and requests on open connections are
//!   cut before any answer, until the fault is cleared.
//!
//! Counted faults are consumed one per matching request, in this order: hang, redirect, burst,
//! malformed, garbage. `pathPrefix` limits every fault (latency included) to requests whose path
//! starts with it, so a test can break `/v1/server/list` without breaking the login before it;
//! `writesOnly` limits them to requests that change something (any method but GET and HEAD), so a
//! test can check that a write is never retried.
//! "Token expiry now" is an action, not a state: [`FaultHandle::expire_sessions`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::sim::ProviderSim;

/// How long a hanging request hangs when the fault does not say.
pub const DEFAULT_HANG: Duration = Duration::from_secs(300);
/// The largest body the malformed-body fault reads back before cutting it.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Latency added before a request reaches the simulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Latency {
    pub min_ms: u64,
    /// Equal to `min_ms` (or absent) for a fixed latency.
    #[serde(default)]
    pub max_ms: Option<u64>,
}

/// A burst of error answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Burst {
    /// HTTP status of the injected answers: 429 or 500..=599.
    pub status: u16,
    /// How many answers are still to be replaced.
    pub count: u32,
    /// Sent as `Retry-After: <secs>` when present.
    #[serde(default)]
    pub retry_after_secs: Option<u64>,
}

/// Requests that get no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hang {
    /// How many requests still hang.
    pub count: u32,
    /// How long each hangs before the sandbox answers 504 (default [`DEFAULT_HANG`]).
    #[serde(default)]
    pub ms: Option<u64>,
}

/// Answers that send the client elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Redirect {
    /// How many requests are still redirected.
    pub count: u32,
    /// Base URL of the target (`http://127.0.0.2:PORT`); the request's path and query follow it.
    pub to: String,
}

/// Everything injected into one provider's answers. `Default` injects nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Faults {
    pub latency: Option<Latency>,
    pub burst: Option<Burst>,
    pub hang: Option<Hang>,
    /// How many answers still get a malformed body.
    pub malformed: u32,
    /// How many answers are still replaced by an HTML page with status 200.
    pub garbage: u32,
    pub redirect: Option<Redirect>,
    /// The provider is unreachable: connections are closed with no answer.
    pub down: bool,
    /// Only requests whose path starts with this are affected (all when absent).
    pub path_prefix: Option<String>,
    /// Only requests that change something (every method but GET and HEAD) are affected.
    pub writes_only: bool,
}

impl Faults {
    /// Reject values that would make the layer answer something no provider sends.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(b) = &self.burst {
            if b.status != 429 && !(500..=599).contains(&b.status) {
                return Err(format!("burst status {} must be 429 or 5xx", b.status));
            }
        }
        if let Some(l) = &self.latency {
            if l.max_ms.is_some_and(|m| m < l.min_ms) {
                return Err("latency maxMs is below minMs".into());
            }
        }
        if let Some(r) = &self.redirect {
            if !(r.to.starts_with("http://") || r.to.starts_with("https://")) {
                return Err(format!("redirect target {} is not an http(s) URL", r.to));
            }
        }
        Ok(())
    }
}

/// Counters of what the layer did, for tests and the admin API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultStats {
    /// Requests that reached the layer.
    pub requests: u64,
    /// Error answers injected (burst).
    pub errors: u64,
    /// Requests hung.
    pub hangs: u64,
    /// Bodies malformed.
    pub malformed: u64,
    /// Requests the filters (`pathPrefix`, `writesOnly`) selected: what a client sent to the
    /// faulty paths, retries included.
    pub matched: u64,
    /// Bodies replaced by garbage.
    pub garbage: u64,
    /// Requests redirected.
    pub redirects: u64,
    /// Requests and connections cut while the provider was down.
    pub cut: u64,
}

/// What the layer decided for one request.
enum Plan {
    Pass,
    Error { status: u16, retry_after: Option<u64> },
    Hang(Duration),
    Malformed,
    Garbage,
    Redirect(String),
    Down,
}

pub(crate) struct FaultState {
    faults: Mutex<Faults>,
    sim: Arc<dyn ProviderSim>,
    shutdown: watch::Receiver<bool>,
    requests: AtomicU64,
    errors: AtomicU64,
    hangs: AtomicU64,
    malformed: AtomicU64,
    matched: AtomicU64,
    garbage: AtomicU64,
    redirects: AtomicU64,
    cut: AtomicU64,
}

impl FaultState {
    /// Decide, under the lock, what this request gets; counted faults are consumed here.
    fn plan(&self, method: &axum::http::Method, path_and_query: &str) -> (Option<Duration>, Plan) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let mut f = self.faults.lock().unwrap_or_else(|p| p.into_inner());
        let path = path_and_query.split('?').next().unwrap_or(path_and_query);
        if f.path_prefix.as_deref().is_some_and(|p| !path.starts_with(p)) {
            return (None, Plan::Pass);
        }
        let write = !matches!(*method, axum::http::Method::GET | axum::http::Method::HEAD);
        if f.writes_only && !write {
            return (None, Plan::Pass);
        }
        self.matched.fetch_add(1, Ordering::Relaxed);
        if f.down {
            self.cut.fetch_add(1, Ordering::Relaxed);
            return (None, Plan::Down);
        }
        let latency = f.latency.map(|l| {
            let max = l.max_ms.unwrap_or(l.min_ms).max(l.min_ms);
            let ms = if max > l.min_ms {
                rand::rng().random_range(l.min_ms..=max)
            } else {
                l.min_ms
            };
            Duration::from_millis(ms)
        });
        if let Some(h) = f.hang.as_mut().filter(|h| h.count > 0) {
            h.count -= 1;
            let d = h.ms.map(Duration::from_millis).unwrap_or(DEFAULT_HANG);
            self.hangs.fetch_add(1, Ordering::Relaxed);
            return (latency, Plan::Hang(d));
        }
        if let Some(r) = f.redirect.as_mut().filter(|r| r.count > 0) {
            r.count -= 1;
            self.redirects.fetch_add(1, Ordering::Relaxed);
            let to = format!("{}{}", r.to.trim_end_matches('/'), path_and_query);
            return (latency, Plan::Redirect(to));
        }
        if let Some(b) = f.burst.as_mut().filter(|b| b.count > 0) {
            b.count -= 1;
            self.errors.fetch_add(1, Ordering::Relaxed);
            return (
                latency,
                Plan::Error {
                    status: b.status,
                    retry_after: b.retry_after_secs,
                },
            );
        }
        if f.malformed > 0 {
            f.malformed -= 1;
            self.malformed.fetch_add(1, Ordering::Relaxed);
            return (latency, Plan::Malformed);
        }
        if f.garbage > 0 {
            f.garbage -= 1;
            self.garbage.fetch_add(1, Ordering::Relaxed);
            return (latency, Plan::Garbage);
        }
        (latency, Plan::Pass)
    }

    /// Whether the provider is down now (new connections are closed at once).
    pub(crate) fn is_down(&self) -> bool {
        let down = self
            .faults
            .lock()
            .map(|f| f.down)
            .unwrap_or_else(|p| p.into_inner().down);
        if down {
            self.cut.fetch_add(1, Ordering::Relaxed);
        }
        down
    }
}

/// The handle tests and the admin API use to set one provider's faults.
#[derive(Clone)]
pub struct FaultHandle {
    kind: &'static str,
    state: Arc<FaultState>,
}

impl std::fmt::Debug for FaultHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaultHandle")
            .field("kind", &self.kind)
            .field("faults", &self.current())
            .finish()
    }
}

impl FaultHandle {
    pub(crate) fn new(sim: Arc<dyn ProviderSim>, shutdown: watch::Receiver<bool>) -> Self {
        FaultHandle {
            kind: sim.kind(),
            state: Arc::new(FaultState {
                faults: Mutex::new(Faults::default()),
                sim,
                shutdown,
                requests: AtomicU64::new(0),
                errors: AtomicU64::new(0),
                hangs: AtomicU64::new(0),
                malformed: AtomicU64::new(0),
                matched: AtomicU64::new(0),
                garbage: AtomicU64::new(0),
                redirects: AtomicU64::new(0),
                cut: AtomicU64::new(0),
            }),
        }
    }

    /// The provider these faults apply to.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// Replace every fault at once.
    pub fn set(&self, faults: Faults) -> Result<(), String> {
        faults.validate()?;
        *self.lock() = faults;
        Ok(())
    }

    /// Remove every fault.
    pub fn clear(&self) {
        *self.lock() = Faults::default();
    }

    /// What is still to be injected (counts go down as faults are served).
    pub fn current(&self) -> Faults {
        self.lock().clone()
    }

    /// What the layer has done so far.
    pub fn stats(&self) -> FaultStats {
        FaultStats {
            requests: self.state.requests.load(Ordering::Relaxed),
            errors: self.state.errors.load(Ordering::Relaxed),
            hangs: self.state.hangs.load(Ordering::Relaxed),
            malformed: self.state.malformed.load(Ordering::Relaxed),
            matched: self.state.matched.load(Ordering::Relaxed),
            garbage: self.state.garbage.load(Ordering::Relaxed),
            redirects: self.state.redirects.load(Ordering::Relaxed),
            cut: self.state.cut.load(Ordering::Relaxed),
        }
    }

    /// Every request waits `d` first.
    pub fn latency(&self, d: Duration) {
        self.lock().latency = Some(Latency {
            min_ms: millis(d),
            max_ms: None,
        });
    }

    /// Every request waits a random time in `min..=max` first.
    pub fn random_latency(&self, min: Duration, max: Duration) {
        let (min, max) = (millis(min), millis(max));
        self.lock().latency = Some(Latency {
            min_ms: min.min(max),
            max_ms: Some(max.max(min)),
        });
    }

    /// The next `count` requests answer `status` (429 or 5xx), with `Retry-After` when given.
    pub fn burst(&self, status: u16, count: u32, retry_after: Option<Duration>) -> Result<(), String> {
        let mut f = self.current();
        f.burst = Some(Burst {
            status,
            count,
            retry_after_secs: retry_after.map(|d| d.as_secs()),
        });
        self.set(f)
    }

    /// The next `count` requests hang for `each` (then 504), or until shutdown.
    pub fn hang(&self, count: u32, each: Option<Duration>) {
        self.lock().hang = Some(Hang {
            count,
            ms: each.map(millis),
        });
    }

    /// The next `count` answers get a malformed body.
    pub fn malformed(&self, count: u32) {
        self.lock().malformed = count;
    }

    /// The next `count` answers are an HTML page with status 200 instead of the real answer.
    pub fn garbage(&self, count: u32) {
        self.lock().garbage = count;
    }

    /// The next `count` requests answer `307 Temporary Redirect` to `to` + their path and query.
    pub fn redirect(&self, count: u32, to: &str) -> Result<(), String> {
        let mut f = self.current();
        f.redirect = Some(Redirect {
            count,
            to: to.to_owned(),
        });
        self.set(f)
    }

    /// Take the provider down (`true`: every connection is closed with no answer) or back up.
    pub fn down(&self, down: bool) {
        self.lock().down = down;
    }

    /// Limit the faults to requests that change something (`false`: reads too).
    pub fn writes_only(&self, writes_only: bool) {
        self.lock().writes_only = writes_only;
    }

    /// Limit the faults to requests whose path starts with `prefix` (`None`: all requests).
    pub fn only_paths(&self, prefix: Option<&str>) {
        self.lock().path_prefix = prefix.map(str::to_owned);
    }

    /// Fault "token expiry now": every session token issued so far stops working.
    pub fn expire_sessions(&self) {
        self.state.sim.expire_sessions();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Faults> {
        self.state.faults.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn layer_state(&self) -> Arc<FaultState> {
        self.state.clone()
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The middleware: applies the plan of each request.
pub(crate) async fn apply(State(state): State<Arc<FaultState>>, req: Request, next: Next) -> Response {
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| req.uri().path().to_owned());
    let (latency, plan) = state.plan(req.method(), &path_and_query);
    if let Some(d) = latency {
        tokio::time::sleep(d).await;
    }
    match plan {
        Plan::Pass => next.run(req).await,
        Plan::Error { status, retry_after } => injected_error(status, retry_after),
        Plan::Hang(d) => {
            let mut shutdown = state.shutdown.clone();
            tokio::select! {
                _ = tokio::time::sleep(d) => {}
                _ = shutdown.wait_for(|down| *down) => {}
            }
            (StatusCode::GATEWAY_TIMEOUT, "sandbox: the request hung").into_response()
        }
        Plan::Malformed => malform(next.run(req).await).await,
        Plan::Garbage => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><head><title>Welcome</title></head><body>Sign in to the network</body></html>",
        )
            .into_response(),
        Plan::Redirect(to) => {
            let mut resp = StatusCode::TEMPORARY_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                resp.headers_mut().insert(header::LOCATION, v);
            }
            resp
        }
        Plan::Down => cut_connection(),
    }
}

/// An answer that never arrives: the body fails before its first byte, so the server closes the
/// connection mid-answer, as a provider whose process died would. Status and headers are sent
/// first (HTTP has no way to take them back), so clients see a broken answer, never a good one.
fn cut_connection() -> Response {
    let failing = futures::stream::iter([Err::<axum::body::Bytes, _>(std::io::Error::new(
        std::io::ErrorKind::ConnectionAborted,
        "sandbox: the provider is down",
    ))]);
    let mut resp = Response::new(Body::from_stream(failing));
    *resp.status_mut() = StatusCode::BAD_GATEWAY;
    resp.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    resp
}

/// An error answer as a load balancer or the provider's edge would send it: a short JSON body
/// with a `message` (most clients read one) and `Retry-After` when asked for.
fn injected_error(status: u16, retry_after: Option<u64>) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let text = code.canonical_reason().unwrap_or("error");
    let body = serde_json::json!({
        "message": format!("{text} (sandbox fault injection)"),
        "status": "error",
    });
    let mut resp = (code, axum::Json(body)).into_response();
    if let Some(secs) = retry_after {
        if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
    resp
}

/// The real answer with its body cut in half and an HTML tail: no longer JSON, same status.
async fn malform(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY).await.unwrap_or_default();
    let mut cut = bytes[..bytes.len() / 2].to_vec();
    cut.extend_from_slice(b"<html><body>502 Bad Gateway</body></html>");
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(cut))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::SeedCredential;
    use axum::routing::get;
    use axum::Router;
    use std::sync::atomic::AtomicBool;
    use tower::ServiceExt;

    /// A one-route simulator: `GET /ping` → `{"pong":true}`.
    struct Echo {
        expired: AtomicBool,
    }

    impl ProviderSim for Echo {
        fn kind(&self) -> &'static str {
            "echo"
        }
        fn router(self: Arc<Self>) -> Router {
            Router::new().route(
                "/ping",
                get(|| async { axum::Json(serde_json::json!({"pong": true})) }),
            )
        }
        fn credentials(&self) -> Vec<SeedCredential> {
            Vec::new()
        }
        fn expire_sessions(&self) {
            self.expired.store(true, Ordering::SeqCst);
        }
    }

    fn setup() -> (Arc<Echo>, FaultHandle, Router, watch::Sender<bool>) {
        let sim = Arc::new(Echo {
            expired: AtomicBool::new(false),
        });
        let (tx, rx) = watch::channel(false);
        let handle = FaultHandle::new(sim.clone(), rx);
        let router = sim
            .clone()
            .router()
            .layer(axum::middleware::from_fn_with_state(handle.layer_state(), apply));
        (sim, handle, router, tx)
    }

    async fn call(router: &Router, path: &str) -> (StatusCode, Option<String>, Vec<u8>) {
        let resp = router
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = resp.status();
        let ra = resp
            .headers()
            .get(header::RETRY_AFTER)
            .map(|v| v.to_str().unwrap().to_owned());
        let body = axum::body::to_bytes(resp.into_body(), 1 << 20).await.unwrap();
        (status, ra, body.to_vec())
    }

    #[tokio::test]
    async fn no_fault_passes_through() {
        let (_, h, r, _tx) = setup();
        let (s, ra, body) = call(&r, "/ping").await;
        assert_eq!(s, StatusCode::OK);
        assert!(ra.is_none());
        assert_eq!(body, br#"{"pong":true}"#);
        assert_eq!(h.stats().requests, 1);
    }

    #[tokio::test]
    async fn a_burst_answers_n_errors_with_retry_after_then_stops() {
        let (_, h, r, _tx) = setup();
        h.burst(429, 2, Some(Duration::from_secs(3))).unwrap();
        for _ in 0..2 {
            let (s, ra, body) = call(&r, "/ping").await;
            assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
            assert_eq!(ra.as_deref(), Some("3"));
            let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert!(v["message"].as_str().unwrap().contains("Too Many Requests"));
        }
        assert_eq!(call(&r, "/ping").await.0, StatusCode::OK);
        assert_eq!(h.stats().errors, 2);
        assert_eq!(h.current().burst.unwrap().count, 0);
    }

    #[tokio::test]
    async fn a_burst_of_503_without_retry_after() {
        let (_, h, r, _tx) = setup();
        h.burst(503, 1, None).unwrap();
        let (s, ra, _) = call(&r, "/ping").await;
        assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
        assert!(ra.is_none());
        assert!(h.burst(404, 1, None).is_err(), "only 429 and 5xx are bursts");
    }

    #[tokio::test]
    async fn malformed_bodies_are_not_json() {
        let (_, h, r, _tx) = setup();
        h.malformed(1);
        let (s, _, body) = call(&r, "/ping").await;
        assert_eq!(s, StatusCode::OK);
        assert!(serde_json::from_slice::<serde_json::Value>(&body).is_err());
        assert!(body.starts_with(b"{\"pong"));
        let (_, _, body) = call(&r, "/ping").await;
        assert_eq!(body, br#"{"pong":true}"#);
    }

    #[tokio::test(start_paused = true)]
    async fn fixed_latency_delays_the_answer() {
        let (_, h, r, _tx) = setup();
        h.latency(Duration::from_millis(700));
        let t = tokio::time::Instant::now();
        assert_eq!(call(&r, "/ping").await.0, StatusCode::OK);
        assert_eq!(t.elapsed(), Duration::from_millis(700));
    }

    #[tokio::test(start_paused = true)]
    async fn random_latency_stays_in_its_range() {
        let (_, h, r, _tx) = setup();
        h.random_latency(Duration::from_millis(100), Duration::from_millis(300));
        for _ in 0..20 {
            let t = tokio::time::Instant::now();
            call(&r, "/ping").await;
            let e = t.elapsed();
            assert!(
                e >= Duration::from_millis(100) && e <= Duration::from_millis(300),
                "{e:?}"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_hang_lasts_until_its_time_or_shutdown() {
        let (_, h, r, tx) = setup();
        h.hang(2, Some(Duration::from_secs(10)));
        let t = tokio::time::Instant::now();
        assert_eq!(call(&r, "/ping").await.0, StatusCode::GATEWAY_TIMEOUT);
        assert_eq!(t.elapsed(), Duration::from_secs(10));
        let r2 = r.clone();
        let pending = tokio::spawn(async move { call(&r2, "/ping").await.0 });
        tokio::time::sleep(Duration::from_secs(1)).await;
        tx.send(true).unwrap();
        assert_eq!(pending.await.unwrap(), StatusCode::GATEWAY_TIMEOUT);
        assert!(t.elapsed() < Duration::from_secs(12));
        assert_eq!(h.stats().hangs, 2);
    }

    #[tokio::test]
    async fn path_prefix_limits_the_faults() {
        let (_, h, r, _tx) = setup();
        h.set(Faults {
            burst: Some(Burst {
                status: 500,
                count: 5,
                retry_after_secs: None,
            }),
            path_prefix: Some("/other".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(call(&r, "/ping").await.0, StatusCode::OK);
        assert_eq!(h.current().burst.unwrap().count, 5);
        h.clear();
        assert_eq!(h.current(), Faults::default());
    }

    async fn call_method(router: &Router, method: &str, path: &str) -> Response {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .body(Body::empty())
            .unwrap();
        router.clone().oneshot(req).await.unwrap()
    }

    #[tokio::test]
    async fn writes_only_spares_reads_and_counts_the_writes() {
        let (_, h, r, _tx) = setup();
        h.burst(503, 1, None).unwrap();
        h.writes_only(true);
        assert_eq!(call(&r, "/ping").await.0, StatusCode::OK, "a read passes");
        let resp = call_method(&r, "POST", "/ping").await;
        assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
        // The burst is spent: the next write reaches the router (which has no POST route).
        assert_eq!(
            call_method(&r, "POST", "/ping").await.status(),
            StatusCode::METHOD_NOT_ALLOWED
        );
        let stats = h.stats();
        assert_eq!((stats.requests, stats.matched, stats.errors), (3, 2, 1));
    }

    #[tokio::test]
    async fn garbage_is_an_html_page_with_status_200() {
        let (_, h, r, _tx) = setup();
        h.garbage(1);
        let (s, _, body) = call(&r, "/ping").await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.starts_with(b"<html>"));
        assert_eq!(call(&r, "/ping").await.2, br#"{"pong":true}"#);
        assert_eq!(h.stats().garbage, 1);
    }

    #[tokio::test]
    async fn a_redirect_keeps_path_and_query() {
        let (_, h, r, _tx) = setup();
        h.redirect(1, "http://127.0.0.2:9/").unwrap();
        let resp = call_method(&r, "GET", "/ping?page=2").await;
        assert_eq!(resp.status(), StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(
            resp.headers().get(header::LOCATION).unwrap(),
            "http://127.0.0.2:9/ping?page=2"
        );
        assert!(h.redirect(1, "ftp://x").is_err());
        assert_eq!(call(&r, "/ping").await.0, StatusCode::OK);
    }

    #[tokio::test]
    async fn down_cuts_every_answer_until_cleared() {
        let (_, h, r, _tx) = setup();
        h.down(true);
        let resp = call_method(&r, "GET", "/ping").await;
        let body = axum::body::to_bytes(resp.into_body(), 1 << 20).await;
        assert!(body.is_err(), "the body of a cut answer fails");
        h.down(false);
        assert_eq!(call(&r, "/ping").await.0, StatusCode::OK);
        assert_eq!(h.stats().cut, 1);
    }

    #[tokio::test]
    async fn token_expiry_reaches_the_simulator() {
        let (sim, h, _, _tx) = setup();
        h.expire_sessions();
        assert!(sim.expired.load(Ordering::SeqCst));
    }

    #[test]
    fn faults_read_from_admin_json() {
        let f: Faults = serde_json::from_str(
            r#"{"latency":{"minMs":10,"maxMs":50},"burst":{"status":503,"count":2,"retryAfterSecs":1},"malformed":1}"#,
        )
        .unwrap();
        assert_eq!(f.latency.unwrap().max_ms, Some(50));
        assert_eq!(f.burst.unwrap().retry_after_secs, Some(1));
        assert!(f.validate().is_ok());
        let bad: Faults = serde_json::from_str(r#"{"latency":{"minMs":10,"maxMs":5}}"#).unwrap();
        assert!(bad.validate().is_err());
    }
}
