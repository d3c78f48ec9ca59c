//! Tolerant deserialisation for the provider edge: the providers' quirks (docs/wire-decisions.md
//! "Provider quirks") — string-or-number, `""`-or-object, map-or-list, one-element arrays, several
//! date formats — are absorbed here so that everything past a provider module is well-typed; and
//! the one secret-field policy ([`is_secret_key`]).
//!
//! Every function is total: on a shape it does not understand it yields `None` / empty, never an
//! error that would fail a whole list because one field of one item drifted.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;

/// A string, an integer or a float, as providers send numbers (`"0"`, `40`, `"353.00"`, `203.09`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum StrOrNum {
    I(i64),
    F(f64),
    S(String),
}

impl StrOrNum {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            StrOrNum::I(i) => Some(*i as f64),
            StrOrNum::F(f) => Some(*f),
            StrOrNum::S(s) => s.trim().parse().ok(),
        }
    }
    pub fn as_text(&self) -> String {
        match self {
            StrOrNum::I(i) => i.to_string(),
            StrOrNum::F(f) => f.to_string(),
            StrOrNum::S(s) => s.clone(),
        }
    }
}

/// A list, or a map whose values are the items (Cloude.ro SSH keys, old LetsCloud plans).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum VecOrMap<T> {
    Vec(Vec<T>),
    Map(BTreeMap<String, T>),
}

impl<T> VecOrMap<T> {
    /// The items; for a map, paired with their keys.
    pub fn into_entries(self) -> Vec<(Option<String>, T)> {
        match self {
            VecOrMap::Vec(v) => v.into_iter().map(|t| (None, t)).collect(),
            VecOrMap::Map(m) => m.into_iter().map(|(k, t)| (Some(k), t)).collect(),
        }
    }
    pub fn into_vec(self) -> Vec<T> {
        self.into_entries().into_iter().map(|(_, t)| t).collect()
    }
}

/// One item or a list of them (Cloude.ro server detail is a one-element array).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OneOrVec<T> {
    Vec(Vec<T>),
    One(T),
}

impl<T> OneOrVec<T> {
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrVec::Vec(v) => v,
            OneOrVec::One(t) => vec![t],
        }
    }
    pub fn into_first(self) -> Option<T> {
        self.into_vec().into_iter().next()
    }
}

/// Deserialize any field as `Option<T>`, turning a value of the wrong shape into `None` instead of an error.
/// Use as `#[serde(default, deserialize_with = "lenient::opt")]`.
pub fn opt<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let v = Value::deserialize(d)?;
    Ok(serde_json::from_value(v).ok())
}

/// Deserialize a list, skipping the items that do not parse and treating a non-list as empty.
pub fn vec_skip<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let v = Value::deserialize(d)?;
    Ok(items_of(&v))
}

/// The items of a JSON array that parse as `T` (others are skipped); a non-array yields nothing.
pub fn items_of<T: DeserializeOwned>(v: &Value) -> Vec<T> {
    match v {
        Value::Array(a) => a
            .iter()
            .filter_map(|x| serde_json::from_value(x.clone()).ok())
            .collect(),
        _ => Vec::new(),
    }
}

/// The first array found in `v`: `v` itself, or `v[key]` for the first key present, or the only
/// array-valued field of an object (Cloudzy wraps lists as `data.instances`, `data.os`, `data.data`…).
pub fn find_array<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a Vec<Value>> {
    match v {
        Value::Array(a) => Some(a),
        Value::Object(o) => {
            for k in keys {
                if let Some(Value::Array(a)) = o.get(*k) {
                    return Some(a);
                }
            }
            let mut arrays = o.values().filter_map(Value::as_array);
            let first = arrays.next();
            if arrays.next().is_none() {
                first
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A string from a string, number or bool; `None` for null, empty strings, objects and arrays.
pub fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A float from a number or a numeric string (`"5.00"`, `"20%"`, `" 40 "`).
pub fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse().ok(),
        _ => None,
    }
}

/// A non-negative whole number that fits `u32`, from a number or a numeric string (rounded).
pub fn count(v: Option<&Value>) -> Option<u32> {
    let f = number(v)?;
    if f.is_finite() && f >= 0.0 && f <= f64::from(u32::MAX) {
        Some(f.round() as u32)
    } else {
        None
    }
}

/// A bool from `true/false`, `1/0`, `"true"/"false"/"yes"/"no"/"1"/"0"`.
pub fn flag(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "on" => Some(true),
            "false" | "no" | "0" | "off" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A decimal string from a number or string, keeping the provider's precision (`203.09`, `"10.0000"`).
pub fn decimal(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => {
            let t = s.trim();
            (!t.is_empty() && t.parse::<f64>().is_ok()).then(|| t.to_owned())
        }
        _ => None,
    }
}

/// A timestamp from RFC 3339, `YYYY-MM-DD HH:MM:SS` (UTC), a date, or epoch seconds/milliseconds
/// (number or numeric string). Empty strings and zero are "no date".
pub fn datetime(v: Option<&Value>) -> Option<DateTime<Utc>> {
    match v? {
        Value::Number(n) => epoch(n.as_f64()?),
        Value::String(s) => parse_datetime_text(s.trim()),
        _ => None,
    }
}

fn epoch(x: f64) -> Option<DateTime<Utc>> {
    if !x.is_finite() || x <= 0.0 {
        return None;
    }
    // Anything past year 5138 in seconds is taken as milliseconds.
    let secs = if x > 1e11 { x / 1000.0 } else { x };
    if secs > 1e13 {
        return None;
    }
    Utc.timestamp_opt(secs as i64, 0).single()
}

fn parse_datetime_text(s: &str) -> Option<DateTime<Utc>> {
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(Utc.from_utc_datetime(&n));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|n| Utc.from_utc_datetime(&n));
    }
    if let Ok(x) = s.parse::<f64>() {
        return epoch(x);
    }
    None
}

/// Size text such as `"5GB"`, `"512MB"`, `"4 GiB"`, `"1048576"` (bytes) in the given unit.
pub fn size_in(text: &str, unit: SizeUnit) -> Option<f64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, suffix) = t.split_at(split);
    let n: f64 = num.parse().ok()?;
    let bytes = match suffix.trim().to_ascii_uppercase().as_str() {
        "" | "B" => n,
        "K" | "KB" | "KIB" => n * 1024.0,
        "M" | "MB" | "MIB" => n * 1024.0 * 1024.0,
        "G" | "GB" | "GIB" => n * 1024.0 * 1024.0 * 1024.0,
        "T" | "TB" | "TIB" => n * 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some(bytes / unit.bytes())
}

/// Units for [`size_in`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeUnit {
    Mb,
    Gb,
}

impl SizeUnit {
    fn bytes(self) -> f64 {
        match self {
            SizeUnit::Mb => 1024.0 * 1024.0,
            SizeUnit::Gb => 1024.0 * 1024.0 * 1024.0,
        }
    }
}

/// The fields of `obj` that are not in `known`, for a model's `extra` map (cached on disk and shown
/// in the UI): without secrets, at any depth ([`without_secrets`]).
pub fn extra_fields(obj: &Value, known: &[&str]) -> BTreeMap<String, Value> {
    match obj {
        Value::Object(o) => o
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()) && !is_secret_key(k))
            .map(|(k, v)| (k.clone(), without_secrets(v)))
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// An id from a number or a non-empty string (trimmed).
pub fn id_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    }
}

/// The [`text`] of the first of `keys` that `o` has as text (providers spell one field several ways).
pub fn first_text(o: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| text(o.get(*k)))
}

/// A string, or the first string of a list (`"msg"`, `["msg", …]`: Laravel-style error messages).
pub fn text_or_first(v: &Value) -> Option<String> {
    match v {
        Value::Array(a) => a.iter().find_map(|x| text(Some(x))),
        other => text(Some(other)),
    }
}

/// A positive whole number; `0` / `"0"` reads as "not stated" (stopped servers report `disk: "0"`).
pub fn positive(v: Option<&Value>) -> Option<u32> {
    count(v).filter(|n| *n > 0)
}

/// GB (possibly fractional, possibly a string) → whole MB (1 GB = 1024 MB).
pub fn gb_to_mb(v: Option<&Value>) -> Option<u32> {
    scaled(v, 1024.0)
}

/// TB → whole GB, decimal (1 TB = 1000 GB, as providers sell traffic).
pub fn tb_to_gb(v: Option<&Value>) -> Option<u32> {
    scaled(v, 1000.0)
}

fn scaled(v: Option<&Value>, factor: f64) -> Option<u32> {
    let x = number(v)? * factor;
    (x.is_finite() && x > 0.0 && x <= f64::from(u32::MAX)).then(|| x.round() as u32)
}

/// The one object of a detail answer: an object, or the first object of a (one-element) array.
pub fn single_object(data: &Value) -> Option<&Value> {
    match data {
        Value::Array(a) => a.iter().find(|v| v.is_object()),
        Value::Object(_) => Some(data),
        _ => None,
    }
}

/// The items of a list answer: an array, or (PHP associative arrays, lists read with
/// `Object.values`) an object whose values are the items — unless the object is itself one item
/// (it has `item_key`). Non-objects are skipped.
pub fn list_objects<'a>(data: &'a Value, item_key: &str) -> Vec<&'a Value> {
    match data {
        Value::Array(a) => a.iter().filter(|v| v.is_object()).collect(),
        Value::Object(o) if o.contains_key(item_key) => vec![data],
        Value::Object(o) => o.values().filter(|v| v.is_object()).collect(),
        _ => Vec::new(),
    }
}

/// `v` without the object keys `is_secret` names, at any depth (arrays walked too).
pub fn without_keys(v: &Value, is_secret: &dyn Fn(&str) -> bool) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(k, _)| !is_secret(k))
                .map(|(k, v)| (k.clone(), without_keys(v, is_secret)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|v| without_keys(v, is_secret)).collect()),
        other => other.clone(),
    }
}

/// `v` without the keys [`is_secret_key`] names, at any depth: what a provider object may keep
/// before it becomes `raw` or `extra`, which are cached on disk and shown in the UI.
pub fn without_secrets(v: &Value) -> Value {
    without_keys(v, &is_secret_key)
}

/// [`without_secrets`] in place (the store's cache writes, the CLI's `raw` output).
pub fn remove_secrets(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|k, _| !is_secret_key(k));
            map.values_mut().for_each(remove_secrets);
        }
        Value::Array(items) => items.iter_mut().for_each(remove_secrets),
        _ => {}
    }
}

/// The one secret-field policy of Fleetdeck: whether a JSON key (or an LXD config key such as
/// `cloud-init.user-data`) names a secret, whatever the provider and however it is spelt.
///
/// The key is cut into lower-case words at `_`, `-`, `.`, spaces and camelCase humps
/// (`refreshToken` → `refresh token`, `APIKey` → `api key`). It is a secret when it names a
/// password (`password`, `passwd`), a token (a word ending in `token`; not `tokens`), a secret, a
/// private key, an API key, authentication (`auth`, `authorization`, `authentication`, `jwt`), a
/// cookie, a session, a credential, or cloud-init input (`user data`, `vendor data`, `cloud-init`),
/// which may carry passwords and keys. `private` alone is not a secret: `private_ip`, `privateIp`,
/// `private_network` and `ipv4_private` are addresses, kept. The store's cache, the transport's
/// error excerpts and every provider's `raw` scrubbing use this one test (docs/wire-decisions.md).
pub fn is_secret_key(key: &str) -> bool {
    thread_local! {
        static VERDICTS: KeyVerdicts = KeyVerdicts::default();
    }
    VERDICTS.with(|verdicts| verdicts.of(key, secret_by_words))
}

fn secret_by_words(key: &str) -> bool {
    let words = key_words(key);
    let joined: String = words.concat();
    const ANYWHERE: &[&str] = &[
        "password",
        "passwd",
        "secret",
        "credential",
        "cookie",
        "session",
        "privatekey",
        "apikey",
        "authkey",
        "userdata",
        "vendordata",
        "cloudinit",
    ];
    ANYWHERE.iter().any(|w| joined.contains(w))
        || words.iter().any(|w| {
            w.ends_with("token")
                || matches!(
                    w.as_str(),
                    "auth" | "authorization" | "authorisation" | "authentication" | "jwt"
                )
        })
}

/// Remembered answers of one pure test over JSON object keys, for one thread.
///
/// A listing repeats the same few dozen keys in every server, and the key tests cut each key into
/// lower-case words (allocations per character): 4,000 servers spent a fifth of a listing's CPU
/// there. Keys longer than [`KeyVerdicts::LONGEST`] are tested each time, and the table is emptied
/// when it holds [`KeyVerdicts::MOST`] keys, so keys a provider makes up (LXD device names,
/// configuration keys) cannot grow it without bound. The answers are the test's own: the table
/// only skips asking again.
#[derive(Default)]
pub struct KeyVerdicts(std::cell::RefCell<std::collections::HashMap<String, bool>>);

impl KeyVerdicts {
    const LONGEST: usize = 64;
    const MOST: usize = 4096;

    /// `test(key)`, from the table when it was asked before on this thread.
    pub fn of(&self, key: &str, test: fn(&str) -> bool) -> bool {
        if key.len() > Self::LONGEST {
            return test(key);
        }
        if let Some(known) = self.0.borrow().get(key) {
            return *known;
        }
        let verdict = test(key);
        let mut table = self.0.borrow_mut();
        if table.len() >= Self::MOST {
            table.clear();
        }
        table.insert(key.to_owned(), verdict);
        verdict
    }
}

/// The lower-case words of a key: split at every character that is not a letter or digit, and
/// at camelCase humps (a lower-case letter or digit followed by an upper-case one; the last
/// capital of an upper-case run followed by a lower-case letter starts a word).
fn key_words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in key.split(|c: char| !c.is_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (i, c) in chars.iter().enumerate() {
            let hump = i > 0
                && c.is_uppercase()
                && (!chars[i - 1].is_uppercase() || chars.get(i + 1).is_some_and(|n| n.is_lowercase()));
            if hump && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            word.extend(c.to_lowercase());
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

/// Whether an address is IPv6 (contains a colon after parsing); classifies LetsCloud's mixed list.
pub fn is_ipv6(addr: &str) -> bool {
    addr.trim()
        .split('/')
        .next()
        .and_then(|a| a.parse::<std::net::IpAddr>().ok())
        .is_some_and(|ip| ip.is_ipv6())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every name of the policy, in every spelling providers use: each must be dropped.
    #[test]
    fn every_secret_name_in_every_spelling_is_a_secret() {
        for k in [
            // password, passwd
            "password",
            "Password",
            "initial_root_password",
            "rootPassword",
            "root-password",
            "ROOT_PASSWORD",
            "passwd",
            "userpasswd",
            "user_passwd",
            // token
            "token",
            "access_token",
            "refreshToken",
            "refreshtoken",
            "api-token",
            "API-Token",
            "APIToken",
            "token_expires_at",
            // secret
            "secret",
            "client_secret",
            "clientSecret",
            "secret-key",
            // private key
            "private_key",
            "privateKey",
            "private-key",
            "privatekey",
            "PrivateKey",
            "ssh_private_key",
            // api key
            "api_key",
            "apiKey",
            "APIKey",
            "api-key",
            "x-api-key",
            "apikey",
            // auth
            "auth",
            "Auth",
            "authorization",
            "Authorization",
            "authentication",
            "auth_header",
            "authKey",
            "x-auth",
            "jwt",
            // cookie
            "cookie",
            "Set-Cookie",
            "sessionCookie",
            // session
            "session",
            "session_id",
            "sessionId",
            "PHPSESSID_session",
            // credential
            "credential",
            "credentials",
            "awsCredentials",
            // user data
            "user_data",
            "userData",
            "user-data",
            "userdata",
            "user.user-data",
            "cloud-init.user-data",
            // vendor data
            "vendor_data",
            "vendorData",
            "vendor-data",
            "user.vendor-data",
            "cloud-init.vendor-data",
            // cloud-init
            "cloud-init",
            "cloud_init",
            "cloudInit",
            "cloudinit",
            "cloud-init.network-config",
        ] {
            assert!(is_secret_key(k), "{k} must be treated as a secret");
        }
    }

    /// Names that look close to a secret but are not: each must be kept.
    #[test]
    fn private_addresses_and_ordinary_names_are_kept() {
        for k in [
            // private-IP fields
            "private_ip",
            "privateIp",
            "private-ip",
            "privateIP",
            "private_ips",
            "private_network",
            "privateNetwork",
            "private_networking",
            "ipv4_private",
            "ipv4Private",
            "private",
            "is_private",
            // ordinary names
            "tokens",
            "label",
            "hostname",
            "ssh_key_slug",
            "public_key",
            "publicKey",
            "fingerprint",
            "author",
            "id",
            "status",
            "user",
            "user_id",
            "data",
            "vendor",
            "cloud",
            "init",
            "limits.memory",
            "image.os",
        ] {
            assert!(!is_secret_key(k), "{k} must be kept");
        }
    }

    #[test]
    fn remembered_key_verdicts_are_the_tests_own_and_the_table_stays_bounded() {
        let verdicts = KeyVerdicts::default();
        for key in ["password", "privateIp", "refreshToken", "name", "user.user-data"] {
            let expected = secret_by_words(key);
            // Asked twice: the second answer comes from the table.
            assert_eq!(verdicts.of(key, secret_by_words), expected, "{key}");
            assert_eq!(verdicts.of(key, secret_by_words), expected, "{key}");
        }
        let long = format!("{}Token", "x".repeat(KeyVerdicts::LONGEST));
        assert!(verdicts.of(&long, secret_by_words));
        assert!(
            !verdicts.0.borrow().contains_key(&long),
            "long keys are not remembered"
        );
        for i in 0..KeyVerdicts::MOST + 10 {
            verdicts.of(&format!("device{i}"), secret_by_words);
        }
        assert!(verdicts.0.borrow().len() <= KeyVerdicts::MOST);
    }

    #[test]
    fn keys_split_into_words() {
        assert_eq!(key_words("refreshToken"), ["refresh", "token"]);
        assert_eq!(key_words("APIKey"), ["api", "key"]);
        assert_eq!(
            key_words("cloud-init.user-data"),
            ["cloud", "init", "user", "data"]
        );
        assert_eq!(key_words("ipv4_private"), ["ipv4", "private"]);
        assert_eq!(key_words("privateIP"), ["private", "ip"]);
    }

    #[test]
    fn secrets_are_removed_at_any_depth_both_ways() {
        let v = json!({"id": 1, "rootPassword": "x", "private_ip": "10.0.0.1",
                       "config": {"cloud-init.user-data": "#cloud-config", "limits.cpu": "2"},
                       "nics": [{"privateIp": "10.0.0.2", "session_id": "s"}]});
        let want = json!({"id": 1, "private_ip": "10.0.0.1", "config": {"limits.cpu": "2"},
                          "nics": [{"privateIp": "10.0.0.2"}]});
        assert_eq!(without_secrets(&v), want);
        let mut in_place = v.clone();
        remove_secrets(&mut in_place);
        assert_eq!(in_place, want);
        let extra = extra_fields(&v, &["id"]);
        assert_eq!(
            Value::Object(extra.into_iter().collect()),
            json!({"private_ip": "10.0.0.1", "config": {"limits.cpu": "2"},
                   "nics": [{"privateIp": "10.0.0.2"}]})
        );
    }

    #[test]
    fn without_keys_drops_named_keys_at_any_depth() {
        let v = json!({"id": 1, "rootPassword": "x",
                       "nics": [{"ip": "10.0.0.1", "token": "t"}], "meta": {"secret": "s", "ok": true}});
        let secret = |k: &str| {
            let k = k.to_ascii_lowercase();
            k.contains("password") || k.contains("token") || k.contains("secret")
        };
        assert_eq!(
            without_keys(&v, &secret),
            json!({"id": 1, "nics": [{"ip": "10.0.0.1"}], "meta": {"ok": true}})
        );
    }

    #[test]
    fn numbers_from_strings_and_numbers() {
        assert_eq!(count(Some(&json!("0"))), Some(0));
        assert_eq!(count(Some(&json!(40))), Some(40));
        assert_eq!(count(Some(&json!(-1))), None);
        assert_eq!(count(Some(&json!("x"))), None);
        assert_eq!(number(Some(&json!("20%"))), Some(20.0));
        assert_eq!(decimal(Some(&json!(203.09))).as_deref(), Some("203.09"));
        assert_eq!(decimal(Some(&json!("10.0000"))).as_deref(), Some("10.0000"));
        assert_eq!(decimal(Some(&json!("abc"))), None);
        assert_eq!(text(Some(&json!(""))), None);
        assert_eq!(text(Some(&json!(12))).as_deref(), Some("12"));
        assert_eq!(flag(Some(&json!(1))), Some(true));
        assert_eq!(flag(Some(&json!("false"))), Some(false));
    }

    #[test]
    fn ids_units_and_items() {
        assert_eq!(id_text(Some(&json!(12))).as_deref(), Some("12"));
        assert_eq!(id_text(Some(&json!(" a1 "))).as_deref(), Some("a1"));
        assert_eq!(id_text(Some(&json!(" "))), None);
        assert_eq!(id_text(Some(&json!({}))), None);
        let o = json!({"slug": "", "id": 7});
        assert_eq!(first_text(&o, &["slug", "id"]).as_deref(), Some("7"));
        assert_eq!(
            text_or_first(&json!(["first", "second"])).as_deref(),
            Some("first")
        );
        assert_eq!(text_or_first(&json!("only")).as_deref(), Some("only"));
        assert_eq!(positive(Some(&json!("0"))), None);
        assert_eq!(positive(Some(&json!("40"))), Some(40));
        assert_eq!(gb_to_mb(Some(&json!("0.5"))), Some(512));
        assert_eq!(gb_to_mb(Some(&json!(0))), None);
        assert_eq!(tb_to_gb(Some(&json!(1.5))), Some(1500));
        assert_eq!(tb_to_gb(Some(&json!(-1))), None);
        assert_eq!(single_object(&json!([1, {"id": 2}])), Some(&json!({"id": 2})));
        assert_eq!(single_object(&json!("x")), None);
        assert_eq!(list_objects(&json!({"id": 1}), "id").len(), 1);
        assert_eq!(
            list_objects(&json!({"a": {"id": 1}, "b": {"id": 2}, "c": 3}), "id").len(),
            2
        );
        assert_eq!(list_objects(&json!([{"id": 1}, 2]), "id").len(), 1);
    }

    #[test]
    fn dates_in_every_shape() {
        let want = Utc.with_ymd_and_hms(2018, 1, 4, 11, 14, 34).unwrap();
        assert_eq!(datetime(Some(&json!("2018-01-04T11:14:34Z"))), Some(want));
        assert_eq!(datetime(Some(&json!("2018-01-04 11:14:34"))), Some(want));
        assert_eq!(datetime(Some(&json!(1515064474))), Some(want));
        assert_eq!(datetime(Some(&json!(1515064474000_i64))), Some(want));
        assert_eq!(datetime(Some(&json!("1515064474"))), Some(want));
        assert_eq!(datetime(Some(&json!(""))), None);
        assert_eq!(datetime(Some(&json!(0))), None);
        assert_eq!(datetime(Some(&json!({}))), None);
    }

    #[test]
    fn shapes() {
        let m: VecOrMap<i32> = serde_json::from_value(json!({"a": 1, "b": 2})).unwrap();
        assert_eq!(
            m.into_entries(),
            vec![(Some("a".into()), 1), (Some("b".into()), 2)]
        );
        let v: VecOrMap<i32> = serde_json::from_value(json!([3])).unwrap();
        assert_eq!(v.into_vec(), vec![3]);
        let one: OneOrVec<i32> = serde_json::from_value(json!(5)).unwrap();
        assert_eq!(one.into_first(), Some(5));
        let many: OneOrVec<i32> = serde_json::from_value(json!([6, 7])).unwrap();
        assert_eq!(many.into_first(), Some(6));
    }

    #[test]
    fn find_array_in_wrappers() {
        assert_eq!(find_array(&json!([1]), &[]).map(Vec::len), Some(1));
        assert_eq!(
            find_array(&json!({"instances": [1, 2], "bookmark": "x"}), &["instances"]).map(Vec::len),
            Some(2)
        );
        assert_eq!(
            find_array(&json!({"os": [1]}), &["instances"]).map(Vec::len),
            Some(1)
        );
        assert_eq!(find_array(&json!({"a": [1], "b": [2]}), &["c"]), None);
        assert_eq!(find_array(&json!("x"), &[]), None);
    }

    #[test]
    fn sizes() {
        assert_eq!(size_in("5GB", SizeUnit::Gb), Some(5.0));
        assert_eq!(size_in("512MB", SizeUnit::Gb), Some(0.5));
        assert_eq!(size_in("4 GiB", SizeUnit::Mb), Some(4096.0));
        assert_eq!(size_in("1048576", SizeUnit::Mb), Some(1.0));
        assert_eq!(size_in("lots", SizeUnit::Mb), None);
    }

    #[test]
    fn lenient_opt_and_vec_skip() {
        #[derive(Deserialize)]
        struct S {
            #[serde(default, deserialize_with = "opt")]
            n: Option<u32>,
            #[serde(default, deserialize_with = "vec_skip")]
            v: Vec<u32>,
        }
        let s: S = serde_json::from_value(json!({"n": "x", "v": [1, "a", 2]})).unwrap();
        assert_eq!(s.n, None);
        assert_eq!(s.v, vec![1, 2]);
        let s: S = serde_json::from_value(json!({"v": {"k": 1}})).unwrap();
        assert!(s.v.is_empty());
    }

    #[test]
    fn ip_classification() {
        assert!(is_ipv6("2001:db8::1"));
        assert!(is_ipv6("2001:db8::1/64"));
        assert!(!is_ipv6("203.0.113.9"));
        assert!(!is_ipv6("garbage"));
    }
}
