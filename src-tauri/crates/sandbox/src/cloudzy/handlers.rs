//! The Cloudzy endpoints. Each handler authenticates through [`Sim::call`], validates like the real
//! API (422 naming fields, FAILED 400/404, 460 low balance) and answers in the `{detail, code, data}`
//! envelope.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rand::Rng;
use serde_json::{json, Map, Value};

use super::model::*;
use super::wire::*;
use super::{Sim, World};

type Q = Query<HashMap<String, String>>;

const CLASSES: [&str; 3] = ["default", "cpu-optimized", "gpu-provided"];
const BILLING: [&str; 5] = ["hourly", "monthly", "quarterly", "semi-annually", "annually"];
const FEATURES: [&str; 9] = [
    "nested",
    "ide",
    "metatrader4",
    "metatrader5",
    "vpn-vless",
    "vpn-vmess",
    "vpn-ss",
    "vpn-mtproto",
    "monitoring",
];
const SNAPSHOT_STATUSES: [&str; 4] = ["ACTIVE", "IN_PROGRESS", "FAILED", "RESTORING"];
const ARTIFACT_STATUSES: [&str; 4] = ["DOWNLOADING", "READY", "FAILED", "DELETED"];
const BACKUP_STATUSES: [&str; 3] = ["active", "inactive", "pending"];
const FREQUENCIES: [&str; 2] = ["daily", "weekly"];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Monthly price of one floating IP and of one custom-plan unit, for the balance checks.
const FLOATING_IP_MONTHLY: f64 = 2.5;

fn custom_monthly(cpu: i64, ram_gb: i64, disk_gb: i64, bandwidth_tb: i64) -> f64 {
    round2(cpu as f64 * 3.0 + ram_gb as f64 * 2.0 + disk_gb as f64 * 0.05 + bandwidth_tb as f64)
}

fn epoch_now() -> i64 {
    Utc::now().timestamp()
}

// ---------------------------------------------------------------------------------------------
// Profile

pub(crate) async fn profile(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    sim.call(&headers, |w| {
        let a = &w.acct;
        Ok(okay(
            "Customer profile",
            json!({
                "id": a.customer_id,
                "email": a.email,
                "firstName": a.first_name,
                "lastName": a.last_name,
                "balance": format!("{:.2}", a.balance),
                "currency": "USD",
            }),
        ))
    })
}

// ---------------------------------------------------------------------------------------------
// Instances

fn encode_bookmark(seq: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("seq:{seq}"))
}

fn decode_bookmark(raw: &str) -> Option<u64> {
    let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.strip_prefix("seq:")?.parse().ok()
}

/// Reads an ISO-8601 time (with or without offset, or a bare date) as UTC.
fn parse_time(q: &mut QueryArgs<'_>, name: &str) -> Option<DateTime<Utc>> {
    let raw = q.str(name)?;
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(t.and_utc());
    }
    if let Some(t) = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
    {
        return Some(t.and_utc());
    }
    q.errors.push(ValidationItem {
        loc: vec![json!("query"), json!(name)],
        msg: "invalid datetime format".into(),
        kind: "value_error.datetime",
    });
    None
}

pub(crate) async fn list_instances(State(sim): State<Arc<Sim>>, headers: HeaderMap, Query(q): Q) -> Response {
    sim.call(&headers, |w| {
        let mut args = QueryArgs::new(&q);
        let limit = args.int_in("limit", 1, 100).unwrap_or(10) as usize;
        let include_deleted = args.bool("includeDeleted").unwrap_or(false);
        let from = parse_time(&mut args, "createdFrom");
        let to = parse_time(&mut args, "createdTo");
        let after = match args.str("bookmark") {
            Some(raw) => match decode_bookmark(raw) {
                Some(seq) => Some(seq),
                None => {
                    args.errors.push(ValidationItem {
                        loc: vec![json!("query"), json!("bookmark")],
                        msg: "invalid bookmark".into(),
                        kind: "value_error",
                    });
                    None
                }
            },
            None => None,
        };
        let host = args.str("host");
        let host_name = args.str("hostName").map(str::to_ascii_lowercase);
        let status = args.str("status").map(str::to_ascii_lowercase);
        let region = args.str("region");
        let iso_id = args.str("isoId");
        let os_family = args.str("osFamily").map(str::to_ascii_lowercase);
        let user_id = args.str("userId");
        let ipv4 = args.str("ipv4");
        let ipv6 = args.str("ipv6");
        args.finish()?;

        let catalog = w.catalog;
        let family_of = |inst: &Instance| {
            inst.os_id
                .as_deref()
                .and_then(|id| catalog.os.iter().find(|o| o.id == id))
                .map(|o| o.family.clone())
        };
        let matching: Vec<&Instance> = w
            .acct
            .instances
            .iter()
            .filter(|i| include_deleted || !i.deleted)
            .filter(|i| after.is_none_or(|seq| i.seq > seq))
            .filter(|i| from.is_none_or(|t| i.inserted_at >= t))
            .filter(|i| to.is_none_or(|t| i.inserted_at <= t))
            .filter(|i| host.is_none_or(|h| i.host == h))
            .filter(|i| {
                host_name
                    .as_deref()
                    .is_none_or(|h| i.hostname.to_ascii_lowercase().contains(h))
            })
            .filter(|i| status.as_deref().is_none_or(|s| i.status == s))
            .filter(|i| region.is_none_or(|r| i.region == r))
            .filter(|i| iso_id.is_none_or(|id| i.iso_id.as_deref() == Some(id)))
            .filter(|i| {
                os_family
                    .as_deref()
                    .is_none_or(|f| family_of(i).as_deref() == Some(f))
            })
            .filter(|i| user_id.is_none_or(|u| i.user_id == u))
            .filter(|i| ipv4.is_none_or(|ip| i.main_ip.as_deref() == Some(ip)))
            .filter(|i| ipv6.is_none_or(|ip| i.main_ipv6.as_deref() == Some(ip)))
            .collect();
        let page: Vec<&Instance> = matching.iter().take(limit).copied().collect();
        let bookmark = if matching.len() > limit {
            page.last().map(|i| encode_bookmark(i.seq))
        } else {
            None
        };
        let instances: Vec<Value> = page.iter().map(|i| i.to_json(catalog)).collect();
        Ok(okay(
            "Instances",
            json!({"instances": instances, "bookmark": bookmark}),
        ))
    })
}

/// Computed resources and price of a create or resize.
struct Sizing {
    cpu: i64,
    ram_gb: i64,
    disk_gb: i64,
    product_id: Option<String>,
    class: String,
    monthly: f64,
    extra: ExtraResource,
}

fn read_extra(c: &mut Checker<'_>) -> Option<ExtraResource> {
    let obj = c.opt_object("extraResource")?;
    Some(ExtraResource {
        cpu: c.nested_int("extraResource", obj, "cpu"),
        ram_in_gb: c.nested_int("extraResource", obj, "ramInGB"),
        disk_in_gb: c.nested_int("extraResource", obj, "diskInGB"),
        bandwidth_in_tb: c.nested_int("extraResource", obj, "bandwidthInTB"),
    })
}

/// A fixed plan plus its extras (disk and bandwidth only), or a custom size from `extraResource`.
fn size_plan(
    catalog: &Catalog,
    region: &Region,
    product_id: Option<&str>,
    extra: Option<&ExtraResource>,
    class: &str,
) -> Result<Sizing, ApiError> {
    if let Some(pid) = product_id {
        let product = catalog
            .products
            .iter()
            .find(|p| p.id == pid && p.region_id == region.id)
            .ok_or_else(|| {
                ApiError::bad_request(format!("Product {pid} is not offered in region {}", region.id))
            })?;
        if product.stock <= 0 {
            return Err(ApiError::bad_request(format!(
                "Product {pid} is out of stock in region {}",
                region.id
            )));
        }
        let extra_disk = extra.and_then(|e| e.disk_in_gb).unwrap_or(0).max(0);
        let extra_bw = extra.and_then(|e| e.bandwidth_in_tb).unwrap_or(0).max(0);
        return Ok(Sizing {
            cpu: product.cpu,
            ram_gb: product.ram_gb,
            disk_gb: product.disk_gb + extra_disk,
            product_id: Some(product.id.clone()),
            class: product.class.clone(),
            monthly: round2(product.monthly + extra_disk as f64 * 0.05 + extra_bw as f64),
            extra: ExtraResource {
                cpu: None,
                ram_in_gb: None,
                disk_in_gb: (extra_disk > 0).then_some(extra_disk),
                bandwidth_in_tb: (extra_bw > 0).then_some(extra_bw),
            },
        });
    }
    // Custom plan: cpu, RAM and disk are all needed.
    let e = extra.cloned().unwrap_or_default();
    let mut missing = Vec::new();
    for (name, v) in [
        ("cpu", e.cpu),
        ("ramInGB", e.ram_in_gb),
        ("diskInGB", e.disk_in_gb),
    ] {
        if v.is_none() {
            missing.push(ValidationItem {
                loc: vec![json!("body"), json!("extraResource"), json!(name)],
                msg: "field required for a custom plan (or give productId)".into(),
                kind: "value_error.missing",
            });
        }
    }
    if !missing.is_empty() {
        return Err(ApiError::Validation(missing));
    }
    if !region.custom_plans {
        return Err(ApiError::bad_request(format!(
            "Custom plans are not available in region {}",
            region.id
        )));
    }
    let (cpu, ram, disk) = (
        e.cpu.unwrap_or(1),
        e.ram_in_gb.unwrap_or(1),
        e.disk_in_gb.unwrap_or(10),
    );
    if cpu < 1 || ram < 1 || disk < 10 {
        return Err(ApiError::bad_request(
            "A custom plan needs at least 1 CPU, 1 GB RAM and 10 GB disk",
        ));
    }
    if ram > region.ram_threshold_gb || disk > region.disk_threshold_gb || cpu > 32 {
        return Err(ApiError::bad_request(format!(
            "Requested resources exceed the limits of region {} (32 CPU, {} GB RAM, {} GB disk)",
            region.id, region.ram_threshold_gb, region.disk_threshold_gb
        )));
    }
    let bw = e.bandwidth_in_tb.unwrap_or(1).max(0);
    Ok(Sizing {
        cpu,
        ram_gb: ram,
        disk_gb: disk,
        product_id: None,
        class: class.to_string(),
        monthly: custom_monthly(cpu, ram, disk, bw),
        extra: ExtraResource {
            cpu: Some(cpu),
            ram_in_gb: Some(ram),
            disk_in_gb: Some(disk),
            bandwidth_in_tb: Some(bw),
        },
    })
}

fn check_balance(acct: &Account, monthly_total: f64) -> Result<(), ApiError> {
    let required = round2(monthly_total / 30.0 * f64::from(BALANCE_DAYS));
    if acct.balance < required {
        return Err(ApiError::LowBalance {
            required,
            balance: acct.balance,
            active_instances: acct.live_instances().count(),
        });
    }
    Ok(())
}

fn find_region<'c>(catalog: &'c Catalog, id: &str) -> Result<&'c Region, ApiError> {
    let region = catalog
        .regions
        .iter()
        .find(|r| r.id == id)
        .ok_or_else(|| ApiError::not_found(&format!("Region {id}")))?;
    if !region.active {
        return Err(ApiError::bad_request(format!("Region {id} is not active")));
    }
    if region.out_of_stock {
        return Err(ApiError::bad_request(format!("Region {id} is out of stock")));
    }
    Ok(region)
}

fn valid_hostname(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 63
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && !h.starts_with(['-', '.'])
        && !h.ends_with(['-', '.'])
}

pub(crate) async fn create_instances(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        let body = json_body(&body)?;
        let mut c = Checker::body(&body);
        if !body.contains_key("hostnames") {
            c.push(&["hostnames"], "field required", "value_error.missing");
        }
        let hostnames = c.opt_str_array("hostnames").unwrap_or_default();
        if body.contains_key("hostnames") && hostnames.is_empty() {
            c.push(
                &["hostnames"],
                "ensure this value has at least 1 items",
                "value_error.list.min_items",
            );
        }
        if hostnames.len() > 10 {
            c.push(
                &["hostnames"],
                "ensure this value has at most 10 items",
                "value_error.list.max_items",
            );
        }
        for (i, h) in hostnames.iter().enumerate() {
            if !valid_hostname(h) {
                let idx = i.to_string();
                c.push(&["hostnames", &idx], "invalid hostname", "value_error.str.regex");
            }
        }
        let region_id = c.req_str("region");
        let product_id = c.opt_str("productId");
        let customer_id = c.opt_str("customerId");
        let app_id = c.opt_str("appId");
        let assign_v4 = c.opt_bool("assignIpv4");
        let assign_v6 = c.opt_bool("assignIpv6").unwrap_or(false);
        let ddos = c.opt_bool("isDdosProtected").unwrap_or(false);
        let billing = c.opt_str("billingCycle");
        let billing = c.one_of("billingCycle", billing, &BILLING);
        let _auto_renew = c.opt_bool("isSubscriptionAutoRenewEnabled");
        let iso_id = c.opt_str("isoId");
        let os_id = c.opt_str("osId");
        let os_name = c.opt_str("osName");
        let ssh_key_ids = c.opt_int_array("sshKeyIds").unwrap_or_default();
        let features = c.opt_str_array("featureIds").unwrap_or_default();
        for (i, f) in features.iter().enumerate() {
            if !FEATURES.contains(&f.as_str()) {
                let idx = i.to_string();
                c.push(
                    &["featureIds", &idx],
                    format!(
                        "value is not a valid enumeration member; permitted: {}",
                        FEATURES.join(", ")
                    ),
                    "type_error.enum",
                );
            }
        }
        let floating = c.opt_int("floatingIPCount").unwrap_or(0);
        if !(0..=5).contains(&floating) {
            c.push(
                &["floatingIPCount"],
                "ensure this value is between 0 and 5",
                "value_error.number.not_le",
            );
        }
        let extra = read_extra(&mut c);
        let class = c.opt_str("class");
        let class = c.one_of("class", class, &CLASSES);
        let from_snapshot = c.opt_str("fromSnapshot");
        if os_id.is_none()
            && os_name.is_none()
            && app_id.is_none()
            && iso_id.is_none()
            && from_snapshot.is_none()
        {
            c.push(
                &["osId"],
                "one of osId, osName, appId, isoId or fromSnapshot is required",
                "value_error.missing",
            );
        }
        c.finish()?;

        if customer_id.as_deref().is_some_and(|c| c != w.acct.customer_id) {
            return Err(ApiError::not_found("Customer"));
        }
        let region = find_region(w.catalog, region_id.as_deref().unwrap_or_default())?.clone();
        let class = class.unwrap_or_else(|| "default".into());
        if class == "gpu-provided" && !region.gpu {
            return Err(ApiError::bad_request(format!(
                "GPU instances are not available in region {}",
                region.id
            )));
        }
        let mut sizing = size_plan(w.catalog, &region, product_id.as_deref(), extra.as_ref(), &class)?;

        // Where the disk comes from: an OS, an app (on its OS), an ISO, or a snapshot.
        let mut os = match (&os_id, &os_name) {
            (Some(id), _) => Some(
                w.catalog
                    .os
                    .iter()
                    .find(|o| &o.id == id && o.active)
                    .ok_or_else(|| ApiError::bad_request(format!("Operating system {id} not found")))?
                    .id
                    .clone(),
            ),
            (None, Some(name)) => Some(
                w.catalog
                    .os
                    .iter()
                    .find(|o| o.name.eq_ignore_ascii_case(name))
                    .ok_or_else(|| ApiError::bad_request(format!("Operating system {name} not found")))?
                    .id
                    .clone(),
            ),
            _ => None,
        };
        let mut app_price = 0.0;
        if let Some(app_id) = &app_id {
            let app = w
                .catalog
                .applications
                .iter()
                .find(|a| &a.id == app_id)
                .ok_or_else(|| ApiError::bad_request(format!("Application {app_id} not found")))?;
            match &os {
                Some(o) if !app.os_list.contains(o) => {
                    return Err(ApiError::bad_request(format!(
                        "Application {} does not support the chosen operating system",
                        app.name
                    )))
                }
                None => os = app.os_list.first().cloned(),
                _ => {}
            }
            app_price = app.price;
        }
        if let Some(iso) = &iso_id {
            let found = w
                .acct
                .isos
                .iter()
                .find(|i| &i.id == iso && i.status != "DELETED")
                .ok_or_else(|| ApiError::bad_request(format!("ISO {iso} not found")))?;
            if found.status != "READY" {
                return Err(ApiError::bad_request(format!(
                    "ISO {iso} is not ready ({})",
                    found.status
                )));
            }
            if found.region_id != region.id {
                return Err(ApiError::bad_request(format!(
                    "ISO {iso} is stored in region {}",
                    found.region_id
                )));
            }
        }
        if let Some(snap_id) = &from_snapshot {
            let snap = w
                .acct
                .snapshots
                .iter()
                .find(|s| &s.id == snap_id)
                .ok_or_else(|| ApiError::bad_request(format!("Snapshot {snap_id} not found")))?;
            if snap.status != "ACTIVE" {
                return Err(ApiError::bad_request(format!(
                    "Snapshot {snap_id} is not active ({})",
                    snap.status
                )));
            }
            if snap.region_id != region.id {
                return Err(ApiError::bad_request(format!(
                    "Snapshot {snap_id} lives in region {}; create the instance there",
                    snap.region_id
                )));
            }
            let snap_disk = snap.metadata.get("disk").and_then(Value::as_i64).unwrap_or(0);
            if sizing.disk_gb < snap_disk {
                return Err(ApiError::bad_request(format!(
                    "The plan's disk ({} GB) is smaller than the snapshot's ({snap_disk} GB)",
                    sizing.disk_gb
                )));
            }
            if os.is_none() {
                os = snap
                    .metadata
                    .get("osId")
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
        }
        for key in &ssh_key_ids {
            if !w.acct.ssh_keys.iter().any(|k| k.id == *key) {
                return Err(ApiError::bad_request(format!("SSH key {key} not found")));
            }
        }
        sizing.monthly = round2(sizing.monthly + app_price + floating as f64 * FLOATING_IP_MONTHLY);
        check_balance(w.acct, sizing.monthly * hostnames.len() as f64)?;

        let mut created = Vec::with_capacity(hostnames.len());
        for hostname in &hostnames {
            let id = w.uuid();
            w.counters.seq += 1;
            let v6_only = assign_v6 && assign_v4 == Some(false);
            let inst = Instance {
                id: id.clone(),
                hostname: hostname.clone(),
                vcpu: sizing.cpu,
                ram_mb: sizing.ram_gb * 1024,
                disk_gb: sizing.disk_gb,
                inserted_at: Utc::now(),
                os_id: os.clone(),
                iso_id: iso_id.clone(),
                from_image: from_snapshot.clone(),
                app_id: app_id.clone(),
                region: region.id.clone(),
                user_id: w.acct.customer_id.clone(),
                status: "initializing".into(),
                main_ip: (!v6_only).then(|| w.counters.next_ipv4(&region)),
                main_ipv6: (assign_v6 && region.ipv6).then(|| w.counters.next_ipv6(&region)),
                product_id: sizing.product_id.clone(),
                class: sizing.class.clone(),
                extra: sizing.extra.clone(),
                ddos,
                customer_note: None,
                features: features.clone(),
                host: format!(
                    "node-{}-{:02}",
                    region.abbr.to_ascii_lowercase(),
                    w.rng.random_range(1..40)
                ),
                discount_percent: 0,
                billing_cycle: billing.clone().unwrap_or_else(|| "hourly".into()),
                monthly_price: sizing.monthly,
                deleted: false,
                seq: w.counters.seq,
                pending: Some(Pending::new("active", wants_failure(hostname), "error")),
            };
            for _ in 0..floating {
                let fip = FloatingIp {
                    id: w.uuid(),
                    address: w.counters.next_ipv4(&region),
                    region_id: region.id.clone(),
                    instance_id: Some(id.clone()),
                    auto_renew: true,
                    customer_note: None,
                    created_at: epoch_now(),
                    expires_at: epoch_now() + 30 * 86_400,
                    released: false,
                };
                w.acct.floating_ips.push(fip);
            }
            created.push(inst.to_json(w.catalog));
            w.acct.instances.push(inst);
        }
        Ok(created_answer(created))
    })
}

fn created_answer(instances: Vec<Value>) -> Response {
    created("Instances are being created", json!({ "instances": instances }))
}

fn instance_or_404<'a>(acct: &'a Account, id: &str) -> Result<&'a Instance, ApiError> {
    acct.instance(id).ok_or_else(|| ApiError::not_found("Instance"))
}

fn instance_mut_or_404<'a>(acct: &'a mut Account, id: &str) -> Result<&'a mut Instance, ApiError> {
    acct.instance_mut(id)
        .ok_or_else(|| ApiError::not_found("Instance"))
}

fn ensure_idle(inst: &Instance) -> Result<(), ApiError> {
    if inst.busy() {
        return Err(ApiError::bad_request(format!(
            "Instance {} has an operation in progress ({})",
            inst.id, inst.status
        )));
    }
    Ok(())
}

/// The stable status an instance returns to after an action that keeps its power state.
fn resting_status(inst: &Instance) -> &'static str {
    if inst.status == "shutdown" {
        "shutdown"
    } else {
        "active"
    }
}

pub(crate) async fn get_instance(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let inst = instance_or_404(w.acct, &id)?;
        Ok(okay("Instance detail", inst.to_json(w.catalog)))
    })
}

pub(crate) async fn delete_instance(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let inst = instance_mut_or_404(w.acct, &id)?;
        inst.deleted = true;
        inst.status = "deleted".into();
        inst.pending = None;
        for fip in w
            .acct
            .floating_ips
            .iter_mut()
            .filter(|f| f.instance_id.as_deref() == Some(id.as_str()))
        {
            fip.instance_id = None;
        }
        for snap in w.acct.snapshots.iter_mut().filter(|s| s.instance_id == id) {
            snap.instance_deleted = true;
        }
        w.acct.backups.retain(|b| b.instance_id != id);
        Ok(okay("Instance deleted", Value::Null))
    })
}

/// Starts a power-style action: idempotent when the instance is already in `target`.
fn power_action(w: &mut World<'_>, id: &str, transitional: &str, target: &str, detail: &str) -> ApiResult {
    let inst = instance_mut_or_404(w.acct, id)?;
    ensure_idle(inst)?;
    if inst.status != target || transitional == "rebooting" {
        inst.status = transitional.into();
        inst.pending = Some(Pending::new(target, wants_failure(&inst.hostname), "error"));
    }
    Ok(okay(detail, Value::Null))
}

pub(crate) async fn power_on(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        power_action(w, &id, "starting", "active", "Instance is powering on")
    })
}

pub(crate) async fn power_off(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        power_action(w, &id, "stopping", "shutdown", "Instance is shutting down")
    })
}

/// `reset` is a hard reboot (docs/wire-decisions.md).
pub(crate) async fn reset(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        power_action(w, &id, "rebooting", "active", "Instance is rebooting")
    })
}

pub(crate) async fn change_os(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        let body = json_body(&body)?;
        let mut c = Checker::body(&body);
        let os_id = c.req_str("osId");
        c.finish()?;
        let os_id = os_id.unwrap_or_default();
        let catalog = w.catalog;
        let inst = instance_mut_or_404(w.acct, &id)?;
        ensure_idle(inst)?;
        let os = catalog
            .os
            .iter()
            .find(|o| o.id == os_id && o.active)
            .ok_or_else(|| ApiError::bad_request(format!("Operating system {os_id} not found")))?;
        inst.os_id = Some(os.id.clone());
        inst.app_id = None;
        inst.iso_id = None;
        inst.status = "preparing_disk".into();
        inst.pending = Some(Pending::new("active", wants_failure(&inst.hostname), "error"));
        Ok(okay("Operating system is being changed", Value::Null))
    })
}

pub(crate) async fn resize_instance(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        let body = json_body(&body)?;
        let mut c = Checker::body(&body);
        let kind = c.req_str("type");
        let kind = c.one_of("type", kind, &["FIXED", "CUSTOM"]);
        let product_id = c.opt_str("productId");
        let region_id = c.opt_str("regionId");
        let _body_instance = c.opt_str("instanceId");
        let extra = read_extra(&mut c);
        if kind.as_deref() == Some("FIXED") && product_id.is_none() {
            c.push(
                &["productId"],
                "field required for a FIXED resize",
                "value_error.missing",
            );
        }
        if kind.as_deref() == Some("CUSTOM") && extra.is_none() {
            c.push(
                &["extraResource"],
                "field required for a CUSTOM resize",
                "value_error.missing",
            );
        }
        c.finish()?;

        let inst = instance_or_404(w.acct, &id)?;
        ensure_idle(inst)?;
        if region_id.as_deref().is_some_and(|r| r != inst.region) {
            return Err(ApiError::bad_request(
                "An instance cannot change region by resizing",
            ));
        }
        let region = w
            .catalog
            .regions
            .iter()
            .find(|r| r.id == inst.region)
            .ok_or_else(|| ApiError::not_found("Region"))?
            .clone();
        let fixed = kind.as_deref() == Some("FIXED");
        let sizing = size_plan(
            w.catalog,
            &region,
            if fixed { product_id.as_deref() } else { None },
            extra.as_ref(),
            &inst.class,
        )?;
        if sizing.disk_gb < inst.disk_gb {
            return Err(ApiError::bad_request(format!(
                "Disk cannot shrink (from {} GB to {} GB)",
                inst.disk_gb, sizing.disk_gb
            )));
        }
        check_balance(w.acct, sizing.monthly)?;
        let inst = instance_mut_or_404(w.acct, &id)?;
        let resting = resting_status(inst);
        inst.vcpu = sizing.cpu;
        inst.ram_mb = sizing.ram_gb * 1024;
        inst.disk_gb = sizing.disk_gb;
        inst.product_id = sizing.product_id;
        inst.extra = sizing.extra;
        inst.monthly_price = sizing.monthly;
        inst.status = "resizing".into();
        inst.pending = Some(Pending::new(resting, wants_failure(&inst.hostname), "error"));
        Ok(okay("Instance is being resized", Value::Null))
    })
}

pub(crate) async fn add_traffic(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        let body = json_body(&body)?;
        let mut c = Checker::body(&body);
        if !body.contains_key("amount") {
            c.push(&["amount"], "field required", "value_error.missing");
        }
        let amount = c.opt_number("amount");
        if amount.is_some_and(|a| a <= 0.0) {
            c.push(
                &["amount"],
                "ensure this value is greater than 0",
                "value_error.number.not_gt",
            );
        }
        c.finish()?;
        let inst = instance_mut_or_404(w.acct, &id)?;
        let add = amount.unwrap_or(0.0).ceil() as i64;
        inst.extra.bandwidth_in_tb = Some(inst.extra.bandwidth_in_tb.unwrap_or(0) + add);
        let extra = inst.extra.to_json();
        Ok(okay("Traffic added", json!({"extraResource": extra})))
    })
}

pub(crate) async fn change_pass(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        ensure_idle(instance_or_404(w.acct, &id)?)?;
        let password = generate_password(w);
        Ok(okay("Password changed", json!({ "password": password })))
    })
}

/// A provider-style root password: 16 characters with every class present.
fn generate_password(w: &mut World<'_>) -> String {
    const SETS: [&[u8]; 4] = [
        b"ABCDEFGHJKLMNPQRSTUVWXYZ",
        b"abcdefghijkmnopqrstuvwxyz",
        b"23456789",
        b"!@#%^*-_=+",
    ];
    (0..16)
        .map(|i| {
            let set = if i < 4 {
                SETS[i]
            } else {
                SETS[w.rng.random_range(0..3)]
            };
            char::from(set[w.rng.random_range(0..set.len())])
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Catalog

pub(crate) async fn regions(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    sim.call(&headers, |w| {
        let list: Vec<Value> = w.catalog.regions.iter().map(Region::to_json).collect();
        Ok(okay("Regions", Value::Array(list)))
    })
}

pub(crate) async fn products(State(sim): State<Arc<Sim>>, headers: HeaderMap, Query(q): Q) -> Response {
    sim.call(&headers, |w| {
        let args = QueryArgs::new(&q);
        let Some(region) = args.str("regionId") else {
            return Err(ApiError::Validation(vec![ValidationItem {
                loc: vec![json!("query"), json!("regionId")],
                msg: "field required".into(),
                kind: "value_error.missing",
            }]));
        };
        if !w.catalog.regions.iter().any(|r| r.id == region) {
            return Err(ApiError::not_found(&format!("Region {region}")));
        }
        let list: Vec<Value> = w
            .catalog
            .products
            .iter()
            .filter(|p| p.region_id == region)
            .map(Product::to_json)
            .collect();
        Ok(okay("Products", Value::Array(list)))
    })
}

pub(crate) async fn operating_systems(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(q): Q,
) -> Response {
    sim.call(&headers, |w| {
        let mut args = QueryArgs::new(&q);
        let page = PageArgs::read(&mut args, usize::MAX);
        args.finish()?;
        let all: Vec<Value> = w.catalog.os.iter().map(Os::to_json).collect();
        Ok(okay(
            "Operating systems",
            json!({"os": page.apply(&all), "total": all.len()}),
        ))
    })
}

pub(crate) async fn applications(State(sim): State<Arc<Sim>>, headers: HeaderMap, Query(q): Q) -> Response {
    sim.call(&headers, |w| {
        let mut args = QueryArgs::new(&q);
        let page = PageArgs::read(&mut args, usize::MAX);
        args.finish()?;
        let all: Vec<Value> = w.catalog.applications.iter().map(Application::to_json).collect();
        Ok(okay(
            "Applications",
            json!({"applications": page.apply(&all), "total": all.len()}),
        ))
    })
}

// ---------------------------------------------------------------------------------------------
// SSH keys

fn parse_int_id(raw: &str) -> Result<i64, ApiError> {
    raw.trim().parse().map_err(|_| {
        ApiError::Validation(vec![ValidationItem {
            loc: vec![json!("path"), json!("id")],
            msg: "value is not a valid integer".into(),
            kind: "type_error.integer",
        }])
    })
}

fn valid_public_key(key: &str) -> bool {
    let mut parts = key.split_whitespace();
    let kind = parts.next().unwrap_or_default();
    let blob = parts.next().unwrap_or_default();
    let kinds = [
        "ssh-rsa",
        "ssh-ed25519",
        "ssh-dss",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com",
    ];
    kinds.contains(&kind)
        && blob.len() >= 16
        && base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(blob.trim_end_matches('='))
            .is_ok()
}

pub(crate) async fn list_ssh_keys(State(sim): State<Arc<Sim>>, headers: HeaderMap, Query(q): Q) -> Response {
    sim.call(&headers, |w| {
        let args = QueryArgs::new(&q);
        let customer = args.str("customerId");
        let list: Vec<Value> = w
            .acct
            .ssh_keys
            .iter()
            .filter(|k| customer.is_none_or(|c| k.customer_id == c))
            .map(SshKey::to_json)
            .collect();
        Ok(okay("SSH keys", Value::Array(list)))
    })
}

pub(crate) async fn create_ssh_key(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    sim.call(&headers, |w| {
        let body = json_body(&body)?;
        let mut c = Checker::body(&body);
        let name = c.req_str("name");
        let public_key = c.req_str("publicKey");
        let customer = c.opt_str("customerId");
        if let Some(k) = &public_key {
            if !valid_public_key(k) {
                c.push(&["publicKey"], "not a valid OpenSSH public key", "value_error");
            }
        }
        if name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            c.push(
                &["name"],
                "ensure this value has at least 1 characters",
                "value_error.any_str.min_length",
            );
        }
        c.finish()?;
        if customer.as_deref().is_some_and(|c| c != w.acct.customer_id) {
            return Err(ApiError::not_found("Customer"));
        }
        let (name, public_key) = (name.unwrap_or_default(), public_key.unwrap_or_default());
        if w.acct.ssh_keys.iter().any(|k| k.name == name) {
            return Err(ApiError::bad_request(format!(
                "An SSH key named {name} already exists"
            )));
        }
        w.counters.ssh_key_id += 1;
        let key = SshKey {
            id: 1000 + w.counters.ssh_key_id,
            name,
            public_key: public_key.trim().to_string(),
            customer_id: w.acct.customer_id.clone(),
        };
        let out = key.to_json();
        w.acct.ssh_keys.push(key);
        Ok(okay("SSH key created", out))
    })
}

pub(crate) async fn get_ssh_key(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let id = parse_int_id(&id)?;
        let key = w
            .acct
            .ssh_keys
            .iter()
            .find(|k| k.id == id)
            .ok_or_else(|| ApiError::not_found("SSH key"))?;
        Ok(okay("SSH key", key.to_json()))
    })
}

pub(crate) async fn delete_ssh_key(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let id = parse_int_id(&id)?;
        let before = w.acct.ssh_keys.len();
        w.acct.ssh_keys.retain(|k| k.id != id);
        if w.acct.ssh_keys.len() == before {
            return Err(ApiError::not_found("SSH key"));
        }
        Ok(okay("SSH key deleted", Value::Null))
    })
}

// ---------------------------------------------------------------------------------------------
// Floating IPs

pub(crate) async fn list_floating_ips(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(q): Q,
) -> Response {
    sim.call(&headers, |w| {
        let mut args = QueryArgs::new(&q);
        let address = args.str("address");
        let region = args.str("region_id");
        let expires_after = args.float("expires_after");
        let include_deleted = args.bool("include_deleted").unwrap_or(false);
        let page = PageArgs::read(&mut args, 10);
        args.finish()?;
        let all: Vec<Value> = w
            .acct
            .floating_ips
            .iter()
            .filter(|f| include_deleted || !f.released)
            .filter(|f| address.is_none_or(|a| f.address == a))
            .filter(|f| region.is_none_or(|r| f.region_id == r))
            .filter(|f| expires_after.is_none_or(|t| f.expires_at as f64 > t))
            .map(FloatingIp::to_json)
            .collect();
        Ok(okay(
            "Floating IPs",
            json!({"floatingIps": page.apply(&all), "total": all.len()}),
        ))
    })
}

pub(crate) async fn add_floating_ips(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        let body = json_body(&body)?;
        let mut c = Checker::body(&body);
        let region_id = c.req_str("regionId");
        let count = c.req_int("count");
        if count.is_some_and(|n| !(1..=5).contains(&n)) {
            c.push(
                &["count"],
                "ensure this value is between 1 and 5",
                "value_error.number.not_le",
            );
        }
        c.finish()?;
        let region = find_region(w.catalog, region_id.as_deref().unwrap_or_default())?.clone();
        let count = count.unwrap_or(1);
        let required = FLOATING_IP_MONTHLY * count as f64;
        check_balance(w.acct, required)?;
        let mut out = Vec::new();
        for _ in 0..count {
            let fip = FloatingIp {
                id: w.uuid(),
                address: w.counters.next_ipv4(&region),
                region_id: region.id.clone(),
                instance_id: None,
                auto_renew: true,
                customer_note: None,
                created_at: epoch_now(),
                expires_at: epoch_now() + 30 * 86_400,
                released: false,
            };
            out.push(fip.to_json());
            w.acct.floating_ips.push(fip);
        }
        Ok(okay("Floating IPs added", json!({ "floatingIps": out })))
    })
}

fn floating_mut<'a>(acct: &'a mut Account, id: &str) -> Result<&'a mut FloatingIp, ApiError> {
    acct.floating_ips
        .iter_mut()
        .find(|f| f.id == id && !f.released)
        .ok_or_else(|| ApiError::not_found("Floating IP"))
}

pub(crate) async fn update_floating_ip(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        let body = json_body(&body)?;
        let mut c = Checker::body(&body);
        let auto_renew = c.opt_bool("autoRenew");
        let note = c.opt_str("customerNote");
        c.finish()?;
        let fip = floating_mut(w.acct, &id)?;
        if let Some(v) = auto_renew {
            fip.auto_renew = v;
        }
        if let Some(n) = note {
            fip.customer_note = Some(n);
        }
        Ok(okay("Floating IP updated", fip.to_json()))
    })
}

pub(crate) async fn release_floating_ip(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let fip = floating_mut(w.acct, &id)?;
        fip.released = true;
        fip.instance_id = None;
        Ok(okay("Floating IP released", Value::Null))
    })
}

// ---------------------------------------------------------------------------------------------
// ISO and custom images (same lifecycle, different wrapper keys)

#[derive(Clone, Copy)]
enum ArtifactKind {
    Iso,
    Image,
}

impl ArtifactKind {
    fn list<'a>(&self, acct: &'a Account) -> &'a Vec<Artifact> {
        match self {
            ArtifactKind::Iso => &acct.isos,
            ArtifactKind::Image => &acct.images,
        }
    }
    fn list_mut<'a>(&self, acct: &'a mut Account) -> &'a mut Vec<Artifact> {
        match self {
            ArtifactKind::Iso => &mut acct.isos,
            ArtifactKind::Image => &mut acct.images,
        }
    }
    fn key(&self) -> &'static str {
        match self {
            ArtifactKind::Iso => "isos",
            ArtifactKind::Image => "images",
        }
    }
    fn noun(&self) -> &'static str {
        match self {
            ArtifactKind::Iso => "ISO",
            ArtifactKind::Image => "Image",
        }
    }
}

fn list_artifacts(w: &mut World<'_>, q: &HashMap<String, String>, kind: ArtifactKind) -> ApiResult {
    let mut args = QueryArgs::new(q);
    let status = args.str("status").map(str::to_string);
    if let Some(s) = &status {
        if !ARTIFACT_STATUSES.contains(&s.as_str()) {
            args.errors.push(ValidationItem {
                loc: vec![json!("query"), json!("status")],
                msg: format!(
                    "value is not a valid enumeration member; permitted: {}",
                    ARTIFACT_STATUSES.join(", ")
                ),
                kind: "type_error.enum",
            });
        }
    }
    let page = PageArgs::read(&mut args, 10);
    args.finish()?;
    let all: Vec<Value> = kind
        .list(w.acct)
        .iter()
        .filter(|a| match &status {
            Some(s) => &a.status == s,
            None => a.status != "DELETED",
        })
        .map(Artifact::to_json)
        .collect();
    Ok(okay(
        kind.noun(),
        json!({kind.key(): page.apply(&all), "total": all.len()}),
    ))
}

fn download_artifact(w: &mut World<'_>, body: &[u8], kind: ArtifactKind) -> ApiResult {
    let body = json_body(body)?;
    let mut c = Checker::body(&body);
    let name = c.req_str("name");
    let url = c.req_str("url");
    let region_id = c.req_str("regionId");
    let (use_virtio, format, decompress) = match kind {
        ArtifactKind::Iso => (Some(c.opt_bool("useVirtio").unwrap_or(true)), None, None),
        ArtifactKind::Image => (None, c.opt_str("format"), c.opt_str("decompress")),
    };
    if url
        .as_deref()
        .is_some_and(|u| !(u.starts_with("http://") || u.starts_with("https://")))
    {
        c.push(
            &["url"],
            "invalid or missing URL scheme",
            "value_error.url.scheme",
        );
    }
    c.finish()?;
    let region = find_region(w.catalog, region_id.as_deref().unwrap_or_default())?
        .id
        .clone();
    let name = name.unwrap_or_default();
    let fails = wants_failure(&name);
    let art = Artifact {
        id: w.uuid(),
        name,
        url: url.unwrap_or_default(),
        region_id: region,
        status: "DOWNLOADING".into(),
        use_virtio,
        format,
        decompress,
        size_mb: w.rng.random_range(300..4_000),
        created_at: epoch_now(),
        pending: Some(Pending::new("READY", fails, "FAILED")),
    };
    let out = art.to_json();
    kind.list_mut(w.acct).push(art);
    Ok(okay(&format!("{} download started", kind.noun()), out))
}

fn get_artifact(w: &mut World<'_>, id: &str, kind: ArtifactKind) -> ApiResult {
    let art = kind
        .list(w.acct)
        .iter()
        .find(|a| a.id == id && a.status != "DELETED")
        .ok_or_else(|| ApiError::not_found(kind.noun()))?;
    Ok(okay(kind.noun(), art.to_json()))
}

fn delete_artifact(w: &mut World<'_>, id: &str, kind: ArtifactKind) -> ApiResult {
    if matches!(kind, ArtifactKind::Iso) && w.acct.live_instances().any(|i| i.iso_id.as_deref() == Some(id)) {
        return Err(ApiError::bad_request("The ISO is attached to an instance"));
    }
    let art = kind
        .list_mut(w.acct)
        .iter_mut()
        .find(|a| a.id == id && a.status != "DELETED")
        .ok_or_else(|| ApiError::not_found(kind.noun()))?;
    art.status = "DELETED".into();
    art.pending = None;
    Ok(okay(&format!("{} deleted", kind.noun()), Value::Null))
}

pub(crate) async fn list_isos(State(sim): State<Arc<Sim>>, headers: HeaderMap, Query(q): Q) -> Response {
    sim.call(&headers, |w| list_artifacts(w, &q, ArtifactKind::Iso))
}
pub(crate) async fn download_iso(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    sim.call(&headers, |w| download_artifact(w, &body, ArtifactKind::Iso))
}
pub(crate) async fn get_iso(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| get_artifact(w, &id, ArtifactKind::Iso))
}
pub(crate) async fn delete_iso(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| delete_artifact(w, &id, ArtifactKind::Iso))
}
pub(crate) async fn list_images(State(sim): State<Arc<Sim>>, headers: HeaderMap, Query(q): Q) -> Response {
    sim.call(&headers, |w| list_artifacts(w, &q, ArtifactKind::Image))
}
pub(crate) async fn download_image(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    sim.call(&headers, |w| download_artifact(w, &body, ArtifactKind::Image))
}
pub(crate) async fn get_image(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| get_artifact(w, &id, ArtifactKind::Image))
}
pub(crate) async fn delete_image(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| delete_artifact(w, &id, ArtifactKind::Image))
}

// ---------------------------------------------------------------------------------------------
// Snapshots

pub(crate) async fn list_snapshots(State(sim): State<Arc<Sim>>, headers: HeaderMap, Query(q): Q) -> Response {
    sim.call(&headers, |w| {
        let mut args = QueryArgs::new(&q);
        // The seed documents `instance_id`; the official client sends `instanceId`: honour both.
        let instance = args.str("instance_id").or_else(|| args.str("instanceId"));
        let automated = args.bool("is_automated_backup").unwrap_or(false);
        let status = args.str("status");
        if let Some(s) = status {
            if !SNAPSHOT_STATUSES.contains(&s) {
                args.errors.push(ValidationItem {
                    loc: vec![json!("query"), json!("status")],
                    msg: format!(
                        "value is not a valid enumeration member; permitted: {}",
                        SNAPSHOT_STATUSES.join(", ")
                    ),
                    kind: "type_error.enum",
                });
            }
        }
        let page = PageArgs::read(&mut args, 10);
        args.finish()?;
        let all: Vec<Value> = w
            .acct
            .snapshots
            .iter()
            .filter(|s| s.automated == automated)
            .filter(|s| instance.is_none_or(|i| s.instance_id == i))
            .filter(|s| status.is_none_or(|st| s.status == st))
            .map(Snapshot::to_json)
            .collect();
        Ok(okay(
            "Snapshots",
            json!({"snapshots": page.apply(&all), "total": all.len()}),
        ))
    })
}

pub(crate) async fn create_snapshot(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        let body = json_body(&body)?;
        let mut c = Checker::body(&body);
        let instance_id = c.req_str("instanceId");
        c.finish()?;
        let inst = instance_or_404(w.acct, instance_id.as_deref().unwrap_or_default())?;
        ensure_idle(inst)?;
        if inst.status == "error" {
            return Err(ApiError::bad_request("Instance is in an error state"));
        }
        let inst = inst.clone();
        let now = Utc::now();
        let snap = Snapshot {
            id: w.uuid(),
            name: format!("{}-{}", inst.hostname, now.format("%Y%m%d-%H%M%S")),
            size_gb: (inst.disk_gb / 3).max(1),
            status: "IN_PROGRESS".into(),
            last_restored_at: None,
            created_at: now.timestamp(),
            instance_deleted: false,
            product_id: inst.product_id.clone(),
            instance_id: inst.id.clone(),
            user_id: inst.user_id.clone(),
            region_id: inst.region.clone(),
            metadata: inst.metadata(),
            automated: false,
            pending: Some(Pending::new("ACTIVE", wants_failure(&inst.hostname), "FAILED")),
        };
        w.acct.snapshots.push(snap);
        // Pinned in docs/wire-decisions.md: no snapshot in the answer.
        Ok(okay("Snapshot is being created", Value::Null))
    })
}

pub(crate) async fn get_snapshot(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let snap = w
            .acct
            .snapshots
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| ApiError::not_found("Snapshot"))?;
        Ok(okay("Snapshot", snap.to_json()))
    })
}

pub(crate) async fn delete_snapshot(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let snap = w
            .acct
            .snapshots
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| ApiError::not_found("Snapshot"))?;
        if snap.pending.is_some() {
            return Err(ApiError::bad_request(format!(
                "Snapshot is busy ({})",
                snap.status
            )));
        }
        w.acct.snapshots.retain(|s| s.id != id);
        Ok(okay("Snapshot deleted", Value::Null))
    })
}

pub(crate) async fn restore_snapshot(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let snap = w
            .acct
            .snapshots
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| ApiError::not_found("Snapshot"))?;
        if snap.status != "ACTIVE" {
            return Err(ApiError::bad_request(format!(
                "Snapshot is not active ({})",
                snap.status
            )));
        }
        if snap.instance_deleted {
            return Err(ApiError::bad_request(
                "The snapshot's instance was deleted; create a new instance from it instead",
            ));
        }
        let instance_id = snap.instance_id.clone();
        let os_id = snap
            .metadata
            .get("osId")
            .and_then(Value::as_str)
            .map(str::to_string);
        let inst = instance_mut_or_404(w.acct, &instance_id)?;
        ensure_idle(inst)?;
        let fails = wants_failure(&inst.hostname);
        let resting = resting_status(inst);
        if os_id.is_some() {
            inst.os_id = os_id;
        }
        inst.status = "restoring".into();
        inst.pending = Some(Pending::new(resting, fails, "error"));
        let snap = w
            .acct
            .snapshots
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or_else(|| ApiError::not_found("Snapshot"))?;
        snap.status = "RESTORING".into();
        snap.last_restored_at = Some(epoch_now());
        // A failed restore leaves the snapshot intact (ACTIVE); only the instance ends in error.
        snap.pending = Some(Pending::new("ACTIVE", false, "ACTIVE"));
        Ok(okay("Snapshot is being restored", Value::Null))
    })
}

// ---------------------------------------------------------------------------------------------
// Backup profiles

struct BackupInput {
    instance_id: String,
    frequency: String,
    week_days: Vec<String>,
    period_id: i64,
}

fn read_backup(body: &Map<String, Value>) -> Result<BackupInput, ApiError> {
    let mut c = Checker::body(body);
    let instance_id = c.req_str("instanceId");
    let frequency = c.req_str("scheduleFrequency");
    let frequency = c.one_of("scheduleFrequency", frequency, &FREQUENCIES);
    let period_id = c.req_int("periodId");
    if period_id.is_some_and(|p| p < 1) {
        c.push(
            &["periodId"],
            "ensure this value is greater than 0",
            "value_error.number.not_gt",
        );
    }
    let week_days = c.opt_str_array("scheduleWeekDays").unwrap_or_default();
    for (i, d) in week_days.iter().enumerate() {
        if !WEEKDAYS.contains(&d.as_str()) {
            let idx = i.to_string();
            c.push(
                &["scheduleWeekDays", &idx],
                format!(
                    "value is not a valid enumeration member; permitted: {}",
                    WEEKDAYS.join(", ")
                ),
                "type_error.enum",
            );
        }
    }
    if frequency.as_deref() == Some("weekly") && week_days.is_empty() {
        c.push(
            &["scheduleWeekDays"],
            "at least one week day is required for a weekly schedule",
            "value_error.missing",
        );
    }
    c.finish()?;
    Ok(BackupInput {
        instance_id: instance_id.unwrap_or_default(),
        frequency: frequency.unwrap_or_default(),
        week_days,
        period_id: period_id.unwrap_or(1),
    })
}

pub(crate) async fn list_backups(State(sim): State<Arc<Sim>>, headers: HeaderMap, Query(q): Q) -> Response {
    sim.call(&headers, |w| {
        let mut args = QueryArgs::new(&q);
        let status = args.str("status");
        if let Some(s) = status {
            if !BACKUP_STATUSES.contains(&s) {
                args.errors.push(ValidationItem {
                    loc: vec![json!("query"), json!("status")],
                    msg: format!(
                        "value is not a valid enumeration member; permitted: {}",
                        BACKUP_STATUSES.join(", ")
                    ),
                    kind: "type_error.enum",
                });
            }
        }
        let page = PageArgs::read(&mut args, usize::MAX);
        args.finish()?;
        let all: Vec<Value> = w
            .acct
            .backups
            .iter()
            .filter(|b| status.is_none_or(|s| b.status == s))
            .map(|b| w.acct.backup_json(b))
            .collect();
        Ok(okay(
            "Backup profiles",
            json!({"backups": page.apply(&all), "total": all.len()}),
        ))
    })
}

pub(crate) async fn create_backup(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    sim.call(&headers, |w| {
        let input = read_backup(&json_body(&body)?)?;
        let inst = instance_or_404(w.acct, &input.instance_id)?;
        if w.acct.backups.iter().any(|b| b.instance_id == input.instance_id) {
            return Err(ApiError::bad_request(
                "The instance already has a backup profile; update it instead",
            ));
        }
        let monthly = round2(inst.monthly_price * 0.2);
        let fails = wants_failure(&inst.hostname);
        check_balance(w.acct, monthly)?;
        let profile = BackupProfile {
            instance_id: input.instance_id,
            status: "pending".into(),
            monthly_price: monthly,
            fee_percentage: 20,
            schedule_frequency: input.frequency,
            schedule_week_days: input.week_days,
            period_id: input.period_id,
            last_successful_backup_time: None,
            created_at: epoch_now(),
            pending: Some(Pending::new("active", fails, "inactive")),
        };
        let out = w.acct.backup_json(&profile);
        w.acct.backups.push(profile);
        Ok(okay("Backup profile created", out))
    })
}

pub(crate) async fn update_backup(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    sim.call(&headers, |w| {
        let input = read_backup(&json_body(&body)?)?;
        let idx = w
            .acct
            .backups
            .iter()
            .position(|b| b.instance_id == input.instance_id)
            .ok_or_else(|| ApiError::not_found("Backup profile"))?;
        let profile = &mut w.acct.backups[idx];
        profile.schedule_frequency = input.frequency;
        profile.schedule_week_days = input.week_days;
        profile.period_id = input.period_id;
        let out = w.acct.backup_json(&w.acct.backups[idx]);
        Ok(okay("Backup profile updated", out))
    })
}

pub(crate) async fn get_backup(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let profile = w
            .acct
            .backups
            .iter()
            .find(|b| b.instance_id == id)
            .ok_or_else(|| ApiError::not_found("Backup profile"))?;
        Ok(okay("Backup profile", w.acct.backup_json(profile)))
    })
}

pub(crate) async fn delete_backup(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let before = w.acct.backups.len();
        w.acct.backups.retain(|b| b.instance_id != id);
        if w.acct.backups.len() == before {
            return Err(ApiError::not_found("Backup profile"));
        }
        Ok(okay("Backup profile deleted", Value::Null))
    })
}
