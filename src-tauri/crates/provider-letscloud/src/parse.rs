//! LetsCloud JSON → domain model. The quirks (docs/wire-decisions.md, LetsCloud reference) are absorbed here
//! and nowhere else: status from four booleans, memory in MB, IPv4 and IPv6 mixed in `ip_addresses`, the two
//! shapes of the plans answer, currencies as symbols, lists that may come as maps.
//!
//! Every function is total: an item it cannot use is skipped (lists) or `None` (single objects);
//! nothing panics on any input. `raw` keeps the provider's object minus secrets ([`scrub`]) — above
//! all `initial_root_password`, which must never reach a log, the cache or the UI's raw view.

use std::collections::BTreeMap;

use fleetdeck_core::lenient::{self, first_text, positive};
use fleetdeck_core::{
    AccountProfile, Image, ImageKind, Money, Plan, PlanKind, Price, PricePeriod, ProviderKind, RawStatus,
    Region, Server, ServerStatus, Snapshot, SnapshotStatus, SshKey,
};
use serde_json::Value;

const PROVIDER: ProviderKind = ProviderKind::LetsCloud;

/// Remove secrets from a provider object before it becomes `raw` or `extra` (both cached on disk
/// and shown in the UI): the one policy of `fleetdeck_core::lenient::is_secret_key`.
pub(crate) use fleetdeck_core::lenient::without_secrets as scrub;

/// The one object of a detail answer: an object, or the first object of an array.
pub(crate) use fleetdeck_core::lenient::single_object as single_item;

/// The items of a list answer: an array, or an object whose values are the items (the node SDK
/// reads lists with `Object.values`) — unless the object is itself one item. Non-objects are skipped.
pub(crate) fn list_items<'a>(data: &'a Value, item_key: &str) -> Vec<&'a Value> {
    lenient::list_objects(data, item_key)
}

/// An ISO 4217 code from what LetsCloud sends: a code (`USD`) or a symbol (`$`, `R$`).
pub(crate) fn currency(v: Option<&Value>) -> Option<String> {
    let s = lenient::text(v)?;
    let code = match s.trim() {
        "$" | "US$" => "USD",
        "R$" => "BRL",
        "€" => "EUR",
        "£" => "GBP",
        other if other.len() == 3 && other.chars().all(|c| c.is_ascii_alphabetic()) => {
            return Some(other.to_ascii_uppercase())
        }
        _ => return None,
    };
    Some(code.to_owned())
}

/// The four booleans LetsCloud gives instead of a status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Flags {
    pub booted: bool,
    pub built: bool,
    pub locked: bool,
    pub suspended: bool,
}

impl Flags {
    pub(crate) fn of(o: &Value) -> Flags {
        let f = |k| lenient::flag(o.get(k)).unwrap_or(false);
        Flags {
            booted: f("booted"),
            built: f("built"),
            locked: f("locked"),
            suspended: f("suspended"),
        }
    }

    /// Precedence suspended > building > busy/locked > running > stopped (the CLI's derivation,
    /// docs/wire-decisions.md, LetsCloud reference), with the CLI's words as the raw status text.
    pub(crate) fn status(self) -> (ServerStatus, &'static str) {
        if self.suspended {
            (ServerStatus::Suspended, "suspended")
        } else if !self.built {
            (ServerStatus::Provisioning, "building")
        } else if self.locked {
            (ServerStatus::Busy, "action in progress")
        } else if self.booted {
            (ServerStatus::Running, "running")
        } else {
            (ServerStatus::Stopped, "off")
        }
    }

    fn map(self) -> BTreeMap<String, bool> {
        [
            ("booted", self.booted),
            ("built", self.built),
            ("locked", self.locked),
            ("suspended", self.suspended),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
    }
}

/// Addresses of `ip_addresses`: objects `{address}`, or bare strings; IPv4 and IPv6 mixed.
fn addresses(v: Option<&Value>) -> (Vec<String>, Vec<String>) {
    let mut v4 = Vec::new();
    let mut v6 = Vec::new();
    let Some(Value::Array(items)) = v else {
        return (v4, v6);
    };
    for item in items {
        let addr = match item {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Object(_) => first_text(item, &["address", "ip", "ip_address"]),
            _ => None,
        };
        let Some(addr) = addr.filter(|a| !a.is_empty()) else {
            continue;
        };
        if lenient::is_ipv6(&addr) {
            v6.push(addr);
        } else if addr.contains('.') {
            v4.push(addr);
        }
    }
    (v4, v6)
}

/// The location slug of an instance: `location: {slug}` or a bare string.
fn location_slug(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Object(_) => v.and_then(|l| lenient::text(l.get("slug"))),
        other => lenient::text(Some(other)),
    }
}

const SERVER_FIELDS: &[&str] = &[
    "identifier",
    "label",
    "hostname",
    "booted",
    "built",
    "locked",
    "suspended",
    "memory",
    "total_disk_size",
    "cpus",
    "ip_addresses",
    "template_label",
    "location",
    "initial_root_password",
];

pub(crate) fn server(account: &str, o: &Value) -> Option<Server> {
    let id = lenient::text(o.get("identifier"))?;
    let flags = Flags::of(o);
    let (status, text) = flags.status();
    let (ipv4, ipv6) = addresses(o.get("ip_addresses"));
    let extra = lenient::extra_fields(o, SERVER_FIELDS);
    Some(Server {
        account: account.to_owned(),
        provider: PROVIDER,
        name: first_text(o, &["label", "hostname"]).unwrap_or_else(|| id.clone()),
        hostname: lenient::text(o.get("hostname")),
        status,
        raw_status: RawStatus {
            text: Some(text.to_owned()),
            code: None,
            flags: flags.map(),
        },
        ipv4,
        ipv6,
        region: location_slug(o.get("location")),
        // Not in the instance object; a plan slug is kept when some answer carries one.
        plan: first_text(o, &["plan_slug", "plan"]),
        image: first_text(o, &["template_label", "image_slug"]),
        vcpus: positive(o.get("cpus")),
        memory_mb: positive(o.get("memory")),
        disk_gb: positive(o.get("total_disk_size")),
        bandwidth_gb: None,
        created_at: lenient::datetime(o.get("created_at")),
        tags: Vec::new(),
        local_tags: Vec::new(),
        active_jobs: Vec::new(),
        usage: None,
        extra,
        raw: scrub(o),
        id,
    })
}

pub(crate) fn servers(account: &str, data: &Value) -> Vec<Server> {
    list_items(data, "identifier")
        .into_iter()
        .filter_map(|o| server(account, o))
        .collect()
}

/// `initial_root_password` of an instance object, as a secret (never logged, never in `raw`).
pub(crate) fn initial_root_password(o: &Value) -> Option<secrecy::SecretString> {
    match o.get("initial_root_password") {
        Some(Value::String(p)) if !p.is_empty() => Some(secrecy::SecretString::from(p.clone())),
        _ => None,
    }
}

pub(crate) fn region(account: &str, o: &Value) -> Option<Region> {
    let id = lenient::text(o.get("slug"))?;
    let city = lenient::text(o.get("city"));
    let country = lenient::text(o.get("country"));
    let name = match (&city, &country) {
        (Some(c), Some(k)) => Some(format!("{c}, {k}")),
        (Some(c), None) => Some(c.clone()),
        (None, k) => k.clone(),
    };
    Some(Region {
        account: account.to_owned(),
        provider: PROVIDER,
        name,
        country,
        city,
        available: lenient::flag(o.get("available")),
        features: Default::default(),
        raw: scrub(o),
        id,
    })
}

pub(crate) fn regions(account: &str, data: &Value) -> Vec<Region> {
    list_items(data, "slug")
        .into_iter()
        .filter_map(|o| region(account, o))
        .collect()
}

pub(crate) fn plan(account: &str, region: Option<&str>, o: &Value) -> Option<Plan> {
    let id = lenient::text(o.get("slug"))?;
    let currency = currency(o.get("currencycode")).or_else(|| currency(o.get("shortcode")));
    let price = lenient::decimal(o.get("monthly_value")).map(|amount| Price {
        amount: Money { amount, currency },
        period: PricePeriod::Monthly,
        before_discount: None,
        discount_percent: None,
    });
    Some(Plan {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(o.get("name")),
        kind: PlanKind::Fixed,
        vcpus: positive(o.get("core")).or_else(|| positive(o.get("cpus"))),
        memory_mb: positive(o.get("memory")),
        disk_gb: positive(o.get("disk")),
        bandwidth_gb: positive(o.get("bandwidth")),
        prices: price.into_iter().collect(),
        regions: region.map(str::to_owned).into_iter().collect(),
        available: lenient::flag(o.get("available")),
        raw: scrub(o),
        id,
    })
}

/// Plans of `GET /locations/{slug}/plans` in either shape (docs/wire-decisions.md, LetsCloud reference):
/// current — an array of location wrappers `[{slug, country, city, plans: [Plan]}]`;
/// older — one wrapper object whose `plans` may be a map; tolerated — a bare list of plans.
pub(crate) fn plans(account: &str, queried: &str, data: &Value) -> Vec<Plan> {
    let wrappers: Vec<&Value> = match data {
        Value::Array(a) => a.iter().filter(|v| v.is_object()).collect(),
        Value::Object(_) => vec![data],
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for w in wrappers {
        match w.get("plans") {
            Some(inner) => {
                let region = lenient::text(w.get("slug")).unwrap_or_else(|| queried.to_owned());
                out.extend(
                    list_items(inner, "slug")
                        .into_iter()
                        .filter_map(|p| plan(account, Some(&region), p)),
                );
            }
            // A bare plan (no wrapper around it).
            None => out.extend(plan(account, Some(queried), w)),
        }
    }
    out
}

pub(crate) fn image(account: &str, region: Option<&str>, o: &Value) -> Option<Image> {
    let id = lenient::text(o.get("slug"))?;
    Some(Image {
        account: account.to_owned(),
        provider: PROVIDER,
        name: first_text(o, &["distro", "name"]).unwrap_or_else(|| id.clone()),
        kind: ImageKind::Os,
        family: lenient::text(o.get("os")),
        version: None,
        arch: None,
        regions: region.map(str::to_owned).into_iter().collect(),
        min_disk_gb: None,
        min_memory_mb: None,
        compatible_os: Vec::new(),
        description: None,
        price: None,
        raw: scrub(o),
        id,
    })
}

pub(crate) fn images(account: &str, region: Option<&str>, data: &Value) -> Vec<Image> {
    list_items(data, "slug")
        .into_iter()
        .filter_map(|o| image(account, region, o))
        .collect()
}

/// Snapshot `build`: `true` = finished, `false` = being built.
pub(crate) fn snapshot_status(v: Option<&Value>) -> SnapshotStatus {
    match lenient::flag(v) {
        Some(true) => SnapshotStatus::Ready,
        Some(false) => SnapshotStatus::Pending,
        None => SnapshotStatus::Unknown,
    }
}

fn string_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| lenient::text(Some(x)).or_else(|| lenient::text(x.get("slug"))))
            .collect(),
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_owned()],
        _ => Vec::new(),
    }
}

pub(crate) fn snapshot(account: &str, o: &Value) -> Option<Snapshot> {
    let id = lenient::text(o.get("slug"))?;
    let build = lenient::flag(o.get("build"));
    let mut extra = BTreeMap::new();
    if let Some(os) = lenient::text(o.get("os_reference")) {
        extra.insert("osReference".to_owned(), Value::String(os));
    }
    Some(Snapshot {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(o.get("label")).unwrap_or_else(|| id.clone()),
        // Wire decisions: `reference` is the source instance's identifier.
        server_id: lenient::text(o.get("reference")),
        status: snapshot_status(o.get("build")),
        raw_status: RawStatus {
            text: None,
            code: None,
            flags: build.map(|b| ("build".to_owned(), b)).into_iter().collect(),
        },
        size_gb: lenient::number(o.get("size")).filter(|s| s.is_finite() && *s >= 0.0),
        created_at: lenient::datetime(o.get("created_at")),
        last_restored_at: None,
        regions: string_list(o.get("locations")),
        automated: false,
        extra,
        raw: scrub(o),
        id,
    })
}

pub(crate) fn snapshots(account: &str, data: &Value) -> Vec<Snapshot> {
    list_items(data, "slug")
        .into_iter()
        .filter_map(|o| snapshot(account, o))
        .collect()
}

pub(crate) fn ssh_key(account: &str, o: &Value) -> Option<SshKey> {
    let id = lenient::text(o.get("slug"))?;
    Some(SshKey {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(o.get("title")).unwrap_or_else(|| id.clone()),
        public_key: lenient::text(o.get("public_key")).unwrap_or_default(),
        fingerprint: lenient::text(o.get("fingerprint")),
        // `private_key` (generated keys) is removed by scrub: it is returned once, never kept.
        raw: scrub(o),
        id,
    })
}

pub(crate) fn ssh_keys(account: &str, data: &Value) -> Vec<SshKey> {
    list_items(data, "slug")
        .into_iter()
        .filter_map(|o| ssh_key(account, o))
        .collect()
}

/// The generated private key of a `POST /sshkeys` answer, when the server generated the pair.
pub(crate) fn private_key(o: &Value) -> Option<String> {
    match o.get("private_key") {
        Some(Value::String(k)) if !k.trim().is_empty() => Some(k.clone()),
        _ => None,
    }
}

pub(crate) fn profile(account: &str, o: &Value) -> AccountProfile {
    let balance = lenient::decimal(o.get("balance")).map(|amount| Money {
        amount,
        currency: currency(o.get("currency")),
    });
    let mut extra = BTreeMap::new();
    if let Some(symbol) = lenient::text(o.get("currency")) {
        extra.insert("currencySymbol".to_owned(), Value::String(symbol));
    }
    AccountProfile {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(o.get("name")),
        email: lenient::text(o.get("email")),
        company: lenient::text(o.get("company_name")),
        balance,
        verified: None,
        registered_at: None,
        last_login_at: None,
        extra,
        raw: scrub(o),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `raw` and `extra` lose every secret but keep private addresses (a match on `private`
    /// alone once dropped them).
    #[test]
    fn raw_and_extra_keep_private_addresses_and_drop_secrets() {
        let o = json!({"identifier": "i1", "label": "web", "initial_root_password": "pw",
                       "private_ip": "10.0.0.4", "private_key": "k", "user_data": "#cloud-config"});
        let s = server("a", &o).unwrap();
        assert_eq!(
            s.raw,
            json!({"identifier": "i1", "label": "web", "private_ip": "10.0.0.4"})
        );
        assert_eq!(s.extra.get("private_ip"), Some(&json!("10.0.0.4")));
        assert!(!s.extra.contains_key("user_data") && !s.extra.contains_key("private_key"));
    }

    fn instance(booted: bool, built: bool, locked: bool, suspended: bool) -> Value {
        json!({
            "identifier": "Mq5VF63YAdCqXt4U", "booted": booted, "built": built, "locked": locked,
            "suspended": suspended, "memory": 1024, "total_disk_size": 10, "cpus": 1,
            "domain": "localdomain", "label": "web-mia-01", "hostname": "web-mia-01.example.com",
            "ip_addresses": [{"address": "191.252.1.10"}, {"address": "2804:7f4:3c01::10"}],
            "template_label": "Ubuntu 24.04 x64", "initial_root_password": "Sup3r-S3cret!",
            "location": {"slug": "MIA1", "country": "United States", "city": "Miami"}
        })
    }

    #[test]
    fn status_precedence() {
        let s = |b, bu, l, su| server("a", &instance(b, bu, l, su)).unwrap().status;
        assert_eq!(s(true, true, true, true), ServerStatus::Suspended);
        assert_eq!(s(true, false, true, false), ServerStatus::Provisioning);
        assert_eq!(s(true, true, true, false), ServerStatus::Busy);
        assert_eq!(s(true, true, false, false), ServerStatus::Running);
        assert_eq!(s(false, true, false, false), ServerStatus::Stopped);
    }

    #[test]
    fn an_instance_maps_with_units_addresses_and_no_password() {
        let s = server("lc", &instance(true, true, false, false)).unwrap();
        assert_eq!(s.id, "Mq5VF63YAdCqXt4U");
        assert_eq!(s.name, "web-mia-01");
        assert_eq!(s.memory_mb, Some(1024));
        assert_eq!(s.disk_gb, Some(10));
        assert_eq!(s.ipv4, vec!["191.252.1.10"]);
        assert_eq!(s.ipv6, vec!["2804:7f4:3c01::10"]);
        assert_eq!(s.region.as_deref(), Some("MIA1"));
        assert_eq!(s.raw_status.flags.get("booted"), Some(&true));
        assert_eq!(s.extra.get("domain"), Some(&json!("localdomain")));
        let all = serde_json::to_string(&s).unwrap();
        assert!(!all.contains("Sup3r-S3cret"), "{all}");
        assert!(!format!("{s:?}").contains("Sup3r-S3cret"));
    }

    #[test]
    fn plans_in_both_shapes() {
        let p = json!({"currencycode": "USD", "shortcode": "$", "slug": "1vcpu-1gb-10ssd", "core": 1,
                       "memory": 1024, "disk": 10, "bandwidth": 1000, "monthly_value": "5.00"});
        let current = json!([{"country": "US", "city": "Miami", "slug": "MIA1", "plans": [p.clone()]}]);
        let older = json!({"country": "US", "city": "Miami", "slug": "MIA1", "plans": {"a": p.clone()}});
        for data in [current, older] {
            let plans = plans("a", "MIA1", &data);
            assert_eq!(plans.len(), 1, "{data}");
            let plan = &plans[0];
            assert_eq!(plan.memory_mb, Some(1024));
            assert_eq!(plan.bandwidth_gb, Some(1000));
            assert_eq!(plan.regions, vec!["MIA1"]);
            assert_eq!(plan.prices[0].amount.amount, "5.00");
            assert_eq!(plan.prices[0].amount.currency.as_deref(), Some("USD"));
        }
    }

    #[test]
    fn currencies_from_symbols() {
        assert_eq!(currency(Some(&json!("$"))).as_deref(), Some("USD"));
        assert_eq!(currency(Some(&json!("R$"))).as_deref(), Some("BRL"));
        assert_eq!(currency(Some(&json!("usd"))).as_deref(), Some("USD"));
        assert_eq!(currency(Some(&json!("¤¤"))), None);
    }

    #[test]
    fn generated_keys_keep_the_private_key_out_of_raw() {
        let o = json!({"title": "t", "slug": "t", "public_key": "ssh-rsa AAA", "private_key": "-----BEGIN"});
        let k = ssh_key("a", &o).unwrap();
        assert!(!k.raw.to_string().contains("BEGIN"));
        assert_eq!(private_key(&o).as_deref(), Some("-----BEGIN"));
    }
}
