//! The interface every provider simulator implements (the sandbox contract).
//!
//! A simulator owns the whole in-memory state of one provider (all its customer accounts) and
//! exposes the provider's HTTP API as an axum router. The framework (see `crate::Sandbox`) binds
//! it to a loopback port and wraps it in the fault layer, so simulators never see faults.

/// Knobs shared by every simulator.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// How many customer accounts this provider holds (default 2).
    pub accounts: usize,
    /// Servers seeded per account: default 5 (believable); up to 10_000 in total for benchmarks.
    pub servers_per_account: usize,
    /// How long a long action takes (default 4 s; tests use ~50-200 ms).
    pub action_delay: std::time::Duration,
    /// Seed of the deterministic seed data.
    pub rng_seed: u64,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            accounts: 2,
            servers_per_account: 5,
            action_delay: std::time::Duration::from_secs(4),
            rng_seed: 7,
        }
    }
}

/// One seeded customer account of a simulated provider, as a user would enter it in Fleetdeck.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SeedCredential {
    /// e.g. "cloudzy-acme".
    pub label: String,
    /// Cloude.ro login e-mail; None elsewhere.
    pub username: Option<String>,
    /// API token / password / vz bearer token. These are fake sandbox secrets, printed on purpose.
    pub secret: String,
}

/// A stateful simulator of one provider's HTTP API.
pub trait ProviderSim: Send + Sync + 'static {
    /// "letscloud" | "cloudero" | "cloudzy" | "vz"
    fn kind(&self) -> &'static str;
    /// The provider's HTTP API (paths exactly as the real API, e.g. "/v1/instances").
    fn router(self: std::sync::Arc<Self>) -> axum::Router;
    /// The seeded customer accounts.
    fn credentials(&self) -> Vec<SeedCredential>;
    /// Fault "token expiry now": every issued session token stops working (Cloude.ro); no-op elsewhere.
    fn expire_sessions(&self) {}
    /// Optional persistence: the whole state as JSON, and back.
    fn save(&self) -> serde_json::Value {
        serde_json::Value::Null
    }
    /// Restores state produced by [`ProviderSim::save`]; unreadable state is ignored (fresh seed kept).
    fn load(&self, _state: serde_json::Value) {}
}
