//! Invoice documents through the real Cloude.ro client against the embedded simulator, over real
//! HTTP: the list answers `has_document` and no link, opening hands the signed link to the opener
//! (a recorder here, the system browser in the app), downloading writes a new PDF and never
//! overwrites, and the link reaches no file of the data directory.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use fleetdeck_core::ErrorCode;
use fleetdeck_fleet::sandbox::EmbeddedSandbox;
use fleetdeck_fleet::{Fleet, FleetConfig, InvoiceDestination, LinkOpener, Registry};
use fleetdeck_sandbox::sim::SimConfig;
use fleetdeck_store::{DataDir, MemorySecrets, SecretStore};
use url::Url;

const ACCOUNT: &str = "sandbox-cloudero";

struct World {
    fleet: Arc<Fleet>,
    _sandbox: EmbeddedSandbox,
    dir: tempfile::TempDir,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let fleet = Fleet::new(FleetConfig::new(
        DataDir::new(dir.path()),
        secrets,
        Arc::new(Registry),
    ));
    let sim = SimConfig {
        action_delay: Duration::from_millis(100),
        ..SimConfig::default()
    };
    let sandbox = EmbeddedSandbox::with_config(fleet.clone(), sim);
    let added = sandbox.try_sandbox().await.unwrap();
    assert!(added.failures.is_empty(), "{:?}", added.failures);
    World {
        fleet,
        _sandbox: sandbox,
        dir,
    }
}

/// The opener seam: records what the app would hand to the system browser.
#[derive(Default)]
struct RecordingOpener(Mutex<Vec<Url>>);

impl LinkOpener for RecordingOpener {
    fn open_link(&self, url: &Url) -> fleetdeck_core::Result<()> {
        self.0.lock().unwrap().push(url.clone());
        Ok(())
    }
}

async fn first_invoice_id(fleet: &Fleet) -> String {
    let listing = fleet.invoices(&[ACCOUNT.to_owned()]).await.unwrap();
    assert!(listing.failures.is_empty(), "{:?}", listing.failures);
    listing
        .items
        .first()
        .expect("the simulator seeds invoices")
        .id
        .clone()
}

#[tokio::test]
async fn the_invoice_list_says_a_document_exists_and_carries_no_link() {
    let w = world().await;
    let listing = w.fleet.invoices(&[ACCOUNT.to_owned()]).await.unwrap();
    assert!(!listing.items.is_empty());
    assert!(
        listing.items.iter().all(|i| i.has_document),
        "{:?}",
        listing.items
    );
    // What the `invoices` command answers the web view, serialized as it crosses.
    let answer = serde_json::to_string(&listing).unwrap();
    assert!(answer.contains("\"hasDocument\":true"), "{answer}");
    for leak in ["token=", "/pdf", "pdf_url", "http://"] {
        assert!(!answer.contains(leak), "{leak} in {answer}");
    }
    // The servers list writes the cache; open the invoices too: no file holds a link.
    w.fleet.refresh_servers(&[], false).await.unwrap();
    let id = listing.items[0].id.clone();
    w.fleet
        .open_invoice(ACCOUNT, &id, &RecordingOpener::default())
        .await
        .unwrap();
    for file in walk(w.dir.path()) {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        assert!(!text.contains("token="), "a link in {}", file.display());
        assert!(!text.contains("/v1/invoice/"), "a link in {}", file.display());
    }
}

#[tokio::test]
async fn opening_an_invoice_hands_its_signed_link_to_the_opener() {
    let w = world().await;
    let id = first_invoice_id(&w.fleet).await;
    let opener = RecordingOpener::default();
    w.fleet.open_invoice(ACCOUNT, &id, &opener).await.unwrap();
    let opened = opener.0.lock().unwrap().clone();
    assert_eq!(opened.len(), 1);
    let url = &opened[0];
    assert_eq!(url.scheme(), "http");
    assert_eq!(url.host_str(), Some("127.0.0.1"));
    assert_eq!(url.path(), format!("/v1/invoice/{id}/pdf"));
    assert!(
        url.query_pairs().any(|(k, v)| k == "token" && !v.is_empty()),
        "{url}"
    );

    let missing = w
        .fleet
        .open_invoice(ACCOUNT, "no-such-invoice", &opener)
        .await
        .unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
    // An account whose provider has no invoices is refused before any request.
    let unsupported = w
        .fleet
        .open_invoice("sandbox-letscloud", &id, &opener)
        .await
        .unwrap_err();
    assert_eq!(unsupported.code(), ErrorCode::Unsupported);
    assert_eq!(opener.0.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn downloading_an_invoice_writes_a_new_pdf_and_never_overwrites() {
    let w = world().await;
    let id = first_invoice_id(&w.fleet).await;
    let downloads = tempfile::tempdir().unwrap();
    let into = InvoiceDestination::NewFileIn(downloads.path().to_owned());
    let first = w.fleet.download_invoice(ACCOUNT, &id, &into).await.unwrap();
    assert_eq!(first.parent(), Some(downloads.path()));
    assert_eq!(
        first.file_name().unwrap().to_str().unwrap(),
        format!("invoice-{ACCOUNT}-{id}.pdf")
    );
    let bytes = std::fs::read(&first).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    std::fs::write(&first, b"the user's own copy").unwrap();

    let second = w.fleet.download_invoice(ACCOUNT, &id, &into).await.unwrap();
    assert_ne!(second, first);
    assert!(std::fs::read(&second).unwrap().starts_with(b"%PDF-"));
    assert_eq!(std::fs::read(&first).unwrap(), b"the user's own copy");

    // An exact file name (the CLI's --file) must be new.
    let named = downloads.path().join("march.pdf");
    let exact = InvoiceDestination::NewFile(named.clone());
    assert_eq!(
        w.fleet.download_invoice(ACCOUNT, &id, &exact).await.unwrap(),
        named
    );
    assert!(std::fs::read(&named).unwrap().starts_with(b"%PDF-"));
    std::fs::write(&named, b"kept").unwrap();
    let refused = w.fleet.download_invoice(ACCOUNT, &id, &exact).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
    assert!(refused.to_string().contains("already exists"), "{refused}");
    assert_eq!(std::fs::read(&named).unwrap(), b"kept");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
