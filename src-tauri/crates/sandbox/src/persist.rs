//! Optional persistence of the whole sandbox to one JSON file, so a sandbox survives an app restart.
//!
//! File: `{"version": 1, "providers": {"cloudero": <ProviderSim::save()>, …}}`, written atomically
//! (a temporary file in the same directory, then a rename) and readable by its owner only (0600). A missing file means a fresh seed; an
//! unreadable one is an error at start (never silently overwritten).
//!
//! Simulators keep `Instant`s for lazy action completion; [`instant_ms`] stores them as "started
//! this many ms ago", so a pending action resumes where it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Value};

use crate::sim::ProviderSim;
use crate::SandboxError;

const VERSION: u64 = 1;

/// Read a state file: per provider kind, the state its simulator saved. `Ok(None)`: no file yet.
pub fn read(path: &Path) -> Result<Option<BTreeMap<String, Value>>, SandboxError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(state_error(path, format!("cannot read: {e}"))),
    };
    let doc: Value = serde_json::from_str(&text).map_err(|e| state_error(path, format!("not JSON: {e}")))?;
    if doc.get("version").and_then(Value::as_u64) != Some(VERSION) {
        return Err(state_error(
            path,
            format!("not a version {VERSION} sandbox state file"),
        ));
    }
    let providers = match doc.get("providers") {
        Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        _ => BTreeMap::new(),
    };
    Ok(Some(providers))
}

/// Write every simulator's state to `path` atomically.
pub fn write(path: &Path, sims: &[Arc<dyn ProviderSim>]) -> Result<(), SandboxError> {
    let providers: serde_json::Map<String, Value> = sims
        .iter()
        .map(|s| (s.kind().to_owned(), s.save()))
        .filter(|(_, v)| !v.is_null())
        .collect();
    let doc = json!({ "version": VERSION, "providers": providers });
    let text = serde_json::to_vec(&doc).map_err(|e| state_error(path, e.to_string()))?;
    let tmp = temp_path(path);
    write_private(&tmp, &text).map_err(|e| state_error(&tmp, format!("cannot write: {e}")))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        state_error(path, format!("cannot replace: {e}"))
    })
}

/// Write `bytes` to a new or truncated file readable by its owner only (0600 on unix): the state
/// holds the simulators' seed credentials. The mode is set again on an existing file, since
/// `mode` applies only when a file is created.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let mut file = options.open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        file.write_all(bytes)?;
        file.sync_all()
    }
    #[cfg(not(unix))]
    {
        let mut file = options.open(path)?;
        file.write_all(bytes)?;
        file.sync_all()
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "sandbox-state".into());
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

fn state_error(path: &Path, message: String) -> SandboxError {
    SandboxError::State {
        path: path.to_path_buf(),
        message,
    }
}

/// Serde for `std::time::Instant` as "milliseconds since then" (an instant has no absolute value).
/// Reading gives `now - elapsed`, so a pending action keeps its remaining time across a restart.
pub mod instant_ms {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::{Duration, Instant};

    pub fn serialize<S: Serializer>(at: &Instant, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(u64::try_from(at.elapsed().as_millis()).unwrap_or(u64::MAX))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Instant, D::Error> {
        let ms = u64::deserialize(d)?;
        let now = Instant::now();
        Ok(now.checked_sub(Duration::from_millis(ms)).unwrap_or(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::SeedCredential;
    use std::sync::Mutex;

    struct Counter(Mutex<u64>);
    impl ProviderSim for Counter {
        fn kind(&self) -> &'static str {
            "counter"
        }
        fn router(self: Arc<Self>) -> axum::Router {
            axum::Router::new()
        }
        fn credentials(&self) -> Vec<SeedCredential> {
            Vec::new()
        }
        fn save(&self) -> Value {
            json!({ "n": *self.0.lock().unwrap() })
        }
        fn load(&self, state: Value) {
            if let Some(n) = state.get("n").and_then(Value::as_u64) {
                *self.0.lock().unwrap() = n;
            }
        }
    }

    #[test]
    fn state_round_trips_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        assert!(read(&path).unwrap().is_none(), "no file: fresh seed");
        let sim: Arc<dyn ProviderSim> = Arc::new(Counter(Mutex::new(41)));
        write(&path, std::slice::from_ref(&sim)).unwrap();
        let back = read(&path).unwrap().unwrap();
        assert_eq!(back["counter"], json!({"n": 41}));
        let other = Counter(Mutex::new(0));
        other.load(back["counter"].clone());
        assert_eq!(*other.0.lock().unwrap(), 41);
        // no temporary file left behind
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// The state holds the simulators' seed credentials (tokens, passwords): owner-only.
    #[cfg(unix)]
    #[test]
    fn the_state_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sandbox-state.json");
        let sim: Arc<dyn ProviderSim> = Arc::new(Counter(Mutex::new(1)));
        write(&path, std::slice::from_ref(&sim)).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "mode {mode:o}");
        // Rewriting an existing file that was too open closes it.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write(&path, std::slice::from_ref(&sim)).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "mode {mode:o}");
    }

    #[test]
    fn a_broken_file_is_an_error_not_a_fresh_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, "{not json").unwrap();
        assert!(matches!(read(&path), Err(SandboxError::State { .. })));
        std::fs::write(&path, r#"{"version": 99}"#).unwrap();
        assert!(read(&path).is_err());
    }

    #[test]
    fn instants_keep_their_age() {
        #[derive(serde::Serialize, serde::Deserialize)]
        struct T {
            #[serde(with = "instant_ms")]
            at: std::time::Instant,
        }
        let t = T {
            at: std::time::Instant::now() - std::time::Duration::from_secs(5),
        };
        let text = serde_json::to_string(&t).unwrap();
        let back: T = serde_json::from_str(&text).unwrap();
        let age = back.at.elapsed().as_millis();
        assert!((5000..6000).contains(&age), "{age}");
    }
}
