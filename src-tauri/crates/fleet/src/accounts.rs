//! Account commands: add (with a credential check before anything is saved), list, change,
//! reorder, re-authenticate, check, remove.

use std::sync::Arc;

use secrecy::SecretString;

use fleetdeck_core::http::validate_endpoint;
use fleetdeck_core::names::validate_account_name;
use fleetdeck_core::{
    Account, AccountProfile, Error, MemoryVault, ProviderContext, ProviderKind, Result, SessionVault,
};
use fleetdeck_store::AccountSecrets;

use crate::views::{AccountChanges, AccountView, AddAccountRequest};
use crate::{credentials_for, Fleet};

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
    /// On any failure nothing is saved.
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
        let account = Account {
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
        self.check_credentials(
            &account,
            req.secret.clone(),
            req.client_key_pem.clone(),
            session.clone(),
        )
        .await?;

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

    /// One authenticated read with the given credentials, without saving anything.
    async fn check_credentials(
        &self,
        account: &Account,
        secret: Option<SecretString>,
        client_key: Option<SecretString>,
        session: Arc<dyn SessionVault>,
    ) -> Result<AccountProfile> {
        let credentials = credentials_for(account, secret, client_key)?;
        let ctx = ProviderContext {
            account: account.clone(),
            credentials,
            session,
            http: self.http.clone(),
            clock: self.clock.clone(),
        };
        let provider = self.connector.connect(ctx).await?;
        provider.check().await
    }

    /// Check a saved account's credentials (one authenticated read); answers its profile.
    pub async fn check_account(&self, name: &str) -> Result<AccountProfile> {
        let account = self.accounts.find(name)?;
        let provider = self.provider(&account).await?;
        provider.check().await
    }

    /// Replace an account's secret after checking it (expired or rotated token, new password).
    pub async fn reauthenticate(
        &self,
        name: &str,
        secret: Option<SecretString>,
        client_key_pem: Option<SecretString>,
    ) -> Result<AccountView> {
        let account = self.accounts.find(name)?;
        let session = Arc::new(MemoryVault::default());
        self.check_credentials(&account, secret.clone(), client_key_pem.clone(), session.clone())
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
        self.disconnect(&account.id).await;
        Ok(self.view(account).await)
    }

    /// Change an account's name, colour, endpoint or username.
    pub async fn update_account(&self, name: &str, changes: AccountChanges) -> Result<AccountView> {
        if let Some(e) = changes.endpoint.as_deref().filter(|e| !e.trim().is_empty()) {
            validate_endpoint(e)?;
        }
        let updated = self.accounts.modify(name, |a| {
            if let Some(n) = &changes.name {
                a.name = n.trim().to_owned();
            }
            if let Some(c) = &changes.color {
                a.color = Some(c.trim().to_owned()).filter(|c| !c.is_empty());
            }
            if let Some(e) = &changes.endpoint {
                a.endpoint = Some(e.trim().to_owned()).filter(|e| !e.is_empty());
            }
            if let Some(u) = &changes.username {
                a.username = Some(u.trim().to_owned()).filter(|u| !u.is_empty());
            }
        })?;
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
