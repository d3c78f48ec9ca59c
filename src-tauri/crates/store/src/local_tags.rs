//! Local tags (`local-tags.json`): tags on servers of any provider, kept by Fleetdeck in the data
//! directory and shared by the desktop app and the CLI. They are never sent to a provider.
//!
//! Invariants:
//! - keyed by account **id** (survives renames) and the provider's server id;
//! - a tag is 1–64 characters, trimmed, without control characters; a server's tags are a sorted
//!   set (adding a tag twice keeps one);
//! - every change is a read-modify-write under this file's own lock (`.local-tags.lock`, not the
//!   account list's: a caller may hold that one) and an atomic write, so the app and the CLI can
//!   change tags at the same time without losing each other's changes;
//! - an unreadable file is moved aside (never deleted) with a notice, and the tags start empty.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use fleetdeck_core::{Error, Result};

use crate::files::{load_json_or_set_aside, write_atomic, DirLock};
use crate::notices::Notices;
use crate::paths::{validate_account_id, DataDir};

const FORMAT_VERSION: u32 = 1;

/// Longest tag accepted, in characters.
pub const MAX_TAG_LEN: usize = 64;

/// Tags of servers: account id → server id → tags.
pub type TagMap = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

#[derive(Serialize, Deserialize, Default)]
struct LocalTagsFile {
    version: u32,
    accounts: TagMap,
}

/// Check and trim a tag: 1–[`MAX_TAG_LEN`] characters, no control characters.
pub fn validate_tag(tag: &str) -> Result<String> {
    let t = tag.trim();
    if t.is_empty() || t.chars().count() > MAX_TAG_LEN || t.chars().any(char::is_control) {
        return Err(Error::invalid_field(
            "tag",
            format!(
                "'{}' is not a valid tag: 1 to {MAX_TAG_LEN} characters, no control characters",
                tag.escape_debug()
            ),
        ));
    }
    Ok(t.to_owned())
}

/// The local tags file of a data directory.
#[derive(Debug, Clone)]
pub struct LocalTags {
    dir: DataDir,
    notices: Arc<Notices>,
}

impl LocalTags {
    pub fn new(dir: DataDir) -> Self {
        Self::with_notices(dir, Arc::default())
    }

    /// Local tags that report an unreadable file to `notices`.
    pub fn with_notices(dir: DataDir, notices: Arc<Notices>) -> Self {
        LocalTags { dir, notices }
    }

    fn path(&self) -> PathBuf {
        self.dir.root().join("local-tags.json")
    }

    fn lock_path(&self) -> PathBuf {
        self.dir.root().join(".local-tags.lock")
    }

    /// Every account's server tags. No file: no tags.
    pub fn load(&self) -> Result<TagMap> {
        let path = self.path();
        Ok(load_json_or_set_aside::<LocalTagsFile>(
            &path,
            &self.notices,
            "The local tags file",
            "local tags start empty",
        )?
        .map(|f| f.accounts)
        .unwrap_or_default())
    }

    /// The tags of one account's servers (server id → tags).
    pub fn of_account(&self, account_id: &str) -> Result<BTreeMap<String, BTreeSet<String>>> {
        validate_account_id(account_id)?;
        Ok(self.load()?.remove(account_id).unwrap_or_default())
    }

    /// Read-modify-write of one account's tags under the file's lock; empty entries are dropped.
    fn update<T>(
        &self,
        account_id: &str,
        f: impl FnOnce(&mut BTreeMap<String, BTreeSet<String>>) -> T,
    ) -> Result<T> {
        validate_account_id(account_id)?;
        let _lock = DirLock::acquire(&self.lock_path())?;
        let mut all = self.load()?;
        let servers = all.entry(account_id.to_owned()).or_default();
        let out = f(servers);
        servers.retain(|_, tags| !tags.is_empty());
        if servers.is_empty() {
            all.remove(account_id);
        }
        let file = LocalTagsFile {
            version: FORMAT_VERSION,
            accounts: all,
        };
        let bytes = serde_json::to_vec_pretty(&file).map_err(|e| Error::internal(e.to_string()))?;
        write_atomic(&self.path(), &bytes)?;
        Ok(out)
    }

    /// Add tags to servers of one account.
    pub fn add(&self, account_id: &str, server_ids: &[String], tags: &[String]) -> Result<()> {
        let tags = checked(tags)?;
        let ids = checked_ids(server_ids)?;
        self.update(account_id, |servers| {
            for id in ids {
                servers.entry(id).or_default().extend(tags.iter().cloned());
            }
        })
    }

    /// Remove tags from servers of one account (tags a server does not carry are ignored).
    pub fn remove(&self, account_id: &str, server_ids: &[String], tags: &[String]) -> Result<()> {
        let tags = checked(tags)?;
        let ids = checked_ids(server_ids)?;
        self.update(account_id, |servers| {
            for id in ids {
                if let Some(set) = servers.get_mut(&id) {
                    tags.iter().for_each(|t| {
                        set.remove(t);
                    });
                }
            }
        })
    }

    /// Replace one server's tags (none: the server has no local tags any more).
    pub fn set(&self, account_id: &str, server_id: &str, tags: &[String]) -> Result<()> {
        let tags: BTreeSet<String> = tags.iter().map(|t| validate_tag(t)).collect::<Result<_>>()?;
        let id = checked_ids(&[server_id.to_owned()])?.remove(0);
        self.update(account_id, |servers| {
            servers.insert(id, tags);
        })
    }

    /// Drop every tag of an account (it was removed).
    pub fn forget_account(&self, account_id: &str) -> Result<()> {
        self.update(account_id, |servers| servers.clear())
    }
}

/// At least one tag, each valid.
fn checked(tags: &[String]) -> Result<BTreeSet<String>> {
    if tags.is_empty() {
        return Err(Error::invalid_field("tag", "give at least one tag"));
    }
    tags.iter().map(|t| validate_tag(t)).collect()
}

/// At least one server id, none empty.
fn checked_ids(ids: &[String]) -> Result<Vec<String>> {
    let ids: Vec<String> = ids.iter().map(|i| i.trim().to_owned()).collect();
    if ids.is_empty() || ids.iter().any(String::is_empty) {
        return Err(Error::invalid_field("server", "give at least one server id"));
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn set(v: &[&str]) -> BTreeSet<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn add_remove_set_and_forget() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalTags::new(DataDir::new(dir.path()));
        assert!(store.load().unwrap().is_empty());
        store
            .add("acc-1", &tags(&["1", "2"]), &tags(&["prod", " web "]))
            .unwrap();
        store.add("acc-1", &tags(&["1"]), &tags(&["prod"])).unwrap();
        store.add("acc-2", &tags(&["1"]), &tags(&["db"])).unwrap();
        let a = store.of_account("acc-1").unwrap();
        assert_eq!(a["1"], set(&["prod", "web"]));
        assert_eq!(a["2"], set(&["prod", "web"]));
        store
            .remove("acc-1", &tags(&["2"]), &tags(&["prod", "absent"]))
            .unwrap();
        assert_eq!(store.of_account("acc-1").unwrap()["2"], set(&["web"]));
        store.set("acc-1", "2", &[]).unwrap();
        assert!(!store.of_account("acc-1").unwrap().contains_key("2"));
        store.set("acc-1", "3", &tags(&["b", "a"])).unwrap();
        assert_eq!(store.of_account("acc-1").unwrap()["3"], set(&["a", "b"]));
        store.forget_account("acc-1").unwrap();
        assert!(store.of_account("acc-1").unwrap().is_empty());
        assert_eq!(store.of_account("acc-2").unwrap()["1"], set(&["db"]));
    }

    #[test]
    fn bad_input_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalTags::new(DataDir::new(dir.path()));
        let long = "x".repeat(MAX_TAG_LEN + 1);
        for bad in [vec![], tags(&[""]), tags(&["a\nb"]), vec![long]] {
            assert!(store.add("acc-1", &tags(&["1"]), &bad).is_err(), "{bad:?}");
        }
        assert!(store.add("acc-1", &[], &tags(&["a"])).is_err());
        assert!(store.add("../x", &tags(&["1"]), &tags(&["a"])).is_err());
        assert!(!dir.path().join("local-tags.json").exists());
    }

    #[test]
    fn two_writers_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let store = LocalTags::new(data.clone());
                std::thread::spawn(move || {
                    for i in 0..10 {
                        store
                            .add("acc-1", &[format!("s{t}")], &[format!("t{i}")])
                            .unwrap();
                    }
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        let all = LocalTags::new(data).of_account("acc-1").unwrap();
        assert_eq!(all.len(), 4);
        assert!(all.values().all(|s| s.len() == 10));
    }

    #[test]
    fn an_unreadable_file_is_moved_aside_with_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let notices = Arc::new(Notices::default());
        let store = LocalTags::with_notices(DataDir::new(dir.path()), notices.clone());
        std::fs::write(dir.path().join("local-tags.json"), b"{not json").unwrap();
        assert!(store.load().unwrap().is_empty());
        assert_eq!(notices.all().len(), 1);
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("local-tags.json.corrupt-")
            })
            .collect();
        assert_eq!(aside.len(), 1);
    }
}
