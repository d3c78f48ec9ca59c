//! The vz container API simulator (docs/wire-decisions.md: "vz and LXD" and "vz and LXD reference"), in
//! the LXD dialect the spec borrows:
//!
//! - `GET /1.0` (open) → `metadata.environment.server = "vz"`, `auth` trusted/untrusted;
//! - `GET /1.0/vz` → `[101, 102]` (`?recursion=1`: the objects); `POST /1.0/vz` creates (async);
//! - `GET|PUT|DELETE /1.0/vz/<id>` (the GET answers an `ETag`; a PUT with a stale `If-Match` is
//!   refused with 412), `GET|PUT /1.0/vz/<id>/state` (`start|stop|restart|freeze|unfreeze`);
//! - `GET /1.0/operations`, `GET /1.0/operations/<uuid>`, `GET /1.0/operations/<uuid>/wait?timeout=N`.
//!
//! Envelopes: sync (HTTP 200), async (HTTP 202 + `Location` + `operation`), error (`error_code`).
//! An operation completes `action_delay` after it started; one on a container whose hostname
//! contains "fail" ends with HTTP 200, `status: "Failure"` and `err`. Finished operations vanish
//! [`OPERATION_LINGER`] after they end (404 afterwards), as LXD's do.
//!
//! Each seeded account is one vz host with its own bearer token (`Authorization: Bearer <token>`,
//! plain http on loopback) and its own containers; a token sees only its host.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Duration as ChronoDuration, SecondsFormat, Utc};
use rand::seq::IndexedRandom;
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::names;
use crate::persist::instant_ms;
use crate::sim::{ProviderSim, SeedCredential, SimConfig};

/// How long a finished operation stays readable.
pub const OPERATION_LINGER: Duration = Duration::from_secs(5);
/// The longest `/wait` the simulator holds a request for (without `timeout`, LXD waits forever).
pub const MAX_WAIT: Duration = Duration::from_secs(120);

/// The vz simulator.
pub struct Sim {
    action_delay: Duration,
    world: Mutex<World>,
}

/// Build the simulator with its seeded hosts.
pub fn new(cfg: &SimConfig) -> Arc<Sim> {
    Arc::new(Sim {
        action_delay: cfg.action_delay,
        world: Mutex::new(seed(cfg)),
    })
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct World {
    hosts: Vec<Host>,
    operations: BTreeMap<String, Operation>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Host {
    label: String,
    token: String,
    server_name: String,
    next_ctid: u32,
    containers: BTreeMap<u32, Container>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Container {
    id: u32,
    hostname: String,
    /// `limits.cpus`, `limits.memory`, `limits.disk`, `image.*`, `user.*`: strings, as in LXD.
    config: BTreeMap<String, String>,
    /// Running | Stopped | Frozen | Starting | Stopping | Freezing | Pending.
    status: String,
    ip: String,
    created_at: DateTime<Utc>,
    /// Disk used, GB.
    disk_usage_gb: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Effect {
    Create,
    Start,
    Stop,
    Restart,
    Freeze,
    Unfreeze,
    Delete,
    Update(BTreeMap<String, String>),
    Restore(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Operation {
    id: String,
    host: usize,
    ctid: u32,
    description: String,
    created_at: DateTime<Utc>,
    #[serde(with = "instant_ms")]
    started: Instant,
    delay_ms: u64,
    fail: bool,
    /// Running | Success | Failure.
    status: String,
    err: String,
    /// The container status to go back to when the operation fails.
    prev_status: String,
    effect: Effect,
}

impl Operation {
    fn due(&self) -> Duration {
        Duration::from_millis(self.delay_ms)
    }

    fn wire(&self) -> Value {
        let (code, updated) = match self.status.as_str() {
            "Success" => (200, self.created_at + chrono_ms(self.delay_ms)),
            "Failure" => (400, self.created_at + chrono_ms(self.delay_ms)),
            _ => (103, self.created_at),
        };
        json!({
            "id": self.id,
            "class": "task",
            "description": self.description,
            "created_at": ts(self.created_at),
            "updated_at": ts(updated),
            "status": self.status,
            "status_code": code,
            "resources": {"containers": [format!("/1.0/vz/{}", self.ctid)]},
            "metadata": {},
            "may_cancel": false,
            "err": self.err,
        })
    }
}

fn chrono_ms(ms: u64) -> ChronoDuration {
    ChronoDuration::milliseconds(i64::try_from(ms).unwrap_or(i64::MAX / 2))
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn status_code(status: &str) -> u16 {
    match status {
        "Stopped" => 102,
        "Running" => 103,
        "Pending" => 105,
        "Starting" => 106,
        "Stopping" => 107,
        "Freezing" => 109,
        "Frozen" => 110,
        "Error" => 112,
        _ => 103,
    }
}

impl Container {
    fn limit(&self, key: &str) -> Option<&str> {
        self.config.get(key).map(String::as_str)
    }

    fn disk_gb(&self) -> u32 {
        self.limit("limits.disk")
            .and_then(|d| d.trim_end_matches("GB").parse().ok())
            .unwrap_or(10)
    }

    /// The ETag of the writable part (hostname and config), as LXD derives its ETags from the
    /// object's content: equal while nothing changes, different after any change.
    fn etag(&self) -> String {
        use std::hash::{Hash, Hasher};
        // `DefaultHasher::new()` has fixed keys: the same content gives the same tag in every run.
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.hostname.hash(&mut h);
        self.config.hash(&mut h);
        format!("\"{:016x}\"", h.finish())
    }

    fn memory_mb(&self) -> u32 {
        self.limit("limits.memory")
            .and_then(|d| d.trim_end_matches("MB").parse().ok())
            .unwrap_or(1024)
    }

    fn running(&self) -> bool {
        matches!(
            self.status.as_str(),
            "Running" | "Frozen" | "Freezing" | "Stopping"
        )
    }

    fn wire(&self) -> Value {
        let mem = self.memory_mb();
        let used_mb = if self.running() {
            mem / 3 + (self.id % 7) * 37
        } else {
            0
        };
        let load = if self.running() {
            3 + (self.id * 13) % 40
        } else {
            0
        };
        json!({
            "id": self.id,
            "hostname": self.hostname,
            "config": self.config,
            "created_at": ts(self.created_at),
            "status": {
                "status": self.status,
                "status_code": status_code(&self.status),
                "machine": [{
                    "disk_space": format!("{}GB", self.disk_gb()),
                    "disk_usage": format!("{}GB", self.disk_usage_gb),
                    "memory": format!("{}MB", mem),
                    "free_memory": format!("{}MB", mem.saturating_sub(used_mb)),
                    "cpu_load": format!("{load}%"),
                    "ip_address": if self.running() { self.ip.clone() } else { String::new() },
                }],
            },
        })
    }

    /// LXD-style live state: status plus usage and addresses.
    fn state(&self) -> Value {
        let running = self.running();
        let addresses = if running {
            json!([{"family": "inet", "address": self.ip, "netmask": "24", "scope": "global"}])
        } else {
            json!([])
        };
        json!({
            "status": self.status,
            "status_code": status_code(&self.status),
            "pid": if running { 4000 + self.id * 11 } else { 0 },
            "processes": if running { 20 + self.id % 50 } else { 0 },
            "cpu": {"usage": if running { u64::from(self.id) * 1_000_000_000 } else { 0 }},
            "memory": {"usage": if running { u64::from(self.memory_mb() / 3) * 1024 * 1024 } else { 0 }},
            "disk": {"root": {"usage": u64::from(self.disk_usage_gb) * 1024 * 1024 * 1024}},
            "network": {"eth0": {"addresses": addresses, "state": if running { "up" } else { "down" }}},
        })
    }
}

const IMAGES: &[(&str, &str)] = &[
    ("ubuntu", "22.04"),
    ("ubuntu", "24.04"),
    ("debian", "12"),
    ("alpine", "3.20"),
    ("almalinux", "9"),
];

fn seed(cfg: &SimConfig) -> World {
    let mut rng = names::rng(cfg.rng_seed, "vz");
    let now = Utc::now();
    let sites = ["ams", "hel", "waw", "lab"];
    let mut hosts = Vec::new();
    for i in 0..cfg.accounts {
        let company = names::company(i);
        let site = sites[i % sites.len()];
        let mut h = Host {
            label: format!("vz-{company}"),
            token: names::secret(&mut rng, "vzt"),
            server_name: format!("vz-{site}-{:02}", i + 1),
            next_ctid: 101,
            containers: BTreeMap::new(),
        };
        for n in 0..cfg.servers_per_account {
            let id = h.next_ctid;
            h.next_ctid += 1;
            let (os, release) = IMAGES.choose(&mut rng).copied().unwrap_or(("ubuntu", "22.04"));
            let cpus = [1, 1, 2, 2, 4].choose(&mut rng).copied().unwrap_or(1);
            let mem = [512, 1024, 2048, 4096, 8192]
                .choose(&mut rng)
                .copied()
                .unwrap_or(1024);
            let disk = [10, 20, 40, 80].choose(&mut rng).copied().unwrap_or(20);
            let roll: f64 = rng.random();
            let status = if roll < 0.2 {
                "Stopped"
            } else if roll < 0.25 {
                "Frozen"
            } else {
                "Running"
            };
            let config = BTreeMap::from([
                ("limits.cpus".to_owned(), cpus.to_string()),
                ("limits.memory".to_owned(), format!("{mem}MB")),
                ("limits.disk".to_owned(), format!("{disk}GB")),
                ("image.os".to_owned(), os.to_owned()),
                ("image.release".to_owned(), release.to_owned()),
                ("image.architecture".to_owned(), "x86_64".to_owned()),
            ]);
            h.containers.insert(
                id,
                Container {
                    id,
                    hostname: names::server_name(&mut rng, site, n),
                    config,
                    status: status.into(),
                    ip: ip_of(i, id),
                    created_at: now - ChronoDuration::days(rng.random_range(2..500)),
                    disk_usage_gb: (disk * rng.random_range(10..70u32) / 100).max(1),
                },
            );
        }
        hosts.push(h);
    }
    World {
        hosts,
        operations: BTreeMap::new(),
    }
}

fn ip_of(host: usize, ctid: u32) -> String {
    format!("10.{}.{}.{}", 40 + host % 200, (ctid / 250) % 250, 2 + ctid % 250)
}

impl ProviderSim for Sim {
    fn kind(&self) -> &'static str {
        "vz"
    }

    fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/", get(|| async { sync(json!(["/1.0"])) }))
            .route("/1.0", get(server_info))
            .route("/1.0/vz", get(list).post(create))
            .route("/1.0/vz/{id}", get(detail).put(update).delete(remove))
            .route("/1.0/vz/{id}/state", get(state).put(change_state))
            .route("/1.0/operations", get(operations))
            .route("/1.0/operations/{uuid}", get(operation).delete(cancel))
            .route("/1.0/operations/{uuid}/wait", get(wait))
            .fallback(|| async { error(StatusCode::NOT_FOUND, "not found") })
            .with_state(self)
    }

    fn credentials(&self) -> Vec<SeedCredential> {
        self.lock()
            .hosts
            .iter()
            .map(|h| SeedCredential {
                label: h.label.clone(),
                username: None,
                secret: h.token.clone(),
            })
            .collect()
    }

    fn save(&self) -> Value {
        serde_json::to_value(&*self.lock()).unwrap_or(Value::Null)
    }

    fn load(&self, state: Value) {
        match serde_json::from_value::<World>(state) {
            Ok(w) => *self.lock() = w,
            Err(e) => tracing::warn!(error = %e, "ignoring unreadable vz sandbox state"),
        }
    }
}

impl Sim {
    fn lock(&self) -> std::sync::MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn delay_ms(&self) -> u64 {
        u64::try_from(self.action_delay.as_millis()).unwrap_or(u64::MAX)
    }

    /// The host the bearer token belongs to, after completing due operations.
    fn host(&self, headers: &HeaderMap) -> Result<(std::sync::MutexGuard<'_, World>, usize), VzError> {
        let mut w = self.lock();
        let token = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let Some(idx) = token.and_then(|t| w.hosts.iter().position(|h| h.token == t)) else {
            return Err(VzError::new(StatusCode::UNAUTHORIZED, "not authorized"));
        };
        settle(&mut w);
        Ok((w, idx))
    }
}

fn sync(metadata: Value) -> Response {
    Json(json!({"type": "sync", "status": "success", "status_code": 200, "metadata": metadata}))
        .into_response()
}

fn error(status: StatusCode, message: &str) -> VzError {
    VzError::new(status, message)
}

/// An error answer: `{"type": "error", "error": <message>, "error_code": <status>, "metadata": {}}`.
#[derive(Debug)]
struct VzError {
    status: StatusCode,
    message: String,
}

impl VzError {
    fn new(status: StatusCode, message: &str) -> Self {
        VzError {
            status,
            message: message.to_owned(),
        }
    }
}

impl IntoResponse for VzError {
    fn into_response(self) -> Response {
        let body = json!({
            "type": "error",
            "error": self.message,
            "error_code": self.status.as_u16(),
            "metadata": {},
        });
        (self.status, Json(body)).into_response()
    }
}

type VzResult = Result<Response, VzError>;

/// HTTP 202 with `Location` and the operation as metadata.
fn async_answer(op: &Operation) -> Response {
    let url = format!("/1.0/operations/{}", op.id);
    let body = json!({
        "type": "async",
        "status": "ok",
        "status_code": 100,
        "operation": url,
        "resources": {"containers": [format!("/1.0/vz/{}", op.ctid)]},
        "metadata": op.wire(),
    });
    let mut resp = (StatusCode::ACCEPTED, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&url) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

/// Complete due operations (applying their effects) and drop those finished long enough ago.
fn settle(w: &mut World) {
    let due: Vec<String> = w
        .operations
        .values()
        .filter(|o| o.status == "Running" && o.started.elapsed() >= o.due())
        .map(|o| o.id.clone())
        .collect();
    for id in due {
        let Some(op) = w.operations.get_mut(&id) else {
            continue;
        };
        op.status = if op.fail { "Failure" } else { "Success" }.into();
        if op.fail {
            op.err = format!(
                "{} failed: the container refused (sandbox: its hostname contains \"fail\")",
                op.description
            );
        }
        let (host, ctid, effect, failed, prev) = (
            op.host,
            op.ctid,
            op.effect.clone(),
            op.fail,
            op.prev_status.clone(),
        );
        let Some(h) = w.hosts.get_mut(host) else { continue };
        if failed {
            if let Some(c) = h.containers.get_mut(&ctid) {
                c.status = if effect == Effect::Create {
                    "Error".into()
                } else {
                    prev
                };
            }
            continue;
        }
        if effect == Effect::Delete {
            h.containers.remove(&ctid);
            continue;
        }
        let Some(c) = h.containers.get_mut(&ctid) else {
            continue;
        };
        match effect {
            Effect::Create | Effect::Start | Effect::Restart | Effect::Unfreeze => {
                c.status = "Running".into()
            }
            Effect::Stop => c.status = "Stopped".into(),
            Effect::Freeze => c.status = "Frozen".into(),
            Effect::Update(cfg) => {
                c.config.extend(cfg);
                c.status = prev;
            }
            Effect::Restore(_) => c.status = prev,
            Effect::Delete => {}
        }
    }
    w.operations
        .retain(|_, o| o.status == "Running" || o.started.elapsed() < o.due() + OPERATION_LINGER);
}

/// Start an operation on a container, moving it to `during` meanwhile.
fn begin(
    sim: &Sim,
    w: &mut World,
    host: usize,
    ctid: u32,
    description: &str,
    effect: Effect,
    during: Option<&str>,
) -> Operation {
    let (prev, fail) = w.hosts[host]
        .containers
        .get(&ctid)
        .map(|c| (c.status.clone(), c.hostname.to_ascii_lowercase().contains("fail")))
        .unwrap_or_default();
    if let (Some(d), Some(c)) = (during, w.hosts[host].containers.get_mut(&ctid)) {
        c.status = d.into();
    }
    let op = Operation {
        id: uuid::Uuid::new_v4().to_string(),
        host,
        ctid,
        description: description.into(),
        created_at: Utc::now(),
        started: Instant::now(),
        delay_ms: sim.delay_ms(),
        // Deleting always works, so tests can clean up.
        fail: fail && effect != Effect::Delete,
        status: "Running".into(),
        err: String::new(),
        prev_status: prev,
        effect,
    };
    w.operations.insert(op.id.clone(), op.clone());
    op
}

fn busy(w: &World, host: usize, ctid: u32) -> bool {
    w.operations
        .values()
        .any(|o| o.host == host && o.ctid == ctid && o.status == "Running")
}

async fn server_info(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    let w = sim.lock();
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let host = token.and_then(|t| w.hosts.iter().find(|h| h.token == t));
    sync(json!({
        "api_extensions": [],
        "api_status": "stable",
        "api_version": "1.0",
        "auth": if host.is_some() { "trusted" } else { "untrusted" },
        "auth_methods": ["bearer"],
        "public": false,
        "environment": {
            "server": "vz",
            "server_name": host.map(|h| h.server_name.clone()).unwrap_or_default(),
            "server_version": "0.3.0",
            "kernel": "Linux",
            "kernel_version": "5.15.0-vz",
            "architectures": ["x86_64"],
            "storage": "ploop",
        },
    }))
}

#[derive(Deserialize)]
struct ListQuery {
    recursion: Option<u8>,
}

async fn list(State(sim): State<Arc<Sim>>, headers: HeaderMap, Query(q): Query<ListQuery>) -> VzResult {
    let (w, h) = sim.host(&headers)?;
    let containers = w.hosts[h].containers.values();
    if q.recursion.unwrap_or(0) > 0 {
        Ok(sync(containers.map(Container::wire).collect()))
    } else {
        Ok(sync(containers.map(|c| json!(c.id)).collect()))
    }
}

fn container_id(w: &World, host: usize, id: &str) -> Result<u32, VzError> {
    id.parse::<u32>()
        .ok()
        .filter(|id| w.hosts[host].containers.contains_key(id))
        .ok_or_else(|| VzError::new(StatusCode::NOT_FOUND, "not found"))
}

async fn detail(State(sim): State<Arc<Sim>>, headers: HeaderMap, Path(id): Path<String>) -> VzResult {
    let (w, h) = sim.host(&headers)?;
    let id = container_id(&w, h, &id)?;
    let c = &w.hosts[h].containers[&id];
    let mut resp = sync(c.wire());
    if let Ok(tag) = HeaderValue::from_str(&c.etag()) {
        resp.headers_mut().insert(header::ETAG, tag);
    }
    Ok(resp)
}

async fn state(State(sim): State<Arc<Sim>>, headers: HeaderMap, Path(id): Path<String>) -> VzResult {
    let (w, h) = sim.host(&headers)?;
    let id = container_id(&w, h, &id)?;
    Ok(sync(w.hosts[h].containers[&id].state()))
}

fn json_body(body: &Bytes) -> Result<Value, VzError> {
    if body.is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| VzError::new(StatusCode::BAD_REQUEST, "the body is not a JSON object"))
}

/// Config values as LXD keeps them: strings (numbers and booleans are converted).
fn config_of(v: Option<&Value>) -> Result<BTreeMap<String, String>, VzError> {
    let Some(v) = v else { return Ok(BTreeMap::new()) };
    let Some(o) = v.as_object() else {
        return Err(VzError::new(StatusCode::BAD_REQUEST, "config must be an object"));
    };
    o.iter()
        .map(|(k, v)| {
            let s = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => {
                    return Err(VzError::new(
                        StatusCode::BAD_REQUEST,
                        &format!("config {k} must be a string"),
                    ))
                }
            };
            Ok((k.clone(), s))
        })
        .collect()
}

async fn create(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> VzResult {
    let body = json_body(&body)?;
    let (mut w, h) = sim.host(&headers)?;
    let hostname = body
        .get("hostname")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned();
    if hostname.is_empty()
        || hostname.len() > 64
        || !hostname.is_ascii()
        || hostname.contains(['/', ':', ','])
    {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "hostname must be 1-64 ASCII characters without slash, colon or comma",
        ));
    }
    if w.hosts[h].containers.values().any(|c| c.hostname == hostname) {
        return Err(error(
            StatusCode::CONFLICT,
            "a container with this hostname already exists",
        ));
    }
    let mut config = config_of(body.get("config"))?;
    let source = body.get("source").cloned().unwrap_or(json!({"type": "none"}));
    let kind = source.get("type").and_then(Value::as_str).unwrap_or("none");
    if !matches!(kind, "image" | "migration" | "copy" | "none" | "new") {
        return Err(error(
            StatusCode::BAD_REQUEST,
            &format!("unknown source type {kind}"),
        ));
    }
    let props = source.get("properties");
    let prop = |k: &str, d: &str| {
        props
            .and_then(|p| p.get(k))
            .and_then(Value::as_str)
            .unwrap_or(d)
            .to_owned()
    };
    config
        .entry("image.os".into())
        .or_insert_with(|| prop("os", "ubuntu"));
    config
        .entry("image.release".into())
        .or_insert_with(|| prop("release", "22.04"));
    config
        .entry("image.architecture".into())
        .or_insert_with(|| prop("architecture", "x86_64"));
    config.entry("limits.cpus".into()).or_insert_with(|| "1".into());
    config
        .entry("limits.memory".into())
        .or_insert_with(|| "1024MB".into());
    config
        .entry("limits.disk".into())
        .or_insert_with(|| "10GB".into());
    let host = &mut w.hosts[h];
    let id = host.next_ctid;
    host.next_ctid += 1;
    host.containers.insert(
        id,
        Container {
            id,
            hostname: hostname.clone(),
            config,
            status: "Pending".into(),
            ip: ip_of(h, id),
            created_at: Utc::now(),
            disk_usage_gb: 1,
        },
    );
    let op = begin(
        &sim,
        &mut w,
        h,
        id,
        &format!("Creating container {hostname}"),
        Effect::Create,
        None,
    );
    Ok(async_answer(&op))
}

async fn update(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> VzResult {
    let body = json_body(&body)?;
    let (mut w, h) = sim.host(&headers)?;
    let id = container_id(&w, h, &id)?;
    if busy(&w, h, id) {
        return Err(error(
            StatusCode::CONFLICT,
            "another operation is running on this container",
        ));
    }
    // A PUT based on a stale read is refused, as LXD does (docs/wire-decisions.md, vz and LXD reference).
    if let Some(wanted) = headers.get(header::IF_MATCH) {
        if wanted.as_bytes() != w.hosts[h].containers[&id].etag().as_bytes() {
            return Err(error(
                StatusCode::PRECONDITION_FAILED,
                "ETag doesn't match: the container changed meanwhile",
            ));
        }
    }
    if body
        .get("hostname")
        .and_then(Value::as_str)
        .is_some_and(|n| n != w.hosts[h].containers[&id].hostname)
    {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "the hostname cannot be changed with PUT",
        ));
    }
    let op = if let Some(snap) = body.get("restore").and_then(Value::as_str) {
        begin(
            &sim,
            &mut w,
            h,
            id,
            &format!("Restoring snapshot {snap}"),
            Effect::Restore(snap.into()),
            None,
        )
    } else {
        let config = config_of(body.get("config"))?;
        begin(
            &sim,
            &mut w,
            h,
            id,
            "Updating container",
            Effect::Update(config),
            None,
        )
    };
    Ok(async_answer(&op))
}

async fn remove(State(sim): State<Arc<Sim>>, headers: HeaderMap, Path(id): Path<String>) -> VzResult {
    let (mut w, h) = sim.host(&headers)?;
    let id = container_id(&w, h, &id)?;
    if busy(&w, h, id) {
        return Err(error(
            StatusCode::CONFLICT,
            "another operation is running on this container",
        ));
    }
    let op = begin(&sim, &mut w, h, id, "Deleting container", Effect::Delete, None);
    Ok(async_answer(&op))
}

async fn change_state(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> VzResult {
    let body = json_body(&body)?;
    let (mut w, h) = sim.host(&headers)?;
    let id = container_id(&w, h, &id)?;
    if busy(&w, h, id) {
        return Err(error(
            StatusCode::CONFLICT,
            "another operation is running on this container",
        ));
    }
    let status = w.hosts[h].containers[&id].status.clone();
    let action = body.get("action").and_then(Value::as_str).unwrap_or_default();
    let refuse = |m: &str| Err(error(StatusCode::BAD_REQUEST, m));
    let (effect, during, what) = match action {
        "start" if status == "Running" || status == "Frozen" => {
            return refuse("The container is already running")
        }
        "start" => (Effect::Start, "Starting", "Starting container"),
        "stop" if status == "Stopped" => return refuse("The container is already stopped"),
        "stop" => (Effect::Stop, "Stopping", "Stopping container"),
        "restart" if status != "Running" => return refuse("The container is not running"),
        "restart" => (Effect::Restart, "Stopping", "Restarting container"),
        "freeze" if status != "Running" => return refuse("The container is not running"),
        "freeze" => (Effect::Freeze, "Freezing", "Freezing container"),
        "unfreeze" if status != "Frozen" => return refuse("The container is not frozen"),
        "unfreeze" => (Effect::Unfreeze, "Frozen", "Unfreezing container"),
        other => return refuse(&format!("unknown action '{other}'")),
    };
    let op = begin(&sim, &mut w, h, id, what, effect, Some(during));
    Ok(async_answer(&op))
}

async fn operations(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> VzResult {
    let (w, h) = sim.host(&headers)?;
    let mut groups: BTreeMap<&str, Vec<String>> =
        BTreeMap::from([("running", vec![]), ("success", vec![]), ("failure", vec![])]);
    for o in w.operations.values().filter(|o| o.host == h) {
        let key = match o.status.as_str() {
            "Success" => "success",
            "Failure" => "failure",
            _ => "running",
        };
        groups
            .entry(key)
            .or_default()
            .push(format!("/1.0/operations/{}", o.id));
    }
    Ok(sync(json!(groups)))
}

async fn operation(State(sim): State<Arc<Sim>>, headers: HeaderMap, Path(uuid): Path<String>) -> VzResult {
    let (w, h) = sim.host(&headers)?;
    match w.operations.get(&uuid).filter(|o| o.host == h) {
        Some(o) => Ok(sync(o.wire())),
        None => Err(error(StatusCode::NOT_FOUND, "operation not found")),
    }
}

async fn cancel(State(sim): State<Arc<Sim>>, headers: HeaderMap, Path(uuid): Path<String>) -> VzResult {
    let (w, h) = sim.host(&headers)?;
    match w.operations.get(&uuid).filter(|o| o.host == h) {
        Some(_) => Err(error(
            StatusCode::BAD_REQUEST,
            "This operation can't be cancelled",
        )),
        None => Err(error(StatusCode::NOT_FOUND, "operation not found")),
    }
}

#[derive(Deserialize)]
struct WaitQuery {
    timeout: Option<f64>,
}

/// Long-poll until the operation is final or `timeout` seconds pass; answers the operation either
/// way (HTTP 200, as LXD does), or 404 when it is unknown or has vanished.
async fn wait(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(uuid): Path<String>,
    Query(q): Query<WaitQuery>,
) -> VzResult {
    let limit = q
        .timeout
        .filter(|t| t.is_finite() && *t >= 0.0)
        .map(|t| Duration::from_secs_f64(t).min(MAX_WAIT))
        .unwrap_or(MAX_WAIT);
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let remaining = {
            let (w, h) = sim.host(&headers)?;
            let Some(o) = w.operations.get(&uuid).filter(|o| o.host == h) else {
                return Err(error(StatusCode::NOT_FOUND, "operation not found"));
            };
            let left = o.due().saturating_sub(o.started.elapsed());
            if o.status != "Running" || tokio::time::Instant::now() >= deadline {
                return Ok(sync(o.wire()));
            }
            left
        };
        let now = tokio::time::Instant::now();
        let until = (now + remaining.max(Duration::from_millis(5))).min(deadline);
        tokio::time::sleep_until(until).await;
    }
}

#[cfg(test)]
mod tests;
