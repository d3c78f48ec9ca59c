//! LetsCloud simulator: the API as the official SDKs call it (docs/wire-decisions.md, LetsCloud reference)
//! with the choices of docs/wire-decisions.md.
//!
//! Wire facts it reproduces:
//! - auth header `api-token`; every answer is `{success, data}` or `{success, message}`; errors are
//!   `success: false` with a message (HTTP 400 for validation and refused actions, 401 for a bad
//!   token, 404 for an unknown identifier/slug, 405 for a POST without the `_method` override);
//!   the empty SSH-key list is HTTP 200 + `success: false`;
//! - status as four booleans (`built`, `booted`, `locked`, `suspended`), memory in MB, IPv4 and
//!   IPv6 mixed in `ip_addresses`, `initial_root_password` in every instance;
//! - create answers only a message — no identifier; the new instance is found by label+hostname;
//! - plans per location in the current shape `[{country, city, slug, plans: [...]}]`;
//! - `X-RateLimit-Limit/Remaining/Reset` on every authenticated answer, 5,000 requests per hour
//!   and 120,000 per day per token (Laravel-style 429 + `Retry-After` once spent; the hourly limit
//!   is adjustable for tests);
//! - Laravel method spoofing: `POST` + `_method=PUT|DELETE` (JSON or form body) where the docs show it.
//!
//! Long actions lock the instance and complete lazily once `action_delay` has passed. A label or
//! hostname containing "fail" makes them fail: a failed build or snapshot disappears (the create
//! rolls back, the snapshot slug answers 404), a failed power action leaves `booted` unchanged, a
//! failed plan change keeps the old plan. Paths are served at the root and under `/api`.

mod handlers;
mod model;
mod seed;

#[cfg(test)]
mod tests;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::sim::{ProviderSim, SeedCredential, SimConfig};
use model::{Account, Catalog};
use seed::Counters;

/// Requests per hour per token, as LetsCloud documents.
pub const HOURLY_LIMIT: u32 = 5_000;
/// Requests per day per token, as LetsCloud documents.
pub const DAILY_LIMIT: u32 = 120_000;
const WINDOW: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(86_400);

/// The whole simulated LetsCloud.
pub struct Sim {
    state: Mutex<State>,
    action_delay: Duration,
    hourly_limit: AtomicU32,
}

#[derive(Serialize, Deserialize)]
struct Saved {
    catalog: Catalog,
    accounts: Vec<Account>,
    counters: Counters,
}

/// Fixed one-hour (and one-day) request windows of one token.
struct RateWindow {
    started: Instant,
    started_epoch: u64,
    used: u32,
    day_started: Instant,
    day_used: u32,
}

struct State {
    catalog: Catalog,
    accounts: Vec<Account>,
    counters: Counters,
    /// Parallel to `accounts`.
    windows: Vec<RateWindow>,
    rng: StdRng,
}

/// One authenticated request's view.
pub(crate) struct World<'a> {
    pub acct: &'a mut Account,
    pub catalog: &'a Catalog,
    pub counters: &'a mut Counters,
    pub rng: &'a mut StdRng,
}

/// A LetsCloud error answer: `{success: false, message}` (+ `errors` naming fields on validation).
#[derive(Debug)]
pub(crate) struct Fail {
    status: StatusCode,
    message: String,
    errors: Option<serde_json::Value>,
}

impl Fail {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Fail {
            status,
            message: message.into(),
            errors: None,
        }
    }
    pub fn bad(message: impl Into<String>) -> Self {
        Fail::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(what: &str) -> Self {
        Fail::new(StatusCode::NOT_FOUND, format!("{what} not found."))
    }
    /// Laravel-style validation: first message (+ how many more) and every field's messages.
    pub fn validation(errors: Vec<(&'static str, String)>) -> Self {
        let mut map = serde_json::Map::new();
        for (field, msg) in &errors {
            map.insert((*field).to_string(), json!([msg]));
        }
        let first = errors.first().map(|e| e.1.clone()).unwrap_or_default();
        let message = match errors.len() {
            0 | 1 => first,
            n => format!("{first} (and {} more errors)", n - 1),
        };
        Fail {
            status: StatusCode::BAD_REQUEST,
            message,
            errors: Some(serde_json::Value::Object(map)),
        }
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        let mut body = json!({"success": false, "message": self.message});
        if let (Some(errors), Some(obj)) = (self.errors, body.as_object_mut()) {
            obj.insert("errors".into(), errors);
        }
        (self.status, Json(body)).into_response()
    }
}

pub(crate) type LcResult = Result<Response, Fail>;

/// `{success: true, data}`.
pub(crate) fn data(value: serde_json::Value) -> Response {
    Json(json!({"success": true, "data": value})).into_response()
}

/// `{success: true, message}`.
pub(crate) fn message(text: &str) -> Response {
    Json(json!({"success": true, "message": text})).into_response()
}

/// Builds the simulator with deterministic seed data from `cfg`.
pub fn new(cfg: &SimConfig) -> Arc<Sim> {
    let mut rng = StdRng::seed_from_u64(cfg.rng_seed ^ 0x1E75_C10D);
    let catalog = seed::catalog();
    let mut counters = Counters::default();
    let accounts = seed::accounts(cfg, &catalog, &mut counters, &mut rng);
    let windows = accounts.iter().map(|_| fresh_window()).collect();
    Arc::new(Sim {
        state: Mutex::new(State {
            catalog,
            accounts,
            counters,
            windows,
            rng,
        }),
        action_delay: cfg.action_delay,
        hourly_limit: AtomicU32::new(HOURLY_LIMIT),
    })
}

fn fresh_window() -> RateWindow {
    RateWindow {
        started: Instant::now(),
        started_epoch: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        used: 0,
        day_started: Instant::now(),
        day_used: 0,
    }
}

impl Sim {
    /// Changes the per-token hourly budget (tests use a small one to reach the limit).
    pub fn set_hourly_limit(&self, limit: u32) {
        self.hourly_limit.store(limit, Ordering::Relaxed);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A handler never panics while holding the lock; recover the data if one ever did.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Authenticates by `api-token`, counts the request against the token's hourly budget,
    /// completes due actions, runs `f`, and stamps the `X-RateLimit-*` headers on the answer.
    pub(crate) fn call(&self, headers: &HeaderMap, f: impl FnOnce(&mut World<'_>) -> LcResult) -> Response {
        let token = crate::common::api_token(headers);
        let unauthenticated = || Fail::new(StatusCode::UNAUTHORIZED, "Unauthenticated.").into_response();
        let Some(token) = token else {
            return unauthenticated();
        };
        let limit = self.hourly_limit.load(Ordering::Relaxed);
        let mut guard = self.lock();
        let State {
            catalog,
            accounts,
            counters,
            windows,
            rng,
        } = &mut *guard;
        let Some(index) = accounts.iter().position(|a| a.token == token) else {
            return unauthenticated();
        };
        let window = &mut windows[index];
        if window.day_started.elapsed() >= DAY {
            *window = fresh_window();
        } else if window.started.elapsed() >= WINDOW {
            let (day_started, day_used) = (window.day_started, window.day_used);
            *window = RateWindow {
                day_started,
                day_used,
                ..fresh_window()
            };
        }
        let reset_at = window.started_epoch + WINDOW.as_secs();
        let retry_after = if window.day_used >= DAILY_LIMIT {
            Some(DAY.saturating_sub(window.day_started.elapsed()))
        } else if window.used >= limit {
            Some(WINDOW.saturating_sub(window.started.elapsed()))
        } else {
            None
        };
        if let Some(wait) = retry_after {
            let mut resp = Fail::new(StatusCode::TOO_MANY_REQUESTS, "Too Many Attempts.").into_response();
            stamp(resp.headers_mut(), limit, 0, reset_at);
            resp.headers_mut()
                .insert("retry-after", HeaderValue::from(wait.as_secs().max(1)));
            return resp;
        }
        window.used += 1;
        window.day_used += 1;
        let remaining = limit.saturating_sub(window.used);
        let acct = &mut accounts[index];
        acct.settle(Instant::now(), self.action_delay);
        let mut world = World {
            acct,
            catalog,
            counters,
            rng,
        };
        let mut resp = match f(&mut world) {
            Ok(r) => r,
            Err(e) => e.into_response(),
        };
        stamp(resp.headers_mut(), limit, remaining, reset_at);
        resp
    }
}

fn stamp(headers: &mut HeaderMap, limit: u32, remaining: u32, reset_at: u64) {
    headers.insert("x-ratelimit-limit", HeaderValue::from(limit));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
    headers.insert("x-ratelimit-reset", HeaderValue::from(reset_at));
}

impl ProviderSim for Sim {
    fn kind(&self) -> &'static str {
        "letscloud"
    }

    fn router(self: Arc<Self>) -> Router {
        let api = routes();
        Router::new()
            .merge(api.clone())
            .nest("/api", api)
            .fallback(|| async { Fail::new(StatusCode::NOT_FOUND, "Not found.") })
            .method_not_allowed_fallback(|| async {
                Fail::new(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "The method is not supported for this route.",
                )
            })
            .with_state(self)
    }

    fn credentials(&self) -> Vec<SeedCredential> {
        self.lock()
            .accounts
            .iter()
            .map(|a| SeedCredential {
                label: a.label.clone(),
                username: None,
                secret: a.token.clone(),
            })
            .collect()
    }

    fn save(&self) -> serde_json::Value {
        let st = self.lock();
        let saved = Saved {
            catalog: st.catalog.clone(),
            accounts: st.accounts.clone(),
            counters: st.counters.clone(),
        };
        serde_json::to_value(saved).unwrap_or(serde_json::Value::Null)
    }

    fn load(&self, state: serde_json::Value) {
        let Ok(saved) = serde_json::from_value::<Saved>(state) else {
            tracing::warn!("letscloud: saved state unreadable, keeping the fresh seed");
            return;
        };
        let mut st = self.lock();
        st.windows = saved.accounts.iter().map(|_| fresh_window()).collect();
        st.catalog = saved.catalog;
        st.accounts = saved.accounts;
        st.counters = saved.counters;
    }
}

fn routes() -> Router<Arc<Sim>> {
    use handlers::*;
    Router::new()
        .route("/profile", get(profile))
        .route("/locations", get(locations))
        .route("/locations/{slug}/plans", get(location_plans))
        .route("/locations/{slug}/images", get(location_images))
        .route("/instances", get(list_instances).post(create_instance))
        .route("/instances/{id}", get(get_instance).delete(delete_instance))
        .route("/instances/{id}/power-on", put(power_on))
        .route("/instances/{id}/power-off", put(power_off))
        .route("/instances/{id}/reboot", put(reboot))
        .route("/instances/{id}/shutdown", post(shutdown))
        .route(
            "/instances/{id}/reset-password",
            put(reset_password).post(reset_password_spoofed),
        )
        .route(
            "/instances/{id}/change-plan",
            put(change_plan).post(change_plan_spoofed),
        )
        .route("/instances/{id}/snapshots", post(create_snapshot))
        .route(
            "/sshkeys",
            get(list_ssh_keys).post(create_ssh_key).delete(delete_ssh_key),
        )
        .route("/sshkeys/{slug}", get(get_ssh_key))
        .route("/snapshots", get(list_snapshots))
        .route("/snapshots/status/{slug}", get(snapshot_status))
        .route(
            "/snapshots/{slug}",
            get(get_snapshot)
                .put(rename_snapshot)
                .delete(delete_snapshot)
                .post(snapshot_spoofed),
        )
}
