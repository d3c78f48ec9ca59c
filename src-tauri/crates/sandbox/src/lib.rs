//! Stateful loopback simulators of the four provider APIs, with fault and latency injection.

pub mod cloudero;
pub mod cloudzy;
pub mod letscloud;
pub mod sim;
pub mod vz;

pub use sim::{ProviderSim, SeedCredential, SimConfig};
