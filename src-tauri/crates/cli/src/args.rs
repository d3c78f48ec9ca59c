//! The command line (contract v1, the crate README), as clap derive types. Values users type — account
//! names, `ACCOUNT/ID` addresses, providers, endpoints — are checked here by the core's own
//! validators, so bad input is a usage error (exit 2) before any file is read or request sent.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use fleetdeck_core::actions::{server_actions, ActionId};
use fleetdeck_core::names::{validate_account_name, Address};
use fleetdeck_core::ProviderKind;

/// Manage VPS servers of LetsCloud, Cloude.ro, Cloudzy and vz/LXD accounts side by side.
///
/// Shares the account list, the OS-keyring secrets and the cache with the Fleetdeck desktop app.
#[derive(Debug, Parser)]
// `--version` shows the version, the commit and the build date (set by build.rs).
#[command(
    name = "fleetdeck",
    version = concat!(
        env!("CARGO_PKG_VERSION"),
        " (commit ",
        env!("FLEETDECK_COMMIT"),
        ", built ",
        env!("FLEETDECK_BUILD_DATE"),
        ")"
    ),
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Where the account list, settings and cache live (default: the desktop app's data directory).
    #[arg(long, global = true, env = "FLEETDECK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Output format. With `json`, stdout holds exactly one JSON document.
    #[arg(short, long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Accounts: add, list, check, remove.
    #[command(subcommand)]
    Account(AccountCmd),
    /// Regions an account can order servers in.
    #[command(subcommand)]
    Region(CatalogCmd),
    /// Plans (sizes) an account can order, and every account's plans compared.
    #[command(subcommand)]
    Plan(crate::money::PlanCmd),
    /// Operating-system images an account can install.
    #[command(subcommand)]
    Image(RegionalCatalogCmd),
    /// One-click applications an account can install.
    #[command(subcommand)]
    App(CatalogCmd),
    /// Servers over all accounts, and actions on one server.
    #[command(subcommand)]
    Server(ServerCmd),
    /// Snapshots of servers.
    #[command(subcommand)]
    Snapshot(SnapshotCmd),
    /// SSH keys stored at the providers.
    #[command(subcommand, name = "ssh-key")]
    SshKey(SshKeyCmd),
    /// Floating (additional) IP addresses.
    #[command(subcommand, name = "floating-ip")]
    FloatingIp(FloatingIpCmd),
    /// ISO images held by the provider.
    #[command(subcommand)]
    Iso(UploadCmd),
    /// Custom disk images held by the provider.
    #[command(subcommand, name = "custom-image")]
    CustomImage(UploadCmd),
    /// Whole-server backups.
    #[command(subcommand)]
    Backup(BackupCmd),
    /// Scheduled backups of a server (backup profiles).
    #[command(subcommand, name = "backup-policy")]
    BackupPolicy(crate::storage::BackupPolicyCmd),
    /// Server tags: the provider's own (Cloude.ro), and local tags on any provider (`tag local`).
    #[command(subcommand)]
    Tag(TagCmd),
    /// Invoices.
    #[command(subcommand)]
    Invoice(crate::invoices::InvoiceCmd),
    /// Account transactions (charges and payments).
    #[command(subcommand)]
    Transaction(BillingCmd),
    /// Account balances, and their totals per currency.
    Balance(AccountsFilter),
    /// What the servers cost: monthly estimates from plan prices.
    #[command(subcommand)]
    Cost(crate::money::CostCmd),
    /// Usage series of a server (traffic…).
    #[command(subcommand)]
    Usage(UsageCmd),
    /// The provider's own records of background actions.
    #[command(subcommand)]
    Event(EventCmd),
    /// Jobs (long actions) recorded by the app and the CLI.
    #[command(subcommand)]
    Job(JobCmd),
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

// ---- value parsers: the core's validators, so the CLI and the app refuse the same input ---------

/// An account name (`[A-Za-z0-9._-]{1,64}`).
pub fn account_name(s: &str) -> Result<String, String> {
    validate_account_name(s).map_err(|e| e.to_string())?;
    Ok(s.to_owned())
}

/// A resource address `ACCOUNT/ID`.
pub fn address(s: &str) -> Result<String, String> {
    s.parse::<Address>().map_err(|e| e.to_string())?;
    Ok(s.to_owned())
}

/// A provider identifier.
pub fn provider(s: &str) -> Result<ProviderKind, String> {
    s.parse::<ProviderKind>().map_err(|e| e.to_string())
}

/// An endpoint URL: https anywhere, plain http only to loopback.
pub fn endpoint(s: &str) -> Result<String, String> {
    fleetdeck_core::http::validate_endpoint(s).map_err(|e| e.to_string())?;
    Ok(s.trim().to_owned())
}

/// A file that must exist (read later, before any request).
pub fn existing_file(s: &str) -> Result<PathBuf, String> {
    let p = PathBuf::from(s);
    if p.is_file() {
        Ok(p)
    } else {
        Err(format!("'{s}' is not a readable file"))
    }
}

// ---- accounts --------------------------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum AccountCmd {
    /// Add an account; its credentials are checked with one authenticated read before it is saved.
    ///
    /// The secret (API token for letscloud and cloudzy, the password for cloudero, an optional bearer
    /// token for vz) is read from standard input with --secret-stdin, else prompted for without echo.
    /// It is stored in the OS keyring only.
    Add(AccountAdd),
    /// List the accounts.
    List,
    /// Remove an account, its keyring entry and its cache.
    Remove {
        #[arg(value_parser = account_name)]
        name: String,
    },
    /// Check an account's credentials with one authenticated read.
    Check {
        #[arg(value_parser = account_name)]
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct AccountAdd {
    /// The account's name: unique, 1 to 64 letters, digits, '.', '_' or '-'.
    #[arg(value_parser = account_name)]
    pub name: String,
    /// letscloud | cloudero | cloudzy | vz
    #[arg(long, value_parser = provider)]
    pub provider: ProviderKind,
    /// The provider's base URL, when not the public one (plain http only for loopback addresses).
    #[arg(long, value_parser = endpoint, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Login name (Cloude.ro: the account's e-mail).
    #[arg(long, value_name = "USER")]
    pub username: Option<String>,
    /// vz/LXD: PEM file of the TLS client certificate.
    #[arg(long, value_name = "PEM", value_parser = existing_file, requires = "client_key")]
    pub client_cert: Option<PathBuf>,
    /// vz/LXD: PEM file of the TLS client key (stored in the OS keyring).
    #[arg(long, value_name = "PEM", value_parser = existing_file, requires = "client_cert")]
    pub client_key: Option<PathBuf>,
    /// vz/LXD: PEM file of the server certificate to trust (pins its SHA-256 fingerprint).
    #[arg(long, value_name = "PEM", value_parser = existing_file, conflicts_with = "server_fingerprint")]
    pub server_cert: Option<PathBuf>,
    /// vz/LXD: SHA-256 fingerprint (hex, colons allowed) of the server certificate to trust.
    #[arg(long, value_name = "SHA256")]
    pub server_fingerprint: Option<String>,
    /// Read the secret from standard input instead of prompting.
    #[arg(long)]
    pub secret_stdin: bool,
}

// ---- catalog ---------------------------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum CatalogCmd {
    /// List them.
    List {
        #[arg(long, value_parser = account_name, value_name = "NAME")]
        account: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RegionalCatalogCmd {
    /// List them.
    List {
        #[arg(long, value_parser = account_name, value_name = "NAME")]
        account: String,
        /// Only those offered in this region.
        #[arg(long, value_name = "SLUG")]
        region: Option<String>,
    },
}

// ---- servers ---------------------------------------------------------------------------------

/// Accounts to list over: repeatable; none means every account.
#[derive(Debug, Args)]
pub struct AccountsFilter {
    /// Only this account (repeatable); every account when none is given.
    #[arg(long = "account", value_parser = account_name, value_name = "NAME")]
    pub accounts: Vec<String>,
}

#[derive(Debug, Args)]
pub struct Wait {
    /// Follow the job until it ends, printing progress on stderr; non-zero if it fails or times out.
    #[arg(long)]
    pub wait: bool,
}

#[derive(Debug, Args)]
pub struct Confirm {
    /// Confirm the deletion (required).
    #[arg(long, required = true)]
    pub yes: bool,
}

/// The confirmation of a command that overwrites a server's disk (reinstall, snapshot restore):
/// required like a deletion's, since what the disk held is lost.
#[derive(Debug, Args)]
pub struct ConfirmOverwrite {
    /// Confirm that the server's disk is overwritten and its data lost (required).
    #[arg(long, required = true)]
    pub yes: bool,
}

/// The confirmation of a change that can be undone (resize, password reset): the command says what
/// it changes on stderr and, on a terminal, asks; `--yes` (or no terminal) goes ahead.
#[derive(Debug, Args)]
pub struct ConfirmChange {
    /// Go ahead without asking.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum ServerCmd {
    /// Every server of the named accounts (all accounts when none is named), every page fetched.
    ///
    /// An account that fails does not hide the others: its error goes to stderr, the other servers
    /// are printed, and the exit code is 3.
    List(AccountsFilter),
    /// One server, fresh from its provider.
    Show {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        server: String,
    },
    /// Order a server.
    Create(ServerCreate),
    /// Start a server.
    Start(ServerTarget),
    /// Stop (power off) a server.
    Stop(ServerTarget),
    /// Reboot a server.
    Reboot(ServerTarget),
    /// Shut a server down gracefully (the init system stops it).
    Shutdown(ServerTarget),
    /// Freeze a server: its processes are paused, its memory kept.
    Freeze(ServerTarget),
    /// Unfreeze a frozen server.
    Unfreeze(ServerTarget),
    /// Rename a server.
    Rename {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        server: String,
        #[arg(value_name = "NEW_NAME")]
        new_name: String,
        #[command(flatten)]
        wait: Wait,
    },
    /// Buy extra traffic for a server.
    AddTraffic {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        server: String,
        /// Terabytes of traffic to add.
        #[arg(long, value_name = "TB")]
        amount_tb: f64,
        #[command(flatten)]
        wait: Wait,
    },
    /// Change a server's CPU and/or memory limits (vz/LXD configuration).
    #[command(group(clap::ArgGroup::new("limits").required(true).multiple(true).args(["cpu", "memory"])))]
    Config {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        server: String,
        /// Number of CPUs.
        #[arg(long, value_name = "N")]
        cpu: Option<u32>,
        /// Memory limit in MB.
        #[arg(long, value_name = "MB")]
        memory: Option<u32>,
        #[command(flatten)]
        wait: Wait,
    },
    /// Run any action the server's provider offers, by its id (`fleetdeck server actions`
    /// lists them; docs/capabilities.md has the table). Inputs come from the flags below, as
    /// the named verbs take them; actions that lose data need --yes.
    Action(ServerActionArgs),
    /// The actions the server's provider offers.
    Actions {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        server: String,
    },
    /// Delete a server and its data.
    Delete {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        server: String,
        #[command(flatten)]
        confirm: Confirm,
        #[command(flatten)]
        wait: Wait,
    },
    /// Reset the root password (shown once when the provider generates it).
    ResetPassword {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        server: String,
        /// Read the new password from standard input, for providers where you choose it
        /// (LetsCloud); never pass a password as an argument, where other users could see it.
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        confirm: ConfirmChange,
        #[command(flatten)]
        wait: Wait,
    },
    /// Reinstall the server with another image; its disk is overwritten (requires --yes).
    Reinstall {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        server: String,
        #[arg(long, value_name = "SLUG")]
        image: String,
        #[command(flatten)]
        confirm: ConfirmOverwrite,
        #[command(flatten)]
        wait: Wait,
    },
    /// Park a server: snapshot it, wait until the snapshot is ready, then delete the server
    /// (requires --yes). Never deletes when the snapshot did not become ready.
    Park(crate::storage::ServerPark),
    /// Create a parked server again from its snapshot.
    Unpark(crate::storage::ServerUnpark),
    /// The parked servers (kept in the data directory).
    Parked,
    /// Move the server to another plan.
    Resize {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        server: String,
        #[arg(long, value_name = "SLUG")]
        plan: String,
        #[command(flatten)]
        confirm: ConfirmChange,
        #[command(flatten)]
        wait: Wait,
    },
}

/// A server action id as the CLI spells it (`add-traffic`), one of the action table's.
pub fn action_id(s: &str) -> Result<ActionId, String> {
    ActionId::from_kebab(s).ok_or_else(|| {
        let known: Vec<String> = server_actions().iter().map(|a| a.id.kebab()).collect();
        format!("'{s}' is not a server action; one of: {}", known.join(", "))
    })
}

#[derive(Debug, Args)]
pub struct ServerActionArgs {
    #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
    pub server: String,
    /// The action, e.g. start, freeze, update-config, add-traffic, reinstall.
    #[arg(value_parser = action_id, value_name = "ACTION")]
    pub action: ActionId,
    #[command(flatten)]
    pub input: ActionInputArgs,
    /// Confirm an action that loses the server's data (delete, reinstall; required for them), or
    /// go ahead without asking for one that changes it (resize, reset-password).
    #[arg(long)]
    pub yes: bool,
    #[command(flatten)]
    pub wait: Wait,
}

/// What an action needs besides the server, by the action table's `input`.
#[derive(Debug, Args, Default)]
pub struct ActionInputArgs {
    /// reinstall: the image to install.
    #[arg(long, value_name = "SLUG")]
    pub image: Option<String>,
    /// resize: the new plan.
    #[arg(long, value_name = "SLUG")]
    pub plan: Option<String>,
    /// rename: the new name.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// add-traffic: terabytes to add.
    #[arg(long, value_name = "TB")]
    pub amount_tb: Option<f64>,
    /// update-config: number of CPUs.
    #[arg(long, value_name = "N")]
    pub cpu: Option<u32>,
    /// update-config: memory limit in MB.
    #[arg(long, value_name = "MB")]
    pub memory: Option<u32>,
    /// reset-password: read the new password from standard input (providers where you choose it).
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct ServerTarget {
    #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
    pub server: String,
    #[command(flatten)]
    pub wait: Wait,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).multiple(false)))]
pub struct ServerCreate {
    #[arg(long, value_parser = account_name, value_name = "NAME")]
    pub account: String,
    /// The new server's name.
    #[arg(long, value_name = "NAME")]
    pub name: String,
    #[arg(long, value_name = "SLUG")]
    pub region: String,
    #[arg(long, value_name = "SLUG")]
    pub plan: String,
    /// The image to install. Exactly one of --image, --from-snapshot, --iso, --custom-image.
    #[arg(long, value_name = "SLUG", group = "source")]
    pub image: Option<String>,
    /// Create the server from a snapshot of the account (its id, as `snapshot list` shows it).
    #[arg(long, value_name = "ID", group = "source")]
    pub from_snapshot: Option<String>,
    /// Boot the server from an ISO of the account.
    #[arg(long, value_name = "ID", group = "source")]
    pub iso: Option<String>,
    /// A custom image of the account (refused: no provider's create request takes one).
    #[arg(long, value_name = "ID", group = "source")]
    pub custom_image: Option<String>,
    /// An SSH key id of the account to install (repeatable).
    #[arg(long = "ssh-key", value_name = "ID")]
    pub ssh_keys: Vec<String>,
    #[command(flatten)]
    pub wait: Wait,
}

// ---- snapshots -------------------------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum SnapshotCmd {
    /// Snapshots of the named accounts (all when none), or of one server.
    List {
        #[command(flatten)]
        accounts: AccountsFilter,
        /// Only the snapshots of this server.
        #[arg(long, value_parser = address, value_name = "ACCOUNT/ID")]
        server: Option<String>,
    },
    /// Take a snapshot of a server.
    Create {
        #[arg(value_parser = address, value_name = "ACCOUNT/SERVER_ID")]
        server: String,
        #[arg(long, value_name = "N")]
        name: Option<String>,
        #[command(flatten)]
        wait: Wait,
    },
    /// Delete a snapshot.
    Delete {
        #[arg(value_parser = address, value_name = "ACCOUNT/SNAPSHOT_ID")]
        snapshot: String,
        #[command(flatten)]
        confirm: Confirm,
        #[command(flatten)]
        wait: Wait,
    },
    /// Rename a snapshot.
    Rename(crate::storage::SnapshotRename),
    /// Restore a server from a snapshot, in place: its disk is overwritten (requires --yes).
    Restore {
        #[arg(value_parser = address, value_name = "ACCOUNT/SNAPSHOT_ID")]
        snapshot: String,
        /// The server to restore, where the provider needs to be told.
        #[arg(long, value_name = "SERVER_ID")]
        server: Option<String>,
        #[command(flatten)]
        confirm: ConfirmOverwrite,
        #[command(flatten)]
        wait: Wait,
    },
}

// ---- SSH keys --------------------------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum SshKeyCmd {
    /// SSH keys of the named accounts (all when none).
    List(AccountsFilter),
    /// One SSH key.
    Show {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        key: String,
    },
    /// Upload a public key.
    Add {
        #[arg(long, value_parser = account_name, value_name = "NAME")]
        account: String,
        #[arg(long, value_name = "N")]
        name: String,
        /// The OpenSSH public key file (`~/.ssh/id_ed25519.pub`).
        #[arg(long, value_name = "F", value_parser = existing_file)]
        public_key_file: PathBuf,
    },
    /// Delete an SSH key.
    Delete {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        key: String,
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Generate an Ed25519 key pair here and add its public key to an account.
    Generate(crate::money::SshKeyGenerate),
    /// Add one public key to several accounts: one result line per account.
    Push(crate::money::SshKeyPush),
}

// ---- floating IPs ----------------------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum FloatingIpCmd {
    /// Floating IPs of the named accounts (all when none).
    List {
        #[command(flatten)]
        accounts: AccountsFilter,
        #[arg(long, value_name = "SLUG")]
        region: Option<String>,
        /// Include released addresses.
        #[arg(long)]
        include_released: bool,
    },
    /// Allocate floating IPs in a region.
    Allocate {
        #[arg(long, value_parser = account_name, value_name = "NAME")]
        account: String,
        #[arg(long, value_name = "SLUG")]
        region: String,
        #[arg(long, default_value_t = 1)]
        count: u32,
        #[command(flatten)]
        wait: Wait,
    },
    /// Change a floating IP's auto-renewal or note.
    Update {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        ip: String,
        #[arg(long, value_name = "BOOL")]
        auto_renew: Option<bool>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Release a floating IP.
    Release {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        ip: String,
        #[command(flatten)]
        confirm: Confirm,
        #[command(flatten)]
        wait: Wait,
    },
}

// ---- ISOs and custom images ------------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum UploadCmd {
    /// List them over the named accounts (all when none).
    List(AccountsFilter),
    /// Show one.
    Show {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        id: String,
    },
    /// Have the provider download one from a URL.
    Download {
        #[arg(long, value_parser = account_name, value_name = "NAME")]
        account: String,
        #[arg(long, value_name = "N")]
        name: String,
        #[arg(long)]
        url: String,
        #[arg(long, value_name = "SLUG")]
        region: Option<String>,
        /// Disk image format (qcow2, raw…); custom images only.
        #[arg(long)]
        format: Option<String>,
        #[command(flatten)]
        wait: Wait,
    },
    /// Delete one.
    Delete {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        id: String,
        #[command(flatten)]
        confirm: Confirm,
        #[command(flatten)]
        wait: Wait,
    },
}

// ---- backups ---------------------------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum BackupCmd {
    /// Backups of the named accounts (all when none), or of one server.
    List {
        #[command(flatten)]
        accounts: AccountsFilter,
        #[arg(long, value_parser = address, value_name = "ACCOUNT/ID")]
        server: Option<String>,
    },
    /// Back a server up (LXD: with its options: expiry, snapshots left out, format, compression).
    Create(crate::backup_create::BackupCreate),
    /// Delete a backup.
    Delete {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        backup: String,
        #[command(flatten)]
        confirm: Confirm,
        #[command(flatten)]
        wait: Wait,
    },
    /// Save a backup's file (LXD) here, with progress on stderr.
    Download(crate::backup_download::BackupDownload),
}

// ---- tags ------------------------------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum TagCmd {
    /// Tags of the named accounts (all when none).
    List(AccountsFilter),
    /// Add tags to servers of one account.
    Add {
        #[arg(long, value_parser = account_name, value_name = "NAME")]
        account: String,
        /// A tag (repeatable).
        #[arg(long = "tag", required = true, value_name = "TAG")]
        tags: Vec<String>,
        /// A server id of the account (repeatable).
        #[arg(long = "server", required = true, value_name = "SERVER_ID")]
        servers: Vec<String>,
    },
    /// Replace the tags of one server.
    Set {
        #[arg(value_parser = address, value_name = "ACCOUNT/SERVER_ID")]
        server: String,
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
    /// Delete a tag from an account.
    Delete {
        #[arg(long, value_parser = account_name, value_name = "NAME")]
        account: String,
        tag: String,
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Local tags: kept by Fleetdeck for servers of every provider, shared with the app.
    #[command(subcommand)]
    Local(crate::money::LocalTagCmd),
}

// ---- billing, usage, events, jobs --------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum BillingCmd {
    /// List them over the named accounts (all that offer them when none).
    List(AccountsFilter),
}

#[derive(Debug, Subcommand)]
pub enum UsageCmd {
    /// The usage series of one server.
    Show {
        #[arg(value_parser = address, value_name = "ACCOUNT/SERVER_ID")]
        server: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum EventCmd {
    /// Events of the named accounts (all that offer them when none).
    List(AccountsFilter),
    /// One event.
    Show {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        event: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum JobCmd {
    /// Recorded jobs, newest first.
    List,
    /// Follow a recorded job until it ends.
    Wait { id: String },
}
