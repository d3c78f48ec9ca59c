//! How a [`crate::Fleet`] obtains provider clients. The real [`Registry`] knows the four provider
//! crates — adding a fifth provider is one line in each of its two matches; tests inject fakes.

use std::sync::Arc;

use async_trait::async_trait;

use fleetdeck_core::{Account, Capabilities, Provider, ProviderContext, Result};

/// Builds provider clients and states their capabilities before connecting.
#[async_trait]
pub trait Connector: Send + Sync {
    async fn connect(&self, ctx: ProviderContext) -> Result<Arc<dyn Provider>>;
    /// What an account's provider offers, without a network round trip.
    fn capabilities(&self, account: &Account) -> Capabilities;
    /// The public base URL of a provider.
    fn default_endpoint(&self, provider: fleetdeck_core::ProviderKind) -> String;
}
