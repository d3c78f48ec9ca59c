//! TLS without a real LXD: a small HTTPS server with a self-signed certificate (made here with
//! rcgen) checks the certificate probe, the pinned-fingerprint verifier (the right pin connects,
//! any other is refused, no pin refuses a self-signed server) and that the client certificate is
//! presented.

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use fleetdeck_core::job::SystemClock;
use fleetdeck_core::{Credentials, ErrorCode, LxdFlavour, LxdSettings, SecretString};
use fleetdeck_provider_lxd::{fingerprint, probe_server_certificate};
use rustls::client::danger::HandshakeSignatureValid;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Accepts any client certificate (with a valid handshake signature) and remembers it.
#[derive(Debug, Default)]
struct SeenClient(Mutex<Option<Vec<u8>>>);

impl ClientCertVerifier for SeenClient {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }
    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        *self.0.lock().unwrap() = Some(end_entity.as_ref().to_vec());
        Ok(ClientCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &rustls::crypto::ring::default_provider().signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &rustls::crypto::ring::default_provider().signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::ring::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
    fn client_auth_mandatory(&self) -> bool {
        false
    }
}

struct TlsServer {
    url: String,
    der: Vec<u8>,
    seen: Arc<SeenClient>,
}

/// An HTTPS server answering every request with LXD's `GET /1.0` and an empty instance list.
async fn tls_server() -> TlsServer {
    let certified = rcgen::generate_simple_self_signed(vec!["lxd.test".into(), "127.0.0.1".into()]).unwrap();
    let der = certified.cert.der().to_vec();
    let key = PrivateKeyDer::Pkcs8(certified.key_pair.serialize_der().into());
    let seen = Arc::new(SeenClient::default());
    let config =
        rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_client_cert_verifier(seen.clone())
            .with_single_cert(vec![CertificateDer::from(der.clone())], key)
            .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = Vec::new();
                let mut chunk = [0u8; 1024];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let first = String::from_utf8_lossy(&buf)
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_owned();
                let body = if first.starts_with("GET /1.0 ") || first.starts_with("GET /1.0?") {
                    root("lxd")
                } else {
                    sync(json!([]))
                };
                let resp = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(resp.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    TlsServer {
        url: format!("https://127.0.0.1:{}", addr.port()),
        der,
        seen,
    }
}

fn client_identity() -> (String, SecretString, Vec<u8>) {
    let c = rcgen::generate_simple_self_signed(vec!["fleetdeck-client".into()]).unwrap();
    (
        c.cert.pem(),
        SecretString::from(c.key_pair.serialize_pem()),
        c.cert.der().to_vec(),
    )
}

fn lxd_settings(cert: Option<String>, pin: Option<String>) -> LxdSettings {
    LxdSettings {
        flavour: LxdFlavour::Lxd,
        client_cert_pem: cert,
        server_fingerprint: pin,
        project: None,
    }
}

#[tokio::test]
async fn the_probe_shows_the_certificate_without_sending_a_request() {
    let server = tls_server().await;
    let cert = probe_server_certificate(&server.url).await.unwrap();
    assert_eq!(cert.sha256, fingerprint(&server.der));
    assert_eq!(cert.sha256.len(), 64);
    assert!(cert.subject.contains("rcgen"), "{}", cert.subject);
    assert!(cert.self_signed);
    assert!(cert.not_after.unwrap() > cert.not_before.unwrap());
    assert!(cert.pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
}

#[tokio::test]
async fn the_probe_needs_https_and_a_server() {
    let e = probe_server_certificate("http://127.0.0.1:8443")
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let e = probe_server_certificate(&format!("https://127.0.0.1:{port}"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Network);
}

#[tokio::test]
async fn the_pinned_certificate_connects_and_the_client_certificate_is_presented() {
    let server = tls_server().await;
    let (cert_pem, key, client_der) = client_identity();
    // Pasted with colons and in capitals, as users copy fingerprints.
    let pin = fingerprint(&server.der)
        .to_uppercase()
        .as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(":");
    let p = client_with(
        &server.url,
        lxd_settings(Some(cert_pem), Some(pin)),
        Credentials::Lxd {
            client_key_pem: Some(key),
            bearer: None,
        },
        Arc::new(SystemClock),
    )
    .await
    .unwrap();
    let profile = p.check().await.unwrap();
    assert_eq!(profile.extra["flavour"], "LXD");
    assert!(p.servers().list_servers().await.unwrap().is_empty());
    assert_eq!(
        server.seen.0.lock().unwrap().as_deref(),
        Some(client_der.as_slice())
    );
}

#[tokio::test]
async fn another_certificate_is_refused() {
    let server = tls_server().await;
    let p = client_with(
        &server.url,
        lxd_settings(None, Some("ab".repeat(32))),
        bearer(),
        Arc::new(SystemClock),
    )
    .await
    .unwrap();
    let e = p.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Network);
    let text = e.to_string();
    assert!(text.contains("is not the one trusted for this account"), "{text}");
    assert!(text.contains(&fingerprint(&server.der)), "{text}");
}

#[tokio::test]
async fn an_unpinned_self_signed_server_is_not_trusted() {
    let server = tls_server().await;
    let p = client_with(
        &server.url,
        lxd_settings(None, None),
        bearer(),
        Arc::new(SystemClock),
    )
    .await
    .unwrap();
    let e = p.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Network);
    assert!(e.to_string().contains("not trusted yet"), "{e}");
}

#[tokio::test]
async fn unusable_tls_settings_are_refused_at_connect() {
    let server = tls_server().await;
    let (cert_pem, _, _) = client_identity();
    let (_, other_key, _) = client_identity();
    let bad = |settings: LxdSettings, key: Option<SecretString>| {
        let url = server.url.clone();
        async move {
            client_with(
                &url,
                settings,
                Credentials::Lxd {
                    client_key_pem: key,
                    bearer: None,
                },
                Arc::new(SystemClock),
            )
            .await
            .map(|_| ())
            .unwrap_err()
        }
    };
    let pin = Some(fingerprint(&server.der));
    let e = bad(
        lxd_settings(Some(cert_pem.clone()), Some("xyz".into())),
        Some(other_key.clone()),
    )
    .await;
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let e = bad(
        lxd_settings(Some("garbage".into()), pin.clone()),
        Some(other_key.clone()),
    )
    .await;
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let e = bad(
        lxd_settings(Some(cert_pem.clone()), pin.clone()),
        Some(SecretString::from("not a key")),
    )
    .await;
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(!e.to_string().contains("not a key"), "the key is never quoted");
    // A key that is not the certificate's.
    let e = bad(lxd_settings(Some(cert_pem), pin), Some(other_key)).await;
    assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
}
