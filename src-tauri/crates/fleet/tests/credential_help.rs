//! Every credential field of every provider tells the user where the provider shows it and, for a
//! secret, what it must be allowed to do (the add-account form shows both, from
//! `ui/src/bindings/providerDescriptors.ts`).

use fleetdeck_fleet::Registry;

#[test]
fn every_credential_field_says_where_it_is_and_what_it_may_do() {
    for d in Registry::descriptors() {
        for method in &d.sign_in {
            for field in &method.fields {
                let what = format!("{:?} {} {}", d.kind, method.id, field.name);
                assert!(field.help.trim().len() >= 20, "{what}: help says where, in words");
                if field.secret && field.name == "secret" {
                    assert!(!field.permissions.trim().is_empty(), "{what}: permissions");
                }
                if let Some(url) = field.help_url {
                    assert!(url.starts_with("https://"), "{what}: {url} is https");
                    assert!(!url.contains(char::is_whitespace), "{what}: {url} is one address");
                }
            }
        }
    }
}

#[test]
fn the_help_reaches_the_generated_descriptors() {
    let json = serde_json::to_value(Registry::descriptors()).unwrap_or_default();
    let first = &json[0]["signIn"][0]["fields"][0];
    assert!(
        first.get("helpUrl").is_some(),
        "helpUrl is exported (null when unknown)"
    );
    assert!(first["permissions"].is_string(), "permissions is exported");
}
