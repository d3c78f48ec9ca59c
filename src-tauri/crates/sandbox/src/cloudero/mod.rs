//! The Cloude.ro (Cloudeos panel) API v1 simulator: the documented API with the quirks and the choices of
//! `docs/wire-decisions.md` ("Cloude.ro", "Cloude.ro reference"), speaking exactly what
//! `fleetdeck-provider-cloudero` expects.
//!
//! - Auth: form-encoded `POST /v1/user/login` → JWT-shaped (HS256) token (45 min) and refresh token
//!   (1 day) with an `exp` claim; `POST /v1/user/refreshtoken` takes the refresh token as bearer or as
//!   form field `refreshtoken`. Expired, forged or pre-"expiry now" tokens get 401.
//! - Envelope `{status, data, message}`; errors `{status: "error", data: null, message,
//!   error: {errorMessage, errorDev}}` with HTTP 4xx.
//! - Long actions answer `{event_id}`; the event (status 0 / 1 / -1) completes once `action_delay`
//!   has passed (lazily, on the next request of the account). A server or snapshot whose name
//!   contains "fail" makes its events fail. A server with an event running refuses other actions.
//! - Quirks: detail is a one-element array, `networks.v6: ""`, stopped servers say `disk: "0"`,
//!   capitalised states, SSH key list keyed by name (an empty list is `[]`, as PHP encodes it),
//!   destroy / key / tag writes answer `true`, regions/packages/images need no login.
//! - Actions answer on both `/v1/server/{id}/<action>` and `/v1/server/<action>` (id in the body).

mod model;
mod seed;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use chrono::{Duration as ChronoDuration, Utc};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::sim::{ProviderSim, SeedCredential, SimConfig};
use model::*;

/// Token lifetimes the documentation states.
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(45 * 60);
pub const REFRESH_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// The Cloude.ro simulator.
pub struct Sim {
    action_delay: Duration,
    world: Mutex<World>,
}

/// Build the simulator with its seeded world.
pub fn new(cfg: &SimConfig) -> Arc<Sim> {
    Arc::new(Sim {
        action_delay: cfg.action_delay,
        world: Mutex::new(seed::world(cfg)),
    })
}

impl ProviderSim for Sim {
    fn kind(&self) -> &'static str {
        "cloudero"
    }

    fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/v1/user/login", post(login))
            .route("/v1/user/refreshtoken", post(refresh))
            .route("/v1/user/info", get(user_info))
            .route("/v1/region/list", get(regions))
            .route("/v1/package/list", get(packages))
            .route("/v1/image/list", get(images))
            .route("/v1/server/list", get(server_list))
            .route("/v1/server/create", post(server_create))
            .route(
                "/v1/server/{seg}",
                get(server_detail).post(body_action).delete(body_action),
            )
            .route("/v1/server/{id}/snapshots", get(server_snapshots))
            .route("/v1/server/{id}/{action}", post(path_action).delete(path_action))
            .route("/v1/snapshot/list", get(snapshot_list))
            .route("/v1/snapshot/create", post(snapshot_create))
            .route("/v1/snapshot/destroy", axum::routing::delete(snapshot_destroy))
            .route("/v1/sshkey/list", get(key_list))
            .route("/v1/sshkey/create", post(key_create))
            .route("/v1/sshkey/update", axum::routing::put(key_update))
            .route("/v1/sshkey/destroy", axum::routing::delete(key_destroy))
            .route("/v1/tags/list", get(tag_list))
            .route("/v1/tags/create", post(tag_create))
            .route("/v1/tags/update", axum::routing::put(tag_update))
            .route("/v1/tags/destroy", axum::routing::delete(tag_destroy))
            .route("/v1/event/list", get(event_list))
            .route("/v1/event/{id}", get(event_detail))
            .route("/v1/invoice/list", get(invoice_list))
            .route("/v1/invoice/{id}/pdf", get(invoice_pdf))
            .route("/v1/transaction/list", get(transaction_list))
            .route("/v1/usage/list", get(usage_list))
            .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "Route not found").into_response() })
            .with_state(self)
    }

    fn credentials(&self) -> Vec<SeedCredential> {
        self.lock()
            .accounts
            .iter()
            .map(|a| SeedCredential {
                label: a.label.clone(),
                username: Some(a.email.clone()),
                secret: a.password.clone(),
            })
            .collect()
    }

    fn expire_sessions(&self) {
        self.lock().session_generation += 1;
    }

    fn save(&self) -> Value {
        serde_json::to_value(&*self.lock()).unwrap_or(Value::Null)
    }

    fn load(&self, state: Value) {
        match serde_json::from_value::<World>(state) {
            Ok(w) => *self.lock() = w,
            Err(e) => tracing::warn!(error = %e, "ignoring unreadable Cloude.ro sandbox state"),
        }
    }
}

/// An error answer in the panel's envelope.
#[derive(Debug)]
struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }
    fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Token is invalid or expired")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "status": "error",
            "data": null,
            "message": self.message,
            "error": {"errorMessage": self.message, "errorDev": ""},
        });
        (self.status, Json(body)).into_response()
    }
}

type ApiResult = Result<Value, ApiError>;

fn ok(data: Value) -> Response {
    Json(json!({"status": "success", "data": data, "message": null})).into_response()
}

fn answer(r: ApiResult) -> Response {
    match r {
        Ok(v) => ok(v),
        Err(e) => e.into_response(),
    }
}

/// Form pairs of a body (repeated keys kept, so `sub_ids[]` works); an unreadable body has none.
fn form(body: &Bytes) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn fields<'a>(form: &'a [(String, String)], names: &[&str]) -> Vec<&'a str> {
    form.iter()
        .filter(|(k, _)| names.contains(&k.as_str()))
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
        .collect()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// Claims of a simulated token.
struct Claims {
    account: u64,
    refresh: bool,
}

impl Sim {
    fn lock(&self) -> std::sync::MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Run `f` for the account the bearer token belongs to, after completing its due events.
    fn authed(&self, headers: &HeaderMap, f: impl FnOnce(&mut World, usize) -> ApiResult) -> Response {
        let mut w = self.lock();
        let Some(idx) = bearer(headers)
            .and_then(|t| verify(&w, t))
            .filter(|c| !c.refresh)
            .and_then(|c| w.accounts.iter().position(|a| a.id == c.account))
        else {
            return ApiError::unauthorized().into_response();
        };
        settle(&mut w.accounts[idx]);
        answer(f(&mut w, idx))
    }

    fn delay_ms(&self) -> u64 {
        u64::try_from(self.action_delay.as_millis()).unwrap_or(u64::MAX)
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens

type HmacSha256 = Hmac<Sha256>;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn sign(key: &str, data: &str) -> String {
    let Ok(mut mac) = HmacSha256::new_from_slice(key.as_bytes()) else {
        return String::new();
    };
    mac.update(data.as_bytes());
    b64(&mac.finalize().into_bytes())
}

/// A JWT-shaped token for `account`, valid for `lifetime`.
fn issue(w: &World, account: &Account, refresh: bool, lifetime: Duration) -> String {
    let now = Utc::now().timestamp();
    let exp = now + i64::try_from(lifetime.as_secs()).unwrap_or(0);
    let header = b64(br#"{"typ":"JWT","alg":"HS256"}"#);
    let payload = b64(json!({
        "id": account.id.to_string(),
        "email": account.email,
        "type": if refresh { "refresh" } else { "access" },
        "gen": w.session_generation,
        "jti": uuid::Uuid::new_v4().simple().to_string(),
        "iat": now,
        "exp": exp,
    })
    .to_string()
    .as_bytes());
    let signed = format!("{header}.{payload}");
    let sig = sign(&w.signing_key, &signed);
    format!("{signed}.{sig}")
}

/// The claims of a token this simulator issued, if it is still valid.
fn verify(w: &World, token: &str) -> Option<Claims> {
    let (signed, sig) = token.rsplit_once('.')?;
    // Constant-time comparison is pointless in a simulator; equality is enough.
    if sign(&w.signing_key, signed) != sig {
        return None;
    }
    let payload = signed.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    let exp = claims.get("exp")?.as_i64()?;
    let gen = claims.get("gen")?.as_u64()?;
    if exp <= Utc::now().timestamp() || gen < w.session_generation {
        return None;
    }
    Some(Claims {
        account: claims.get("id")?.as_str()?.parse().ok()?,
        refresh: claims.get("type")?.as_str()? == "refresh",
    })
}

fn token_pair(w: &World, idx: usize, refresh: bool) -> Value {
    let a = &w.accounts[idx];
    json!({
        "token": issue(w, a, false, TOKEN_LIFETIME),
        "refreshtoken": issue(w, a, true, REFRESH_LIFETIME),
        "refresh": refresh,
    })
}

async fn login(State(sim): State<Arc<Sim>>, body: Bytes) -> Response {
    let f = form(&body);
    let (Some(user), Some(pass)) = (field(&f, "username"), field(&f, "password")) else {
        return ApiError::invalid("Postdata: Invalid (username and password are required)").into_response();
    };
    let mut w = sim.lock();
    let Some(idx) = w
        .accounts
        .iter()
        .position(|a| a.email.eq_ignore_ascii_case(user) && a.password == pass)
    else {
        return ApiError::new(StatusCode::UNAUTHORIZED, "Username or password is incorrect").into_response();
    };
    w.accounts[idx].last_login_date = Some(Utc::now());
    ok(token_pair(&w, idx, false))
}

async fn refresh(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let f = form(&body);
    let w = sim.lock();
    let from_form = field(&f, "refreshtoken").and_then(|t| verify(&w, t));
    let claims = from_form.or_else(|| bearer(&headers).and_then(|t| verify(&w, t)));
    let Some(idx) = claims
        .filter(|c| c.refresh)
        .and_then(|c| w.accounts.iter().position(|a| a.id == c.account))
    else {
        return ApiError::new(StatusCode::UNAUTHORIZED, "Refresh token is invalid or expired")
            .into_response();
    };
    ok(token_pair(&w, idx, true))
}

async fn user_info(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    sim.authed(&headers, |w, i| {
        let a = &w.accounts[i];
        Ok(json!({
            "name": a.name,
            "email": a.email,
            "balance": (a.balance * 100.0).round() / 100.0,
            "register_date": ts(a.register_date),
            "last_login_date": a.last_login_date.map(ts),
            "is_verified": true,
        }))
    })
}

// ---------------------------------------------------------------------------------------------
// Public catalog

async fn regions() -> Response {
    ok(REGIONS.iter().map(region_wire).collect())
}

async fn packages() -> Response {
    ok(PACKAGES.iter().map(package_wire).collect())
}

async fn images(Query(q): Query<Vec<(String, String)>>) -> Response {
    let wanted: Vec<String> = q
        .iter()
        .filter(|(k, _)| k == "type")
        .flat_map(|(_, v)| v.split(',').map(|s| s.trim().to_ascii_lowercase()))
        .filter(|s| !s.is_empty())
        .collect();
    let all = wanted.is_empty() || wanted.iter().any(|t| t == "all");
    let list: Vec<Value> = IMAGES
        .iter()
        .filter(|i| {
            all || wanted
                .iter()
                .any(|t| (t == "application") == i.application && (t == "application" || t == "template"))
        })
        .map(image_wire)
        .collect();
    ok(Value::Array(list))
}

// ---------------------------------------------------------------------------------------------
// Events and lazy completion

/// Complete every event of the account whose time has come, applying its effect.
fn settle(a: &mut Account) {
    let due: Vec<u64> = a
        .events
        .values()
        .filter(|e| e.status == 0 && e.started.elapsed() >= Duration::from_millis(e.delay_ms))
        .map(|e| e.id)
        .collect();
    for id in due {
        let Some(e) = a.events.get_mut(&id) else { continue };
        e.status = if e.fail { -1 } else { 1 };
        e.completed_at = Some(e.due_at());
        let (effect, failed, server_id, prev) = (e.effect.clone(), e.fail, e.server_id, e.prev_state.clone());
        apply(a, &effect, failed, server_id, &prev);
    }
    // The panel keeps a day of events; keep two for `GET /v1/event/{id}` of older jobs.
    let horizon = Utc::now() - ChronoDuration::days(2);
    a.events.retain(|_, e| e.status == 0 || e.created_at > horizon);
}

fn apply(a: &mut Account, effect: &Effect, failed: bool, server_id: u64, prev: &str) {
    if let Effect::Snapshot { snapshot } = effect {
        if let Some(s) = a.snapshots.get_mut(snapshot) {
            s.state = if failed { "Failed" } else { "Active" }.into();
        }
        return;
    }
    if let Effect::Restore { snapshot } = effect {
        if let Some(s) = a.snapshots.get_mut(snapshot) {
            s.state = "Active".into();
        }
    }
    if matches!(effect, Effect::Destroy) && !failed {
        a.servers.remove(&server_id);
        return;
    }
    let Some(s) = a.servers.get_mut(&server_id) else {
        return;
    };
    if failed {
        s.state = match effect {
            Effect::Create => "Error".into(),
            _ => prev.to_owned(),
        };
        return;
    }
    match effect {
        Effect::Create | Effect::Start | Effect::Reboot => s.state = "Running".into(),
        Effect::Stop => s.state = "Stopped".into(),
        Effect::Reinstall { image } => {
            s.image = image.clone();
            s.state = "Running".into();
        }
        Effect::Upgrade { package: slug } => {
            if let Some(p) = package(slug) {
                s.package = p.slug.into();
                s.cpu = p.cpu;
                s.memory = p.ram;
                s.disk = p.disk;
                s.bandwidth = p.bandwidth;
            }
            s.state = prev.to_owned();
        }
        Effect::Password | Effect::Restore { .. } => s.state = prev.to_owned(),
        Effect::Destroy | Effect::Snapshot { .. } => {}
    }
}

/// What an event is: its type (`VM.START`…), effect, whether it fails, and the server state while
/// it runs (`None`: unchanged).
struct EventSpec<'a> {
    kind: &'a str,
    effect: Effect,
    fail: bool,
    during: Option<&'a str>,
}

/// Start an event on `server_id`, moving the server to `during` while it runs.
fn start_event(w: &mut World, idx: usize, delay_ms: u64, server_id: u64, spec: EventSpec<'_>) -> u64 {
    let EventSpec {
        kind,
        effect,
        fail,
        during,
    } = spec;
    let id = w.next_event;
    w.next_event += 1;
    let a = &mut w.accounts[idx];
    let prev = a
        .servers
        .get(&server_id)
        .map(|s| s.state.clone())
        .unwrap_or_default();
    if let (Some(during), Some(s)) = (during, a.servers.get_mut(&server_id)) {
        s.state = during.into();
    }
    a.events.insert(
        id,
        Event {
            id,
            event: kind.into(),
            server_id,
            created_at: Utc::now(),
            started: Instant::now(),
            delay_ms,
            fail,
            status: 0,
            completed_at: None,
            prev_state: prev,
            effect,
        },
    );
    id
}

fn active_events(a: &Account, server_id: u64) -> Vec<u64> {
    a.events
        .values()
        .filter(|e| e.status == 0 && e.server_id == server_id)
        .map(|e| e.id)
        .collect()
}

async fn event_list(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    sim.authed(&headers, |w, i| {
        let since = Utc::now() - ChronoDuration::days(1);
        Ok(w.accounts[i]
            .events
            .values()
            .rev()
            .filter(|e| e.created_at > since)
            .map(Event::wire)
            .collect())
    })
}

async fn event_detail(State(sim): State<Arc<Sim>>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    sim.authed(&headers, |w, i| {
        id.parse::<u64>()
            .ok()
            .and_then(|id| w.accounts[i].events.get(&id))
            .map(Event::wire)
            .ok_or_else(|| ApiError::not_found("Event not found"))
    })
}

// ---------------------------------------------------------------------------------------------
// Servers

fn server_wires(a: &Account) -> Vec<Value> {
    a.servers
        .values()
        .map(|s| s.wire(&active_events(a, s.id)))
        .collect()
}

async fn server_list(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    sim.authed(&headers, |w, i| Ok(Value::Array(server_wires(&w.accounts[i]))))
}

fn find_server(a: &Account, id: &str) -> Result<u64, ApiError> {
    id.parse::<u64>()
        .ok()
        .filter(|id| a.servers.contains_key(id))
        .ok_or_else(|| ApiError::not_found("Server not found"))
}

async fn server_detail(State(sim): State<Arc<Sim>>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    sim.authed(&headers, |w, i| {
        let a = &w.accounts[i];
        let id = find_server(a, &id)?;
        let s = &a.servers[&id];
        // Quirk: the detail is a one-element array.
        Ok(json!([s.wire(&active_events(a, id))]))
    })
}

async fn server_snapshots(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.authed(&headers, |w, i| {
        let a = &w.accounts[i];
        let id = find_server(a, &id)?;
        Ok(a.snapshots
            .values()
            .filter(|s| s.server_id == id)
            .map(Snapshot::wire)
            .collect())
    })
}

/// The create fields shared by `create` and `create_from_snapshot`.
struct NewServer<'a> {
    name: &'a str,
    hostname: Option<&'a str>,
    region: &'static RegionDef,
    package: &'static PackageDef,
    image: String,
    ssh_key: Option<&'a str>,
}

fn create_in(sim: &Sim, w: &mut World, idx: usize, n: NewServer<'_>) -> ApiResult {
    if !n.package.regions.contains(&n.region.slug) {
        return Err(ApiError::invalid(format!(
            "Postdata: Invalid (package {} is not offered in {})",
            n.package.slug, n.region.slug
        )));
    }
    if let Some(fp) = n.ssh_key {
        if !w.accounts[idx].keys.iter().any(|k| k.fingerprint == fp) {
            return Err(ApiError::invalid(format!(
                "Postdata: Invalid (unknown ssh key {fp})"
            )));
        }
    }
    let price: f64 = n.package.monthly.parse().unwrap_or(0.0);
    if w.accounts[idx].balance < price / 30.0 {
        return Err(ApiError::invalid(
            "Insufficient balance: top up to create a server",
        ));
    }
    let id = w.next_server;
    w.next_server += 1;
    let name = n.name.to_owned();
    let fail = name.to_ascii_lowercase().contains("fail");
    let server = Server {
        id,
        hostname: n.hostname.map(str::to_owned).unwrap_or_else(|| name.clone()),
        name,
        cpu: n.package.cpu,
        memory: n.package.ram,
        disk: n.package.disk,
        bandwidth: n.package.bandwidth,
        state: "Creating".into(),
        region: n.region.slug.into(),
        image: n.image,
        package: n.package.slug.into(),
        ipv4: format!("{}.{}.{}", n.region.net, (id / 250) % 250, 2 + id % 250),
        created_at: Utc::now(),
        tags: BTreeSet::new(),
    };
    w.accounts[idx].servers.insert(id, server);
    let event = start_event(
        w,
        idx,
        sim.delay_ms(),
        id,
        EventSpec {
            kind: "VM.CREATE",
            effect: Effect::Create,
            fail,
            during: None,
        },
    );
    Ok(json!({ "event_id": event }))
}

async fn server_create(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let f = form(&body);
    let s = sim.clone();
    sim.authed(&headers, move |w, i| {
        let (Some(name), Some(region), Some(pkg), Some(img)) = (
            field(&f, "name"),
            field(&f, "region"),
            field(&f, "package"),
            field(&f, "image"),
        ) else {
            return Err(ApiError::invalid(
                "Postdata: Invalid (name, region, package and image are required)",
            ));
        };
        let region = region_def(region)?;
        let package = package_def(pkg)?;
        let image = image(img)
            .filter(|im| im.regions.contains(&region.slug))
            .ok_or_else(|| {
                ApiError::invalid(format!(
                    "Postdata: Invalid (image {img} is not offered in {})",
                    region.slug
                ))
            })?;
        if image.min_disk.is_some_and(|d| d > package.disk) {
            return Err(ApiError::invalid(format!(
                "Postdata: Invalid (image {img} needs at least {} GB of disk)",
                image.min_disk.unwrap_or(0)
            )));
        }
        let ssh_key = field(&f, "ssh_key").or_else(|| field(&f, "ssh_keys"));
        create_in(
            &s,
            w,
            i,
            NewServer {
                name,
                hostname: field(&f, "hostname"),
                region,
                package,
                image: image.slug.into(),
                ssh_key,
            },
        )
    })
}

fn region_def(slug: &str) -> Result<&'static RegionDef, ApiError> {
    region(slug)
        .filter(|r| r.available)
        .ok_or_else(|| ApiError::invalid(format!("Postdata: Invalid (region {slug} is not available)")))
}

fn package_def(slug: &str) -> Result<&'static PackageDef, ApiError> {
    package(slug).ok_or_else(|| ApiError::invalid(format!("Postdata: Invalid (unknown package {slug})")))
}

/// `/v1/server/{id}/<action>`.
async fn path_action(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let f = form(&body);
    let s = sim.clone();
    sim.authed(&headers, move |w, i| server_action(&s, w, i, &id, &action, &f))
}

/// `/v1/server/<action>` with the id in the body (the curl examples' style).
async fn body_action(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(action): Path<String>,
    body: Bytes,
) -> Response {
    let f = form(&body);
    let s = sim.clone();
    sim.authed(&headers, move |w, i| {
        let id = field(&f, "id")
            .or_else(|| field(&f, "subscription_id"))
            .ok_or_else(|| ApiError::invalid("Postdata: Invalid (id is required)"))?
            .to_owned();
        server_action(&s, w, i, &id, &action, &f)
    })
}

fn server_action(
    sim: &Sim,
    w: &mut World,
    idx: usize,
    id: &str,
    action: &str,
    f: &[(String, String)],
) -> ApiResult {
    let a = &w.accounts[idx];
    let sid = find_server(a, id)?;
    if action == "create_from_snapshot" {
        return create_from_snapshot(sim, w, idx, f);
    }
    if !active_events(a, sid).is_empty() {
        return Err(ApiError::invalid(
            "Server has an active event; try again when it completes",
        ));
    }
    let server = &a.servers[&sid];
    let fail = server.name.to_ascii_lowercase().contains("fail");
    let state = server.state.clone();
    let delay = sim.delay_ms();
    let (kind, effect, during) = match action {
        "start" => {
            if state == "Running" {
                return Err(ApiError::invalid("Server is already running"));
            }
            ("VM.START", Effect::Start, "Starting")
        }
        "stop" => {
            if state == "Stopped" {
                return Err(ApiError::invalid("Server is already stopped"));
            }
            ("VM.STOP", Effect::Stop, "Stopping")
        }
        "reboot" => {
            if state != "Running" {
                return Err(ApiError::invalid("Only a running server can be rebooted"));
            }
            ("VM.REBOOT", Effect::Reboot, "Rebooting")
        }
        "destroy" => {
            // Destroy never fails (so tests can always clean up) and answers `true`.
            start_event(
                w,
                idx,
                delay,
                sid,
                EventSpec {
                    kind: "VM.DESTROY",
                    effect: Effect::Destroy,
                    fail: false,
                    during: Some("Deleting"),
                },
            );
            return Ok(json!(true));
        }
        "change_password" => ("VM.UPDATE", Effect::Password, state.as_str()),
        "refresh_install" => {
            let slug = field(f, "image")
                .ok_or_else(|| ApiError::invalid("Postdata: Invalid (image is required)"))?;
            let im = image(slug)
                .filter(|im| im.regions.contains(&server.region.as_str()))
                .ok_or_else(|| {
                    ApiError::invalid(format!("Postdata: Invalid (image {slug} is not offered here)"))
                })?;
            (
                "VM.REINSTALL",
                Effect::Reinstall {
                    image: im.slug.into(),
                },
                "Reinstalling",
            )
        }
        "upgrade_package" => {
            let slug = field(f, "package")
                .ok_or_else(|| ApiError::invalid("Postdata: Invalid (package is required)"))?;
            let p = package_def(slug)?;
            if !p.regions.contains(&server.region.as_str()) {
                return Err(ApiError::invalid(format!(
                    "Postdata: Invalid (package {slug} is not offered in {})",
                    server.region
                )));
            }
            if p.disk < server.disk {
                return Err(ApiError::invalid(format!(
                    "Postdata: Invalid (the disk cannot shrink: {} GB to {} GB)",
                    server.disk, p.disk
                )));
            }
            (
                "VM.UPGRADE",
                Effect::Upgrade {
                    package: p.slug.into(),
                },
                "Upgrading",
            )
        }
        "restore_from_snapshot" => {
            let snap = field(f, "snapshot_id")
                .and_then(|s| s.parse::<u64>().ok())
                .and_then(|s| a.snapshots.get(&s))
                .ok_or_else(|| ApiError::not_found("Snapshot not found"))?;
            if snap.server_id != sid {
                return Err(ApiError::invalid(
                    "Postdata: Invalid (the snapshot belongs to another server)",
                ));
            }
            if snap.state != "Active" {
                return Err(ApiError::invalid(format!(
                    "Snapshot is {}; it cannot be restored",
                    snap.state
                )));
            }
            let snap_id = snap.id;
            let fail = fail || snap.name.to_ascii_lowercase().contains("fail");
            if let Some(s) = w.accounts[idx].snapshots.get_mut(&snap_id) {
                s.state = "Restoring".into();
            }
            let ev = start_event(
                w,
                idx,
                delay,
                sid,
                EventSpec {
                    kind: "VM.RESTORE",
                    effect: Effect::Restore { snapshot: snap_id },
                    fail,
                    during: Some("Restoring"),
                },
            );
            return Ok(json!({ "event_id": ev }));
        }
        _ => return Err(ApiError::not_found(format!("Unknown action {action}"))),
    };
    let during = during.to_owned();
    let ev = start_event(
        w,
        idx,
        delay,
        sid,
        EventSpec {
            kind,
            effect,
            fail,
            during: Some(&during),
        },
    );
    Ok(json!({ "event_id": ev }))
}

fn create_from_snapshot(sim: &Sim, w: &mut World, idx: usize, f: &[(String, String)]) -> ApiResult {
    let (Some(name), Some(pkg), Some(snap)) =
        (field(f, "name"), field(f, "package"), field(f, "snapshot_id"))
    else {
        return Err(ApiError::invalid(
            "Postdata: Invalid (name, package and snapshot_id are required)",
        ));
    };
    let a = &w.accounts[idx];
    let snap = snap
        .parse::<u64>()
        .ok()
        .and_then(|s| a.snapshots.get(&s))
        .ok_or_else(|| ApiError::not_found("Snapshot not found"))?;
    let package = package_def(pkg)?;
    if package.disk < snap.size {
        // The documentation's example of this error, word for word.
        return Err(ApiError::invalid(format!(
            "The selected package disk size must be greater than or equal to the snapshot disk size. ( {}/{} GB ).",
            package.disk, snap.size
        )));
    }
    let region = region_def(&snap.region)?;
    let image = a
        .servers
        .get(&snap.server_id)
        .map(|s| s.image.clone())
        .unwrap_or_else(|| format!("snapshot-{}", snap.id));
    create_in(
        sim,
        w,
        idx,
        NewServer {
            name,
            hostname: field(f, "hostname"),
            region,
            package,
            image,
            ssh_key: field(f, "ssh_key").or_else(|| field(f, "ssh_keys")),
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Snapshots

async fn snapshot_list(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    sim.authed(&headers, |w, i| {
        Ok(w.accounts[i].snapshots.values().map(Snapshot::wire).collect())
    })
}

async fn snapshot_create(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let f = form(&body);
    let s = sim.clone();
    sim.authed(&headers, move |w, i| {
        let (Some(id), Some(name)) = (field(&f, "id"), field(&f, "name")) else {
            return Err(ApiError::invalid("Postdata: Invalid (id and name are required)"));
        };
        let a = &w.accounts[i];
        let sid = find_server(a, id)?;
        if !active_events(a, sid).is_empty() {
            return Err(ApiError::invalid(
                "Server has an active event; try again when it completes",
            ));
        }
        let server = &a.servers[&sid];
        let fail = name.to_ascii_lowercase().contains("fail");
        let snap_id = w.next_snapshot;
        w.next_snapshot += 1;
        let snapshot = Snapshot {
            id: snap_id,
            name: name.to_owned(),
            server_id: sid,
            region: server.region.clone(),
            size: (server.disk / 3).max(1),
            state: "Pending".into(),
            created_at: Utc::now(),
        };
        w.accounts[i].snapshots.insert(snap_id, snapshot);
        let ev = start_event(
            w,
            i,
            s.delay_ms(),
            sid,
            EventSpec {
                kind: "VM.SNAPSHOT",
                effect: Effect::Snapshot { snapshot: snap_id },
                fail,
                during: None,
            },
        );
        Ok(json!({ "event_id": ev }))
    })
}

async fn snapshot_destroy(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let f = form(&body);
    sim.authed(&headers, move |w, i| {
        let a = &mut w.accounts[i];
        let id = field(&f, "id")
            .and_then(|s| s.parse::<u64>().ok())
            .filter(|id| a.snapshots.contains_key(id))
            .ok_or_else(|| ApiError::not_found("Snapshot not found"))?;
        if a.snapshots[&id].state == "Pending" || a.snapshots[&id].state == "Restoring" {
            return Err(ApiError::invalid(
                "Snapshot has an active event; try again when it completes",
            ));
        }
        a.snapshots.remove(&id);
        Ok(json!(true))
    })
}

// ---------------------------------------------------------------------------------------------
// SSH keys

async fn key_list(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    sim.authed(&headers, |w, i| {
        let keys = &w.accounts[i].keys;
        if keys.is_empty() {
            // PHP encodes an empty associative array as a list.
            return Ok(json!([]));
        }
        Ok(Value::Object(
            keys.iter()
                .map(|k| {
                    (
                        k.name.clone(),
                        json!({"name": k.name, "public_key": k.public_key, "fingerprint": k.fingerprint}),
                    )
                })
                .collect(),
        ))
    })
}

async fn key_create(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let f = form(&body);
    sim.authed(&headers, move |w, i| {
        let (Some(name), Some(pk)) = (field(&f, "name"), field(&f, "public_key")) else {
            return Err(ApiError::invalid(
                "Postdata: Invalid (name and public_key are required)",
            ));
        };
        let fingerprint = seed::md5_fingerprint(pk)
            .filter(|_| pk.starts_with("ssh-") || pk.starts_with("ecdsa-"))
            .ok_or_else(|| {
                ApiError::invalid("Postdata: Invalid (public_key is not an OpenSSH public key)")
            })?;
        let a = &mut w.accounts[i];
        if a.keys.iter().any(|k| k.name == name) {
            return Err(ApiError::invalid(format!(
                "An SSH key named {name} already exists"
            )));
        }
        if a.keys.iter().any(|k| k.fingerprint == fingerprint) {
            return Err(ApiError::invalid("This SSH key is already added"));
        }
        a.keys.push(Key {
            name: name.to_owned(),
            public_key: pk.to_owned(),
            fingerprint,
        });
        Ok(json!(true))
    })
}

async fn key_update(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let f = form(&body);
    sim.authed(&headers, move |w, i| {
        let (Some(fp), Some(name)) = (field(&f, "fingerprint"), field(&f, "name")) else {
            return Err(ApiError::invalid(
                "Postdata: Invalid (fingerprint and name are required)",
            ));
        };
        let a = &mut w.accounts[i];
        if a.keys.iter().any(|k| k.name == name && k.fingerprint != fp) {
            return Err(ApiError::invalid(format!(
                "An SSH key named {name} already exists"
            )));
        }
        let k = a
            .keys
            .iter_mut()
            .find(|k| k.fingerprint == fp)
            .ok_or_else(|| ApiError::not_found("SSH key not found"))?;
        k.name = name.to_owned();
        Ok(json!(true))
    })
}

async fn key_destroy(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let f = form(&body);
    sim.authed(&headers, move |w, i| {
        let fp = field(&f, "fingerprint")
            .ok_or_else(|| ApiError::invalid("Postdata: Invalid (fingerprint is required)"))?;
        let a = &mut w.accounts[i];
        let before = a.keys.len();
        a.keys.retain(|k| k.fingerprint != fp);
        if a.keys.len() == before {
            return Err(ApiError::not_found("SSH key not found"));
        }
        Ok(json!(true))
    })
}

// ---------------------------------------------------------------------------------------------
// Tags

async fn tag_list(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    sim.authed(&headers, |w, i| {
        let a = &w.accounts[i];
        Ok(a.tags
            .iter()
            .map(|(tag, at)| {
                let count = a.servers.values().filter(|s| s.tags.contains(tag)).count();
                json!({"count": count, "tag": tag, "created_at": at.map(ts)})
            })
            .collect())
    })
}

fn valid_tag(t: &str) -> Result<(), ApiError> {
    if t.is_empty() || t.len() > 64 || t.contains(char::is_whitespace) {
        return Err(ApiError::invalid(format!("Postdata: Invalid (tag '{t}')")));
    }
    Ok(())
}

async fn tag_create(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let f = form(&body);
    sim.authed(&headers, move |w, i| {
        let ids = fields(&f, &["sub_ids[]", "sub_ids"]);
        let tags = fields(&f, &["tags[]", "tags"]);
        if ids.is_empty() || tags.is_empty() {
            return Err(ApiError::invalid(
                "Postdata: Invalid (sub_ids and tags are required)",
            ));
        }
        let a = &mut w.accounts[i];
        let ids = ids
            .iter()
            .map(|id| find_server(a, id))
            .collect::<Result<Vec<u64>, ApiError>>()?;
        for t in &tags {
            valid_tag(t)?;
        }
        let now = Utc::now();
        for t in &tags {
            a.tags.entry((*t).to_owned()).or_insert(Some(now));
            for id in &ids {
                // Existing pairs are skipped.
                if let Some(s) = a.servers.get_mut(id) {
                    s.tags.insert((*t).to_owned());
                }
            }
        }
        Ok(json!(true))
    })
}

async fn tag_update(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let f = form(&body);
    sim.authed(&headers, move |w, i| {
        let id =
            field(&f, "sub_id").ok_or_else(|| ApiError::invalid("Postdata: Invalid (sub_id is required)"))?;
        let a = &mut w.accounts[i];
        let sid = find_server(a, id)?;
        // One space-separated string, as documented; `tags[]` tolerated.
        let mut tags: BTreeSet<String> = fields(&f, &["tags", "tags[]"])
            .iter()
            .flat_map(|t| t.split_whitespace())
            .map(str::to_owned)
            .collect();
        tags.retain(|t| !t.is_empty());
        for t in &tags {
            valid_tag(t)?;
        }
        let now = Utc::now();
        for t in &tags {
            a.tags.entry(t.clone()).or_insert(Some(now));
        }
        if let Some(s) = a.servers.get_mut(&sid) {
            s.tags = tags;
        }
        Ok(json!(true))
    })
}

async fn tag_destroy(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let f = form(&body);
    sim.authed(&headers, move |w, i| {
        let tag = field(&f, "tag").ok_or_else(|| ApiError::invalid("Postdata: Invalid (tag is required)"))?;
        let a = &mut w.accounts[i];
        if a.tags.remove(tag).is_none() {
            return Err(ApiError::not_found("Tag not found"));
        }
        for s in a.servers.values_mut() {
            s.tags.remove(tag);
        }
        Ok(json!(true))
    })
}

// ---------------------------------------------------------------------------------------------
// Billing and usage

/// The invoices, each with `pdf_url`: a signed link to its document on this simulator (the real
/// panel's invoice shape is undocumented; provider-cloudero/README.md "Invoices" says what the
/// client tolerates). The link is absolute, built from the request's `Host`, as a panel's would be.
async fn invoice_list(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c))
        })
        .unwrap_or("127.0.0.1")
        .to_owned();
    sim.authed(&headers, |w, i| {
        let key = w.signing_key.clone();
        let with_links = w.accounts[i]
            .invoices
            .iter()
            .map(|inv| {
                let mut inv = inv.clone();
                if let (Some(id), Value::Object(map)) = (inv.get("id").and_then(Value::as_u64), &mut inv) {
                    let token = invoice_token(&key, id);
                    map.insert(
                        "pdf_url".into(),
                        json!(format!("http://{host}/v1/invoice/{id}/pdf?token={token}")),
                    );
                }
                inv
            })
            .collect();
        Ok(Value::Array(with_links))
    })
}

/// The signature of invoice `id`'s document link.
fn invoice_token(key: &str, id: u64) -> String {
    sign(key, &format!("invoice-pdf:{id}"))
}

#[derive(serde::Deserialize)]
struct InvoiceDocumentQuery {
    token: Option<String>,
}

/// An invoice's document: a small PDF, for the signed link alone (no bearer token, as a real
/// signed link works without signing in); a missing or wrong signature is refused with 403.
async fn invoice_pdf(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<String>,
    Query(q): Query<InvoiceDocumentQuery>,
) -> Response {
    let w = sim.lock();
    let Ok(id) = id.parse::<u64>() else {
        return ApiError::not_found("Invoice not found").into_response();
    };
    if q.token.as_deref() != Some(invoice_token(&w.signing_key, id).as_str()) {
        return ApiError::new(StatusCode::FORBIDDEN, "Invalid or missing signature").into_response();
    }
    let Some(number) = w
        .accounts
        .iter()
        .flat_map(|a| &a.invoices)
        .find(|inv| inv.get("id").and_then(Value::as_u64) == Some(id))
        .map(|inv| inv.get("number").and_then(Value::as_str).unwrap_or("").to_owned())
    else {
        return ApiError::not_found("Invoice not found").into_response();
    };
    (
        [(header::CONTENT_TYPE, "application/pdf")],
        invoice_document_bytes(&number),
    )
        .into_response()
}

/// A minimal one-page PDF naming the invoice (enough for a viewer to open).
fn invoice_document_bytes(number: &str) -> Vec<u8> {
    let text: String = number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let content = format!("BT /F1 18 Tf 72 720 Td (Invoice {text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (n, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{body}\nendobj\n", n + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for o in offsets {
        pdf.push_str(&format!("{o:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

async fn transaction_list(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    sim.authed(&headers, |w, i| {
        Ok(Value::Array(w.accounts[i].transactions.clone()))
    })
}

async fn usage_list(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    sim.authed(&headers, move |w, i| {
        let id = q
            .iter()
            .find(|(k, _)| k == "id")
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| ApiError::invalid("Postdata: Invalid (id is required)"))?;
        let sid = find_server(&w.accounts[i], id)?;
        Ok(usage(sid, &w.accounts[i].servers[&sid].state))
    })
}

/// Hourly traffic of the last day in MB (`[value, unix_ts]`), a day/night curve per server.
fn usage(server_id: u64, state: &str) -> Value {
    let now = Utc::now().timestamp();
    let hour = now - now % 3600;
    let scale = 40.0 + (server_id % 17) as f64 * 12.5;
    let running = state != "Stopped";
    let series = |factor: f64| -> Vec<Value> {
        (0..24)
            .map(|h| {
                let at = hour - (23 - h) * 3600;
                let phase = ((at / 3600) % 24) as f64 / 24.0 * std::f64::consts::TAU;
                let wobble = ((server_id as f64 * 0.37 + h as f64) * 1.7).sin() * 0.15;
                let v = if running {
                    scale * factor * (1.0 + 0.6 * (phase - 2.0).sin() + wobble)
                } else {
                    0.0
                };
                json!([(v.max(0.0) * 100.0).round() / 100.0, at])
            })
            .collect()
    };
    json!({"incoming": series(1.0), "outgoing": series(0.22)})
}

#[cfg(test)]
mod tests;
