//! Output: one document per command, rendered as a table (comfy-table) or as exactly one JSON
//! document (an array for lists, an object otherwise). JSON field names are the domain types' own
//! (camelCase, as the app's TypeScript types); the provider's `raw` JSON is included with
//! secret-looking keys removed, as in the cache.

use chrono::{DateTime, Utc};
use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;
use serde_json::Value;

use fleetdeck_core::job::Job;
use fleetdeck_core::{
    Backup, FloatingIp, Image, Invoice, Money, Plan, ProviderEvent, Region, Server, Snapshot, SshKey, Tag,
    Transaction, UploadedImage, UsageSeries,
};

/// What a command prints on stdout, in both forms.
#[derive(Debug)]
pub struct Document {
    pub json: Value,
    pub table: String,
}

impl Document {
    /// A list of rows.
    pub fn list<T: Serialize + Tabular>(items: &[T]) -> Document {
        let json = Value::Array(items.iter().map(to_json).collect());
        let mut table = new_table();
        table.set_header(T::HEADERS.to_vec());
        for item in items {
            table.add_row(item.row());
        }
        Document {
            json,
            table: if items.is_empty() {
                "(none)".into()
            } else {
                table.to_string()
            },
        }
    }

    /// One object, shown as a two-column table of its top-level fields.
    pub fn object<T: Serialize>(value: &T) -> Document {
        let json = to_json(value);
        let table = fields_table(&json);
        Document { json, table }
    }

    /// One object with a short human sentence instead of a table.
    pub fn message<T: Serialize>(value: &T, text: impl Into<String>) -> Document {
        Document {
            json: to_json(value),
            table: text.into(),
        }
    }

    /// A document built by the command itself: its JSON (scrubbed like every other) and its text.
    pub fn from_parts(json: Value, text: impl Into<String>) -> Document {
        Document {
            json: to_json(&json),
            table: text.into(),
        }
    }

    /// The document as the chosen format prints it.
    pub fn render(&self, json: bool) -> String {
        if json {
            serde_json::to_string_pretty(&self.json).unwrap_or_else(|_| "null".into())
        } else {
            self.table.clone()
        }
    }
}

fn new_table() -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled);
    t
}

/// Serialise, removing secret-looking keys from the provider's raw JSON.
fn to_json<T: Serialize>(value: &T) -> Value {
    let mut v = serde_json::to_value(value).unwrap_or(Value::Null);
    scrub_raw(&mut v);
    v
}

fn scrub_raw(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if k == "raw" {
                    fleetdeck_store::cache::scrub_secrets(child);
                } else {
                    scrub_raw(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(scrub_raw),
        _ => {}
    }
}

/// Key/value rows of an object's fields (nested objects flattened one level; `raw`/`extra` left to JSON).
fn fields_table(json: &Value) -> String {
    let Value::Object(map) = json else {
        return scalar(json);
    };
    let mut t = new_table();
    for (k, v) in map {
        if matches!(k.as_str(), "raw" | "extra") {
            continue;
        }
        match v {
            Value::Object(inner) if !inner.is_empty() => {
                for (ik, iv) in inner {
                    if matches!(ik.as_str(), "raw" | "extra") {
                        continue;
                    }
                    t.add_row(vec![format!("{k}.{ik}"), scalar(iv)]);
                }
            }
            _ => {
                t.add_row(vec![k.clone(), scalar(v)]);
            }
        }
    }
    t.to_string()
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(", "),
        Value::Object(_) => v.to_string(),
        other => other.to_string(),
    }
}

// ---- cells -----------------------------------------------------------------------------------

/// A serde enum as its wire word (`running`, `letscloud`).
fn word<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => "?".into(),
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "-".into())
}

fn date(v: &Option<DateTime<Utc>>) -> String {
    v.map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "-".into())
}

fn money(v: &Option<Money>) -> String {
    match v {
        Some(m) => match &m.currency {
            Some(c) => format!("{} {c}", m.amount),
            None => m.amount.clone(),
        },
        None => "-".into(),
    }
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        v.join(",")
    }
}

// ---- tables ----------------------------------------------------------------------------------

/// A type shown as a table row.
pub trait Tabular {
    const HEADERS: &'static [&'static str];
    fn row(&self) -> Vec<String>;
}

/// An account as `account list` shows it: `{"name","provider","endpoint"}`.
#[derive(Debug, Serialize)]
pub struct AccountRow {
    pub name: String,
    pub provider: fleetdeck_core::ProviderKind,
    pub endpoint: String,
}

impl Tabular for AccountRow {
    const HEADERS: &'static [&'static str] = &["NAME", "PROVIDER", "ENDPOINT"];
    fn row(&self) -> Vec<String> {
        vec![self.name.clone(), word(&self.provider), self.endpoint.clone()]
    }
}

impl Tabular for Server {
    const HEADERS: &'static [&'static str] = &[
        "ACCOUNT", "ID", "NAME", "STATUS", "IPV4", "REGION", "PLAN", "PROVIDER",
    ];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.id.clone(),
            self.name.clone(),
            word(&self.status),
            list(&self.ipv4),
            opt(&self.region),
            opt(&self.plan),
            word(&self.provider),
        ]
    }
}

impl Tabular for Region {
    const HEADERS: &'static [&'static str] = &["ACCOUNT", "ID", "NAME", "COUNTRY", "CITY", "AVAILABLE"];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.id.clone(),
            opt(&self.name),
            opt(&self.country),
            opt(&self.city),
            opt(&self.available),
        ]
    }
}

impl Tabular for Plan {
    const HEADERS: &'static [&'static str] =
        &["ACCOUNT", "ID", "NAME", "VCPUS", "MEMORY_MB", "DISK_GB", "PRICE"];
    fn row(&self) -> Vec<String> {
        let price = self
            .prices
            .first()
            .map(|p| format!("{}/{}", money(&Some(p.amount.clone())), word(&p.period)))
            .unwrap_or_else(|| "-".into());
        vec![
            self.account.clone(),
            self.id.clone(),
            opt(&self.name),
            opt(&self.vcpus),
            opt(&self.memory_mb),
            opt(&self.disk_gb),
            price,
        ]
    }
}

impl Tabular for Image {
    const HEADERS: &'static [&'static str] = &["ACCOUNT", "ID", "NAME", "KIND", "FAMILY", "VERSION"];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.id.clone(),
            self.name.clone(),
            word(&self.kind),
            opt(&self.family),
            opt(&self.version),
        ]
    }
}

impl Tabular for Snapshot {
    const HEADERS: &'static [&'static str] =
        &["ACCOUNT", "ID", "NAME", "SERVER", "STATUS", "SIZE_GB", "CREATED"];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.id.clone(),
            self.name.clone(),
            opt(&self.server_id),
            word(&self.status),
            opt(&self.size_gb),
            date(&self.created_at),
        ]
    }
}

impl Tabular for SshKey {
    const HEADERS: &'static [&'static str] = &["ACCOUNT", "ID", "NAME", "FINGERPRINT"];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.id.clone(),
            self.name.clone(),
            opt(&self.fingerprint),
        ]
    }
}

impl Tabular for FloatingIp {
    const HEADERS: &'static [&'static str] = &[
        "ACCOUNT",
        "ID",
        "ADDRESS",
        "REGION",
        "SERVER",
        "AUTO_RENEW",
        "EXPIRES",
    ];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.id.clone(),
            self.address.clone(),
            opt(&self.region),
            opt(&self.server_id),
            opt(&self.auto_renew),
            date(&self.expires_at),
        ]
    }
}

impl Tabular for UploadedImage {
    const HEADERS: &'static [&'static str] =
        &["ACCOUNT", "ID", "NAME", "STATUS", "REGION", "SIZE_GB", "CREATED"];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.id.clone(),
            self.name.clone(),
            word(&self.status),
            opt(&self.region),
            opt(&self.size_gb),
            date(&self.created_at),
        ]
    }
}

impl Tabular for Backup {
    const HEADERS: &'static [&'static str] =
        &["ACCOUNT", "ID", "NAME", "SERVER", "STATUS", "SIZE_GB", "CREATED"];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.id.clone(),
            self.name.clone(),
            opt(&self.server_id),
            word(&self.status),
            opt(&self.size_gb),
            date(&self.created_at),
        ]
    }
}

impl Tabular for Tag {
    const HEADERS: &'static [&'static str] = &["ACCOUNT", "NAME", "SERVERS"];
    fn row(&self) -> Vec<String> {
        vec![self.account.clone(), self.name.clone(), opt(&self.count)]
    }
}

impl Tabular for Invoice {
    const HEADERS: &'static [&'static str] =
        &["ACCOUNT", "ID", "NUMBER", "AMOUNT", "STATUS", "ISSUED", "PAID"];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.id.clone(),
            opt(&self.number),
            money(&self.amount),
            opt(&self.status),
            date(&self.issued_at),
            date(&self.paid_at),
        ]
    }
}

impl Tabular for Transaction {
    const HEADERS: &'static [&'static str] = &["ACCOUNT", "ID", "AMOUNT", "KIND", "DESCRIPTION", "AT"];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.id.clone(),
            money(&self.amount),
            opt(&self.kind),
            opt(&self.description),
            date(&self.at),
        ]
    }
}

impl Tabular for UsageSeries {
    const HEADERS: &'static [&'static str] = &["ACCOUNT", "SERVER", "METRIC", "UNIT", "POINTS", "LAST"];
    fn row(&self) -> Vec<String> {
        let last = self
            .points
            .last()
            .map(|p| format!("{} at {}", p.value, p.at.format("%Y-%m-%d %H:%M")))
            .unwrap_or_else(|| "-".into());
        vec![
            self.account.clone(),
            self.server_id.clone(),
            self.metric.clone(),
            self.unit.clone(),
            self.points.len().to_string(),
            last,
        ]
    }
}

impl Tabular for ProviderEvent {
    const HEADERS: &'static [&'static str] = &[
        "ACCOUNT",
        "ID",
        "ACTION",
        "STATUS",
        "TARGET",
        "CREATED",
        "COMPLETED",
    ];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.id.clone(),
            self.action.clone(),
            word(&self.status),
            opt(&self.target),
            date(&self.created_at),
            date(&self.completed_at),
        ]
    }
}

impl Tabular for Job {
    const HEADERS: &'static [&'static str] =
        &["ID", "ACCOUNT", "DESCRIPTION", "STATUS", "PROGRESS", "STARTED"];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.account.clone(),
            self.description.clone(),
            word(&self.status),
            self.progress
                .map(|p| format!("{p:.0}%"))
                .unwrap_or_else(|| "-".into()),
            date(&Some(self.started_at)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn raw_is_scrubbed_everywhere_else_is_kept() {
        let v = json!([{ "password": "shown-once", "raw": { "id": 1, "root_password": "x", "nested": { "api_token": "t" } } }]);
        let out = to_json(&v);
        assert_eq!(out[0]["password"], "shown-once");
        assert_eq!(out[0]["raw"]["id"], 1);
        assert!(out[0]["raw"].get("root_password").is_none());
        assert!(out[0]["raw"]["nested"].get("api_token").is_none());
    }

    #[test]
    fn empty_list_is_an_empty_array() {
        let d = Document::list::<AccountRow>(&[]);
        assert_eq!(d.render(true), "[]");
        assert_eq!(d.render(false), "(none)");
    }
}
