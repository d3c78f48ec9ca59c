//! The provider traits over the LXD-dialect endpoints, in both flavours.
//!
//! | operation | vz (`/1.0/vz`) | LXD (`/1.0/instances`) |
//! |---|---|---|
//! | list | `GET /1.0/vz` (ids) + `GET /1.0/vz/<id>` each | `GET ?recursion=2` (objects with live state) |
//! | detail | `GET /1.0/vz/<id>` | `GET /1.0/instances/<n>` + `/state` |
//! | create | `POST /1.0/vz {hostname, config, source}` | `POST {name, config, source}` |
//! | update config | `GET` → modify `config` → `PUT` with `If-Match` | same |
//! | delete | `DELETE` | `DELETE` |
//! | power, freeze | `PUT …/state {action, timeout, force}` | same |
//!
//! LXD only: snapshots, backups, images, operations (events). Async answers become jobs followed
//! through the operation (`jobs.rs`); a seed-style answer whose operation is the container URL is
//! followed by polling the container's state instead.

use std::collections::BTreeMap;

use async_trait::async_trait;
use fleetdeck_core::download::{save_stream, ByteProgress, DownloadTarget};
use fleetdeck_core::http::Request;
use fleetdeck_core::job::{Condition, JobKind, JobSpec, JobTracker, ResourceKind, Tracking};
use fleetdeck_core::provider::*;
use fleetdeck_core::{
    AccountProfile, Backup, Capabilities, Error, ErrorCode, Image, Plan, ProviderEvent, ProviderKind, Region,
    Result, Server, Snapshot,
};
use futures::stream::{self, StreamExt, TryStreamExt};
use serde_json::{json, Map, Value};

use crate::client::{segment, split_pair, validate_hostname, Flavour, Lxd};
use crate::wire::{self, Answer};
use crate::{capabilities_for, parse};

/// Time-outs of the jobs.
const STATE_TIMEOUT_SECS: u32 = 10 * 60;
const CREATE_TIMEOUT_SECS: u32 = 30 * 60;
const DELETE_TIMEOUT_SECS: u32 = 10 * 60;
const CONFIG_TIMEOUT_SECS: u32 = 10 * 60;
const SNAPSHOT_TIMEOUT_SECS: u32 = 30 * 60;
const BACKUP_TIMEOUT_SECS: u32 = 2 * 60 * 60;
/// Graceful stop/restart time the server is given before it reports failure.
const STATE_ACTION_TIMEOUT: u32 = 30;
/// Requests in flight at once when LXD's snapshot or backup lists fan out per instance (the LXD
/// flavour's `limits.listConcurrency`).
pub(crate) const PARALLEL_DETAILS: usize = 8;
/// Detail requests in flight at once when a vz list is expanded (the vz flavour's
/// `limits.listConcurrency`; docs/wire-decisions.md, "List concurrency"): 200 containers take two
/// rounds after the ids.
pub(crate) const VZ_LIST_CONCURRENCY: u32 = 100;

/// The limits of an `UpdateConfig` every flavour has, under different keys.
#[derive(Debug, Clone, Copy)]
struct ConfigLimits {
    cpus: Option<u32>,
    memory_mb: Option<u32>,
}

/// How to describe and follow one action.
struct JobPlan {
    kind: JobKind,
    target: Option<String>,
    target_name: Option<String>,
    server_id: Option<String>,
    timeout_secs: u32,
    description: String,
    /// When the answer's operation is the container URL (the seed's style): poll this instead.
    fallback: Option<(String, Condition)>,
}

impl JobPlan {
    fn server(kind: JobKind, id: &str, description: String, timeout_secs: u32) -> Self {
        JobPlan {
            kind,
            target: Some(id.to_owned()),
            target_name: Some(id.to_owned()),
            server_id: Some(id.to_owned()),
            timeout_secs,
            description,
            fallback: None,
        }
    }

    fn or_poll(mut self, id: &str, until: Condition) -> Self {
        self.fallback = Some((id.to_owned(), until));
        self
    }
}

/// Whether an operation URL names an operation resource (and not the seed's container URL).
pub(crate) fn is_operation_url(url: &str) -> bool {
    url.contains("/operations/")
}

impl Lxd {
    fn outcome(&self, answer: Answer, plan: JobPlan) -> ActionOutcome {
        match answer {
            Answer::Async { operation, .. } => {
                let tracking = match plan.fallback {
                    Some((id, until)) if !is_operation_url(&operation) => Tracking::Poll {
                        resource: ResourceKind::Server,
                        id,
                        until,
                    },
                    _ => Tracking::Operation { url: operation },
                };
                ActionOutcome::job(JobSpec {
                    kind: plan.kind,
                    target: plan.target,
                    target_name: plan.target_name,
                    server_id: plan.server_id,
                    tracking,
                    timeout_secs: plan.timeout_secs,
                    description: plan.description,
                })
            }
            Answer::Sync { .. } => ActionOutcome::done(format!("{}: done", plan.description)),
        }
    }

    async fn fetch_vz(&self, id: &str) -> Result<Server> {
        let path = Lxd::item(Flavour::Vz, id)?;
        let meta = self.get(path).await?;
        parse::vz_container(&self.account, id, &meta)
            .ok_or_else(|| self.unexpected(&format!("GET /1.0/vz/{id}"), "no container in the answer"))
    }

    async fn fetch_instance(&self, name: &str) -> Result<Server> {
        let path = Lxd::item(Flavour::Lxd, name)?;
        let meta = self.get(path.clone()).await?;
        let state = if meta.get("state").is_some_and(Value::is_object) {
            None
        } else {
            // Live figures are a separate resource; an instance without them is still an instance.
            match self.get(format!("{path}/state")).await {
                Ok(s) => Some(s),
                Err(e) if e.code() == ErrorCode::NotFound => return Err(e),
                Err(e) => {
                    tracing::debug!(account = %self.account, error = %e, "instance state unavailable");
                    None
                }
            }
        };
        parse::instance(&self.account, &meta, state.as_ref())
            .ok_or_else(|| self.unexpected(&format!("GET {path}"), "no instance in the answer"))
    }

    pub(crate) fn unexpected(&self, request: &str, why: &str) -> Error {
        Error::Provider {
            account: self.account.clone(),
            status: None,
            code: None,
            message: format!("unexpected answer to {request}: {why}"),
        }
    }

    async fn lxd(&self, what: &str) -> Result<()> {
        match self.flavour().await? {
            Flavour::Lxd => Ok(()),
            Flavour::Vz => Err(self.lxd_only(what)),
        }
    }

    /// Names of every instance (for lists that are per instance: snapshots, backups).
    async fn instance_names(&self) -> Result<Vec<String>> {
        Ok(parse::names(&self.get("/1.0/instances").await?))
    }

    /// GET → modify `config` → PUT with the ETag, so a concurrent edit is refused (412), not lost.
    /// The CPU and memory limits are written under the flavour's own keys (vz `limits.cpus` as in
    /// the vz API, LXD `limits.cpu`; memory `<N>MB` on vz as its containers carry
    /// it, `<N>MiB` on LXD), before the raw `set`/`unset` keys.
    async fn update_config(
        &self,
        id: &str,
        limits: ConfigLimits,
        set: &BTreeMap<String, String>,
        unset: &[String],
    ) -> Result<ActionOutcome> {
        if limits.cpus == Some(0) {
            return Err(Error::invalid_field("cpus", "give at least one CPU"));
        }
        if limits.memory_mb == Some(0) {
            return Err(Error::invalid_field("memoryMb", "give a memory limit above 0 MB"));
        }
        if limits.cpus.is_none() && limits.memory_mb.is_none() && set.is_empty() && unset.is_empty() {
            return Err(Error::invalid_field("config", "nothing to change"));
        }
        for key in set.keys().chain(unset.iter()) {
            if key.trim().is_empty() || key.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(Error::invalid_field(
                    "config",
                    format!("'{key}' is not a configuration key"),
                ));
            }
        }
        let f = self.flavour().await?;
        let path = Lxd::item(f, id)?;
        let (current, etag) = match self.call(Request::get(path.clone())).await? {
            Answer::Sync {
                metadata: Value::Object(o),
                etag,
            } => (o, etag),
            _ => return Err(self.unexpected(&format!("GET {path}"), "not an object")),
        };
        let mut config = match current.get("config") {
            Some(Value::Object(c)) => c.clone(),
            _ => Map::new(),
        };
        let (cpu_key, memory_unit) = match f {
            Flavour::Vz => ("limits.cpus", "MB"),
            Flavour::Lxd => ("limits.cpu", "MiB"),
        };
        if let Some(n) = limits.cpus {
            config.insert(cpu_key.into(), Value::String(n.to_string()));
        }
        if let Some(mb) = limits.memory_mb {
            config.insert(
                "limits.memory".into(),
                Value::String(format!("{mb}{memory_unit}")),
            );
        }
        for (k, v) in set {
            config.insert(k.clone(), Value::String(v.clone()));
        }
        for k in unset {
            config.remove(k);
        }
        let body = match f {
            // vz: the object as read, without the read-only status (docs/wire-decisions.md, vz and LXD
            // reference: "Writes").
            Flavour::Vz => {
                let mut o = current.clone();
                o.remove("status");
                o.insert("config".into(), Value::Object(config));
                Value::Object(o)
            }
            // LXD: PUT replaces the writable part of the instance as a whole.
            Flavour::Lxd => {
                let mut o = Map::new();
                for k in [
                    "architecture",
                    "devices",
                    "ephemeral",
                    "profiles",
                    "stateful",
                    "description",
                ] {
                    if let Some(v) = current.get(k) {
                        o.insert(k.into(), v.clone());
                    }
                }
                o.insert("config".into(), Value::Object(config));
                Value::Object(o)
            }
        };
        let mut req = Request::put(path).json(body);
        if let Some(tag) = &etag {
            req = req.header("if-match", tag);
        }
        let answer = self.call(req).await?;
        Ok(self.outcome(
            answer,
            JobPlan::server(
                JobKind::UpdateConfig,
                id,
                format!("Update the configuration of {id}"),
                CONFIG_TIMEOUT_SECS,
            )
            .or_poll(id, Condition::Settled),
        ))
    }

    async fn change_state(&self, id: &str, action: &ServerAction) -> Result<ActionOutcome> {
        let (verb, force, until) = match action {
            ServerAction::Start => ("start", false, Condition::Running),
            ServerAction::Stop => ("stop", true, Condition::Stopped),
            ServerAction::Shutdown => ("stop", false, Condition::Stopped),
            ServerAction::Reboot => ("restart", false, Condition::Running),
            ServerAction::Freeze | ServerAction::Unfreeze => (
                if matches!(action, ServerAction::Freeze) {
                    "freeze"
                } else {
                    "unfreeze"
                },
                false,
                Condition::Settled,
            ),
            other => return Err(self.unsupported(other.verb())),
        };
        let f = self.flavour().await?;
        let path = format!("{}/state", Lxd::item(f, id)?);
        let body =
            json!({"action": verb, "timeout": STATE_ACTION_TIMEOUT, "force": force, "stateful": false});
        let answer = self.call(Request::put(path).json(body)).await?;
        let mut verb_text = action.verb().to_owned();
        if let Some(first) = verb_text.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        Ok(self.outcome(
            answer,
            JobPlan::server(
                action.job_kind(),
                id,
                format!("{verb_text} {id}"),
                STATE_TIMEOUT_SECS,
            )
            .or_poll(id, until),
        ))
    }

    /// The `source` of a create request, per flavour.
    fn create_source(&self, f: Flavour, req: &CreateServerRequest) -> Result<Value> {
        let source = match (&req.source, &req.from_snapshot, &req.image) {
            (Some(s), _, _) => s.clone(),
            (None, Some(snap), _) => {
                if f == Flavour::Vz {
                    return Err(self.lxd_only("creating from a snapshot"));
                }
                let (inst, name) = split_pair("snapshot", snap)?;
                InstanceSource::Copy {
                    source: format!("{inst}/{name}"),
                }
            }
            (None, None, Some(image)) => match f {
                Flavour::Lxd if is_fingerprint(image) => InstanceSource::Image {
                    alias: None,
                    fingerprint: Some(image.clone()),
                    properties: BTreeMap::new(),
                },
                Flavour::Lxd => InstanceSource::Image {
                    alias: Some(image.clone()),
                    fingerprint: None,
                    properties: BTreeMap::new(),
                },
                // vz creates from image properties; a bare image name is taken as the OS.
                Flavour::Vz => InstanceSource::Image {
                    alias: None,
                    fingerprint: None,
                    properties: BTreeMap::from([("os".to_owned(), image.clone())]),
                },
            },
            (None, None, None) => {
                return Err(Error::invalid_field(
                    "image",
                    "choose an image (or the source 'none' for an empty container)",
                ))
            }
        };
        Ok(match source {
            InstanceSource::Image {
                alias,
                fingerprint,
                properties,
            } => {
                let mut o = Map::new();
                o.insert("type".into(), json!("image"));
                if let Some(a) = alias.filter(|a| !a.trim().is_empty()) {
                    o.insert("alias".into(), json!(a));
                }
                if let Some(fp) = fingerprint.filter(|x| !x.trim().is_empty()) {
                    o.insert("fingerprint".into(), json!(fp));
                }
                if !properties.is_empty() {
                    o.insert("properties".into(), json!(properties));
                }
                if o.len() == 1 {
                    return Err(Error::invalid_field(
                        "image",
                        "an image source needs an alias, a fingerprint or properties",
                    ));
                }
                Value::Object(o)
            }
            InstanceSource::Copy { source } => {
                if source.trim().is_empty() {
                    return Err(Error::invalid_field(
                        "source",
                        "a copy needs the instance to copy",
                    ));
                }
                json!({"type": "copy", "source": source})
            }
            InstanceSource::Migration { operation, secrets } => {
                if operation.trim().is_empty() {
                    return Err(Error::invalid_field(
                        "source",
                        "a migration needs the source server's operation URL",
                    ));
                }
                json!({"type": "migration", "mode": "pull", "operation": operation, "secrets": secrets})
            }
            InstanceSource::None => json!({"type": "none"}),
        })
    }
}

/// A full image fingerprint (64 hex digits): anything else is taken as an alias.
fn is_fingerprint(s: &str) -> bool {
    s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit())
}

impl fleetdeck_core::Identity for Lxd {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Vz
    }
    fn account_name(&self) -> &str {
        &self.account
    }
}

#[async_trait]
impl ServerApi for Lxd {
    async fn list_servers(&self) -> Result<Vec<Server>> {
        match self.flavour().await? {
            Flavour::Vz => {
                let ids = parse::vz_ids(&self.get("/1.0/vz").await?);
                // The details depend only on the ids: fetched as wide as the account allows.
                let width = capabilities_for(fleetdeck_core::LxdFlavour::Vz)
                    .limits
                    .list_width();
                let servers: Vec<Option<Server>> = stream::iter(ids)
                    .map(|id| async move {
                        match self.fetch_vz(&id).await {
                            Ok(s) => Ok(Some(s)),
                            // Deleted between the list and its detail.
                            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
                            Err(e) => Err(e),
                        }
                    })
                    .buffered(width)
                    .try_collect()
                    .await?;
                Ok(servers.into_iter().flatten().collect())
            }
            Flavour::Lxd => {
                let list = self
                    .call(Request::get("/1.0/instances").query("recursion", "2"))
                    .await?;
                Ok(parse::instances(&self.account, list.metadata()))
            }
        }
    }

    async fn get_server(&self, id: &str) -> Result<Server> {
        match self.flavour().await? {
            Flavour::Vz => self.fetch_vz(id).await,
            Flavour::Lxd => self.fetch_instance(id).await,
        }
    }

    async fn create_server(&self, req: &CreateServerRequest) -> Result<CreateOutcome> {
        let name = req
            .hostname
            .as_deref()
            .filter(|h| !h.is_empty())
            .unwrap_or(&req.name);
        validate_hostname(name)?;
        if !req.extra_hostnames.is_empty() {
            return Err(Error::invalid_field(
                "extraHostnames",
                "one container per request: create the others one by one",
            ));
        }
        let f = self.flavour().await?;
        let source = self.create_source(f, req)?;
        let body = match f {
            Flavour::Vz => json!({"hostname": name, "config": req.config, "source": source}),
            Flavour::Lxd => json!({"name": name, "config": req.config, "source": source}),
        };
        let answer = self.call(Request::post(Lxd::collection(f)).json(body)).await?;
        // vz assigns the container id: the answer's resources (or its container URL) say which.
        let target = match (&answer, f) {
            (_, Flavour::Lxd) => Some(name.to_owned()),
            (Answer::Async { operation, metadata }, Flavour::Vz) => {
                wire::resource_in(metadata, &["containers", "vz", "instances"]).or_else(|| {
                    (!is_operation_url(operation))
                        .then(|| wire::last_segment(operation))
                        .flatten()
                })
            }
            (Answer::Sync { metadata, .. }, Flavour::Vz) => fleetdeck_core::lenient::text(metadata.get("id")),
        };
        let mut plan = JobPlan {
            kind: JobKind::CreateServer,
            target: target.clone(),
            target_name: Some(name.to_owned()),
            server_id: target.clone(),
            timeout_secs: CREATE_TIMEOUT_SECS,
            description: format!("Create {name}"),
            fallback: None,
        };
        if let Some(t) = &target {
            plan = plan.or_poll(t, Condition::Settled);
        }
        let outcome = self.outcome(answer, plan);
        Ok(CreateOutcome {
            jobs: outcome.job.into_iter().collect(),
            message: outcome.message,
            password: None,
        })
    }

    async fn delete_server(&self, id: &str) -> Result<ActionOutcome> {
        let f = self.flavour().await?;
        let path = Lxd::item(f, id)?;
        let answer = self.call(Request::delete(path).json(json!({}))).await?;
        Ok(self.outcome(
            answer,
            JobPlan::server(
                JobKind::DeleteServer,
                id,
                format!("Delete {id}"),
                DELETE_TIMEOUT_SECS,
            )
            .or_poll(id, Condition::Gone),
        ))
    }

    async fn server_action(&self, id: &str, action: &ServerAction) -> Result<ActionOutcome> {
        match action {
            ServerAction::UpdateConfig {
                set,
                unset,
                cpus,
                memory_mb,
            } => {
                let limits = ConfigLimits {
                    cpus: *cpus,
                    memory_mb: *memory_mb,
                };
                self.update_config(id, limits, set, unset).await
            }
            _ => self.change_state(id, action).await,
        }
    }
}

#[async_trait]
impl SnapshotApi for Lxd {
    async fn list_snapshots(&self, server_id: Option<&str>) -> Result<Vec<Snapshot>> {
        self.lxd("snapshots").await?;
        let names = match server_id {
            Some(id) => vec![segment("instance name", id)?],
            None => self.instance_names().await?,
        };
        let lists: Vec<Vec<Snapshot>> = stream::iter(names)
            .map(|name| async move {
                let path = format!("{}/snapshots", Lxd::item(Flavour::Lxd, &name)?);
                match self.call(Request::get(path).query("recursion", "1")).await {
                    Ok(a) => Ok(parse::snapshots(&self.account, &name, a.metadata())),
                    Err(e) if e.code() == ErrorCode::NotFound && server_id.is_none() => Ok(Vec::new()),
                    Err(e) => Err(e),
                }
            })
            .buffered(PARALLEL_DETAILS)
            .try_collect()
            .await?;
        Ok(lists.into_iter().flatten().collect())
    }

    async fn get_snapshot(&self, id: &str) -> Result<Snapshot> {
        self.lxd("snapshots").await?;
        let (inst, snap) = split_pair("snapshot", id)?;
        let path = format!("{}/snapshots/{snap}", Lxd::item(Flavour::Lxd, &inst)?);
        let meta = self.get(path.clone()).await?;
        parse::snapshot(&self.account, &inst, &meta)
            .ok_or_else(|| self.unexpected(&format!("GET {path}"), "no snapshot in the answer"))
    }

    async fn create_snapshot(&self, server_id: &str, name: Option<&str>) -> Result<ActionOutcome> {
        self.lxd("snapshots").await?;
        let inst = segment("instance name", server_id)?;
        let name = match name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => segment("snapshot name", n)?,
            None => chrono::Utc::now().format("snap-%Y%m%d-%H%M%S").to_string(),
        };
        let path = format!("{}/snapshots", Lxd::item(Flavour::Lxd, &inst)?);
        let answer = self
            .call(Request::post(path).json(json!({"name": name, "stateful": false})))
            .await?;
        let id = format!("{inst}/{name}");
        Ok(self.outcome(
            answer,
            JobPlan {
                kind: JobKind::SnapshotCreate,
                target: Some(id.clone()),
                target_name: Some(id.clone()),
                server_id: Some(inst.clone()),
                timeout_secs: SNAPSHOT_TIMEOUT_SECS,
                description: format!("Snapshot {inst} as {name}"),
                fallback: None,
            },
        ))
    }

    async fn rename_snapshot(&self, id: &str, new_name: &str) -> Result<ActionOutcome> {
        self.lxd("snapshots").await?;
        let (inst, snap) = split_pair("snapshot", id)?;
        let new_name = segment("snapshot name", new_name)?;
        let path = format!("{}/snapshots/{snap}", Lxd::item(Flavour::Lxd, &inst)?);
        let answer = self
            .call(Request::post(path).json(json!({"name": new_name})))
            .await?;
        let new_id = format!("{inst}/{new_name}");
        Ok(self.outcome(
            answer,
            JobPlan {
                kind: JobKind::SnapshotRename,
                target: Some(new_id.clone()),
                target_name: Some(new_id),
                server_id: Some(inst),
                timeout_secs: SNAPSHOT_TIMEOUT_SECS,
                description: format!("Rename snapshot {id} to {new_name}"),
                fallback: None,
            },
        ))
    }

    async fn delete_snapshot(&self, id: &str) -> Result<ActionOutcome> {
        self.lxd("snapshots").await?;
        let (inst, snap) = split_pair("snapshot", id)?;
        let path = format!("{}/snapshots/{snap}", Lxd::item(Flavour::Lxd, &inst)?);
        let answer = self.call(Request::delete(path)).await?;
        Ok(self.outcome(
            answer,
            JobPlan {
                kind: JobKind::SnapshotDelete,
                target: Some(id.to_owned()),
                target_name: Some(id.to_owned()),
                server_id: Some(inst),
                timeout_secs: SNAPSHOT_TIMEOUT_SECS,
                description: format!("Delete snapshot {id}"),
                fallback: None,
            },
        ))
    }

    async fn restore_snapshot(&self, id: &str, _server_id: Option<&str>) -> Result<ActionOutcome> {
        self.lxd("snapshots").await?;
        let (inst, snap) = split_pair("snapshot", id)?;
        let path = Lxd::item(Flavour::Lxd, &inst)?;
        let answer = self
            .call(Request::put(path).json(json!({"restore": snap})))
            .await?;
        Ok(self.outcome(
            answer,
            JobPlan {
                kind: JobKind::SnapshotRestore,
                target: Some(inst.clone()),
                target_name: Some(inst.clone()),
                server_id: Some(inst.clone()),
                timeout_secs: SNAPSHOT_TIMEOUT_SECS,
                description: format!("Restore {inst} to snapshot {snap}"),
                fallback: None,
            },
        ))
    }
}

#[async_trait]
impl BackupApi for Lxd {
    async fn list_backups(&self, server_id: Option<&str>) -> Result<Vec<Backup>> {
        self.lxd("backups").await?;
        let names = match server_id {
            Some(id) => vec![segment("instance name", id)?],
            None => self.instance_names().await?,
        };
        let lists: Vec<Vec<Backup>> = stream::iter(names)
            .map(|name| async move {
                let path = format!("{}/backups", Lxd::item(Flavour::Lxd, &name)?);
                match self.call(Request::get(path).query("recursion", "1")).await {
                    Ok(a) => Ok(parse::backups(&self.account, &name, a.metadata())),
                    Err(e) if e.code() == ErrorCode::NotFound && server_id.is_none() => Ok(Vec::new()),
                    Err(e) => Err(e),
                }
            })
            .buffered(PARALLEL_DETAILS)
            .try_collect()
            .await?;
        Ok(lists.into_iter().flatten().collect())
    }

    /// `POST /1.0/instances/<name>/backups` with the options as LXD names them ([`backup_body`]).
    /// The vz dialect has no backup route (src-tauri/crates/provider-lxd/README.md, "Backup
    /// options"), so on vz the whole call is refused before any request, options and all.
    async fn create_backup(&self, server_id: &str, options: &BackupOptions) -> Result<ActionOutcome> {
        self.lxd("backups").await?;
        let inst = segment("instance name", server_id)?;
        let now = chrono::Utc::now();
        let name = match options.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => segment("backup name", n)?,
            None => now.format("backup-%Y%m%d-%H%M%S").to_string(),
        };
        let body = backup_body(&name, options, now)?;
        let path = format!("{}/backups", Lxd::item(Flavour::Lxd, &inst)?);
        let answer = self.call(Request::post(path).json(body)).await?;
        let id = format!("{inst}/{name}");
        Ok(self.outcome(
            answer,
            JobPlan {
                kind: JobKind::BackupCreate,
                target: Some(id.clone()),
                target_name: Some(id),
                server_id: Some(inst.clone()),
                timeout_secs: BACKUP_TIMEOUT_SECS,
                description: format!("Back up {inst} as {name}"),
                fallback: None,
            },
        ))
    }

    async fn delete_backup(&self, id: &str) -> Result<ActionOutcome> {
        self.lxd("backups").await?;
        let (inst, backup) = split_pair("backup", id)?;
        let path = format!("{}/backups/{backup}", Lxd::item(Flavour::Lxd, &inst)?);
        let answer = self.call(Request::delete(path)).await?;
        Ok(self.outcome(
            answer,
            JobPlan {
                kind: JobKind::BackupDelete,
                target: Some(id.to_owned()),
                target_name: Some(id.to_owned()),
                server_id: Some(inst),
                timeout_secs: BACKUP_TIMEOUT_SECS,
                description: format!("Delete backup {id}"),
                fallback: None,
            },
        ))
    }

    /// `GET /1.0/instances/<name>/backups/<backup>/export`: the backup's tarball (as LXD made it,
    /// compressed per `backups.compression_algorithm`), streamed into the target
    /// (fleetdeck_core::download). The target is checked before the request.
    async fn download_backup(
        &self,
        id: &str,
        target: &DownloadTarget,
        progress: &ByteProgress<'_>,
    ) -> Result<u64> {
        self.lxd("backup download").await?;
        let (inst, backup) = split_pair("backup", id)?;
        target.check(&self.account)?;
        let path = format!("{}/backups/{backup}/export", Lxd::item(Flavour::Lxd, &inst)?);
        let req = Request::get(path).timeout(std::time::Duration::from_secs(u64::from(BACKUP_TIMEOUT_SECS)));
        let body = self.open_stream(req).await?;
        save_stream(
            &self.account,
            body.chunks,
            body.total,
            target,
            &format!("backup {id}"),
            progress,
        )
        .await
    }
}

/// The body of LXD's backup creation for `options`, checked first: an expiry must lie after `now`
/// (LXD would make a backup that is deleted at once), a compression algorithm is one word of
/// letters, digits, `-`, `_` or `.` (LXD looks it up as a program on the server: `gzip`, `xz`,
/// `zstd`, `none`; a command line with arguments is not passed from here).
/// `expires_at` and `compression_algorithm` are sent only when given, so the server's defaults
/// (kept until deleted; `backups.compression_algorithm`) apply otherwise.
fn backup_body(name: &str, options: &BackupOptions, now: chrono::DateTime<chrono::Utc>) -> Result<Value> {
    let mut body = json!({
        "name": name,
        "instance_only": options.instance_only,
        "optimized_storage": options.optimized_storage,
    });
    if let Some(expires) = options.expires_at {
        if expires <= now {
            return Err(Error::invalid_field(
                "expiresAt",
                "the expiry must lie in the future",
            ));
        }
        body["expires_at"] = json!(expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    if let Some(algorithm) = options
        .compression_algorithm
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        let word = algorithm.len() <= 32
            && algorithm
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !word {
            return Err(Error::invalid_field(
                "compressionAlgorithm",
                "name one compression program, e.g. gzip, xz, zstd or none",
            ));
        }
        body["compression_algorithm"] = json!(algorithm);
    }
    Ok(body)
}

#[async_trait]
impl CatalogApi for Lxd {
    async fn list_regions(&self) -> Result<Vec<Region>> {
        Err(self.unsupported("regions (a container server is one place)"))
    }

    async fn list_plans(&self, _region: Option<&str>) -> Result<Vec<Plan>> {
        Err(self.unsupported("plans (set limits.* configuration keys instead)"))
    }

    async fn list_images(&self, _region: Option<&str>) -> Result<Vec<Image>> {
        self.lxd("an image list").await?;
        let list = self
            .call(Request::get("/1.0/images").query("recursion", "1"))
            .await?;
        Ok(parse::images(&self.account, list.metadata()))
    }
}

#[async_trait]
impl EventApi for Lxd {
    async fn list_events(&self) -> Result<Vec<ProviderEvent>> {
        self.lxd("an operation list").await?;
        let list = self
            .call(Request::get("/1.0/operations").query("recursion", "1"))
            .await?;
        Ok(parse::events(&self.account, list.metadata()))
    }

    async fn get_event(&self, id: &str) -> Result<ProviderEvent> {
        self.lxd("operations").await?;
        let id = segment("operation id", id)?;
        let meta = self.get(format!("/1.0/operations/{id}")).await?;
        parse::event(&self.account, &meta).ok_or_else(|| self.not_found(format!("operation {id} not found")))
    }
}

#[async_trait]
impl Provider for Lxd {
    fn capabilities(&self) -> Capabilities {
        capabilities_for(
            self.known_flavour()
                .map(Flavour::as_setting)
                .unwrap_or(fleetdeck_core::LxdFlavour::Auto),
        )
    }

    /// `GET /1.0`: refuses an untrusted client certificate with an auth error; a vz server (whose
    /// `/1.0` may say little) is also asked for its container list.
    async fn check(&self) -> Result<AccountProfile> {
        let f = self.flavour().await?;
        let root = match self.send(Request::get("/1.0"), Some(f)).await {
            Ok(a) => a.metadata().clone(),
            Err(e) if f == Flavour::Vz && e.code() == ErrorCode::NotFound => Value::Null,
            Err(e) => return Err(e),
        };
        let auth = fleetdeck_core::lenient::text(root.get("auth"));
        if auth.as_deref().is_some_and(|a| a != "trusted") {
            return Err(Error::Auth {
                account: self.account.clone(),
                message: format!(
                    "the server does not trust this client (auth: {}): add the client certificate to its trust store (`lxc config trust add`)",
                    auth.unwrap_or_default()
                ),
            });
        }
        if f == Flavour::Vz {
            self.get("/1.0/vz").await?;
        }
        Ok(parse::profile(&self.account, f.name(), &root))
    }

    async fn lxd_flavour(&self) -> Result<Option<fleetdeck_core::LxdFlavour>> {
        Ok(Some(self.flavour().await?.as_setting()))
    }

    fn servers(&self) -> &dyn ServerApi {
        self
    }

    fn jobs(&self) -> &dyn JobTracker {
        self
    }

    fn catalog(&self) -> Option<&dyn CatalogApi> {
        (self.known_flavour() != Some(Flavour::Vz)).then_some(self as &dyn CatalogApi)
    }

    fn snapshots(&self) -> Option<&dyn SnapshotApi> {
        (self.known_flavour() != Some(Flavour::Vz)).then_some(self as &dyn SnapshotApi)
    }

    fn backups(&self) -> Option<&dyn BackupApi> {
        (self.known_flavour() != Some(Flavour::Vz)).then_some(self as &dyn BackupApi)
    }

    fn events(&self) -> Option<&dyn EventApi> {
        (self.known_flavour() != Some(Flavour::Vz)).then_some(self as &dyn EventApi)
    }
}
