//! Fleetdeck core: the domain model, capabilities, typed errors, the provider contract, the HTTP
//! transport every provider client uses, and the job waiter. This crate never depends on Tauri.

pub mod actions;
pub mod capabilities;
pub mod coalesce;
pub mod descriptor;
pub mod domain;
pub mod download;
pub mod error;
pub mod http;
pub mod job;
pub mod lenient;
pub mod money;
pub mod names;
pub mod paging;
pub mod provider;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
pub mod toolkit;

pub use capabilities::Capabilities;
pub use descriptor::ProviderDescriptor;
pub use domain::*;
pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use provider::*;
pub use secrecy::{ExposeSecret, SecretString};
