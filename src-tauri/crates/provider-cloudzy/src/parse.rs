//! Cloudzy JSON → domain model. The quirks (docs/wire-decisions.md, Cloudzy reference) are absorbed here and
//! nowhere else: list wrappers that differ per endpoint (`data` array, `data.instances`, `data.os`,
//! `data.floatingIps`, `data.data`…), epoch-integer vs string timestamps, string-or-number money, integer SSH
//! key ids, lower-case instance statuses vs upper-case artifact statuses.
//!
//! Every function is total: an item it cannot use is skipped (lists) or `None` (single objects);
//! nothing panics on any input. `raw` keeps the provider's object minus secrets ([`scrub`]).

pub(crate) use fleetdeck_core::lenient::id_text;
use fleetdeck_core::lenient::{self, first_text, gb_to_mb, positive, tb_to_gb};
use fleetdeck_core::{
    AccountProfile, ArtifactStatus, BackupPolicy, FloatingIp, Image, ImageKind, Money, Plan, PlanKind, Price,
    PricePeriod, ProviderKind, RawStatus, Region, Server, ServerStatus, Snapshot, SnapshotStatus, SshKey,
    UploadKind, UploadedImage,
};
use serde_json::Value;

const PROVIDER: ProviderKind = ProviderKind::Cloudzy;

/// Cloudzy bills in US dollars (`/v1/profile` `currency`, docs/wire-decisions.md); prices carry no
/// currency of their own.
pub(crate) const CURRENCY: &str = "USD";

/// Remove secrets from a provider object before it becomes `raw` (cached on disk, shown in the
/// UI): the one policy of `fleetdeck_core::lenient::is_secret_key`.
pub(crate) use fleetdeck_core::lenient::without_secrets as scrub;

/// The items of a list answer (quirk 5): `data` itself, `data.<key>` for the first key present, or
/// the only array of the wrapper. Non-objects are skipped.
pub(crate) fn list_items<'a>(data: &'a Value, keys: &[&str]) -> Vec<&'a Value> {
    lenient::find_array(data, keys)
        .map(|a| a.iter().filter(|v| v.is_object()).collect())
        .unwrap_or_default()
}

/// The one object of a detail answer: `data.<key>` when the object wraps it, else `data` itself,
/// else the first object of an array.
pub(crate) fn single_item<'a>(data: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    match data {
        Value::Object(o) => keys
            .iter()
            .find_map(|k| o.get(*k).filter(|v| v.is_object()))
            .or(Some(data)),
        Value::Array(a) => a.iter().find(|v| v.is_object()),
        _ => None,
    }
}

/// The bookmark of an instance page: `data.bookmark` (string or number); `None` when absent/empty.
pub(crate) fn bookmark(data: &Value) -> Option<String> {
    lenient::text(data.get("bookmark")).filter(|b| !b.trim().is_empty())
}

/// `total` of a numbered page (`data.total`, also `count`/`totalCount`).
pub(crate) fn total(data: &Value) -> Option<u64> {
    ["total", "totalCount", "count"]
        .iter()
        .find_map(|k| lenient::number(data.get(*k)))
        .filter(|t| t.is_finite() && *t >= 0.0)
        .map(|t| t as u64)
}

fn first_value<'a>(o: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|k| o.get(*k).filter(|v| !v.is_null()))
}

fn money(v: Option<&Value>) -> Option<Money> {
    lenient::decimal(v).map(|amount| Money {
        amount,
        currency: Some(CURRENCY.into()),
    })
}

/// Normalise an instance `status` (seen: `initializing`, `preparing_disk`, `active`, `shutdown`;
/// third parties check `error`/`failed`). Unknown words stay `Unknown` with the raw text kept.
pub(crate) fn server_status(status: Option<&str>) -> ServerStatus {
    let Some(s) = status else {
        return ServerStatus::Unknown;
    };
    match s.trim().to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
        "active" | "running" | "on" | "online" => ServerStatus::Running,
        "shutdown" | "stopped" | "off" | "poweroff" | "powered_off" | "inactive" => ServerStatus::Stopped,
        "initializing" | "preparing_disk" | "pending" | "creating" | "building" | "provisioning"
        | "installing" | "new" => ServerStatus::Provisioning,
        "starting" | "powering_on" => ServerStatus::Starting,
        "stopping" | "powering_off" | "shutting_down" => ServerStatus::Stopping,
        "rebooting" | "resetting" | "restarting" => ServerStatus::Rebooting,
        "resizing" | "changing_os" | "reinstalling" | "restoring" | "in_progress" | "busy" | "migrating"
        | "locked" => ServerStatus::Busy,
        "suspended" | "blocked" | "expired" => ServerStatus::Suspended,
        "error" | "failed" => ServerStatus::Error,
        "deleting" | "deleted" | "terminated" | "destroyed" => ServerStatus::Deleting,
        _ => ServerStatus::Unknown,
    }
}

/// Whether an instance status says the instance is gone (deleted instances stay listable with
/// `includeDeleted`).
pub(crate) fn is_deleted_status(status: Option<&str>) -> bool {
    status.is_some_and(|s| {
        matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "deleted" | "terminated" | "destroyed"
        )
    })
}

const SERVER_FIELDS: &[&str] = &[
    "id",
    "hostname",
    "vcpuCount",
    "ram",
    "disk",
    "insertedAt",
    "osId",
    "region",
    "status",
    "mainIp",
    "mainIpv6",
    "productId",
    "extraResource",
];

/// An instance (`InstanceDetailSchema`).
pub(crate) fn server(account: &str, o: &Value) -> Option<Server> {
    let id = id_text(o.get("id"))?;
    let hostname = first_text(o, &["hostname", "hostName", "name"]);
    let status_text = lenient::text(o.get("status"));
    let mut flags = std::collections::BTreeMap::new();
    for key in ["attachIso", "isDdosProtected"] {
        if let Some(b) = lenient::flag(o.get(key)) {
            flags.insert(key.to_owned(), b);
        }
    }
    let extra_resource = o.get("extraResource");
    let ipv4: Vec<String> = first_text(o, &["mainIp", "mainIpv4", "ipv4"])
        .into_iter()
        .collect();
    let ipv6: Vec<String> = first_text(o, &["mainIpv6", "ipv6"]).into_iter().collect();
    let plan = lenient::text(o.get("productId")).or_else(|| {
        extra_resource.filter(|e| e.is_object()).map(|e| {
            format!(
                "custom ({} vCPU, {} GB RAM, {} GB disk)",
                lenient::text(e.get("cpu")).unwrap_or_else(|| "?".into()),
                lenient::text(e.get("ramInGB")).unwrap_or_else(|| "?".into()),
                lenient::text(e.get("diskInGB")).unwrap_or_else(|| "?".into()),
            )
        })
    });
    let image = lenient::text(o.get("osId"))
        .or_else(|| o.get("os").and_then(|os| lenient::text(os.get("id"))))
        .or_else(|| first_text(o, &["fromImage", "isoId"]));
    let extra = lenient::extra_fields(o, SERVER_FIELDS);
    Some(Server {
        account: account.to_owned(),
        provider: PROVIDER,
        name: hostname.clone().unwrap_or_else(|| id.clone()),
        id,
        hostname,
        status: server_status(status_text.as_deref()),
        raw_status: RawStatus {
            text: status_text,
            code: None,
            flags,
        },
        ipv4,
        ipv6,
        region: first_text(o, &["region", "regionId"]),
        plan,
        image,
        vcpus: positive(o.get("vcpuCount")),
        // docs/wire-decisions.md: `ram` is MB.
        memory_mb: positive(o.get("ram")),
        disk_gb: positive(o.get("disk")),
        bandwidth_gb: extra_resource.and_then(|e| tb_to_gb(e.get("bandwidthInTB"))),
        created_at: lenient::datetime(first_value(o, &["insertedAt", "createdAt"])),
        tags: Vec::new(),
        local_tags: Vec::new(),
        active_jobs: Vec::new(),
        usage: None,
        extra,
        raw: scrub(o),
    })
}

/// The instances of a list page or a create answer.
pub(crate) fn servers(account: &str, data: &Value) -> Vec<Server> {
    list_items(data, &["instances", "data", "items"])
        .into_iter()
        .filter_map(|o| server(account, o))
        .collect()
}

pub(crate) fn region(account: &str, o: &Value) -> Option<Region> {
    let id = id_text(o.get("id")).or_else(|| id_text(o.get("regionId")))?;
    let mut features = std::collections::BTreeMap::new();
    if let Some(Value::Object(config)) = o.get("config") {
        features.extend(config.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    for key in ["isPremium", "ddosActiveness", "maxDiscountPercent"] {
        if let Some(v) = o.get(key) {
            features.insert(key.to_owned(), v.clone());
        }
    }
    // Region ids read `UK-London`, `DE-Frankfurt`: the prefix is the country.
    let country = lenient::text(o.get("country")).or_else(|| {
        id.split_once('-')
            .map(|(c, _)| c)
            .filter(|c| c.len() == 2 && c.chars().all(|x| x.is_ascii_alphabetic()))
            .map(str::to_owned)
    });
    let active = lenient::flag(o.get("isActive"));
    let out_of_stock = lenient::flag(o.get("isOutOfStock"));
    let available = match (active, out_of_stock) {
        (None, None) => None,
        (a, s) => Some(a.unwrap_or(true) && !s.unwrap_or(false)),
    };
    Some(Region {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(o.get("name")),
        city: lenient::text(o.get("city")).or_else(|| id.split_once('-').map(|(_, c)| c.to_owned())),
        id,
        country,
        available,
        features,
        raw: scrub(o),
    })
}

/// A product (fixed plan) of a region.
pub(crate) fn plan(account: &str, o: &Value, region: Option<&str>) -> Option<Plan> {
    let id = id_text(o.get("id"))?;
    let p = o.get("plan").filter(|p| p.is_object()).unwrap_or(&Value::Null);
    let spec = p
        .get("specification")
        .filter(|s| s.is_object())
        .unwrap_or(&Value::Null);
    let gpu = lenient::number(p.get("gpuQuantity")).is_some_and(|q| q > 0.0)
        || lenient::text(p.get("type")).is_some_and(|t| t.to_ascii_lowercase().contains("gpu"));
    let prices = o
        .get("priceItems")
        .and_then(Value::as_array)
        .map(|items| items.iter().flat_map(prices_of).collect())
        .unwrap_or_default();
    let regions: Vec<String> = lenient::text(o.get("regionId"))
        .or_else(|| region.map(str::to_owned))
        .into_iter()
        .collect();
    Some(Plan {
        account: account.to_owned(),
        provider: PROVIDER,
        id,
        name: first_text(p, &["name", "description"]).or_else(|| first_text(o, &["name"])),
        kind: if gpu { PlanKind::Gpu } else { PlanKind::Fixed },
        vcpus: positive(spec.get("cpu")),
        memory_mb: positive(spec.get("ramInMB")).or_else(|| gb_to_mb(spec.get("ram"))),
        disk_gb: positive(spec.get("storage")),
        bandwidth_gb: tb_to_gb(spec.get("bandwidthInTB")),
        prices,
        regions,
        available: lenient::flag(o.get("isActive")),
        raw: scrub(o),
    })
}

/// The hourly and monthly prices of one `priceItems[]` entry.
fn prices_of(item: &Value) -> Vec<Price> {
    let discount = lenient::number(item.get("discountPercent"));
    [
        (PricePeriod::Hourly, "hourlyPrice", "hourlyPriceWithoutDiscount"),
        (
            PricePeriod::Monthly,
            "monthlyPrice",
            "monthlyPriceWithoutDiscount",
        ),
    ]
    .into_iter()
    .filter_map(|(period, key, before)| {
        Some(Price {
            amount: money(item.get(key))?,
            period,
            before_discount: lenient::decimal(item.get(before)),
            discount_percent: discount,
        })
    })
    .collect()
}

/// Minimum RAM as `"512"` (MB), `"1GB"`, `1024`.
fn min_memory_mb(v: Option<&Value>) -> Option<u32> {
    let mb = match v? {
        Value::String(s) if s.trim().chars().any(|c| c.is_ascii_alphabetic()) => {
            lenient::size_in(s, lenient::SizeUnit::Mb)?
        }
        other => lenient::number(Some(other))?,
    };
    (mb.is_finite() && mb > 0.0 && mb <= f64::from(u32::MAX)).then(|| mb.round() as u32)
}

/// An operating system (`/v1/os`).
pub(crate) fn os(account: &str, o: &Value) -> Option<Image> {
    let id = id_text(o.get("id"))?;
    Some(Image {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(o.get("name")).unwrap_or_else(|| id.clone()),
        id,
        kind: ImageKind::Os,
        family: lenient::text(o.get("family")),
        version: lenient::text(o.get("version")),
        arch: lenient::text(o.get("arch")),
        regions: Vec::new(),
        min_disk_gb: positive(o.get("minDisk")),
        min_memory_mb: min_memory_mb(o.get("minRam")),
        compatible_os: Vec::new(),
        description: lenient::text(o.get("description")),
        price: None,
        raw: scrub(o),
    })
}

/// A one-click application (`/v1/applications`).
pub(crate) fn application(account: &str, o: &Value) -> Option<Image> {
    let id = id_text(o.get("id"))?;
    let period = match lenient::text(o.get("pricingType"))
        .unwrap_or_default()
        .to_ascii_lowercase()
        .as_str()
    {
        "hourly" => PricePeriod::Hourly,
        "one-time" | "onetime" | "once" | "one_time" => PricePeriod::OneTime,
        _ => PricePeriod::Monthly,
    };
    let compatible_os = o
        .get("osList")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| id_text(Some(x)).or_else(|| id_text(x.get("id"))))
                .collect()
        })
        .unwrap_or_default();
    Some(Image {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(o.get("name")).unwrap_or_else(|| id.clone()),
        id,
        kind: ImageKind::Application,
        family: lenient::text(o.get("osFamily")),
        version: lenient::text(o.get("version")),
        arch: None,
        regions: Vec::new(),
        min_disk_gb: None,
        min_memory_mb: None,
        compatible_os,
        description: lenient::text(o.get("description")),
        price: money(o.get("price")).map(|amount| Price {
            amount,
            period,
            before_discount: None,
            discount_percent: None,
        }),
        raw: scrub(o),
    })
}

pub(crate) fn ssh_key(account: &str, o: &Value) -> Option<SshKey> {
    let id = id_text(o.get("id"))?;
    Some(SshKey {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(o.get("name")).unwrap_or_else(|| id.clone()),
        id,
        public_key: first_text(o, &["publicKey", "public_key"]).unwrap_or_default(),
        fingerprint: first_text(o, &["fingerprint", "fingerPrint"]),
        raw: scrub(o),
    })
}

pub(crate) fn floating_ip(account: &str, o: &Value) -> Option<FloatingIp> {
    let id = id_text(o.get("id"))?;
    Some(FloatingIp {
        account: account.to_owned(),
        provider: PROVIDER,
        address: first_text(o, &["ipAddress", "ip", "address"]).unwrap_or_default(),
        id,
        region: first_text(o, &["regionId", "region"]),
        server_id: first_text(o, &["instanceId", "instance_id"]),
        auto_renew: lenient::flag(o.get("autoRenew")),
        note: lenient::text(o.get("customerNote")),
        expires_at: lenient::datetime(first_value(
            o,
            &["expiresAt", "expireAt", "expirationDate", "expiresAfter"],
        )),
        raw: scrub(o),
    })
}

/// `DOWNLOADING | READY | FAILED | DELETED` of ISOs and images.
pub(crate) fn artifact_status(status: Option<&str>) -> ArtifactStatus {
    match status.map(|s| s.trim().to_ascii_uppercase()).as_deref() {
        Some("READY" | "ACTIVE" | "AVAILABLE") => ArtifactStatus::Ready,
        Some("DOWNLOADING" | "PENDING" | "IN_PROGRESS" | "QUEUED" | "PROCESSING") => ArtifactStatus::Pending,
        Some("FAILED" | "ERROR") => ArtifactStatus::Failed,
        Some("DELETED") => ArtifactStatus::Deleted,
        _ => ArtifactStatus::Unknown,
    }
}

/// An ISO (`/v1/iso`) or a custom image (`/v1/images`).
pub(crate) fn upload(account: &str, kind: UploadKind, o: &Value) -> Option<UploadedImage> {
    let id = id_text(o.get("id"))?;
    let status = lenient::text(o.get("status"));
    let format = match kind {
        UploadKind::Iso => Some("iso".to_owned()),
        UploadKind::DiskImage => lenient::text(o.get("format")),
    };
    Some(UploadedImage {
        account: account.to_owned(),
        provider: PROVIDER,
        kind,
        name: lenient::text(o.get("name")).unwrap_or_else(|| id.clone()),
        id,
        status: artifact_status(status.as_deref()),
        raw_status: RawStatus {
            text: status,
            ..Default::default()
        },
        region: first_text(o, &["regionId", "region"]),
        source_url: first_text(o, &["url", "sourceUrl", "downloadUrl"]),
        // `size` is MB (as the sandbox serves it; undocumented); `sizeInGB` where present wins.
        size_gb: lenient::number(o.get("sizeInGB"))
            .or_else(|| lenient::number(first_value(o, &["sizeInMB", "size"])).map(|mb| mb / 1024.0))
            .filter(|s| s.is_finite() && *s >= 0.0),
        format,
        created_at: lenient::datetime(first_value(o, &["createdAt", "insertedAt"])),
        raw: scrub(o),
    })
}

/// `ACTIVE | IN_PROGRESS | FAILED | RESTORING` of snapshots.
pub(crate) fn snapshot_status(status: Option<&str>) -> SnapshotStatus {
    match status.map(|s| s.trim().to_ascii_uppercase()).as_deref() {
        Some("ACTIVE" | "READY" | "AVAILABLE") => SnapshotStatus::Ready,
        Some("IN_PROGRESS" | "PENDING" | "CREATING") => SnapshotStatus::Pending,
        Some("RESTORING") => SnapshotStatus::Restoring,
        Some("FAILED" | "ERROR") => SnapshotStatus::Failed,
        _ => SnapshotStatus::Unknown,
    }
}

const SNAPSHOT_FIELDS: &[&str] = &[
    "id",
    "name",
    "size",
    "status",
    "createdAt",
    "lastRestoredAt",
    "instanceId",
    "regionId",
];

pub(crate) fn snapshot(account: &str, o: &Value) -> Option<Snapshot> {
    let id = id_text(o.get("id"))?;
    let status = lenient::text(o.get("status"));
    let automated = ["isAutomatedBackup", "is_automated_backup", "isAutomated"]
        .iter()
        .find_map(|k| lenient::flag(o.get(*k)))
        .unwrap_or(false);
    let extra = lenient::extra_fields(o, SNAPSHOT_FIELDS);
    Some(Snapshot {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(o.get("name")).unwrap_or_else(|| id.clone()),
        id,
        server_id: first_text(o, &["instanceId", "instance_id"]),
        status: snapshot_status(status.as_deref()),
        raw_status: RawStatus {
            text: status,
            ..Default::default()
        },
        size_gb: lenient::number(o.get("size")).filter(|s| s.is_finite() && *s >= 0.0),
        created_at: lenient::datetime(o.get("createdAt")),
        last_restored_at: lenient::datetime(o.get("lastRestoredAt")),
        regions: first_text(o, &["regionId", "region"]).into_iter().collect(),
        automated,
        extra,
        raw: scrub(o),
    })
}

pub(crate) fn backup_policy(account: &str, o: &Value) -> Option<BackupPolicy> {
    let server_id = first_text(o, &["instanceId", "instance_id"])?;
    let backups = o
        .get("backupFiles")
        .and_then(Value::as_array)
        .map(|files| {
            files
                .iter()
                .filter_map(|f| snapshot(account, f))
                .map(|mut s| {
                    s.automated = true;
                    s.server_id.get_or_insert_with(|| server_id.clone());
                    s
                })
                .collect()
        })
        .unwrap_or_default();
    let weekdays = o
        .get("scheduleWeekDays")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|d| lenient::text(Some(d))).collect())
        .unwrap_or_default();
    Some(BackupPolicy {
        account: account.to_owned(),
        provider: PROVIDER,
        server_id,
        status: lenient::text(o.get("status")).unwrap_or_else(|| "unknown".into()),
        frequency: lenient::text(o.get("scheduleFrequency")).unwrap_or_default(),
        weekdays,
        retention_id: lenient::number(o.get("periodId"))
            .filter(|n| n.is_finite() && n.fract() == 0.0 && n.abs() < 9.0e15)
            .map(|n| n as i64),
        max_files: lenient::count(o.get("maxFiles")),
        monthly_price: money(o.get("monthlyPrice")),
        last_success_at: lenient::datetime(o.get("lastSuccessfulBackupTime")),
        backups,
        raw: scrub(o),
    })
}

/// `/v1/profile` (docs/wire-decisions.md): `{id, email, firstName, lastName, balance, currency}`.
pub(crate) fn profile(account: &str, o: &Value) -> AccountProfile {
    let name = match (
        lenient::text(o.get("firstName")),
        lenient::text(o.get("lastName")),
    ) {
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (f, l) => f.or(l).or_else(|| first_text(o, &["name", "fullName"])),
    };
    let currency = lenient::text(o.get("currency")).or_else(|| Some(CURRENCY.into()));
    let balance = lenient::decimal(o.get("balance")).map(|amount| Money { amount, currency });
    let mut extra = std::collections::BTreeMap::new();
    if let Some(id) = first_text(o, &["id", "customerId"]) {
        extra.insert("customerId".to_owned(), Value::String(id));
    }
    AccountProfile {
        account: account.to_owned(),
        provider: PROVIDER,
        name,
        email: lenient::text(o.get("email")),
        company: first_text(o, &["company", "companyName"]),
        balance,
        verified: first_value(o, &["isVerified", "verified"]).and_then(|v| lenient::flag(Some(v))),
        registered_at: lenient::datetime(first_value(o, &["createdAt", "registeredAt", "insertedAt"])),
        last_login_at: lenient::datetime(o.get("lastLoginAt")),
        extra,
        raw: scrub(o),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn instance_maps_every_unified_field() {
        let o = json!({
            "id": "b0c2", "hostname": "web-fra-01", "vcpuCount": 2, "ram": 4096, "disk": 80,
            "insertedAt": "2026-01-02T03:04:05Z", "osId": "a1b2", "region": "DE-Frankfurt",
            "status": "active", "mainIp": "203.0.113.7", "mainIpv6": "2001:db8::7",
            "productId": "p-1", "class": "default", "attachIso": false,
            "extraResource": {"bandwidthInTB": 2}, "rootPassword": "nope"
        });
        let s = server("acc", &o).unwrap();
        assert_eq!((s.id.as_str(), s.name.as_str()), ("b0c2", "web-fra-01"));
        assert_eq!(s.status, ServerStatus::Running);
        assert_eq!(s.memory_mb, Some(4096));
        assert_eq!(s.bandwidth_gb, Some(2000));
        assert_eq!(s.ipv6, vec!["2001:db8::7"]);
        assert_eq!(s.extra["class"], "default");
        assert!(s.raw.get("rootPassword").is_none());
        assert!(!s.raw_status.flags["attachIso"]);
    }

    #[test]
    fn statuses() {
        assert_eq!(server_status(Some("preparing_disk")), ServerStatus::Provisioning);
        assert_eq!(server_status(Some("shutdown")), ServerStatus::Stopped);
        assert_eq!(server_status(Some("weird")), ServerStatus::Unknown);
        assert_eq!(snapshot_status(Some("IN_PROGRESS")), SnapshotStatus::Pending);
        assert_eq!(artifact_status(Some("DOWNLOADING")), ArtifactStatus::Pending);
    }

    #[test]
    fn wrappers() {
        assert_eq!(list_items(&json!({"os": [{"id": 1}]}), &["os"]).len(), 1);
        assert_eq!(
            list_items(&json!({"data": [{"id": 1}, 2], "total": 2}), &["isos"]).len(),
            1
        );
        assert_eq!(total(&json!({"total": "3"})), Some(3));
        assert_eq!(bookmark(&json!({"bookmark": ""})), None);
        assert_eq!(
            single_item(&json!({"instance": {"id": "x"}}), &["instance"]).unwrap()["id"],
            "x"
        );
    }
}
