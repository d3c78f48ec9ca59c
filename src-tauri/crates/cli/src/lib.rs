//! The `fleetdeck` command-line interface (contract v1, the crate README): a thin host over
//! [`fleetdeck_fleet::Fleet`], the same command functions the desktop app calls. The CLI parses
//! arguments, reads secrets and files, calls the fleet, and renders what comes back; it implements no
//! provider behaviour of its own.
//!
//! Invariants:
//! - bad input is refused with exit 2 before any request (clap value parsers run the core's validators);
//! - with `-o json`, stdout holds exactly one JSON document — the result, or the error object;
//! - human messages, per-account failures and job progress go to stderr;
//! - secrets are read into `SecretString` and handed to the fleet (the OS keyring); never printed.

pub mod args;
mod backup_create;
mod backup_download;
mod commands;
mod connector;
pub mod exit;
mod input;
mod invoices;
mod money;
mod pinning;
mod render;
mod storage;

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use fleetdeck_core::job::Job;
use fleetdeck_core::{Error, ErrorPayload};
use fleetdeck_fleet::{Fleet, FleetConfig, FleetEvent, FleetEvents};
use fleetdeck_store::{DataDir, KeyringSecrets};

use crate::args::Cli;
use crate::exit::Exit;
use crate::render::Document;

/// What a command produced: its document, and the accounts that failed beside it.
pub(crate) struct Outcome {
    pub doc: Document,
    pub failures: Vec<fleetdeck_core::error::AccountFailure>,
    /// The accounts a list covered (for the exit code: one account failing alone is not "partial").
    pub accounts_covered: usize,
}

impl Outcome {
    pub fn doc(doc: Document) -> Outcome {
        Outcome {
            doc,
            failures: Vec::new(),
            accounts_covered: 0,
        }
    }
}

/// A command's error as printed: the IPC form of the core's error (boxed: it is large).
#[derive(Debug)]
pub(crate) struct Failure(pub Box<ErrorPayload>);

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure(Box::new(e.to_payload()))
    }
}

impl From<ErrorPayload> for Failure {
    fn from(p: ErrorPayload) -> Self {
        Failure(Box::new(p))
    }
}

/// Run `fleetdeck` with the process's arguments; answers the exit code.
pub fn main() -> ExitCode {
    // clap prints usage errors itself and exits 2 (help and version exit 0).
    let cli = Cli::parse();
    run(cli).into()
}

fn run(cli: Cli) -> Exit {
    let json = cli.output == args::OutputFormat::Json;
    if let args::Command::Completions { shell } = &cli.command {
        commands::completions(*shell);
        return Exit::Ok;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            return report_error(
                &Error::internal(format!("cannot start the runtime: {e}")).to_payload(),
                json,
            )
        }
    };
    let result = runtime.block_on(async {
        let fleet = build_fleet(&cli)?;
        commands::dispatch(&fleet, cli.command).await
    });
    let exit = match result {
        Ok(outcome) => finish(outcome, json),
        Err(Failure(e)) => report_error(&e, json),
    };
    // Background tasks (job followers, post-job refreshes) end with the process.
    runtime.shutdown_background();
    exit
}

fn build_fleet(cli: &Cli) -> fleetdeck_core::Result<Arc<Fleet>> {
    let data = DataDir::resolve(cli.data_dir.as_deref())?;
    let mut config = FleetConfig::new(
        data,
        Arc::new(KeyringSecrets::new()),
        connector::default_connector(),
    );
    config.events = Arc::new(StderrEvents);
    Ok(Fleet::new(config))
}

/// Print the document and the per-account failures; answers the exit code.
fn finish(outcome: Outcome, json: bool) -> Exit {
    println!("{}", outcome.doc.render(json));
    if outcome.failures.is_empty() {
        return Exit::Ok;
    }
    for f in &outcome.failures {
        eprintln!(
            "error: {}: {}",
            f.account,
            strip_account(&f.error.message, &f.account)
        );
    }
    if outcome.accounts_covered == 1 && outcome.failures.len() == 1 {
        // The only account named failed: its own error decides the code (auth → 4…).
        return Exit::from_error_code(outcome.failures[0].error.code);
    }
    Exit::Partial
}

/// Messages of account-bound errors start with the account; avoid "work: work: …".
fn strip_account<'m>(message: &'m str, account: &str) -> &'m str {
    message
        .strip_prefix(account)
        .and_then(|m| m.strip_prefix(": "))
        .unwrap_or(message)
}

/// Print an error: a human line on stderr and, with `-o json`, the error object on stdout.
fn report_error(payload: &ErrorPayload, json: bool) -> Exit {
    eprintln!("error: {}", payload.message);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(payload).unwrap_or_else(|_| "{}".into())
        );
    }
    Exit::from_error_code(payload.code)
}

/// Fleet events the CLI shows: warnings on stderr. Job progress is printed by `--wait` itself.
struct StderrEvents;

impl FleetEvents for StderrEvents {
    fn emit(&self, event: FleetEvent) {
        if let FleetEvent::Warning { message } = event {
            eprintln!("warning: {message}");
        }
    }
}

/// The error a job that did not succeed stands for. The provider's own error, when the job carries
/// one, keeps its code (auth → 4, not found → 5…); otherwise a failed job is exit 1.
pub(crate) fn job_error(job: &Job) -> ErrorPayload {
    use fleetdeck_core::job::JobStatus;
    if job.status == JobStatus::TimedOut {
        return Error::Timeout {
            what: job.description.clone(),
            after: (job.deadline - job.started_at).to_std().unwrap_or_default(),
        }
        .to_payload();
    }
    if let Some(payload) = &job.error {
        let mut p = payload.clone();
        p.message = format!("{} failed: {}", job.description, p.message);
        return p;
    }
    let why = job.message.clone().unwrap_or_else(|| "no reason given".into());
    Error::JobFailed {
        account: job.account.clone(),
        message: format!("{} failed: {why}", job.description),
    }
    .to_payload()
}
