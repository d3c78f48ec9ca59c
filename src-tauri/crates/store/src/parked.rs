//! Parked servers (`parked.json`): servers that were snapshotted and then deleted to save their cost,
//! with what is needed to create them again from the snapshot (account, plan, region, name, tags).
//! Shared by the desktop app and the CLI: written atomically under the data directory's lock, like
//! the job log (see `files.rs`).
//!
//! Invariant: a record exists only while its snapshot is the server's one copy — it is written after
//! the snapshot is ready and before the server is deleted, and removed when the server is created
//! again or when the delete did not happen.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use std::sync::Arc;

use fleetdeck_core::{Error, ProviderKind, Result};

use crate::files::{load_json_or_set_aside, write_atomic, DirLock};
use crate::notices::Notices;
use crate::paths::DataDir;

/// A server that was parked: its snapshot and how it was ordered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ParkedServer {
    /// Local id of this record (UUID); `unpark` takes it.
    pub id: String,
    pub account_id: String,
    /// The account's name when the server was parked.
    pub account: String,
    pub provider: ProviderKind,
    /// The provider's id of the deleted server.
    pub server_id: String,
    pub server_name: String,
    pub plan: Option<String>,
    pub region: Option<String>,
    pub image: Option<String>,
    /// The provider's id of the snapshot the server is created from again.
    pub snapshot_id: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub parked_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize, Default)]
struct ParkedFile {
    parked: Vec<ParkedServer>,
}

/// The parked-servers file.
#[derive(Debug, Clone)]
pub struct ParkedList {
    dir: DataDir,
    notices: Arc<Notices>,
}

impl ParkedList {
    pub fn new(dir: DataDir) -> Self {
        Self::with_notices(dir, Arc::default())
    }

    /// A list that reports a corrupt file to `notices`.
    pub fn with_notices(dir: DataDir, notices: Arc<Notices>) -> Self {
        ParkedList { dir, notices }
    }

    fn path(&self) -> std::path::PathBuf {
        self.dir.root().join("parked.json")
    }

    /// Every parked server, most recently parked first. An unreadable file is moved aside (never
    /// overwritten: it names snapshots that may be a server's only copy) and a notice says where.
    pub fn load(&self) -> Result<Vec<ParkedServer>> {
        let path = self.path();
        Ok(load_json_or_set_aside::<ParkedFile>(
            &path,
            &self.notices,
            "The list of parked servers",
            "a new one was started",
        )?
        .map(|f| f.parked)
        .unwrap_or_default())
    }

    /// One parked server by its record id.
    pub fn find(&self, id: &str) -> Result<ParkedServer> {
        self.load()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| Error::NotFound {
                account: None,
                message: format!("no parked server {id}"),
            })
    }

    /// Add or replace a record (by id).
    pub fn upsert(&self, parked: &ParkedServer) -> Result<()> {
        self.update(|list| {
            match list.iter_mut().find(|p| p.id == parked.id) {
                Some(slot) => *slot = parked.clone(),
                None => list.push(parked.clone()),
            }
            Ok(())
        })
    }

    /// Remove a record; answers whether it was there.
    pub fn remove(&self, id: &str) -> Result<bool> {
        self.update(|list| {
            let before = list.len();
            list.retain(|p| p.id != id);
            Ok(list.len() != before)
        })
    }

    /// Read-modify-write under the data directory's lock, so the app and the CLI never lose each
    /// other's records.
    fn update<T>(&self, change: impl FnOnce(&mut Vec<ParkedServer>) -> Result<T>) -> Result<T> {
        let _lock = DirLock::acquire(&self.dir.lock_file())?;
        let mut parked = self.load()?;
        let answer = change(&mut parked)?;
        parked.sort_by_key(|p| std::cmp::Reverse(p.parked_at));
        let bytes =
            serde_json::to_vec_pretty(&ParkedFile { parked }).map_err(|e| Error::internal(e.to_string()))?;
        write_atomic(&self.path(), &bytes)?;
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, minutes: i64) -> ParkedServer {
        ParkedServer {
            id: id.into(),
            account_id: "acc-1".into(),
            account: "work".into(),
            provider: ProviderKind::Cloudzy,
            server_id: "srv-1".into(),
            server_name: "web-1".into(),
            plan: Some("p1".into()),
            region: Some("r1".into()),
            image: None,
            snapshot_id: "snap-1".into(),
            tags: vec!["prod".into()],
            parked_at: DateTime::from_timestamp(1_700_000_000 + minutes * 60, 0).unwrap(),
        }
    }

    #[test]
    fn records_are_kept_newest_first_and_removed_by_id() {
        let dir = tempfile::tempdir().unwrap();
        let list = ParkedList::new(DataDir::new(dir.path()));
        assert!(list.load().unwrap().is_empty());
        list.upsert(&record("a", 0)).unwrap();
        list.upsert(&record("b", 5)).unwrap();
        let ids: Vec<String> = list.load().unwrap().into_iter().map(|p| p.id).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(list.find("a").unwrap(), record("a", 0));
        assert!(list.remove("a").unwrap());
        assert!(!list.remove("a").unwrap());
        assert!(list.find("a").is_err());
        // Another handle (the CLI beside the app) reads what this one wrote.
        let other = ParkedList::new(DataDir::new(dir.path()));
        assert_eq!(other.load().unwrap(), vec![record("b", 5)]);
    }

    #[test]
    fn a_corrupt_file_is_moved_aside_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("parked.json"), b"{not json").unwrap();
        let notices = Arc::new(Notices::default());
        let list = ParkedList::with_notices(DataDir::new(dir.path()), notices.clone());
        assert!(list.load().unwrap().is_empty());
        assert_eq!(notices.all().len(), 1);
        let aside = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .find(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("parked.json.corrupt-")
            })
            .expect("the corrupt file is kept");
        assert_eq!(std::fs::read(aside.path()).unwrap(), b"{not json");
    }
}
