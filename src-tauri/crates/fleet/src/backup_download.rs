//! Saving a backup's file on this machine (LXD's export), as a job the fleet runs itself.
//!
//! The job's progress is the fraction of bytes written when the server announced the size, and
//! its message the bytes so far; it is pushed like every job ([`crate::FleetEvent::Job`]) at most
//! once per whole percent (or per MiB when the size is unknown), so a large file does not flood
//! the job log. The provider writes to a temporary file and gives it the chosen name only when
//! complete (core/src/download.rs): a failed job leaves nothing under that name.
//!
//! Gated like every resource command: `backups.download` off → `unsupported` before any request;
//! a target that cannot be written (no folder, a directory, an existing file without `overwrite`)
//! is refused before the job starts.

use std::sync::Mutex;

use fleetdeck_core::download::DownloadTarget;
use fleetdeck_core::job::{Job, JobKind, JobStatus, Tracking};
use fleetdeck_core::{Error, Result};

use crate::views::ActionResult;
use crate::Fleet;

/// Longest a download may take (the provider's own request time-out is the same order).
const DOWNLOAD_TIMEOUT_SECS: i64 = 2 * 3600;
/// Without a known size, progress is pushed once per this many bytes.
const UNSIZED_STEP: u64 = 1 << 20;

impl Fleet {
    /// Save the backup at `ACCOUNT/INSTANCE/BACKUP` to `path` (replacing a file there only with
    /// `overwrite`): one job, answered as started.
    pub async fn download_backup(&self, backup: &str, path: &str, overwrite: bool) -> Result<ActionResult> {
        let (account, id) = self.resolve(backup)?;
        let provider = self.provider(&account).await?;
        if !provider.capabilities().backups.download {
            return Err(Error::unsupported(account.provider, "backup download"));
        }
        if provider.backups().is_none() {
            return Err(Error::internal(format!(
                "{} states backup download in its capabilities but its client has no backups",
                account.provider
            )));
        }
        if path.trim().is_empty() {
            return Err(Error::invalid_field(
                "path",
                "choose a file to save the backup to",
            ));
        }
        let target = DownloadTarget::new(path, overwrite);
        target.check(&account.name)?;
        let now = self.clock.now();
        let server = id.split_once('/').map(|(s, _)| s.to_owned());
        let job = Job {
            id: uuid::Uuid::new_v4().to_string(),
            account_id: account.id.clone(),
            account: account.name.clone(),
            provider: account.provider,
            kind: JobKind::BackupDownload,
            description: format!("Download backup {id}"),
            target: Some(id.clone()),
            target_name: Some(id.clone()),
            server_id: server,
            tracking: Tracking::Done,
            status: JobStatus::Running,
            progress: Some(0.0),
            message: Some(format!("Saving to {}", target.path.display())),
            started_at: now,
            updated_at: now,
            finished_at: None,
            deadline: now + chrono::Duration::seconds(DOWNLOAD_TIMEOUT_SECS),
            error: None,
        };
        let (fleet, run) = self.start_run(job.clone(), None)?;
        tokio::spawn(async move {
            let run = Mutex::new(run);
            let pace = Mutex::new(Pace::default());
            let on_bytes = |done: u64, total: Option<u64>| {
                let Some((percent, message)) =
                    pace.lock().unwrap_or_else(|p| p.into_inner()).next(done, total)
                else {
                    return;
                };
                run.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .step(&fleet, percent, message);
            };
            let result = match provider.backups() {
                Some(api) => api.download_backup(&id, &target, &on_bytes).await,
                None => Err(Error::internal("the client lost its backups")),
            };
            let mut run = run.into_inner().unwrap_or_else(|p| p.into_inner());
            match result {
                Ok(n) => {
                    let why = format!("Saved {} to {}", size(n), target.path.display());
                    run.finish(&fleet, JobStatus::Succeeded, why, None);
                }
                Err(e) => {
                    let why = format!("Backup {id} was not saved: {e}");
                    run.finish(&fleet, JobStatus::Failed, why, Some(e));
                }
            }
            fleet.end_run(&run.job.id);
        });
        Ok(ActionResult {
            job: Some(job),
            message: None,
            password: None,
        })
    }
}

/// The names a backup copy saved from the window may have (LXD exports a tarball, compressed
/// per `backups.compression_algorithm`).
pub const BACKUP_FILE_SUFFIXES: [&str; 7] = [
    ".tar.gz", ".tgz", ".tar.xz", ".tar.zst", ".tar.bz2", ".tar.lz4", ".tar",
];

impl Fleet {
    /// [`Fleet::download_backup`] for the web view: an absolute path whose name ends like an
    /// archive ([`BACKUP_FILE_SUFFIXES`]), never replacing a file. The web view has no file
    /// access of its own (ARCHITECTURE.md rule 1), so it must not be able to drop provider bytes
    /// over a shell profile or as a desktop launcher.
    pub async fn download_backup_copy(&self, backup: &str, path: &str) -> Result<ActionResult> {
        check_copy_path(path)?;
        self.download_backup(backup, path, false).await
    }
}

fn check_copy_path(path: &str) -> Result<()> {
    if !std::path::Path::new(path).is_absolute() {
        return Err(Error::invalid_field(
            "path",
            format!("{path:?} is not a full path: choose where to save the backup"),
        ));
    }
    let lower = path.to_ascii_lowercase();
    if !BACKUP_FILE_SUFFIXES.iter().any(|s| lower.ends_with(s)) {
        return Err(Error::invalid_field(
            "path",
            format!(
                "a backup is saved as an archive ({}), not as {path:?}",
                BACKUP_FILE_SUFFIXES.join(", ")
            ),
        ));
    }
    Ok(())
}

/// When the next progress push is due.
#[derive(Default)]
struct Pace {
    /// Whole percent (sized) or MiB (unsized) last pushed.
    last: Option<u64>,
}

impl Pace {
    /// The progress (0–100, kept below 100 until the job ends) and message to push, if due.
    fn next(&mut self, done: u64, total: Option<u64>) -> Option<(f32, String)> {
        let (mark, percent, message) = match total.filter(|t| *t > 0) {
            Some(t) => {
                let pct = (done.min(t) as f64 * 100.0 / t as f64).floor();
                (
                    pct as u64,
                    pct.min(99.0) as f32,
                    format!("{} of {}", size(done), size(t)),
                )
            }
            None => (done / UNSIZED_STEP, 0.0, format!("{} received", size(done))),
        };
        if self.last == Some(mark) {
            return None;
        }
        self.last = Some(mark);
        Some((percent, message))
    }
}

/// Bytes for people: `512 B`, `1.5 KiB`, `40.0 MiB`, `2.1 GiB`.
fn size(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_pushed_once_per_percent_and_stays_below_100() {
        let mut pace = Pace::default();
        let pushed: Vec<f32> = (0..=1000u64)
            .filter_map(|d| pace.next(d * 10, Some(10_000)).map(|(p, _)| p))
            .collect();
        assert_eq!(pushed.len(), 101);
        assert_eq!(pushed.last(), Some(&99.0));
        let mut unsized_pace = Pace::default();
        let n = (0..10u64)
            .filter_map(|i| unsized_pace.next(i * UNSIZED_STEP / 2, None))
            .count();
        assert_eq!(n, 5);
    }

    #[test]
    fn the_window_saves_archives_at_full_paths_only() {
        assert!(check_copy_path("/home/u/c1-b1.tar.gz").is_ok());
        assert!(check_copy_path("/home/u/C1.TAR.XZ").is_ok());
        for bad in [
            "c1.tar.gz",
            "/home/u/.bashrc",
            "/home/u/x.desktop",
            "/home/u/tar.gz.sh",
            "",
        ] {
            let e = check_copy_path(bad).unwrap_err();
            assert_eq!(e.code(), fleetdeck_core::ErrorCode::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(40 << 20), "40.0 MiB");
    }
}
