//! The provider traits over the LetsCloud endpoints (docs/wire-decisions.md, LetsCloud reference).
//!
//! Every long action becomes a job that polls flags (LetsCloud has no job ids): power on / reboot
//! until running with an IP, power off / shutdown until stopped, password reset and plan change
//! until the instance is no longer locked, delete until it is gone from the list, create until a
//! new instance with the request's unique label and hostname appears and runs, snapshot create
//! until `build == true`. Snapshot rename and delete, and every SSH-key call, complete at once.

use std::collections::BTreeMap;
use std::time::Duration;

use async_trait::async_trait;
use fleetdeck_core::http::Request;
use fleetdeck_core::job::{Condition, JobKind, JobSpec, NewResourceMatch, ResourceKind, Tracking};
use fleetdeck_core::provider::*;
use fleetdeck_core::{
    AccountProfile, Capabilities, CreatedSshKey, Error, ExposeSecret, Image, Plan, ProviderKind, Region,
    Result, SecretString, Server, Snapshot, SshKey,
};
use serde_json::{json, Value};

use crate::client::LetsCloud;
use crate::jobs::same_label;
use crate::parse;
use crate::wire::{self, Expect};

/// Time-outs of the jobs. Terraform waits 20 minutes for a create (3 s × 400).
const POWER_TIMEOUT_SECS: u32 = 15 * 60;
const CREATE_TIMEOUT_SECS: u32 = 30 * 60;
const DELETE_TIMEOUT_SECS: u32 = 15 * 60;
const LONG_TIMEOUT_SECS: u32 = 60 * 60;
const SNAPSHOT_TIMEOUT_SECS: u32 = 60 * 60;

/// The shortest root password LetsCloud accepts (Go SDK `validate:"min=8"`).
const MIN_PASSWORD_LEN: usize = 8;

impl LetsCloud {
    pub(crate) async fn fetch_servers(&self) -> Result<Vec<Server>> {
        let a = self.call(Request::get("/instances"), Expect::List).await?;
        Ok(parse::servers(&self.account, &a.data))
    }

    pub(crate) async fn fetch_snapshots(&self) -> Result<Vec<Snapshot>> {
        let a = self.call(Request::get("/snapshots"), Expect::List).await?;
        Ok(parse::snapshots(&self.account, &a.data))
    }

    pub(crate) async fn fetch_snapshot(&self, slug: &str) -> Result<Snapshot> {
        let slug = wire::path_id("snapshot slug", slug)?;
        let a = self
            .call(Request::get(format!("/snapshots/{slug}")), Expect::Data)
            .await?;
        parse::single_item(&a.data)
            .and_then(|o| parse::snapshot(&self.account, o))
            .ok_or_else(|| self.unexpected(&format!("GET /snapshots/{slug}"), "no snapshot in the answer"))
    }

    /// The root password LetsCloud generated for an instance (`initial_root_password`), for a host
    /// to put in the OS keyring or show once. Never logged, never part of a [`Server`].
    pub async fn initial_root_password(&self, id: &str) -> Result<Option<SecretString>> {
        let id = wire::path_id("instance identifier", id)?;
        let a = self
            .call(
                Request::get(format!("/instances/{id}")).sensitive_answer(),
                Expect::Data,
            )
            .await?;
        Ok(parse::single_item(&a.data).and_then(parse::initial_root_password))
    }

    fn unexpected(&self, request: &str, why: &str) -> Error {
        fleetdeck_core::toolkit::unexpected_content(&self.account, "LetsCloud", request, why)
    }

    /// An instance action (`PUT|POST /instances/{id}/<action>`) followed by a poll of the instance.
    async fn instance_action(
        &self,
        req: Request,
        id: &str,
        kind: JobKind,
        description: String,
        until: Condition,
        timeout_secs: u32,
    ) -> Result<ActionOutcome> {
        let answer = self.call(req, Expect::Ack).await;
        // Whatever happened, the list the job poller holds may be stale now.
        self.instance_list.invalidate().await;
        let answer = answer?;
        Ok(ActionOutcome {
            job: Some(JobSpec {
                kind,
                target: Some(id.to_owned()),
                target_name: None,
                server_id: Some(id.to_owned()),
                tracking: poll_server(id, until),
                timeout_secs,
                description,
            }),
            message: answer.message,
            password: None,
        })
    }

    /// Refuse a create whose label is taken — by an instance of the account or by a create of this
    /// client still waiting for its instance — since the label is how the new instance is found.
    async fn check_label_free(&self, label: &str) -> Result<()> {
        let conflict = |why: String| Error::Conflict {
            account: self.account.clone(),
            message: why,
        };
        if !self.reserve_label(label, Duration::from_secs(u64::from(CREATE_TIMEOUT_SECS))) {
            return Err(conflict(format!(
                "a create of an instance labelled '{label}' is still pending: LetsCloud returns no id, so labels must be unique; choose another name"
            )));
        }
        let existing = match self.fetch_servers().await {
            Ok(list) => list,
            Err(e) => {
                self.release_label(label);
                return Err(e);
            }
        };
        if let Some(s) = existing.iter().find(|s| same_label(s, label)) {
            self.release_label(label);
            return Err(conflict(format!(
                "instance {} is already labelled '{label}': LetsCloud returns no id on create, so labels must be unique; choose another name",
                s.id
            )));
        }
        Ok(())
    }
}

impl LetsCloud {
    /// The instance a create just ordered, with the root password LetsCloud generated for it: the
    /// only instance carrying the create's label and hostname (the label was free before the
    /// order). `None` when it is not listed yet, when two carry them, or when the list fails — the
    /// order stands either way and its job finds the instance later.
    async fn find_created(&self, label: &str, hostname: &str) -> Option<(String, Option<SecretString>)> {
        let answer = self.call(Request::get("/instances"), Expect::List).await.ok()?;
        let items = parse::list_items(&answer.data, "identifier");
        let mut matches = items.into_iter().filter(|o| {
            parse::server(&self.account, o).is_some_and(|s| {
                same_label(&s, label)
                    && s.hostname
                        .as_deref()
                        .is_some_and(|h| h.eq_ignore_ascii_case(hostname))
            })
        });
        let first = matches.next()?;
        if matches.next().is_some() {
            return None;
        }
        let id = parse::server(&self.account, first)?.id;
        Some((id, parse::initial_root_password(first)))
    }
}

fn poll_server(id: &str, until: Condition) -> Tracking {
    Tracking::Poll {
        resource: ResourceKind::Server,
        id: id.to_owned(),
        until,
    }
}

fn required<'a>(v: Option<&'a str>, field: &str, what: &str) -> Result<&'a str> {
    v.map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::invalid_field(field, format!("LetsCloud needs {what} to create an instance")))
}

/// A hostname LetsCloud can take: letters, digits, `-` and `.`, at most 253 characters.
fn check_hostname(h: &str) -> Result<()> {
    let ok = !h.is_empty()
        && h.len() <= 253
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && !h.starts_with(['-', '.']);
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_field(
            "hostname",
            format!("'{h}' is not a valid hostname (letters, digits, '-' and '.')"),
        ))
    }
}

fn check_password(p: &SecretString) -> Result<()> {
    if p.expose_secret().chars().count() < MIN_PASSWORD_LEN {
        return Err(Error::invalid_field(
            "password",
            format!("LetsCloud needs a root password of at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    Ok(())
}

impl Identity for LetsCloud {
    fn kind(&self) -> ProviderKind {
        ProviderKind::LetsCloud
    }
    fn account_name(&self) -> &str {
        &self.account
    }
}

#[async_trait]
impl ServerApi for LetsCloud {
    async fn list_servers(&self) -> Result<Vec<Server>> {
        self.fetch_servers().await
    }

    async fn get_server(&self, id: &str) -> Result<Server> {
        let id = wire::path_id("instance identifier", id)?;
        let a = self
            .call(Request::get(format!("/instances/{id}")), Expect::Data)
            .await?;
        parse::single_item(&a.data)
            .and_then(|o| parse::server(&self.account, o))
            .ok_or_else(|| self.unexpected(&format!("GET /instances/{id}"), "no instance in the answer"))
    }

    async fn create_server(&self, req: &CreateServerRequest) -> Result<CreateOutcome> {
        let label = req.name.trim();
        if label.is_empty() {
            return Err(Error::invalid_field("name", "the instance needs a label (name)"));
        }
        let hostname = req
            .hostname
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .unwrap_or(label);
        check_hostname(hostname)?;
        let region = required(req.region.as_deref(), "region", "a location")?;
        let plan = required(req.plan.as_deref(), "plan", "a plan")?;
        let image = required(req.image.as_deref(), "image", "an image")?;
        let refuse = |field: &str, why: &str| Err(Error::invalid_field(field, why.to_owned()));
        if !req.extra_hostnames.is_empty() {
            return refuse("extraHostnames", "LetsCloud creates one instance per request");
        }
        if req.ssh_keys.len() > 1 {
            return refuse("sshKeys", "LetsCloud takes one SSH key (slug) per instance");
        }
        if req.custom_size.is_some() {
            return refuse("customSize", "LetsCloud sells fixed plans only");
        }
        if req.application.is_some() || req.iso.is_some() || req.from_snapshot.is_some() {
            return refuse("image", "LetsCloud creates instances from OS images only");
        }
        if req.user_data.as_deref().is_some_and(|u| !u.is_empty()) {
            return refuse("userData", "LetsCloud does not take cloud-init user data");
        }
        if let Some(p) = &req.root_password {
            check_password(p)?;
        }
        let mut body = json!({
            "label": label,
            "hostname": hostname,
            "location_slug": region,
            "plan_slug": plan,
            "image_slug": image,
        });
        if let Some(key) = req.ssh_keys.first() {
            body["ssh_slug"] = Value::String(key.clone());
        }
        if let Some(p) = &req.root_password {
            body["password"] = Value::String(p.expose_secret().to_owned());
        }
        self.check_label_free(label).await?;
        let answer = self
            .call(
                Request::post("/instances").json(body).sensitive_answer(),
                Expect::Ack,
            )
            .await;
        self.instance_list.invalidate().await;
        let answer = match answer {
            Ok(a) => a,
            Err(e) => {
                self.release_label(label);
                return Err(e);
            }
        };
        // LetsCloud answers no id: look for the instance once now, so the host can name the new
        // server at once (and show the password LetsCloud generated); when it is not listed yet,
        // the job finds it (FindNew) as it polls.
        let found = self.find_created(label, hostname).await;
        let (target, tracking) = match &found {
            Some((id, _)) => {
                self.release_label(label);
                (Some(id.clone()), poll_server(id, Condition::Running))
            }
            None => (
                None,
                Tracking::FindNew {
                    resource: ResourceKind::Server,
                    matcher: NewResourceMatch {
                        label: Some(label.to_owned()),
                        hostname: Some(hostname.to_owned()),
                        ..Default::default()
                    },
                    until: Condition::Running,
                },
            ),
        };
        // A password the user chose is theirs already; only a generated one is handed over.
        let password = found.and_then(|(_, p)| p).filter(|_| req.root_password.is_none());
        Ok(CreateOutcome {
            jobs: vec![JobSpec {
                kind: JobKind::CreateServer,
                server_id: target.clone(),
                target,
                target_name: Some(label.to_owned()),
                tracking,
                timeout_secs: CREATE_TIMEOUT_SECS,
                description: format!("Create instance {label} in {region}"),
            }],
            message: answer.message,
            password,
        })
    }

    async fn delete_server(&self, id: &str) -> Result<ActionOutcome> {
        let id = wire::path_id("instance identifier", id)?;
        self.instance_action(
            Request::delete(format!("/instances/{id}")),
            id,
            JobKind::DeleteServer,
            format!("Delete instance {id}"),
            Condition::Gone,
            DELETE_TIMEOUT_SECS,
        )
        .await
    }

    async fn server_action(&self, id: &str, action: &ServerAction) -> Result<ActionOutcome> {
        let id = wire::path_id("instance identifier", id)?;
        let path = |a: &str| format!("/instances/{id}/{a}");
        let (req, until, timeout, description) = match action {
            ServerAction::Start => (
                Request::put(path("power-on")),
                Condition::Running,
                POWER_TIMEOUT_SECS,
                format!("Power on instance {id}"),
            ),
            ServerAction::Stop => (
                Request::put(path("power-off")),
                Condition::Stopped,
                POWER_TIMEOUT_SECS,
                format!("Power off instance {id}"),
            ),
            ServerAction::Shutdown => (
                Request::post(path("shutdown")),
                Condition::Stopped,
                POWER_TIMEOUT_SECS,
                format!("Shut down instance {id}"),
            ),
            ServerAction::Reboot => (
                Request::put(path("reboot")),
                Condition::Running,
                POWER_TIMEOUT_SECS,
                format!("Reboot instance {id}"),
            ),
            ServerAction::ResetPassword { password } => {
                let password = password.as_ref().ok_or_else(|| {
                    Error::invalid_field(
                        "password",
                        "LetsCloud sets the root password you choose: enter the new password",
                    )
                })?;
                check_password(password)?;
                (
                    Request::put(path("reset-password"))
                        .json(json!({ "password": password.expose_secret() }))
                        .sensitive_answer(),
                    Condition::Settled,
                    POWER_TIMEOUT_SECS,
                    format!("Reset the root password of instance {id}"),
                )
            }
            ServerAction::Resize { plan, custom_size } => {
                if custom_size.is_some() {
                    return Err(Error::invalid_field(
                        "customSize",
                        "LetsCloud changes to a plan only",
                    ));
                }
                let plan = plan
                    .as_deref()
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .ok_or_else(|| Error::invalid_field("plan", "choose the plan to change to"))?;
                (
                    Request::put(path("change-plan")).json(json!({ "plan_slug": plan })),
                    Condition::Settled,
                    LONG_TIMEOUT_SECS,
                    format!("Change the plan of instance {id} to {plan}"),
                )
            }
            other => return Err(self.unsupported(other.verb())),
        };
        self.instance_action(req, id, action.job_kind(), description, until, timeout)
            .await
    }
}

/// Merge catalog entries listed per location into one per slug, with every location they are in.
/// Entries whose other fields differ (a plan priced differently per location) stay separate.
fn merge_by_slug<T: Clone>(
    items: Vec<T>,
    key: impl Fn(&T) -> (String, String),
    regions: impl Fn(&mut T) -> &mut Vec<String>,
) -> Vec<T> {
    let mut order: Vec<(String, String)> = Vec::new();
    let mut merged: BTreeMap<(String, String), T> = BTreeMap::new();
    for mut item in items {
        let k = key(&item);
        match merged.get_mut(&k) {
            Some(existing) => {
                let add: Vec<String> = regions(&mut item).clone();
                let have = regions(existing);
                for r in add {
                    if !have.contains(&r) {
                        have.push(r);
                    }
                }
            }
            None => {
                order.push(k.clone());
                merged.insert(k, item);
            }
        }
    }
    order.into_iter().filter_map(|k| merged.remove(&k)).collect()
}

impl LetsCloud {
    /// The locations to list a catalog for: the one asked, or every available one.
    async fn catalog_locations(&self, region: Option<&str>) -> Result<Vec<String>> {
        match region.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => Ok(vec![wire::path_id("location slug", r)?.to_owned()]),
            None => Ok(self
                .list_regions()
                .await?
                .into_iter()
                .filter(|r| r.available != Some(false))
                .map(|r| r.id)
                .collect()),
        }
    }
}

#[async_trait]
impl CatalogApi for LetsCloud {
    async fn list_regions(&self) -> Result<Vec<Region>> {
        let a = self.call(Request::get("/locations"), Expect::List).await?;
        Ok(parse::regions(&self.account, &a.data))
    }

    async fn list_plans(&self, region: Option<&str>) -> Result<Vec<Plan>> {
        let mut all = Vec::new();
        for loc in self.catalog_locations(region).await? {
            let a = self
                .call(Request::get(format!("/locations/{loc}/plans")), Expect::List)
                .await?;
            all.extend(parse::plans(&self.account, &loc, &a.data));
        }
        Ok(merge_by_slug(
            all,
            |p| {
                let price = p.prices.first().map(|x| format!("{:?}", x.amount));
                (p.id.clone(), price.unwrap_or_default())
            },
            |p| &mut p.regions,
        ))
    }

    async fn list_images(&self, region: Option<&str>) -> Result<Vec<Image>> {
        let mut all = Vec::new();
        for loc in self.catalog_locations(region).await? {
            let a = self
                .call(Request::get(format!("/locations/{loc}/images")), Expect::List)
                .await?;
            all.extend(parse::images(&self.account, Some(&loc), &a.data));
        }
        Ok(merge_by_slug(
            all,
            |i| (i.id.clone(), String::new()),
            |i| &mut i.regions,
        ))
    }
}

#[async_trait]
impl SnapshotApi for LetsCloud {
    async fn list_snapshots(&self, server_id: Option<&str>) -> Result<Vec<Snapshot>> {
        let all = self.fetch_snapshots().await?;
        Ok(match server_id {
            // The list is account-wide; `reference` names the source instance (wire decisions).
            Some(id) => all
                .into_iter()
                .filter(|s| s.server_id.as_deref() == Some(id))
                .collect(),
            None => all,
        })
    }

    async fn get_snapshot(&self, id: &str) -> Result<Snapshot> {
        self.fetch_snapshot(id).await
    }

    async fn create_snapshot(&self, server_id: &str, name: Option<&str>) -> Result<ActionOutcome> {
        let server_id = wire::path_id("instance identifier", server_id)?;
        let label = match name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => n.to_owned(),
            // The label is required by LetsCloud.
            None => format!("snapshot-{}", self.clock.now().format("%Y%m%d-%H%M%S")),
        };
        let answer = self
            .call(
                Request::post(format!("/instances/{server_id}/snapshots")).json(json!({ "label": label })),
                Expect::Ack,
            )
            .await;
        self.snapshot_list.invalidate().await;
        let answer = answer?;
        let slug =
            parse::single_item(&answer.data).and_then(|d| fleetdeck_core::lenient::text(d.get("slug")));
        // Answered with its slug (the SDKs read `data.slug`): poll it. Otherwise find it by label.
        let tracking = match &slug {
            Some(slug) => {
                self.note_pending_snapshot(slug);
                Tracking::Poll {
                    resource: ResourceKind::Snapshot,
                    id: slug.clone(),
                    until: Condition::Ready,
                }
            }
            None => Tracking::FindNew {
                resource: ResourceKind::Snapshot,
                matcher: NewResourceMatch {
                    label: Some(label.clone()),
                    server_id: Some(server_id.to_owned()),
                    ..Default::default()
                },
                until: Condition::Ready,
            },
        };
        Ok(ActionOutcome {
            job: Some(JobSpec {
                kind: JobKind::SnapshotCreate,
                target: slug,
                target_name: Some(label.clone()),
                server_id: Some(server_id.to_owned()),
                tracking,
                timeout_secs: SNAPSHOT_TIMEOUT_SECS,
                description: format!("Snapshot {label} of instance {server_id}"),
            }),
            message: answer.message,
            password: None,
        })
    }

    async fn rename_snapshot(&self, id: &str, name: &str) -> Result<ActionOutcome> {
        let slug = wire::path_id("snapshot slug", id)?;
        let label = name.trim();
        if label.is_empty() {
            return Err(Error::invalid_field("name", "the snapshot needs a label"));
        }
        let answer = self
            .call(
                Request::put(format!("/snapshots/{slug}")).json(json!({ "label": label })),
                Expect::Ack,
            )
            .await;
        self.snapshot_list.invalidate().await;
        let answer = answer?;
        Ok(ActionOutcome::done(answer.message.unwrap_or_else(|| {
            format!("Snapshot {slug} renamed to {label}")
        })))
    }

    async fn delete_snapshot(&self, id: &str) -> Result<ActionOutcome> {
        let slug = wire::path_id("snapshot slug", id)?;
        let answer = self
            .call(Request::delete(format!("/snapshots/{slug}")), Expect::Ack)
            .await;
        self.snapshot_list.invalidate().await;
        let answer = answer?;
        Ok(ActionOutcome::done(
            answer
                .message
                .unwrap_or_else(|| format!("Snapshot {slug} deleted")),
        ))
    }
}

#[async_trait]
impl SshKeyApi for LetsCloud {
    async fn list_ssh_keys(&self) -> Result<Vec<SshKey>> {
        let resp = self.send(Request::get("/sshkeys")).await?;
        // docs/wire-decisions.md, LetsCloud reference: an account without keys is answered HTTP 200 +
        // success:false.
        if wire::is_refusal(&resp) {
            return Ok(Vec::new());
        }
        let a = wire::decode(&self.account, &resp, Expect::List)?;
        Ok(parse::ssh_keys(&self.account, &a.data))
    }

    async fn get_ssh_key(&self, id: &str) -> Result<SshKey> {
        let slug = wire::path_id("SSH key slug", id)?;
        let a = self
            .call(Request::get(format!("/sshkeys/{slug}")), Expect::Data)
            .await?;
        parse::single_item(&a.data)
            .and_then(|o| parse::ssh_key(&self.account, o))
            .ok_or_else(|| self.unexpected(&format!("GET /sshkeys/{slug}"), "no key in the answer"))
    }

    /// Store a public key, or — without one — have LetsCloud generate the pair: its private key is
    /// in the answer once and never retrievable again, so it goes to the caller and nowhere else.
    /// LetsCloud replaces a key with the same title.
    async fn create_ssh_key(&self, name: &str, public_key: Option<&str>) -> Result<CreatedSshKey> {
        let title = name.trim();
        if title.is_empty() {
            return Err(Error::invalid_field("name", "the key needs a title"));
        }
        let mut body = json!({ "title": title });
        if let Some(k) = public_key.map(str::trim).filter(|k| !k.is_empty()) {
            body["key"] = Value::String(k.to_owned());
        }
        let a = self
            .call(Request::post("/sshkeys").json(body), Expect::Data)
            .await?;
        let data = parse::single_item(&a.data)
            .ok_or_else(|| self.unexpected("POST /sshkeys", "no key in the answer"))?;
        let key = parse::ssh_key(&self.account, data)
            .ok_or_else(|| self.unexpected("POST /sshkeys", "the key has no slug"))?;
        Ok(CreatedSshKey {
            key,
            private_key: parse::private_key(data),
        })
    }

    async fn delete_ssh_key(&self, id: &str) -> Result<()> {
        let slug = wire::path_id("SSH key slug", id)?;
        // DELETE with a JSON body (docs/wire-decisions.md, LetsCloud reference).
        self.call(
            Request::delete("/sshkeys").json(json!({ "slug": slug })),
            Expect::Ack,
        )
        .await
        .map(drop)
    }
}

#[async_trait]
impl BillingApi for LetsCloud {
    async fn profile(&self) -> Result<AccountProfile> {
        let a = self.call(Request::get("/profile"), Expect::Data).await?;
        parse::single_item(&a.data)
            .map(|o| parse::profile(&self.account, o))
            .ok_or_else(|| self.unexpected("GET /profile", "no profile in the answer"))
    }
}

#[async_trait]
impl Provider for LetsCloud {
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
    fn billing(&self) -> Option<&dyn BillingApi> {
        Some(self)
    }
    fn rate_status(&self) -> Option<fleetdeck_core::http::RateStatus> {
        Some(self.http.rate_status())
    }
}
