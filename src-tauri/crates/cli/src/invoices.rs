//! `fleetdeck invoice list|download`. The download's link stays inside the fleet
//! (fleet/src/billing.rs): the command names the invoice by `ACCOUNT/ID` and a new file to write.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use fleetdeck_core::names::Address;
use fleetdeck_fleet::{Fleet, InvoiceDestination};

use crate::args::{address, AccountsFilter};
use crate::commands::{done, listing};
use crate::{Failure, Outcome};

/// `invoice`: list them, or save one's document.
#[derive(Debug, Subcommand)]
pub enum InvoiceCmd {
    /// List them over the named accounts (all that offer them when none).
    List(AccountsFilter),
    /// Save an invoice's document (a PDF) to a new file; an existing file is never replaced.
    Download {
        #[arg(value_parser = address, value_name = "ACCOUNT/ID")]
        invoice: String,
        /// The file to create (it must not exist).
        #[arg(long, value_name = "F")]
        file: PathBuf,
    },
}

pub(crate) async fn invoice(fleet: &Fleet, cmd: InvoiceCmd) -> Result<Outcome, Failure> {
    match cmd {
        InvoiceCmd::List(f) => listing(fleet, &f.accounts, fleet.invoices(&f.accounts).await?),
        InvoiceCmd::Download { invoice, file } => {
            let at: Address = invoice.parse()?;
            let written = fleet
                .download_invoice(&at.account, &at.id, &InvoiceDestination::NewFile(file))
                .await?;
            let path = written.display().to_string();
            done(
                json!({ "invoice": invoice, "path": path }),
                format!("Saved invoice {invoice} to {path}"),
            )
        }
    }
}
