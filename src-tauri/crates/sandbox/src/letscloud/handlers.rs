//! The LetsCloud endpoints. Bodies are read as JSON (what the SDKs send) or as a urlencoded form
//! (what the Postman docs show); `_method` in either overrides a POST where the docs use it.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::model::*;
use super::seed;
use super::{data, message, Fail, LcResult, Sim, World};

// ---------------------------------------------------------------------------------------------
// Body reading

fn parse_body(headers: &HeaderMap, bytes: &[u8]) -> Result<Map<String, Value>, Fail> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    let is_form = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    let form = || {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
            .ok()
            .map(|pairs| {
                pairs
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect::<Map<String, Value>>()
            })
    };
    if is_form {
        return form().ok_or_else(|| Fail::bad("The request body could not be read."));
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(Fail::bad("The request body must be a JSON object.")),
        Err(_) => form()
            .filter(|m| !m.is_empty())
            .ok_or_else(|| Fail::bad("The request body is not valid JSON.")),
    }
}

/// A non-empty text field (numbers are accepted as their text).
fn text(body: &Map<String, Value>, name: &str) -> Option<String> {
    match body.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Every named field must be present; answers one validation error naming all missing ones.
fn required(body: &Map<String, Value>, fields: &[&'static str]) -> Result<Vec<String>, Fail> {
    let mut values = Vec::with_capacity(fields.len());
    let mut errors = Vec::new();
    for field in fields {
        match text(body, field) {
            Some(v) => values.push(v),
            None => errors.push((
                *field,
                format!("The {} field is required.", field.replace('_', " ")),
            )),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(Fail::validation(errors))
    }
}

fn spoofed_method(body: &Map<String, Value>) -> Option<String> {
    text(body, "_method").map(|m| m.to_ascii_uppercase())
}

fn method_not_allowed(supported: &str) -> Fail {
    Fail::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("The POST method is not supported for this route. Supported methods: {supported}."),
    )
}

fn valid_hostname(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 253
        && h.split('.').all(|part| {
            !part.is_empty()
                && part.len() <= 63
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !part.starts_with('-')
                && !part.ends_with('-')
        })
}

fn valid_public_key(key: &str) -> bool {
    use base64::Engine;
    let mut parts = key.split_whitespace();
    let kind = parts.next().unwrap_or_default();
    let blob = parts.next().unwrap_or_default();
    (kind.starts_with("ssh-") || kind.starts_with("ecdsa-") || kind.starts_with("sk-"))
        && blob.len() >= 16
        && base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(blob.trim_end_matches('='))
            .is_ok()
}

// ---------------------------------------------------------------------------------------------
// Account and catalog

pub(crate) async fn profile(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    sim.call(&headers, |w| {
        let a = &w.acct;
        Ok(data(json!({
            "name": a.name,
            "company_name": a.company_name,
            "email": a.email,
            "currency": a.currency.symbol(),
            "balance": format!("{:.2}", a.balance),
        })))
    })
}

pub(crate) async fn locations(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    sim.call(&headers, |w| {
        Ok(data(Value::Array(
            w.catalog.locations.iter().map(Location::to_json).collect(),
        )))
    })
}

fn location_or_404<'c>(catalog: &'c Catalog, slug: &str) -> Result<&'c Location, Fail> {
    catalog.location(slug).ok_or_else(|| Fail::not_found("Location"))
}

/// The current (2024+) shape: an array of location wrappers, each with its `plans` array.
pub(crate) async fn location_plans(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let loc = location_or_404(w.catalog, &slug)?;
        let plans: Vec<Value> = w
            .catalog
            .plans
            .iter()
            .map(|p| plan_json(p, loc, w.acct.currency))
            .collect();
        Ok(data(
            json!([{"country": loc.country, "city": loc.city, "slug": loc.slug, "plans": plans}]),
        ))
    })
}

pub(crate) async fn location_images(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let loc = location_or_404(w.catalog, &slug)?;
        let images: Vec<Value> = w
            .catalog
            .images
            .iter()
            .filter(|i| loc.images.contains(&i.slug))
            .map(Image::to_json)
            .collect();
        Ok(data(Value::Array(images)))
    })
}

// ---------------------------------------------------------------------------------------------
// Instances

pub(crate) async fn list_instances(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    sim.call(&headers, |w| {
        let list: Vec<Value> = w.acct.instances.iter().map(|i| i.to_json(w.catalog)).collect();
        Ok(data(Value::Array(list)))
    })
}

pub(crate) async fn get_instance(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let inst = w.acct.instance(&id).ok_or_else(|| Fail::not_found("Instance"))?;
        Ok(data(inst.to_json(w.catalog)))
    })
}

pub(crate) async fn create_instance(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        let body = parse_body(&headers, &body)?;
        let values = required(
            &body,
            &["location_slug", "plan_slug", "hostname", "label", "image_slug"],
        )?;
        let [location_slug, plan_slug, hostname, label, image_slug] =
            <[String; 5]>::try_from(values).map_err(|_| Fail::bad("The request is incomplete."))?;
        let ssh_slug = text(&body, "ssh_slug");
        let password = text(&body, "password");

        let mut errors = Vec::new();
        let location = w.catalog.location(&location_slug);
        if location.is_none() {
            errors.push((
                "location_slug",
                "The selected location slug is invalid.".to_string(),
            ));
        }
        let plan = w.catalog.plans.iter().find(|p| p.slug == plan_slug);
        if plan.is_none() {
            errors.push(("plan_slug", "The selected plan slug is invalid.".to_string()));
        }
        if location.is_some_and(|l| !l.images.contains(&image_slug)) {
            errors.push(("image_slug", "The selected image slug is invalid.".to_string()));
        }
        if !valid_hostname(&hostname) {
            errors.push(("hostname", "The hostname format is invalid.".to_string()));
        }
        if label.chars().count() > 64 {
            errors.push((
                "label",
                "The label may not be greater than 64 characters.".to_string(),
            ));
        }
        if password.as_deref().is_some_and(|p| p.chars().count() < 8) {
            errors.push((
                "password",
                "The password must be at least 8 characters.".to_string(),
            ));
        }
        if let Some(slug) = &ssh_slug {
            if !w.acct.ssh_keys.iter().any(|k| &k.slug == slug) {
                errors.push(("ssh_slug", "The selected ssh slug is invalid.".to_string()));
            }
        }
        if !errors.is_empty() {
            return Err(Fail::validation(errors));
        }
        let (Some(location), Some(plan)) = (location, plan) else {
            return Err(Fail::bad("The request is incomplete."));
        };
        if !location.available {
            return Err(Fail::bad(format!(
                "The location {} is not available at the moment.",
                location.slug
            )));
        }
        if plan_price(plan, location, w.acct.currency) > w.acct.balance {
            return Err(Fail::bad(
                "You don't have enough balance to create this instance.",
            ));
        }
        let template_label = w
            .catalog
            .images
            .iter()
            .find(|i| i.slug == image_slug)
            .map(|i| i.distro.clone())
            .unwrap_or_default();
        let fails = wants_failure(&label) || wants_failure(&hostname);
        let inst = Instance {
            identifier: seed::identifier(w.rng),
            label,
            hostname,
            cpus: plan.core,
            memory: plan.memory,
            disk: plan.disk,
            location: location.slug.clone(),
            plan: plan.slug.clone(),
            image: image_slug,
            template_label,
            ips: w.counters.addresses(location),
            root_password: password.unwrap_or_else(|| seed::password(w.rng)),
            booted: false,
            built: false,
            locked: true,
            suspended: false,
            pending: Some(Pending::new(Op::Build, fails)),
        };
        w.acct.instances.push(inst);
        // The API gives no identifier back: clients find the instance by label + hostname.
        Ok(message("Instance successfully created"))
    })
}

/// Starts a long action on an idle, built, unsuspended instance.
fn act(w: &mut World<'_>, id: &str, op: Op, done: &str) -> LcResult {
    let inst = w
        .acct
        .instance_mut(id)
        .ok_or_else(|| Fail::not_found("Instance"))?;
    if inst.suspended {
        return Err(Fail::bad("The instance is suspended."));
    }
    if inst.locked || !inst.built {
        return Err(Fail::bad(
            "The instance is busy. Please wait for the current action to finish.",
        ));
    }
    // Powering on a running machine (or off a stopped one) changes nothing.
    let no_op = matches!(op, Op::PowerOn) && inst.booted || matches!(op, Op::PowerOff) && !inst.booted;
    if !no_op {
        let fails = wants_failure(&inst.label) || wants_failure(&inst.hostname);
        inst.locked = true;
        inst.pending = Some(Pending::new(op, fails));
    }
    Ok(message(done))
}

pub(crate) async fn delete_instance(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let inst = w
            .acct
            .instance_mut(&id)
            .ok_or_else(|| Fail::not_found("Instance"))?;
        if inst.locked {
            return Err(Fail::bad(
                "The instance is busy. Please wait for the current action to finish.",
            ));
        }
        let fails = wants_failure(&inst.label) || wants_failure(&inst.hostname);
        inst.locked = true;
        inst.pending = Some(Pending::new(Op::Delete, fails));
        Ok(message("Instance successfully deleted"))
    })
}

pub(crate) async fn power_on(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        act(w, &id, Op::PowerOn, "The instance is turning ON")
    })
}

pub(crate) async fn power_off(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        act(w, &id, Op::PowerOff, "The instance is turning OFF.")
    })
}

pub(crate) async fn reboot(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| act(w, &id, Op::Reboot, "The instance is rebooting"))
}

/// Graceful ACPI shutdown; answers `{success, message}` (docs/wire-decisions.md).
pub(crate) async fn shutdown(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        act(w, &id, Op::PowerOff, "The instance is shutting down")
    })
}

fn do_reset_password(w: &mut World<'_>, id: &str, body: &Map<String, Value>) -> LcResult {
    let [password] = <[String; 1]>::try_from(required(body, &["password"])?)
        .map_err(|_| Fail::bad("The password field is required."))?;
    if password.chars().count() < 8 {
        return Err(Fail::validation(vec![(
            "password",
            "The password must be at least 8 characters.".into(),
        )]));
    }
    act(w, id, Op::ResetPassword, "The password was changed successfully.")
}

pub(crate) async fn reset_password(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        do_reset_password(w, &id, &parse_body(&headers, &body)?)
    })
}

pub(crate) async fn reset_password_spoofed(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        let body = parse_body(&headers, &body)?;
        match spoofed_method(&body).as_deref() {
            Some("PUT") => do_reset_password(w, &id, &body),
            _ => Err(method_not_allowed("PUT")),
        }
    })
}

fn do_change_plan(w: &mut World<'_>, id: &str, body: &Map<String, Value>) -> LcResult {
    let [plan_slug] = <[String; 1]>::try_from(required(body, &["plan_slug"])?)
        .map_err(|_| Fail::bad("The plan slug field is required."))?;
    let plan = w
        .catalog
        .plans
        .iter()
        .find(|p| p.slug == plan_slug)
        .ok_or_else(|| Fail::validation(vec![("plan_slug", "The selected plan slug is invalid.".into())]))?;
    let inst = w.acct.instance(id).ok_or_else(|| Fail::not_found("Instance"))?;
    if inst.plan == plan.slug {
        return Err(Fail::bad("The instance already uses this plan."));
    }
    if plan.disk < inst.disk {
        return Err(Fail::bad(
            "The disk of the new plan is smaller than the instance's disk.",
        ));
    }
    let location = w
        .catalog
        .location(&inst.location)
        .ok_or_else(|| Fail::not_found("Location"))?;
    if plan_price(plan, location, w.acct.currency) > w.acct.balance {
        return Err(Fail::bad("You don't have enough balance to change to this plan."));
    }
    let op = Op::ChangePlan {
        plan: plan.slug.clone(),
        cpus: plan.core,
        memory: plan.memory,
        disk: plan.disk,
    };
    act(w, id, op, "The plan was changed successfully.")
}

pub(crate) async fn change_plan(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        do_change_plan(w, &id, &parse_body(&headers, &body)?)
    })
}

pub(crate) async fn change_plan_spoofed(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        let body = parse_body(&headers, &body)?;
        match spoofed_method(&body).as_deref() {
            Some("PUT") => do_change_plan(w, &id, &body),
            _ => Err(method_not_allowed("PUT")),
        }
    })
}

// ---------------------------------------------------------------------------------------------
// SSH keys

pub(crate) async fn list_ssh_keys(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    sim.call(&headers, |w| {
        if w.acct.ssh_keys.is_empty() {
            // The quirk the SDKs work around: no keys is HTTP 200 + success:false.
            return Err(Fail::new(StatusCode::OK, "You don't have any SSH keys."));
        }
        Ok(data(Value::Array(
            w.acct.ssh_keys.iter().map(SshKey::to_json).collect(),
        )))
    })
}

pub(crate) async fn get_ssh_key(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let key = w
            .acct
            .ssh_keys
            .iter()
            .find(|k| k.slug == slug)
            .ok_or_else(|| Fail::not_found("SSH key"))?;
        Ok(data(key.to_json()))
    })
}

/// Stores `key` under `title` (same title = replace) or, without a key, generates a pair whose
/// private half is answered this once and never kept.
fn do_create_ssh_key(w: &mut World<'_>, body: &Map<String, Value>) -> LcResult {
    let [title] = <[String; 1]>::try_from(required(body, &["title"])?)
        .map_err(|_| Fail::bad("The title field is required."))?;
    let slug = slugify(&title);
    if slug.is_empty() {
        return Err(Fail::validation(vec![(
            "title",
            "The title must contain letters or digits.".into(),
        )]));
    }
    let (public_key, private_key) = match text(body, "key") {
        Some(k) if valid_public_key(&k) => (k, None),
        Some(_) => {
            return Err(Fail::validation(vec![(
                "key",
                "The key is not a valid public SSH key.".into(),
            )]))
        }
        None => {
            let (public, private) = seed::generated_pair(w.rng, &slug);
            (public, Some(private))
        }
    };
    let key = SshKey {
        slug: slug.clone(),
        title: title.clone(),
        public_key: public_key.clone(),
    };
    match w.acct.ssh_keys.iter_mut().find(|k| k.slug == slug) {
        Some(existing) => *existing = key,
        None => w.acct.ssh_keys.push(key),
    }
    let mut out = json!({"title": title, "slug": slug, "public_key": public_key});
    if let (Some(private), Some(obj)) = (private_key, out.as_object_mut()) {
        obj.insert("private_key".into(), Value::String(private));
    }
    Ok(data(out))
}

fn do_delete_ssh_key(w: &mut World<'_>, body: &Map<String, Value>) -> LcResult {
    let [slug] = <[String; 1]>::try_from(required(body, &["slug"])?)
        .map_err(|_| Fail::bad("The slug field is required."))?;
    let before = w.acct.ssh_keys.len();
    w.acct.ssh_keys.retain(|k| k.slug != slug);
    if w.acct.ssh_keys.len() == before {
        return Err(Fail::not_found("SSH key"));
    }
    Ok(message("SSH Key was successfully deleted!"))
}

pub(crate) async fn create_ssh_key(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    sim.call(&headers, |w| {
        let body = parse_body(&headers, &body)?;
        match spoofed_method(&body).as_deref() {
            Some("DELETE") => do_delete_ssh_key(w, &body),
            _ => do_create_ssh_key(w, &body),
        }
    })
}

/// `DELETE /sshkeys` with a JSON body `{slug}`.
pub(crate) async fn delete_ssh_key(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    sim.call(&headers, |w| do_delete_ssh_key(w, &parse_body(&headers, &body)?))
}

// ---------------------------------------------------------------------------------------------
// Snapshots

pub(crate) async fn create_snapshot(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        let body = parse_body(&headers, &body)?;
        let [label] = <[String; 1]>::try_from(required(&body, &["label"])?)
            .map_err(|_| Fail::bad("The label field is required."))?;
        let inst = w.acct.instance(&id).ok_or_else(|| Fail::not_found("Instance"))?;
        if !inst.built {
            return Err(Fail::bad("The instance is still being built."));
        }
        let fails = wants_failure(&label) || wants_failure(&inst.label);
        let base = slugify(&label);
        let suffix = seed::lower_alnum(w.rng, 6);
        let slug = if base.is_empty() {
            format!("snapshot-{suffix}")
        } else {
            format!("{base}-{suffix}")
        };
        let snap = Snapshot {
            slug,
            label,
            size: (inst.disk / 3).max(1),
            os_reference: inst.image.clone(),
            reference: inst.identifier.clone(),
            build: false,
            locations: vec![inst.location.clone()],
            building: Some(Pending::new(Op::Build, fails)),
        };
        let out = snap.to_json();
        w.acct.snapshots.push(snap);
        Ok(data(out))
    })
}

pub(crate) async fn list_snapshots(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    sim.call(&headers, |w| {
        Ok(data(Value::Array(
            w.acct.snapshots.iter().map(Snapshot::to_json).collect(),
        )))
    })
}

fn snapshot<'a>(w: &'a World<'_>, slug: &str) -> Result<&'a Snapshot, Fail> {
    w.acct
        .snapshots
        .iter()
        .find(|s| s.slug == slug)
        .ok_or_else(|| Fail::not_found("Snapshot"))
}

pub(crate) async fn get_snapshot(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    sim.call(&headers, |w| Ok(data(snapshot(w, &slug)?.to_json())))
}

/// `{slug, build}` (docs/wire-decisions.md).
pub(crate) async fn snapshot_status(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    sim.call(&headers, |w| {
        let s = snapshot(w, &slug)?;
        Ok(data(json!({"slug": s.slug, "build": s.build})))
    })
}

fn do_rename_snapshot(w: &mut World<'_>, slug: &str, body: &Map<String, Value>) -> LcResult {
    let [label] = <[String; 1]>::try_from(required(body, &["label"])?)
        .map_err(|_| Fail::bad("The label field is required."))?;
    let snap = w
        .acct
        .snapshots
        .iter_mut()
        .find(|s| s.slug == slug)
        .ok_or_else(|| Fail::not_found("Snapshot"))?;
    snap.label = label;
    Ok(message("Snapshot successfully updated"))
}

fn do_delete_snapshot(w: &mut World<'_>, slug: &str) -> LcResult {
    let snap = snapshot(w, slug)?;
    if !snap.build {
        return Err(Fail::bad("The snapshot is still being built."));
    }
    w.acct.snapshots.retain(|s| s.slug != slug);
    Ok(message("Snapshot successfully deleted!"))
}

pub(crate) async fn rename_snapshot(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        do_rename_snapshot(w, &slug, &parse_body(&headers, &body)?)
    })
}

pub(crate) async fn delete_snapshot(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    sim.call(&headers, |w| do_delete_snapshot(w, &slug))
}

/// `POST /snapshots/{slug}` with `_method=PUT` (rename) or `_method=DELETE`, as the Postman docs send.
pub(crate) async fn snapshot_spoofed(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: Bytes,
) -> Response {
    sim.call(&headers, |w| {
        let body = parse_body(&headers, &body)?;
        match spoofed_method(&body).as_deref() {
            Some("PUT") => do_rename_snapshot(w, &slug, &body),
            Some("DELETE") => do_delete_snapshot(w, &slug),
            _ => Err(method_not_allowed("GET, HEAD, PUT, DELETE")),
        }
    })
}
