//! Invoice documents in the desktop app: opened in the system browser, or saved in the Downloads
//! folder. The link is a credential and never reaches the web view (fleet/src/billing.rs): Rust
//! finds it, checks it and hands it to tauri-plugin-opener itself; the window holds no opener
//! permission (capabilities/default.json), so it could not open anything through the plugin.

use tauri::{AppHandle, Manager};
use tauri_plugin_opener::OpenerExt;
use url::Url;

use fleetdeck_core::{Error, Result};
use fleetdeck_fleet::{Fleet, InvoiceDestination, LinkOpener};

/// The system browser, through tauri-plugin-opener.
struct SystemBrowser<'a>(&'a AppHandle);

impl LinkOpener for SystemBrowser<'_> {
    fn open_link(&self, url: &Url) -> Result<()> {
        // The plugin's error may quote the URL: only its kind is told.
        self.0
            .opener()
            .open_url(url.as_str(), None::<&str>)
            .map_err(|_| Error::internal("the system could not open the invoice in a browser"))
    }
}

fn fleet(app: &AppHandle) -> Result<std::sync::Arc<Fleet>> {
    app.try_state::<std::sync::Arc<Fleet>>()
        .map(|f| f.inner().clone())
        .ok_or_else(|| Error::internal("the app is still starting"))
}

/// Open an invoice's document (or payment page) in the system browser.
pub async fn open_invoice(app: &AppHandle, account: &str, invoice_id: &str) -> Result<()> {
    fleet(app)?
        .open_invoice(account, invoice_id, &SystemBrowser(app))
        .await
}

/// Save an invoice's PDF as a new file in the Downloads folder (the home folder when there is
/// none), never over an existing file, and answer where it went.
pub async fn download_invoice(app: &AppHandle, account: &str, invoice_id: &str) -> Result<String> {
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|e| Error::internal(format!("no folder to save into: {e}")))?;
    let path = fleet(app)?
        .download_invoice(account, invoice_id, &InvoiceDestination::NewFileIn(dir))
        .await?;
    Ok(path.display().to_string())
}
