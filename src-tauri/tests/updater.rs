//! The app's update path (src-tauri/src/updates.rs) against a manifest served on loopback: a newer
//! version is offered, an older or equal one is not, a download is accepted only with a signature of
//! the app's key, and automatic checks switched off make no request at all.
//!
//! The app is Tauri's mock app with the real updater plugin, configured as tauri.conf.json does
//! (`plugins.updater.pubkey`) plus `dangerousInsecureTransportProtocol`, only here, for plain http
//! to loopback. The key pair is made per test with the `minisign` crate (no key is stored), and
//! signatures are encoded as `npx tauri signer sign` writes them: base64 of minisign's text form.

use std::io::Cursor;

use base64::Engine as _;
use serde_json::json;
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::{App, Manager, Url};

use fleetdeck_core::ErrorCode;
use fleetdeck_desktop::prefs::Preferences;
use fleetdeck_desktop::updates::{self, PendingUpdate};

/// The version of Tauri's mock app (`tauri::test::mock_context`).
const RUNNING: &str = "0.1.0";

struct SigningKey {
    pair: minisign::KeyPair,
}

impl SigningKey {
    fn generate() -> SigningKey {
        SigningKey {
            pair: minisign::KeyPair::generate_unencrypted_keypair().expect("key pair"),
        }
    }

    /// The public key as tauri.conf.json holds it.
    fn public(&self) -> String {
        let text = self.pair.pk.to_box().expect("public key box").to_string();
        base64::engine::general_purpose::STANDARD.encode(text)
    }

    /// The signature of `data` as a `.sig` file (and `latest.json`) holds it.
    fn sign(&self, data: &[u8]) -> String {
        let signature = minisign::sign(
            Some(&self.pair.pk),
            &self.pair.sk,
            Cursor::new(data),
            Some("timestamp:1764720000\tfile:fleetdeck.tar.gz"),
            None,
        )
        .expect("signature");
        base64::engine::general_purpose::STANDARD.encode(signature.to_string())
    }
}

/// The mock app with the updater plugin trusting `pubkey`.
fn app_trusting(pubkey: &str) -> App<MockRuntime> {
    let mut context = mock_context(noop_assets());
    context.config_mut().plugins.0.insert(
        "updater".into(),
        json!({ "pubkey": pubkey, "dangerousInsecureTransportProtocol": true }),
    );
    let app = mock_builder()
        .plugin(tauri_plugin_updater::Builder::new().build())
        .build(context)
        .expect("mock app");
    app.manage(PendingUpdate::default());
    app
}

/// A `latest.json` as tauri-action writes it, for this platform.
fn manifest(version: &str, url: &str, signature: &str) -> String {
    let platform = tauri_plugin_updater::target().expect("a platform the updater supports");
    json!({
        "version": version,
        "notes": "### Added\n- Signed updates",
        "pub_date": "2026-12-01T10:00:00Z",
        "platforms": { platform: { "url": url, "signature": signature } }
    })
    .to_string()
}

const ARTIFACT: &[u8] = b"a tiny stand-in for an update bundle";

/// A loopback server with `latest.json` announcing `version` and the artifact signed by `signer`.
async fn release_server(version: &str, signer: &SigningKey) -> (mockito::ServerGuard, Vec<Url>) {
    let mut server = mockito::Server::new_async().await;
    let url = format!("{}/download/fleetdeck.tar.gz", server.url());
    server
        .mock("GET", "/latest.json")
        .with_header("content-type", "application/json")
        .with_body(manifest(version, &url, &signer.sign(ARTIFACT)))
        .create_async()
        .await;
    server
        .mock("GET", "/download/fleetdeck.tar.gz")
        .with_body(ARTIFACT)
        .create_async()
        .await;
    let endpoint = Url::parse(&format!("{}/latest.json", server.url())).expect("url");
    (server, vec![endpoint])
}

#[tokio::test]
async fn a_newer_version_is_offered_with_its_notes_and_date() {
    let key = SigningKey::generate();
    let app = app_trusting(&key.public());
    let (_server, endpoints) = release_server("0.2.0", &key).await;

    let offer = updates::check(app.handle(), Some(endpoints))
        .await
        .expect("check")
        .expect("an offer");
    assert_eq!(offer.version, "0.2.0");
    assert_eq!(offer.current_version, RUNNING);
    assert_eq!(offer.date.as_deref(), Some("2026-12-01T10:00:00Z"));
    assert_eq!(offer.notes.as_deref(), Some("### Added\n- Signed updates"));
}

#[tokio::test]
async fn an_equal_or_older_version_is_not_offered() {
    let key = SigningKey::generate();
    let app = app_trusting(&key.public());
    for version in [RUNNING, "0.0.9"] {
        let (_server, endpoints) = release_server(version, &key).await;
        let offer = updates::check(app.handle(), Some(endpoints))
            .await
            .expect("check");
        assert_eq!(offer, None, "{version}");
    }
    // Nothing was offered, so there is nothing to install.
    let err = updates::download_verified(app.handle())
        .await
        .err()
        .expect("refused");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("check for updates first"), "{err}");
}

#[tokio::test]
async fn an_update_signed_with_the_app_key_downloads_and_verifies() {
    let key = SigningKey::generate();
    let app = app_trusting(&key.public());
    let (_server, endpoints) = release_server("0.2.0", &key).await;
    updates::check(app.handle(), Some(endpoints))
        .await
        .expect("check")
        .expect("offer");

    let (update, bytes) = updates::download_verified(app.handle())
        .await
        .expect("verified download");
    assert_eq!(bytes, ARTIFACT);
    assert_eq!(update.version, "0.2.0");
}

#[tokio::test]
async fn an_update_signed_with_another_key_is_refused_with_a_clear_message() {
    let app_key = SigningKey::generate();
    let other_key = SigningKey::generate();
    let app = app_trusting(&app_key.public());
    let (_server, endpoints) = release_server("0.2.0", &other_key).await;
    // The manifest itself is not signed: the offer is shown, the download is what gets checked.
    updates::check(app.handle(), Some(endpoints))
        .await
        .expect("check")
        .expect("offer");

    let err = updates::download_verified(app.handle())
        .await
        .err()
        .expect("refused");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let message = err.to_string();
    assert!(
        message.contains("not signed with Fleetdeck's release key, so it was not installed"),
        "{message}"
    );
}

#[tokio::test]
async fn a_tampered_download_is_refused() {
    let key = SigningKey::generate();
    let app = app_trusting(&key.public());
    let mut server = mockito::Server::new_async().await;
    let url = format!("{}/download/fleetdeck.tar.gz", server.url());
    server
        .mock("GET", "/latest.json")
        .with_body(manifest("0.2.0", &url, &key.sign(ARTIFACT)))
        .create_async()
        .await;
    server
        .mock("GET", "/download/fleetdeck.tar.gz")
        .with_body(b"a tiny stand-in for an update bundle, changed on the way")
        .create_async()
        .await;
    let endpoints = vec![Url::parse(&format!("{}/latest.json", server.url())).expect("url")];
    updates::check(app.handle(), Some(endpoints))
        .await
        .expect("check")
        .expect("offer");

    let err = updates::download_verified(app.handle())
        .await
        .err()
        .expect("refused");
    assert!(
        err.to_string()
            .contains("not signed with Fleetdeck's release key"),
        "{err}"
    );
}

#[tokio::test]
async fn automatic_checks_switched_off_make_no_request() {
    let key = SigningKey::generate();
    let app = app_trusting(&key.public());
    let mut server = mockito::Server::new_async().await;
    let manifest_mock = server
        .mock("GET", "/latest.json")
        .with_body(manifest(
            "0.2.0",
            &format!("{}/x", server.url()),
            &key.sign(ARTIFACT),
        ))
        .expect(0)
        .create_async()
        .await;
    let endpoints = vec![Url::parse(&format!("{}/latest.json", server.url())).expect("url")];

    let off = Preferences {
        check_for_updates: false,
        ..Preferences::default()
    };
    let offer = updates::check_at_start(app.handle(), &off, Some(endpoints.clone()))
        .await
        .expect("no check");
    assert_eq!(offer, None);
    manifest_mock.assert_async().await;

    // Switched on (the default), the same start check asks once and finds the update.
    let on_mock = server
        .mock("GET", "/latest.json")
        .with_body(manifest(
            "0.2.0",
            &format!("{}/x", server.url()),
            &key.sign(ARTIFACT),
        ))
        .expect(1)
        .create_async()
        .await;
    let offer = updates::check_at_start(app.handle(), &Preferences::default(), Some(endpoints))
        .await
        .expect("check");
    assert_eq!(offer.map(|o| o.version).as_deref(), Some("0.2.0"));
    on_mock.assert_async().await;
}

#[tokio::test]
async fn plain_http_is_refused_except_to_loopback_and_a_build_without_address_says_so() {
    let key = SigningKey::generate();
    let app = app_trusting(&key.public());
    let err = updates::check(
        app.handle(),
        Some(vec![
            Url::parse("http://updates.example.com/latest.json").expect("url")
        ]),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("over https"), "{err}");

    // The mock app's configuration has no endpoints, as a local build.
    let err = updates::check_for_update(app.handle()).await.unwrap_err();
    assert!(err.to_string().contains("no update address"), "{err}");

    for allowed in [
        "https://github.com/o/r/releases/latest/download/latest.json",
        "http://127.0.0.1:8080/latest.json",
        "http://[::1]:8080/latest.json",
        "http://localhost:8080/latest.json",
    ] {
        assert!(
            updates::endpoint_allowed(&Url::parse(allowed).expect("url")),
            "{allowed}"
        );
    }
    for refused in [
        "http://10.0.0.1/latest.json",
        "http://updates.example.com/latest.json",
        "ftp://127.0.0.1/latest.json",
        "file:///tmp/latest.json",
    ] {
        assert!(
            !updates::endpoint_allowed(&Url::parse(refused).expect("url")),
            "{refused}"
        );
    }
}
