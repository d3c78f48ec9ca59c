//! Local tags on servers of any provider (`fleetdeck_store::local_tags`): kept in the data
//! directory, shared by the app and the CLI, never sent to a provider. Servers are addressed as
//! `ACCOUNT/SERVER_ID`; the store keys them by the account's id, so a rename keeps them.
//!
//! The unified server listings ([`Fleet::refresh_servers`], [`Fleet::cached_servers`],
//! [`Fleet::server`]) carry them in `Server::local_tags`, beside the provider's own `tags`: a filter
//! matches either list, and the UI marks the local ones.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use fleetdeck_core::{Account, Result, Server};
use fleetdeck_store::LocalTags;

use crate::Fleet;

/// The local tags of one server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ServerLocalTags {
    pub account: String,
    pub server_id: String,
    /// Sorted, each once.
    pub tags: Vec<String>,
}

impl Fleet {
    fn local_tag_store(&self) -> LocalTags {
        LocalTags::with_notices(self.data.clone(), self.notices.clone())
    }

    /// Every server with local tags, of the named accounts (all when empty), in account order.
    pub fn local_tags(&self, names: &[String]) -> Result<Vec<ServerLocalTags>> {
        let accounts = self.select_accounts(names)?;
        let mut all = self.local_tag_store().load()?;
        let mut out = Vec::new();
        for account in accounts {
            for (server_id, tags) in all.remove(&account.id).unwrap_or_default() {
                out.push(ServerLocalTags {
                    account: account.name.clone(),
                    server_id,
                    tags: tags.into_iter().collect(),
                });
            }
        }
        Ok(out)
    }

    /// Add tags to servers (`ACCOUNT/SERVER_ID`, any accounts). Every address is checked first.
    pub fn add_local_tags(&self, servers: &[String], tags: &[String]) -> Result<()> {
        let store = self.local_tag_store();
        for (account, ids) in self.by_account(servers)? {
            store.add(&account.id, &ids, tags)?;
        }
        Ok(())
    }

    /// Remove tags from servers (`ACCOUNT/SERVER_ID`, any accounts).
    pub fn remove_local_tags(&self, servers: &[String], tags: &[String]) -> Result<()> {
        let store = self.local_tag_store();
        for (account, ids) in self.by_account(servers)? {
            store.remove(&account.id, &ids, tags)?;
        }
        Ok(())
    }

    /// Replace the local tags of one server (none: it has none any more).
    pub fn set_local_tags(&self, server: &str, tags: &[String]) -> Result<()> {
        let (account, id) = self.resolve(server)?;
        self.local_tag_store().set(&account.id, &id, tags)
    }

    /// Addresses grouped by account, every one resolved before anything is changed.
    fn by_account(&self, servers: &[String]) -> Result<Vec<(Account, Vec<String>)>> {
        if servers.is_empty() {
            return Err(fleetdeck_core::Error::invalid_field(
                "server",
                "give at least one server (ACCOUNT/SERVER_ID)",
            ));
        }
        let mut grouped: Vec<(Account, Vec<String>)> = Vec::new();
        for address in servers {
            let (account, id) = self.resolve(address)?;
            match grouped.iter_mut().find(|(a, _)| a.id == account.id) {
                Some((_, ids)) => ids.push(id),
                None => grouped.push((account, vec![id])),
            }
        }
        Ok(grouped)
    }

    /// Fill `local_tags` of listed servers from the store. A store that cannot be read leaves
    /// them empty with a warning: the listing itself must not fail for it.
    pub(crate) fn with_local_tags(&self, servers: &mut [Server]) {
        if servers.is_empty() {
            return;
        }
        let (accounts, all) = match (self.accounts.load(), self.local_tag_store().load()) {
            (Ok(accounts), Ok(all)) => (accounts, all),
            (Err(e), _) | (_, Err(e)) => {
                self.events.emit(crate::FleetEvent::Warning {
                    message: format!("local tags could not be read: {e}"),
                });
                return;
            }
        };
        let ids: BTreeMap<&str, &str> = accounts
            .iter()
            .map(|a| (a.name.as_str(), a.id.as_str()))
            .collect();
        for s in servers {
            s.local_tags = ids
                .get(s.account.as_str())
                .and_then(|id| all.get(*id))
                .and_then(|per_server| per_server.get(&s.id))
                .map(|tags| tags.iter().cloned().collect())
                .unwrap_or_default();
        }
    }

    /// Forget an account's local tags (the account was removed).
    pub(crate) fn forget_local_tags(&self, account_id: &str) -> Result<()> {
        self.local_tag_store().forget_account(account_id)
    }
}
