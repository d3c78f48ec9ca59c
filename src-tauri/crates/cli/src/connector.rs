//! Which provider clients the CLI connects with.
//!
//! TEMPORARY: the integrator is writing `fleetdeck_fleet::connector::Registry` (a [`Connector`] over
//! the four provider crates). Until it lands, this connector knows the provider crates that are
//! finished (Cloude.ro) and answers "unsupported" for the others. When the Registry lands, this file
//! shrinks to `Arc::new(Registry::default())` (or however the Registry is built).

use std::sync::Arc;

use async_trait::async_trait;

use fleetdeck_core::{Account, Capabilities, Error, Provider, ProviderContext, ProviderKind, Result};
use fleetdeck_fleet::Connector;

/// The connector of the CLI's [`fleetdeck_fleet::Fleet`].
pub fn default_connector() -> Arc<dyn Connector> {
    Arc::new(FinishedProviders)
}

/// The provider crates finished so far.
struct FinishedProviders;

#[async_trait]
impl Connector for FinishedProviders {
    async fn connect(&self, ctx: ProviderContext) -> Result<Arc<dyn Provider>> {
        match ctx.account.provider {
            ProviderKind::Cloudero => fleetdeck_provider_cloudero::connect(ctx).await,
            other => Err(Error::unsupported(other, "a client in this build of fleetdeck")),
        }
    }

    fn capabilities(&self, account: &Account) -> Capabilities {
        match account.provider {
            ProviderKind::Cloudero => fleetdeck_provider_cloudero::capabilities(),
            other => Capabilities::none(other, other.display_name()),
        }
    }

    fn default_endpoint(&self, provider: ProviderKind) -> String {
        match provider {
            ProviderKind::Cloudero => fleetdeck_provider_cloudero::DEFAULT_ENDPOINT.into(),
            ProviderKind::LetsCloud => "https://core.letscloud.io/api".into(),
            ProviderKind::Cloudzy => "https://api.cloudzy.com/developers".into(),
            ProviderKind::Vz => "https://127.0.0.1:8443".into(),
        }
    }
}
