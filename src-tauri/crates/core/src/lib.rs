//! Fleetdeck core: the domain model, capabilities, typed errors, the provider contract, the HTTP
//! transport every provider client uses, and the job waiter. This crate never depends on Tauri.

pub mod domain;
pub mod error;

pub use error::{Error, ErrorCode, ErrorPayload, Result};
