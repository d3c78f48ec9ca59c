//! Atomic file writes and the advisory lock that serialises read-modify-write cycles between the
//! desktop app and the CLI.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

use serde::de::DeserializeOwned;

use fleetdeck_core::{Error, Result};

use crate::notices::Notices;

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::Cache {
        message: format!("{what} {}: {e}", path.display()),
    }
}

/// Write `bytes` to `path` atomically: a temp file in the same directory, flushed to disk, then
/// renamed over the target. A crash at any point leaves either the old or the new file, whole.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().ok_or_else(|| Error::Cache {
        message: format!("{} has no parent", path.display()),
    })?;
    fs::create_dir_all(dir).map_err(|e| io_error("cannot create", dir, e))?;
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).map_err(|e| io_error("cannot create a file in", dir, e))?;
    tmp.write_all(bytes)
        .map_err(|e| io_error("cannot write", tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| io_error("cannot flush", tmp.path(), e))?;
    tmp.persist(path)
        .map_err(|e| io_error("cannot replace", path, e.error))?;
    // The rename lives in the directory: without flushing it, a crash can forget the new file.
    sync_dir(dir)
}

/// Flush a directory's entries (renames, new files) to disk. A no-op where directories cannot be
/// opened as files (Windows), where `rename` is already durable as far as the API lets us say.
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| io_error("cannot flush the directory", dir, e))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Move an unreadable file aside as `<name>.corrupt-<UTC time>` (never deleted, never overwritten:
/// `-2`, `-3`… are added when that name exists) and answer where it went.
pub fn set_aside(path: &Path) -> Result<std::path::PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S").to_string();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    for n in 1..1000 {
        let aside = if n == 1 {
            dir.join(format!("{name}.corrupt-{stamp}"))
        } else {
            dir.join(format!("{name}.corrupt-{stamp}-{n}"))
        };
        if aside.exists() {
            continue;
        }
        fs::rename(path, &aside).map_err(|e| io_error("cannot move aside", path, e))?;
        sync_dir(dir)?;
        return Ok(aside);
    }
    Err(Error::Cache {
        message: format!("{} cannot be moved aside: too many copies", path.display()),
    })
}

/// Read a file; `Ok(None)` when it does not exist.
pub fn read_optional(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error("cannot read", path, e)),
    }
}

/// Read the JSON file at `path` as a `T`, for the store's shared files (account list, job log,
/// local tags, parked servers). `Ok(None)` when there is no file, and also when the file does not
/// parse: then it is moved aside with [`set_aside`] (never deleted, so the next write cannot
/// overwrite it) and `notices` gets "`{what}` PATH was unreadable (ERROR); it was moved to COPY and
/// `{then}`." so the caller starts empty and the user knows where the old copy is. A file that
/// cannot be read at all (permissions), or cannot be moved aside, is an error: it is never replaced.
pub fn load_json_or_set_aside<T: DeserializeOwned>(
    path: &Path,
    notices: &Notices,
    what: &str,
    then: &str,
) -> Result<Option<T>> {
    let Some(bytes) = read_optional(path)? else {
        return Ok(None);
    };
    match serde_json::from_slice::<T>(&bytes) {
        Ok(value) => Ok(Some(value)),
        Err(e) => {
            let aside = set_aside(path).map_err(|io| Error::Cache {
                message: format!(
                    "{} is unreadable ({e}) and could not be moved aside: {io}",
                    path.display()
                ),
            })?;
            notices.push(format!(
                "{what} {} was unreadable ({e}); it was moved to {} and {then}.",
                path.display(),
                aside.display()
            ));
            Ok(None)
        }
    }
}

/// An exclusive advisory lock on a lock file, released on drop.
pub struct DirLock {
    file: File,
}

impl DirLock {
    /// Block until the lock is ours.
    pub fn acquire(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| io_error("cannot create", dir, e))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| io_error("cannot open", path, e))?;
        file.lock().map_err(|e| io_error("cannot lock", path, e))?;
        Ok(DirLock { file })
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// Save an export (a server list as CSV or JSON) as a new file in `dir` and return its path.
///
/// The name is reduced to `[A-Za-z0-9._-]` so a UI cannot write outside `dir`; an existing file is
/// never overwritten: `name (2).ext`, `name (3).ext`… are tried instead.
pub fn save_new_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<std::path::PathBuf> {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let clean = clean.trim_start_matches('.');
    let clean = if clean.is_empty() {
        "fleetdeck-export"
    } else {
        clean
    };
    let (stem, ext) = match clean.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (clean, String::new()),
    };
    fs::create_dir_all(dir).map_err(|e| io_error("cannot create", dir, e))?;
    for n in 1..1000 {
        let candidate = if n == 1 {
            dir.join(format!("{stem}{ext}"))
        } else {
            dir.join(format!("{stem} ({n}){ext}"))
        };
        match OpenOptions::new().write(true).create_new(true).open(&candidate) {
            Ok(mut f) => {
                f.write_all(bytes)
                    .map_err(|e| io_error("cannot write", &candidate, e))?;
                return Ok(candidate);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_error("cannot create", &candidate, e)),
        }
    }
    Err(Error::Cache {
        message: format!("{} holds too many files named {stem}{ext}", dir.display()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/a.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(read_optional(&p).unwrap().unwrap(), b"two");
        assert!(read_optional(&dir.path().join("missing")).unwrap().is_none());
        // no temp files left behind
        assert_eq!(fs::read_dir(dir.path().join("sub")).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_atomic(&p, b"old").unwrap();
        // Simulate a crash mid-write: a temp file written but never renamed.
        let mut tmp = tempfile::NamedTempFile::new_in(dir.path()).unwrap();
        tmp.write_all(b"half").unwrap();
        std::mem::forget(tmp);
        assert_eq!(fs::read(&p).unwrap(), b"old");
    }

    #[test]
    fn set_aside_keeps_every_copy() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("jobs.json");
        fs::write(&p, b"one").unwrap();
        let first = set_aside(&p).unwrap();
        fs::write(&p, b"two").unwrap();
        let second = set_aside(&p).unwrap();
        assert_ne!(first, second);
        assert_eq!(fs::read(&first).unwrap(), b"one");
        assert_eq!(fs::read(&second).unwrap(), b"two");
        assert!(!p.exists());
        assert!(first
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("jobs.json.corrupt-"));
    }

    #[test]
    fn load_json_or_set_aside_reads_moves_aside_and_tells() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("things.json");
        let notices = Notices::default();
        let load = || load_json_or_set_aside::<Vec<u32>>(&p, &notices, "The things", "none are left");
        assert_eq!(load().unwrap(), None, "no file: nothing");
        fs::write(&p, b"[1, 2]").unwrap();
        assert_eq!(load().unwrap(), Some(vec![1, 2]));
        assert!(notices.all().is_empty());
        fs::write(&p, b"{not json").unwrap();
        assert_eq!(load().unwrap(), None, "a corrupt file reads as nothing");
        assert!(
            !p.exists(),
            "the corrupt file is no longer where the next write goes"
        );
        let aside: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(aside.len(), 1);
        assert_eq!(fs::read(&aside[0]).unwrap(), b"{not json");
        let all = notices.all();
        assert_eq!(all.len(), 1);
        assert!(all[0].starts_with(&format!("The things {} was unreadable (", p.display())));
        assert!(all[0].ends_with(&format!(
            "it was moved to {} and none are left.",
            aside[0].display()
        )));
    }

    /// The directory really is opened and flushed: a missing one is an error, not a silent skip.
    #[cfg(unix)]
    #[test]
    fn directories_are_flushed_after_a_rename() {
        let dir = tempfile::tempdir().unwrap();
        assert!(sync_dir(dir.path()).is_ok());
        assert!(sync_dir(&dir.path().join("missing")).is_err());
    }

    #[test]
    fn lock_is_exclusive_across_handles() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".lock");
        let held = DirLock::acquire(&p).unwrap();
        let other = OpenOptions::new().write(true).open(&p).unwrap();
        assert!(
            other.try_lock().is_err(),
            "second lock must fail while the first is held"
        );
        drop(held);
        assert!(other.try_lock().is_ok());
    }

    #[test]
    fn save_new_file_never_overwrites_and_stays_in_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let first = save_new_file(dir.path(), "servers.csv", b"a").unwrap();
        let second = save_new_file(dir.path(), "servers.csv", b"b").unwrap();
        assert_eq!(first, dir.path().join("servers.csv"));
        assert_eq!(second, dir.path().join("servers (2).csv"));
        assert_eq!(fs::read(&first).unwrap(), b"a");
        let sneaky = save_new_file(dir.path(), "../../etc/passwd", b"c").unwrap();
        assert_eq!(sneaky.parent(), Some(dir.path()));
        let empty = save_new_file(dir.path(), "", b"d").unwrap();
        assert_eq!(empty, dir.path().join("fleetdeck-export"));
    }
}
