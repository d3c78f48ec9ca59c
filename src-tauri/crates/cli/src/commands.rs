//! One function per command: read what the command needs (secret, files), call the fleet, render.
//! Every behaviour — validation beyond syntax, capability checks, requests, jobs — is the fleet's.

use std::sync::Arc;

use clap::CommandFactory;
use serde_json::{json, Value};

use fleetdeck_core::actions::{ActionId, ActionInput, ActionSpec, Confirm};
use fleetdeck_core::job::{Job, JobStatus};
use fleetdeck_core::names::Address;
use fleetdeck_core::provider::{FloatingIpFilter, UploadRequest};
use fleetdeck_core::{
    CreateServerRequest, Error, LxdFlavour, LxdSettings, ProviderKind, Server, ServerAction, UploadKind,
};
use fleetdeck_fleet::{ActionResult, AddAccountRequest, Fleet, Listing};

use crate::args::*;
use crate::input;
use crate::render::{AccountRow, Document, Tabular};
use crate::{Failure, Outcome};

type CmdResult = Result<Outcome, Failure>;

pub fn completions(shell: Shell) {
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(shell, &mut Cli::command(), "fleetdeck", &mut std::io::stdout());
}

pub async fn dispatch(fleet: &Arc<Fleet>, command: Command) -> CmdResult {
    match command {
        Command::Account(c) => account(fleet, c).await,
        Command::Region(CatalogCmd::List { account }) => list(fleet.regions(&account).await?),
        Command::Plan(c) => crate::money::plan(fleet, c).await,
        Command::Image(RegionalCatalogCmd::List { account, region }) => {
            list(fleet.images(&account, region.as_deref()).await?)
        }
        Command::App(CatalogCmd::List { account }) => list(fleet.applications(&account).await?),
        Command::Server(c) => server(fleet, c).await,
        Command::Snapshot(c) => snapshot(fleet, c).await,
        Command::SshKey(c) => ssh_key(fleet, c).await,
        Command::FloatingIp(c) => floating_ip(fleet, c).await,
        Command::Iso(c) => upload(fleet, c, UploadKind::Iso).await,
        Command::CustomImage(c) => upload(fleet, c, UploadKind::DiskImage).await,
        Command::Backup(c) => backup(fleet, c).await,
        Command::BackupPolicy(c) => crate::storage::backup_policy(fleet, c).await,
        Command::Tag(c) => tag(fleet, c).await,
        Command::Invoice(c) => crate::invoices::invoice(fleet, c).await,
        Command::Transaction(BillingCmd::List(f)) => {
            listing(fleet, &f.accounts, fleet.transactions(&f.accounts).await?)
        }
        Command::Balance(f) => crate::money::balance(fleet, f).await,
        Command::Cost(c) => crate::money::cost(fleet, c).await,
        Command::Usage(UsageCmd::Show { server }) => list(fleet.usage(&server).await?),
        Command::Event(EventCmd::List(f)) => listing(fleet, &f.accounts, fleet.events(&f.accounts).await?),
        Command::Event(EventCmd::Show { event }) => object(&fleet.event(&event).await?),
        Command::Job(JobCmd::List) => list(fleet.jobs()?),
        Command::Job(JobCmd::Wait { id }) => {
            let job = follow(fleet, &id).await?;
            Ok(Outcome::doc(Document::message(&job, job_line(&job))))
        }
        // Printed before the fleet is built (see `crate::run`); nothing to do here.
        Command::Completions { .. } => {
            Err(Error::internal("completions are printed before the fleet starts").into())
        }
    }
}

// ---- rendering helpers -------------------------------------------------------------------------

pub(crate) fn list<T: serde::Serialize + Tabular>(items: Vec<T>) -> CmdResult {
    Ok(Outcome::doc(Document::list(&items)))
}

pub(crate) fn object<T: serde::Serialize>(value: &T) -> CmdResult {
    Ok(Outcome::doc(Document::object(value)))
}

/// A list gathered over accounts: the items, and the failed accounts beside them (exit 3).
pub(crate) fn listing<T: serde::Serialize + Tabular + ts_rs::TS>(
    fleet: &Fleet,
    names: &[String],
    listing: Listing<T>,
) -> CmdResult {
    let covered = fleet.select_accounts(names).map(|a| a.len()).unwrap_or(0);
    Ok(Outcome {
        doc: Document::list(&listing.items),
        failures: listing.failures,
        accounts_covered: covered,
    })
}

pub(crate) fn done(value: serde_json::Value, text: impl Into<String>) -> CmdResult {
    Ok(Outcome::doc(Document::message(&value, text)))
}

// ---- jobs ----------------------------------------------------------------------------------------

/// One line of job progress for stderr.
pub(crate) fn job_line(job: &Job) -> String {
    let status = match job.status {
        JobStatus::Queued => "queued",
        JobStatus::Running => "running",
        JobStatus::Succeeded => "succeeded",
        JobStatus::Failed => "failed",
        JobStatus::TimedOut => "timed out",
        JobStatus::Cancelled => "cancelled",
    };
    let mut line = format!("{}: {} — {status}", job.account, job.description);
    if let Some(p) = job.progress {
        line.push_str(&format!(" {p:.0}%"));
    }
    if let Some(m) = job.message.as_deref().filter(|m| !m.is_empty()) {
        line.push_str(&format!(" ({m})"));
    }
    line
}

/// Follow a job until it ends with the fleet's waiter, printing each change on stderr. A job that
/// does not succeed is an error (its own code when the provider said why; else exit 1).
pub(crate) async fn follow(fleet: &Fleet, job_id: &str) -> Result<Job, Failure> {
    let mut last = String::new();
    let job = fleet
        .wait_job(job_id, |j| {
            let line = job_line(j);
            if line != last {
                eprintln!("{line}");
                last = line;
            }
        })
        .await?;
    if job.status != JobStatus::Succeeded {
        return Err(crate::job_error(&job).into());
    }
    Ok(job)
}

/// Render an action's result, following its job first with `--wait`.
pub(crate) async fn action(fleet: &Fleet, mut result: ActionResult, wait: bool) -> CmdResult {
    if wait {
        if let Some(job) = result.job.take() {
            result.job = Some(follow(fleet, &job.id).await?);
        }
    }
    let mut lines = Vec::new();
    if let Some(job) = &result.job {
        lines.push(format!("{} (job {})", job_line(job), job.id));
    }
    if let Some(m) = &result.message {
        lines.push(m.clone());
    }
    if let Some(p) = &result.password {
        // Shown once, on the user's own terminal: the provider generated it for this request.
        lines.push(format!("New root password: {p}"));
    }
    if lines.is_empty() {
        lines.push("Done.".into());
    }
    Ok(Outcome::doc(Document::message(&result, lines.join("\n"))))
}

// ---- accounts ----------------------------------------------------------------------------------

async fn account(fleet: &Fleet, cmd: AccountCmd) -> CmdResult {
    match cmd {
        AccountCmd::Add(a) => account_add(fleet, a).await,
        AccountCmd::List => {
            let rows: Vec<AccountRow> = fleet
                .accounts()
                .await?
                .into_iter()
                .map(|v| AccountRow {
                    name: v.account.name,
                    provider: v.account.provider,
                    endpoint: v.endpoint,
                })
                .collect();
            list(rows)
        }
        AccountCmd::Remove { name } => {
            fleet.remove_account(&name).await?;
            done(json!({ "removed": name }), format!("Removed account {name}."))
        }
        AccountCmd::Check { name } => object(&fleet.check_account(&name).await?),
    }
}

async fn account_add(fleet: &Fleet, a: AccountAdd) -> CmdResult {
    let is_vz = a.provider == ProviderKind::Vz;
    if !is_vz && (a.client_cert.is_some() || a.server_cert.is_some() || a.server_fingerprint.is_some()) {
        return Err(Error::invalid_input(
            "--client-cert, --client-key, --server-cert and --server-fingerprint are for vz accounts only",
        )
        .into());
    }
    // Everything local first: files, the secret, the pinning decision — all before any request.
    let client_cert_pem = a
        .client_cert
        .as_deref()
        .map(|p| input::read_text_file(p, "client certificate"))
        .transpose()?;
    let client_key_pem = a
        .client_key
        .as_deref()
        .map(|p| input::read_secret_file(p, "client key"))
        .transpose()?;
    let secret = if a.secret_stdin {
        input::secret_from_stdin()?
    } else if input::interactive() {
        input::secret_from_prompt(&input::secret_prompt(a.provider))?
    } else if is_vz {
        None
    } else {
        return Err(Error::invalid_field(
            "secret",
            "no secret given: pass --secret-stdin (and pipe it in), or run on a terminal to be prompted",
        )
        .into());
    };
    let lxd = if is_vz {
        Some(LxdSettings {
            flavour: LxdFlavour::Auto,
            client_cert_pem,
            server_fingerprint: crate::pinning::server_fingerprint(&a).await?,
            project: None,
        })
    } else {
        None
    };
    let view = fleet
        .add_account(AddAccountRequest {
            name: a.name,
            provider: a.provider,
            endpoint: a.endpoint,
            username: a.username,
            color: None,
            lxd,
            secret,
            client_key_pem,
            sandbox: false,
        })
        .await?;
    // A vz/LXD account was saved with the server kind its check detected: say which.
    let kind = is_vz.then(|| format!(", {}", view.capabilities.dialect));
    let row = AccountRow {
        name: view.account.name,
        provider: view.account.provider,
        endpoint: view.endpoint,
    };
    let text = format!(
        "Added account {} ({}{}).",
        row.name,
        row.provider,
        kind.unwrap_or_default()
    );
    Ok(Outcome::doc(Document::message(&row, text)))
}

// ---- servers -----------------------------------------------------------------------------------

async fn server(fleet: &Fleet, cmd: ServerCmd) -> CmdResult {
    match cmd {
        ServerCmd::List(f) => {
            let servers = fleet.refresh_servers(&f.accounts, false).await?;
            Ok(Outcome {
                doc: Document::list(&servers.servers),
                failures: servers.failures(),
                accounts_covered: servers.accounts.len(),
            })
        }
        ServerCmd::Show { server } => object(&fleet.server(&server).await?),
        ServerCmd::Create(c) => server_create(fleet, c).await,
        ServerCmd::Park(p) => crate::storage::park(fleet, p).await,
        ServerCmd::Unpark(u) => crate::storage::unpark(fleet, u).await,
        ServerCmd::Parked => crate::storage::parked(fleet),
        ServerCmd::Actions { server } => {
            let rows: Vec<OfferedAction> = fleet
                .offered_actions(&server)
                .await?
                .into_iter()
                .map(OfferedAction::from)
                .collect();
            list(rows)
        }
        // Every action, named verb or `server action`, takes one path: `run_action`.
        ServerCmd::Action(a) => run_action(fleet, &a.server, a.action, a.input, a.yes, a.wait.wait).await,
        ServerCmd::Start(t) => simple(fleet, t, ActionId::Start).await,
        ServerCmd::Stop(t) => simple(fleet, t, ActionId::Stop).await,
        ServerCmd::Reboot(t) => simple(fleet, t, ActionId::Reboot).await,
        ServerCmd::Shutdown(t) => simple(fleet, t, ActionId::Shutdown).await,
        ServerCmd::Freeze(t) => simple(fleet, t, ActionId::Freeze).await,
        ServerCmd::Unfreeze(t) => simple(fleet, t, ActionId::Unfreeze).await,
        ServerCmd::Rename {
            server,
            new_name,
            wait,
        } => {
            let input = ActionInputArgs {
                name: Some(new_name),
                ..Default::default()
            };
            run_action(fleet, &server, ActionId::Rename, input, false, wait.wait).await
        }
        ServerCmd::AddTraffic {
            server,
            amount_tb,
            wait,
        } => {
            let input = ActionInputArgs {
                amount_tb: Some(amount_tb),
                ..Default::default()
            };
            run_action(fleet, &server, ActionId::AddTraffic, input, false, wait.wait).await
        }
        ServerCmd::Config {
            server,
            cpu,
            memory,
            wait,
        } => {
            let input = ActionInputArgs {
                cpu,
                memory,
                ..Default::default()
            };
            run_action(fleet, &server, ActionId::UpdateConfig, input, false, wait.wait).await
        }
        ServerCmd::Delete {
            server,
            confirm,
            wait,
        } => {
            let input = ActionInputArgs::default();
            run_action(fleet, &server, ActionId::Delete, input, confirm.yes, wait.wait).await
        }
        ServerCmd::ResetPassword {
            server,
            password_stdin,
            confirm,
            wait,
        } => {
            let input = ActionInputArgs {
                password_stdin,
                ..Default::default()
            };
            run_action(
                fleet,
                &server,
                ActionId::ResetPassword,
                input,
                confirm.yes,
                wait.wait,
            )
            .await
        }
        ServerCmd::Reinstall {
            server,
            image,
            confirm,
            wait,
        } => {
            let input = ActionInputArgs {
                image: Some(image),
                ..Default::default()
            };
            run_action(fleet, &server, ActionId::Reinstall, input, confirm.yes, wait.wait).await
        }
        ServerCmd::Resize {
            server,
            plan,
            confirm,
            wait,
        } => {
            let input = ActionInputArgs {
                plan: Some(plan),
                ..Default::default()
            };
            run_action(fleet, &server, ActionId::Resize, input, confirm.yes, wait.wait).await
        }
    }
}

/// An action the provider offers, as `server actions` lists it: the CLI's id beside the row of
/// the action table.
#[derive(Debug, serde::Serialize)]
struct OfferedAction {
    action: String,
    #[serde(flatten)]
    spec: ActionSpec,
}

impl From<ActionSpec> for OfferedAction {
    fn from(spec: ActionSpec) -> Self {
        OfferedAction {
            action: spec.id.kebab(),
            spec,
        }
    }
}

impl Tabular for OfferedAction {
    const HEADERS: &'static [&'static str] = &["ACTION", "LABEL", "CONFIRM", "INPUT"];
    fn row(&self) -> Vec<String> {
        let word = |v: serde_json::Result<Value>| {
            v.ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        vec![
            self.action.clone(),
            self.spec.label.to_owned(),
            word(serde_json::to_value(self.spec.confirm)),
            word(serde_json::to_value(self.spec.input)),
        ]
    }
}

async fn simple(fleet: &Fleet, t: ServerTarget, id: ActionId) -> CmdResult {
    run_action(
        fleet,
        &t.server,
        id,
        ActionInputArgs::default(),
        false,
        t.wait.wait,
    )
    .await
}

/// Run one server action the way every host does, from its row of the action table. Before any
/// request: an action the account's provider does not offer is refused (exit 6), missing or
/// foreign inputs are usage errors (exit 2), an action that loses data needs `--yes` (exit 2) and
/// one that changes the server says what it changes and, on a terminal without `--yes`, asks.
async fn run_action(
    fleet: &Fleet,
    address: &str,
    id: ActionId,
    input: ActionInputArgs,
    yes: bool,
    wait: bool,
) -> CmdResult {
    let spec = id.spec();
    // The account's capabilities (no request): unknown accounts are exit 5, missing actions 6.
    if !fleet.offered_actions(address).await?.iter().any(|s| s.id == id) {
        let provider = provider_of(fleet, address).await?;
        return Err(Error::unsupported(provider, spec.verb).into());
    }
    let act = build_action(spec, &input)?;
    let change = match &act {
        Some(ServerAction::ResetPassword { password: Some(_) }) => {
            Some("its root password is replaced by the one read from standard input".to_owned())
        }
        Some(ServerAction::ResetPassword { password: None }) => {
            Some("its root password is replaced; the current one stops working".to_owned())
        }
        Some(ServerAction::Resize { plan, .. }) => {
            let from = cached_server(fleet, address)
                .and_then(|s| s.plan)
                .map(|p| format!("plan {p}"))
                .unwrap_or_else(|| "its current plan".into());
            let to = plan.as_deref().unwrap_or("another plan");
            Some(format!("it moves from {from} to plan {to}"))
        }
        Some(ServerAction::Reinstall { image }) => {
            Some(format!("its disk is overwritten with image {image}"))
        }
        None => Some("it is deleted with its data".to_owned()),
        Some(_) => None,
    };
    match spec.confirm {
        Confirm::None => {}
        Confirm::Change => confirm_change(fleet, address, change.as_deref().unwrap_or("it changes"), yes)?,
        Confirm::DataLoss => {
            if !yes {
                return Err(Error::invalid_input(format!(
                    "{} loses the server's data: pass --yes to confirm",
                    id.kebab()
                ))
                .into());
            }
            announce(fleet, address, change.as_deref().unwrap_or("its data is lost"));
        }
    }
    let result = match act {
        None => fleet.delete_server(address).await?,
        Some(act) => fleet
            .server_action(address, act)
            .await
            .map_err(|e| password_hint(e, input.password_stdin))?,
    };
    action(fleet, result, wait).await
}

/// The provider of the account an address names.
async fn provider_of(fleet: &Fleet, address: &str) -> Result<ProviderKind, Failure> {
    let addr: Address = address.parse()?;
    fleet
        .accounts()
        .await?
        .into_iter()
        .find(|v| v.account.name == addr.account)
        .map(|v| v.account.provider)
        .ok_or_else(|| Error::not_found(&addr.account, format!("no account named '{}'", addr.account)).into())
}

/// The request an action's inputs make (`None`: delete, a command of its own). A missing input
/// or one the action does not take is a usage error; a password is read from stdin only here.
fn build_action(spec: &ActionSpec, i: &ActionInputArgs) -> Result<Option<ServerAction>, Failure> {
    let given: Vec<(&str, bool, ActionInput)> = vec![
        ("--image", i.image.is_some(), ActionInput::Image),
        ("--plan", i.plan.is_some(), ActionInput::Plan),
        ("--name", i.name.is_some(), ActionInput::Name),
        ("--amount-tb", i.amount_tb.is_some(), ActionInput::TrafficAmount),
        ("--cpu", i.cpu.is_some(), ActionInput::ConfigLimits),
        ("--memory", i.memory.is_some(), ActionInput::ConfigLimits),
        ("--password-stdin", i.password_stdin, ActionInput::Password),
    ];
    let verb = spec.id.kebab();
    if let Some((flag, ..)) = given.iter().find(|(_, set, input)| *set && *input != spec.input) {
        return Err(Error::invalid_input(format!("{verb} takes no {flag}")).into());
    }
    let needs = |flag: &str| {
        Failure::from(Error::invalid_field(
            flag.trim_start_matches('-'),
            format!("{verb} needs {flag}"),
        ))
    };
    let act = match spec.id {
        ActionId::Start => ServerAction::Start,
        ActionId::Shutdown => ServerAction::Shutdown,
        ActionId::Stop => ServerAction::Stop,
        ActionId::Reboot => ServerAction::Reboot,
        ActionId::Freeze => ServerAction::Freeze,
        ActionId::Unfreeze => ServerAction::Unfreeze,
        ActionId::Rename => ServerAction::Rename {
            name: i
                .name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .ok_or_else(|| needs("--name"))?,
        },
        ActionId::AddTraffic => {
            let amount_tb = i
                .amount_tb
                .filter(|tb| tb.is_finite() && *tb > 0.0)
                .ok_or_else(|| needs("--amount-tb"))?;
            ServerAction::AddTraffic { amount_tb }
        }
        ActionId::UpdateConfig => {
            if i.cpu.is_none() && i.memory.is_none() {
                return Err(needs("--cpu and/or --memory"));
            }
            ServerAction::UpdateConfig {
                set: Default::default(),
                unset: Vec::new(),
                cpus: i.cpu,
                memory_mb: i.memory,
            }
        }
        ActionId::ResetPassword => ServerAction::ResetPassword {
            password: if i.password_stdin {
                input::secret_from_stdin()?
            } else {
                None
            },
        },
        ActionId::Resize => ServerAction::Resize {
            plan: Some(i.plan.clone().ok_or_else(|| needs("--plan"))?),
            custom_size: None,
        },
        ActionId::Reinstall => ServerAction::Reinstall {
            image: i.image.clone().ok_or_else(|| needs("--image"))?,
        },
        ActionId::Delete => return Ok(None),
    };
    Ok(Some(act))
}

/// The server at `ACCOUNT/ID` as last listed (the cache: no request), when it was.
fn cached_server(fleet: &Fleet, address: &str) -> Option<Server> {
    let addr: Address = address.parse().ok()?;
    fleet
        .cached_servers(std::slice::from_ref(&addr.account))
        .ok()?
        .servers
        .into_iter()
        .find(|s| s.id == addr.id)
}

/// "server web-1 (work/1501) of account work (letscloud)": what a confirmation names.
pub(crate) fn describe_server(fleet: &Fleet, address: &str) -> String {
    let account = address.split('/').next().unwrap_or(address);
    match cached_server(fleet, address) {
        Some(s) => format!(
            "server {} ({address}) of account {account} ({})",
            s.name, s.provider
        ),
        None => format!("server {address} of account {account}"),
    }
}

/// Say on stderr what a command is about to change, before any request.
fn announce(fleet: &Fleet, address: &str, change: &str) {
    eprintln!("{}: {change}.", capitalised(&describe_server(fleet, address)));
}

pub(crate) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Say what a change does, then, on a terminal without `--yes`, ask; a "no" is a usage error
/// (exit 2) before any request. With `--yes` or without a terminal (scripts) it goes ahead.
fn confirm_change(fleet: &Fleet, address: &str, change: &str, yes: bool) -> Result<(), Failure> {
    announce(fleet, address, change);
    if yes || !input::interactive() {
        return Ok(());
    }
    if input::confirm("Go ahead?")? {
        Ok(())
    } else {
        Err(Error::invalid_input("not confirmed: nothing was changed").into())
    }
}

/// A provider that sets the password the user chooses refuses a reset without one; say how the
/// CLI takes it (never as an argument).
fn password_hint(e: Error, password_stdin: bool) -> Failure {
    let mut payload = e.to_payload();
    let about_password = payload.details.fields.iter().any(|f| f.field == "password");
    if about_password && !password_stdin {
        payload.message = format!(
            "{} (pipe the new password in with --password-stdin)",
            payload.message
        );
    }
    payload.into()
}

// ---- server create -------------------------------------------------------------------------------

/// Order a server and answer it as scripts need it: with `--wait`, the server as `server show`
/// prints it once the job has ended; without, `{"server": {what is known, with its id}, "job"}`.
/// A root password the provider generated is shown here once (`rootPassword`) and kept nowhere.
async fn server_create(fleet: &Fleet, c: ServerCreate) -> CmdResult {
    let source = crate::storage::create_source(&c)?;
    let req = CreateServerRequest {
        name: c.name.clone(),
        region: Some(c.region.clone()),
        plan: Some(c.plan.clone()),
        image: source.image,
        iso: source.iso,
        from_snapshot: source.from_snapshot,
        ssh_keys: c.ssh_keys.clone(),
        ..Default::default()
    };
    let created = fleet.create_server(&c.account, req).await?;
    let root_password = created.root_password.clone();
    // The CLI orders one server: one job (several only with extra hostnames, which it does not send).
    let Some(job) = created.jobs.first() else {
        return Err(Error::internal("the provider answered the order without a job").into());
    };
    let job = if c.wait.wait {
        follow(fleet, &job.id).await?
    } else {
        fleet.identify_created(job).await?
    };
    if job.status.is_final() && job.status != JobStatus::Succeeded {
        return Err(crate::job_error(&job).into());
    }
    let id = job
        .target
        .clone()
        .ok_or_else(|| Error::internal(format!("{} ended without naming the new server", job.description)))?;
    let address = format!("{}/{id}", c.account);
    let mut text = Vec::new();
    let mut doc = if c.wait.wait {
        let server = fleet.server(&address).await?;
        let doc = Document::object(&server);
        text.push(doc.table.clone());
        doc.json
    } else {
        // What is known now: the provider's view when it already answers for the server, else
        // the order itself.
        let server = match fleet.server(&address).await {
            Ok(s) => serde_json::to_value(&s).unwrap_or(Value::Null),
            Err(_) => json!({
                "account": c.account,
                "id": id,
                "name": c.name,
                "status": "provisioning",
                "region": c.region,
                "plan": c.plan,
                "image": c.image,
                "fromSnapshot": c.from_snapshot,
                "iso": c.iso,
            }),
        };
        text.push(format!("Ordered server {} ({address}).", c.name));
        text.push(format!("{} (job {})", job_line(&job), job.id));
        json!({ "server": server, "job": job })
    };
    text.extend(created.message.clone());
    if let (Some(p), Value::Object(map)) = (&root_password, &mut doc) {
        // Shown once, on the user's own terminal or to the script that asked; never stored.
        map.insert("rootPassword".into(), Value::String(p.clone()));
        text.push(format!("Root password (shown once, not kept): {p}"));
    }
    Ok(Outcome::doc(Document::from_parts(doc, text.join("\n"))))
}

// ---- snapshots, keys and the rest ----------------------------------------------------------------

async fn snapshot(fleet: &Fleet, cmd: SnapshotCmd) -> CmdResult {
    match cmd {
        SnapshotCmd::List { accounts, server } => {
            let l = fleet.snapshots(&accounts.accounts, server.as_deref()).await?;
            listing(fleet, &accounts.accounts, l)
        }
        SnapshotCmd::Create { server, name, wait } => {
            let r = fleet.create_snapshot(&server, name.as_deref()).await?;
            action(fleet, r, wait.wait).await
        }
        SnapshotCmd::Rename(r) => crate::storage::snapshot_rename(fleet, r).await,
        SnapshotCmd::Delete { snapshot, wait, .. } => {
            let r = fleet.delete_snapshot(&snapshot).await?;
            action(fleet, r, wait.wait).await
        }
        SnapshotCmd::Restore {
            snapshot,
            server,
            wait,
            ..
        } => {
            let account = snapshot.split('/').next().unwrap_or(&snapshot);
            let target = match &server {
                Some(id) => describe_server(fleet, &format!("{account}/{id}")),
                None => format!("the server of snapshot {snapshot}"),
            };
            eprintln!(
                "{}: its disk is overwritten with snapshot {snapshot}.",
                capitalised(&target)
            );
            let r = fleet.restore_snapshot(&snapshot, server.as_deref()).await?;
            action(fleet, r, wait.wait).await
        }
    }
}

async fn ssh_key(fleet: &Fleet, cmd: SshKeyCmd) -> CmdResult {
    match cmd {
        SshKeyCmd::List(f) => listing(fleet, &f.accounts, fleet.ssh_keys(&f.accounts).await?),
        SshKeyCmd::Show { key } => object(&fleet.ssh_key(&key).await?),
        SshKeyCmd::Add {
            account,
            name,
            public_key_file,
        } => {
            let key = input::read_text_file(&public_key_file, "public key")?;
            let created = fleet.add_ssh_key(&account, &name, Some(key.trim())).await?;
            object(&created.key)
        }
        SshKeyCmd::Delete { key, .. } => {
            fleet.delete_ssh_key(&key).await?;
            done(json!({ "deleted": key }), format!("Deleted SSH key {key}."))
        }
        SshKeyCmd::Generate(g) => crate::money::ssh_key_generate(fleet, g).await,
        SshKeyCmd::Push(p) => crate::money::ssh_key_push(fleet, p).await,
    }
}

async fn floating_ip(fleet: &Fleet, cmd: FloatingIpCmd) -> CmdResult {
    match cmd {
        FloatingIpCmd::List {
            accounts,
            region,
            include_released,
        } => {
            let filter = FloatingIpFilter {
                region,
                address: None,
                include_released,
            };
            let l = fleet.floating_ips(&accounts.accounts, filter).await?;
            listing(fleet, &accounts.accounts, l)
        }
        FloatingIpCmd::Allocate {
            account,
            region,
            count,
            wait,
        } => {
            let r = fleet.allocate_floating_ips(&account, &region, count).await?;
            action(fleet, r, wait.wait).await
        }
        FloatingIpCmd::Update { ip, auto_renew, note } => {
            fleet.update_floating_ip(&ip, auto_renew, note.as_deref()).await?;
            done(json!({ "updated": ip }), format!("Updated floating IP {ip}."))
        }
        FloatingIpCmd::Release { ip, wait, .. } => {
            let r = fleet.release_floating_ip(&ip).await?;
            action(fleet, r, wait.wait).await
        }
    }
}

async fn upload(fleet: &Fleet, cmd: UploadCmd, kind: UploadKind) -> CmdResult {
    match cmd {
        UploadCmd::List(f) => listing(fleet, &f.accounts, fleet.uploads(&f.accounts, kind).await?),
        UploadCmd::Show { id } => object(&fleet.upload(&id, kind).await?),
        UploadCmd::Download {
            account,
            name,
            url,
            region,
            format,
            wait,
        } => {
            let req = UploadRequest {
                kind,
                name,
                url,
                region,
                use_virtio: None,
                format,
                decompress: None,
            };
            let r = fleet.download_upload(&account, req).await?;
            action(fleet, r, wait.wait).await
        }
        UploadCmd::Delete { id, wait, .. } => {
            let r = fleet.delete_upload(&id, kind).await?;
            action(fleet, r, wait.wait).await
        }
    }
}

async fn backup(fleet: &Fleet, cmd: BackupCmd) -> CmdResult {
    match cmd {
        BackupCmd::List { accounts, server } => {
            let l = fleet.backups(&accounts.accounts, server.as_deref()).await?;
            listing(fleet, &accounts.accounts, l)
        }
        BackupCmd::Create(c) => crate::backup_create::create(fleet, c).await,
        BackupCmd::Delete { backup, wait, .. } => {
            let r = fleet.delete_backup(&backup).await?;
            action(fleet, r, wait.wait).await
        }
        BackupCmd::Download(d) => crate::backup_download::download(fleet, d).await,
    }
}

async fn tag(fleet: &Fleet, cmd: TagCmd) -> CmdResult {
    match cmd {
        TagCmd::List(f) => listing(fleet, &f.accounts, fleet.tags(&f.accounts).await?),
        TagCmd::Add {
            account,
            tags,
            servers,
        } => {
            fleet.tag_servers(&account, &tags, &servers).await?;
            done(
                json!({ "account": account, "tags": tags, "servers": servers }),
                format!("Tagged {} server(s).", servers.len()),
            )
        }
        TagCmd::Set { server, tags } => {
            fleet.set_server_tags(&server, &tags).await?;
            done(
                json!({ "server": server, "tags": tags }),
                format!("Set the tags of {server}."),
            )
        }
        TagCmd::Local(c) => crate::money::local_tags(fleet, c).await,
        TagCmd::Delete { account, tag, .. } => {
            fleet.delete_tag(&account, &tag).await?;
            done(
                json!({ "account": account, "deleted": tag }),
                format!("Deleted tag {tag}."),
            )
        }
    }
}
