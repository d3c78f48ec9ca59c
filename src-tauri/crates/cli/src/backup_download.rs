//! `fleetdeck backup download ACCOUNT/INSTANCE/BACKUP --file FILE [--force]`: save a backup's
//! file (LXD's export) through the fleet's download job, with its progress on stderr — one line
//! rewritten in place on a terminal, a line per tenth otherwise (logs stay short) — and the job
//! as the answer on stdout. The file appears under its name only when complete
//! (core/src/download.rs); without `--force` an existing file is refused before any request.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use fleetdeck_core::job::{Job, JobStatus};
use fleetdeck_fleet::{ActionResult, Fleet};

use crate::args::address;
use crate::commands::job_line;
use crate::render::Document;
use crate::{Failure, Outcome};

type CmdResult = Result<Outcome, Failure>;

#[derive(Debug, Args)]
pub struct BackupDownload {
    #[arg(value_parser = address, value_name = "ACCOUNT/INSTANCE/BACKUP")]
    pub backup: String,
    /// The file to write (its folder must exist). Not `--output`: that is the global output
    /// format.
    #[arg(long, value_name = "FILE")]
    pub file: PathBuf,
    /// Replace FILE when it exists.
    #[arg(long)]
    pub force: bool,
}

pub(crate) async fn download(fleet: &Fleet, d: BackupDownload) -> CmdResult {
    let path = d.file.to_string_lossy().into_owned();
    let mut result = fleet.download_backup(&d.backup, &path, d.force).await?;
    if let Some(job) = result.job.take() {
        let end = follow(fleet, &job.id).await?;
        if end.status != JobStatus::Succeeded {
            return Err(crate::job_error(&end).into());
        }
        result.job = Some(end);
    }
    Ok(answer(result))
}

fn answer(result: ActionResult) -> Outcome {
    let line = match &result.job {
        Some(job) => job.message.clone().unwrap_or_else(|| job_line(job)),
        None => "Done.".into(),
    };
    Outcome::doc(Document::message(&result, line))
}

/// Follow the job, drawing its progress on stderr.
async fn follow(fleet: &Fleet, id: &str) -> Result<Job, Failure> {
    let terminal = std::io::stderr().is_terminal();
    let mut shown: Option<u32> = None;
    let mut drawn = false;
    let job = fleet
        .wait_job(id, |j| {
            let line = progress_line(j);
            if terminal {
                eprint!("\r\x1b[2K{line}");
                let _ = std::io::stderr().flush();
                drawn = true;
            } else {
                let tenth = j.progress.map(|p| (p / 10.0) as u32);
                if tenth != shown || j.status.is_final() {
                    eprintln!("{line}");
                    shown = tenth;
                }
            }
        })
        .await?;
    if drawn {
        eprintln!();
    }
    Ok(job)
}

fn progress_line(j: &Job) -> String {
    let pct = j.progress.map(|p| format!(" {p:.0}%")).unwrap_or_default();
    match &j.message {
        Some(m) => format!("{}{pct}: {m}", j.description),
        None => job_line(j),
    }
}
