//! The Cloudzy simulator's state: a shared catalog (regions, products, OS, applications) and one
//! [`Account`] per customer token holding that customer's resources.
//!
//! Long actions complete lazily: a resource in a transitional status carries a [`Pending`] and
//! [`Account::settle`] moves it to its final status once `action_delay` has passed since `started`.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// A transition in progress: the status it ends in and, when the action was set up to fail, the
/// status it ends in instead.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Pending {
    /// Status once the action succeeded.
    pub then: String,
    /// Status once the action failed (`None` = it succeeds).
    pub fail_to: Option<String>,
    /// When the action began; a restored state restarts the clock (an `Instant` cannot be saved).
    #[serde(skip, default = "Instant::now")]
    pub started: Instant,
}

impl Pending {
    pub fn new(then: &str, fails: bool, fail_to: &str) -> Self {
        Pending {
            then: then.to_string(),
            fail_to: fails.then(|| fail_to.to_string()),
            started: Instant::now(),
        }
    }

    /// The final status if the action is over at `now`.
    fn outcome(&self, now: Instant, delay: Duration) -> Option<&str> {
        (now >= self.started + delay).then(|| self.fail_to.as_deref().unwrap_or(&self.then))
    }
}

/// Whether a name asks the simulator to make its action fail (the sandbox contract's failure switch).
pub(crate) fn wants_failure(name: &str) -> bool {
    name.to_ascii_lowercase().contains("fail")
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct ExtraResource {
    pub cpu: Option<i64>,
    pub ram_in_gb: Option<i64>,
    pub disk_in_gb: Option<i64>,
    pub bandwidth_in_tb: Option<i64>,
}

impl ExtraResource {
    pub fn to_json(&self) -> Value {
        json!({
            "cpu": self.cpu,
            "ramInGB": self.ram_in_gb,
            "diskInGB": self.disk_in_gb,
            "bandwidthInTB": self.bandwidth_in_tb,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Instance {
    pub id: String,
    pub hostname: String,
    pub vcpu: i64,
    /// Memory in MB (docs/wire-decisions.md).
    pub ram_mb: i64,
    pub disk_gb: i64,
    pub inserted_at: DateTime<Utc>,
    pub os_id: Option<String>,
    pub iso_id: Option<String>,
    pub from_image: Option<String>,
    pub app_id: Option<String>,
    pub region: String,
    pub user_id: String,
    pub status: String,
    pub main_ip: Option<String>,
    pub main_ipv6: Option<String>,
    pub product_id: Option<String>,
    pub class: String,
    pub extra: ExtraResource,
    pub ddos: bool,
    pub customer_note: Option<String>,
    pub features: Vec<String>,
    /// Physical host name (the `host` filter).
    pub host: String,
    pub discount_percent: i64,
    pub billing_cycle: String,
    /// Running cost, for the balance checks.
    pub monthly_price: f64,
    pub deleted: bool,
    /// Creation order; the bookmark cursor points into it.
    pub seq: u64,
    pub pending: Option<Pending>,
}

impl Instance {
    /// True while an action runs on the instance (it refuses new ones).
    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    pub fn to_json(&self, catalog: &Catalog) -> Value {
        let os = self
            .os_id
            .as_deref()
            .and_then(|id| catalog.os.iter().find(|o| o.id == id))
            .map(Os::to_json);
        // The address is not assigned until the machine has been built.
        let provisioning = self.status == "initializing";
        json!({
            "id": self.id,
            "hostname": self.hostname,
            "vcpuCount": self.vcpu,
            "ram": self.ram_mb,
            "disk": self.disk_gb,
            "insertedAt": self.inserted_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "osId": self.os_id,
            "isoId": self.iso_id,
            "fromImage": self.from_image,
            "os": os,
            "region": self.region,
            "userId": self.user_id,
            "appId": self.app_id,
            "status": self.status,
            "mainIp": if provisioning { None } else { self.main_ip.clone() },
            "mainIpv6": if provisioning { None } else { self.main_ipv6.clone() },
            "productId": self.product_id,
            "networkStatus": if provisioning { "pending" } else { "active" },
            "discountPercent": self.discount_percent,
            "attachIso": self.iso_id.is_some(),
            "extraResource": self.extra.to_json(),
            "class": self.class,
            "ocaData": self.app_id.as_ref().map(|_| json!({"installed": !provisioning})),
            "isDdosProtected": self.ddos,
            "customerNote": self.customer_note,
            "adminNote": Value::Null,
            "features": self.features,
        })
    }

    /// The `metadata` copy of instance data carried by snapshots and backup profiles.
    pub fn metadata(&self) -> Value {
        json!({
            "hostname": self.hostname,
            "vcpuCount": self.vcpu,
            "ram": self.ram_mb,
            "disk": self.disk_gb,
            "osId": self.os_id,
            "region": self.region,
            "productId": self.product_id,
            "mainIp": self.main_ip,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SshKey {
    pub id: i64,
    pub name: String,
    pub public_key: String,
    pub customer_id: String,
}

impl SshKey {
    pub fn to_json(&self) -> Value {
        json!({"id": self.id, "name": self.name, "publicKey": self.public_key, "customerId": self.customer_id})
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FloatingIp {
    pub id: String,
    pub address: String,
    pub region_id: String,
    pub instance_id: Option<String>,
    pub auto_renew: bool,
    pub customer_note: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub released: bool,
}

impl FloatingIp {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "ipAddress": self.address,
            "regionId": self.region_id,
            "instanceId": self.instance_id,
            "autoRenew": self.auto_renew,
            "customerNote": self.customer_note,
            "createdAt": self.created_at,
            "expiresAt": self.expires_at,
            "isDeleted": self.released,
        })
    }
}

/// A custom ISO or disk image downloaded from a URL (`DOWNLOADING` → `READY` | `FAILED`, `DELETED`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Artifact {
    pub id: String,
    pub name: String,
    pub url: String,
    pub region_id: String,
    pub status: String,
    /// ISO only.
    pub use_virtio: Option<bool>,
    /// Image only.
    pub format: Option<String>,
    pub decompress: Option<String>,
    pub size_mb: i64,
    pub created_at: i64,
    pub pending: Option<Pending>,
}

impl Artifact {
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "id": self.id,
            "name": self.name,
            "url": self.url,
            "regionId": self.region_id,
            "status": self.status,
            "size": if self.status == "READY" { Some(self.size_mb) } else { None },
            "createdAt": self.created_at,
        });
        if let Some(obj) = v.as_object_mut() {
            if let Some(virtio) = self.use_virtio {
                obj.insert("useVirtio".into(), json!(virtio));
            }
            if self.format.is_some() || self.decompress.is_some() {
                obj.insert("format".into(), json!(self.format));
                obj.insert("decompress".into(), json!(self.decompress));
            }
        }
        v
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    pub id: String,
    pub name: String,
    pub size_gb: i64,
    pub status: String,
    pub last_restored_at: Option<i64>,
    pub created_at: i64,
    pub instance_deleted: bool,
    pub product_id: Option<String>,
    pub instance_id: String,
    pub user_id: String,
    pub region_id: String,
    pub metadata: Value,
    pub automated: bool,
    pub pending: Option<Pending>,
}

impl Snapshot {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "size": self.size_gb,
            "status": self.status,
            "lastRestoredAt": self.last_restored_at,
            "createdAt": self.created_at,
            "isInstanceDeleted": self.instance_deleted,
            "productId": self.product_id,
            "instanceId": self.instance_id,
            "userId": self.user_id,
            "regionId": self.region_id,
            "metadata": self.metadata,
            "isAutomatedBackup": self.automated,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct BackupProfile {
    pub instance_id: String,
    pub status: String,
    pub monthly_price: f64,
    pub fee_percentage: i64,
    pub schedule_frequency: String,
    pub schedule_week_days: Vec<String>,
    pub period_id: i64,
    pub last_successful_backup_time: Option<i64>,
    pub created_at: i64,
    pub pending: Option<Pending>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Region {
    pub id: String,
    pub name: String,
    pub abbr: String,
    pub active: bool,
    pub out_of_stock: bool,
    pub premium: bool,
    pub ipv6: bool,
    pub custom_plans: bool,
    pub gpu: bool,
    pub ram_threshold_gb: i64,
    pub disk_threshold_gb: i64,
    /// First octets of the addresses handed out here.
    pub ip_prefix: String,
    pub position: i64,
}

impl Region {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "abbr": self.abbr,
            "image": format!("https://cdn.cloudzy.com/flags/{}.svg", self.abbr.to_ascii_lowercase()),
            "isActive": self.active,
            "isOutOfStock": self.out_of_stock,
            "overallActiveness": self.active && !self.out_of_stock,
            "ddosActiveness": true,
            "isPremium": self.premium,
            "isHidden": false,
            "hasOffsetPrice": false,
            "maxDiscountPercent": 20,
            "position": {"order": self.position},
            "config": {
                "supportIpv6": self.ipv6,
                "supportRegularCpu": true,
                "supportHighFrequencyCpu": self.premium,
                "supportMonitoring": true,
                "supportGpu": self.gpu,
                "supportCustomPlan": self.custom_plans,
                "ramThresholdInGB": self.ram_threshold_gb,
                "ipThreshold": 5,
                "diskThresholdInGB": self.disk_threshold_gb,
                "supportDdosIpv4": true,
                "ddosIpv4Threshold": 2,
            },
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Product {
    pub id: String,
    pub region_id: String,
    pub plan_id: String,
    pub name: String,
    pub cpu: i64,
    pub ram_gb: i64,
    pub disk_gb: i64,
    pub bandwidth_tb: i64,
    pub monthly: f64,
    pub stock: i64,
    pub class: String,
}

impl Product {
    pub fn to_json(&self) -> Value {
        let hourly = super::wire::round2(self.monthly / 730.0 * 1000.0) / 1000.0;
        json!({
            "id": self.id,
            "regionId": self.region_id,
            "planId": self.plan_id,
            "isActive": true,
            "overallActiveness": self.stock > 0,
            "ddosActiveness": true,
            "networkMaxRate": 1000,
            "networkMaxRate95": 300,
            "discountPercent": 0,
            "remainingActualStock": self.stock,
            "remainingPreorderCapacity": 0,
            "tags": [],
            "instanceClass": self.class,
            "plan": {
                "id": self.plan_id,
                "name": self.name,
                "description": format!("{} vCPU, {} GB RAM, {} GB NVMe", self.cpu, self.ram_gb, self.disk_gb),
                "type": "FIXED",
                "gpuName": Value::Null,
                "gpuQuantity": 0,
                "isActive": true,
                "specification": {
                    "cpu": self.cpu,
                    "ram": self.ram_gb,
                    "ramInMB": self.ram_gb * 1024,
                    "storage": self.disk_gb,
                    "bandwidthInTB": self.bandwidth_tb,
                },
            },
            "priceItems": [{
                "id": format!("{}-base", self.plan_id),
                "name": "Base plan",
                "hourlyPrice": hourly,
                "monthlyPrice": self.monthly,
                "hourlyPriceWithoutDiscount": hourly,
                "monthlyPriceWithoutDiscount": self.monthly,
                "discountPercent": 0,
            }],
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Os {
    pub id: String,
    pub name: String,
    pub family: String,
    pub min_ram: String,
    pub default: bool,
    pub active: bool,
}

impl Os {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "family": self.family,
            "arch": "x86_64",
            "minRam": self.min_ram,
            "isDefault": self.default,
            "isActive": self.active,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Application {
    pub id: String,
    pub name: String,
    pub tag: String,
    pub description: String,
    pub os_family: String,
    pub os_list: Vec<String>,
    pub price: f64,
}

impl Application {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "price": self.price,
            "pricingType": if self.price > 0.0 { "monthly" } else { "free" },
            "isActive": true,
            "logoUrl": format!("https://cdn.cloudzy.com/apps/{}.svg", self.name.to_ascii_lowercase().replace(' ', "-")),
            "tag": self.tag,
            "isExperimental": false,
            "description": self.description,
            "osFamily": self.os_family,
            "osList": self.os_list,
        })
    }
}

/// What every customer sees alike.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Catalog {
    pub regions: Vec<Region>,
    pub products: Vec<Product>,
    pub os: Vec<Os>,
    pub applications: Vec<Application>,
}

/// One customer (one API token) and everything it owns.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Account {
    pub label: String,
    pub token: String,
    pub customer_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub balance: f64,
    pub instances: Vec<Instance>,
    pub ssh_keys: Vec<SshKey>,
    pub floating_ips: Vec<FloatingIp>,
    pub isos: Vec<Artifact>,
    pub images: Vec<Artifact>,
    pub snapshots: Vec<Snapshot>,
    pub backups: Vec<BackupProfile>,
}

impl Account {
    /// Completes every action whose time is up. `new_id` mints ids for backup files.
    pub fn settle(&mut self, now: Instant, delay: Duration, new_id: &mut dyn FnMut() -> String) {
        for inst in &mut self.instances {
            if let Some(status) = inst.pending.as_ref().and_then(|p| p.outcome(now, delay)) {
                inst.status = status.to_string();
                inst.pending = None;
            }
        }
        for snap in &mut self.snapshots {
            if let Some(status) = snap.pending.as_ref().and_then(|p| p.outcome(now, delay)) {
                snap.status = status.to_string();
                snap.pending = None;
            }
        }
        for art in self.isos.iter_mut().chain(self.images.iter_mut()) {
            if let Some(status) = art.pending.as_ref().and_then(|p| p.outcome(now, delay)) {
                art.status = status.to_string();
                art.pending = None;
            }
        }
        let epoch = Utc::now().timestamp();
        for profile in &mut self.backups {
            let Some(status) = profile
                .pending
                .as_ref()
                .and_then(|p| p.outcome(now, delay))
                .map(str::to_string)
            else {
                continue;
            };
            profile.status = status;
            profile.pending = None;
            if profile.status != "active" {
                continue;
            }
            // An activated profile takes its first backup right away.
            if let Some(inst) = self.instances.iter().find(|i| i.id == profile.instance_id) {
                profile.last_successful_backup_time = Some(epoch);
                self.snapshots.push(Snapshot {
                    id: new_id(),
                    name: format!("{}-auto-{}", inst.hostname, epoch),
                    size_gb: (inst.disk_gb / 3).max(1),
                    status: "ACTIVE".into(),
                    last_restored_at: None,
                    created_at: epoch,
                    instance_deleted: false,
                    product_id: inst.product_id.clone(),
                    instance_id: inst.id.clone(),
                    user_id: inst.user_id.clone(),
                    region_id: inst.region.clone(),
                    metadata: inst.metadata(),
                    automated: true,
                    pending: None,
                });
            }
        }
    }

    pub fn live_instances(&self) -> impl Iterator<Item = &Instance> {
        self.instances.iter().filter(|i| !i.deleted)
    }

    pub fn instance(&self, id: &str) -> Option<&Instance> {
        self.live_instances().find(|i| i.id == id)
    }

    pub fn instance_mut(&mut self, id: &str) -> Option<&mut Instance> {
        self.instances.iter_mut().find(|i| i.id == id && !i.deleted)
    }

    pub fn backup_json(&self, p: &BackupProfile) -> Value {
        let files: Vec<Value> = self
            .snapshots
            .iter()
            .filter(|s| s.automated && s.instance_id == p.instance_id)
            .map(Snapshot::to_json)
            .collect();
        json!({
            "instanceId": p.instance_id,
            "instanceData": self.instance(&p.instance_id).map(Instance::metadata),
            "status": p.status,
            "monthlyPrice": p.monthly_price,
            "feePercentage": p.fee_percentage,
            "scheduleFrequency": p.schedule_frequency,
            "scheduleWeekDays": p.schedule_week_days,
            "maxFiles": p.period_id.max(1),
            "periodId": p.period_id,
            "lastSuccessfulBackupTime": p.last_successful_backup_time,
            "backupFiles": files,
            "createdAt": p.created_at,
        })
    }
}
