//! Cloudzy simulator: the Developer API v1 (all 42 endpoints) with the quirks and
//! the choices pinned in docs/wire-decisions.md ("Cloudzy", "Cloudzy reference").
//!
//! Wire facts it reproduces:
//! - auth header `API-Token`; every answer is `{detail, code, data}` (`OKAY`; `CREATED` for instance
//!   create, whose data is `{instances: [...]}`), errors are `code: "FAILED"` with
//!   `data: {statusCode, detail}` (401, 404, 400), 422 is FastAPI's `{detail: [{loc, msg, type}]}`
//!   naming every bad field, 460 is `BALANCE_IS_NOT_SUFFICIENT` with the figures;
//! - instances page with an opaque `bookmark` cursor (`limit` 1–100, default 10; the real API's
//!   floor is 5, the sandbox accepts smaller pages so tests can page through a small seed);
//!   the other lists page with 1-based `page` plus `per_page`/`limit` and answer `total`;
//! - `ram` in MB, snapshot/backup times as epoch integers, instance `insertedAt` as ISO-8601;
//! - snapshot create answers `data: null` (find the new one by listing); snapshots filter on
//!   both `instance_id` and `instanceId`; `reset` is a reboot; `change-pass` returns
//!   `data.password`; `/v1/profile` carries the balance.
//!
//! Long actions (create, power, reset, resize, change-OS, snapshot create/restore, ISO/image
//! downloads, backup profile activation) show a transitional status and complete lazily once
//! `action_delay` has passed. An instance whose hostname contains "fail" ends its actions in
//! `error` (and its snapshots in `FAILED`); an ISO or image named with "fail" ends `FAILED`.
//! Paths are served both at the root (`/v1/...`) and under the real prefix (`/developers/v1/...`).

mod handlers;
mod model;
mod seed;
mod wire;

#[cfg(test)]
mod tests;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::sim::{ProviderSim, SeedCredential, SimConfig};
use model::{Account, Catalog};
use seed::Counters;
use wire::{ApiError, ApiResult};

/// The whole simulated Cloudzy: shared catalog plus every customer account.
pub struct Sim {
    state: Mutex<State>,
    action_delay: Duration,
}

/// Everything that survives a save/load (the RNG is reseeded on load).
#[derive(Serialize, Deserialize)]
struct Saved {
    catalog: Catalog,
    accounts: Vec<Account>,
    counters: Counters,
}

struct State {
    catalog: Catalog,
    accounts: Vec<Account>,
    counters: Counters,
    rng: StdRng,
}

/// One authenticated request's view: the caller's account plus what it may draw on.
pub(crate) struct World<'a> {
    pub acct: &'a mut Account,
    pub catalog: &'a Catalog,
    pub counters: &'a mut Counters,
    pub rng: &'a mut StdRng,
}

impl World<'_> {
    pub fn uuid(&mut self) -> String {
        seed::uuid(self.rng)
    }
}

/// Builds the simulator with deterministic seed data from `cfg`.
pub fn new(cfg: &SimConfig) -> Arc<Sim> {
    let mut rng = StdRng::seed_from_u64(cfg.rng_seed ^ 0xC10D_2A11);
    let catalog = seed::catalog(&mut rng);
    let mut counters = Counters::default();
    let accounts = seed::accounts(cfg, &catalog, &mut counters, &mut rng);
    Arc::new(Sim {
        state: Mutex::new(State {
            catalog,
            accounts,
            counters,
            rng,
        }),
        action_delay: cfg.action_delay,
    })
}

impl Sim {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A handler never panics while holding the lock; recover the data if one ever did.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Authenticates by `API-Token`, completes due actions, then runs `f` on the caller's account.
    pub(crate) fn call(&self, headers: &HeaderMap, f: impl FnOnce(&mut World<'_>) -> ApiResult) -> Response {
        let token = crate::common::api_token(headers);
        let Some(token) = token else {
            return ApiError::unauthorized("API-Token header is missing").into_response();
        };
        let mut guard = self.lock();
        let State {
            catalog,
            accounts,
            counters,
            rng,
        } = &mut *guard;
        let Some(acct) = accounts.iter_mut().find(|a| a.token == token) else {
            return ApiError::unauthorized("Invalid API token").into_response();
        };
        acct.settle(Instant::now(), self.action_delay, &mut || seed::uuid(rng));
        let mut world = World {
            acct,
            catalog,
            counters,
            rng,
        };
        match f(&mut world) {
            Ok(r) => r,
            Err(e) => e.into_response(),
        }
    }
}

impl ProviderSim for Sim {
    fn kind(&self) -> &'static str {
        "cloudzy"
    }

    fn router(self: Arc<Self>) -> Router {
        let v1 = v1_routes();
        Router::new()
            .merge(v1.clone())
            .nest("/developers", v1)
            .fallback(|| async { ApiError::Failed(axum::http::StatusCode::NOT_FOUND, "Not Found".into()) })
            .method_not_allowed_fallback(|| async {
                ApiError::Failed(
                    axum::http::StatusCode::METHOD_NOT_ALLOWED,
                    "Method Not Allowed".into(),
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
            tracing::warn!("cloudzy: saved state unreadable, keeping the fresh seed");
            return;
        };
        let mut st = self.lock();
        st.catalog = saved.catalog;
        st.accounts = saved.accounts;
        st.counters = saved.counters;
    }
}

fn v1_routes() -> Router<Arc<Sim>> {
    use handlers::*;
    Router::new()
        .route("/v1/profile", get(profile))
        .route("/v1/instances", get(list_instances).post(create_instances))
        .route("/v1/instances/{id}", get(get_instance).delete(delete_instance))
        .route("/v1/instances/{id}/resize", post(resize_instance))
        .route("/v1/instances/{id}/change-os", post(change_os))
        .route("/v1/instances/{id}/poweron", post(power_on))
        .route("/v1/instances/{id}/poweroff", post(power_off))
        .route("/v1/instances/{id}/reset", post(reset))
        .route("/v1/instances/{id}/add-traffic", post(add_traffic))
        .route("/v1/instances/{id}/change-pass", post(change_pass))
        .route("/v1/regions", get(regions))
        .route("/v1/products", get(products))
        .route("/v1/os", get(operating_systems))
        .route("/v1/applications", get(applications))
        .route("/v1/ssh-keys", get(list_ssh_keys).post(create_ssh_key))
        .route("/v1/ssh-keys/{id}", get(get_ssh_key).delete(delete_ssh_key))
        .route("/v1/floating-ips", get(list_floating_ips).post(add_floating_ips))
        .route("/v1/floating-ips/{id}", axum::routing::patch(update_floating_ip))
        .route("/v1/floating-ips/{id}/release", post(release_floating_ip))
        .route("/v1/iso", get(list_isos).post(download_iso))
        .route("/v1/iso/{id}", get(get_iso).delete(delete_iso))
        .route("/v1/images", get(list_images).post(download_image))
        .route("/v1/images/{id}", get(get_image).delete(delete_image))
        .route("/v1/snapshots", get(list_snapshots).post(create_snapshot))
        .route("/v1/snapshots/{id}", get(get_snapshot).delete(delete_snapshot))
        .route("/v1/snapshots/{id}/restore", post(restore_snapshot))
        .route(
            "/v1/backups",
            get(list_backups).post(create_backup).put(update_backup),
        )
        .route("/v1/backups/{id}", get(get_backup).delete(delete_backup))
}
