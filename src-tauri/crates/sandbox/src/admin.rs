//! The admin API, on its own loopback port:
//!
//! - `GET /admin` → `{endpoints: {kind: url}, credentials: {kind: [SeedCredential]}}`
//! - `GET /admin/faults/<provider>` → `{faults: Faults, stats: FaultStats}`
//! - `PUT|POST /admin/faults/<provider>` with a [`Faults`] JSON body → replaces the faults;
//!   the body may also say `"expireSessions": true` (token expiry now)
//! - `DELETE /admin/faults/<provider>` → clears them
//! - `POST /admin/faults/<provider>/expire-sessions` → token expiry now
//! - `POST /admin/save` → writes the state file now
//!
//! It listens on 127.0.0.1 only and needs no token: it is a test and demo tool, and everything it
//! reveals (the seeded fake secrets) is printed by `fleetdeck-sandbox serve` anyway.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::faults::{FaultHandle, Faults};
use crate::sim::ProviderSim;

pub(crate) struct AdminProvider {
    pub kind: &'static str,
    pub endpoint: String,
    pub sim: Arc<dyn ProviderSim>,
    pub faults: FaultHandle,
}

pub(crate) struct AdminState {
    pub providers: Vec<AdminProvider>,
    pub state_file: Option<PathBuf>,
}

impl AdminState {
    fn provider(&self, kind: &str) -> Result<&AdminProvider, AdminError> {
        self.providers
            .iter()
            .find(|p| p.kind == kind)
            .ok_or_else(|| AdminError(StatusCode::NOT_FOUND, format!("no simulator named '{kind}'")))
    }
}

pub(crate) fn router(state: Arc<AdminState>) -> Router {
    Router::new()
        .route("/admin", get(overview))
        .route(
            "/admin/faults/{provider}",
            get(get_faults)
                .put(set_faults)
                .post(set_faults)
                .delete(clear_faults),
        )
        .route("/admin/faults/{provider}/expire-sessions", post(expire))
        .route("/admin/save", post(save))
        .with_state(state)
}

fn error(status: StatusCode, message: String) -> Response {
    AdminError(status, message).into_response()
}

/// An admin error: `{"error": <message>}` with its status.
struct AdminError(StatusCode, String);

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

async fn overview(State(st): State<Arc<AdminState>>) -> Json<Value> {
    let endpoints: serde_json::Map<String, Value> = st
        .providers
        .iter()
        .map(|p| (p.kind.to_owned(), Value::from(p.endpoint.clone())))
        .collect();
    let credentials: serde_json::Map<String, Value> = st
        .providers
        .iter()
        .map(|p| {
            (
                p.kind.to_owned(),
                serde_json::to_value(p.sim.credentials()).unwrap_or(Value::Null),
            )
        })
        .collect();
    Json(json!({ "endpoints": endpoints, "credentials": credentials }))
}

fn describe(p: &AdminProvider) -> Json<Value> {
    Json(json!({
        "provider": p.kind,
        "faults": p.faults.current(),
        "stats": p.faults.stats(),
    }))
}

async fn get_faults(State(st): State<Arc<AdminState>>, Path(kind): Path<String>) -> Response {
    match st.provider(&kind) {
        Ok(p) => describe(p).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn set_faults(
    State(st): State<Arc<AdminState>>,
    Path(kind): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let p = match st.provider(&kind) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let value: Value = if body.is_empty() {
        json!({})
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => return error(StatusCode::BAD_REQUEST, format!("the body is not JSON: {e}")),
        }
    };
    let expire = value.get("expireSessions").and_then(Value::as_bool) == Some(true);
    let faults: Faults = match serde_json::from_value(value) {
        Ok(f) => f,
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("not a fault description: {e}")),
    };
    if let Err(e) = p.faults.set(faults) {
        return error(StatusCode::BAD_REQUEST, e);
    }
    if expire {
        p.faults.expire_sessions();
    }
    describe(p).into_response()
}

async fn clear_faults(State(st): State<Arc<AdminState>>, Path(kind): Path<String>) -> Response {
    match st.provider(&kind) {
        Ok(p) => {
            p.faults.clear();
            describe(p).into_response()
        }
        Err(e) => e.into_response(),
    }
}

async fn expire(State(st): State<Arc<AdminState>>, Path(kind): Path<String>) -> Response {
    match st.provider(&kind) {
        Ok(p) => {
            p.faults.expire_sessions();
            Json(json!({ "provider": p.kind, "sessionsExpired": true })).into_response()
        }
        Err(e) => e.into_response(),
    }
}

async fn save(State(st): State<Arc<AdminState>>) -> Response {
    let Some(path) = &st.state_file else {
        return error(
            StatusCode::CONFLICT,
            "the sandbox was started without a state file".into(),
        );
    };
    let sims: Vec<Arc<dyn ProviderSim>> = st.providers.iter().map(|p| p.sim.clone()).collect();
    match crate::persist::write(path, &sims) {
        Ok(()) => Json(json!({ "saved": path.display().to_string() })).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Sandbox, SandboxConfig, SimConfig};
    use serde_json::{json, Value};
    use std::time::Duration;

    #[tokio::test]
    async fn faults_are_set_read_and_cleared_over_http() {
        let sb = Sandbox::start(SandboxConfig {
            sim: SimConfig {
                accounts: 1,
                servers_per_account: 2,
                action_delay: Duration::from_millis(50),
                rng_seed: 3,
            },
            ..Default::default()
        })
        .await
        .unwrap();
        let admin = sb.admin_url().unwrap();
        let http = reqwest::Client::new();
        let overview: Value = http
            .get(format!("{admin}/admin"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            overview["endpoints"]["cloudero"],
            json!(sb.endpoint("cloudero").unwrap())
        );
        assert!(overview["credentials"]["cloudero"][0]["secret"].is_string());

        let r = http
            .put(format!("{admin}/admin/faults/cloudero"))
            .json(&json!({"burst": {"status": 503, "count": 1, "retryAfterSecs": 2}, "pathPrefix": "/v1/region"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let base = sb.endpoint("cloudero").unwrap();
        let r = http.get(format!("{base}/v1/region/list")).send().await.unwrap();
        assert_eq!(r.status(), 503);
        assert_eq!(r.headers()["retry-after"], "2");
        let r = http.get(format!("{base}/v1/region/list")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let state: Value = http
            .get(format!("{admin}/admin/faults/cloudero"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(state["stats"]["errors"], 1);
        assert_eq!(state["faults"]["burst"]["count"], 0);

        let r = http
            .put(format!("{admin}/admin/faults/cloudero"))
            .json(&json!({"burst": {"status": 404, "count": 1}}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "a 404 burst is refused");
        let r = http
            .get(format!("{admin}/admin/faults/nope"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        let r = http
            .delete(format!("{admin}/admin/faults/cloudero"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(sb.faults("cloudero").unwrap().current(), crate::Faults::default());
        let r = http
            .post(format!("{admin}/admin/faults/cloudero/expire-sessions"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let r = http.post(format!("{admin}/admin/save")).send().await.unwrap();
        assert_eq!(r.status(), 409, "no state file");
        sb.shutdown().await.unwrap();
    }
}
