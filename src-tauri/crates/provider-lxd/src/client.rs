//! The per-account client: flavour detection, sending (bearer token, LXD project), path building
//! and the input rules checked before anything is sent.

use std::sync::atomic::AtomicBool;
use std::sync::OnceLock;

use fleetdeck_core::http::{ByteStream, HttpClient, Request, StreamedAnswer};
use fleetdeck_core::lenient;
use fleetdeck_core::{Error, ErrorCode, LxdFlavour, Result};
use secrecy::SecretString;
use serde_json::Value;

use crate::wire::{self, Answer};
use crate::PollTuning;

/// The two dialects behind one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavour {
    /// The seed's vz API: `/1.0/vz`, numeric container ids.
    Vz,
    /// Real LXD: `/1.0/instances`, names, snapshots, backups, images.
    Lxd,
}

impl Flavour {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Flavour::Vz => "vz",
            Flavour::Lxd => "LXD",
        }
    }

    pub(crate) fn as_setting(self) -> LxdFlavour {
        match self {
            Flavour::Vz => LxdFlavour::Vz,
            Flavour::Lxd => LxdFlavour::Lxd,
        }
    }
}

/// One account's client. Implements every provider trait (see `api.rs` and `jobs.rs`).
pub struct Lxd {
    pub(crate) account: String,
    pub(crate) http: HttpClient,
    /// What the account settings say (`Auto`: ask the server once).
    pub(crate) configured: LxdFlavour,
    pub(crate) detected: OnceLock<Flavour>,
    /// One detection at a time.
    pub(crate) detecting: tokio::sync::Mutex<()>,
    /// LXD project (`?project=`), when not `default`.
    pub(crate) project: Option<String>,
    pub(crate) bearer: Option<SecretString>,
    pub(crate) tuning: PollTuning,
    /// Set once the server answered that `/wait` does not exist: operations are then polled.
    pub(crate) wait_unsupported: AtomicBool,
}

impl std::fmt::Debug for Lxd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lxd")
            .field("account", &self.account)
            .field("http", &self.http)
            .field("configured", &self.configured)
            .field("flavour", &self.detected.get())
            .field("project", &self.project)
            .field("bearer", &self.bearer.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

impl Lxd {
    /// The flavour when it is known without a request (configured, or detected earlier).
    pub(crate) fn known_flavour(&self) -> Option<Flavour> {
        match self.configured {
            LxdFlavour::Vz => Some(Flavour::Vz),
            LxdFlavour::Lxd => Some(Flavour::Lxd),
            LxdFlavour::Auto => self.detected.get().copied(),
        }
    }

    /// The flavour, asking the server on first need (`GET /1.0`, docs/wire-decisions.md).
    pub(crate) async fn flavour(&self) -> Result<Flavour> {
        if let Some(f) = self.known_flavour() {
            return Ok(f);
        }
        let _one = self.detecting.lock().await;
        if let Some(f) = self.detected.get() {
            return Ok(*f);
        }
        let f = self.detect().await?;
        let _ = self.detected.set(f);
        Ok(f)
    }

    /// `GET /1.0` → `metadata.environment.server` `"lxd"` / `"vz"`. A server that does not say
    /// (LXD shows no environment to an untrusted client) is vz when `/1.0/vz` answers, else LXD
    /// when `/1.0` looked like LXD's (`api_extensions`).
    async fn detect(&self) -> Result<Flavour> {
        let root = match self.send(Request::get("/1.0"), None).await {
            Ok(a) => Some(a.metadata().clone()),
            Err(e)
                if matches!(
                    e.code(),
                    ErrorCode::Network | ErrorCode::RateLimited | ErrorCode::Auth
                ) =>
            {
                return Err(e)
            }
            Err(_) => None,
        };
        let server = root
            .as_ref()
            .and_then(|m| lenient::text(m.get("environment").and_then(|e| e.get("server"))))
            .map(|s| s.to_ascii_lowercase());
        match server.as_deref() {
            Some("lxd" | "incus") => return Ok(Flavour::Lxd),
            Some("vz") => return Ok(Flavour::Vz),
            _ => {}
        }
        if self.send(Request::get("/1.0/vz"), None).await.is_ok() {
            return Ok(Flavour::Vz);
        }
        if root.as_ref().is_some_and(|m| m.get("api_extensions").is_some()) {
            return Ok(Flavour::Lxd);
        }
        Err(Error::Provider {
            account: self.account.clone(),
            status: None,
            code: None,
            message: format!(
                "cannot tell whether {} is an LXD or a vz server: choose the flavour in the account settings",
                self.http.base()
            ),
        })
    }

    /// Send with the account's bearer token and (LXD) project, and decode the envelope.
    pub(crate) async fn send(&self, mut req: Request, flavour: Option<Flavour>) -> Result<Answer> {
        if let Some(token) = &self.bearer {
            req = req.bearer(token);
        }
        if flavour == Some(Flavour::Lxd) {
            if let Some(p) = &self.project {
                req = req.query("project", p.clone());
            }
        }
        let dialect = flavour.map(Flavour::name).unwrap_or("the server");
        let resp = self.http.send(req).await.map_err(|e| self.tls_hint(e))?;
        wire::decode(&self.account, dialect, &resp)
    }

    /// Send a GET whose 2xx body is a file (a backup export), in the account's flavour, with the
    /// same bearer token, project and error envelopes as [`Lxd::send`]; the body comes back as a
    /// stream of chunks.
    pub(crate) async fn open_stream(&self, mut req: Request) -> Result<ByteStream> {
        let f = self.flavour().await?;
        if let Some(token) = &self.bearer {
            req = req.bearer(token);
        }
        if f == Flavour::Lxd {
            if let Some(p) = &self.project {
                req = req.query("project", p.clone());
            }
        }
        let request = req.describe();
        match self
            .http
            .send_streaming(req)
            .await
            .map_err(|e| self.tls_hint(e))?
        {
            StreamedAnswer::Stream(s) => Ok(s),
            StreamedAnswer::Complete(resp) => match wire::decode(&self.account, f.name(), &resp) {
                Err(e) => Err(e),
                // Only non-2xx answers come back whole, and decoding one always fails; kept total.
                Ok(_) => Err(Error::Provider {
                    account: self.account.clone(),
                    status: Some(resp.status),
                    code: None,
                    message: format!("unexpected answer to {request}: HTTP {}", resp.status),
                }),
            },
        }
    }

    /// Send in the account's flavour.
    pub(crate) async fn call(&self, req: Request) -> Result<Answer> {
        let f = self.flavour().await?;
        self.send(req, Some(f)).await
    }

    /// A read: the sync metadata (with the ETag when asked for by the caller via `call`).
    pub(crate) async fn get(&self, path: impl Into<String>) -> Result<Value> {
        Ok(self.call(Request::get(path)).await?.metadata().clone())
    }

    /// A TLS failure says what to do about it.
    fn tls_hint(&self, e: Error) -> Error {
        match e {
            Error::Network { account, message } if crate::tls::pin_mismatch_in(&message).is_some() => {
                let request: Vec<&str> = message.splitn(3, ' ').take(2).collect();
                let sentence = crate::tls::pin_mismatch_in(&message).unwrap_or_default();
                Error::Network {
                    message: format!("{} refused: {sentence}", request.join(" ")),
                    account,
                }
            }
            Error::Network { account, message } if message.contains("certificate") => {
                Error::Network {
                    account,
                    message: format!(
                        "{message} — the server's certificate is not trusted yet: check its fingerprint and trust it in the account settings"
                    ),
                }
            }
            other => other,
        }
    }

    /// The collection path of the flavour.
    pub(crate) fn collection(f: Flavour) -> &'static str {
        match f {
            Flavour::Vz => "/1.0/vz",
            Flavour::Lxd => "/1.0/instances",
        }
    }

    /// The path of one container/instance.
    pub(crate) fn item(f: Flavour, id: &str) -> Result<String> {
        let what = match f {
            Flavour::Vz => "container id",
            Flavour::Lxd => "instance name",
        };
        Ok(format!("{}/{}", Self::collection(f), segment(what, id)?))
    }

    /// The error for an LXD-only feature on a vz server.
    pub(crate) fn lxd_only(&self, what: &str) -> Error {
        Error::unsupported(fleetdeck_core::ProviderKind::Vz, format!("{what} on a vz server"))
    }

    pub(crate) fn not_found(&self, message: String) -> Error {
        Error::NotFound {
            account: Some(self.account.clone()),
            message,
        }
    }
}

/// One path segment from user or provider input: non-empty, and nothing that would change the
/// path (`/`, `?`, `#`, `%`, `..`, spaces, control characters).
pub(crate) fn segment(what: &str, id: &str) -> Result<String> {
    let t = id.trim();
    let bad = t.is_empty()
        || t == "."
        || t == ".."
        || t.chars()
            .any(|c| matches!(c, '/' | '?' | '#' | '%' | '\\') || c.is_whitespace() || c.is_control());
    if bad {
        return Err(Error::invalid_input(format!("'{id}' is not a valid {what}")));
    }
    Ok(t.to_owned())
}

/// `instance/name` (snapshots, backups) → both parts, checked.
pub(crate) fn split_pair(what: &str, id: &str) -> Result<(String, String)> {
    let (a, b) = id
        .split_once('/')
        .ok_or_else(|| Error::invalid_input(format!("'{id}' is not a {what} id: expected INSTANCE/NAME")))?;
    Ok((segment("instance name", a)?, segment(what, b)?))
}

/// The container/instance name rules of the vz spec, checked before anything is sent: 1 to 64
/// characters, ASCII only, no slash, colon or comma (and no spaces or control characters, which
/// no server accepts in a host name).
pub fn validate_hostname(name: &str) -> Result<()> {
    let fail = |why: String| Err(Error::invalid_field("name", why));
    if name.is_empty() {
        return fail("the name is empty: give the container a host name".into());
    }
    let len = name.chars().count();
    if len > 64 {
        return fail(format!(
            "the name is {len} characters long; at most 64 are allowed"
        ));
    }
    if !name.is_ascii() {
        return fail(format!(
            "'{name}' has non-ASCII characters; use only ASCII letters, digits and '-'"
        ));
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '/' | ':' | ',')) {
        return fail(format!(
            "'{name}' contains '{c}'; slashes, colons and commas are not allowed"
        ));
    }
    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return fail(format!("'{name}' contains spaces or control characters"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostname_rules() {
        assert!(validate_hostname("web-fra-01").is_ok());
        assert!(validate_hostname(&"a".repeat(64)).is_ok());
        let msg = |n: &str| validate_hostname(n).unwrap_err().to_string();
        assert!(msg(&"a".repeat(65)).contains("65 characters"));
        assert!(msg("ünï").contains("non-ASCII"));
        assert!(msg("a/b").contains("'/'"));
        assert!(msg("a:b").contains("':'"));
        assert!(msg("a,b").contains("','"));
        assert!(msg("").contains("empty"));
        assert!(msg("a b").contains("spaces"));
        assert_eq!(
            validate_hostname("a,b").unwrap_err().code(),
            ErrorCode::InvalidInput
        );
    }

    #[test]
    fn path_segments() {
        assert_eq!(segment("x", " c1 ").unwrap(), "c1");
        for bad in ["", "..", "a/b", "a?b", "a#b", "a%2f", "a b"] {
            assert!(segment("x", bad).is_err(), "{bad}");
        }
        assert_eq!(
            split_pair("snapshot", "c1/s1").unwrap(),
            ("c1".to_string(), "s1".to_string())
        );
        assert!(split_pair("snapshot", "c1").is_err());
        assert!(split_pair("snapshot", "c1/s1/x").is_err());
    }
}
