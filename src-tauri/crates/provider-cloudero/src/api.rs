//! The provider traits over the Cloude.ro endpoints (docs/wire-decisions.md, Cloude.ro reference).
//!
//! Actions that answer `{event_id}` become jobs tracked by the event. Actions that answer `true`
//! (tolerated for all of them) are handled so the result stays observable where it can be:
//! - start / stop / reboot poll the server until it is running with an IP / stopped / running;
//! - destroy polls until the server is gone from the list;
//! - create finds the new server by name (highest id not seen before), then polls it until running;
//! - snapshot create finds the new snapshot by name and server, then polls it until ready;
//! - the rest (password reset, reinstall, upgrade, restore, snapshot delete) complete at once:
//!   nothing in the server list tells when the provider is done with them.

use async_trait::async_trait;
use base64::Engine;
use fleetdeck_core::http::Request;
use fleetdeck_core::job::{Condition, JobKind, JobSpec, NewResourceMatch, ResourceKind, Tracking};
use fleetdeck_core::provider::*;
use fleetdeck_core::{
    AccountProfile, Capabilities, CreatedSshKey, Error, Image, ImageKind, Invoice, Plan, ProviderEvent,
    ProviderKind, Region, Result, Server, Snapshot, SshKey, Tag, Transaction, UsageSeries,
};
use serde_json::json;

use crate::client::{Cloudero, Verb};
use crate::parse;
use crate::wire::{self, ActionResult};

/// Time-outs of the jobs, generous: the panel queues actions behind each other.
const POWER_TIMEOUT_SECS: u32 = 15 * 60;
const CREATE_TIMEOUT_SECS: u32 = 45 * 60;
const DESTROY_TIMEOUT_SECS: u32 = 20 * 60;
const LONG_TIMEOUT_SECS: u32 = 60 * 60;
const SNAPSHOT_TIMEOUT_SECS: u32 = 2 * 60 * 60;

/// How to describe and follow one action.
struct JobPlan {
    kind: JobKind,
    target: Option<String>,
    target_name: Option<String>,
    server_id: Option<String>,
    timeout_secs: u32,
    description: String,
    /// How to follow the action when it answered `true`; `None`: it is complete.
    on_true: Option<Tracking>,
}

impl Cloudero {
    /// The outcome of an action from its answer and plan.
    fn outcome(&self, result: ActionResult, plan: JobPlan) -> ActionOutcome {
        let tracking = match result.event_id {
            Some(event) => {
                self.note_pending_event(&event);
                Some(Tracking::Event { id: event })
            }
            None => plan.on_true,
        };
        let message = if tracking.is_none() {
            Some(format!("{}: done", plan.description))
        } else {
            None
        };
        ActionOutcome {
            job: tracking.map(|tracking| JobSpec {
                kind: plan.kind,
                target: plan.target,
                target_name: plan.target_name,
                server_id: plan.server_id,
                tracking,
                timeout_secs: plan.timeout_secs,
                description: plan.description,
            }),
            message,
            password: result.password,
        }
    }

    async fn action(
        &self,
        verb: Verb,
        id: &str,
        action: &str,
        extra: &[(&str, &str)],
    ) -> Result<ActionResult> {
        let data = self.server_call(verb, id, action, extra).await;
        // Whatever happened, the server list the job poller holds may be stale now.
        self.server_list.invalidate().await;
        wire::action_result(&self.account, action, data?)
    }

    async fn fetch_servers(&self) -> Result<Vec<Server>> {
        let data = self.authed(Request::get("/v1/server/list")).await?;
        Ok(parse::servers(&self.account, &data))
    }

    pub(crate) async fn fetch_snapshots(&self) -> Result<Vec<Snapshot>> {
        let data = self.authed(Request::get("/v1/snapshot/list")).await?;
        Ok(parse::snapshots(&self.account, &data, None))
    }

    pub(crate) async fn fetch_events(&self) -> Result<Vec<ProviderEvent>> {
        let data = self.authed(Request::get("/v1/event/list")).await?;
        Ok(parse::events(&self.account, &data))
    }

    pub(crate) async fn fetch_event(&self, id: &str) -> Result<ProviderEvent> {
        let id = wire::path_id("event", id)?;
        let data = self.authed(Request::get(format!("/v1/event/{id}"))).await?;
        parse::single_item(&data)
            .and_then(|o| parse::event(&self.account, o))
            .ok_or_else(|| self.unexpected(&format!("GET /v1/event/{id}"), "no event in the answer"))
    }

    pub(crate) async fn polled_servers(&self) -> Result<Vec<Server>> {
        self.server_list.get(|| self.fetch_servers()).await
    }

    pub(crate) async fn polled_snapshots(&self) -> Result<Vec<Snapshot>> {
        self.snapshot_list.get(|| self.fetch_snapshots()).await
    }

    pub(crate) fn unexpected(&self, request: &str, why: &str) -> Error {
        fleetdeck_core::toolkit::unexpected_content(&self.account, "Cloude.ro", request, why)
    }

    fn not_found(&self, what: String) -> Error {
        Error::not_found(&self.account, what)
    }

    async fn create_from_snapshot(
        &self,
        req: &CreateServerRequest,
        snapshot_id: &str,
    ) -> Result<CreateOutcome> {
        let package = required(req.plan.as_deref(), "plan", "a package (plan)")?;
        let extras = create_extras(req)?;
        let mut fields: Vec<(&str, &str)> = vec![
            ("name", req.name.as_str()),
            ("package", package),
            ("snapshot_id", snapshot_id),
        ];
        fields.extend(extras.iter().map(|(k, v)| (*k, v.as_str())));
        // The documented path carries the snapshot's server; find it (the body form needs none).
        let source = self
            .fetch_snapshots()
            .await?
            .into_iter()
            .find(|s| s.id == snapshot_id)
            .ok_or_else(|| self.not_found(format!("snapshot {snapshot_id} not found")))?;
        let data = match source.server_id.as_deref() {
            Some(server) => {
                self.server_call(Verb::Post, server, "create_from_snapshot", &fields)
                    .await?
            }
            None => {
                self.authed(
                    Request::post("/v1/server/create_from_snapshot")
                        .form(wire::form(&fields))
                        .sensitive_answer(),
                )
                .await?
            }
        };
        self.server_list.invalidate().await;
        let result = wire::action_result(&self.account, "create_from_snapshot", data)?;
        Ok(self.create_outcome(
            result,
            req,
            &format!("Create {} from snapshot {snapshot_id}", req.name),
        ))
    }

    fn create_outcome(
        &self,
        result: ActionResult,
        req: &CreateServerRequest,
        description: &str,
    ) -> CreateOutcome {
        let outcome = self.outcome(
            result,
            JobPlan {
                kind: JobKind::CreateServer,
                target: None,
                target_name: Some(req.name.clone()),
                server_id: None,
                timeout_secs: CREATE_TIMEOUT_SECS,
                description: description.to_owned(),
                on_true: Some(Tracking::FindNew {
                    resource: ResourceKind::Server,
                    matcher: NewResourceMatch {
                        label: Some(req.name.clone()),
                        hostname: req.hostname.clone(),
                        ..Default::default()
                    },
                    until: Condition::Running,
                }),
            },
        );
        CreateOutcome {
            jobs: outcome.job.into_iter().collect(),
            message: outcome.message,
            password: None,
        }
    }

    /// Find a key after a write that answers only `true`; else describe it from what we sent.
    async fn key_after_write(
        &self,
        fingerprint: Option<&str>,
        name: &str,
        public_key: Option<&str>,
    ) -> SshKey {
        if let Ok(keys) = self.list_ssh_keys().await {
            let found = keys.into_iter().find(|k| match (fingerprint, public_key) {
                (Some(fp), _) => k.fingerprint.as_deref() == Some(fp) || k.id == fp,
                (None, Some(pk)) => k.public_key.trim() == pk.trim() || k.name == name,
                (None, None) => k.name == name,
            });
            if let Some(k) = found {
                return k;
            }
        }
        let fingerprint = fingerprint
            .map(str::to_owned)
            .or_else(|| public_key.and_then(parse::md5_fingerprint));
        SshKey {
            account: self.account.clone(),
            provider: ProviderKind::Cloudero,
            id: fingerprint.clone().unwrap_or_else(|| name.to_owned()),
            name: name.to_owned(),
            public_key: public_key.unwrap_or_default().to_owned(),
            raw: json!({ "name": name, "public_key": public_key, "fingerprint": fingerprint }),
            fingerprint,
        }
    }
}

fn required<'a>(v: Option<&'a str>, field: &str, what: &str) -> Result<&'a str> {
    v.map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::invalid_field(field, format!("Cloude.ro needs {what} to create a server")))
}

/// The optional create fields shared by `create` and `create_from_snapshot`.
fn create_extras(req: &CreateServerRequest) -> Result<Vec<(&'static str, String)>> {
    if req.name.trim().is_empty() {
        return Err(Error::invalid_field("name", "the server needs a name"));
    }
    if !req.extra_hostnames.is_empty() {
        return Err(Error::invalid_field(
            "extraHostnames",
            "Cloude.ro creates one server per request",
        ));
    }
    if req.ssh_keys.len() > 1 {
        return Err(Error::invalid_field(
            "sshKeys",
            "Cloude.ro takes one SSH key (fingerprint) per server",
        ));
    }
    let mut out = Vec::new();
    if let Some(h) = req.hostname.as_deref().filter(|h| !h.trim().is_empty()) {
        out.push(("hostname", h.trim().to_owned()));
    }
    if let Some(fp) = req.ssh_keys.first() {
        // Field-name drift (quirk 8): the table says `ssh_key`, the example body `ssh_keys`.
        out.push(("ssh_key", fp.clone()));
        out.push(("ssh_keys", fp.clone()));
    }
    if let Some(ud) = req.user_data.as_deref().filter(|u| !u.is_empty()) {
        out.push((
            "user_data",
            base64::engine::general_purpose::STANDARD.encode(ud.as_bytes()),
        ));
    }
    Ok(out)
}

/// Keep catalog entries offered in `region` (entries that name no region are kept).
fn in_region(regions: &[String], region: Option<&str>) -> bool {
    region.is_none_or(|r| regions.is_empty() || regions.iter().any(|x| x.eq_ignore_ascii_case(r)))
}

impl Identity for Cloudero {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Cloudero
    }
    fn account_name(&self) -> &str {
        &self.account
    }
}

#[async_trait]
impl ServerApi for Cloudero {
    async fn list_servers(&self) -> Result<Vec<Server>> {
        self.fetch_servers().await
    }

    async fn get_server(&self, id: &str) -> Result<Server> {
        let id = wire::path_id("server", id)?;
        let data = self.authed(Request::get(format!("/v1/server/{id}"))).await?;
        // Quirk 5: the detail is a one-element array.
        parse::single_item(&data)
            .and_then(|o| parse::server(&self.account, o))
            .ok_or_else(|| self.not_found(format!("server {id} not found")))
    }

    async fn create_server(&self, req: &CreateServerRequest) -> Result<CreateOutcome> {
        if let Some(snapshot) = req.from_snapshot.as_deref().filter(|s| !s.trim().is_empty()) {
            return self.create_from_snapshot(req, snapshot.trim()).await;
        }
        let region = required(req.region.as_deref(), "region", "a region")?;
        let package = required(req.plan.as_deref(), "plan", "a package (plan)")?;
        let image = required(
            req.image.as_deref().or(req.application.as_deref()),
            "image",
            "an image or application",
        )?;
        let extras = create_extras(req)?;
        let mut fields: Vec<(&str, &str)> = vec![
            ("name", req.name.as_str()),
            ("region", region),
            ("package", package),
            ("image", image),
        ];
        fields.extend(extras.iter().map(|(k, v)| (*k, v.as_str())));
        let data = self
            .authed(
                Request::post("/v1/server/create")
                    .form(wire::form(&fields))
                    .sensitive_answer(),
            )
            .await;
        self.server_list.invalidate().await;
        let result = wire::action_result(&self.account, "create", data?)?;
        Ok(self.create_outcome(result, req, &format!("Create {}", req.name)))
    }

    async fn delete_server(&self, id: &str) -> Result<ActionOutcome> {
        let result = self.action(Verb::Delete, id, "destroy", &[]).await?;
        Ok(self.outcome(
            result,
            JobPlan {
                kind: JobKind::DeleteServer,
                target: Some(id.to_owned()),
                target_name: None,
                server_id: Some(id.to_owned()),
                timeout_secs: DESTROY_TIMEOUT_SECS,
                description: format!("Destroy server {id}"),
                on_true: Some(poll_server(id, Condition::Gone)),
            },
        ))
    }

    async fn server_action(&self, id: &str, action: &ServerAction) -> Result<ActionOutcome> {
        let plan = |timeout_secs, on_true| JobPlan {
            kind: action.job_kind(),
            target: Some(id.to_owned()),
            target_name: None,
            server_id: Some(id.to_owned()),
            timeout_secs,
            description: describe(action, id),
            on_true,
        };
        let (result, plan) = match action {
            ServerAction::Start => (
                self.action(Verb::Post, id, "start", &[]).await?,
                plan(POWER_TIMEOUT_SECS, Some(poll_server(id, Condition::Running))),
            ),
            ServerAction::Stop => (
                self.action(Verb::Post, id, "stop", &[]).await?,
                plan(POWER_TIMEOUT_SECS, Some(poll_server(id, Condition::Stopped))),
            ),
            ServerAction::Reboot => (
                self.action(Verb::Post, id, "reboot", &[]).await?,
                plan(POWER_TIMEOUT_SECS, Some(poll_server(id, Condition::Running))),
            ),
            ServerAction::ResetPassword { password } => {
                if password.is_some() {
                    return Err(Error::invalid_field(
                        "password",
                        "Cloude.ro generates the new root password and e-mails it; it cannot be chosen",
                    ));
                }
                (
                    self.action(Verb::Post, id, "change_password", &[]).await?,
                    plan(POWER_TIMEOUT_SECS, None),
                )
            }
            ServerAction::Reinstall { image } => {
                let image = required(Some(image.as_str()), "image", "an image")?;
                (
                    self.action(Verb::Post, id, "refresh_install", &[("image", image)])
                        .await?,
                    plan(LONG_TIMEOUT_SECS, None),
                )
            }
            ServerAction::Resize {
                plan: package,
                custom_size,
            } => {
                if custom_size.is_some() {
                    return Err(Error::invalid_field(
                        "customSize",
                        "Cloude.ro resizes to a package only",
                    ));
                }
                let package = package
                    .as_deref()
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .ok_or_else(|| Error::invalid_field("plan", "choose the package to upgrade to"))?;
                // Wire decisions: `type=all` upgrades CPU, RAM and disk together.
                (
                    self.action(
                        Verb::Post,
                        id,
                        "upgrade_package",
                        &[("package", package), ("type", "all")],
                    )
                    .await?,
                    plan(LONG_TIMEOUT_SECS, None),
                )
            }
            other => return Err(self.unsupported(other.verb())),
        };
        let mut outcome = self.outcome(result, plan);
        if matches!(action, ServerAction::ResetPassword { .. }) && outcome.password.is_none() {
            outcome.message = Some("Cloude.ro e-mails the new root password to the account holder".into());
        }
        Ok(outcome)
    }
}

fn poll_server(id: &str, until: Condition) -> Tracking {
    Tracking::Poll {
        resource: ResourceKind::Server,
        id: id.to_owned(),
        until,
    }
}

/// One line saying what a server action does, for the jobs panel and notifications.
fn describe(action: &ServerAction, id: &str) -> String {
    match action {
        ServerAction::Start => format!("Start server {id}"),
        ServerAction::Stop => format!("Stop server {id}"),
        ServerAction::Reboot => format!("Reboot server {id}"),
        ServerAction::ResetPassword { .. } => format!("Reset the root password of server {id}"),
        ServerAction::Reinstall { image } => format!("Reinstall server {id} with {image}"),
        ServerAction::Resize { plan: Some(p), .. } => format!("Upgrade server {id} to {p}"),
        other => format!("{} server {id}", other.verb()),
    }
}

#[async_trait]
impl CatalogApi for Cloudero {
    async fn list_regions(&self) -> Result<Vec<Region>> {
        let data = self.public(Request::get("/v1/region/list")).await?;
        Ok(parse::list_items(&data)
            .into_iter()
            .filter_map(|o| parse::region(&self.account, o))
            .collect())
    }

    async fn list_plans(&self, region: Option<&str>) -> Result<Vec<Plan>> {
        let data = self.public(Request::get("/v1/package/list")).await?;
        Ok(parse::list_items(&data)
            .into_iter()
            .filter_map(|o| parse::plan(&self.account, o))
            .filter(|p| in_region(&p.regions, region))
            .collect())
    }

    async fn list_images(&self, region: Option<&str>) -> Result<Vec<Image>> {
        let data = self
            .public(Request::get("/v1/image/list").query("type", "template"))
            .await?;
        Ok(parse::list_items(&data)
            .into_iter()
            .filter_map(|o| parse::image(&self.account, o))
            .filter(|i| i.kind == ImageKind::Os && in_region(&i.regions, region))
            .collect())
    }

    async fn list_applications(&self) -> Result<Vec<Image>> {
        let data = self
            .public(Request::get("/v1/image/list").query("type", "application"))
            .await?;
        Ok(parse::list_items(&data)
            .into_iter()
            .filter_map(|o| parse::image(&self.account, o))
            .filter(|i| i.kind == ImageKind::Application)
            .collect())
    }
}

#[async_trait]
impl SnapshotApi for Cloudero {
    async fn list_snapshots(&self, server_id: Option<&str>) -> Result<Vec<Snapshot>> {
        match server_id {
            Some(id) => {
                let id = wire::path_id("server", id)?;
                let data = self
                    .authed(Request::get(format!("/v1/server/{id}/snapshots")))
                    .await?;
                Ok(parse::snapshots(&self.account, &data, Some(id)))
            }
            None => self.fetch_snapshots().await,
        }
    }

    async fn create_snapshot(&self, server_id: &str, name: Option<&str>) -> Result<ActionOutcome> {
        let server_id = wire::path_id("server", server_id)?;
        let name = match name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => n.to_owned(),
            // Cloude.ro requires a name.
            None => format!("snapshot-{}", self.clock.now().format("%Y%m%d-%H%M%S")),
        };
        let data = self
            .authed(
                Request::post("/v1/snapshot/create").form(wire::form(&[("id", server_id), ("name", &name)])),
            )
            .await;
        self.snapshot_list.invalidate().await;
        let result = wire::action_result(&self.account, "snapshot create", data?)?;
        Ok(self.outcome(
            result,
            JobPlan {
                kind: JobKind::SnapshotCreate,
                target: None,
                target_name: Some(name.clone()),
                server_id: Some(server_id.to_owned()),
                timeout_secs: SNAPSHOT_TIMEOUT_SECS,
                description: format!("Snapshot {name} of server {server_id}"),
                on_true: Some(Tracking::FindNew {
                    resource: ResourceKind::Snapshot,
                    matcher: NewResourceMatch {
                        label: Some(name.clone()),
                        server_id: Some(server_id.to_owned()),
                        ..Default::default()
                    },
                    until: Condition::Ready,
                }),
            },
        ))
    }

    async fn delete_snapshot(&self, id: &str) -> Result<ActionOutcome> {
        let id = wire::path_id("snapshot", id)?;
        let data = self
            .authed(Request::delete("/v1/snapshot/destroy").form(wire::form(&[("id", id)])))
            .await;
        self.snapshot_list.invalidate().await;
        let result = wire::action_result(&self.account, "snapshot destroy", data?)?;
        Ok(self.outcome(
            result,
            JobPlan {
                kind: JobKind::SnapshotDelete,
                target: Some(id.to_owned()),
                target_name: None,
                server_id: None,
                timeout_secs: LONG_TIMEOUT_SECS,
                description: format!("Delete snapshot {id}"),
                on_true: None,
            },
        ))
    }

    async fn restore_snapshot(&self, id: &str, server_id: Option<&str>) -> Result<ActionOutcome> {
        let id = wire::path_id("snapshot", id)?;
        let server = match server_id.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => s.to_owned(),
            None => self
                .fetch_snapshots()
                .await?
                .into_iter()
                .find(|s| s.id == id)
                .ok_or_else(|| self.not_found(format!("snapshot {id} not found")))?
                .server_id
                .ok_or_else(|| {
                    Error::invalid_field(
                        "serverId",
                        format!("snapshot {id} names no server: say which to restore"),
                    )
                })?,
        };
        let result = self
            .action(
                Verb::Post,
                &server,
                "restore_from_snapshot",
                &[("snapshot_id", id)],
            )
            .await?;
        Ok(self.outcome(
            result,
            JobPlan {
                kind: JobKind::SnapshotRestore,
                target: Some(server.clone()),
                target_name: None,
                server_id: Some(server.clone()),
                timeout_secs: LONG_TIMEOUT_SECS,
                description: format!("Restore server {server} from snapshot {id}"),
                on_true: None,
            },
        ))
    }
}

#[async_trait]
impl SshKeyApi for Cloudero {
    async fn list_ssh_keys(&self) -> Result<Vec<SshKey>> {
        let data = self.authed(Request::get("/v1/sshkey/list")).await?;
        Ok(parse::ssh_keys(&self.account, &data))
    }

    async fn create_ssh_key(&self, name: &str, public_key: Option<&str>) -> Result<CreatedSshKey> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid_field("name", "the key needs a name"));
        }
        let public_key = public_key
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .ok_or_else(|| {
                Error::invalid_field("publicKey", "Cloude.ro cannot generate keys: paste a public key")
            })?;
        let data = self
            .authed(
                Request::post("/v1/sshkey/create")
                    .form(wire::form(&[("name", name), ("public_key", public_key)])),
            )
            .await?;
        wire::action_result(&self.account, "sshkey create", data)?;
        Ok(CreatedSshKey {
            key: self.key_after_write(None, name, Some(public_key)).await,
            private_key: None,
        })
    }

    async fn rename_ssh_key(&self, id: &str, name: &str) -> Result<SshKey> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid_field("name", "the key needs a name"));
        }
        let data = self
            .authed(
                Request::put("/v1/sshkey/update").form(wire::form(&[("fingerprint", id), ("name", name)])),
            )
            .await?;
        wire::action_result(&self.account, "sshkey update", data)?;
        Ok(self.key_after_write(Some(id), name, None).await)
    }

    async fn delete_ssh_key(&self, id: &str) -> Result<()> {
        let data = self
            .authed(Request::delete("/v1/sshkey/destroy").form(wire::form(&[("fingerprint", id)])))
            .await?;
        wire::action_result(&self.account, "sshkey destroy", data).map(drop)
    }
}

#[async_trait]
impl TagApi for Cloudero {
    async fn list_tags(&self) -> Result<Vec<Tag>> {
        let data = self.authed(Request::get("/v1/tags/list")).await?;
        Ok(parse::tags(&self.account, &data))
    }

    async fn tag_servers(&self, tags: &[String], server_ids: &[String]) -> Result<()> {
        if tags.is_empty() || server_ids.is_empty() {
            return Err(Error::invalid_input("give at least one tag and one server"));
        }
        // Many-to-many in one request: `sub_ids[]=…&tags[]=…`, repeated.
        let mut pairs: Vec<(String, String)> = server_ids
            .iter()
            .map(|id| ("sub_ids[]".to_owned(), id.clone()))
            .collect();
        pairs.extend(tags.iter().map(|t| ("tags[]".to_owned(), t.clone())));
        let data = self.authed(Request::post("/v1/tags/create").form(pairs)).await?;
        wire::action_result(&self.account, "tags create", data).map(drop)
    }

    async fn set_server_tags(&self, server_id: &str, tags: &[String]) -> Result<()> {
        if let Some(bad) = tags
            .iter()
            .find(|t| t.is_empty() || t.contains(char::is_whitespace))
        {
            return Err(Error::invalid_field(
                "tags",
                format!("'{bad}': Cloude.ro tags cannot be empty or contain spaces"),
            ));
        }
        // The documented body is one space-separated string.
        let joined = tags.join(" ");
        let data = self
            .authed(
                Request::put("/v1/tags/update").form(wire::form(&[("sub_id", server_id), ("tags", &joined)])),
            )
            .await?;
        wire::action_result(&self.account, "tags update", data).map(drop)
    }

    async fn delete_tag(&self, tag: &str) -> Result<()> {
        let data = self
            .authed(Request::delete("/v1/tags/destroy").form(wire::form(&[("tag", tag)])))
            .await?;
        wire::action_result(&self.account, "tags destroy", data).map(drop)
    }
}

#[async_trait]
impl BillingApi for Cloudero {
    async fn profile(&self) -> Result<AccountProfile> {
        let data = self.authed(Request::get("/v1/user/info")).await?;
        parse::single_item(&data)
            .map(|o| parse::profile(&self.account, o))
            .ok_or_else(|| self.unexpected("GET /v1/user/info", "no user in the answer"))
    }

    async fn list_invoices(&self) -> Result<Vec<Invoice>> {
        let data = self.authed(Request::get("/v1/invoice/list")).await?;
        Ok(parse::list_items(&data)
            .into_iter()
            .filter_map(|o| parse::invoice(&self.account, o))
            .collect())
    }

    async fn list_transactions(&self) -> Result<Vec<Transaction>> {
        let data = self.authed(Request::get("/v1/transaction/list")).await?;
        Ok(parse::list_items(&data)
            .into_iter()
            .filter_map(|o| parse::transaction(&self.account, o))
            .collect())
    }
}

#[async_trait]
impl UsageApi for Cloudero {
    async fn usage(&self, server_id: &str) -> Result<Vec<UsageSeries>> {
        let server_id = wire::path_id("server", server_id)?;
        let data = self
            .authed(Request::get("/v1/usage/list").query("id", server_id))
            .await?;
        if !data.is_object() {
            return Err(self.unexpected("GET /v1/usage/list", "no usage series in the answer"));
        }
        Ok(parse::usage(&self.account, server_id, &data))
    }
}

#[async_trait]
impl EventApi for Cloudero {
    async fn list_events(&self) -> Result<Vec<ProviderEvent>> {
        self.fetch_events().await
    }

    async fn get_event(&self, id: &str) -> Result<ProviderEvent> {
        self.fetch_event(id).await
    }
}

#[async_trait]
impl Provider for Cloudero {
    fn capabilities(&self) -> Capabilities {
        crate::capabilities()
    }

    async fn check(&self) -> Result<AccountProfile> {
        self.profile().await
    }

    fn servers(&self) -> &dyn ServerApi {
        self
    }
    fn jobs(&self) -> &dyn fleetdeck_core::job::JobTracker {
        self
    }
    fn catalog(&self) -> Option<&dyn CatalogApi> {
        Some(self)
    }
    fn snapshots(&self) -> Option<&dyn SnapshotApi> {
        Some(self)
    }
    fn ssh_keys(&self) -> Option<&dyn SshKeyApi> {
        Some(self)
    }
    fn tags(&self) -> Option<&dyn TagApi> {
        Some(self)
    }
    fn billing(&self) -> Option<&dyn BillingApi> {
        Some(self)
    }
    fn usage(&self) -> Option<&dyn UsageApi> {
        Some(self)
    }
    fn events(&self) -> Option<&dyn EventApi> {
        Some(self)
    }
}
