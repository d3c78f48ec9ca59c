//! `fleetdeck-sandbox serve`: the sandbox as a standalone binary, for demos, benchmarks and manual
//! testing. Prints one `<kind> http://127.0.0.1:PORT` line per provider, the admin URL, then the
//! seeded (fake) credentials, and serves until Ctrl-C.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use fleetdeck_sandbox::{Sandbox, SandboxConfig, SimConfig};

#[derive(Parser)]
#[command(
    name = "fleetdeck-sandbox",
    version,
    about = "Simulated provider APIs on loopback"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the simulated provider APIs until Ctrl-C.
    Serve {
        /// First port: providers on N..N+3 (letscloud, cloudero, cloudzy, vz), admin on N+4.
        /// Free ports when absent.
        #[arg(long)]
        port_base: Option<u16>,
        /// Customer accounts per provider.
        #[arg(long, default_value_t = 2)]
        accounts: usize,
        /// Servers per account (at most 10,000 per provider in total).
        #[arg(long, default_value_t = 5)]
        servers: usize,
        /// How long a long action (create, start, snapshot…) takes, in milliseconds.
        #[arg(long, default_value_t = 4000)]
        action_delay_ms: u64,
        /// Seed of the generated world.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Keep the state in this file (loaded at start, saved every 10 s and at exit).
        #[arg(long)]
        state: Option<PathBuf>,
        /// Serve no admin API.
        #[arg(long)]
        no_admin: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let Command::Serve {
        port_base,
        accounts,
        servers,
        action_delay_ms,
        seed,
        state,
        no_admin,
    } = Cli::parse().command;
    let cfg = SandboxConfig {
        sim: SimConfig {
            accounts,
            servers_per_account: servers,
            action_delay: Duration::from_millis(action_delay_ms),
            rng_seed: seed,
        },
        port_base,
        admin: !no_admin,
        state_file: state,
        kinds: None,
    };
    let sandbox = match Sandbox::start(cfg).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("fleetdeck-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    for (kind, url) in sandbox.endpoints() {
        println!("{kind} {url}");
    }
    if let Some(admin) = sandbox.admin_url() {
        println!("admin {admin}");
    }
    println!();
    println!("# seeded accounts (sandbox secrets, not real ones)");
    for (kind, creds) in sandbox.credentials() {
        for c in creds {
            match &c.username {
                Some(user) => println!("{kind} {} user={user} password={}", c.label, c.secret),
                None => println!("{kind} {} token={}", c.label, c.secret),
            }
        }
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("fleetdeck-sandbox: cannot wait for Ctrl-C: {e}");
    }
    match sandbox.shutdown().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fleetdeck-sandbox: {e}");
            ExitCode::FAILURE
        }
    }
}
