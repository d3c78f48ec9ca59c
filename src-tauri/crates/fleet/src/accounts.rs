//! Account commands: add (with a credential check before anything is saved), list, change,
//! reorder, re-authenticate, check, remove.

use std::sync::Arc;

use secrecy::SecretString;

use fleetdeck_core::http::validate_endpoint;
use fleetdeck_core::names::validate_account_name;
use fleetdeck_core::{
    Account, AccountProfile, Error, LxdFlavour, MemoryVault, ProviderContext, ProviderKind, Result,
    SessionVault,
};
use fleetdeck_store::AccountSecrets;

use crate::views::{AccountChanges, AccountView, AddAccountRequest};
use crate::{credentials_for, flavour_unknown, set_flavour, Fleet};

/// A vz/LXD account still `Auto` takes the flavour its check detected (a chosen one is kept).
fn adopt_flavour(account: &mut Account, flavour: Option<LxdFlavour>) -> bool {
    match flavour {
        Some(f) if f != LxdFlavour::Auto && flavour_unknown(account) => {
            set_flavour(account, f);
            true
        }
        _ => false,
    }
}

impl Fleet {
    /// Every account, in the user's order, with its capabilities.
    pub async fn accounts(&self) -> Result<Vec<AccountView>> {
        let mut views = Vec::new();
        for account in self.accounts.load()? {
            views.push(self.view(account).await);
        }
        Ok(views)
    }

    pub(crate) async fn view(&self, account: Account) -> AccountView {
        let capabilities = self.capabilities_of(&account).await;
        let endpoint = account
            .endpoint
            .clone()
            .unwrap_or_else(|| self.connector.default_endpoint(account.provider));
        AccountView {
            account,
            capabilities,
            endpoint,
        }
    }

    /// Add an account. Its input is validated, then its credentials are checked with one
    /// authenticated read; only then are the secret (keyring) and the account (account list) saved.
    /// On any failure nothing is saved. A vz/LXD account with the flavour `Auto` is saved with the
    /// flavour that check detected, so every later command knows what the server offers.
    pub async fn add_account(&self, req: AddAccountRequest) -> Result<AccountView> {
        validate_account_name(&req.name)?;
        if self.accounts.load()?.iter().any(|a| a.name == req.name) {
            return Err(Error::invalid_field(
                "name",
                format!("an account named '{}' already exists", req.name),
            ));
        }
        if let Some(e) = &req.endpoint {
            validate_endpoint(e)?;
        }
        let username = req
            .username
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_owned);
        if req.provider == ProviderKind::Cloudero && username.is_none() {
            return Err(Error::invalid_field(
                "username",
                "Cloude.ro accounts need the login name (username)",
            ));
        }
        if req.provider == ProviderKind::Vz && req.secret.is_none() && req.client_key_pem.is_none() {
            return Err(Error::invalid_field(
                "secret",
                "a vz/LXD account needs a TLS client certificate and key, or a bearer token",
            ));
        }
        if let Some(settings) = &req.lxd {
            if req.client_key_pem.is_some() && settings.client_cert_pem.is_none() {
                return Err(Error::invalid_field(
                    "clientCertPem",
                    "a client key needs its certificate",
                ));
            }
        }
        let mut account = Account {
            id: uuid::Uuid::new_v4().to_string(),
            name: req.name.clone(),
            provider: req.provider,
            endpoint: req.endpoint.clone().map(|e| e.trim().to_owned()),
            username,
            color: req.color.clone().filter(|c| !c.trim().is_empty()),
            lxd: if req.provider == ProviderKind::Vz {
                req.lxd.clone()
            } else {
                None
            },
            sandbox: req.sandbox,
            created_at: self.clock.now(),
        };
        let session = Arc::new(MemoryVault::default());
        let flavour = self
            .check_credentials(
                &account,
                req.secret.clone(),
                req.client_key_pem.clone(),
                session.clone(),
            )
            .await?;
        adopt_flavour(&mut account, flavour);

        let secrets = AccountSecrets {
            secret: req.secret,
            client_key_pem: req.client_key_pem,
            session: session.load(),
        };
        self.save_secrets(&account.id, secrets).await?;
        if let Err(e) = self.accounts.insert(account.clone()) {
            // Another process took the name meanwhile: leave no orphan secret behind.
            let _ = self.delete_secrets(&account.id).await;
            return Err(e);
        }
        Ok(self.view(account).await)
    }

    /// One authenticated read with the given credentials, without saving anything. Answers a
    /// vz/LXD server's flavour (detected by that read when the account says `Auto`), else `None`.
    async fn check_credentials(
        &self,
        account: &Account,
        secret: Option<SecretString>,
        client_key: Option<SecretString>,
        session: Arc<dyn SessionVault>,
    ) -> Result<Option<LxdFlavour>> {
        let credentials = credentials_for(account, secret, client_key)?;
        let ctx = ProviderContext {
            account: account.clone(),
            credentials,
            session,
            http: self.http.clone(),
            clock: self.clock.clone(),
        };
        let provider = self.connector.connect(ctx).await?;
        provider.check().await?;
        provider.lxd_flavour().await
    }

    /// Check a saved account's credentials (one authenticated read); answers its profile. A
    /// vz/LXD account still `Auto` has its flavour detected and stored on the way
    /// ([`Fleet::provider`]).
    pub async fn check_account(&self, name: &str) -> Result<AccountProfile> {
        let account = self.accounts.find(name)?;
        let provider = self.provider(&account).await?;
        provider.check().await
    }

    /// Replace an account's secret after checking it (expired or rotated token, new password).
    /// A vz/LXD account still `Auto` also stores the flavour that check detected.
    pub async fn reauthenticate(
        &self,
        name: &str,
        secret: Option<SecretString>,
        client_key_pem: Option<SecretString>,
    ) -> Result<AccountView> {
        let mut account = self.accounts.find(name)?;
        let session = Arc::new(MemoryVault::default());
        let flavour = self
            .check_credentials(&account, secret.clone(), client_key_pem.clone(), session.clone())
            .await?;
        self.save_secrets(
            &account.id,
            AccountSecrets {
                secret,
                client_key_pem,
                session: session.load(),
            },
        )
        .await?;
        if let Some(f) = flavour {
            if let Some(stored) = self.store_flavour(&account.id, f)? {
                account = stored;
            }
        }
        self.disconnect(&account.id).await;
        Ok(self.view(account).await)
    }

    /// Change an account's name, colour, endpoint or username.
    ///
    /// Moving the endpoint to another origin (scheme, host or port) needs the account's
    /// credentials again (`changes.secret` / `changes.client_key_pem`): the saved secret was
    /// given for the old host and is never sent to another one. The new credentials are checked
    /// against the new endpoint, and the endpoint and the secret are saved together only when
    /// that check passes; otherwise nothing changes (an `InvalidInput` on `secret` when none were
    /// given). Refusing keeps a working account working: a typo in the address cannot leave it
    /// without a secret. Another path on the same origin keeps the secret. Credentials given
    /// without a move are checked and saved the same way (a re-authentication).
    pub async fn update_account(&self, name: &str, changes: AccountChanges) -> Result<AccountView> {
        let new_endpoint = changes
            .endpoint
            .as_ref()
            .map(|e| Some(e.trim().to_owned()).filter(|e| !e.is_empty()));
        if let Some(Some(e)) = &new_endpoint {
            validate_endpoint(e)?;
        }
        let current = self.accounts.find(name)?;
        let given = changes.secret.is_some() || changes.client_key_pem.is_some();
        let moves = new_endpoint
            .as_ref()
            .is_some_and(|e| !self.same_origin(&current, e.as_deref()));
        if moves && !given {
            let target = new_endpoint
                .clone()
                .flatten()
                .unwrap_or_else(|| self.connector.default_endpoint(current.provider));
            return Err(Error::invalid_field(
                "secret",
                format!(
                    "{target} is another host than the account's: enter the account's credentials for it \
                     (the saved secret is not sent to another host)"
                ),
            ));
        }
        let apply = |a: &mut Account| {
            if let Some(n) = &changes.name {
                a.name = n.trim().to_owned();
            }
            if let Some(c) = &changes.color {
                a.color = Some(c.trim().to_owned()).filter(|c| !c.is_empty());
            }
            if let Some(e) = &new_endpoint {
                a.endpoint = e.clone();
            }
            if let Some(u) = &changes.username {
                a.username = Some(u.trim().to_owned()).filter(|u| !u.is_empty());
            }
        };
        let updated = if given {
            let mut target = current.clone();
            apply(&mut target);
            let session = Arc::new(MemoryVault::default());
            let flavour = self
                .check_credentials(
                    &target,
                    changes.secret.clone(),
                    changes.client_key_pem.clone(),
                    session.clone(),
                )
                .await?;
            let previous = self.load_secrets(&current.id).await?;
            self.save_secrets(
                &current.id,
                AccountSecrets {
                    secret: changes.secret.clone(),
                    client_key_pem: changes.client_key_pem.clone(),
                    session: session.load(),
                },
            )
            .await?;
            match self.accounts.modify(name, |a| {
                apply(a);
                adopt_flavour(a, flavour);
            }) {
                Ok(a) => a,
                Err(e) => {
                    // The account kept its old endpoint: give it back its old secret.
                    if let Some(old) = previous {
                        let _ = self.save_secrets(&current.id, old).await;
                    }
                    return Err(e);
                }
            }
        } else {
            self.accounts.modify(name, apply)?
        };
        self.disconnect(&updated.id).await;
        Ok(self.view(updated).await)
    }

    /// Whether `endpoint` (`None`: the provider's default) has the same scheme, host and port as
    /// the account's current endpoint.
    fn same_origin(&self, account: &Account, endpoint: Option<&str>) -> bool {
        let effective = |e: Option<&str>| {
            e.map(str::to_owned)
                .unwrap_or_else(|| self.connector.default_endpoint(account.provider))
        };
        let origin = |e: String| url::Url::parse(e.trim()).ok().map(|u| u.origin());
        match (
            origin(effective(account.endpoint.as_deref())),
            origin(effective(endpoint)),
        ) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }

    /// Point a sandbox account at the port its simulator listens on in this run. Only for
    /// accounts marked `sandbox` (which IPC input cannot set, see `AddAccountRequest`) and only to
    /// a loopback address: the secret stays, because it is the simulator's own seeded credential.
    pub(crate) async fn repoint_sandbox_account(&self, name: &str, endpoint: &str) -> Result<AccountView> {
        let url = validate_endpoint(endpoint)?;
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d == "localhost",
            None => false,
        };
        let account = self.accounts.find(name)?;
        if !account.sandbox || !loopback {
            return Err(Error::invalid_input(format!(
                "account '{name}' is not a sandbox account on this machine: change its endpoint in its settings"
            )));
        }
        let updated = self
            .accounts
            .modify(name, |a| a.endpoint = Some(endpoint.trim().to_owned()))?;
        self.disconnect(&updated.id).await;
        Ok(self.view(updated).await)
    }

    /// Put the accounts in this order.
    pub async fn reorder_accounts(&self, names: &[String]) -> Result<Vec<AccountView>> {
        self.accounts.reorder(names)?;
        self.accounts().await
    }

    /// Remove an account: its keyring entry, its cache and its place in the list.
    pub async fn remove_account(&self, name: &str) -> Result<()> {
        let account = self.accounts.find(name)?;
        // The keyring first: if it refuses, the account stays listed and the user can retry.
        self.delete_secrets(&account.id).await?;
        self.accounts.remove(name)?;
        self.cache.forget_account(&account.id)?;
        self.forget_local_tags(&account.id)?;
        self.disconnect(&account.id).await;
        Ok(())
    }

    /// The certificate a vz/LXD server presents, for the user to trust before adding the account
    /// (one TLS handshake; nothing is sent and nothing is stored).
    pub async fn server_certificate(&self, endpoint: &str) -> Result<crate::views::ServerCertificate> {
        let cert = fleetdeck_provider_lxd::probe_server_certificate(endpoint).await?;
        Ok(crate::views::ServerCertificate {
            pem: cert.pem,
            sha256: cert.sha256,
            subject: cert.subject,
            issuer: cert.issuer,
            not_after: cert.not_after,
            self_signed: cert.self_signed,
        })
    }
}
