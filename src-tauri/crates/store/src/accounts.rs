//! The account list (`accounts.json`): names, providers, endpoints, colours, order. No secrets.

use serde::{Deserialize, Serialize};

use fleetdeck_core::names::validate_account_name;
use fleetdeck_core::{Account, Error, Result};

use std::sync::Arc;

use crate::files::{load_json_or_set_aside, write_atomic, DirLock};
use crate::notices::Notices;
use crate::paths::{validate_account_id, DataDir};

const FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct AccountsFile {
    version: u32,
    accounts: Vec<Account>,
}

/// The persisted list of accounts, in the user's order.
#[derive(Debug, Clone)]
pub struct AccountList {
    dir: DataDir,
    notices: Arc<Notices>,
}

impl AccountList {
    pub fn new(dir: DataDir) -> Self {
        Self::with_notices(dir, Arc::default())
    }

    /// An account list that reports a corrupt file to `notices`.
    pub fn with_notices(dir: DataDir, notices: Arc<Notices>) -> Self {
        AccountList { dir, notices }
    }

    /// All accounts in display order. An unreadable file is kept aside as
    /// `accounts.json.corrupt-<time>` (never deleted), a notice says where, and the list starts
    /// empty. A file that cannot be read at all (permissions) is an error: it is never replaced.
    pub fn load(&self) -> Result<Vec<Account>> {
        let path = self.dir.accounts_file();
        Ok(load_json_or_set_aside::<AccountsFile>(
            &path,
            &self.notices,
            "The account list",
            "Fleetdeck starts with no accounts. Restore it from that copy if you can repair it",
        )?
        .map(|f| f.accounts)
        .unwrap_or_default())
    }

    /// Read-modify-write under the data directory's lock. `f` sees the current list and may change it;
    /// the list is written back only when `f` succeeds.
    pub fn update<T>(&self, f: impl FnOnce(&mut Vec<Account>) -> Result<T>) -> Result<T> {
        let _lock = DirLock::acquire(&self.dir.lock_file())?;
        let mut accounts = self.load()?;
        let out = f(&mut accounts)?;
        let file = AccountsFile {
            version: FORMAT_VERSION,
            accounts,
        };
        let bytes = serde_json::to_vec_pretty(&file).map_err(|e| Error::internal(e.to_string()))?;
        write_atomic(&self.dir.accounts_file(), &bytes)?;
        Ok(out)
    }

    pub fn find(&self, name: &str) -> Result<Account> {
        self.load()?
            .into_iter()
            .find(|a| a.name == name)
            .ok_or_else(|| not_found(name))
    }

    /// Add an account; its name must be valid and unused.
    pub fn insert(&self, account: Account) -> Result<()> {
        validate_account_name(&account.name)?;
        // The id names the account's cache folder and keyring entry.
        validate_account_id(&account.id)?;
        self.update(|list| {
            if list.iter().any(|a| a.name == account.name) {
                return Err(Error::invalid_field(
                    "name",
                    format!("an account named '{}' already exists", account.name),
                ));
            }
            list.push(account);
            Ok(())
        })
    }

    /// Remove an account by name and answer it.
    pub fn remove(&self, name: &str) -> Result<Account> {
        self.update(|list| {
            let i = list
                .iter()
                .position(|a| a.name == name)
                .ok_or_else(|| not_found(name))?;
            Ok(list.remove(i))
        })
    }

    /// Change one account in place (rename, colour, endpoint…). A rename must keep names unique.
    pub fn modify(&self, name: &str, f: impl FnOnce(&mut Account)) -> Result<Account> {
        self.update(|list| {
            let i = list
                .iter()
                .position(|a| a.name == name)
                .ok_or_else(|| not_found(name))?;
            let mut changed = list[i].clone();
            f(&mut changed);
            validate_account_name(&changed.name)?;
            if changed.name != name && list.iter().any(|a| a.name == changed.name) {
                return Err(Error::invalid_field(
                    "name",
                    format!("an account named '{}' already exists", changed.name),
                ));
            }
            list[i] = changed.clone();
            Ok(changed)
        })
    }

    /// Put the accounts in the given order; names not listed keep their relative order at the end.
    pub fn reorder(&self, names: &[String]) -> Result<Vec<Account>> {
        self.update(|list| {
            let rank = |a: &Account| names.iter().position(|n| *n == a.name).unwrap_or(usize::MAX);
            list.sort_by_key(rank);
            Ok(list.clone())
        })
    }
}

fn not_found(name: &str) -> Error {
    Error::NotFound {
        account: None,
        message: format!("no account named '{name}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fleetdeck_core::ProviderKind;

    fn account(name: &str) -> Account {
        Account {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.into(),
            provider: ProviderKind::Cloudzy,
            endpoint: None,
            username: None,
            color: None,
            lxd: None,
            sandbox: false,
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn insert_find_rename_reorder_remove() {
        let dir = tempfile::tempdir().unwrap();
        let list = AccountList::new(DataDir::new(dir.path()));
        assert!(list.load().unwrap().is_empty());
        list.insert(account("a")).unwrap();
        list.insert(account("b")).unwrap();
        list.insert(account("c")).unwrap();
        assert_eq!(
            list.insert(account("b")).unwrap_err().code(),
            fleetdeck_core::ErrorCode::InvalidInput
        );
        assert!(list.insert(account("bad name")).is_err());
        let id = list.find("b").unwrap().id;
        list.modify("b", |a| a.name = "bee".into()).unwrap();
        assert_eq!(list.find("bee").unwrap().id, id, "renames keep the id");
        assert!(
            list.modify("bee", |a| a.name = "a".into()).is_err(),
            "names stay unique"
        );
        let order: Vec<String> = list
            .reorder(&["c".into(), "a".into()])
            .unwrap()
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(order, ["c", "a", "bee"]);
        list.remove("a").unwrap();
        assert_eq!(
            list.find("a").unwrap_err().code(),
            fleetdeck_core::ErrorCode::NotFound
        );
        assert_eq!(list.load().unwrap().len(), 2);
    }

    #[test]
    fn a_corrupt_list_is_kept_aside_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        std::fs::write(data.accounts_file(), b"{ not json").unwrap();
        let list = AccountList::new(data);
        assert!(list.load().unwrap().is_empty());
        let kept: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("accounts.json.corrupt-")
            })
            .collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(std::fs::read(kept[0].path()).unwrap(), b"{ not json");
    }

    #[test]
    fn a_corrupt_list_is_reported_with_where_it_went() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        std::fs::write(data.accounts_file(), b"{ not json").unwrap();
        let notices = Arc::new(Notices::default());
        let list = AccountList::with_notices(data, notices.clone());
        assert!(list.load().unwrap().is_empty());
        let all = notices.all();
        assert_eq!(all.len(), 1, "{all:?}");
        let aside = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .find(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("accounts.json.corrupt-")
            })
            .unwrap();
        assert!(all[0].contains(&aside.path().display().to_string()), "{}", all[0]);
    }

    #[test]
    fn an_id_that_could_be_a_path_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let list = AccountList::new(DataDir::new(dir.path()));
        let mut a = account("a");
        a.id = "../x".into();
        assert!(list.insert(a).is_err());
        assert!(list.load().unwrap().is_empty());
    }

    #[test]
    fn concurrent_writers_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let list = AccountList::new(data.clone());
                std::thread::spawn(move || list.insert(account(&format!("acc-{i}"))).unwrap())
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(AccountList::new(data).load().unwrap().len(), 8);
    }
}
