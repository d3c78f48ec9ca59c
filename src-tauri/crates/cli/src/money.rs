//! Keys, local tags and money on the command line: `ssh-key generate|push`, `tag local
//! list|add|remove|set`, `plan list|compare`, `cost estimate` and `balance`. Each command reads its
//! files, calls the fleet and renders what comes back; the arithmetic is the core's
//! (`fleetdeck_core::money`, decimals per currency).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;

use fleetdeck_core::error::AccountFailure;
use fleetdeck_core::money::{AccountBalance, CurrencyTotal, MonthlyEstimate, PlanOffer, ServerCostEstimate};
use fleetdeck_core::Money;
use fleetdeck_fleet::{Fleet, KeyPushResult, ServerLocalTags};

use crate::args::{account_name, address, existing_file, AccountsFilter};
use crate::input;
use crate::render::{Document, Tabular};
use crate::{Failure, Outcome};

type CmdResult = Result<Outcome, Failure>;

// ---- arguments -------------------------------------------------------------------------------

/// `ssh-key generate`: a new Ed25519 pair made here.
#[derive(Debug, Args)]
pub struct SshKeyGenerate {
    #[arg(long, value_parser = account_name, value_name = "NAME")]
    pub account: String,
    /// The key's name at the provider (also the key's comment).
    #[arg(long, value_name = "N")]
    pub name: String,
    /// Where to write the private key (mode 0600) — a new file, never overwritten; the public key
    /// goes to the same path with `.pub` added. Fleetdeck keeps no copy.
    #[arg(long, value_name = "F")]
    pub private_key_file: PathBuf,
}

/// `ssh-key push`: one public key to several accounts.
#[derive(Debug, Args)]
pub struct SshKeyPush {
    /// The OpenSSH public key file (`~/.ssh/id_ed25519.pub`).
    #[arg(value_name = "LOCAL_PUB_FILE", value_parser = existing_file)]
    pub public_key_file: PathBuf,
    /// An account to add the key to (repeatable, at least one).
    #[arg(long = "account", required = true, value_parser = account_name, value_name = "NAME")]
    pub accounts: Vec<String>,
    /// The key's name at the providers (default: the key's comment, else the file's name).
    #[arg(long, value_name = "N")]
    pub name: Option<String>,
}

/// `plan`: one account's plans, or every account's side by side.
#[derive(Debug, Subcommand)]
pub enum PlanCmd {
    /// One account's plans.
    List {
        #[arg(long, value_parser = account_name, value_name = "NAME")]
        account: String,
        /// Only those offered in this region.
        #[arg(long, value_name = "SLUG")]
        region: Option<String>,
    },
    /// Every plan of the named accounts (all that sell plans when none), with the monthly price
    /// and the price per vCPU, GB of RAM, GB of disk and TB of traffic.
    Compare {
        #[command(flatten)]
        accounts: AccountsFilter,
        /// Only plans offered in this region.
        #[arg(long, value_name = "SLUG")]
        region: Option<String>,
    },
}

/// `cost`: what the servers cost.
#[derive(Debug, Subcommand)]
pub enum CostCmd {
    /// A monthly cost estimate per server, per account and in total (per currency), from plan
    /// prices (an hourly price counts 730 hours). Servers whose cost is unknown are listed apart.
    Estimate(AccountsFilter),
}

/// `tag local`: tags kept by Fleetdeck for servers of any provider, shared with the app.
#[derive(Debug, Subcommand)]
pub enum LocalTagCmd {
    /// Servers with local tags, of the named accounts (all when none).
    List(AccountsFilter),
    /// Add local tags to servers (any accounts).
    Add(LocalTagChange),
    /// Remove local tags from servers.
    Remove(LocalTagChange),
    /// Replace the local tags of one server (no --tag: remove them all).
    Set {
        #[arg(value_parser = address, value_name = "ACCOUNT/SERVER_ID")]
        server: String,
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub struct LocalTagChange {
    /// Servers (one or more).
    #[arg(required = true, value_parser = address, value_name = "ACCOUNT/SERVER_ID")]
    pub servers: Vec<String>,
    /// A tag (repeatable, at least one).
    #[arg(long = "tag", required = true, value_name = "TAG")]
    pub tags: Vec<String>,
}

// ---- commands --------------------------------------------------------------------------------

pub async fn ssh_key_generate(fleet: &Fleet, g: SshKeyGenerate) -> CmdResult {
    // A relative file is the working directory's; the fleet takes full paths only
    // (fleet/src/keys.rs `check_new_key_path`).
    let file = std::path::absolute(&g.private_key_file).map_err(|e| {
        fleetdeck_core::Error::invalid_field("privateKeyFile", format!("no path to write to: {e}"))
    })?;
    let made = fleet.generate_ssh_key(&g.account, &g.name, &file).await?;
    let text = format!(
        "Generated an Ed25519 key: private key in {} (mode 0600, not kept by Fleetdeck), public key in {}; \
         added to account {} as '{}' ({}).",
        made.private_key_file, made.public_key_file, made.key.account, made.key.name, made.fingerprint
    );
    Ok(Outcome::doc(Document::message(&made, text)))
}

/// One result line per account; accounts that refused the key make the exit code 3 (or, when
/// the only account named refused it, that error's own code).
pub async fn ssh_key_push(fleet: &Fleet, p: SshKeyPush) -> CmdResult {
    let key = input::read_text_file(&p.public_key_file, "public key")?;
    let key = key.trim();
    let name = match p.name.filter(|n| !n.trim().is_empty()) {
        Some(n) => n,
        None => default_key_name(key, &p.public_key_file),
    };
    let results = fleet.push_ssh_key(key, &name, &p.accounts).await?;
    let failures = results
        .iter()
        .filter_map(|r| {
            r.error.clone().map(|error| AccountFailure {
                account: r.account.clone(),
                error,
            })
        })
        .collect();
    let lines: Vec<String> = results.iter().map(push_line).collect();
    Ok(Outcome {
        doc: Document::message(&results, lines.join("\n")),
        failures,
        accounts_covered: results.len(),
    })
}

fn push_line(r: &KeyPushResult) -> String {
    match (&r.key, &r.error) {
        (Some(k), _) => format!("{}: added as {}/{} ({})", r.account, r.account, k.id, k.name),
        (None, Some(e)) => format!("{}: failed: {}", r.account, e.message),
        (None, None) => format!("{}: failed", r.account),
    }
}

/// The comment of a public key line (`ssh-ed25519 AAAA… me@host` → `me@host`), else the file's
/// name without `.pub`.
fn default_key_name(key: &str, file: &std::path::Path) -> String {
    key.split_whitespace()
        .nth(2)
        .map(str::to_owned)
        .or_else(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "fleetdeck".into())
}

pub async fn plan(fleet: &Fleet, cmd: PlanCmd) -> CmdResult {
    match cmd {
        PlanCmd::List { account, region } => {
            let plans = fleet.plans(&account, region.as_deref()).await?;
            Ok(Outcome::doc(Document::list(&plans)))
        }
        PlanCmd::Compare { accounts, region } => {
            let table = fleet
                .plan_comparison(&accounts.accounts, region.as_deref())
                .await?;
            let covered = covered(fleet, &accounts.accounts);
            Ok(Outcome {
                doc: Document::list(&table.items),
                failures: table.failures,
                accounts_covered: covered,
            })
        }
    }
}

pub async fn cost(fleet: &Fleet, cmd: CostCmd) -> CmdResult {
    let CostCmd::Estimate(f) = cmd;
    let estimate = fleet.cost_estimate(&f.accounts).await?;
    let mut text = Document::list(&estimate.servers).table;
    text.push_str("\n\nMonthly estimate per account:");
    for a in &estimate.accounts {
        text.push_str(&format!(
            "\n  {}: {}{}",
            a.account,
            totals_text(&a.monthly_estimate),
            unknown_text(a.servers_unknown)
        ));
    }
    text.push_str(&format!(
        "\nMonthly estimate, all accounts: {}",
        totals_text(&estimate.monthly_estimate_totals)
    ));
    Ok(Outcome {
        failures: estimate.failures.clone(),
        accounts_covered: covered(fleet, &f.accounts),
        doc: Document::message(&estimate, text),
    })
}

pub async fn balance(fleet: &Fleet, f: AccountsFilter) -> CmdResult {
    let balances = fleet.balances(&f.accounts).await?;
    let mut text = Document::list(&balances.items).table;
    text.push_str(&format!("\nTotal: {}", totals_text(&balances.totals)));
    Ok(Outcome {
        failures: balances.failures.clone(),
        accounts_covered: covered(fleet, &f.accounts),
        doc: Document::message(&balances, text),
    })
}

pub async fn local_tags(fleet: &Fleet, cmd: LocalTagCmd) -> CmdResult {
    match cmd {
        LocalTagCmd::List(f) => Ok(Outcome::doc(Document::list(&fleet.local_tags(&f.accounts)?))),
        LocalTagCmd::Add(c) => {
            fleet.add_local_tags(&c.servers, &c.tags)?;
            let text = format!("Tagged {} server(s) locally.", c.servers.len());
            changed(json!({ "servers": c.servers, "added": c.tags }), text)
        }
        LocalTagCmd::Remove(c) => {
            fleet.remove_local_tags(&c.servers, &c.tags)?;
            let text = format!("Removed local tags from {} server(s).", c.servers.len());
            changed(json!({ "servers": c.servers, "removed": c.tags }), text)
        }
        LocalTagCmd::Set { server, tags } => {
            fleet.set_local_tags(&server, &tags)?;
            let text = format!("Set the local tags of {server}.");
            changed(json!({ "server": server, "tags": tags }), text)
        }
    }
}

fn changed(value: serde_json::Value, text: String) -> CmdResult {
    Ok(Outcome::doc(Document::message(&value, text)))
}

/// How many accounts a list covered (for the exit code of a partial result).
fn covered(fleet: &Fleet, names: &[String]) -> usize {
    fleet.select_accounts(names).map(|a| a.len()).unwrap_or(0)
}

// ---- rendering -------------------------------------------------------------------------------

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "-".into())
}

fn money_text(m: &Money) -> String {
    match &m.currency {
        Some(c) => format!("{} {c}", m.amount),
        None => m.amount.clone(),
    }
}

fn estimate_text(e: &Option<MonthlyEstimate>) -> String {
    match e {
        Some(e) => {
            let basis = match serde_json::to_value(e.basis) {
                Ok(serde_json::Value::String(s)) if s != "monthly" => format!(" (from {s})"),
                _ => String::new(),
            };
            format!("{}{basis}", money_text(&e.amount))
        }
        None => "unknown".into(),
    }
}

/// `12.00 EUR + 5.50 USD`: never one figure for two currencies.
fn totals_text(totals: &[CurrencyTotal]) -> String {
    if totals.is_empty() {
        return "unknown".into();
    }
    totals
        .iter()
        .map(|t| match &t.currency {
            Some(c) => format!("{} {c}", t.amount),
            None => format!("{} (currency not stated)", t.amount),
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn unknown_text(n: u32) -> String {
    match n {
        0 => String::new(),
        n => format!(" ({n} server(s) of unknown cost not included)"),
    }
}

impl Tabular for PlanOffer {
    const HEADERS: &'static [&'static str] = &[
        "ACCOUNT",
        "PROVIDER",
        "PLAN",
        "REGIONS",
        "VCPU",
        "RAM_MB",
        "DISK_GB",
        "TRAFFIC_GB",
        "MONTHLY",
        "PER_VCPU",
        "PER_GB_RAM",
        "PER_GB_DISK",
        "PER_TB",
    ];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.provider.as_str().to_owned(),
            self.plan_id.clone(),
            if self.regions.is_empty() {
                "-".into()
            } else {
                self.regions.join(",")
            },
            opt(&self.vcpus),
            opt(&self.memory_mb),
            opt(&self.disk_gb),
            opt(&self.bandwidth_gb),
            estimate_text(&self.monthly_estimate),
            opt(&self.price_per_vcpu),
            opt(&self.price_per_gb_ram),
            opt(&self.price_per_gb_disk),
            opt(&self.price_per_tb_traffic),
        ]
    }
}

impl Tabular for ServerCostEstimate {
    const HEADERS: &'static [&'static str] = &["ACCOUNT", "SERVER", "NAME", "PLAN", "MONTHLY_ESTIMATE"];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.server_id.clone(),
            self.server_name.clone(),
            opt(&self.plan),
            match (&self.monthly_estimate, &self.unknown_reason) {
                (None, Some(why)) => format!("unknown: {why}"),
                (e, _) => estimate_text(e),
            },
        ]
    }
}

impl Tabular for AccountBalance {
    const HEADERS: &'static [&'static str] = &["ACCOUNT", "PROVIDER", "BALANCE"];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.provider.as_str().to_owned(),
            self.balance
                .as_ref()
                .map(money_text)
                .unwrap_or_else(|| "-".into()),
        ]
    }
}

impl Tabular for ServerLocalTags {
    const HEADERS: &'static [&'static str] = &["ACCOUNT", "SERVER", "LOCAL_TAGS"];
    fn row(&self) -> Vec<String> {
        vec![self.account.clone(), self.server_id.clone(), self.tags.join(",")]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pushed_key_is_named_by_its_comment_else_its_file() {
        let file = std::path::Path::new("/home/me/.ssh/id_work.pub");
        assert_eq!(default_key_name("ssh-ed25519 AAAA me@laptop", file), "me@laptop");
        assert_eq!(default_key_name("ssh-ed25519 AAAA", file), "id_work");
    }

    #[test]
    fn totals_never_merge_currencies() {
        let t = |c: Option<&str>, a: &str| CurrencyTotal {
            currency: c.map(str::to_owned),
            amount: a.into(),
            count: 1,
        };
        assert_eq!(
            totals_text(&[t(Some("EUR"), "4.00"), t(Some("USD"), "12.00"), t(None, "1")]),
            "4.00 EUR + 12.00 USD + 1 (currency not stated)"
        );
        assert_eq!(totals_text(&[]), "unknown");
    }
}
