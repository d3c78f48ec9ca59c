//! Cloude.ro JSON → domain model. The quirks (docs/wire-decisions.md, Cloude.ro reference) are absorbed here
//! and nowhere else: one-element array details, `networks.v6: ""`, `disk: "0"`, capitalised states,
//! map-shaped SSH key lists, `create_at`/`created_at`, `id`/`subscription_id`, string-or-number everywhere.
//!
//! Every function is total: an item it cannot use is skipped (lists) or `None` (single objects);
//! nothing panics on any input. `raw` keeps the provider's object minus secrets ([`scrub`]).

use fleetdeck_core::job::JobStatus;
use fleetdeck_core::lenient::{self, first_text, gb_to_mb, id_text, positive, tb_to_gb};
use fleetdeck_core::{
    AccountProfile, CredentialLink, Image, ImageKind, Invoice, Money, Plan, PlanKind, Price, PricePeriod,
    ProviderEvent, ProviderKind, RawStatus, Region, Server, ServerStatus, Snapshot, SnapshotStatus, SshKey,
    Tag, Transaction, UsagePoint, UsageSeries,
};
use md5::{Digest, Md5};
use serde_json::Value;

const PROVIDER: ProviderKind = ProviderKind::Cloudero;

/// Remove secrets from a provider object before it becomes `raw` (cached on disk, shown in the
/// UI): the one policy of `fleetdeck_core::lenient::is_secret_key`.
pub(crate) use fleetdeck_core::lenient::without_secrets as scrub;

/// The one object of a detail answer: an object, or the first object of a (one-element) array.
pub(crate) use fleetdeck_core::lenient::single_object as single_item;

/// The items of a list answer: an array, or (PHP associative arrays) an object whose values are the
/// items — unless the object is itself one item (has an `id`). Non-objects are skipped.
pub(crate) fn list_items(data: &Value) -> Vec<&Value> {
    lenient::list_objects(data, "id")
}

/// Addresses of `networks.v4` / `.v6`: an object `{ip}`, a list of them, a bare string, or `""`.
fn addresses(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Object(o)) => ["ip", "address", "ip_address"]
            .iter()
            .find_map(|k| lenient::text(o.get(*k)))
            .into_iter()
            .collect(),
        Some(Value::Array(a)) => a.iter().flat_map(|x| addresses(Some(x))).collect(),
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_owned()],
        _ => Vec::new(),
    }
}

/// Ids from a list of ids (numbers/strings) or of objects with an `id`.
fn id_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| id_text(Some(x)).or_else(|| id_text(x.get("id"))))
            .collect(),
        Some(Value::String(s)) => s
            .split([',', ' '])
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// Tags of a server, where the object carries any (undocumented): a list or a space-separated string.
fn tag_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| lenient::text(Some(x)).or_else(|| lenient::text(x.get("tag"))))
            .collect(),
        Some(Value::String(s)) => s.split_whitespace().map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

/// Normalise a server `state` case-insensitively (quirk 4).
pub(crate) fn server_status(state: Option<&str>) -> ServerStatus {
    let Some(s) = state else {
        return ServerStatus::Unknown;
    };
    match s.trim().to_ascii_lowercase().as_str() {
        "running" | "active" | "online" | "on" => ServerStatus::Running,
        "stopped" | "off" | "offline" | "shutoff" | "poweroff" => ServerStatus::Stopped,
        "stopping" => ServerStatus::Stopping,
        "starting" => ServerStatus::Starting,
        "rebooting" | "restarting" => ServerStatus::Rebooting,
        "creating" | "building" | "pending" | "provisioning" | "installing" | "new" => {
            ServerStatus::Provisioning
        }
        "restoring" | "upgrading" | "resizing" | "reinstalling" | "busy" => ServerStatus::Busy,
        "suspended" | "paused" => ServerStatus::Suspended,
        "error" | "failed" => ServerStatus::Error,
        "deleting" | "destroying" | "terminating" => ServerStatus::Deleting,
        _ => ServerStatus::Unknown,
    }
}

const SERVER_FIELDS: &[&str] = &[
    "id",
    "subscription_id",
    "name",
    "hostname",
    "cpu",
    "memory",
    "disk",
    "bandwidth",
    "state",
    "status",
    "region",
    "image",
    "package",
    "networks",
    "created_at",
    "create_at",
    "active_events",
    "tags",
];

pub(crate) fn server(account: &str, o: &Value) -> Option<Server> {
    let id = id_text(o.get("id")).or_else(|| id_text(o.get("subscription_id")))?;
    let state = first_text(o, &["state", "status"]);
    let active_jobs = id_list(o.get("active_events"));
    let mut status = server_status(state.as_deref());
    // A running event on a settled server means an action is under way (docs/wire-decisions.md, Cloude.ro
    // reference).
    if !active_jobs.is_empty()
        && matches!(
            status,
            ServerStatus::Running | ServerStatus::Stopped | ServerStatus::Unknown
        )
    {
        status = ServerStatus::Busy;
    }
    let networks = o.get("networks");
    let mut extra = lenient::extra_fields(o, SERVER_FIELDS);
    if let Some(b) = o.get("bandwidth") {
        extra.insert("bandwidthTb".into(), scrub(b));
    }
    Some(Server {
        account: account.to_owned(),
        provider: PROVIDER,
        name: first_text(o, &["name", "hostname"]).unwrap_or_else(|| id.clone()),
        hostname: lenient::text(o.get("hostname")),
        status,
        raw_status: RawStatus {
            text: state,
            code: None,
            flags: Default::default(),
        },
        ipv4: addresses(networks.and_then(|n| n.get("v4"))),
        ipv6: addresses(networks.and_then(|n| n.get("v6"))),
        region: lenient::text(o.get("region")),
        plan: lenient::text(o.get("package")),
        image: lenient::text(o.get("image")),
        vcpus: positive(o.get("cpu")),
        memory_mb: gb_to_mb(o.get("memory")),
        disk_gb: positive(o.get("disk")),
        bandwidth_gb: tb_to_gb(o.get("bandwidth")),
        created_at: lenient::datetime(o.get("created_at")).or_else(|| lenient::datetime(o.get("create_at"))),
        tags: tag_list(o.get("tags")),
        local_tags: Vec::new(),
        active_jobs,
        usage: None,
        extra,
        raw: scrub(o),
        id,
    })
}

pub(crate) fn servers(account: &str, data: &Value) -> Vec<Server> {
    list_items(data)
        .into_iter()
        .filter_map(|o| server(account, o))
        .collect()
}

pub(crate) fn region(account: &str, o: &Value) -> Option<Region> {
    let id = first_text(o, &["slug", "id"])?;
    Some(Region {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(o.get("name")),
        country: lenient::text(o.get("country")),
        city: lenient::text(o.get("city")),
        available: lenient::flag(o.get("status")).or_else(|| lenient::flag(o.get("available"))),
        features: Default::default(),
        raw: scrub(o),
        id,
    })
}

fn string_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(|x| lenient::text(Some(x))).collect(),
        Some(Value::String(s)) => s
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

fn price(o: &Value, key: &str, period: PricePeriod) -> Option<Price> {
    Some(Price {
        amount: Money {
            amount: lenient::decimal(o.get(key))?,
            currency: lenient::text(o.get("currency")),
        },
        period,
        before_discount: None,
        discount_percent: None,
    })
}

pub(crate) fn plan(account: &str, o: &Value) -> Option<Plan> {
    let id = first_text(o, &["slug", "id"])?;
    Some(Plan {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(o.get("name")),
        kind: PlanKind::Fixed,
        vcpus: positive(o.get("cpu")),
        memory_mb: gb_to_mb(o.get("ram").or_else(|| o.get("memory"))),
        disk_gb: positive(o.get("disk")),
        bandwidth_gb: tb_to_gb(o.get("bandwidth")),
        prices: [
            price(o, "hourly_price", PricePeriod::Hourly),
            price(o, "monthly_price", PricePeriod::Monthly),
        ]
        .into_iter()
        .flatten()
        .collect(),
        regions: string_list(o.get("regions")),
        available: lenient::flag(o.get("status")).or_else(|| lenient::flag(o.get("available"))),
        raw: scrub(o),
        id,
    })
}

/// A minimum RAM figure: Cloude.ro states RAM in GB, but a value above 64 can only be MB.
fn min_memory_mb(v: Option<&Value>) -> Option<u32> {
    let n = lenient::number(v)?;
    if !(n.is_finite() && n > 0.0) {
        return None;
    }
    let mb = if n > 64.0 { n } else { n * 1024.0 };
    (mb <= f64::from(u32::MAX)).then(|| mb.round() as u32)
}

pub(crate) fn image(account: &str, o: &Value) -> Option<Image> {
    let id = first_text(o, &["slug", "id"])?;
    let kind = match lenient::text(o.get("type"))
        .map(|t| t.to_ascii_lowercase())
        .as_deref()
    {
        Some("application" | "app" | "applications") => ImageKind::Application,
        Some("snapshot") => ImageKind::Snapshot,
        _ => ImageKind::Os,
    };
    Some(Image {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(o.get("name")).unwrap_or_else(|| id.clone()),
        kind,
        family: first_text(o, &["distribution", "family"]),
        version: lenient::text(o.get("version")),
        arch: lenient::text(o.get("arch")),
        regions: string_list(o.get("regions")),
        min_disk_gb: positive(o.get("min_disk_size")),
        min_memory_mb: min_memory_mb(o.get("min_ram")),
        compatible_os: Vec::new(),
        description: lenient::text(o.get("description")),
        price: None,
        raw: scrub(o),
        id,
    })
}

/// Normalise a snapshot state (wire decisions: `Active|Pending|Restoring|Failed`, any case).
pub(crate) fn snapshot_status(state: Option<&str>) -> SnapshotStatus {
    match state.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        Some("active" | "ready" | "available" | "completed" | "complete" | "done" | "success") => {
            SnapshotStatus::Ready
        }
        Some("pending" | "creating" | "in_progress" | "processing" | "queued" | "building") => {
            SnapshotStatus::Pending
        }
        Some("restoring") => SnapshotStatus::Restoring,
        Some("failed" | "error") => SnapshotStatus::Failed,
        _ => SnapshotStatus::Unknown,
    }
}

const SNAPSHOT_FIELDS: &[&str] = &[
    "id",
    "name",
    "subscription_id",
    "server_id",
    "size",
    "state",
    "status",
    "created_at",
    "create_at",
];

/// A snapshot; `server_hint` fills the server when the item does not name it (`/v1/server/{id}/snapshots`).
pub(crate) fn snapshot(account: &str, o: &Value, server_hint: Option<&str>) -> Option<Snapshot> {
    let id = id_text(o.get("id"))?;
    let state = first_text(o, &["state", "status"]);
    Some(Snapshot {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(o.get("name")).unwrap_or_else(|| id.clone()),
        server_id: id_text(o.get("subscription_id"))
            .or_else(|| id_text(o.get("server_id")))
            .or_else(|| server_hint.map(str::to_owned)),
        status: snapshot_status(state.as_deref()),
        raw_status: RawStatus {
            text: state,
            code: None,
            flags: Default::default(),
        },
        size_gb: lenient::number(o.get("size")).filter(|s| s.is_finite() && *s > 0.0),
        created_at: lenient::datetime(o.get("created_at")).or_else(|| lenient::datetime(o.get("create_at"))),
        last_restored_at: None,
        regions: lenient::text(o.get("region")).into_iter().collect(),
        automated: false,
        extra: lenient::extra_fields(o, SNAPSHOT_FIELDS),
        raw: scrub(o),
        id,
    })
}

pub(crate) fn snapshots(account: &str, data: &Value, server_hint: Option<&str>) -> Vec<Snapshot> {
    list_items(data)
        .into_iter()
        .filter_map(|o| snapshot(account, o, server_hint))
        .collect()
}

/// The MD5 fingerprint (colon hex) of an OpenSSH public key line, as Cloude.ro states it.
pub(crate) fn md5_fingerprint(public_key: &str) -> Option<String> {
    use base64::Engine;
    let blob = public_key.split_whitespace().nth(1)?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(blob).ok()?;
    let digest = Md5::digest(&bytes);
    Some(
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":"),
    )
}

/// One SSH key; `map_key` is the name the list is keyed by (quirk 1).
pub(crate) fn ssh_key(account: &str, map_key: Option<&str>, o: &Value) -> Option<SshKey> {
    let public_key = first_text(o, &["public_key", "publicKey", "key"]).unwrap_or_default();
    let fingerprint = lenient::text(o.get("fingerprint")).or_else(|| md5_fingerprint(&public_key));
    let name = lenient::text(o.get("name")).or_else(|| map_key.map(str::to_owned));
    let id = fingerprint.clone().or_else(|| name.clone())?;
    Some(SshKey {
        account: account.to_owned(),
        provider: PROVIDER,
        name: name.unwrap_or_else(|| id.clone()),
        public_key,
        fingerprint,
        raw: scrub(o),
        id,
    })
}

/// The key list: a map keyed by name, or (an empty PHP map, or drift) a list.
pub(crate) fn ssh_keys(account: &str, data: &Value) -> Vec<SshKey> {
    match data {
        Value::Object(o) => o
            .iter()
            .filter(|(_, v)| v.is_object())
            .filter_map(|(k, v)| ssh_key(account, Some(k), v))
            .collect(),
        Value::Array(a) => a
            .iter()
            .filter(|v| v.is_object())
            .filter_map(|v| ssh_key(account, None, v))
            .collect(),
        _ => Vec::new(),
    }
}

pub(crate) fn tag(account: &str, o: &Value) -> Option<Tag> {
    Some(Tag {
        account: account.to_owned(),
        provider: PROVIDER,
        name: first_text(o, &["tag", "name"])?,
        count: lenient::count(o.get("count")),
        created_at: lenient::datetime(o.get("created_at")).or_else(|| lenient::datetime(o.get("create_at"))),
        raw: scrub(o),
    })
}

pub(crate) fn tags(account: &str, data: &Value) -> Vec<Tag> {
    match data {
        Value::Array(a) => a
            .iter()
            .filter_map(|v| match v {
                // a bare list of tag names is tolerated
                Value::String(s) if !s.is_empty() => tag(account, &serde_json::json!({ "tag": s })),
                other => tag(account, other),
            })
            .collect(),
        other => list_items(other)
            .into_iter()
            .filter_map(|o| tag(account, o))
            .collect(),
    }
}

/// An event's state (docs/wire-decisions.md, Cloude.ro reference): `-1` failed, `1` succeeded, `0` running
/// unless `completed_at` is set, which is terminal too.
pub(crate) fn event_status(status: Option<&Value>, completed: bool) -> JobStatus {
    let code = match status {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "success" | "succeeded" | "completed" | "done" => Some(1),
            "error" | "failed" | "failure" => Some(-1),
            "running" | "pending" | "queued" => Some(0),
            other => other.parse().ok(),
        },
        Some(Value::Bool(b)) => Some(i64::from(*b)),
        _ => None,
    };
    match code {
        Some(c) if c < 0 => JobStatus::Failed,
        Some(1) => JobStatus::Succeeded,
        _ if completed => JobStatus::Succeeded,
        _ => JobStatus::Running,
    }
}

pub(crate) fn event(account: &str, o: &Value) -> Option<ProviderEvent> {
    let id = id_text(o.get("id")).or_else(|| id_text(o.get("event_id")))?;
    let completed_at = lenient::datetime(o.get("completed_at"));
    let completed = completed_at.is_some() || lenient::text(o.get("completed_at")).is_some();
    Some(ProviderEvent {
        account: account.to_owned(),
        provider: PROVIDER,
        action: first_text(o, &["event", "type", "action"]).unwrap_or_else(|| "event".into()),
        status: event_status(o.get("status"), completed),
        target: id_text(o.get("subscription_id")).or_else(|| id_text(o.get("server_id"))),
        created_at: lenient::datetime(o.get("created_at")),
        completed_at,
        message: first_text(o, &["message", "error", "description"]),
        raw: scrub(o),
        id,
    })
}

pub(crate) fn events(account: &str, data: &Value) -> Vec<ProviderEvent> {
    list_items(data)
        .into_iter()
        .filter_map(|o| event(account, o))
        .collect()
}

/// Money without a stated currency (wire decisions: Cloude.ro sends none), or with one if present.
fn money(o: &Value, key: &str) -> Option<Money> {
    Some(Money {
        amount: lenient::decimal(o.get(key))?,
        currency: lenient::text(o.get("currency")),
    })
}

pub(crate) fn profile(account: &str, o: &Value) -> AccountProfile {
    const KNOWN: &[&str] = &[
        "name",
        "email",
        "balance",
        "currency",
        "register_date",
        "last_login_date",
        "is_verified",
        "company",
    ];
    AccountProfile {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(o.get("name")),
        email: lenient::text(o.get("email")),
        company: lenient::text(o.get("company")),
        balance: money(o, "balance"),
        verified: lenient::flag(o.get("is_verified")),
        registered_at: lenient::datetime(o.get("register_date")),
        last_login_at: lenient::datetime(o.get("last_login_date")),
        extra: lenient::extra_fields(o, KNOWN),
        raw: scrub(o),
    }
}

pub(crate) fn invoice(account: &str, o: &Value) -> Option<Invoice> {
    let id = id_text(o.get("id")).or_else(|| id_text(o.get("number")))?;
    let document = invoice_document(o);
    Some(Invoice {
        account: account.to_owned(),
        provider: PROVIDER,
        number: lenient::text(o.get("number")),
        amount: money(o, "amount").or_else(|| money(o, "total")),
        status: lenient::text(o.get("status")),
        issued_at: lenient::datetime(o.get("created_at")).or_else(|| lenient::datetime(o.get("date"))),
        due_at: lenient::datetime(o.get("due_date")),
        paid_at: lenient::datetime(o.get("paid_at")),
        has_document: document.is_some(),
        document,
        raw: scrub(o),
        id,
    })
}

/// The keys an invoice's document link may come under, most specific first. The panel does not
/// document the invoice's shape (README "Invoices"): these are the names the store's cache
/// scrubber treats as credential links (store/src/cache.rs `scrub_credential_links`).
const DOCUMENT_KEYS: &[&str] = &[
    "pdf_url",
    "pdf",
    "download_url",
    "download",
    "invoice_url",
    "url",
    "link",
    "href",
    "payment_url",
    "pay_url",
    "payment_link",
    "checkout_url",
];

/// The invoice's document link: the first absolute http(s) URL under one of [`DOCUMENT_KEYS`],
/// at the top level or inside a `links` object. Whether it may be fetched (https, or http to a
/// loopback address) is the fleet's check, not the parser's.
fn invoice_document(o: &Value) -> Option<CredentialLink> {
    let absolute = |v: Option<&Value>| {
        let text = v?.as_str()?.trim();
        let lower = text.to_ascii_lowercase();
        (lower.starts_with("https://") || lower.starts_with("http://")).then(|| CredentialLink::new(text))
    };
    let links = o.get("links");
    DOCUMENT_KEYS
        .iter()
        .find_map(|k| absolute(o.get(*k)))
        .or_else(|| DOCUMENT_KEYS.iter().find_map(|k| absolute(links?.get(*k))))
}

pub(crate) fn transaction(account: &str, o: &Value) -> Option<Transaction> {
    let id = id_text(o.get("id"))?;
    Some(Transaction {
        account: account.to_owned(),
        provider: PROVIDER,
        amount: money(o, "amount"),
        kind: first_text(o, &["type", "kind"]),
        description: lenient::text(o.get("description")),
        at: lenient::datetime(o.get("created_at")).or_else(|| lenient::datetime(o.get("date"))),
        raw: scrub(o),
        id,
    })
}

/// One `[value, unix_ts]` pair; `[ts, value]` is recognised by which element looks like an epoch,
/// and `{value, time}` objects are tolerated.
fn usage_point(v: &Value) -> Option<UsagePoint> {
    let (a, b) = match v {
        Value::Array(p) if p.len() >= 2 => (lenient::number(p.first())?, lenient::number(p.get(1))?),
        Value::Object(_) => (
            lenient::number(v.get("value"))?,
            ["time", "timestamp", "at", "ts"]
                .iter()
                .find_map(|k| lenient::number(v.get(*k)))?,
        ),
        _ => return None,
    };
    const EPOCH_2001: f64 = 1e9;
    let (value, ts) = if a >= EPOCH_2001 && b < EPOCH_2001 {
        (b, a)
    } else {
        (a, b)
    };
    if !value.is_finite() {
        return None;
    }
    Some(UsagePoint {
        at: lenient::datetime(Some(&Value::from(ts)))?,
        value,
    })
}

/// `{incoming: [[value, ts]], outgoing: [...]}` → two series in MB (wire decisions).
pub(crate) fn usage(account: &str, server_id: &str, data: &Value) -> Vec<UsageSeries> {
    [("incoming", "trafficIn"), ("outgoing", "trafficOut")]
        .iter()
        .map(|(key, metric)| UsageSeries {
            account: account.to_owned(),
            provider: PROVIDER,
            server_id: server_id.to_owned(),
            metric: (*metric).to_owned(),
            unit: "MB".into(),
            points: match data.get(*key) {
                Some(Value::Array(a)) => a.iter().filter_map(usage_point).collect(),
                _ => Vec::new(),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn server_quirks() {
        let s = server(
            "a",
            &json!({"id": 1, "name": "n", "cpu": 1, "memory": 1, "disk": "0", "state": "Stopped",
                    "networks": {"v4": {"ip": "172.17.32.68"}, "v6": ""}, "create_at": "2018-01-04T11:14:34Z",
                    "active_events": [], "bandwidth": 4}),
        )
        .unwrap();
        assert_eq!(s.id, "1");
        assert_eq!(s.status, ServerStatus::Stopped);
        assert_eq!(s.disk_gb, None);
        assert_eq!(s.memory_mb, Some(1024));
        assert_eq!(s.bandwidth_gb, Some(4000));
        assert_eq!(s.ipv4, vec!["172.17.32.68"]);
        assert!(s.ipv6.is_empty());
        assert!(s.created_at.is_some());
        let s = server(
            "a",
            &json!({"subscription_id": "7", "state": "running", "active_events": [1578]}),
        )
        .unwrap();
        assert_eq!(s.id, "7");
        assert_eq!(s.status, ServerStatus::Busy);
        assert_eq!(s.active_jobs, vec!["1578"]);
        assert!(server("a", &json!({"name": "no id"})).is_none());
    }

    #[test]
    fn an_invoice_document_link_is_read_from_the_tolerated_keys() {
        let link = |o: Value| {
            invoice("a", &o)
                .and_then(|i| i.document)
                .map(|d| d.expose().to_owned())
        };
        assert_eq!(
            link(json!({"id": 1, "pdf_url": "https://panel.example/i/1.pdf?token=x"})).as_deref(),
            Some("https://panel.example/i/1.pdf?token=x")
        );
        assert_eq!(
            link(json!({"id": 1, "pay_url": "https://pay.example/c/1"})).as_deref(),
            Some("https://pay.example/c/1")
        );
        assert_eq!(
            link(json!({"id": 1, "links": {"download": "http://127.0.0.1:9/x.pdf"}})).as_deref(),
            Some("http://127.0.0.1:9/x.pdf")
        );
        // A relative path, another scheme or a non-string is no document link.
        for o in [
            json!({"id": 1, "url": "/v1/invoice/1/pdf"}),
            json!({"id": 1, "url": "javascript:alert(1)"}),
            json!({"id": 1, "pdf": true}),
            json!({"id": 1}),
        ] {
            let parsed = invoice("a", &o).unwrap();
            assert!(!parsed.has_document && parsed.document.is_none(), "{o}");
        }
        let with = invoice("a", &json!({"id": 1, "url": "https://panel.example/i/1"})).unwrap();
        assert!(with.has_document);
        assert!(
            !format!("{:?}", with.document).contains("panel.example"),
            "Debug hides the link"
        );
    }

    #[test]
    fn scrub_removes_secrets() {
        let v =
            scrub(&json!({"a": 1, "root_password": "x", "n": {"token": "t", "ok": [ {"Password": "p"} ]}}));
        assert_eq!(v, json!({"a": 1, "n": {"ok": [{}]}}));
        // cloud-init input may carry passwords; private addresses are not secrets.
        let v = scrub(&json!({"user_data": "#cloud-config", "private_ip": "10.0.0.2", "auth": "x"}));
        assert_eq!(v, json!({"private_ip": "10.0.0.2"}));
    }

    #[test]
    fn md5_fingerprint_of_a_key() {
        // Checked against `ssh-keygen -l -E md5` of the same key.
        let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFHa+jmnrPMTwe0fmOMPX7KCyU1WaIu7X5//2bI+u6zg test";
        assert_eq!(
            md5_fingerprint(key).as_deref(),
            Some("81:ac:c1:01:c0:fb:17:19:55:8f:60:67:4f:a4:a0:82")
        );
        assert!(md5_fingerprint("garbage").is_none());
    }

    #[test]
    fn event_states() {
        assert_eq!(event_status(Some(&json!(0)), false), JobStatus::Running);
        assert_eq!(event_status(Some(&json!(0)), true), JobStatus::Succeeded);
        assert_eq!(event_status(Some(&json!(1)), false), JobStatus::Succeeded);
        assert_eq!(event_status(Some(&json!(-1)), true), JobStatus::Failed);
        assert_eq!(event_status(Some(&json!("-1")), false), JobStatus::Failed);
        assert_eq!(event_status(None, false), JobStatus::Running);
    }

    #[test]
    fn usage_pairs_in_either_order() {
        let s = usage(
            "a",
            "1",
            &json!({"incoming": [[125.08, 1515678960]], "outgoing": [[1515678960, 6.79]]}),
        );
        assert_eq!(s[0].points[0].value, 125.08);
        assert_eq!(s[1].points[0].value, 6.79);
        assert_eq!(s[1].points[0].at.timestamp(), 1515678960);
    }
}
