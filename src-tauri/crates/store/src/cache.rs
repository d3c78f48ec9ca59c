//! The local cache: the last-known state of every account, shown at once on start and when
//! offline. One file per account and resource (`cache/<account-id>/<resource>.json`), written
//! atomically. Secrets never reach it: every value is scrubbed of secret-looking keys before it is
//! written, as a second line of defence behind the provider crates.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use fleetdeck_core::lenient::KeyVerdicts;
use fleetdeck_core::{Error, Result};

use crate::files::{read_optional, write_atomic};
use crate::paths::{validate_account_id, DataDir};

/// A cached value and when it was fetched from the provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cached<T> {
    pub fetched_at: DateTime<Utc>,
    pub data: T,
}

/// What reading the cache found.
#[derive(Debug)]
pub enum CacheRead<T> {
    Hit(Cached<T>),
    Miss,
    /// The file was unreadable and has been removed; the string says why (for a warning).
    Discarded(String),
}

impl<T> CacheRead<T> {
    pub fn hit(self) -> Option<Cached<T>> {
        match self {
            CacheRead::Hit(c) => Some(c),
            _ => None,
        }
    }
}

/// The cache directory.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: DataDir,
}

impl Cache {
    pub fn new(dir: DataDir) -> Self {
        Cache { dir }
    }

    fn path(&self, account_id: &str, resource: &str) -> Result<PathBuf> {
        validate_account_id(account_id)?;
        let safe = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        if !safe(resource) {
            return Err(Error::internal(format!(
                "invalid cache key {account_id}/{resource}"
            )));
        }
        Ok(self
            .dir
            .cache_dir()
            .join(account_id)
            .join(format!("{resource}.json")))
    }

    /// Read a cached resource. A file that does not parse is removed and reported, never fatal.
    pub fn read<T: DeserializeOwned>(&self, account_id: &str, resource: &str) -> CacheRead<T> {
        let Ok(path) = self.path(account_id, resource) else {
            return CacheRead::Miss;
        };
        let bytes = match read_optional(&path) {
            Ok(Some(b)) => b,
            Ok(None) => return CacheRead::Miss,
            Err(e) => return CacheRead::Discarded(e.to_string()),
        };
        match serde_json::from_slice::<Cached<T>>(&bytes) {
            Ok(c) => CacheRead::Hit(c),
            Err(e) => {
                let why =
                    format!("the cached {resource} of an account were unreadable ({e}) and were discarded");
                tracing::warn!(file = %path.display(), error = %e, "discarding corrupt cache file");
                let _ = std::fs::remove_file(&path);
                CacheRead::Discarded(why)
            }
        }
    }

    /// Write a resource for an account, stamped with `fetched_at`.
    pub fn write<T: Serialize>(
        &self,
        account_id: &str,
        resource: &str,
        fetched_at: DateTime<Utc>,
        data: &T,
    ) -> Result<()> {
        let path = self.path(account_id, resource)?;
        let mut value = serde_json::to_value(data).map_err(|e| Error::internal(e.to_string()))?;
        scrub_secrets(&mut value);
        scrub_credential_links(&mut value, false);
        let doc = Cached {
            fetched_at,
            data: value,
        };
        let bytes = serde_json::to_vec(&doc).map_err(|e| Error::internal(e.to_string()))?;
        write_atomic(&path, &bytes)
    }

    /// Drop everything cached for an account (it was removed).
    /// The id is checked first: `cache/<id>` must never name a folder outside the cache.
    pub fn forget_account(&self, account_id: &str) -> Result<()> {
        validate_account_id(account_id)?;
        let dir = self.dir.cache_dir().join(account_id);
        match std::fs::remove_dir_all(&dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::Cache {
                message: format!("cannot remove {}: {e}", dir.display()),
            }),
        }
    }
}

/// Remove secret-looking keys anywhere in a JSON value: the one policy of
/// `fleetdeck_core::lenient::is_secret_key`, which every provider's `raw` scrubbing uses too.
pub fn scrub_secrets(v: &mut Value) {
    fleetdeck_core::lenient::remove_secrets(v);
}

/// Remove links that work as credentials, at any depth: an invoice or payment link (a URL under a
/// key naming a payment, an invoice, a checkout, a receipt or a download: `pay_url`,
/// `paymentLink`, `links.checkout.href`) opens or pays the invoice without signing in, and any
/// URL signed in its query (`?token=`, `&sig=`…) is one too. They may be shown to the user, who
/// asked for them, but never kept on disk. `in_payment` says an ancestor key named a payment.
pub fn scrub_credential_links(v: &mut Value, in_payment: bool) {
    let credential = |s: &str, payment: bool| (payment && is_url(s)) || is_signed_url(s);
    match v {
        Value::Object(map) => {
            map.retain(|k, child| match child {
                Value::String(s) => !credential(s, in_payment || names_payment(k)),
                _ => true,
            });
            for (k, child) in map.iter_mut() {
                scrub_credential_links(child, in_payment || names_payment(k));
            }
        }
        Value::Array(items) => {
            items.retain(|item| !matches!(item, Value::String(s) if credential(s, in_payment)));
            items
                .iter_mut()
                .for_each(|item| scrub_credential_links(item, in_payment));
        }
        _ => {}
    }
}

/// Whether a key names a payment, an invoice, a checkout, a receipt or a download, as a word
/// (`pay_url`, `paymentLink`, `invoiceURL`; not `display` or `payload`).
fn names_payment(key: &str) -> bool {
    thread_local! {
        static VERDICTS: KeyVerdicts = KeyVerdicts::default();
    }
    VERDICTS.with(|verdicts| verdicts.of(key, payment_by_words))
}

fn payment_by_words(key: &str) -> bool {
    const WORDS: &[&str] = &[
        "pay", "payment", "payments", "invoice", "invoices", "checkout", "receipt", "download", "billing",
    ];
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in key.chars() {
        if !c.is_alphanumeric() || (c.is_uppercase() && previous_lower) {
            words.push(std::mem::take(&mut word));
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
    }
    words.push(word);
    words.iter().any(|w| WORDS.contains(&w.as_str()))
}

fn is_url(s: &str) -> bool {
    let t = s.trim_start();
    ["https://", "http://", "//"]
        .iter()
        .any(|p| t.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p)))
}

/// A string holding a URL whose query carries a token or a signature.
fn is_signed_url(s: &str) -> bool {
    // Most strings of a listing are no URL: no lower-cased copy of them.
    if !s.contains("://") {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    const PARAMS: &[&str] = &[
        "token=",
        "sig=",
        "signature=",
        "hash=",
        "key=",
        "auth=",
        "access_token=",
    ];
    lower.contains("://")
        && PARAMS
            .iter()
            .any(|p| lower.contains(&format!("?{p}")) || lower.contains(&format!("&{p}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn write_then_read() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(DataDir::new(dir.path()));
        let now = Utc::now();
        cache.write("acc1", "servers", now, &vec![1, 2, 3]).unwrap();
        let hit: Cached<Vec<i32>> = cache.read("acc1", "servers").hit().unwrap();
        assert_eq!(hit.data, vec![1, 2, 3]);
        assert_eq!(hit.fetched_at, now);
        assert!(matches!(
            cache.read::<Vec<i32>>("acc2", "servers"),
            CacheRead::Miss
        ));
        cache.forget_account("acc1").unwrap();
        assert!(matches!(
            cache.read::<Vec<i32>>("acc1", "servers"),
            CacheRead::Miss
        ));
    }

    #[test]
    fn corrupt_files_are_discarded_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let cache = Cache::new(data.clone());
        let p = data.cache_dir().join("acc1/servers.json");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, b"{\"fetchedAt\": tru").unwrap();
        match cache.read::<Vec<i32>>("acc1", "servers") {
            CacheRead::Discarded(why) => assert!(why.contains("discarded")),
            other => panic!("expected a discard, got {other:?}"),
        }
        assert!(!p.exists());
    }

    #[test]
    fn secrets_never_reach_the_cache_file() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let cache = Cache::new(data.clone());
        let server = json!({"id": "x", "raw": {"initial_root_password": "Hunter2!", "label": "web",
            "nested": [{"privateKey": "-----BEGIN", "rootPassword": "p", "token": "t", "tokens": 3}],
            "user_data": "#cloud-config chpasswd", "apiKey": "k-123", "sessionId": "s-456",
            "private_ip": "10.0.0.1"}});
        cache.write("acc1", "servers", Utc::now(), &server).unwrap();
        let text = std::fs::read_to_string(data.cache_dir().join("acc1/servers.json")).unwrap();
        for secret in [
            "Hunter2!", "BEGIN", "\"p\"", "\"t\"", "chpasswd", "k-123", "s-456",
        ] {
            assert!(!text.contains(secret), "{secret} leaked into {text}");
        }
        assert!(text.contains("\"label\":\"web\"") && text.contains("\"tokens\":3"));
        assert!(text.contains("\"private_ip\":\"10.0.0.1\""), "{text}");
    }

    /// An invoice or payment link opens the invoice, or pays it, without signing in: it is a
    /// credential, so it never reaches the cache, however the provider names it.
    #[test]
    fn invoice_and_payment_links_never_reach_the_cache_file() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let cache = Cache::new(data.clone());
        let invoices = json!([{"id": 5001, "number": "CR-2025-01200", "amount": "12.40", "status": "unpaid",
            "raw": {"id": 5001, "pay_url": "https://pay.example/i/abc?sig=1", "paymentLink": "https://pay.example/l/2",
                "invoice_url": "https://bill.example/inv/3", "downloadLink": "https://bill.example/pdf/4",
                "links": {"checkout": {"href": "https://pay.example/c/5"}},
                "note": "see https://bill.example/inv/6?token=7", "website": "https://provider.example/"}}]);
        cache.write("acc1", "invoices", Utc::now(), &invoices).unwrap();
        let text = std::fs::read_to_string(data.cache_dir().join("acc1/invoices.json")).unwrap();
        for link in ["pay.example", "bill.example"] {
            assert!(!text.contains(link), "{link} leaked into {text}");
        }
        // What is not a link to an invoice or a payment stays.
        assert!(
            text.contains("CR-2025-01200") && text.contains("https://provider.example/"),
            "{text}"
        );
    }

    #[test]
    fn forgetting_an_account_never_leaves_the_cache_dir() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path().join("data"));
        let cache = Cache::new(data.clone());
        // A folder next to the cache and one elsewhere, as `../x` and an absolute id would name.
        let sibling = data.root().join("x");
        std::fs::create_dir_all(&sibling).unwrap();
        std::fs::create_dir_all(data.cache_dir()).unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        for id in ["../x", "..", elsewhere.to_str().unwrap(), ""] {
            assert!(cache.forget_account(id).is_err(), "{id:?} accepted");
        }
        assert!(sibling.exists() && elsewhere.exists() && data.cache_dir().exists());
        assert!(matches!(cache.read::<i32>("../x", "servers"), CacheRead::Miss));
    }

    #[test]
    fn keys_are_confined_to_the_cache_dir() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(DataDir::new(dir.path()));
        assert!(cache.write("../etc", "servers", Utc::now(), &1).is_err());
        assert!(cache.write("a", "x/y", Utc::now(), &1).is_err());
    }
}
