//! Capabilities are data (docs/design-rules.md rule 3): each provider states what it offers, and the UI and
//! the CLI hide or refuse what is missing with a clear message instead of a runtime surprise.
//!
//! Every flag defaults to `false` ("not offered"); a provider turns on what it implements. The
//! capability matrix in `docs/capabilities.md` is generated from these values by [`matrix_markdown`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::ProviderKind;
use crate::error::{Error, Result};
use crate::provider::CreateServerRequest;

/// How a provider resets a server's root password.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PasswordReset {
    #[default]
    None,
    /// The user chooses the new password (LetsCloud).
    Chosen,
    /// The provider generates it and returns it once (Cloudzy).
    Generated,
    /// The provider generates it and e-mails it (Cloude.ro).
    Emailed,
}

/// How many SSH keys can be given when creating a server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SshKeySelection {
    #[default]
    None,
    One,
    Many,
}

impl SshKeySelection {
    /// The most keys one create request takes (`None`: no limit of its own).
    pub fn max(self) -> Option<usize> {
        match self {
            SshKeySelection::None => Some(0),
            SshKeySelection::One => Some(1),
            SshKeySelection::Many => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ServerCapabilities {
    pub list: bool,
    pub detail: bool,
    pub create: bool,
    pub delete: bool,
    pub start: bool,
    /// Power off (hard, or the only stop the provider has).
    pub stop: bool,
    /// Graceful (ACPI) shutdown distinct from `stop`.
    pub shutdown: bool,
    pub reboot: bool,
    pub freeze: bool,
    pub reset_password: PasswordReset,
    /// Reinstall / change OS.
    pub reinstall: bool,
    pub resize: bool,
    pub add_traffic: bool,
    pub rename: bool,
    /// Edit the server's configuration keys (LXD `config`).
    pub update_config: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CreateCapabilities {
    pub regions: bool,
    pub plans: bool,
    pub images: bool,
    pub applications: bool,
    /// Custom CPU/RAM/disk instead of a plan (Cloudzy `extraResource`).
    pub custom_size: bool,
    /// Largest number of servers one create request can make (Cloudzy: 10); 1 otherwise.
    pub max_servers_per_request: u32,
    pub ssh_keys: SshKeySelection,
    /// A root password can be chosen at creation.
    pub password: bool,
    pub ipv6_choice: bool,
    pub floating_ips: bool,
    /// Billing cycles the provider accepts (empty: not a choice).
    pub billing_cycles: Vec<String>,
    pub user_data: bool,
    pub from_iso: bool,
    /// LXD source types (`image`, `copy`, `migration`, `none`).
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct SnapshotCapabilities {
    pub list: bool,
    pub detail: bool,
    pub create: bool,
    /// Creation takes a user-chosen name.
    pub named: bool,
    pub rename: bool,
    pub delete: bool,
    /// Restore in place onto the snapshot's server.
    pub restore: bool,
    pub create_server_from: bool,
    /// Snapshots outlive their server: deleting the server keeps them, so a server can be parked
    /// (snapshot, delete, create again from the snapshot). LXD deletes an instance's snapshots
    /// with the instance.
    pub outlive_server: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct BackupCapabilities {
    pub list: bool,
    pub create: bool,
    pub delete: bool,
    /// Scheduled backup profiles per server (Cloudzy).
    pub policies: bool,
    /// A backup's file can be saved on this machine (LXD's export; core/src/download.rs).
    pub download: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct SshKeyCapabilities {
    pub list: bool,
    pub get: bool,
    pub create: bool,
    /// The provider can generate the key pair (returns the private key once).
    pub generate: bool,
    pub rename: bool,
    pub delete: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct FloatingIpCapabilities {
    pub list: bool,
    pub allocate: bool,
    pub update: bool,
    pub release: bool,
    /// Most floating IPs one request asks for: one allocation, or one server's create order
    /// (`create.floatingIps`). Cloudzy: 5; 0 where there are none.
    pub max_per_request: u32,
}

/// ISOs or custom disk images.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct UploadCapabilities {
    pub list: bool,
    /// The provider downloads the file from a URL the user gives.
    pub download: bool,
    pub get: bool,
    pub delete: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct TagCapabilities {
    pub list: bool,
    pub create: bool,
    pub update: bool,
    pub delete: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct BillingCapabilities {
    pub profile: bool,
    pub balance: bool,
    pub invoices: bool,
    pub transactions: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct UsageCapabilities {
    /// Traffic time series per server.
    pub traffic: bool,
    /// Live CPU/memory/disk figures per server.
    pub live: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct EventCapabilities {
    pub list: bool,
    pub get: bool,
}

/// How hard one account may be asked at once, chosen per provider within its rate budget
/// (docs/wire-decisions.md, "List concurrency").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct LimitCapabilities {
    /// Most requests one listing keeps in flight for one account: the pages after the first of a
    /// list that states its total (core/src/paging.rs), or the per-server details of a vz list.
    /// At least 1; a list that is one request (or a chain of cursors) is never concurrent anyway.
    pub list_concurrency: u32,
}

impl LimitCapabilities {
    /// [`Self::list_concurrency`] as a count of futures to run at once, never 0 (a stream
    /// buffered by 0 would never poll anything).
    pub fn list_width(&self) -> usize {
        self.list_concurrency.max(1) as usize
    }
}

/// Everything one provider (dialect) offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Capabilities {
    pub provider: ProviderKind,
    /// Column title in the matrix (`Cloudzy`, `vz (seed API)`, `LXD`).
    pub dialect: String,
    pub servers: ServerCapabilities,
    pub create: CreateCapabilities,
    pub snapshots: SnapshotCapabilities,
    pub backups: BackupCapabilities,
    pub ssh_keys: SshKeyCapabilities,
    pub floating_ips: FloatingIpCapabilities,
    pub isos: UploadCapabilities,
    pub custom_images: UploadCapabilities,
    pub tags: TagCapabilities,
    pub billing: BillingCapabilities,
    pub usage: UsageCapabilities,
    pub events: EventCapabilities,
    pub limits: LimitCapabilities,
}

impl Capabilities {
    /// Nothing offered; providers start from this and switch on what they implement.
    pub fn none(provider: ProviderKind, dialect: impl Into<String>) -> Self {
        Capabilities {
            provider,
            dialect: dialect.into(),
            servers: Default::default(),
            create: CreateCapabilities {
                max_servers_per_request: 1,
                ..Default::default()
            },
            snapshots: Default::default(),
            backups: Default::default(),
            ssh_keys: Default::default(),
            floating_ips: Default::default(),
            isos: Default::default(),
            custom_images: Default::default(),
            tags: Default::default(),
            billing: Default::default(),
            usage: Default::default(),
            events: Default::default(),
            limits: LimitCapabilities { list_concurrency: 1 },
        }
    }

    /// Refuse, before any request, a create order beyond this provider's limits: servers per
    /// order (`create.maxServersPerRequest`), SSH keys per server (`create.sshKeys`), floating IPs
    /// per server (`create.floatingIps`, `floatingIps.maxPerRequest`). Each error names the field.
    pub fn check_create_request(&self, req: &CreateServerRequest) -> Result<()> {
        let provider = self.provider;
        let count = 1 + req.extra_hostnames.len() as u64;
        if count > u64::from(self.create.max_servers_per_request) {
            return Err(Error::invalid_field(
                "extraHostnames",
                format!(
                    "{provider} creates at most {} server(s) per order",
                    self.create.max_servers_per_request
                ),
            ));
        }
        if let Some(max) = self.create.ssh_keys.max() {
            if req.ssh_keys.len() > max {
                let message = match max {
                    0 => format!("{provider} takes no SSH key at creation"),
                    _ => format!("{provider} takes at most {max} SSH key(s) per server"),
                };
                return Err(Error::invalid_field("sshKeys", message));
            }
        }
        if let Some(n) = req.floating_ip_count.filter(|n| *n > 0) {
            if !self.create.floating_ips {
                return Err(Error::invalid_field(
                    "floatingIpCount",
                    format!("{provider} adds no floating IPs at creation"),
                ));
            }
            self.check_floating_ip_count("floatingIpCount", n)?;
        }
        Ok(())
    }

    /// Refuse a number of floating IPs one request cannot ask for (`floatingIps.maxPerRequest`).
    pub fn check_floating_ip_count(&self, field: &str, count: u32) -> Result<()> {
        let max = self.floating_ips.max_per_request;
        if count == 0 || count > max {
            return Err(Error::invalid_field(
                field,
                format!(
                    "{} takes between 1 and {max} floating IPs per request",
                    self.provider
                ),
            ));
        }
        Ok(())
    }

    /// `(group.capability, rendered value)` pairs in declaration order, derived from the serialised
    /// form so that a new flag shows up in the matrix without touching this function.
    pub fn rows(&self) -> Vec<(String, String)> {
        let mut rows = Vec::new();
        let Ok(serde_json::Value::Object(groups)) = serde_json::to_value(self) else {
            return rows;
        };
        for (group, value) in groups {
            if let serde_json::Value::Object(fields) = value {
                for (name, v) in fields {
                    rows.push((format!("{group}.{name}"), render_cell(&v)));
                }
            }
        }
        rows
    }
}

fn render_cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Bool(true) => "✅".into(),
        serde_json::Value::Bool(false) => "–".into(),
        serde_json::Value::String(s) if s == "none" => "–".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Array(a) if a.is_empty() => "–".into(),
        serde_json::Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().map(str::to_owned).unwrap_or_else(|| x.to_string()))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// The capability matrix as a Markdown table, one column per dialect.
pub fn matrix_markdown(columns: &[Capabilities]) -> String {
    let mut out = String::from("| capability |");
    for c in columns {
        out.push_str(&format!(" {} |", c.dialect));
    }
    out.push_str("\n|---|");
    for _ in columns {
        out.push_str("---|");
    }
    out.push('\n');
    let per_column: Vec<Vec<(String, String)>> = columns.iter().map(Capabilities::rows).collect();
    let Some(first) = per_column.first() else {
        return out;
    };
    for (i, (name, _)) in first.iter().enumerate() {
        out.push_str(&format!("| {name} |"));
        for col in &per_column {
            let cell = col.get(i).map(|(_, v)| v.as_str()).unwrap_or("?");
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_the_flags() {
        let mut c = Capabilities::none(ProviderKind::Cloudzy, "Cloudzy");
        c.snapshots.restore = true;
        c.create.billing_cycles = vec!["hourly".into(), "monthly".into()];
        let rows = c.rows();
        assert!(rows.contains(&("snapshots.restore".into(), "✅".into())));
        assert!(rows.contains(&("snapshots.rename".into(), "–".into())));
        assert!(rows.contains(&("create.billingCycles".into(), "hourly, monthly".into())));
        assert!(!rows
            .iter()
            .any(|(n, _)| n.starts_with("provider") || n.starts_with("dialect")));
    }

    #[test]
    fn the_list_concurrency_is_a_row_and_never_zero() {
        let mut c = Capabilities::none(ProviderKind::Vz, "vz");
        assert_eq!(
            c.limits.list_concurrency, 1,
            "one request at a time unless stated"
        );
        c.limits.list_concurrency = 100;
        assert!(c
            .rows()
            .contains(&("limits.listConcurrency".into(), "100".into())));
        assert_eq!(c.limits.list_width(), 100);
        c.limits.list_concurrency = 0;
        assert_eq!(c.limits.list_width(), 1);
    }

    #[test]
    fn create_orders_beyond_the_limits_are_refused() {
        let mut c = Capabilities::none(ProviderKind::Cloudzy, "Cloudzy");
        c.create.max_servers_per_request = 2;
        c.create.ssh_keys = SshKeySelection::One;
        let field = |r: &CreateServerRequest, c: &Capabilities| {
            c.check_create_request(r)
                .err()
                .and_then(|e| e.to_payload().details.fields.first().map(|f| f.field.clone()))
        };
        let mut req = CreateServerRequest {
            name: "a".into(),
            extra_hostnames: vec!["b".into()],
            ssh_keys: vec!["k".into()],
            ..Default::default()
        };
        assert_eq!(field(&req, &c), None);
        req.extra_hostnames.push("c".into());
        assert_eq!(field(&req, &c).as_deref(), Some("extraHostnames"));
        req.extra_hostnames.pop();
        req.ssh_keys.push("k2".into());
        assert_eq!(field(&req, &c).as_deref(), Some("sshKeys"));
        c.create.ssh_keys = SshKeySelection::Many;
        assert_eq!(field(&req, &c), None);
        req.floating_ip_count = Some(2);
        assert_eq!(field(&req, &c).as_deref(), Some("floatingIpCount"));
        c.create.floating_ips = true;
        c.floating_ips.max_per_request = 2;
        assert_eq!(field(&req, &c), None);
        req.floating_ip_count = Some(3);
        assert_eq!(field(&req, &c).as_deref(), Some("floatingIpCount"));
        assert!(c.check_floating_ip_count("count", 0).is_err());
        assert!(c.check_floating_ip_count("count", 2).is_ok());
    }

    #[test]
    fn matrix_has_one_column_per_dialect() {
        let a = Capabilities::none(ProviderKind::Cloudzy, "Cloudzy");
        let mut b = Capabilities::none(ProviderKind::Vz, "LXD");
        b.servers.freeze = true;
        let md = matrix_markdown(&[a, b]);
        assert!(md.starts_with("| capability | Cloudzy | LXD |"));
        assert!(md.contains("| servers.freeze | – | ✅ |"));
    }
}
