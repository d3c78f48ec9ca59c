//! LetsCloud simulator state: a catalog (locations, plans, images) and one [`Account`] per API
//! token. Status is four booleans (`built`, `booted`, `locked`, `suspended`), never a string.
//!
//! Long actions lock the instance (`locked: true`) and complete lazily in [`Account::settle`] once
//! `action_delay` has passed since they started.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Whether a label or hostname asks the simulator to make its action fail (the sandbox contract's
/// failure switch).
pub(crate) fn wants_failure(name: &str) -> bool {
    name.to_ascii_lowercase().contains("fail")
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Location {
    pub slug: String,
    pub country: String,
    pub city: String,
    pub available: bool,
    /// Image slugs offered here.
    pub images: Vec<String>,
    /// Price factor over the base plan price.
    pub price_factor: f64,
    /// First octets of the addresses handed out here.
    pub ip_prefix: String,
    pub ipv6_prefix: String,
}

impl Location {
    pub fn to_json(&self) -> Value {
        json!({"slug": self.slug, "country": self.country, "city": self.city, "available": self.available})
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Plan {
    pub slug: String,
    pub core: i64,
    /// MB.
    pub memory: i64,
    /// GB.
    pub disk: i64,
    /// GB per month.
    pub bandwidth: i64,
    /// Base monthly price in USD.
    pub monthly_usd: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Image {
    pub slug: String,
    /// Human label, e.g. "Ubuntu 24.04 x64" (what instances report as `template_label`).
    pub distro: String,
    pub os: String,
}

impl Image {
    pub fn to_json(&self) -> Value {
        json!({"slug": self.slug, "distro": self.distro, "os": self.os})
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Catalog {
    pub locations: Vec<Location>,
    pub plans: Vec<Plan>,
    pub images: Vec<Image>,
}

impl Catalog {
    pub fn location(&self, slug: &str) -> Option<&Location> {
        self.locations.iter().find(|l| l.slug.eq_ignore_ascii_case(slug))
    }
}

/// An account's currency: the API sends the symbol (`$`, `R$`) in profiles and plans.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub(crate) enum Currency {
    Usd,
    Brl,
}

impl Currency {
    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Usd => "$",
            Currency::Brl => "R$",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Brl => "BRL",
        }
    }
    pub fn factor(self) -> f64 {
        match self {
            Currency::Usd => 1.0,
            Currency::Brl => 5.0,
        }
    }
}

/// Monthly price of `plan` at `location` in `currency`.
pub(crate) fn plan_price(plan: &Plan, location: &Location, currency: Currency) -> f64 {
    (plan.monthly_usd * location.price_factor * currency.factor() * 100.0).round() / 100.0
}

pub(crate) fn plan_json(plan: &Plan, location: &Location, currency: Currency) -> Value {
    json!({
        "currencycode": currency.code(),
        "shortcode": currency.symbol(),
        "slug": plan.slug,
        "core": plan.core,
        "memory": plan.memory,
        "disk": plan.disk,
        "bandwidth": plan.bandwidth,
        "monthly_value": format!("{:.2}", plan_price(plan, location, currency)),
    })
}

/// What a locked instance is doing; applied when the action completes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum Op {
    Build,
    PowerOn,
    PowerOff,
    Reboot,
    ResetPassword,
    ChangePlan {
        plan: String,
        cpus: i64,
        memory: i64,
        disk: i64,
    },
    Delete,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Pending {
    pub op: Op,
    pub fails: bool,
    /// A restored state restarts the clock (an `Instant` cannot be saved).
    #[serde(skip, default = "Instant::now")]
    pub started: Instant,
}

impl Pending {
    pub fn new(op: Op, fails: bool) -> Self {
        Pending {
            op,
            fails,
            started: Instant::now(),
        }
    }
    fn due(&self, now: Instant, delay: Duration) -> bool {
        now >= self.started + delay
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Instance {
    pub identifier: String,
    pub label: String,
    pub hostname: String,
    pub cpus: i64,
    /// MB.
    pub memory: i64,
    /// GB.
    pub disk: i64,
    pub location: String,
    pub plan: String,
    pub image: String,
    pub template_label: String,
    /// IPv4 and IPv6 mixed, as the API lists them.
    pub ips: Vec<String>,
    pub root_password: String,
    pub booted: bool,
    pub built: bool,
    pub locked: bool,
    pub suspended: bool,
    pub pending: Option<Pending>,
}

impl Instance {
    pub fn to_json(&self, catalog: &Catalog) -> Value {
        let location = catalog
            .location(&self.location)
            .map(Location::to_json)
            .unwrap_or_else(|| json!({"slug": self.location}));
        // Addresses appear once the machine has been built.
        let ips: Vec<Value> = if self.built {
            self.ips.iter().map(|a| json!({"address": a})).collect()
        } else {
            Vec::new()
        };
        json!({
            "identifier": self.identifier,
            "booted": self.booted,
            "built": self.built,
            "locked": self.locked,
            "suspended": self.suspended,
            "memory": self.memory,
            "total_disk_size": self.disk,
            "cpus": self.cpus,
            "label": self.label,
            "hostname": self.hostname,
            "ip_addresses": ips,
            "template_label": self.template_label,
            "initial_root_password": self.root_password,
            "location": location,
            "domain": "localdomain",
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SshKey {
    pub slug: String,
    pub title: String,
    pub public_key: String,
}

impl SshKey {
    pub fn to_json(&self) -> Value {
        json!({"slug": self.slug, "title": self.title, "public_key": self.public_key})
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    pub slug: String,
    pub label: String,
    /// GB.
    pub size: i64,
    /// The image the source instance runs.
    pub os_reference: String,
    /// The source instance identifier (docs/wire-decisions.md).
    pub reference: String,
    pub build: bool,
    pub locations: Vec<String>,
    /// `Some(fails)` while building.
    pub building: Option<Pending>,
}

impl Snapshot {
    pub fn to_json(&self) -> Value {
        json!({
            "slug": self.slug,
            "size": self.size,
            "label": self.label,
            "os_reference": self.os_reference,
            "reference": self.reference,
            "build": self.build,
            "locations": self.locations,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Account {
    pub label: String,
    pub token: String,
    pub name: String,
    pub company_name: Option<String>,
    pub email: String,
    pub currency: Currency,
    pub balance: f64,
    pub instances: Vec<Instance>,
    pub ssh_keys: Vec<SshKey>,
    pub snapshots: Vec<Snapshot>,
}

impl Account {
    /// Completes every action whose time is up.
    pub fn settle(&mut self, now: Instant, delay: Duration) {
        let mut gone = Vec::new();
        for inst in &mut self.instances {
            let Some(p) = inst.pending.take_if(|p| p.due(now, delay)) else {
                continue;
            };
            inst.locked = false;
            match p.op {
                // A failed build is rolled back: the instance disappears.
                Op::Build if p.fails => gone.push(inst.identifier.clone()),
                Op::Build => {
                    inst.built = true;
                    inst.booted = true;
                }
                Op::PowerOn => inst.booted = !p.fails,
                Op::PowerOff => inst.booted = p.fails,
                Op::Reboot => inst.booted = !p.fails,
                Op::ResetPassword => {}
                Op::ChangePlan { .. } if p.fails => {}
                Op::ChangePlan {
                    plan,
                    cpus,
                    memory,
                    disk,
                } => {
                    inst.plan = plan;
                    inst.cpus = cpus;
                    inst.memory = memory;
                    inst.disk = disk;
                }
                Op::Delete if p.fails => {}
                Op::Delete => gone.push(inst.identifier.clone()),
            }
        }
        self.instances.retain(|i| !gone.contains(&i.identifier));

        let mut failed = Vec::new();
        for snap in &mut self.snapshots {
            if let Some(p) = snap.building.take_if(|p| p.due(now, delay)) {
                if p.fails {
                    failed.push(snap.slug.clone());
                } else {
                    snap.build = true;
                }
            }
        }
        // A failed snapshot vanishes: polling its slug answers 404.
        self.snapshots.retain(|s| !failed.contains(&s.slug));
    }

    pub fn instance(&self, id: &str) -> Option<&Instance> {
        self.instances.iter().find(|i| i.identifier == id)
    }

    pub fn instance_mut(&mut self, id: &str) -> Option<&mut Instance> {
        self.instances.iter_mut().find(|i| i.identifier == id)
    }
}

/// Turns a title into the slug LetsCloud addresses SSH keys by ("My Project 1" → "my-project-1").
pub(crate) fn slugify(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}
