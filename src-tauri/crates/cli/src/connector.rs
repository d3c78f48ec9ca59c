//! Which provider clients the CLI connects with: the fleet's [`Registry`], the same as the app's.

use std::sync::Arc;

use fleetdeck_fleet::{Connector, Registry};

/// The connector of the CLI's [`fleetdeck_fleet::Fleet`].
pub fn default_connector() -> Arc<dyn Connector> {
    Arc::new(Registry)
}
