//! The provider traits over the 42 Cloudzy endpoints (docs/wire-decisions.md, Cloudzy reference).
//!
//! Cloudzy returns no job handles (§4.6): long actions become jobs that poll the resource's status
//! until a condition holds —
//! - create (one job per instance ordered), resize, change OS, power on, reset: until running with
//!   an IP; power off: until stopped; delete: until gone;
//! - snapshot create: the new snapshot (found by diffing the instance's snapshots, since the answer
//!   carries no id — docs/wire-decisions.md) until `ACTIVE`; restore: `RESTORING` → `ACTIVE`;
//! - ISO and image downloads: `DOWNLOADING` → `READY`.
//!
//! Password change, add traffic, SSH keys, floating IPs, backup profiles and deletions of snapshots,
//! ISOs and images complete with the answer.

use async_trait::async_trait;
use fleetdeck_core::http::Request;
use fleetdeck_core::job::{Condition, JobKind, JobSpec, NewResourceMatch, ResourceKind, Tracking};
use fleetdeck_core::provider::*;
use fleetdeck_core::{
    AccountProfile, BackupPolicy, Capabilities, CreatedSshKey, Error, FloatingIp, Image, Plan, ProviderKind,
    Region, Result, SecretString, Server, Snapshot, SshKey, UploadKind, UploadedImage,
};
use serde_json::{json, Map, Value};

use crate::client::{Cloudzy, InstanceQuery, SnapshotQuery};
use crate::{parse, wire};

/// Time-outs of the jobs, generous: provisioning and disk work take minutes to hours.
const CREATE_TIMEOUT_SECS: u32 = 30 * 60;
const POWER_TIMEOUT_SECS: u32 = 15 * 60;
const DELETE_TIMEOUT_SECS: u32 = 20 * 60;
const LONG_TIMEOUT_SECS: u32 = 60 * 60;
const SNAPSHOT_TIMEOUT_SECS: u32 = 2 * 60 * 60;
const DOWNLOAD_TIMEOUT_SECS: u32 = 2 * 60 * 60;

/// Most hostnames one create request takes, and most floating IPs it can add (spec).
const MAX_HOSTNAMES: usize = 10;
pub(crate) const MAX_FLOATING_IPS: u32 = 5;

fn poll(resource: ResourceKind, id: &str, until: Condition) -> Tracking {
    Tracking::Poll {
        resource,
        id: id.to_owned(),
        until,
    }
}

fn server_job(kind: JobKind, id: &str, until: Condition, timeout_secs: u32, description: String) -> JobSpec {
    JobSpec {
        kind,
        target: Some(id.to_owned()),
        target_name: None,
        server_id: Some(id.to_owned()),
        tracking: poll(ResourceKind::Server, id, until),
        timeout_secs,
        description,
    }
}

fn required<'a>(v: Option<&'a str>, field: &str, message: &str) -> Result<&'a str> {
    v.map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::invalid_field(field, message.to_owned()))
}

/// The `extraResource` of a custom size.
fn extra_resource(size: &CustomSize) -> Value {
    let mut o = Map::new();
    o.insert("cpu".into(), json!(size.vcpus));
    o.insert("ramInGB".into(), json!(size.memory_gb));
    o.insert("diskInGB".into(), json!(size.disk_gb));
    if let Some(tb) = size.bandwidth_tb {
        // The schema says integer TB; whole numbers go as integers.
        let v = if tb.fract() == 0.0 && (0.0..1e9).contains(&tb) {
            json!(tb as u64)
        } else {
            json!(tb)
        };
        o.insert("bandwidthInTB".into(), v);
    }
    Value::Object(o)
}

/// `CreateInstanceRequestSchema` from a create request. Checked locally first so that obvious
/// mistakes get a clear message before any order is placed.
fn create_body(req: &CreateServerRequest) -> Result<(Value, Vec<String>)> {
    let first = req
        .hostname
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .unwrap_or(req.name.trim());
    if first.is_empty() {
        return Err(Error::invalid_field("name", "the server needs a hostname"));
    }
    let mut hostnames = vec![first.to_owned()];
    hostnames.extend(
        req.extra_hostnames
            .iter()
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty()),
    );
    if hostnames.len() > MAX_HOSTNAMES {
        return Err(Error::invalid_field(
            "extraHostnames",
            format!("Cloudzy creates at most {MAX_HOSTNAMES} servers per request"),
        ));
    }
    let region = required(
        req.region.as_deref(),
        "region",
        "Cloudzy needs a region to create a server",
    )?;
    if req.root_password.is_some() {
        return Err(Error::invalid_field(
            "rootPassword",
            "Cloudzy generates the root password; it cannot be chosen at creation",
        ));
    }
    if req.user_data.as_deref().is_some_and(|u| !u.is_empty()) {
        return Err(Error::invalid_field(
            "userData",
            "Cloudzy does not take cloud-init user data",
        ));
    }
    let mut body = Map::new();
    body.insert("hostnames".into(), json!(hostnames));
    body.insert("region".into(), json!(region));
    let plan = req.plan.as_deref().map(str::trim).filter(|p| !p.is_empty());
    match (plan, &req.custom_size) {
        (Some(_), Some(_)) => {
            return Err(Error::invalid_field(
                "customSize",
                "choose either a product (plan) or a custom size, not both",
            ))
        }
        (Some(p), None) => {
            body.insert("productId".into(), json!(p));
        }
        (None, Some(size)) => {
            body.insert("extraResource".into(), extra_resource(size));
        }
        (None, None) => {
            return Err(Error::invalid_field(
                "plan",
                "Cloudzy needs a product (fixed plan) or a custom size",
            ))
        }
    }
    let mut put = |key: &str, v: Option<&String>| {
        if let Some(v) = v.map(|s| s.trim()).filter(|s| !s.is_empty()) {
            body.insert(key.into(), json!(v));
        }
    };
    put("osId", req.image.as_ref());
    put("appId", req.application.as_ref());
    put("isoId", req.iso.as_ref());
    put("fromSnapshot", req.from_snapshot.as_ref());
    put("billingCycle", req.billing_cycle.as_ref());
    if !req.ssh_keys.is_empty() {
        let ids = req
            .ssh_keys
            .iter()
            .map(|k| {
                k.trim().parse::<i64>().map_err(|_| {
                    Error::invalid_field(
                        "sshKeys",
                        format!("'{k}' is not a Cloudzy SSH key id (an integer)"),
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?;
        body.insert("sshKeyIds".into(), json!(ids));
    }
    if let Some(v4) = req.ipv4 {
        body.insert("assignIpv4".into(), json!(v4));
    }
    if let Some(v6) = req.ipv6 {
        body.insert("assignIpv6".into(), json!(v6));
    }
    if let Some(n) = req.floating_ip_count {
        if n > MAX_FLOATING_IPS {
            return Err(Error::invalid_field(
                "floatingIpCount",
                format!("Cloudzy adds at most {MAX_FLOATING_IPS} floating IPs per server"),
            ));
        }
        body.insert("floatingIPCount".into(), json!(n));
    }
    // Provider-specific options (`class`, `isDdosProtected`, `featureIds`, `extraResource` extras of a
    // fixed plan, `isSubscriptionAutoRenewEnabled`, `osName`, `customerId`…) go as given, without
    // overriding what the unified fields set.
    for (k, v) in &req.options {
        body.entry(k.clone()).or_insert_with(|| v.clone());
    }
    Ok((Value::Object(body), hostnames))
}

impl Cloudzy {
    /// A server action (`POST /v1/instances/{id}/<action>`); the polled server list is stale after it.
    async fn instance_post(&self, id: &str, action: &str, body: Option<Value>) -> Result<Value> {
        let id = wire::path_id("instance", id)?;
        let mut req = Request::post(format!("/v1/instances/{id}/{action}"));
        // These answers carry the new root password: never quoted in an error.
        if matches!(action, "change-pass" | "change-os") {
            req = req.sensitive_answer();
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let answer = self.call(req).await;
        self.server_list.invalidate().await;
        answer
    }

    fn create_jobs(&self, data: &Value, hostnames: &[String]) -> Vec<JobSpec> {
        let mut created = parse::servers(&self.account, data);
        if created.is_empty() {
            created.extend(
                parse::single_item(data, &["instance"])
                    .filter(|o| o.get("id").is_some())
                    .and_then(|o| parse::server(&self.account, o)),
            );
        }
        let job = |tracking, target: Option<String>, name: &str| JobSpec {
            kind: JobKind::CreateServer,
            server_id: target.clone(),
            target,
            target_name: Some(name.to_owned()),
            tracking,
            timeout_secs: CREATE_TIMEOUT_SECS,
            description: format!("Create {name}"),
        };
        if !created.is_empty() {
            return created
                .iter()
                .map(|s| {
                    job(
                        poll(ResourceKind::Server, &s.id, Condition::Running),
                        Some(s.id.clone()),
                        s.hostname.as_deref().unwrap_or(&s.name),
                    )
                })
                .collect();
        }
        // No instance in the answer: find each ordered hostname in the list, then poll it.
        hostnames
            .iter()
            .map(|h| {
                job(
                    Tracking::FindNew {
                        resource: ResourceKind::Server,
                        matcher: NewResourceMatch {
                            hostname: Some(h.clone()),
                            ..Default::default()
                        },
                        until: Condition::Running,
                    },
                    None,
                    h,
                )
            })
            .collect()
    }

    async fn fetch_profile(&self) -> Result<AccountProfile> {
        let data = self.call(Request::get("/v1/profile")).await?;
        parse::single_item(&data, &["profile", "customer", "user"])
            .map(|o| parse::profile(&self.account, o))
            .ok_or_else(|| self.unexpected("GET /v1/profile", "no profile in the answer"))
    }

    fn upload_path(kind: UploadKind) -> &'static str {
        match kind {
            UploadKind::Iso => "/v1/iso",
            UploadKind::DiskImage => "/v1/images",
        }
    }
}

impl Identity for Cloudzy {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Cloudzy
    }
    fn account_name(&self) -> &str {
        &self.account
    }
}

#[async_trait]
impl ServerApi for Cloudzy {
    async fn list_servers(&self) -> Result<Vec<Server>> {
        self.list_instances(&InstanceQuery::default()).await
    }

    /// The provider filters by region, status, hostname, addresses, creation window and deletion;
    /// a unified status (`running`, `stopped`) is sent as Cloudzy's word, and the answer is checked
    /// locally too, so every provider filters alike.
    async fn list_servers_filtered(&self, f: &ServerFilter) -> Result<Vec<Server>> {
        let status = f
            .status
            .as_deref()
            .map(|s| match s.to_ascii_lowercase().as_str() {
                "running" => "active".to_owned(),
                "stopped" => "shutdown".to_owned(),
                _ => s.to_owned(),
            });
        let listed = self
            .list_instances(&InstanceQuery {
                created_from: f.created_from,
                created_to: f.created_to,
                hostname: f.hostname.clone(),
                status,
                region: f.region.clone(),
                ipv4: f.ipv4.clone(),
                ipv6: f.ipv6.clone(),
                include_deleted: f.include_deleted,
                ..Default::default()
            })
            .await?;
        Ok(listed.into_iter().filter(|s| filter_matches(f, s)).collect())
    }

    async fn get_server(&self, id: &str) -> Result<Server> {
        let id = wire::path_id("instance", id)?;
        let data = self.call(Request::get(format!("/v1/instances/{id}"))).await?;
        parse::single_item(&data, &["instance"])
            .and_then(|o| parse::server(&self.account, o))
            .ok_or_else(|| self.not_found(format!("instance {id} not found")))
    }

    async fn create_server(&self, req: &CreateServerRequest) -> Result<CreateOutcome> {
        let (body, hostnames) = create_body(req)?;
        let data = self
            .call(Request::post("/v1/instances").json(body).sensitive_answer())
            .await;
        self.server_list.invalidate().await;
        let jobs = self.create_jobs(&data?, &hostnames);
        Ok(CreateOutcome {
            message: Some(format!("ordered {}", hostnames.join(", "))),
            jobs,
            password: None,
        })
    }

    async fn delete_server(&self, id: &str) -> Result<ActionOutcome> {
        let id = wire::path_id("instance", id)?;
        let answer = self.call(Request::delete(format!("/v1/instances/{id}"))).await;
        self.server_list.invalidate().await;
        answer?;
        Ok(ActionOutcome::job(server_job(
            JobKind::DeleteServer,
            id,
            Condition::Gone,
            DELETE_TIMEOUT_SECS,
            format!("Delete instance {id}"),
        )))
    }

    async fn server_action(&self, id: &str, action: &ServerAction) -> Result<ActionOutcome> {
        let id = wire::path_id("instance", id)?;
        let kind = action.job_kind();
        let job = |until, timeout, description: String| {
            ActionOutcome::job(server_job(kind, id, until, timeout, description))
        };
        match action {
            ServerAction::Start => {
                self.instance_post(id, "poweron", None).await?;
                Ok(job(
                    Condition::Running,
                    POWER_TIMEOUT_SECS,
                    format!("Power on instance {id}"),
                ))
            }
            ServerAction::Stop => {
                self.instance_post(id, "poweroff", None).await?;
                Ok(job(
                    Condition::Stopped,
                    POWER_TIMEOUT_SECS,
                    format!("Power off instance {id}"),
                ))
            }
            ServerAction::Reboot => {
                self.instance_post(id, "reset", None).await?;
                Ok(job(
                    Condition::Running,
                    POWER_TIMEOUT_SECS,
                    format!("Reboot (reset) instance {id}"),
                ))
            }
            ServerAction::ResetPassword { password } => {
                if password.is_some() {
                    return Err(Error::invalid_field(
                        "password",
                        "Cloudzy generates the new root password; it cannot be chosen",
                    ));
                }
                let data = self.instance_post(id, "change-pass", None).await?;
                let password = data
                    .get("password")
                    .or_else(|| data.get("newPassword"))
                    .and_then(Value::as_str)
                    .filter(|p| !p.is_empty())
                    .map(|p| SecretString::from(p.to_owned()));
                Ok(ActionOutcome {
                    job: None,
                    message: Some(if password.is_some() {
                        format!("the root password of instance {id} was changed; it is shown once")
                    } else {
                        format!("the root password of instance {id} was changed")
                    }),
                    password,
                })
            }
            ServerAction::Reinstall { image } => {
                let os = required(
                    Some(image.as_str()),
                    "image",
                    "choose the operating system to install",
                )?;
                self.instance_post(id, "change-os", Some(json!({ "osId": os })))
                    .await?;
                Ok(job(
                    Condition::Running,
                    LONG_TIMEOUT_SECS,
                    format!("Change the OS of instance {id} to {os}"),
                ))
            }
            ServerAction::Resize { plan, custom_size } => {
                let plan = plan.as_deref().map(str::trim).filter(|p| !p.is_empty());
                let (body, what) = match (plan, custom_size) {
                    (Some(_), Some(_)) => {
                        return Err(Error::invalid_field(
                            "customSize",
                            "resize to either a product (plan) or a custom size, not both",
                        ))
                    }
                    (Some(p), None) => (
                        json!({"instanceId": id, "type": "FIXED", "productId": p}),
                        p.to_owned(),
                    ),
                    (None, Some(size)) => {
                        // CUSTOM needs the region; it is the instance's own.
                        let region = self.get_server(id).await?.region.ok_or_else(|| {
                            self.unexpected(
                                &format!("GET /v1/instances/{id}"),
                                "the instance names no region",
                            )
                        })?;
                        (
                            json!({"instanceId": id, "type": "CUSTOM", "regionId": region,
                                   "extraResource": extra_resource(size)}),
                            format!(
                                "{} vCPU / {} GB RAM / {} GB disk",
                                size.vcpus, size.memory_gb, size.disk_gb
                            ),
                        )
                    }
                    (None, None) => {
                        return Err(Error::invalid_field(
                            "plan",
                            "choose the product (plan) or the custom size to resize to",
                        ))
                    }
                };
                self.instance_post(id, "resize", Some(body)).await?;
                Ok(job(
                    Condition::Running,
                    LONG_TIMEOUT_SECS,
                    format!("Resize instance {id} to {what}"),
                ))
            }
            ServerAction::AddTraffic { amount_tb } => {
                if !(amount_tb.is_finite() && *amount_tb > 0.0) {
                    return Err(Error::invalid_field(
                        "amountTb",
                        "the traffic to add must be a positive number of TB",
                    ));
                }
                self.instance_post(id, "add-traffic", Some(json!({ "amount": amount_tb })))
                    .await?;
                Ok(ActionOutcome::done(format!(
                    "added {amount_tb} TB of traffic to instance {id}"
                )))
            }
            other => Err(self.unsupported(other.verb())),
        }
    }
}

#[async_trait]
impl CatalogApi for Cloudzy {
    async fn list_regions(&self) -> Result<Vec<Region>> {
        let data = self
            .call(Request::get("/v1/regions").query("per_page", "1000"))
            .await?;
        Ok(parse::list_items(&data, &["regions", "data"])
            .into_iter()
            .filter_map(|o| parse::region(&self.account, o))
            .collect())
    }

    /// Products are priced per region; without one, every available region is asked in turn.
    async fn list_plans(&self, region: Option<&str>) -> Result<Vec<Plan>> {
        let regions: Vec<String> = match region.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => vec![r.to_owned()],
            None => self
                .list_regions()
                .await?
                .into_iter()
                .filter(|r| r.available != Some(false))
                .map(|r| r.id)
                .collect(),
        };
        let mut plans = Vec::new();
        for r in regions {
            let data = self
                .call(Request::get("/v1/products").query("regionId", r.clone()))
                .await?;
            plans.extend(
                parse::list_items(&data, &["products", "data"])
                    .into_iter()
                    .filter_map(|o| parse::plan(&self.account, o, Some(&r))),
            );
        }
        Ok(plans)
    }

    /// The OS list is the same for every region.
    async fn list_images(&self, _region: Option<&str>) -> Result<Vec<Image>> {
        let data = self
            .call(Request::get("/v1/os").query("per_page", "1000"))
            .await?;
        Ok(parse::list_items(&data, &["os", "operatingSystems", "data"])
            .into_iter()
            .filter_map(|o| parse::os(&self.account, o))
            .collect())
    }

    async fn list_applications(&self) -> Result<Vec<Image>> {
        let data = self.call(Request::get("/v1/applications")).await?;
        Ok(parse::list_items(&data, &["applications", "apps", "data"])
            .into_iter()
            .filter_map(|o| parse::application(&self.account, o))
            .collect())
    }
}

#[async_trait]
impl SnapshotApi for Cloudzy {
    async fn list_snapshots(&self, server_id: Option<&str>) -> Result<Vec<Snapshot>> {
        self.list_snapshots_filtered(&SnapshotQuery {
            instance_id: server_id.map(str::to_owned),
            ..Default::default()
        })
        .await
    }

    async fn get_snapshot(&self, id: &str) -> Result<Snapshot> {
        let id = wire::path_id("snapshot", id)?;
        let data = self.call(Request::get(format!("/v1/snapshots/{id}"))).await?;
        parse::single_item(&data, &["snapshot"])
            .and_then(|o| parse::snapshot(&self.account, o))
            .ok_or_else(|| self.not_found(format!("snapshot {id} not found")))
    }

    /// Cloudzy names snapshots itself; a requested name is not sent.
    async fn create_snapshot(&self, server_id: &str, name: Option<&str>) -> Result<ActionOutcome> {
        let server_id = wire::path_id("instance", server_id)?;
        // The answer carries no id (docs/wire-decisions.md): remember what exists to find the new one.
        let known_ids: Vec<String> = self
            .list_snapshots(Some(server_id))
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
        let data = self
            .call(Request::post("/v1/snapshots").json(json!({ "instanceId": server_id })))
            .await;
        self.snapshot_list.invalidate().await;
        let data = data?;
        let created = parse::single_item(&data, &["snapshot"])
            .filter(|o| o.get("id").is_some())
            .and_then(|o| parse::snapshot(&self.account, o));
        let (tracking, target) = match created {
            Some(s) => (poll(ResourceKind::Snapshot, &s.id, Condition::Ready), Some(s.id)),
            None => (
                Tracking::FindNew {
                    resource: ResourceKind::Snapshot,
                    matcher: NewResourceMatch {
                        server_id: Some(server_id.to_owned()),
                        known_ids,
                        ..Default::default()
                    },
                    until: Condition::Ready,
                },
                None,
            ),
        };
        Ok(ActionOutcome {
            job: Some(JobSpec {
                kind: JobKind::SnapshotCreate,
                target,
                target_name: None,
                server_id: Some(server_id.to_owned()),
                tracking,
                timeout_secs: SNAPSHOT_TIMEOUT_SECS,
                description: format!("Snapshot instance {server_id}"),
            }),
            message: name
                .filter(|n| !n.trim().is_empty())
                .map(|_| "Cloudzy names snapshots itself; the requested name was not used".to_owned()),
            password: None,
        })
    }

    async fn delete_snapshot(&self, id: &str) -> Result<ActionOutcome> {
        let id = wire::path_id("snapshot", id)?;
        let answer = self.call(Request::delete(format!("/v1/snapshots/{id}"))).await;
        self.snapshot_list.invalidate().await;
        answer?;
        Ok(ActionOutcome::done(format!("snapshot {id} deleted")))
    }

    async fn restore_snapshot(&self, id: &str, server_id: Option<&str>) -> Result<ActionOutcome> {
        let id = wire::path_id("snapshot", id)?;
        let answer = self
            .call(Request::post(format!("/v1/snapshots/{id}/restore")))
            .await;
        self.snapshot_list.invalidate().await;
        self.server_list.invalidate().await;
        answer?;
        Ok(ActionOutcome::job(JobSpec {
            kind: JobKind::SnapshotRestore,
            target: Some(id.to_owned()),
            target_name: None,
            server_id: server_id.map(str::to_owned),
            tracking: poll(ResourceKind::Snapshot, id, Condition::Ready),
            timeout_secs: LONG_TIMEOUT_SECS,
            description: format!("Restore snapshot {id}"),
        }))
    }
}

#[async_trait]
impl BackupApi for Cloudzy {
    async fn list_backup_policies(&self) -> Result<Vec<BackupPolicy>> {
        self.list_backup_profiles(None).await
    }

    async fn get_backup_policy(&self, server_id: &str) -> Result<BackupPolicy> {
        let id = wire::path_id("instance", server_id)?;
        let data = self.call(Request::get(format!("/v1/backups/{id}"))).await?;
        parse::single_item(&data, &["backup", "backupProfile", "profile"])
            .and_then(|o| parse::backup_policy(&self.account, o))
            .ok_or_else(|| self.not_found(format!("instance {id} has no backup profile")))
    }

    async fn set_backup_policy(&self, req: &BackupPolicyRequest, replace: bool) -> Result<ActionOutcome> {
        let id = wire::path_id("instance", &req.server_id)?;
        let frequency = required(
            Some(req.frequency.as_str()),
            "frequency",
            "choose how often to back up",
        )?;
        let body = json!({
            "instanceId": id,
            "scheduleFrequency": frequency,
            "periodId": req.retention_id,
            "scheduleWeekDays": req.weekdays,
        });
        let request = if replace {
            Request::put("/v1/backups")
        } else {
            Request::post("/v1/backups")
        };
        self.call(request.json(body)).await?;
        Ok(ActionOutcome::done(format!(
            "backup profile of instance {id} {}",
            if replace { "updated" } else { "created" }
        )))
    }

    async fn delete_backup_policy(&self, server_id: &str) -> Result<ActionOutcome> {
        let id = wire::path_id("instance", server_id)?;
        self.call(Request::delete(format!("/v1/backups/{id}"))).await?;
        Ok(ActionOutcome::done(format!(
            "backup profile of instance {id} deleted"
        )))
    }
}

#[async_trait]
impl SshKeyApi for Cloudzy {
    async fn list_ssh_keys(&self) -> Result<Vec<SshKey>> {
        let data = self
            .call_as_customer(|customer| Request::get("/v1/ssh-keys").query_opt("customerId", customer))
            .await?;
        Ok(parse::list_items(&data, &["sshKeys", "ssh_keys", "keys", "data"])
            .into_iter()
            .filter_map(|o| parse::ssh_key(&self.account, o))
            .collect())
    }

    async fn get_ssh_key(&self, id: &str) -> Result<SshKey> {
        let id = wire::path_id("SSH key", id)?;
        let data = self
            .call_as_customer(|customer| {
                Request::get(format!("/v1/ssh-keys/{id}")).query_opt("customerId", customer)
            })
            .await?;
        parse::single_item(&data, &["sshKey", "ssh_key", "key"])
            .and_then(|o| parse::ssh_key(&self.account, o))
            .ok_or_else(|| self.not_found(format!("SSH key {id} not found")))
    }

    async fn create_ssh_key(&self, name: &str, public_key: Option<&str>) -> Result<CreatedSshKey> {
        let name = required(Some(name), "name", "the key needs a name")?;
        let public_key = required(
            public_key,
            "publicKey",
            "Cloudzy cannot generate keys: paste a public key",
        )?;
        let data = self
            .call_as_customer(|customer| {
                let mut body = json!({"name": name, "publicKey": public_key});
                if let Some(c) = customer {
                    body["customerId"] = json!(c);
                }
                Request::post("/v1/ssh-keys").json(body)
            })
            .await?;
        let key = match parse::single_item(&data, &["sshKey", "ssh_key", "key"])
            .and_then(|o| parse::ssh_key(&self.account, o))
        {
            Some(k) => k,
            // The answer did not carry the key: find it in the list by its public key.
            None => self
                .list_ssh_keys()
                .await?
                .into_iter()
                .find(|k| k.public_key.trim() == public_key)
                .ok_or_else(|| self.unexpected("POST /v1/ssh-keys", "the new key is not in the list"))?,
        };
        Ok(CreatedSshKey {
            key,
            private_key: None,
        })
    }

    async fn delete_ssh_key(&self, id: &str) -> Result<()> {
        let id = wire::path_id("SSH key", id)?;
        self.call_as_customer(|customer| {
            Request::delete(format!("/v1/ssh-keys/{id}")).query_opt("customerId", customer)
        })
        .await
        .map(drop)
    }
}

#[async_trait]
impl FloatingIpApi for Cloudzy {
    /// All pages; the filters are snake_case on this endpoint (quirk 1).
    async fn list_floating_ips(&self, f: &FloatingIpFilter) -> Result<Vec<FloatingIp>> {
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(a) = f.address.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            query.push(("address", a.to_owned()));
        }
        if let Some(r) = f.region.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            query.push(("region_id", r.to_owned()));
        }
        if f.include_released {
            query.push(("include_deleted", "true".into()));
        }
        let account = self.account.clone();
        self.numbered(
            "/v1/floating-ips",
            &query,
            &["floatingIps", "floating_ips", "ips", "data"],
            |o| parse::floating_ip(&account, o),
        )
        .await
    }

    async fn allocate_floating_ips(&self, region: &str, count: u32) -> Result<ActionOutcome> {
        let region = required(Some(region), "region", "choose the region of the floating IPs")?;
        if count == 0 {
            return Err(Error::invalid_field("count", "allocate at least one floating IP"));
        }
        let data = self
            .call(Request::post("/v1/floating-ips").json(json!({"regionId": region, "count": count})))
            .await?;
        let addresses: Vec<String> = parse::list_items(&data, &["floatingIps", "floating_ips", "ips"])
            .into_iter()
            .filter_map(|o| parse::floating_ip(&self.account, o))
            .map(|ip| ip.address)
            .filter(|a| !a.is_empty())
            .collect();
        Ok(ActionOutcome::done(if addresses.is_empty() {
            format!("{count} floating IP(s) allocated in {region}")
        } else {
            format!("floating IP(s) allocated in {region}: {}", addresses.join(", "))
        }))
    }

    async fn update_floating_ip(&self, id: &str, auto_renew: Option<bool>, note: Option<&str>) -> Result<()> {
        let id = wire::path_id("floating IP", id)?;
        let mut body = Map::new();
        if let Some(a) = auto_renew {
            body.insert("autoRenew".into(), json!(a));
        }
        if let Some(n) = note {
            body.insert("customerNote".into(), json!(n));
        }
        if body.is_empty() {
            return Err(Error::invalid_input(
                "nothing to update: give auto-renew or a note",
            ));
        }
        self.call(Request::patch(format!("/v1/floating-ips/{id}")).json(Value::Object(body)))
            .await
            .map(drop)
    }

    async fn release_floating_ip(&self, id: &str) -> Result<ActionOutcome> {
        let id = wire::path_id("floating IP", id)?;
        self.call(Request::post(format!("/v1/floating-ips/{id}/release")))
            .await?;
        Ok(ActionOutcome::done(format!("floating IP {id} released")))
    }
}

#[async_trait]
impl UploadApi for Cloudzy {
    async fn list_uploads(&self, kind: UploadKind) -> Result<Vec<UploadedImage>> {
        self.list_uploads_filtered(kind, None).await
    }

    async fn get_upload(&self, kind: UploadKind, id: &str) -> Result<UploadedImage> {
        let id = wire::path_id("upload", id)?;
        let data = self
            .call(Request::get(format!("{}/{id}", Self::upload_path(kind))))
            .await?;
        parse::single_item(&data, &["iso", "image"])
            .and_then(|o| parse::upload(&self.account, kind, o))
            .ok_or_else(|| self.not_found(format!("{} {id} not found", upload_noun(kind))))
    }

    async fn download_upload(&self, req: &UploadRequest) -> Result<ActionOutcome> {
        let name = required(Some(req.name.as_str()), "name", "give the file a name")?;
        let url = required(Some(req.url.as_str()), "url", "give the URL to download from")?;
        let region = required(
            req.region.as_deref(),
            "region",
            "choose the region to store it in",
        )?;
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(Error::invalid_field(
                "url",
                format!("'{url}' is not an http(s) URL"),
            ));
        }
        let mut body = Map::new();
        body.insert("name".into(), json!(name));
        body.insert("url".into(), json!(url));
        body.insert("regionId".into(), json!(region));
        match req.kind {
            UploadKind::Iso => {
                body.insert("useVirtio".into(), json!(req.use_virtio.unwrap_or(true)));
            }
            UploadKind::DiskImage => {
                for (k, v) in [("format", &req.format), ("decompress", &req.decompress)] {
                    if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                        body.insert(k.into(), json!(v));
                    }
                }
            }
        }
        let known_ids: Vec<String> = self
            .list_uploads(req.kind)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
        let data = self
            .call(Request::post(Self::upload_path(req.kind)).json(Value::Object(body)))
            .await;
        match req.kind {
            UploadKind::Iso => self.iso_list.invalidate().await,
            UploadKind::DiskImage => self.image_list.invalidate().await,
        }
        let data = data?;
        let resource = match req.kind {
            UploadKind::Iso => ResourceKind::Iso,
            UploadKind::DiskImage => ResourceKind::CustomImage,
        };
        let created = parse::single_item(&data, &["iso", "image"])
            .filter(|o| o.get("id").is_some())
            .and_then(|o| parse::upload(&self.account, req.kind, o));
        let (tracking, target) = match created {
            Some(u) => (poll(resource, &u.id, Condition::Ready), Some(u.id)),
            None => (
                Tracking::FindNew {
                    resource,
                    matcher: NewResourceMatch {
                        label: Some(name.to_owned()),
                        known_ids,
                        ..Default::default()
                    },
                    until: Condition::Ready,
                },
                None,
            ),
        };
        Ok(ActionOutcome::job(JobSpec {
            kind: match req.kind {
                UploadKind::Iso => JobKind::IsoDownload,
                UploadKind::DiskImage => JobKind::ImageDownload,
            },
            target,
            target_name: Some(name.to_owned()),
            server_id: None,
            tracking,
            timeout_secs: DOWNLOAD_TIMEOUT_SECS,
            description: format!("Download {} {name}", upload_noun(req.kind)),
        }))
    }

    async fn delete_upload(&self, kind: UploadKind, id: &str) -> Result<ActionOutcome> {
        let id = wire::path_id("upload", id)?;
        let answer = self
            .call(Request::delete(format!("{}/{id}", Self::upload_path(kind))))
            .await;
        match kind {
            UploadKind::Iso => self.iso_list.invalidate().await,
            UploadKind::DiskImage => self.image_list.invalidate().await,
        }
        answer?;
        Ok(ActionOutcome::done(format!("{} {id} deleted", upload_noun(kind))))
    }
}

pub(crate) fn upload_noun(kind: UploadKind) -> &'static str {
    match kind {
        UploadKind::Iso => "ISO",
        UploadKind::DiskImage => "image",
    }
}

#[async_trait]
impl BillingApi for Cloudzy {
    async fn profile(&self) -> Result<AccountProfile> {
        self.fetch_profile().await
    }
}

#[async_trait]
impl Provider for Cloudzy {
    fn capabilities(&self) -> Capabilities {
        crate::capabilities()
    }

    /// The profile; where a token cannot read it (404), any authenticated read proves the token.
    async fn check(&self) -> Result<AccountProfile> {
        match self.fetch_profile().await {
            Err(Error::NotFound { .. }) => {
                self.call(Request::get("/v1/ssh-keys")).await?;
                Ok(AccountProfile {
                    account: self.account.clone(),
                    provider: ProviderKind::Cloudzy,
                    name: None,
                    email: None,
                    company: None,
                    balance: None,
                    verified: None,
                    registered_at: None,
                    last_login_at: None,
                    extra: Default::default(),
                    raw: Value::Null,
                })
            }
            other => other,
        }
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
    fn backups(&self) -> Option<&dyn BackupApi> {
        Some(self)
    }
    fn ssh_keys(&self) -> Option<&dyn SshKeyApi> {
        Some(self)
    }
    fn floating_ips(&self) -> Option<&dyn FloatingIpApi> {
        Some(self)
    }
    fn uploads(&self) -> Option<&dyn UploadApi> {
        Some(self)
    }
    fn billing(&self) -> Option<&dyn BillingApi> {
        Some(self)
    }
    fn rate_status(&self) -> Option<fleetdeck_core::http::RateStatus> {
        Some(self.http.rate_status())
    }
}
