//! The Cloude.ro world: accounts with servers, snapshots, keys, tags, events and billing, plus the
//! public catalog; and how each object looks on the wire (docs/wire-decisions.md, Cloude.ro reference, wire
//! decisions).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use chrono::{DateTime, Duration as ChronoDuration, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::persist::instant_ms;

/// Everything one Cloude.ro simulator holds. Serialisable as a whole for persistence.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct World {
    pub accounts: Vec<Account>,
    /// Ids are global, as on a real panel (server ids are "subscription" ids).
    pub next_server: u64,
    pub next_snapshot: u64,
    pub next_event: u64,
    /// Bumped by "token expiry now": tokens of an older generation are refused.
    pub session_generation: u64,
    /// HMAC key of the simulated JWTs.
    pub signing_key: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Account {
    pub id: u64,
    pub label: String,
    pub name: String,
    pub email: String,
    pub password: String,
    pub balance: f64,
    pub register_date: DateTime<Utc>,
    pub last_login_date: Option<DateTime<Utc>>,
    pub servers: BTreeMap<u64, Server>,
    pub snapshots: BTreeMap<u64, Snapshot>,
    pub keys: Vec<Key>,
    /// Tag → when it was first used (seeded tags have none, as in the documentation's example).
    pub tags: BTreeMap<String, Option<DateTime<Utc>>>,
    pub events: BTreeMap<u64, Event>,
    pub invoices: Vec<Value>,
    pub transactions: Vec<Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Server {
    pub id: u64,
    pub name: String,
    pub hostname: String,
    pub cpu: u32,
    /// GB.
    pub memory: u32,
    /// GB.
    pub disk: u32,
    /// TB.
    pub bandwidth: u32,
    /// Capitalised, as the panel sends it: Running, Stopped, Starting, Stopping, …
    pub state: String,
    pub region: String,
    pub image: String,
    pub package: String,
    pub ipv4: String,
    pub created_at: DateTime<Utc>,
    pub tags: BTreeSet<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    pub id: u64,
    pub name: String,
    pub server_id: u64,
    pub region: String,
    /// GB.
    pub size: u32,
    /// Active | Pending | Restoring | Failed.
    pub state: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Key {
    pub name: String,
    pub public_key: String,
    pub fingerprint: String,
}

/// What an event does to the world when it completes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum Effect {
    Create,
    Start,
    Stop,
    Reboot,
    Destroy,
    Password,
    Reinstall { image: String },
    Upgrade { package: String },
    Restore { snapshot: u64 },
    Snapshot { snapshot: u64 },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Event {
    pub id: u64,
    /// VM.CREATE, VM.START, …
    pub event: String,
    pub server_id: u64,
    pub created_at: DateTime<Utc>,
    #[serde(with = "instant_ms")]
    pub started: Instant,
    pub delay_ms: u64,
    /// Set when the action was configured to fail ("fail" in a name).
    pub fail: bool,
    /// 0 running, 1 success, -1 error.
    pub status: i8,
    pub completed_at: Option<DateTime<Utc>>,
    /// The server state to go back to when the action fails.
    pub prev_state: String,
    pub effect: Effect,
}

pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Server {
    /// The wire object (quirks: `v6: ""`, stopped servers report `disk: "0"`, capitalised state).
    pub fn wire(&self, active_events: &[u64]) -> Value {
        let disk = if self.state == "Stopped" {
            json!("0")
        } else {
            json!(self.disk)
        };
        let networks = if self.ipv4.is_empty() {
            json!({"v4": "", "v6": ""})
        } else {
            json!({
                "v4": {"ip": self.ipv4, "netmask": "255.255.255.192", "gateway": gateway(&self.ipv4)},
                "v6": ""
            })
        };
        json!({
            "id": self.id,
            "name": self.name,
            "hostname": self.hostname,
            "cpu": self.cpu,
            "memory": self.memory,
            "disk": disk,
            "bandwidth": self.bandwidth,
            "state": self.state,
            "region": self.region,
            "image": self.image,
            "package": self.package,
            "networks": networks,
            "created_at": ts(self.created_at),
            "active_events": active_events,
            // No `tags`: the reference's server objects carry none (docs/wire-decisions.md, Cloude.ro
            // reference); a server's tags are kept here only to count them in `/v1/tags/list`.
        })
    }
}

/// The `.65` of the /26 an address is in, as in the documentation's example.
fn gateway(ip: &str) -> String {
    let mut parts: Vec<String> = ip.split('.').map(str::to_owned).collect();
    if let Some(last) = parts.last_mut() {
        let n: u32 = last.parse().unwrap_or(1);
        *last = ((n / 64) * 64 + 1).to_string();
    }
    parts.join(".")
}

impl Snapshot {
    pub fn wire(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "subscription_id": self.server_id,
            "size": self.size,
            "state": self.state,
            "region": self.region,
            "created_at": ts(self.created_at),
        })
    }
}

impl Event {
    pub fn wire(&self) -> Value {
        let mut v = json!({
            "id": self.id,
            "event": self.event,
            "status": self.status,
            "subscription_id": self.server_id,
            "created_at": ts(self.created_at),
            "completed_at": self.completed_at.map(ts).unwrap_or_default(),
        });
        if let Effect::Snapshot { snapshot } = &self.effect {
            v["snapshot_id"] = json!(snapshot);
        }
        if self.status == -1 {
            v["message"] = json!(format!(
                "{} could not be completed on the hypervisor (sandbox: the name contains \"fail\")",
                self.event
            ));
        }
        v
    }

    /// When it completes, by the wall clock.
    pub fn due_at(&self) -> DateTime<Utc> {
        self.created_at + ChronoDuration::milliseconds(i64::try_from(self.delay_ms).unwrap_or(i64::MAX / 2))
    }
}

/// A region of the public catalog.
pub(crate) struct RegionDef {
    pub slug: &'static str,
    pub name: &'static str,
    pub country: &'static str,
    pub available: bool,
    /// Used in server names: web-fra-01.
    pub site: &'static str,
    /// First two octets of its addresses.
    pub net: &'static str,
}

pub(crate) const REGIONS: &[RegionDef] = &[
    RegionDef {
        slug: "ist1",
        name: "Ist-01",
        country: "TR",
        available: false,
        site: "ist",
        net: "185.122",
    },
    RegionDef {
        slug: "ist2",
        name: "Ist-02",
        country: "TR",
        available: true,
        site: "ist",
        net: "185.123",
    },
    RegionDef {
        slug: "izml",
        name: "Izmir-01",
        country: "TR",
        available: true,
        site: "izm",
        net: "93.187",
    },
    RegionDef {
        slug: "buh1",
        name: "Bucharest-01",
        country: "RO",
        available: true,
        site: "buh",
        net: "89.45",
    },
    RegionDef {
        slug: "fra1",
        name: "Frankfurt-01",
        country: "DE",
        available: true,
        site: "fra",
        net: "157.90",
    },
];

pub(crate) struct PackageDef {
    pub slug: &'static str,
    pub cpu: u32,
    pub ram: u32,
    pub disk: u32,
    pub bandwidth: u32,
    pub hourly: &'static str,
    pub monthly: &'static str,
    pub regions: &'static [&'static str],
}

const ALL_REGIONS: &[&str] = &["ist1", "ist2", "izml", "buh1", "fra1"];

pub(crate) const PACKAGES: &[PackageDef] = &[
    PackageDef {
        slug: "eos1",
        cpu: 1,
        ram: 1,
        disk: 20,
        bandwidth: 1,
        hourly: "0.0074",
        monthly: "5.0000",
        regions: ALL_REGIONS,
    },
    PackageDef {
        slug: "eos2",
        cpu: 1,
        ram: 1,
        disk: 40,
        bandwidth: 4,
        hourly: "0.0150",
        monthly: "10.0000",
        regions: ALL_REGIONS,
    },
    PackageDef {
        slug: "eos3",
        cpu: 2,
        ram: 2,
        disk: 60,
        bandwidth: 6,
        hourly: "0.0300",
        monthly: "20.0000",
        regions: ALL_REGIONS,
    },
    PackageDef {
        slug: "eos4",
        cpu: 4,
        ram: 8,
        disk: 120,
        bandwidth: 8,
        hourly: "0.0600",
        monthly: "40.0000",
        regions: &["ist2", "buh1", "fra1"],
    },
    PackageDef {
        slug: "eos5",
        cpu: 8,
        ram: 16,
        disk: 240,
        bandwidth: 10,
        hourly: "0.1200",
        monthly: "80.0000",
        regions: &["ist2", "fra1"],
    },
];

pub(crate) struct ImageDef {
    pub slug: &'static str,
    pub name: &'static str,
    pub application: bool,
    pub distribution: &'static str,
    pub regions: &'static [&'static str],
    pub min_disk: Option<u32>,
    pub min_cpu: Option<u32>,
    pub min_ram: Option<u32>,
}

pub(crate) const IMAGES: &[ImageDef] = &[
    ImageDef {
        slug: "ubuntu-24-04-x64",
        name: "Ubuntu 24.04 LTS",
        application: false,
        distribution: "Ubuntu",
        regions: ALL_REGIONS,
        min_disk: None,
        min_cpu: None,
        min_ram: None,
    },
    ImageDef {
        slug: "ubuntu-22-04-x64",
        name: "Ubuntu 22.04 LTS",
        application: false,
        distribution: "Ubuntu",
        regions: ALL_REGIONS,
        min_disk: None,
        min_cpu: None,
        min_ram: None,
    },
    ImageDef {
        slug: "debian-12-x64",
        name: "Debian 12",
        application: false,
        distribution: "Debian",
        regions: ALL_REGIONS,
        min_disk: None,
        min_cpu: None,
        min_ram: None,
    },
    ImageDef {
        slug: "almalinux-9-x64",
        name: "AlmaLinux 9",
        application: false,
        distribution: "AlmaLinux",
        regions: &["ist2", "buh1", "fra1"],
        min_disk: Some(20),
        min_cpu: None,
        min_ram: None,
    },
    ImageDef {
        slug: "rockylinux-9-x64",
        name: "Rocky Linux 9",
        application: false,
        distribution: "Rocky Linux",
        regions: &["ist2", "fra1"],
        min_disk: Some(20),
        min_cpu: None,
        min_ram: None,
    },
    ImageDef {
        slug: "centos-7-x64",
        name: "CentOS 7 (EOL)",
        application: false,
        distribution: "CentOS",
        regions: &["ist1", "ist2"],
        min_disk: None,
        min_cpu: None,
        min_ram: None,
    },
    ImageDef {
        slug: "wordpress",
        name: "WordPress",
        application: true,
        distribution: "Ubuntu",
        regions: ALL_REGIONS,
        min_disk: Some(20),
        min_cpu: None,
        min_ram: Some(1),
    },
    ImageDef {
        slug: "docker",
        name: "Docker CE",
        application: true,
        distribution: "Ubuntu",
        regions: ALL_REGIONS,
        min_disk: None,
        min_cpu: None,
        min_ram: None,
    },
    ImageDef {
        slug: "nextcloud",
        name: "Nextcloud",
        application: true,
        distribution: "Ubuntu",
        regions: &["ist2", "buh1", "fra1"],
        min_disk: Some(40),
        min_cpu: Some(2),
        min_ram: Some(2),
    },
    ImageDef {
        slug: "lamp",
        name: "LAMP Stack",
        application: true,
        distribution: "Debian",
        regions: ALL_REGIONS,
        min_disk: None,
        min_cpu: None,
        min_ram: None,
    },
];

pub(crate) fn region(slug: &str) -> Option<&'static RegionDef> {
    REGIONS.iter().find(|r| r.slug == slug)
}

pub(crate) fn package(slug: &str) -> Option<&'static PackageDef> {
    PACKAGES.iter().find(|p| p.slug == slug)
}

pub(crate) fn image(slug: &str) -> Option<&'static ImageDef> {
    IMAGES.iter().find(|i| i.slug == slug)
}

pub(crate) fn region_wire(r: &RegionDef) -> Value {
    json!({"slug": r.slug, "name": r.name, "country": r.country, "status": r.available})
}

pub(crate) fn package_wire(p: &PackageDef) -> Value {
    json!({
        "slug": p.slug, "cpu": p.cpu, "ram": p.ram, "disk": p.disk, "bandwidth": p.bandwidth,
        "hourly_price": p.hourly, "monthly_price": p.monthly, "regions": p.regions,
    })
}

pub(crate) fn image_wire(i: &ImageDef) -> Value {
    let mut v = json!({
        "name": i.name,
        "slug": i.slug,
        "type": if i.application { "application" } else { "template" },
        "distribution": i.distribution,
        "regions": i.regions,
        "min_disk_size": i.min_disk,
    });
    if i.application {
        v["min_cpu"] = json!(i.min_cpu);
        v["min_ram"] = json!(i.min_ram);
    }
    v
}
