//! Fleetdeck's local data, shared by the desktop app and the CLI (docs/design-rules.md rule 12): the account
//! list, the accounts' secrets in the OS keyring, the last-known state of every account (cache), and the
//! persisted jobs. No Tauri here.
//!
//! Invariants:
//! - files live in one data directory and are written atomically (temp file + rename), under an
//!   advisory lock when read-modify-write, so the app and the CLI may write at the same time;
//! - secrets live only in the OS keyring (one entry per account, keyed by the account's id);
//! - a corrupt cache file is discarded with a warning, never a crash; a corrupt account list or
//!   job log is moved aside (never deleted or overwritten) and the user is told where ([`Notices`]);
//! - an account id is checked before it becomes a path or a keyring entry name
//!   ([`paths::validate_account_id`]).

pub mod accounts;
pub mod cache;
pub mod files;
pub mod jobs;
pub mod local_tags;
pub mod notices;
pub mod parked;
pub mod paths;
pub mod secrets;

pub use accounts::AccountList;
pub use cache::{Cache, Cached};
pub use jobs::JobLog;
pub use local_tags::LocalTags;
pub use notices::Notices;
pub use parked::{ParkedList, ParkedServer};
pub use paths::DataDir;
pub use secrets::{AccountSecrets, KeyringSecrets, KeyringStatus, MemorySecrets, SecretStore};
