//! The unified domain model: what every provider maps into. Exported to TypeScript by ts-rs.
//!
//! Rules (DESIGN.md 4): unified fields are a view; every object keeps the provider's JSON in `raw`
//! (and provider-only fields of note in `extra`); status is a closed enum next to the raw status;
//! units are explicit in field names; money is a decimal string with a currency, never a float.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The four provider dialects Fleetdeck speaks. Serialised as `letscloud|cloudero|cloudzy|vz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum ProviderKind {
    #[serde(rename = "letscloud")]
    LetsCloud,
    #[serde(rename = "cloudero")]
    Cloudero,
    #[serde(rename = "cloudzy")]
    Cloudzy,
    /// The LXD REST dialect: the seed "vz" container API and real LXD.
    #[serde(rename = "vz")]
    Vz,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 4] =
        [ProviderKind::LetsCloud, ProviderKind::Cloudero, ProviderKind::Cloudzy, ProviderKind::Vz];

    /// The identifier used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::LetsCloud => "letscloud",
            ProviderKind::Cloudero => "cloudero",
            ProviderKind::Cloudzy => "cloudzy",
            ProviderKind::Vz => "vz",
        }
    }

    /// The name people know the provider by.
    pub fn display_name(self) -> &'static str {
        match self {
            ProviderKind::LetsCloud => "LetsCloud",
            ProviderKind::Cloudero => "Cloude.ro",
            ProviderKind::Cloudzy => "Cloudzy",
            ProviderKind::Vz => "vz/LXD",
        }
    }
}

impl fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

impl FromStr for ProviderKind {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "letscloud" => Ok(ProviderKind::LetsCloud),
            "cloudero" | "cloude.ro" => Ok(ProviderKind::Cloudero),
            "cloudzy" => Ok(ProviderKind::Cloudzy),
            "vz" | "lxd" => Ok(ProviderKind::Vz),
            other => Err(crate::Error::invalid_field(
                "provider",
                format!("unknown provider '{other}': expected letscloud, cloudero, cloudzy or vz"),
            )),
        }
    }
}
