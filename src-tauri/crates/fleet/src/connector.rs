//! How a [`crate::Fleet`] obtains provider clients. The real [`Registry`] knows the four provider
//! crates — adding a fifth provider is one line in each of its two matches; tests inject fakes.

use std::sync::Arc;

use async_trait::async_trait;

use fleetdeck_core::{Account, Capabilities, LxdFlavour, Provider, ProviderContext, ProviderKind, Result};

/// Builds provider clients and states their capabilities before connecting.
#[async_trait]
pub trait Connector: Send + Sync {
    async fn connect(&self, ctx: ProviderContext) -> Result<Arc<dyn Provider>>;
    /// What an account's provider offers, without a network round trip.
    fn capabilities(&self, account: &Account) -> Capabilities;
    /// The public base URL of a provider.
    fn default_endpoint(&self, provider: fleetdeck_core::ProviderKind) -> String;
}

/// The real connector: one arm per provider crate.
///
/// Invariant: `capabilities` states exactly what `connect`'s client implements, so the UI and the
/// CLI hide what a provider lacks instead of failing at run time.
#[derive(Debug, Default, Clone, Copy)]
pub struct Registry;

impl Registry {
    /// One column per provider dialect, in the order the docs show them. vz and real LXD speak one
    /// dialect through one client but offer different features, so each has its own column.
    pub fn matrix_columns() -> Vec<Capabilities> {
        vec![
            fleetdeck_provider_letscloud::capabilities(),
            fleetdeck_provider_cloudero::capabilities(),
            fleetdeck_provider_cloudzy::capabilities(),
            fleetdeck_provider_lxd::capabilities_for(LxdFlavour::Vz),
            fleetdeck_provider_lxd::capabilities_for(LxdFlavour::Lxd),
        ]
    }

    /// The capability matrix as Markdown, the body of `docs/capabilities.md`: the capabilities,
    /// then the server actions each dialect offers (from the action table).
    pub fn matrix_document() -> String {
        let columns = Self::matrix_columns();
        format!(
            "# Capability matrix\n\nGenerated from each provider client's `capabilities()` by \
             `cargo test -p fleetdeck-fleet --test capability_matrix` (set `UPDATE_DOCS=1` to rewrite). \
             Do not edit by hand.\n\n{}\n{}",
            fleetdeck_core::capabilities::matrix_markdown(&columns),
            Self::actions_markdown(&columns)
        )
    }

    /// The server actions per dialect, one row per entry of the action table: what the app shows
    /// on a server and what `fleetdeck server action ACCOUNT/ID ACTION` (or its named verb) runs.
    pub fn actions_markdown(columns: &[Capabilities]) -> String {
        let mut out = String::from(
            "## Server actions\n\nFrom the action table (`src-tauri/crates/core/src/actions.rs`): \
             the app's action bar, dialogs, bulk bar and command palette and the CLI's \
             `fleetdeck server action ACCOUNT/ID ACTION` read it. *confirm*: `change` asks for the \
             server's name in the app and asks on a terminal in the CLI; `dataLoss` asks for the name \
             in the app and needs `--yes` in the CLI. *bulk*: `direct` runs over a selection, \
             `confirmList` after the list of servers is confirmed.\n\n| action | CLI | capability | confirm | input | bulk |",
        );
        for c in columns {
            out.push_str(&format!(" {} |", c.dialect));
        }
        out.push_str("\n|---|---|---|---|---|---|");
        for _ in columns {
            out.push_str("---|");
        }
        out.push('\n');
        let word = |v: serde_json::Result<serde_json::Value>| {
            v.ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        for spec in fleetdeck_core::actions::server_actions() {
            out.push_str(&format!(
                "| {} | `{}` | `{}` | {} | {} | {} |",
                spec.label,
                spec.id.kebab(),
                spec.capability,
                word(serde_json::to_value(spec.confirm)),
                word(serde_json::to_value(spec.input)),
                word(serde_json::to_value(spec.bulk)),
            ));
            for c in columns {
                out.push_str(if spec.is_offered(c) { " ✅ |" } else { " – |" });
            }
            out.push('\n');
        }
        out
    }
}

#[async_trait]
impl Connector for Registry {
    async fn connect(&self, ctx: ProviderContext) -> Result<Arc<dyn Provider>> {
        match ctx.account.provider {
            ProviderKind::LetsCloud => fleetdeck_provider_letscloud::connect(ctx).await,
            ProviderKind::Cloudero => fleetdeck_provider_cloudero::connect(ctx).await,
            ProviderKind::Cloudzy => fleetdeck_provider_cloudzy::connect(ctx).await,
            ProviderKind::Vz => fleetdeck_provider_lxd::connect(ctx).await,
        }
    }

    fn capabilities(&self, account: &Account) -> Capabilities {
        match account.provider {
            ProviderKind::LetsCloud => fleetdeck_provider_letscloud::capabilities(),
            ProviderKind::Cloudero => fleetdeck_provider_cloudero::capabilities(),
            ProviderKind::Cloudzy => fleetdeck_provider_cloudzy::capabilities(),
            // Until connected, an auto-detecting account states what both flavours offer.
            ProviderKind::Vz => fleetdeck_provider_lxd::capabilities_for(
                account.lxd.as_ref().map_or(LxdFlavour::Auto, |l| l.flavour),
            ),
        }
    }

    fn default_endpoint(&self, provider: ProviderKind) -> String {
        match provider {
            ProviderKind::LetsCloud => fleetdeck_provider_letscloud::DEFAULT_ENDPOINT,
            ProviderKind::Cloudero => fleetdeck_provider_cloudero::DEFAULT_ENDPOINT,
            ProviderKind::Cloudzy => fleetdeck_provider_cloudzy::DEFAULT_ENDPOINT,
            ProviderKind::Vz => fleetdeck_provider_lxd::DEFAULT_ENDPOINT,
        }
        .to_owned()
    }
}
