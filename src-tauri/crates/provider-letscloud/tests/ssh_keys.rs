//! SSH keys: list (and the empty list answered as `success: false`), get, create, generate (the
//! private key returned once and kept nowhere) and delete with a JSON body.

mod common;

use common::*;
use fleetdeck_core::ErrorCode;
use serde_json::json;

const PUBLIC: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF8k ops@laptop";
const PRIVATE: &str =
    "-----BEGIN RSA PRIVATE KEY-----\r\nMIICWwIBAAKBgQDR1FmAN9\r\n-----END RSA PRIVATE KEY-----";

#[tokio::test]
async fn list_and_get() {
    let mut h = Harness::new().await;
    h.get(
        "/sshkeys",
        json!([
            {"slug": "my-project-1", "title": "My Project 1", "public_key": PUBLIC},
            {"slug": "my-project-2", "title": "My Project 2", "public_key": "ssh-rsa AAAAB3 x"}
        ]),
    )
    .await;
    h.get(
        "/sshkeys/my-project-1",
        json!({"slug": "my-project-1", "title": "My Project 1", "public_key": PUBLIC}),
    )
    .await;
    let c = h.client().await;
    let keys = c.ssh_keys().unwrap().list_ssh_keys().await.unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0].id, "my-project-1");
    assert_eq!(keys[0].name, "My Project 1");
    assert_eq!(keys[0].public_key, PUBLIC);
    let one = c.ssh_keys().unwrap().get_ssh_key("my-project-1").await.unwrap();
    assert_eq!(one, keys[0]);
}

#[tokio::test]
async fn no_keys_is_an_empty_list_not_an_error() {
    let mut h = Harness::new().await;
    h.mock("GET", "/sshkeys", refusal("No SSH Keys found"), 1).await;
    let c = h.client().await;
    let keys = c.ssh_keys().unwrap().list_ssh_keys().await.unwrap();
    assert!(keys.is_empty());
}

#[tokio::test]
async fn the_empty_list_exception_is_only_for_http_200() {
    let mut h = Harness::new().await;
    h.fail("GET", "/sshkeys", 401, refusal("401 unauthorized")).await;
    let c = h.client().await;
    let e = c.ssh_keys().unwrap().list_ssh_keys().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Auth);
}

#[tokio::test]
async fn other_refusals_stay_errors() {
    let mut h = Harness::new().await;
    h.mock("GET", "/sshkeys/gone", refusal("SSH Key not found"), 1)
        .await;
    let c = h.client().await;
    let e = c.ssh_keys().unwrap().get_ssh_key("gone").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn create_with_a_public_key() {
    let mut h = Harness::new().await;
    let m = h
        .json(
            "POST",
            "/sshkeys",
            json!({"title": "Ops laptop", "key": PUBLIC}),
            ok(json!({"title": "Ops laptop", "slug": "ops-laptop", "public_key": PUBLIC})),
        )
        .await;
    let c = h.client().await;
    let created = c
        .ssh_keys()
        .unwrap()
        .create_ssh_key("Ops laptop", Some(PUBLIC))
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(created.key.id, "ops-laptop");
    assert_eq!(created.private_key, None);
}

#[tokio::test]
async fn generate_returns_the_private_key_once_and_keeps_it_out_of_the_key() {
    let mut h = Harness::new().await;
    let m = h
        .server
        .mock("POST", "/sshkeys")
        .match_header("api-token", TOKEN)
        // No `key`: the server generates the pair.
        .match_body(mockito::Matcher::Json(json!({"title": "Generated"})))
        .with_body(ok(json!({"title": "Generated", "slug": "generated",
                             "public_key": "ssh-rsa AAAAB3 phpseclib-generated-key", "private_key": PRIVATE})))
        .expect(1)
        .create_async()
        .await;
    let c = h.client().await;
    let created = c
        .ssh_keys()
        .unwrap()
        .create_ssh_key("Generated", None)
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(created.private_key.as_deref(), Some(PRIVATE));
    // What a host caches is the key: it must not carry the private half.
    let cached = serde_json::to_string(&created.key).unwrap();
    assert!(!cached.contains("PRIVATE KEY"), "{cached}");
    assert!(!cached.contains("private_key"), "{cached}");
    assert!(c.capabilities().ssh_keys.generate);
}

#[tokio::test]
async fn delete_sends_the_slug_in_a_json_body() {
    let mut h = Harness::new().await;
    let m = h
        .json(
            "DELETE",
            "/sshkeys",
            json!({"slug": "my-project-1"}),
            ack("SSH Key was successfully deleted!"),
        )
        .await;
    let c = h.client().await;
    c.ssh_keys()
        .unwrap()
        .delete_ssh_key("my-project-1")
        .await
        .unwrap();
    m.assert_async().await;
}

#[tokio::test]
async fn a_title_is_required_and_rename_is_not_offered() {
    let h = Harness::new().await;
    let c = h.client().await;
    let e = c
        .ssh_keys()
        .unwrap()
        .create_ssh_key("  ", Some(PUBLIC))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let e = c.ssh_keys().unwrap().rename_ssh_key("a", "b").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported);
}
