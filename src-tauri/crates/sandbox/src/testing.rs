//! Start-up shared by the provider crates' tests against the sandbox.
//!
//! Every such test wants the same thing: one simulator on a free loopback port, no admin API, no
//! state file, seeded by the given [`SimConfig`]. The endpoint and the seeded credentials are then
//! read from the returned [`Sandbox`] ([`Sandbox::endpoint`], [`Sandbox::credentials`]).

use crate::{Sandbox, SandboxConfig, SandboxError, SimConfig};

/// Starts a sandbox serving only the simulator of `kind` (one of [`crate::KINDS`]) on a free
/// loopback port, seeded by `sim`, without the admin API or a state file.
pub async fn start_for(kind: &str, sim: SimConfig) -> Result<Sandbox, SandboxError> {
    Sandbox::start(SandboxConfig {
        sim,
        port_base: None,
        admin: false,
        state_file: None,
        kinds: Some(vec![kind.to_owned()]),
    })
    .await
}
