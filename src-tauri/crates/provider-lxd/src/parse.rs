//! LXD-dialect JSON → domain model, for both flavours:
//! - vz containers (the vz API's `GET /1.0/vz/<id>`: `hostname`, `config`, `status.machine[]` usage
//!   strings such as `"5GB"` and `"20%"`; the later revision's `cpulimit`, `diskspace` (KB),
//!   `load_average`, string status codes);
//! - LXD instances (`?recursion=2` objects with `state`), snapshots, backups, images, operations.
//!
//! Every function is total: an item it cannot use is skipped (lists) or `None`; nothing panics on
//! any input. `raw` keeps the server's object minus keys that name secrets ([`scrub`]).

use fleetdeck_core::job::JobStatus;
use fleetdeck_core::lenient::{self, SizeUnit};
use fleetdeck_core::{
    AccountProfile, ArtifactStatus, Backup, Extra, Image, ImageKind, LiveUsage, ProviderEvent, ProviderKind,
    RawStatus, Server, ServerStatus, Snapshot, SnapshotStatus,
};
use serde_json::Value;

use crate::wire::{self, last_segment};

const PROVIDER: ProviderKind = ProviderKind::Vz;
const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
const MIB: f64 = 1024.0 * 1024.0;

/// Remove secrets before an object becomes `raw` (cached on disk, shown in the UI): the one policy
/// of `fleetdeck_core::lenient::is_secret_key`, which also drops cloud-init input (`user-data`,
/// `vendor-data`, `cloud-init.*` config keys) since it may hold passwords and keys.
pub(crate) use fleetdeck_core::lenient::without_secrets as scrub;

/// Normalised status from an LXD status code (docs/wire-decisions.md, vz and LXD reference), else from the
/// text.
pub(crate) fn status_of(code: Option<i64>, text: Option<&str>) -> ServerStatus {
    match code {
        Some(101 | 103 | 111 | 113) => return ServerStatus::Running,
        Some(102) => return ServerStatus::Stopped,
        Some(100 | 105) => return ServerStatus::Provisioning,
        Some(104 | 108 | 109) => return ServerStatus::Busy,
        Some(106) => return ServerStatus::Starting,
        Some(107) => return ServerStatus::Stopping,
        Some(110) => return ServerStatus::Suspended,
        Some(112) => return ServerStatus::Error,
        _ => {}
    }
    match text.map(|t| t.trim().to_ascii_lowercase()).as_deref() {
        Some("running" | "started" | "thawed" | "ready") => ServerStatus::Running,
        Some("stopped") => ServerStatus::Stopped,
        Some("frozen") => ServerStatus::Suspended,
        Some("starting") => ServerStatus::Starting,
        Some("stopping") => ServerStatus::Stopping,
        Some("freezing" | "cancelling" | "aborting") => ServerStatus::Busy,
        Some("pending" | "created") => ServerStatus::Provisioning,
        Some("error") => ServerStatus::Error,
        _ => ServerStatus::Unknown,
    }
}

fn code(v: Option<&Value>) -> Option<i64> {
    lenient::number(v).filter(|n| n.is_finite()).map(|n| n as i64)
}

/// Addresses: family-classified, global scope only (not loopback or link-local).
fn push_address(addr: &str, ipv4: &mut Vec<String>, ipv6: &mut Vec<String>) {
    let a = addr.trim().split('/').next().unwrap_or("").trim();
    let Ok(ip) = a.parse::<std::net::IpAddr>() else {
        return;
    };
    let skip = match ip {
        std::net::IpAddr::V4(v4) => v4.is_loopback() || v4.is_link_local() || v4.is_unspecified(),
        std::net::IpAddr::V6(v6) => {
            v6.is_loopback() || v6.is_unspecified() || (v6.segments()[0] & 0xffc0) == 0xfe80
        }
    };
    if skip {
        return;
    }
    let list = if ip.is_ipv6() { ipv6 } else { ipv4 };
    if !list.iter().any(|x| x == a) {
        list.push(a.to_owned());
    }
}

/// A size string or number in the unit; plain numbers are taken as `plain_unit_bytes` each.
fn size(v: Option<&Value>, unit: SizeUnit, plain_unit_bytes: f64) -> Option<f64> {
    let unit_bytes = match unit {
        SizeUnit::Mb => MIB,
        SizeUnit::Gb => GIB,
    };
    let x = match v? {
        Value::Number(n) => n.as_f64().map(|x| x * plain_unit_bytes / unit_bytes),
        Value::String(s) if s.trim().chars().all(|c| c.is_ascii_digit() || c == '.') => s
            .trim()
            .parse::<f64>()
            .ok()
            .map(|x| x * plain_unit_bytes / unit_bytes),
        Value::String(s) => lenient::size_in(s, unit),
        _ => None,
    }?;
    (x.is_finite() && x > 0.0).then_some(x)
}

fn whole(x: Option<f64>) -> Option<u32> {
    x.filter(|x| x.is_finite() && *x > 0.0 && *x <= f64::from(u32::MAX))
        .map(|x| x.round() as u32)
}

/// CPU count of `limits.cpu(s)`: a count (`"2"`), a set (`"0-3"`, `"1,3"`).
fn cpu_count(v: Option<&Value>) -> Option<u32> {
    let text = lenient::text(v)?;
    let t = text.trim();
    if let Ok(n) = t.parse::<u32>() {
        return (n > 0).then_some(n);
    }
    let mut total = 0u32;
    for part in t.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (a.trim().parse::<u32>().ok()?, b.trim().parse::<u32>().ok()?);
                total = total.checked_add(b.checked_sub(a)?.checked_add(1)?)?;
            }
            None => {
                part.trim().parse::<u32>().ok()?;
                total = total.checked_add(1)?;
            }
        }
    }
    (total > 0).then_some(total)
}

fn percent(v: Option<&Value>) -> Option<f64> {
    let text = lenient::text(v)?;
    let t = text.trim().trim_end_matches('%').trim();
    t.parse::<f64>().ok().filter(|p| p.is_finite())
}

// ---------------------------------------------------------------------------------------------
// vz

/// The id of a vz list item: a number (`101`) or a URL (`"/1.0/vz/101"`).
pub(crate) fn vz_ids(list: &Value) -> Vec<String> {
    let items = match list {
        Value::Array(a) => a.as_slice(),
        Value::Object(o) => match ["list", "containers", "vz"].iter().find_map(|k| o.get(*k)) {
            Some(Value::Array(a)) => a.as_slice(),
            _ => &[],
        },
        _ => &[],
    };
    items
        .iter()
        .filter_map(|v| match v {
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => last_segment(s),
            Value::Object(o) => lenient::text(o.get("id").or(o.get("ctid"))),
            _ => None,
        })
        .filter(|id| !id.is_empty())
        .collect()
}

/// A vz container (`GET /1.0/vz/<id>`); `id` is the one asked for.
pub(crate) fn vz_container(account: &str, id: &str, o: &Value) -> Option<Server> {
    if !o.is_object() {
        return None;
    }
    let config = o.get("config").filter(|c| c.is_object());
    let cfg = |k: &str| config.and_then(|c| c.get(k));
    // status: an object (seed) or the text itself (revision); status_code may be a string.
    let status_obj = o.get("status").filter(|s| s.is_object());
    let status_text = lenient::text(status_obj.and_then(|s| s.get("status")))
        .or_else(|| lenient::text(o.get("status")).filter(|_| status_obj.is_none()));
    let status_code = code(status_obj.and_then(|s| s.get("status_code"))).or(code(o.get("status_code")));
    let machine = status_obj.and_then(|s| s.get("machine")).and_then(|m| match m {
        Value::Array(a) => a.iter().find(|x| x.is_object()),
        Value::Object(_) => Some(m),
        _ => None,
    });
    let field = |k: &str| {
        machine
            .and_then(|m| m.get(k))
            .or(status_obj.and_then(|s| s.get(k)))
    };

    let hostname = lenient::text(o.get("hostname")).filter(|h| !h.is_empty());
    let memory_total = size(field("memory"), SizeUnit::Mb, MIB)
        .or_else(|| size(cfg("limits.memory").or(cfg("memspace")), SizeUnit::Mb, 1024.0));
    let free_memory = size(field("free_memory"), SizeUnit::Mb, MIB);
    let memory_used = size(field("memory_usage").or(field("memusage")), SizeUnit::Mb, 1024.0)
        .or_else(|| Some(memory_total? - free_memory?).filter(|x| *x >= 0.0));
    // The revision states disk space in KB.
    let disk_total =
        size(field("disk_space"), SizeUnit::Gb, GIB).or_else(|| size(cfg("diskspace"), SizeUnit::Gb, 1024.0));
    let disk_used = size(field("disk_usage").or(field("diskusage")), SizeUnit::Gb, 1024.0);
    let cpu_load = percent(field("cpu_load")).or_else(|| {
        // "0.00/0.01/0.05": the 1-minute load average, as a percentage of one CPU.
        lenient::text(field("load_average"))
            .and_then(|l| l.split('/').next().and_then(|x| x.trim().parse::<f64>().ok()))
            .map(|l| l * 100.0)
    });

    let (mut ipv4, mut ipv6) = (Vec::new(), Vec::new());
    for v in [field("ip_address"), cfg("ip"), o.get("ip")]
        .into_iter()
        .flatten()
    {
        let addrs: Vec<String> = match v {
            Value::Array(a) => a.iter().filter_map(|x| lenient::text(Some(x))).collect(),
            other => lenient::text(Some(other))
                .map(|s| s.split([',', ' ']).map(str::to_owned).collect())
                .unwrap_or_default(),
        };
        for a in addrs {
            push_address(&a, &mut ipv4, &mut ipv6);
        }
    }
    let usage = LiveUsage {
        cpu_percent: cpu_load,
        memory_used_mb: memory_used,
        memory_total_mb: memory_total,
        disk_used_gb: disk_used,
        disk_total_gb: disk_total,
        processes: lenient::count(field("numproc")),
        network_rx_bytes: None,
        network_tx_bytes: None,
    };
    let has_usage = usage != LiveUsage::default();
    let mut extra = Extra::new();
    if let Some(c) = config {
        extra.insert("config".into(), scrub(c));
    }
    Some(Server {
        account: account.to_owned(),
        provider: PROVIDER,
        id: id.to_owned(),
        name: hostname.clone().unwrap_or_else(|| id.to_owned()),
        hostname,
        status: status_of(status_code, status_text.as_deref()),
        raw_status: RawStatus {
            text: status_text,
            code: status_code,
            flags: Default::default(),
        },
        ipv4,
        ipv6,
        region: None,
        plan: None,
        image: lenient::text(cfg("ostemplate")).or_else(|| lenient::text(o.get("os"))),
        vcpus: cpu_count(cfg("limits.cpus"))
            .or_else(|| cpu_count(cfg("limits.cpu")))
            // OpenVZ `cpulimit` is a percentage, 100 per CPU.
            .or_else(|| whole(lenient::number(cfg("cpulimit")).map(|p| (p / 100.0).ceil()))),
        memory_mb: whole(memory_total),
        disk_gb: whole(disk_total),
        bandwidth_gb: None,
        created_at: wire::date(o.get("created_at")),
        tags: Vec::new(),
        local_tags: Vec::new(),
        active_jobs: Vec::new(),
        usage: has_usage.then_some(usage),
        extra,
        raw: scrub(o),
    })
}

// ---------------------------------------------------------------------------------------------
// LXD

/// Instances of a `GET /1.0/instances?recursion=1|2` answer.
pub(crate) fn instances(account: &str, list: &Value) -> Vec<Server> {
    match list {
        Value::Array(a) => a.iter().filter_map(|o| instance(account, o, None)).collect(),
        _ => Vec::new(),
    }
}

/// Names of a plain (URL) list of instances.
pub(crate) fn names(list: &Value) -> Vec<String> {
    match list {
        Value::Array(a) => a
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => last_segment(s),
                Value::Object(o) => lenient::text(o.get("name")),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// One LXD instance; `state` from a separate `GET …/state` when the object has none.
pub(crate) fn instance(account: &str, o: &Value, state: Option<&Value>) -> Option<Server> {
    let name = lenient::text(o.get("name")).filter(|n| !n.is_empty())?;
    let state = state
        .filter(|s| s.is_object())
        .or_else(|| o.get("state").filter(|s| s.is_object()));
    let config = o
        .get("expanded_config")
        .filter(|c| c.is_object())
        .or_else(|| o.get("config").filter(|c| c.is_object()));
    let cfg = |k: &str| config.and_then(|c| c.get(k));
    let devices = o
        .get("expanded_devices")
        .filter(|d| d.is_object())
        .or_else(|| o.get("devices"));
    let root_size = devices.and_then(|d| match d {
        Value::Object(map) => map
            .values()
            .find(|dev| {
                lenient::text(dev.get("type")).as_deref() == Some("disk")
                    && lenient::text(dev.get("path")).as_deref() == Some("/")
            })
            .and_then(|dev| dev.get("size")),
        _ => None,
    });

    let status_text = lenient::text(state.and_then(|s| s.get("status"))).or(lenient::text(o.get("status")));
    let status_code = code(state.and_then(|s| s.get("status_code"))).or(code(o.get("status_code")));

    let (mut ipv4, mut ipv6) = (Vec::new(), Vec::new());
    let (mut rx, mut tx, mut has_net) = (0.0, 0.0, false);
    if let Some(Value::Object(nets)) = state.and_then(|s| s.get("network")) {
        for (ifname, net) in nets {
            if ifname == "lo" || lenient::text(net.get("type")).as_deref() == Some("loopback") {
                continue;
            }
            if let Some(Value::Array(addrs)) = net.get("addresses") {
                for a in addrs {
                    let scope = lenient::text(a.get("scope"));
                    if scope.as_deref().is_some_and(|s| s != "global") {
                        continue;
                    }
                    if let Some(addr) = lenient::text(a.get("address")) {
                        push_address(&addr, &mut ipv4, &mut ipv6);
                    }
                }
            }
            let counters = net.get("counters");
            if let Some(r) = lenient::number(counters.and_then(|c| c.get("bytes_received"))) {
                rx += r;
                has_net = true;
            }
            if let Some(t) = lenient::number(counters.and_then(|c| c.get("bytes_sent"))) {
                tx += t;
                has_net = true;
            }
        }
    }

    let memory_limit = size(cfg("limits.memory"), SizeUnit::Mb, 1.0);
    let memory = state.and_then(|s| s.get("memory"));
    let memory_total = lenient::number(memory.and_then(|m| m.get("total")))
        .filter(|t| *t > 0.0)
        .map(|t| t / MIB)
        .or(memory_limit);
    let disk_total = size(root_size, SizeUnit::Gb, 1.0);
    let disk_used = match state.and_then(|s| s.get("disk")) {
        Some(Value::Object(d)) => d
            .get("root")
            .or_else(|| d.values().next())
            .and_then(|r| lenient::number(r.get("usage")))
            .map(|b| b / GIB),
        _ => None,
    };
    let usage = state.map(|s| LiveUsage {
        // LXD reports cumulative CPU nanoseconds, not a load: no percentage without two samples.
        cpu_percent: None,
        memory_used_mb: lenient::number(memory.and_then(|m| m.get("usage"))).map(|b| b / MIB),
        memory_total_mb: memory_total,
        disk_used_gb: disk_used,
        disk_total_gb: disk_total,
        processes: lenient::count(s.get("processes")),
        network_rx_bytes: has_net.then_some(rx),
        network_tx_bytes: has_net.then_some(tx),
    });

    let image = match (
        lenient::text(cfg("image.os")),
        lenient::text(cfg("image.release")),
    ) {
        (Some(os), Some(rel)) => Some(format!("{os} {rel}")),
        (Some(os), None) => Some(os),
        _ => lenient::text(cfg("image.description")),
    };
    let mut extra = Extra::new();
    for k in [
        "type",
        "architecture",
        "profiles",
        "description",
        "stateful",
        "ephemeral",
        "project",
        "location",
        "last_used_at",
    ] {
        if let Some(v) = o.get(k).filter(|v| !v.is_null()) {
            extra.insert(k.into(), v.clone());
        }
    }
    let description = lenient::text(o.get("description")).filter(|d| !d.is_empty());
    Some(Server {
        account: account.to_owned(),
        provider: PROVIDER,
        id: name.clone(),
        name: name.clone(),
        hostname: Some(name),
        status: status_of(status_code, status_text.as_deref()),
        raw_status: RawStatus {
            text: status_text,
            code: status_code,
            flags: Default::default(),
        },
        ipv4,
        ipv6,
        region: lenient::text(o.get("location")).filter(|l| !l.is_empty() && l != "none"),
        plan: lenient::text(o.get("type")),
        image,
        vcpus: cpu_count(cfg("limits.cpu")),
        memory_mb: whole(memory_limit),
        disk_gb: whole(disk_total),
        bandwidth_gb: None,
        created_at: wire::date(o.get("created_at")),
        tags: description.into_iter().collect(),
        local_tags: Vec::new(),
        active_jobs: Vec::new(),
        usage,
        extra,
        raw: scrub(o),
    })
}

/// A snapshot (`name` is `snap0`, or `inst/snap0` in older servers) of `instance`.
pub(crate) fn snapshot(account: &str, instance: &str, o: &Value) -> Option<Snapshot> {
    let full = lenient::text(o.get("name")).filter(|n| !n.is_empty())?;
    let name = full.rsplit('/').next().unwrap_or(&full).to_owned();
    let size = lenient::number(o.get("size"))
        .filter(|s| *s > 0.0)
        .map(|b| b / GIB);
    let mut extra = Extra::new();
    for k in ["stateful", "expires_at", "architecture"] {
        if let Some(v) = o.get(k) {
            extra.insert(k.into(), v.clone());
        }
    }
    Some(Snapshot {
        account: account.to_owned(),
        provider: PROVIDER,
        id: format!("{instance}/{name}"),
        name,
        server_id: Some(instance.to_owned()),
        status: SnapshotStatus::Ready,
        raw_status: RawStatus::default(),
        size_gb: size,
        created_at: wire::date(o.get("created_at")),
        last_restored_at: None,
        regions: Vec::new(),
        automated: false,
        extra,
        raw: scrub(o),
    })
}

pub(crate) fn snapshots(account: &str, instance: &str, list: &Value) -> Vec<Snapshot> {
    match list {
        Value::Array(a) => a.iter().filter_map(|o| snapshot(account, instance, o)).collect(),
        _ => Vec::new(),
    }
}

/// A backup of `instance` (`name` is `backup0`, or `inst/backup0` in older servers).
pub(crate) fn backup(account: &str, instance: &str, o: &Value) -> Option<Backup> {
    let full = lenient::text(o.get("name")).filter(|n| !n.is_empty())?;
    let name = full.rsplit('/').next().unwrap_or(&full).to_owned();
    Some(Backup {
        account: account.to_owned(),
        provider: PROVIDER,
        id: format!("{instance}/{name}"),
        name,
        server_id: Some(instance.to_owned()),
        status: ArtifactStatus::Ready,
        size_gb: None,
        created_at: wire::date(o.get("created_at")),
        expires_at: wire::date(o.get("expires_at")),
        raw: scrub(o),
    })
}

pub(crate) fn backups(account: &str, instance: &str, list: &Value) -> Vec<Backup> {
    match list {
        Value::Array(a) => a.iter().filter_map(|o| backup(account, instance, o)).collect(),
        _ => Vec::new(),
    }
}

/// An image; its id is its first alias (what creation takes), else its fingerprint.
pub(crate) fn image(account: &str, o: &Value) -> Option<Image> {
    let fingerprint = lenient::text(o.get("fingerprint")).filter(|f| !f.is_empty())?;
    let alias = match o.get("aliases") {
        Some(Value::Array(a)) => a
            .iter()
            .find_map(|x| lenient::text(x.get("name")).or_else(|| lenient::text(Some(x)))),
        _ => None,
    }
    .filter(|a| !a.is_empty());
    let props = o.get("properties");
    let prop = |k: &str| lenient::text(props.and_then(|p| p.get(k))).filter(|v| !v.is_empty());
    let name = prop("description")
        .or_else(|| alias.clone())
        .unwrap_or_else(|| fingerprint.chars().take(12).collect());
    Some(Image {
        account: account.to_owned(),
        provider: PROVIDER,
        id: alias.unwrap_or(fingerprint),
        name,
        kind: ImageKind::Os,
        family: prop("os"),
        version: prop("release"),
        arch: lenient::text(o.get("architecture")).or_else(|| prop("architecture")),
        regions: Vec::new(),
        min_disk_gb: None,
        min_memory_mb: None,
        compatible_os: Vec::new(),
        description: prop("description"),
        price: None,
        raw: scrub(o),
    })
}

pub(crate) fn images(account: &str, list: &Value) -> Vec<Image> {
    match list {
        Value::Array(a) => a.iter().filter_map(|o| image(account, o)).collect(),
        _ => Vec::new(),
    }
}

/// An operation as a provider event.
pub(crate) fn event(account: &str, o: &Value) -> Option<ProviderEvent> {
    let op = wire::operation(o)?;
    if op.id.is_empty() {
        return None;
    }
    let status = match op.status_code {
        200..=399 => JobStatus::Succeeded,
        401 => JobStatus::Cancelled,
        400..=599 => JobStatus::Failed,
        100 | 105 => JobStatus::Queued,
        _ => JobStatus::Running,
    };
    Some(ProviderEvent {
        account: account.to_owned(),
        provider: PROVIDER,
        target: op.resource(&["instances", "containers"]),
        action: op.description.clone(),
        status,
        created_at: op.created_at,
        completed_at: if status.is_final() { op.updated_at } else { None },
        message: op.err.clone(),
        id: op.id,
        raw: scrub(o),
    })
}

/// Operations of `GET /1.0/operations?recursion=1`: `{running: [...], success: [...], ...}`.
pub(crate) fn events(account: &str, v: &Value) -> Vec<ProviderEvent> {
    let mut out: Vec<ProviderEvent> = match v {
        Value::Object(groups) => groups
            .values()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(|o| event(account, o))
            .collect(),
        Value::Array(a) => a.iter().filter_map(|o| event(account, o)).collect(),
        _ => Vec::new(),
    };
    out.sort_by_key(|e| std::cmp::Reverse(e.created_at));
    out
}

/// The server's self-description (`GET /1.0`) as the account's profile.
pub(crate) fn profile(account: &str, flavour: &str, v: &Value) -> AccountProfile {
    let env = v.get("environment");
    let envf = |k: &str| env.and_then(|e| e.get(k)).cloned();
    let mut extra = Extra::new();
    extra.insert("flavour".into(), Value::String(flavour.to_owned()));
    for (k, val) in [
        ("server", envf("server")),
        ("serverVersion", envf("server_version")),
        ("serverName", envf("server_name")),
        ("apiVersion", v.get("api_version").cloned()),
        ("auth", v.get("auth").cloned()),
        ("certificateFingerprint", envf("certificate_fingerprint")),
    ] {
        if let Some(val) = val.filter(|x| !x.is_null()) {
            extra.insert(k.into(), val);
        }
    }
    let mut raw = scrub(v);
    // The server's certificate is public but long; the fingerprint above identifies it.
    if let Some(e) = raw.get_mut("environment").and_then(Value::as_object_mut) {
        e.remove("certificate");
    }
    AccountProfile {
        account: account.to_owned(),
        provider: PROVIDER,
        name: lenient::text(env.and_then(|e| e.get("server_name"))),
        email: None,
        company: None,
        balance: None,
        verified: None,
        registered_at: None,
        last_login_at: None,
        extra,
        raw,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_seed_container() {
        let o = json!({"hostname": "my-container", "config": {"limits.cpus": "3"},
            "status": {"status": "Running", "status_code": 103, "machine": [{
                "disk_space": "5GB", "disk_usage": "3GB", "memory": "4GB", "free_memory": "2GB",
                "cpu_load": "20%", "ip_address": "10.0.3.15"}]}});
        let s = vz_container("a", "101", &o).unwrap();
        assert_eq!((s.id.as_str(), s.name.as_str()), ("101", "my-container"));
        assert_eq!(s.status, ServerStatus::Running);
        assert_eq!((s.vcpus, s.memory_mb, s.disk_gb), (Some(3), Some(4096), Some(5)));
        assert_eq!(s.ipv4, vec!["10.0.3.15".to_string()]);
        let u = s.usage.unwrap();
        assert_eq!(u.cpu_percent, Some(20.0));
        assert_eq!(u.memory_used_mb, Some(2048.0));
        assert_eq!(u.disk_used_gb, Some(3.0));
    }

    #[test]
    fn the_revision_container() {
        let o = json!({"hostname": "h", "config": {"cpulimit": "200", "diskspace": "10485760"},
            "status": {"status": "running", "status_code": "103", "numproc": "12",
                       "load_average": "0.50/0.01/0.05"}});
        let s = vz_container("a", "7", &o).unwrap();
        assert_eq!(s.status, ServerStatus::Running);
        assert_eq!(s.raw_status.code, Some(103));
        assert_eq!(s.disk_gb, Some(10));
        assert_eq!(s.vcpus, Some(2));
        assert_eq!(s.usage.unwrap().processes, Some(12));
    }

    #[test]
    fn vz_lists_of_ids_or_urls() {
        assert_eq!(vz_ids(&json!([101, 102])), vec!["101", "102"]);
        assert_eq!(vz_ids(&json!(["/1.0/vz/101"])), vec!["101"]);
        assert_eq!(vz_ids(&json!({"list": [5]})), vec!["5"]);
        assert!(vz_ids(&json!("x")).is_empty());
    }

    #[test]
    fn an_lxd_instance_with_state() {
        let o = json!({"name": "c1", "status": "Running", "status_code": 103, "type": "container",
            "location": "none", "created_at": "2026-11-30T03:29:59.772009539Z",
            "expanded_config": {"limits.cpu": "0-1", "limits.memory": "512MiB", "image.os": "busybox",
                                "image.release": "v1.35.0"},
            "expanded_devices": {"root": {"path": "/", "pool": "default", "type": "disk", "size": "10GiB"}},
            "state": {"status": "Running", "status_code": 103, "processes": 2,
                "memory": {"usage": 1048576}, "disk": {"root": {"usage": 1073741824}},
                "network": {"lo": {"addresses": [{"family": "inet", "address": "127.0.0.1", "scope": "local"}]},
                            "eth0": {"addresses": [
                                {"family": "inet", "address": "10.1.2.3", "netmask": "24", "scope": "global"},
                                {"family": "inet6", "address": "fe80::1", "scope": "link"},
                                {"family": "inet6", "address": "fd42::5", "scope": "global"}],
                              "counters": {"bytes_received": 100, "bytes_sent": 50}}}}});
        let s = instance("a", &o, None).unwrap();
        assert_eq!(s.id, "c1");
        assert_eq!(s.region, None);
        assert_eq!((s.vcpus, s.memory_mb, s.disk_gb), (Some(2), Some(512), Some(10)));
        assert_eq!(s.ipv4, vec!["10.1.2.3"]);
        assert_eq!(s.ipv6, vec!["fd42::5"]);
        assert_eq!(s.image.as_deref(), Some("busybox v1.35.0"));
        let u = s.usage.unwrap();
        assert_eq!(
            (u.memory_used_mb, u.disk_used_gb, u.processes),
            (Some(1.0), Some(1.0), Some(2))
        );
        assert_eq!(
            (u.network_rx_bytes, u.network_tx_bytes),
            (Some(100.0), Some(50.0))
        );
        assert!(s.created_at.is_some());
    }

    #[test]
    fn status_codes() {
        assert_eq!(status_of(Some(110), None), ServerStatus::Suspended);
        assert_eq!(status_of(Some(102), Some("Running")), ServerStatus::Stopped);
        assert_eq!(status_of(None, Some("FROZEN")), ServerStatus::Suspended);
        assert_eq!(status_of(None, None), ServerStatus::Unknown);
    }

    #[test]
    fn snapshots_backups_images_events() {
        let s = snapshot(
            "a",
            "c1",
            &json!({"name": "c1/s1", "size": -1,
            "created_at": "2026-11-30T03:30:08Z", "expires_at": "0001-01-01T00:00:00Z"}),
        )
        .unwrap();
        assert_eq!((s.id.as_str(), s.name.as_str(), s.size_gb), ("c1/s1", "s1", None));
        let b = backup(
            "a",
            "c1",
            &json!({"name": "b1", "expires_at": "0001-01-01T00:00:00Z"}),
        )
        .unwrap();
        assert_eq!((b.id.as_str(), b.expires_at), ("c1/b1", None));
        let i = image(
            "a",
            &json!({"fingerprint": "127f", "aliases": [{"name": "busybox"}],
            "properties": {"os": "busybox", "release": "v1.35.0"}, "architecture": "x86_64"}),
        )
        .unwrap();
        assert_eq!((i.id.as_str(), i.family.as_deref()), ("busybox", Some("busybox")));
        let e = events(
            "a",
            &json!({"failure": [{"id": "u", "description": "Starting instance",
            "status": "Failure", "status_code": 400, "err": "The instance is already running",
            "resources": {"instances": ["/1.0/instances/c1"]}}]}),
        );
        assert_eq!(e[0].status, JobStatus::Failed);
        assert_eq!(e[0].target.as_deref(), Some("c1"));
    }

    #[test]
    fn secrets_leave_raw() {
        let o = json!({"name": "c", "config": {"cloud-init.user-data": "#cloud-config\npassword: x",
                                               "user.api_token": "t"}});
        let s = instance("a", &o, None).unwrap();
        let text = s.raw.to_string();
        assert!(
            !text.contains("password: x") && !text.contains("api_token"),
            "{text}"
        );
        // Vendor data is cloud-init input too; a private address is not a secret.
        let o = json!({"name": "c", "config": {"user.vendor-data": "#cloud-config\npassword: v",
                                               "cloud-init.vendor-data": "#cloud-config\npassword: w",
                                               "user.private_ip": "10.0.0.9"}});
        let s = instance("a", &o, None).unwrap();
        assert_eq!(s.raw["config"], json!({"user.private_ip": "10.0.0.9"}));
    }
}
