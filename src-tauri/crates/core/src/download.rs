//! Saving a provider's file (an LXD backup export) on this machine, for every provider alike.
//!
//! Invariants:
//! - the bytes go to a temporary file next to the target (same directory, so the final rename
//!   never crosses file systems), named `.<name>.<uuid>.part`; the target's name appears only
//!   once every byte arrived, so a failed or cut transfer never leaves a partial file under the
//!   user's name, and the temporary file is removed on every failure;
//! - an existing target is replaced only when [`DownloadTarget::overwrite`] says so; otherwise it
//!   is refused before any request ([`DownloadTarget::check`]) and again at the end, where the
//!   file is put in place with a hard link that fails if the name was taken in the meantime;
//! - a body shorter or longer than its announced `Content-Length` is an error (a cut connection
//!   must not pass for a complete backup);
//! - progress is reported as bytes written and the announced total, after each chunk.

use std::path::{Path, PathBuf};

use futures::{Stream, StreamExt};
use tokio::io::AsyncWriteExt;

use crate::error::{Error, Result};

/// Where a download goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadTarget {
    pub path: PathBuf,
    /// Replace a file already at `path`.
    pub overwrite: bool,
}

/// Told, after each chunk, the bytes written so far and the total when the server announced it.
pub type ByteProgress<'a> = dyn Fn(u64, Option<u64>) + Send + Sync + 'a;

impl DownloadTarget {
    pub fn new(path: impl Into<PathBuf>, overwrite: bool) -> Self {
        DownloadTarget {
            path: path.into(),
            overwrite,
        }
    }

    /// Refuse, before any request, a target that cannot be written: no file name, a directory,
    /// a missing parent directory, or an existing file without `overwrite`.
    pub fn check(&self, account: &str) -> Result<()> {
        let path = &self.path;
        if path.file_name().is_none() {
            return Err(Error::invalid_field(
                "path",
                format!("{} does not name a file", path.display()),
            ));
        }
        if path.is_dir() {
            return Err(Error::invalid_field(
                "path",
                format!("{} is a directory: choose a file name", path.display()),
            ));
        }
        let parent = self.parent();
        if !parent.is_dir() {
            return Err(Error::invalid_field(
                "path",
                format!("the folder {} does not exist", parent.display()),
            ));
        }
        if !self.overwrite && path.exists() {
            return Err(self.exists_error(account));
        }
        Ok(())
    }

    fn parent(&self) -> &Path {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    }

    fn exists_error(&self, account: &str) -> Error {
        Error::Conflict {
            account: account.to_owned(),
            message: format!(
                "{} already exists: choose another name, or allow replacing it",
                self.path.display()
            ),
        }
    }

    /// The temporary file next to the target.
    fn part_path(&self) -> PathBuf {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.parent()
            .join(format!(".{name}.{}.part", uuid::Uuid::new_v4().simple()))
    }
}

/// Write `chunks` to `target` (see the module's invariants); answers the bytes written.
/// `what` names the download in messages ("backup c1/b1"), `account` the account it comes from.
pub async fn save_stream<S>(
    account: &str,
    chunks: S,
    total: Option<u64>,
    target: &DownloadTarget,
    what: &str,
    progress: &ByteProgress<'_>,
) -> Result<u64>
where
    S: Stream<Item = Result<bytes::Bytes>> + Send,
{
    target.check(account)?;
    let part = target.part_path();
    let file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&part)
        .await
        .map_err(|e| io_error(&part, "create", &e))?;
    let written = write_all(account, file, chunks, total, &part, what, progress).await;
    let placed = match written {
        Ok(n) => place(account, &part, target).await.map(|()| n),
        Err(e) => Err(e),
    };
    if placed.is_err() {
        // Best effort: the error that matters is the one already in hand.
        let _ = tokio::fs::remove_file(&part).await;
    }
    placed
}

async fn write_all<S>(
    account: &str,
    mut file: tokio::fs::File,
    chunks: S,
    total: Option<u64>,
    part: &Path,
    what: &str,
    progress: &ByteProgress<'_>,
) -> Result<u64>
where
    S: Stream<Item = Result<bytes::Bytes>> + Send,
{
    let mut chunks = std::pin::pin!(chunks);
    let mut done: u64 = 0;
    progress(0, total);
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk?;
        done += chunk.len() as u64;
        if total.is_some_and(|t| done > t) {
            return Err(Error::Provider {
                account: account.to_owned(),
                status: None,
                code: None,
                message: format!(
                    "{what}: the server sent more than the {} bytes it announced",
                    total.unwrap_or_default()
                ),
            });
        }
        file.write_all(&chunk)
            .await
            .map_err(|e| io_error(part, "write", &e))?;
        progress(done, total);
    }
    if let Some(t) = total.filter(|t| done < *t) {
        return Err(Error::Network {
            account: account.to_owned(),
            message: format!("{what}: the transfer ended after {done} of {t} bytes"),
        });
    }
    file.sync_all().await.map_err(|e| io_error(part, "write", &e))?;
    Ok(done)
}

/// Give the finished temporary file the target's name.
async fn place(account: &str, part: &Path, target: &DownloadTarget) -> Result<()> {
    if target.overwrite {
        return tokio::fs::rename(part, &target.path)
            .await
            .map_err(|e| io_error(&target.path, "replace", &e));
    }
    // A hard link is created only if the name is free, so a file that appeared during the
    // transfer is never replaced; the temporary name is then dropped.
    match tokio::fs::hard_link(part, &target.path).await {
        Ok(()) => {
            let _ = tokio::fs::remove_file(part).await;
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(target.exists_error(account)),
        // File systems without hard links: check, then rename (a narrow race, stated).
        Err(_) if !target.path.exists() => tokio::fs::rename(part, &target.path)
            .await
            .map_err(|e| io_error(&target.path, "create", &e)),
        Err(_) => Err(target.exists_error(account)),
    }
}

fn io_error(path: &Path, verb: &str, e: &std::io::Error) -> Error {
    Error::internal(format!("could not {verb} {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn chunks(parts: Vec<Result<&'static [u8]>>) -> impl Stream<Item = Result<bytes::Bytes>> + Send {
        futures::stream::iter(parts.into_iter().map(|p| p.map(bytes::Bytes::from_static)))
    }

    fn dir_entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[tokio::test]
    async fn saves_whole_body_and_reports_progress() {
        let dir = tempfile::tempdir().unwrap();
        let target = DownloadTarget::new(dir.path().join("b.tar.gz"), false);
        let seen = Mutex::new(Vec::new());
        let progress = |d: u64, t: Option<u64>| seen.lock().unwrap().push((d, t));
        let n = save_stream(
            "a",
            chunks(vec![Ok(b"abc"), Ok(b"de")]),
            Some(5),
            &target,
            "b",
            &progress,
        )
        .await
        .unwrap();
        assert_eq!(n, 5);
        assert_eq!(std::fs::read(&target.path).unwrap(), b"abcde");
        assert_eq!(
            *seen.lock().unwrap(),
            vec![(0, Some(5)), (3, Some(5)), (5, Some(5))]
        );
        assert_eq!(dir_entries(dir.path()), vec!["b.tar.gz"]);
    }

    #[tokio::test]
    async fn a_cut_or_failed_body_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = DownloadTarget::new(dir.path().join("b.tar"), false);
        let e = save_stream("a", chunks(vec![Ok(b"abc")]), Some(10), &target, "b", &|_, _| {})
            .await
            .unwrap_err();
        assert!(e.to_string().contains("3 of 10 bytes"), "{e}");
        let failing = chunks(vec![
            Ok(b"abc"),
            Err(Error::Network {
                account: "a".into(),
                message: "reset".into(),
            }),
        ]);
        assert!(save_stream("a", failing, None, &target, "b", &|_, _| {})
            .await
            .is_err());
        let long = chunks(vec![Ok(b"abcdef")]);
        assert!(save_stream("a", long, Some(2), &target, "b", &|_, _| {})
            .await
            .is_err());
        assert!(dir_entries(dir.path()).is_empty());
    }

    #[tokio::test]
    async fn an_existing_file_is_kept_unless_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.tar");
        std::fs::write(&path, b"mine").unwrap();
        let keep = DownloadTarget::new(&path, false);
        let e = save_stream("a", chunks(vec![Ok(b"new")]), None, &keep, "b", &|_, _| {})
            .await
            .unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::Conflict);
        assert_eq!(std::fs::read(&path).unwrap(), b"mine");
        let replace = DownloadTarget::new(&path, true);
        save_stream("a", chunks(vec![Ok(b"new")]), None, &replace, "b", &|_, _| {})
            .await
            .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(dir_entries(dir.path()), vec!["b.tar"]);
    }

    #[tokio::test]
    async fn a_file_appearing_during_the_transfer_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.tar");
        let target = DownloadTarget::new(&path, false);
        let p2 = path.clone();
        let racing = futures::stream::once(async move {
            std::fs::write(&p2, b"theirs").unwrap();
            Ok(bytes::Bytes::from_static(b"ours"))
        });
        let e = save_stream("a", racing, None, &target, "b", &|_, _| {})
            .await
            .unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::Conflict);
        assert_eq!(std::fs::read(&path).unwrap(), b"theirs");
        assert_eq!(dir_entries(dir.path()), vec!["b.tar"]);
    }

    #[test]
    fn targets_are_checked_before_any_request() {
        let dir = tempfile::tempdir().unwrap();
        assert!(DownloadTarget::new(dir.path(), true).check("a").is_err());
        assert!(DownloadTarget::new(dir.path().join("no/such/b.tar"), true)
            .check("a")
            .is_err());
        assert!(DownloadTarget::new(dir.path().join("b.tar"), false)
            .check("a")
            .is_ok());
    }
}
