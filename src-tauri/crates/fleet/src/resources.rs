//! Commands for everything besides servers: snapshots, backups and their schedules, SSH keys,
//! floating IPs, ISOs and custom images, tags, billing, usage and provider events. Lists run over
//! several accounts at once and report failed accounts beside the items of the others.

use futures::future::{join_all, BoxFuture};

use fleetdeck_core::capabilities::Capabilities;
use fleetdeck_core::error::AccountFailure;
use fleetdeck_core::provider::{BackupPolicyRequest, FloatingIpFilter, UploadRequest};
use fleetdeck_core::{
    AccountProfile, Backup, BackupPolicy, CreatedSshKey, Error, FloatingIp, Invoice, Provider, ProviderEvent,
    Result, Snapshot, SshKey, Tag, Transaction, UploadKind, UploadedImage, UsageSeries,
};

use crate::views::{ActionResult, Listing};
use crate::Fleet;

/// Borrowed provider → future of a list; used by [`Fleet::across`].
type ListFn<'f, T> = dyn for<'a> Fn(&'a dyn Provider) -> BoxFuture<'a, Result<Vec<T>>> + Sync + 'f;

fn unsupported(provider: &dyn Provider, what: &str) -> Error {
    Error::unsupported(provider.kind(), what)
}

impl Fleet {
    /// Run a list over the named accounts (all when empty), in parallel. Accounts whose provider does
    /// not offer `what` are skipped when no account was named, and refused when one was.
    async fn across<T: Send + ts_rs::TS>(
        &self,
        names: &[String],
        what: &str,
        offered: fn(&Capabilities) -> bool,
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
            let (account, id) = self.resolve(address)?;
            let provider = self.provider(&account).await?;
            let api = provider
                .snapshots()
                .ok_or_else(|| unsupported(provider.as_ref(), "snapshots"))?;
            return Ok(Listing {
                items: api.list_snapshots(Some(&id)).await?,
                failures: Vec::new(),
            });
        }
        self.across(names, "snapshots", |c| c.snapshots.list, &|p| {
            Box::pin(async move {
                let api = p.snapshots().ok_or_else(|| unsupported(p, "snapshots"))?;
                api.list_snapshots(None).await
            })
        })
        .await
    }

    pub async fn create_snapshot(&self, server: &str, name: Option<&str>) -> Result<ActionResult> {
        let (account, id) = self.resolve(server)?;
        let provider = self.provider(&account).await?;
        let api = provider
            .snapshots()
            .filter(|_| provider.capabilities().snapshots.create);
        let api = api.ok_or_else(|| unsupported(provider.as_ref(), "snapshot creation"))?;
        let outcome = api.create_snapshot(&id, name).await?;
        self.outcome_result(&account, outcome).await
    }

    pub async fn delete_snapshot(&self, snapshot: &str) -> Result<ActionResult> {
        let (account, id) = self.resolve(snapshot)?;
        let provider = self.provider(&account).await?;
        let api = provider
            .snapshots()
            .filter(|_| provider.capabilities().snapshots.delete);
        let api = api.ok_or_else(|| unsupported(provider.as_ref(), "snapshot deletion"))?;
        let outcome = api.delete_snapshot(&id).await?;
        self.outcome_result(&account, outcome).await
    }

    /// Restore a snapshot in place; `server_id` where the provider needs to be told the server.
    pub async fn restore_snapshot(&self, snapshot: &str, server_id: Option<&str>) -> Result<ActionResult> {
        let (account, id) = self.resolve(snapshot)?;
        let provider = self.provider(&account).await?;
        let api = provider
            .snapshots()
            .filter(|_| provider.capabilities().snapshots.restore);
        let api = api.ok_or_else(|| unsupported(provider.as_ref(), "snapshot restore"))?;
        let outcome = api.restore_snapshot(&id, server_id).await?;
        self.outcome_result(&account, outcome).await
    }

    pub async fn rename_snapshot(&self, snapshot: &str, name: &str) -> Result<ActionResult> {
        let (account, id) = self.resolve(snapshot)?;
        let provider = self.provider(&account).await?;
        let api = provider
            .snapshots()
            .filter(|_| provider.capabilities().snapshots.rename);
        let api = api.ok_or_else(|| unsupported(provider.as_ref(), "snapshot rename"))?;
        let outcome = api.rename_snapshot(&id, name).await?;
        self.outcome_result(&account, outcome).await
    }

    // ---- backups -------------------------------------------------------------------------

    pub async fn backups(&self, names: &[String], server: Option<&str>) -> Result<Listing<Backup>> {
        if let Some(address) = server {
            let (account, id) = self.resolve(address)?;
            let provider = self.provider(&account).await?;
            let api = provider
                .backups()
                .ok_or_else(|| unsupported(provider.as_ref(), "backups"))?;
            return Ok(Listing {
                items: api.list_backups(Some(&id)).await?,
                failures: Vec::new(),
            });
        }
        self.across(names, "backups", |c| c.backups.list, &|p| {
            Box::pin(async move {
                p.backups()
                    .ok_or_else(|| unsupported(p, "backups"))?
                    .list_backups(None)
                    .await
            })
        })
        .await
    }

    pub async fn create_backup(&self, server: &str, name: Option<&str>) -> Result<ActionResult> {
        let (account, id) = self.resolve(server)?;
        let provider = self.provider(&account).await?;
        let api = provider
            .backups()
            .filter(|_| provider.capabilities().backups.create);
        let outcome = api
            .ok_or_else(|| unsupported(provider.as_ref(), "backup creation"))?
            .create_backup(&id, name)
            .await?;
        self.outcome_result(&account, outcome).await
    }

    pub async fn delete_backup(&self, backup: &str) -> Result<ActionResult> {
        let (account, id) = self.resolve(backup)?;
        let provider = self.provider(&account).await?;
        let api = provider
            .backups()
            .filter(|_| provider.capabilities().backups.delete);
        let outcome = api
            .ok_or_else(|| unsupported(provider.as_ref(), "backup deletion"))?
            .delete_backup(&id)
            .await?;
        self.outcome_result(&account, outcome).await
    }

    pub async fn backup_policies(&self, names: &[String]) -> Result<Listing<BackupPolicy>> {
        self.across(names, "backup schedules", |c| c.backups.policies, &|p| {
            Box::pin(async move {
                p.backups()
                    .ok_or_else(|| unsupported(p, "backup schedules"))?
                    .list_backup_policies()
                    .await
            })
        })
        .await
    }

    pub async fn backup_policy(&self, server: &str) -> Result<BackupPolicy> {
        let (_, id) = self.resolve(server)?;
        let provider = self.policies_provider(server).await?;
        provider
            .backups()
            .ok_or_else(|| unsupported(provider.as_ref(), "backup schedules"))?
            .get_backup_policy(&id)
            .await
    }

    /// Create (`replace == false`) or update the backup schedule of `ACCOUNT/SERVER_ID`.
    pub async fn set_backup_policy(
        &self,
        server: &str,
        mut req: BackupPolicyRequest,
        replace: bool,
    ) -> Result<ActionResult> {
        let (account, id) = self.resolve(server)?;
        req.server_id = id;
        let provider = self.policies_provider(server).await?;
        let api = provider
            .backups()
            .ok_or_else(|| unsupported(provider.as_ref(), "backup schedules"))?;
        let outcome = api.set_backup_policy(&req, replace).await?;
        self.outcome_result(&account, outcome).await
    }

    pub async fn delete_backup_policy(&self, server: &str) -> Result<ActionResult> {
        let (account, id) = self.resolve(server)?;
        let provider = self.policies_provider(server).await?;
        let api = provider
            .backups()
            .ok_or_else(|| unsupported(provider.as_ref(), "backup schedules"))?;
        let outcome = api.delete_backup_policy(&id).await?;
        self.outcome_result(&account, outcome).await
    }

    async fn policies_provider(&self, address: &str) -> Result<std::sync::Arc<dyn Provider>> {
        let (account, _) = self.resolve(address)?;
        let provider = self.provider(&account).await?;
        if !provider.capabilities().backups.policies {
            return Err(unsupported(provider.as_ref(), "backup schedules"));
        }
        Ok(provider)
    }

    // ---- SSH keys ------------------------------------------------------------------------

    pub async fn ssh_keys(&self, names: &[String]) -> Result<Listing<SshKey>> {
        self.across(names, "SSH keys", |c| c.ssh_keys.list, &|p| {
            Box::pin(async move {
                p.ssh_keys()
                    .ok_or_else(|| unsupported(p, "SSH keys"))?
                    .list_ssh_keys()
                    .await
            })
        })
        .await
    }

    pub async fn ssh_key(&self, address: &str) -> Result<SshKey> {
        let (account, id) = self.resolve(address)?;
        let provider = self.provider(&account).await?;
        provider
            .ssh_keys()
            .ok_or_else(|| unsupported(provider.as_ref(), "SSH keys"))?
            .get_ssh_key(&id)
            .await
    }

    /// Add a public key, or (without one, where offered) have the provider generate a pair: the
    /// private key is in the answer, once.
    pub async fn add_ssh_key(
        &self,
        account_name: &str,
        name: &str,
        public_key: Option<&str>,
    ) -> Result<CreatedSshKey> {
        let (account, provider) = self.connected(account_name).await?;
        let caps = provider.capabilities();
        if public_key.is_none() && !caps.ssh_keys.generate {
            return Err(Error::invalid_field(
                "publicKey",
                format!(
                    "{} cannot generate key pairs: give a public key",
                    account.provider
                ),
            ));
        }
        if let Some(k) = public_key {
            validate_public_key(k)?;
        }
        let api = provider.ssh_keys().filter(|_| caps.ssh_keys.create);
        api.ok_or_else(|| unsupported(provider.as_ref(), "adding SSH keys"))?
            .create_ssh_key(name, public_key)
            .await
    }

    pub async fn rename_ssh_key(&self, address: &str, name: &str) -> Result<SshKey> {
        let (account, id) = self.resolve(address)?;
        let provider = self.provider(&account).await?;
        let api = provider
            .ssh_keys()
            .filter(|_| provider.capabilities().ssh_keys.rename);
        api.ok_or_else(|| unsupported(provider.as_ref(), "SSH key rename"))?
            .rename_ssh_key(&id, name)
            .await
    }

    pub async fn delete_ssh_key(&self, address: &str) -> Result<()> {
        let (account, id) = self.resolve(address)?;
        let provider = self.provider(&account).await?;
        let api = provider
            .ssh_keys()
            .filter(|_| provider.capabilities().ssh_keys.delete);
        api.ok_or_else(|| unsupported(provider.as_ref(), "SSH key deletion"))?
            .delete_ssh_key(&id)
            .await
    }

    // ---- floating IPs ----------------------------------------------------------------------

    pub async fn floating_ips(
        &self,
        names: &[String],
        filter: FloatingIpFilter,
    ) -> Result<Listing<FloatingIp>> {
        self.across(names, "floating IPs", |c| c.floating_ips.list, &move |p| {
            let filter = filter.clone();
            Box::pin(async move {
                p.floating_ips()
                    .ok_or_else(|| unsupported(p, "floating IPs"))?
                    .list_floating_ips(&filter)
                    .await
            })
        })
        .await
    }

    pub async fn allocate_floating_ips(
        &self,
        account_name: &str,
        region: &str,
        count: u32,
    ) -> Result<ActionResult> {
        let (account, provider) = self.connected(account_name).await?;
        if count == 0 || count > 5 {
            return Err(Error::invalid_field(
                "count",
                "allocate between 1 and 5 floating IPs at a time",
            ));
        }
        let api = provider
            .floating_ips()
            .filter(|_| provider.capabilities().floating_ips.allocate);
        let outcome = api
            .ok_or_else(|| unsupported(provider.as_ref(), "floating IPs"))?
            .allocate_floating_ips(region, count)
            .await?;
        self.outcome_result(&account, outcome).await
    }

    pub async fn update_floating_ip(
        &self,
        address: &str,
        auto_renew: Option<bool>,
        note: Option<&str>,
    ) -> Result<()> {
        let (account, id) = self.resolve(address)?;
        let provider = self.provider(&account).await?;
        let api = provider
            .floating_ips()
            .filter(|_| provider.capabilities().floating_ips.update);
        api.ok_or_else(|| unsupported(provider.as_ref(), "floating IP update"))?
            .update_floating_ip(&id, auto_renew, note)
            .await
    }

    pub async fn release_floating_ip(&self, address: &str) -> Result<ActionResult> {
        let (account, id) = self.resolve(address)?;
        let provider = self.provider(&account).await?;
        let api = provider
            .floating_ips()
            .filter(|_| provider.capabilities().floating_ips.release);
        let outcome = api
            .ok_or_else(|| unsupported(provider.as_ref(), "floating IP release"))?
            .release_floating_ip(&id)
            .await?;
        self.outcome_result(&account, outcome).await
    }

    // ---- ISOs and custom images ------------------------------------------------------------

    pub async fn uploads(&self, names: &[String], kind: UploadKind) -> Result<Listing<UploadedImage>> {
        let (what, offered): (&str, fn(&Capabilities) -> bool) = match kind {
            UploadKind::Iso => ("ISOs", |c| c.isos.list),
            UploadKind::DiskImage => ("custom images", |c| c.custom_images.list),
        };
        self.across(names, what, offered, &move |p| {
            Box::pin(async move {
                p.uploads()
                    .ok_or_else(|| unsupported(p, what))?
                    .list_uploads(kind)
                    .await
            })
        })
        .await
    }

    pub async fn upload(&self, address: &str, kind: UploadKind) -> Result<UploadedImage> {
        let (account, id) = self.resolve(address)?;
        let provider = self.provider(&account).await?;
        provider
            .uploads()
            .ok_or_else(|| unsupported(provider.as_ref(), upload_noun(kind)))?
            .get_upload(kind, &id)
            .await
    }

    /// Have the provider download an ISO or a disk image from a URL (tracked as a job).
    pub async fn download_upload(&self, account_name: &str, req: UploadRequest) -> Result<ActionResult> {
        let (account, provider) = self.connected(account_name).await?;
        let caps = provider.capabilities();
        let offered = match req.kind {
            UploadKind::Iso => caps.isos.download,
            UploadKind::DiskImage => caps.custom_images.download,
        };
        if !offered {
            return Err(unsupported(provider.as_ref(), upload_noun(req.kind)));
        }
        let url = url::Url::parse(&req.url)
            .map_err(|e| Error::invalid_field("url", format!("not a valid URL: {e}")))?;
        if url.scheme() != "https" && url.scheme() != "http" {
            return Err(Error::invalid_field(
                "url",
                "the provider downloads over http or https only",
            ));
        }
        let api = provider
            .uploads()
            .ok_or_else(|| unsupported(provider.as_ref(), upload_noun(req.kind)))?;
        let outcome = api.download_upload(&req).await?;
        self.outcome_result(&account, outcome).await
    }

    pub async fn delete_upload(&self, address: &str, kind: UploadKind) -> Result<ActionResult> {
        let (account, id) = self.resolve(address)?;
        let provider = self.provider(&account).await?;
        let api = provider
            .uploads()
            .ok_or_else(|| unsupported(provider.as_ref(), upload_noun(kind)))?;
        let outcome = api.delete_upload(kind, &id).await?;
        self.outcome_result(&account, outcome).await
    }

    // ---- tags --------------------------------------------------------------------------------

    pub async fn tags(&self, names: &[String]) -> Result<Listing<Tag>> {
        self.across(names, "tags", |c| c.tags.list, &|p| {
            Box::pin(async move { p.tags().ok_or_else(|| unsupported(p, "tags"))?.list_tags().await })
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
        let (_, provider) = self.connected(account_name).await?;
        if tags.is_empty() || server_ids.is_empty() {
            return Err(Error::invalid_input("give at least one tag and one server"));
        }
        let api = provider.tags().filter(|_| provider.capabilities().tags.create);
        api.ok_or_else(|| unsupported(provider.as_ref(), "tags"))?
            .tag_servers(tags, server_ids)
            .await
    }

    pub async fn set_server_tags(&self, server: &str, tags: &[String]) -> Result<()> {
        let (account, id) = self.resolve(server)?;
        let provider = self.provider(&account).await?;
        let api = provider.tags().filter(|_| provider.capabilities().tags.update);
        api.ok_or_else(|| unsupported(provider.as_ref(), "tags"))?
            .set_server_tags(&id, tags)
            .await
    }

    pub async fn delete_tag(&self, account_name: &str, tag: &str) -> Result<()> {
        let (_, provider) = self.connected(account_name).await?;
        let api = provider.tags().filter(|_| provider.capabilities().tags.delete);
        api.ok_or_else(|| unsupported(provider.as_ref(), "tags"))?
            .delete_tag(tag)
            .await
    }

    // ---- billing, usage, events --------------------------------------------------------------

    pub async fn profile(&self, account_name: &str) -> Result<AccountProfile> {
        let (_, provider) = self.connected(account_name).await?;
        match provider.billing() {
            Some(api) => api.profile().await,
            None => provider.check().await,
        }
    }

    pub async fn invoices(&self, names: &[String]) -> Result<Listing<Invoice>> {
        self.across(names, "invoices", |c| c.billing.invoices, &|p| {
            Box::pin(async move {
                p.billing()
                    .ok_or_else(|| unsupported(p, "invoices"))?
                    .list_invoices()
                    .await
            })
        })
        .await
    }

    pub async fn transactions(&self, names: &[String]) -> Result<Listing<Transaction>> {
        self.across(names, "transactions", |c| c.billing.transactions, &|p| {
            Box::pin(async move {
                p.billing()
                    .ok_or_else(|| unsupported(p, "transactions"))?
                    .list_transactions()
                    .await
            })
        })
        .await
    }

    pub async fn usage(&self, server: &str) -> Result<Vec<UsageSeries>> {
        let (account, id) = self.resolve(server)?;
        let provider = self.provider(&account).await?;
        provider
            .usage()
            .ok_or_else(|| unsupported(provider.as_ref(), "usage"))?
            .usage(&id)
            .await
    }

    pub async fn events(&self, names: &[String]) -> Result<Listing<ProviderEvent>> {
        self.across(names, "events", |c| c.events.list, &|p| {
            Box::pin(async move {
                p.events()
                    .ok_or_else(|| unsupported(p, "events"))?
                    .list_events()
                    .await
            })
        })
        .await
    }

    pub async fn event(&self, address: &str) -> Result<ProviderEvent> {
        let (account, id) = self.resolve(address)?;
        let provider = self.provider(&account).await?;
        provider
            .events()
            .ok_or_else(|| unsupported(provider.as_ref(), "events"))?
            .get_event(&id)
            .await
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
