//! `fleetdeck invoice list|download` against the Cloude.ro simulator: the list says which invoices
//! have a document and carries no link; the download writes a new PDF and never replaces a file.

mod common;

use common::*;

#[test]
fn invoice_download_writes_a_new_pdf_and_never_replaces_a_file() {
    if !keyring_available() {
        return;
    }
    let mut c = SandboxCli::start(&["cloudero"], 1, 1);
    let list = c.run(&["invoice", "list", "--account", "cloudero-0"], 0);
    let items = list.as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["hasDocument"] == true), "{list}");
    let text = list.to_string();
    assert!(!text.contains("token=") && !text.contains("/pdf"), "{text}");

    let invoice = format!("cloudero-0/{}", items[0]["id"].as_str().unwrap());
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("invoice.pdf");
    let file_arg = file.to_str().unwrap();
    let saved = c.run(&["invoice", "download", &invoice, "--file", file_arg], 0);
    assert_eq!(saved["path"], file_arg);
    assert!(std::fs::read(&file).unwrap().starts_with(b"%PDF-"));

    std::fs::write(&file, b"mine").unwrap();
    c.run(&["invoice", "download", &invoice, "--file", file_arg], 2);
    assert_eq!(std::fs::read(&file).unwrap(), b"mine");
    // An invoice the account does not have: not found.
    c.run(
        &[
            "invoice",
            "download",
            "cloudero-0/no-such",
            "--file",
            out.path().join("x.pdf").to_str().unwrap(),
        ],
        5,
    );
    assert!(!out.path().join("x.pdf").exists());
}
