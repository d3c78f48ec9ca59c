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

/// The actions section lists every row of the action table, and each dialect's cell follows its
/// capabilities: freeze and configuration on vz and LXD only, add-traffic on Cloudzy only.
#[test]
fn the_actions_section_lists_each_dialects_actions_from_the_table() {
    let doc = Registry::matrix_document();
    let section = doc.split("## Server actions").nth(1).expect("an actions section");
    for spec in fleetdeck_core::actions::server_actions() {
        assert!(
            section.contains(&format!("| `{}` |", spec.id.kebab())),
            "{:?} is missing",
            spec.id
        );
    }
    let row = |cli: &str| -> Vec<String> {
        let line = section
            .lines()
            .find(|l| l.contains(&format!("| `{cli}` |")))
            .unwrap();
        line.split('|').map(|c| c.trim().to_owned()).collect::<Vec<_>>()[7..12].to_vec()
    };
    // Columns: LetsCloud, Cloude.ro, Cloudzy, vz, LXD (Registry::matrix_columns).
    assert_eq!(row("freeze"), ["–", "–", "–", "✅", "✅"]);
    assert_eq!(row("update-config"), ["–", "–", "–", "✅", "✅"]);
    assert_eq!(row("add-traffic"), ["–", "–", "✅", "–", "–"]);
    assert_eq!(row("shutdown"), ["✅", "–", "–", "✅", "✅"]);
}
