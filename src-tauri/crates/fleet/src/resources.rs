//! Commands for everything besides servers: snapshots, backups and their schedules, SSH keys,
//! floating IPs, ISOs and custom images, tags, billing, usage and provider events. Lists run over
//! several accounts at once and report failed accounts beside the items of the others.

use std::sync::Arc;

use futures::future::{join_all, BoxFuture};

use fleetdeck_core::capabilities::Capabilities;
use fleetdeck_core::error::AccountFailure;
use fleetdeck_core::provider::{BackupOptions, BackupPolicyRequest, FloatingIpFilter, UploadRequest};
use fleetdeck_core::{
    Account, AccountProfile, Backup, BackupPolicy, CreatedSshKey, Error, FloatingIp, Invoice, Provider,
    ProviderEvent, ProviderKind, Result, Snapshot, SshKey, Tag, Transaction, UploadKind, UploadedImage,
    UsageSeries,
};

use crate::keys::with_sha256_fingerprint;
use crate::views::{ActionResult, Listing};
use crate::Fleet;

/// Borrowed provider → future of a list; used by [`Fleet::across`].
type ListFn<'f, T> = dyn for<'a> Fn(&'a dyn Provider) -> BoxFuture<'a, Result<Vec<T>>> + Sync + 'f;

/// Which capability offers an operation: a path into [`Capabilities`].
type Flag = fn(&Capabilities) -> bool;

/// What an operation is addressed by.
#[derive(Clone, Copy)]
enum At<'a> {
    /// `ACCOUNT/ID` of the object (server, snapshot, key…).
    Object(&'a str),
    /// An account's name.
    Account(&'a str),
}

/// An operation the gate let through: the account, the id its address named (empty for an
/// account-wide operation) and the account's connected client. Only [`Fleet::offered`] makes one.
struct Offered {
    account: Account,
    id: String,
    provider: Arc<dyn Provider>,
}

impl Offered {
    /// The client of one group of the provider (`|p| p.snapshots()`). The capabilities already
    /// said the operation is offered, so a client without the group contradicts its own
    /// `capabilities()`: a provider bug, reported as such rather than as "unsupported".
    fn api<'s, A: ?Sized + 's>(
        &'s self,
        group: impl FnOnce(&'s dyn Provider) -> Option<&'s A>,
    ) -> Result<&'s A> {
        group(self.provider.as_ref()).ok_or_else(|| contradiction(self.account.provider))
    }
}

/// A provider whose client lacks a group its capabilities offer.
fn contradiction(provider: ProviderKind) -> Error {
    Error::internal(format!(
        "{provider} states an operation in its capabilities that its client does not implement"
    ))
}

/// [`Offered::api`] for a client borrowed in a listing.
fn group<A>(p: &dyn Provider, api: Option<A>) -> Result<A> {
    api.ok_or_else(|| contradiction(p.kind()))
}

impl Fleet {
    /// THE gate of every operation besides server actions (ARCHITECTURE.md "Providers"):
    /// [`Capabilities`] is the only authority on what is offered. The account's client is
    /// connected (a vz/LXD account's flavour is known after that, see [`Fleet::provider`]), and an
    /// operation its capabilities do not offer is the `unsupported` error here, before any
    /// request; the provider traits' default "unsupported" bodies are never reached for it.
    async fn offered(&self, at: At<'_>, offered: Flag, what: &str) -> Result<Offered> {
        let (account, id) = match at {
            At::Object(address) => self.resolve(address)?,
            At::Account(name) => (self.accounts.find(name)?, String::new()),
        };
        let provider = self.provider(&account).await?;
        if !offered(&provider.capabilities()) {
            return Err(Error::unsupported(account.provider, what));
        }
        Ok(Offered {
            account,
            id,
            provider,
        })
    }

    /// Run a list over the named accounts (all when empty), in parallel. Accounts whose provider does
    /// not offer `what` are skipped when no account was named, and refused when one was.
    async fn across<T: Send + ts_rs::TS>(
        &self,
        names: &[String],
        what: &str,
        offered: Flag,
        list: &ListFn<'_, T>,
    ) -> Result<Listing<T>> {
        let mut eligible = Vec::new();
        for account in self.select_accounts(names)? {
            if offered(&self.capabilities_of(&account).await) {
                eligible.push(account);
            } else if !names.is_empty() {
                return Err(Error::unsupported(account.provider, what));
            }
        }
        let results = join_all(eligible.iter().map(|account| async move {
            let provider = self.provider(account).await?;
            // The same gate once connected (what a vz/LXD client reports after detection).
            if !offered(&provider.capabilities()) {
                return Err(Error::unsupported(account.provider, what));
            }
            list(provider.as_ref()).await
        }))
        .await;
        let mut listing = Listing {
            items: Vec::new(),
            failures: Vec::new(),
        };
        for (account, result) in eligible.iter().zip(results) {
            match result {
                Ok(items) => listing.items.extend(items),
                Err(e) => listing.failures.push(AccountFailure {
                    account: account.name.clone(),
                    error: e.to_payload(),
                }),
            }
        }
        Ok(listing)
    }

    // ---- snapshots -------------------------------------------------------------------------

    /// Snapshots of the named accounts, or of one server (`ACCOUNT/SERVER_ID`).
    pub async fn snapshots(&self, names: &[String], server: Option<&str>) -> Result<Listing<Snapshot>> {
        if let Some(address) = server {
            let op = self
                .offered(At::Object(address), |c| c.snapshots.list, "snapshots")
                .await?;
            return Ok(Listing {
                items: op.api(|p| p.snapshots())?.list_snapshots(Some(&op.id)).await?,
                failures: Vec::new(),
            });
        }
        self.across(names, "snapshots", |c| c.snapshots.list, &|p| {
            Box::pin(async move { group(p, p.snapshots())?.list_snapshots(None).await })
        })
        .await
    }

    pub async fn create_snapshot(&self, server: &str, name: Option<&str>) -> Result<ActionResult> {
        let op = self
            .offered(At::Object(server), |c| c.snapshots.create, "snapshot creation")
            .await?;
        let outcome = op.api(|p| p.snapshots())?.create_snapshot(&op.id, name).await?;
        self.outcome_result(&op.account, outcome).await
    }

    pub async fn delete_snapshot(&self, snapshot: &str) -> Result<ActionResult> {
        let op = self
            .offered(At::Object(snapshot), |c| c.snapshots.delete, "snapshot deletion")
            .await?;
        let outcome = op.api(|p| p.snapshots())?.delete_snapshot(&op.id).await?;
        self.outcome_result(&op.account, outcome).await
    }

    /// Restore a snapshot in place; `server_id` where the provider needs to be told the server.
    pub async fn restore_snapshot(&self, snapshot: &str, server_id: Option<&str>) -> Result<ActionResult> {
        let op = self
            .offered(At::Object(snapshot), |c| c.snapshots.restore, "snapshot restore")
            .await?;
        let outcome = op
            .api(|p| p.snapshots())?
            .restore_snapshot(&op.id, server_id)
            .await?;
        self.outcome_result(&op.account, outcome).await
    }

    pub async fn rename_snapshot(&self, snapshot: &str, name: &str) -> Result<ActionResult> {
        let op = self
            .offered(At::Object(snapshot), |c| c.snapshots.rename, "snapshot rename")
            .await?;
        let outcome = op.api(|p| p.snapshots())?.rename_snapshot(&op.id, name).await?;
        self.outcome_result(&op.account, outcome).await
    }

    // ---- backups -------------------------------------------------------------------------

    pub async fn backups(&self, names: &[String], server: Option<&str>) -> Result<Listing<Backup>> {
        if let Some(address) = server {
            let op = self
                .offered(At::Object(address), |c| c.backups.list, "backups")
                .await?;
            return Ok(Listing {
                items: op.api(|p| p.backups())?.list_backups(Some(&op.id)).await?,
                failures: Vec::new(),
            });
        }
        self.across(names, "backups", |c| c.backups.list, &|p| {
            Box::pin(async move { group(p, p.backups())?.list_backups(None).await })
        })
        .await
    }

    /// Back up `server` (`ACCOUNT/SERVER_ID`) with these options (name, expiry, snapshots left out,
    /// storage format, compression); the provider checks and sends them (provider-lxd `backup_body`).
    pub async fn create_backup(&self, server: &str, options: &BackupOptions) -> Result<ActionResult> {
        let op = self
            .offered(At::Object(server), |c| c.backups.create, "backup creation")
            .await?;
        let outcome = op.api(|p| p.backups())?.create_backup(&op.id, options).await?;
        self.outcome_result(&op.account, outcome).await
    }

    pub async fn delete_backup(&self, backup: &str) -> Result<ActionResult> {
        let op = self
            .offered(At::Object(backup), |c| c.backups.delete, "backup deletion")
            .await?;
        let outcome = op.api(|p| p.backups())?.delete_backup(&op.id).await?;
        self.outcome_result(&op.account, outcome).await
    }

    pub async fn backup_policies(&self, names: &[String]) -> Result<Listing<BackupPolicy>> {
        self.across(names, "backup schedules", |c| c.backups.policies, &|p| {
            Box::pin(async move { group(p, p.backups())?.list_backup_policies().await })
        })
        .await
    }

    pub async fn backup_policy(&self, server: &str) -> Result<BackupPolicy> {
        let op = self
            .offered(At::Object(server), |c| c.backups.policies, "backup schedules")
            .await?;
        op.api(|p| p.backups())?.get_backup_policy(&op.id).await
    }

    /// Create (`replace == false`) or update the backup schedule of `ACCOUNT/SERVER_ID`.
    pub async fn set_backup_policy(
        &self,
        server: &str,
        mut req: BackupPolicyRequest,
        replace: bool,
    ) -> Result<ActionResult> {
        let op = self
            .offered(At::Object(server), |c| c.backups.policies, "backup schedules")
            .await?;
        req.server_id = op.id.clone();
        let outcome = op.api(|p| p.backups())?.set_backup_policy(&req, replace).await?;
        self.outcome_result(&op.account, outcome).await
    }

    pub async fn delete_backup_policy(&self, server: &str) -> Result<ActionResult> {
        let op = self
            .offered(At::Object(server), |c| c.backups.policies, "backup schedules")
            .await?;
        let outcome = op.api(|p| p.backups())?.delete_backup_policy(&op.id).await?;
        self.outcome_result(&op.account, outcome).await
    }

    // ---- SSH keys ------------------------------------------------------------------------

    pub async fn ssh_keys(&self, names: &[String]) -> Result<Listing<SshKey>> {
        self.across(names, "SSH keys", |c| c.ssh_keys.list, &|p| {
            Box::pin(async move {
                let keys = group(p, p.ssh_keys())?.list_ssh_keys().await?;
                Ok(keys.into_iter().map(with_sha256_fingerprint).collect())
            })
        })
        .await
    }

    pub async fn ssh_key(&self, address: &str) -> Result<SshKey> {
        let op = self
            .offered(At::Object(address), |c| c.ssh_keys.get, "SSH keys")
            .await?;
        let key = op.api(|p| p.ssh_keys())?.get_ssh_key(&op.id).await?;
        Ok(with_sha256_fingerprint(key))
    }

    /// Add a public key, or (without one, where offered) have the provider generate a pair: the
    /// private key is in the answer, once.
    pub async fn add_ssh_key(
        &self,
        account_name: &str,
        name: &str,
        public_key: Option<&str>,
    ) -> Result<CreatedSshKey> {
        if let Some(k) = public_key {
            validate_public_key(k)?;
        }
        let op = self
            .offered(
                At::Account(account_name),
                |c| c.ssh_keys.create,
                "adding SSH keys",
            )
            .await?;
        if public_key.is_none() && !op.provider.capabilities().ssh_keys.generate {
            return Err(Error::invalid_field(
                "publicKey",
                format!(
                    "{} cannot generate key pairs: give a public key",
                    op.account.provider
                ),
            ));
        }
        let mut created = op.api(|p| p.ssh_keys())?.create_ssh_key(name, public_key).await?;
        created.key = with_sha256_fingerprint(created.key);
        Ok(created)
    }

    pub async fn rename_ssh_key(&self, address: &str, name: &str) -> Result<SshKey> {
        let op = self
            .offered(At::Object(address), |c| c.ssh_keys.rename, "SSH key rename")
            .await?;
        let key = op.api(|p| p.ssh_keys())?.rename_ssh_key(&op.id, name).await?;
        Ok(with_sha256_fingerprint(key))
    }

    pub async fn delete_ssh_key(&self, address: &str) -> Result<()> {
        let op = self
            .offered(At::Object(address), |c| c.ssh_keys.delete, "SSH key deletion")
            .await?;
        op.api(|p| p.ssh_keys())?.delete_ssh_key(&op.id).await
    }

    // ---- floating IPs ----------------------------------------------------------------------

    pub async fn floating_ips(
        &self,
        names: &[String],
        filter: FloatingIpFilter,
    ) -> Result<Listing<FloatingIp>> {
        self.across(names, "floating IPs", |c| c.floating_ips.list, &move |p| {
            let filter = filter.clone();
            Box::pin(async move { group(p, p.floating_ips())?.list_floating_ips(&filter).await })
        })
        .await
    }

    /// Allocate `count` floating IPs, no more than one request of the provider takes
    /// (`floatingIps.maxPerRequest`).
    pub async fn allocate_floating_ips(
        &self,
        account_name: &str,
        region: &str,
        count: u32,
    ) -> Result<ActionResult> {
        let op = self
            .offered(
                At::Account(account_name),
                |c| c.floating_ips.allocate,
                "floating IPs",
            )
            .await?;
        op.provider
            .capabilities()
            .check_floating_ip_count("count", count)?;
        let outcome = op
            .api(|p| p.floating_ips())?
            .allocate_floating_ips(region, count)
            .await?;
        self.outcome_result(&op.account, outcome).await
    }

    pub async fn update_floating_ip(
        &self,
        address: &str,
        auto_renew: Option<bool>,
        note: Option<&str>,
    ) -> Result<()> {
        let op = self
            .offered(
                At::Object(address),
                |c| c.floating_ips.update,
                "floating IP update",
            )
            .await?;
        op.api(|p| p.floating_ips())?
            .update_floating_ip(&op.id, auto_renew, note)
            .await
    }

    pub async fn release_floating_ip(&self, address: &str) -> Result<ActionResult> {
        let op = self
            .offered(
                At::Object(address),
                |c| c.floating_ips.release,
                "floating IP release",
            )
            .await?;
        let outcome = op.api(|p| p.floating_ips())?.release_floating_ip(&op.id).await?;
        self.outcome_result(&op.account, outcome).await
    }

    // ---- ISOs and custom images ------------------------------------------------------------

    pub async fn uploads(&self, names: &[String], kind: UploadKind) -> Result<Listing<UploadedImage>> {
        let offered: Flag = match kind {
            UploadKind::Iso => |c| c.isos.list,
            UploadKind::DiskImage => |c| c.custom_images.list,
        };
        let what = upload_noun(kind);
        self.across(names, what, offered, &move |p| {
            Box::pin(async move { group(p, p.uploads())?.list_uploads(kind).await })
        })
        .await
    }

    pub async fn upload(&self, address: &str, kind: UploadKind) -> Result<UploadedImage> {
        let offered: Flag = match kind {
            UploadKind::Iso => |c| c.isos.get,
            UploadKind::DiskImage => |c| c.custom_images.get,
        };
        let op = self
            .offered(At::Object(address), offered, upload_noun(kind))
            .await?;
        op.api(|p| p.uploads())?.get_upload(kind, &op.id).await
    }

    /// Have the provider download an ISO or a disk image from a URL (tracked as a job).
    pub async fn download_upload(&self, account_name: &str, req: UploadRequest) -> Result<ActionResult> {
        let offered: Flag = match req.kind {
            UploadKind::Iso => |c| c.isos.download,
            UploadKind::DiskImage => |c| c.custom_images.download,
        };
        let op = self
            .offered(At::Account(account_name), offered, upload_noun(req.kind))
            .await?;
        let url = url::Url::parse(&req.url)
            .map_err(|e| Error::invalid_field("url", format!("not a valid URL: {e}")))?;
        if url.scheme() != "https" && url.scheme() != "http" {
            return Err(Error::invalid_field(
                "url",
                "the provider downloads over http or https only",
            ));
        }
        let outcome = op.api(|p| p.uploads())?.download_upload(&req).await?;
        self.outcome_result(&op.account, outcome).await
    }

    pub async fn delete_upload(&self, address: &str, kind: UploadKind) -> Result<ActionResult> {
        let offered: Flag = match kind {
            UploadKind::Iso => |c| c.isos.delete,
            UploadKind::DiskImage => |c| c.custom_images.delete,
        };
        let op = self
            .offered(At::Object(address), offered, upload_noun(kind))
            .await?;
        let outcome = op.api(|p| p.uploads())?.delete_upload(kind, &op.id).await?;
        self.outcome_result(&op.account, outcome).await
    }

    // ---- tags --------------------------------------------------------------------------------

    pub async fn tags(&self, names: &[String]) -> Result<Listing<Tag>> {
        self.across(names, "tags", |c| c.tags.list, &|p| {
            Box::pin(async move { group(p, p.tags())?.list_tags().await })
        })
        .await
    }

    /// Add tags to servers of one account (server ids, not addresses).
    pub async fn tag_servers(
        &self,
        account_name: &str,
        tags: &[String],
        server_ids: &[String],
    ) -> Result<()> {
        let op = self
            .offered(At::Account(account_name), |c| c.tags.create, "tags")
            .await?;
        if tags.is_empty() || server_ids.is_empty() {
            return Err(Error::invalid_input("give at least one tag and one server"));
        }
        op.api(|p| p.tags())?.tag_servers(tags, server_ids).await
    }

    pub async fn set_server_tags(&self, server: &str, tags: &[String]) -> Result<()> {
        let op = self
            .offered(At::Object(server), |c| c.tags.update, "tags")
            .await?;
        op.api(|p| p.tags())?.set_server_tags(&op.id, tags).await
    }

    pub async fn delete_tag(&self, account_name: &str, tag: &str) -> Result<()> {
        let op = self
            .offered(At::Account(account_name), |c| c.tags.delete, "tags")
            .await?;
        op.api(|p| p.tags())?.delete_tag(tag).await
    }

    // ---- billing, usage, events --------------------------------------------------------------

    /// The account's profile: the billing profile where the provider has one, else what the
    /// credential check answers (every provider has that).
    pub async fn profile(&self, account_name: &str) -> Result<AccountProfile> {
        let (_, provider) = self.connected(account_name).await?;
        match provider
            .billing()
            .filter(|_| provider.capabilities().billing.profile)
        {
            Some(api) => api.profile().await,
            None => provider.check().await,
        }
    }

    pub async fn invoices(&self, names: &[String]) -> Result<Listing<Invoice>> {
        self.across(names, "invoices", |c| c.billing.invoices, &|p| {
            // The document links stay in Rust (billing.rs `without_document_links`).
            Box::pin(async move {
                let invoices = group(p, p.billing())?.list_invoices().await?;
                Ok(crate::billing::without_document_links(invoices))
            })
        })
        .await
    }

    pub async fn transactions(&self, names: &[String]) -> Result<Listing<Transaction>> {
        self.across(names, "transactions", |c| c.billing.transactions, &|p| {
            Box::pin(async move { group(p, p.billing())?.list_transactions().await })
        })
        .await
    }

    /// A server's traffic time series (`usage.traffic`).
    pub async fn usage(&self, server: &str) -> Result<Vec<UsageSeries>> {
        let op = self
            .offered(At::Object(server), |c| c.usage.traffic, "usage")
            .await?;
        op.api(|p| p.usage())?.usage(&op.id).await
    }

    pub async fn events(&self, names: &[String]) -> Result<Listing<ProviderEvent>> {
        self.across(names, "events", |c| c.events.list, &|p| {
            Box::pin(async move { group(p, p.events())?.list_events().await })
        })
        .await
    }

    pub async fn event(&self, address: &str) -> Result<ProviderEvent> {
        let op = self
            .offered(At::Object(address), |c| c.events.get, "events")
            .await?;
        op.api(|p| p.events())?.get_event(&op.id).await
    }
}

fn upload_noun(kind: UploadKind) -> &'static str {
    match kind {
        UploadKind::Iso => "ISOs",
        UploadKind::DiskImage => "custom images",
    }
}

/// A public key line as `ssh-keygen` writes it: `<type> <base64> [comment]`.
pub fn validate_public_key(key: &str) -> Result<()> {
    let mut parts = key.split_whitespace();
    let kind = parts.next().unwrap_or("");
    let body = parts.next().unwrap_or("");
    let known = kind.starts_with("ssh-") || kind.starts_with("ecdsa-") || kind.starts_with("sk-");
    let b64 = !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='));
    if !known || !b64 {
        return Err(Error::invalid_field(
            "publicKey",
            "this is not an OpenSSH public key (expected a line like 'ssh-ed25519 AAAA… comment')",
        ));
    }
    if key.contains("PRIVATE KEY") {
        return Err(Error::invalid_field(
            "publicKey",
            "this is a private key: give the public key (.pub)",
        ));
    }
    Ok(())
}
