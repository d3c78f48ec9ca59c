//! `docs/capabilities.md` is generated from code; this test fails when it is stale.
//! `UPDATE_DOCS=1 cargo test -p fleetdeck-fleet --test capability_matrix` rewrites it.

use std::path::PathBuf;

use fleetdeck_fleet::Registry;

fn doc_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../docs/capabilities.md")
}

#[test]
fn capability_matrix_doc_is_current() {
    let expected = Registry::matrix_document();
    let path = doc_path();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/capabilities.md is stale: run UPDATE_DOCS=1 cargo test -p fleetdeck-fleet --test capability_matrix"
    );
}

#[test]
fn every_column_names_its_dialect_and_offers_listing() {
    for column in Registry::matrix_columns() {
        assert!(!column.dialect.is_empty());
        assert!(column.servers.list, "{} cannot list servers", column.dialect);
    }
}
