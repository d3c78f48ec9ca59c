//! Cloude.ro authentication (docs/wire-decisions.md, Cloude.ro reference, wire decisions): a JWT pair from
//! `POST /v1/user/login`, renewed with `POST /v1/user/refreshtoken`.
//!
//! Invariants:
//! - the password and both tokens exist only as [`SecretString`] in memory and, as one small JSON
//!   document, in the account's [`SessionVault`] (the keyring); never in a log, an error or `Debug`;
//! - the token is renewed [`TOKEN_MARGIN`] before its `exp` (read from the JWT payload), and once more
//!   when the provider answers 401; a refused or expired refresh token falls back to a fresh login;
//! - one session per account behind one async mutex: concurrent requests that find the token stale
//!   wait for the single renewal in flight instead of sending their own (no refresh storm);
//! - a session restored from the vault is used as is, so a restart does not log in again needlessly.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use chrono::{DateTime, Utc};
use fleetdeck_core::http::{HttpClient, Request};
use fleetdeck_core::job::Clock;
use fleetdeck_core::{Error, ExposeSecret, Result, SecretString, SessionVault};
use serde::Deserialize;
use serde_json::Value;

use crate::wire;

/// Renew the token this long before it expires.
pub(crate) const TOKEN_MARGIN: Duration = Duration::from_secs(5 * 60);
/// Do not use a refresh token this close to its expiry: log in instead.
pub(crate) const REFRESH_MARGIN: Duration = Duration::from_secs(60);
/// Lifetimes the documentation states, used when a token's `exp` cannot be read.
pub(crate) const TOKEN_LIFETIME: Duration = Duration::from_secs(45 * 60);
pub(crate) const REFRESH_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

pub(crate) const LOGIN_PATH: &str = "/v1/user/login";
pub(crate) const REFRESH_PATH: &str = "/v1/user/refreshtoken";

/// Version of the JSON kept in the vault; a different one is ignored (and replaced on next login).
const VAULT_FORMAT: u32 = 1;

/// A token pair with the instants it stops being valid.
pub(crate) struct Session {
    token: SecretString,
    token_expires_at: DateTime<Utc>,
    refresh_token: Option<SecretString>,
    refresh_expires_at: DateTime<Utc>,
}

struct SessionState {
    session: Option<Session>,
    /// Bumped on every new token, so a request refused with an old token can tell whether someone
    /// else already renewed it.
    generation: u64,
}

/// A token to send, and which renewal produced it.
pub(crate) struct Grant {
    pub token: SecretString,
    pub generation: u64,
}

/// The account's login and its current session.
pub(crate) struct Authenticator {
    account: String,
    username: Option<String>,
    password: Option<SecretString>,
    vault: Arc<dyn SessionVault>,
    clock: Arc<dyn Clock>,
    state: tokio::sync::Mutex<SessionState>,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authenticator")
            .field("account", &self.account)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// The `data` of a login or refresh answer. Deserialised straight into secrets.
#[derive(Deserialize)]
struct TokenPair {
    #[serde(alias = "access_token", alias = "accessToken")]
    token: SecretString,
    #[serde(default, alias = "refresh_token", alias = "refreshToken")]
    refreshtoken: Option<SecretString>,
}

#[derive(Deserialize)]
struct TokenEnvelope {
    data: TokenPair,
}

/// The vault document (read side; written with `serde_json::json!` from borrowed secrets).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredSession {
    v: u32,
    username: String,
    token: SecretString,
    token_expires_at: i64,
    #[serde(default)]
    refresh_token: Option<SecretString>,
    #[serde(default)]
    refresh_expires_at: i64,
}

/// How a refresh attempt ended.
enum Refresh {
    Renewed(Session),
    /// The provider refused the refresh token (expired, revoked): log in instead.
    Refused,
}

impl Authenticator {
    /// `password` is `None` when the account was configured without one (authenticated calls then
    /// fail with [`Error::Auth`]); the vault's session, if any and for the same user, is restored.
    pub(crate) fn new(
        account: String,
        username: Option<String>,
        password: Option<SecretString>,
        vault: Arc<dyn SessionVault>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let session = restore(vault.as_ref(), username.as_deref());
        Authenticator {
            account,
            username,
            password,
            vault,
            clock,
            state: tokio::sync::Mutex::new(SessionState {
                session,
                generation: 0,
            }),
        }
    }

    /// A token valid for at least [`TOKEN_MARGIN`], renewing it first when needed.
    pub(crate) async fn token(&self, http: &HttpClient) -> Result<Grant> {
        // Holding the lock across a renewal is what makes concurrent callers share it.
        let mut st = self.state.lock().await;
        let now = self.clock.now();
        if let Some(s) = &st.session {
            if now + margin(TOKEN_MARGIN) < s.token_expires_at {
                return Ok(Grant {
                    token: s.token.clone(),
                    generation: st.generation,
                });
            }
        }
        self.renew(&mut st, http).await
    }

    /// The provider refused the token of `rejected` (401): renew it once, unless another request has
    /// already done so since.
    pub(crate) async fn renew_after_rejection(&self, http: &HttpClient, rejected: u64) -> Result<Grant> {
        let mut st = self.state.lock().await;
        if st.generation != rejected {
            if let Some(s) = &st.session {
                return Ok(Grant {
                    token: s.token.clone(),
                    generation: st.generation,
                });
            }
        }
        self.renew(&mut st, http).await
    }

    /// Refresh when the refresh token is still good, else (or when it is refused) log in — unless
    /// another process of this account (the app and the CLI share the keyring entry) has stored a
    /// newer, still valid session since: that one is adopted instead.
    async fn renew(&self, st: &mut SessionState, http: &HttpClient) -> Result<Grant> {
        let now = self.clock.now();
        if let Some(newer) = restore(self.vault.as_ref(), self.username.as_deref()).filter(|v| {
            now + margin(TOKEN_MARGIN) < v.token_expires_at
                && st
                    .session
                    .as_ref()
                    .is_none_or(|s| s.token.expose_secret() != v.token.expose_secret())
        }) {
            tracing::debug!(account = %self.account, "adopting the Cloude.ro session another process stored");
            let grant = Grant {
                token: newer.token.clone(),
                generation: st.generation + 1,
            };
            st.session = Some(newer);
            st.generation += 1;
            return Ok(grant);
        }
        let refresh = st.session.as_ref().and_then(|s| {
            s.refresh_token
                .as_ref()
                .filter(|_| now + margin(REFRESH_MARGIN) < s.refresh_expires_at)
                .cloned()
        });
        let session = match refresh {
            Some(rt) => match self.refresh(http, &rt).await? {
                Refresh::Renewed(s) => s,
                Refresh::Refused => {
                    tracing::info!(account = %self.account, "Cloude.ro refresh token refused; logging in again");
                    self.login(http).await?
                }
            },
            None => self.login(http).await?,
        };
        self.persist(&session);
        let grant = Grant {
            token: session.token.clone(),
            generation: st.generation + 1,
        };
        st.session = Some(session);
        st.generation += 1;
        Ok(grant)
    }

    async fn login(&self, http: &HttpClient) -> Result<Session> {
        let (Some(username), Some(password)) = (self.username.as_deref(), self.password.as_ref()) else {
            return Err(Error::Auth {
                account: self.account.clone(),
                message: "no Cloude.ro username and password are configured for this account".into(),
            });
        };
        let req = Request::post(LOGIN_PATH).sensitive_answer().form(vec![
            ("username".to_owned(), username.to_owned()),
            ("password".to_owned(), password.expose_secret().to_owned()),
        ]);
        let resp = http.send(req).await?;
        match self.session_from(&resp) {
            Ok(s) => {
                tracing::debug!(account = %self.account, "logged in to Cloude.ro");
                Ok(s)
            }
            Err(e) => {
                // Whatever was stored belongs to a login that no longer works.
                if let Err(ve) = self.vault.clear() {
                    tracing::warn!(account = %self.account, error = %ve, "could not clear the stored Cloude.ro session");
                }
                Err(match e {
                    // A refused login is an authentication problem whatever status carried it.
                    Error::Validation { message, .. }
                    | Error::Forbidden { message, .. }
                    | Error::NotFound { message, .. }
                    | Error::Auth { message, .. } => Error::Auth {
                        account: self.account.clone(),
                        message: format!("login refused: {message}"),
                    },
                    other => other,
                })
            }
        }
    }

    async fn refresh(&self, http: &HttpClient, refresh_token: &SecretString) -> Result<Refresh> {
        // Wire decisions: the refresh token goes both as the bearer and as the form field.
        let req = Request::post(REFRESH_PATH)
            .sensitive_answer()
            .bearer(refresh_token)
            .form(vec![(
                "refreshtoken".to_owned(),
                refresh_token.expose_secret().to_owned(),
            )]);
        let resp = http.send(req).await?;
        match self.session_from(&resp) {
            Ok(s) => {
                tracing::debug!(account = %self.account, "refreshed the Cloude.ro token");
                Ok(Refresh::Renewed(s))
            }
            Err(
                Error::Auth { .. }
                | Error::Forbidden { .. }
                | Error::Validation { .. }
                | Error::NotFound { .. }
                | Error::Conflict { .. },
            ) => Ok(Refresh::Refused),
            Err(e) => Err(e),
        }
    }

    /// A session from a login/refresh answer, or the error the answer stands for.
    pub(crate) fn session_from(&self, resp: &fleetdeck_core::http::Response) -> Result<Session> {
        // Errors (and odd envelopes) go through the common decoder; a success is read again
        // straight into secrets so the tokens never sit in a plain `Value`.
        let data = wire::decode(&self.account, resp)?;
        let pair = match data {
            Value::Object(_) => serde_json::from_slice::<TokenEnvelope>(&resp.body)
                .map(|e| e.data)
                .ok(),
            _ => None,
        };
        drop(data);
        let Some(pair) = pair else {
            return Err(Error::Provider {
                account: self.account.clone(),
                status: Some(resp.status),
                code: None,
                message: format!(
                    "unexpected answer from Cloude.ro to {}: no token in it",
                    resp.request
                ),
            });
        };
        let now = self.clock.now();
        let token_expires_at = expiry(&pair.token, now, TOKEN_LIFETIME);
        let refresh_expires_at = pair
            .refreshtoken
            .as_ref()
            .map(|r| expiry(r, now, REFRESH_LIFETIME))
            .unwrap_or(now);
        Ok(Session {
            token: pair.token,
            token_expires_at,
            refresh_token: pair.refreshtoken.filter(|r| !r.expose_secret().is_empty()),
            refresh_expires_at,
        })
    }

    /// Keep the session in the vault. A keyring that refuses only costs a login after a restart, so
    /// it is logged (without the secret) rather than failing the user's request.
    fn persist(&self, s: &Session) {
        let Some(username) = self.username.as_deref() else {
            return;
        };
        let doc = serde_json::json!({
            "v": VAULT_FORMAT,
            "username": username,
            "token": s.token.expose_secret(),
            "tokenExpiresAt": s.token_expires_at.timestamp(),
            "refreshToken": s.refresh_token.as_ref().map(|r| r.expose_secret()),
            "refreshExpiresAt": s.refresh_expires_at.timestamp(),
        });
        let secret = SecretString::from(doc.to_string());
        drop(doc);
        if let Err(e) = self.vault.save(&secret) {
            tracing::warn!(account = %self.account, error = %e, "could not keep the Cloude.ro session in the keyring");
        }
    }
}

fn margin(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::zero())
}

/// The session in the vault, when it is ours, readable and not wholly expired.
fn restore(vault: &dyn SessionVault, username: Option<&str>) -> Option<Session> {
    let stored = vault.load()?;
    let s: StoredSession = serde_json::from_str(stored.expose_secret()).ok()?;
    if s.v != VAULT_FORMAT || Some(s.username.as_str()) != username {
        return None;
    }
    Some(Session {
        token: s.token,
        token_expires_at: DateTime::from_timestamp(s.token_expires_at, 0)?,
        refresh_token: s.refresh_token.filter(|r| !r.expose_secret().is_empty()),
        refresh_expires_at: DateTime::from_timestamp(s.refresh_expires_at, 0).unwrap_or_default(),
    })
}

/// When a freshly issued token expires: its JWT `exp`, unless unreadable or already past by our
/// clock (clock skew, a malformed token) — then the documented lifetime from now.
fn expiry(token: &SecretString, now: DateTime<Utc>, lifetime: Duration) -> DateTime<Utc> {
    jwt_expiry(token)
        .filter(|exp| *exp > now + chrono::Duration::seconds(60))
        .unwrap_or_else(|| now + margin(lifetime))
}

/// The `exp` claim of a JWT (base64url payload, signature not checked: we only schedule renewals).
pub(crate) fn jwt_expiry(token: &SecretString) -> Option<DateTime<Utc>> {
    let payload = token.expose_secret().split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    let exp = fleetdeck_core::lenient::number(claims.get("exp"))?;
    if !exp.is_finite() || exp <= 0.0 || exp > 1e12 {
        return None;
    }
    DateTime::from_timestamp(exp as i64, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(exp: i64) -> SecretString {
        let enc = |v: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
        SecretString::from(format!(
            "{}.{}.sig",
            enc(r#"{"typ":"JWT","alg":"HS256"}"#),
            enc(&format!(r#"{{"id":"79","exp":{exp}}}"#))
        ))
    }

    #[test]
    fn reads_exp_from_the_payload() {
        assert_eq!(
            jwt_expiry(&jwt(1_900_000_000)).map(|d| d.timestamp()),
            Some(1_900_000_000)
        );
        assert!(jwt_expiry(&SecretString::from("not-a-jwt")).is_none());
        assert!(jwt_expiry(&SecretString::from("a.!!!.c")).is_none());
        // The documentation's sample token has a garbled payload: unreadable, no panic.
        let sample = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpZCI6Ijc5IiwiaWwiOiJ0ZWFTQGNsb3VkbW9zLmNvbSIsImZpcnN0bmFtZSI6IjVtdXQiLCJ0bmFtZSI6IktkthcmFjYW9cdTAxMWZsYW4iLCJpYXQiOiJlMTUwNjg5OTUsImV4cCI6MTUxNTA2OTYyNX0.1wo85F1bp8rTP1dlQoUsO-74P59fSJbW_JPTOipvEjU";
        let _ = jwt_expiry(&SecretString::from(sample));
    }

    #[test]
    fn past_or_missing_exp_falls_back_to_the_documented_lifetime() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        assert_eq!(
            expiry(&jwt(1_000), now, TOKEN_LIFETIME),
            now + margin(TOKEN_LIFETIME)
        );
        assert_eq!(
            expiry(&SecretString::from("opaque"), now, REFRESH_LIFETIME),
            now + margin(REFRESH_LIFETIME)
        );
        let exp = 1_800_002_700;
        assert_eq!(expiry(&jwt(exp), now, TOKEN_LIFETIME).timestamp(), exp);
    }

    #[test]
    fn a_stored_session_of_another_user_is_ignored() {
        let vault = fleetdeck_core::MemoryVault::default();
        let doc = r#"{"v":1,"username":"alice","token":"t","tokenExpiresAt":1900000000,"refreshToken":"r","refreshExpiresAt":1900000000}"#;
        vault.save(&SecretString::from(doc)).unwrap();
        assert!(restore(&vault, Some("alice")).is_some());
        assert!(restore(&vault, Some("bob")).is_none());
        vault.save(&SecretString::from("{garbage")).unwrap();
        assert!(restore(&vault, Some("alice")).is_none());
    }
}
