//! Storage commands beyond the basic snapshot/backup lists: backup schedules (`backup-policy`),
//! `snapshot rename`, the create sources of `server create` (snapshot, ISO), and parking
//! (`server park`, `server unpark`, `server parked`). The arguments are declared here; `args.rs`
//! names them in its enums and `commands.rs` dispatches to the functions below.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::json;

use fleetdeck_core::names::Address;
use fleetdeck_core::provider::BackupPolicyRequest;
use fleetdeck_core::{BackupPolicy, Error, Money, ProviderKind};
use fleetdeck_fleet::{Fleet, ParkedServer};

use crate::args::{address, AccountsFilter, Confirm, ServerCreate, Wait};
use crate::commands::{action, capitalised, describe_server, done, follow, job_line, list};
use crate::render::{Document, Tabular};
use crate::{Failure, Outcome};

type CmdResult = Result<Outcome, Failure>;

// ---- arguments -----------------------------------------------------------------------------------

/// `fleetdeck backup-policy …`: scheduled backups of one server (Cloudzy backup profiles).
#[derive(Debug, Subcommand)]
pub enum BackupPolicyCmd {
    /// Backup schedules of the named accounts (all that offer them when none).
    List(AccountsFilter),
    /// The backup schedule of one server.
    Show {
        #[arg(value_parser = address, value_name = "ACCOUNT/SERVER_ID")]
        server: String,
    },
    /// Give a server a backup schedule.
    Create(PolicyArgs),
    /// Change a server's backup schedule.
    Update(PolicyArgs),
    /// Remove a server's backup schedule (its existing backups are the provider's to keep or drop).
    Delete {
        #[arg(value_parser = address, value_name = "ACCOUNT/SERVER_ID")]
        server: String,
        #[command(flatten)]
        confirm: Confirm,
    },
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    #[arg(value_parser = address, value_name = "ACCOUNT/SERVER_ID")]
    pub server: String,
    /// How often: daily or weekly (as the provider names it).
    #[arg(long, value_name = "F")]
    pub frequency: String,
    /// The provider's retention choice (Cloudzy period id).
    #[arg(long, value_name = "ID")]
    pub retention_id: i64,
    /// A week day of a weekly schedule (repeatable), as the provider names it (Cloudzy: Monday).
    #[arg(long = "weekday", value_name = "DAY")]
    pub weekdays: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SnapshotRename {
    #[arg(value_parser = address, value_name = "ACCOUNT/SNAPSHOT_ID")]
    pub snapshot: String,
    /// The new name.
    #[arg(long, value_name = "N")]
    pub name: String,
    #[command(flatten)]
    pub wait: Wait,
}

#[derive(Debug, Args)]
pub struct ServerPark {
    #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
    pub server: String,
    /// Confirm that the server is deleted once its snapshot is ready (required).
    #[arg(long, required = true)]
    pub yes: bool,
    #[command(flatten)]
    pub wait: Wait,
}

#[derive(Debug, Args)]
pub struct ServerUnpark {
    /// The account and the parked server's id, as `server parked` lists them.
    #[arg(value_parser = address, value_name = "ACCOUNT/PARKED_ID")]
    pub parked: String,
    #[command(flatten)]
    pub wait: Wait,
}

// ---- backup schedules ------------------------------------------------------------------------------

/// A backup schedule as the CLI prints it: addressed by its server (one schedule per server), with
/// the server's name beside its id.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PolicyRow {
    account: String,
    /// The schedule's id: its server's id (the provider keys schedules by server).
    id: String,
    server_id: String,
    server_name: Option<String>,
    provider: ProviderKind,
    status: String,
    frequency: String,
    weekdays: Vec<String>,
    retention_id: Option<i64>,
    max_files: Option<u32>,
    monthly_price: Option<Money>,
    last_success_at: Option<DateTime<Utc>>,
    backups: usize,
}

impl PolicyRow {
    fn new(p: BackupPolicy, names: &HashMap<(String, String), String>) -> Self {
        let server_name = names.get(&(p.account.clone(), p.server_id.clone())).cloned();
        PolicyRow {
            id: p.server_id.clone(),
            server_name,
            account: p.account,
            server_id: p.server_id,
            provider: p.provider,
            status: p.status,
            frequency: p.frequency,
            weekdays: p.weekdays,
            retention_id: p.retention_id,
            max_files: p.max_files,
            monthly_price: p.monthly_price,
            last_success_at: p.last_success_at,
            backups: p.backups.len(),
        }
    }
}

impl Tabular for PolicyRow {
    const HEADERS: &'static [&'static str] = &[
        "ACCOUNT",
        "SERVER",
        "NAME",
        "STATUS",
        "FREQUENCY",
        "DAYS",
        "RETENTION",
        "LAST BACKUP",
    ];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.server_id.clone(),
            self.server_name.clone().unwrap_or_default(),
            self.status.clone(),
            self.frequency.clone(),
            self.weekdays.join(","),
            self.retention_id.map(|r| r.to_string()).unwrap_or_default(),
            self.last_success_at
                .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
        ]
    }
}

/// Server names by (account, server id) of the named accounts: fresh where the provider answers,
/// the cache where it does not (a name is a help, never a reason to fail).
async fn server_names(fleet: &Fleet, accounts: &[String]) -> HashMap<(String, String), String> {
    match fleet.refresh_servers(accounts, true).await {
        Ok(listed) => listed
            .servers
            .into_iter()
            .map(|s| ((s.account, s.id), s.name))
            .collect(),
        Err(_) => HashMap::new(),
    }
}

fn account_of(address: &str) -> Result<String, Failure> {
    Ok(address.parse::<Address>()?.account)
}

pub(crate) async fn backup_policy(fleet: &Fleet, cmd: BackupPolicyCmd) -> CmdResult {
    match cmd {
        BackupPolicyCmd::List(f) => {
            let policies = fleet.backup_policies(&f.accounts).await?;
            let names = server_names(fleet, &f.accounts).await;
            let rows: Vec<PolicyRow> = policies
                .items
                .into_iter()
                .map(|p| PolicyRow::new(p, &names))
                .collect();
            let covered = fleet.select_accounts(&f.accounts).map(|a| a.len()).unwrap_or(0);
            Ok(Outcome {
                doc: Document::list(&rows),
                failures: policies.failures,
                accounts_covered: covered,
            })
        }
        BackupPolicyCmd::Show { server } => {
            let policy = fleet.backup_policy(&server).await?;
            let names = server_names(fleet, &[account_of(&server)?]).await;
            let row = PolicyRow::new(policy, &names);
            Ok(Outcome::doc(Document::object(&row)))
        }
        BackupPolicyCmd::Create(a) => set_policy(fleet, a, false).await,
        BackupPolicyCmd::Update(a) => set_policy(fleet, a, true).await,
        BackupPolicyCmd::Delete { server, .. } => {
            let r = fleet.delete_backup_policy(&server).await?;
            action(fleet, r, false).await
        }
    }
}

async fn set_policy(fleet: &Fleet, a: PolicyArgs, replace: bool) -> CmdResult {
    let request = BackupPolicyRequest {
        // The fleet sets it from the address.
        server_id: String::new(),
        frequency: a.frequency,
        retention_id: a.retention_id,
        weekdays: a.weekdays,
    };
    let r = fleet.set_backup_policy(&a.server, request, replace).await?;
    action(fleet, r, false).await
}

// ---- snapshots -----------------------------------------------------------------------------------

pub(crate) async fn snapshot_rename(fleet: &Fleet, r: SnapshotRename) -> CmdResult {
    if r.name.trim().is_empty() {
        return Err(Error::invalid_field("name", "give the snapshot a name").into());
    }
    let result = fleet.rename_snapshot(&r.snapshot, r.name.trim()).await?;
    action(fleet, result, r.wait.wait).await
}

// ---- server create sources -----------------------------------------------------------------------

/// What a new server is made from, as the create request carries it.
pub(crate) struct CreateSource {
    pub image: Option<String>,
    pub iso: Option<String>,
    pub from_snapshot: Option<String>,
}

/// What a new server is made from: exactly one of `--image`, `--from-snapshot`, `--iso` and
/// `--custom-image` (clap enforces one).
pub(crate) fn create_source(c: &ServerCreate) -> Result<CreateSource, Failure> {
    if c.custom_image.is_some() {
        // No provider's create request takes a custom image: Cloudzy's order carries `osId`,
        // `appId`, `isoId` or `fromSnapshot` only (docs/capabilities.md lists custom images as
        // list/download/delete), and an LXD image is an `--image` fingerprint or alias.
        return Err(Error::invalid_field(
            "customImage",
            "no provider creates a server from a custom image through its API: for vz/LXD pass the image's fingerprint as --image",
        )
        .into());
    }
    Ok(CreateSource {
        image: c.image.clone(),
        iso: c.iso.clone(),
        from_snapshot: c.from_snapshot.clone(),
    })
}

// ---- parking -------------------------------------------------------------------------------------

impl Tabular for ParkedServer {
    const HEADERS: &'static [&'static str] = &[
        "ACCOUNT",
        "PARKED ID",
        "NAME",
        "SERVER",
        "PLAN",
        "REGION",
        "SNAPSHOT",
        "PARKED",
    ];
    fn row(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.id.clone(),
            self.server_name.clone(),
            self.server_id.clone(),
            self.plan.clone().unwrap_or_default(),
            self.region.clone().unwrap_or_default(),
            self.snapshot_id.clone(),
            self.parked_at.format("%Y-%m-%d %H:%M").to_string(),
        ]
    }
}

/// Park a server: snapshot, wait until ready, delete. The job runs in this process, so the
/// command stays until it ends (printing each step with `--wait`); interrupting it before the
/// delete step leaves the server as it was.
pub(crate) async fn park(fleet: &Fleet, p: ServerPark) -> CmdResult {
    eprintln!(
        "{}: a snapshot is taken, then the server is deleted once the snapshot is ready.",
        capitalised(&describe_server(fleet, &p.server))
    );
    let started = fleet.park_server(&p.server).await?;
    run_to_end(fleet, started, p.wait.wait).await
}

/// Create a parked server again from its snapshot; the record goes when the server is up.
pub(crate) async fn unpark(fleet: &Fleet, u: ServerUnpark) -> CmdResult {
    let addr: Address = u.parked.parse()?;
    let parked = fleet
        .parked()?
        .into_iter()
        .find(|p| p.id == addr.id && p.account == addr.account)
        .ok_or_else(|| Error::not_found(&addr.account, format!("no parked server {}", u.parked)))?;
    let started = fleet.unpark_server(&parked.id).await?;
    run_to_end(fleet, started, u.wait.wait).await
}

/// Follow a job this process runs (park, unpark) to its end: it cannot outlive the command.
/// Progress goes to stderr with `--wait` only.
async fn run_to_end(fleet: &Fleet, mut result: fleetdeck_fleet::ActionResult, wait: bool) -> CmdResult {
    if let Some(job) = result.job.take() {
        let ended = if wait {
            follow(fleet, &job.id).await?
        } else {
            let ended = fleet.wait_job(&job.id, |_| {}).await?;
            if ended.status != fleetdeck_core::job::JobStatus::Succeeded {
                return Err(crate::job_error(&ended).into());
            }
            ended
        };
        let text = format!("{} (job {})", job_line(&ended), ended.id);
        result.job = Some(ended);
        return done(json!(result), text);
    }
    action(fleet, result, wait).await
}

pub(crate) fn parked(fleet: &Fleet) -> CmdResult {
    list(fleet.parked()?)
}
