//! TLS of an LXD-dialect connection (docs/wire-decisions.md, vz and LXD reference): the client presents a
//! certificate whose key lives in the keyring, and the server is recognised by the SHA-256 fingerprint of its
//! certificate, which the user trusted on first use.
//!
//! - [`probe_server_certificate`] fetches the server's certificate with one TLS handshake (aborted
//!   as soon as the certificate arrives: nothing is sent), for the hosts to show before trusting.
//! - [`PinnedVerifier`] accepts exactly the pinned certificate. LXD servers use self-signed
//!   certificates whose names rarely match the address used, so neither a CA nor the host name is
//!   checked: the fingerprint is the identity. The handshake signature is still verified, so the
//!   server must hold the certificate's private key.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use fleetdeck_core::http::validate_endpoint;
use fleetdeck_core::{Error, Result};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{
    verify_tls12_signature, verify_tls13_signature, CryptoProvider, WebPkiSupportedAlgorithms,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, OtherError, SignatureScheme};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How long the probe waits for the TCP connection and the server's certificate.
const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// A server certificate met for the first time, for the user to trust or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerCertificate {
    /// The certificate, PEM.
    pub pem: String,
    /// SHA-256 of the DER certificate, lowercase hex without separators (as LXD prints it, and as
    /// `LxdSettings::server_fingerprint` stores it).
    pub sha256: String,
    /// Subject distinguished name (`O=linuxcontainers.org, CN=root@host`).
    pub subject: String,
    pub issuer: String,
    pub not_before: Option<chrono::DateTime<chrono::Utc>>,
    pub not_after: Option<chrono::DateTime<chrono::Utc>>,
    /// Subject and issuer are the same (LXD's own certificates are).
    pub self_signed: bool,
}

/// The server certificate of an `https://` endpoint, without trusting it and without sending any
/// request. Errors: [`Error::InvalidInput`] for a bad or plain-http endpoint, [`Error::Network`]
/// when the server cannot be reached or sends no certificate.
pub async fn probe_server_certificate(endpoint: &str) -> Result<ServerCertificate> {
    let url = validate_endpoint(endpoint)?;
    if url.scheme() != "https" {
        return Err(Error::invalid_field(
            "endpoint",
            format!("'{endpoint}' is plain http: there is no server certificate to trust"),
        ));
    }
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    let network = |message: String| Error::Network {
        account: endpoint.to_owned(),
        message,
    };
    let server_name = ServerName::try_from(host.clone())
        .map_err(|_| Error::invalid_field("endpoint", format!("'{host}' is not a valid host name")))?;
    let tcp = tokio::time::timeout(
        PROBE_TIMEOUT,
        tokio::net::TcpStream::connect((host.as_str(), port)),
    )
    .await
    .map_err(|_| network(format!("could not connect to {host}:{port} (timed out)")))?
    .map_err(|e| network(format!("could not connect to {host}:{port} ({e})")))?;
    let recorder = Arc::new(CertificateRecorder::default());
    let config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::internal(format!("TLS set-up: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    // The recorder aborts the handshake once it holds the certificate, so this "fails" by design.
    let outcome = tokio::time::timeout(PROBE_TIMEOUT, connector.connect(server_name, tcp)).await;
    let chain = recorder.taken();
    match (chain, outcome) {
        (Some(der), _) => describe(&der),
        (None, Err(_)) => Err(network(format!("{host}:{port} sent no certificate (timed out)"))),
        (None, Ok(Err(e))) => Err(network(format!("TLS handshake with {host}:{port} failed: {e}"))),
        (None, Ok(Ok(_))) => Err(network(format!("{host}:{port} sent no certificate"))),
    }
}

/// Describe a DER certificate for the user.
pub(crate) fn describe(der: &[u8]) -> Result<ServerCertificate> {
    let (subject, issuer, not_before, not_after) = match x509_parser::parse_x509_certificate(der) {
        Ok((_, cert)) => (
            cert.subject().to_string(),
            cert.issuer().to_string(),
            chrono::DateTime::from_timestamp(cert.validity().not_before.timestamp(), 0),
            chrono::DateTime::from_timestamp(cert.validity().not_after.timestamp(), 0),
        ),
        Err(e) => {
            return Err(Error::internal(format!(
                "the server certificate cannot be read: {e}"
            )))
        }
    };
    Ok(ServerCertificate {
        pem: pem_of(der),
        sha256: fingerprint(der),
        self_signed: subject == issuer,
        subject,
        issuer,
        not_before,
        not_after,
    })
}

/// SHA-256 of a DER certificate, lowercase hex.
pub fn fingerprint(der: &[u8]) -> String {
    hex(&Sha256::digest(der))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn pem_of(der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

/// A fingerprint as users paste it (`AB:CD:…`, spaces, any case) → 32 bytes.
pub fn parse_fingerprint(text: &str) -> Result<[u8; 32]> {
    let digits: String = text.chars().filter(|c| !matches!(c, ':' | ' ' | '-')).collect();
    let bad = || {
        Error::invalid_field(
            "serverFingerprint",
            format!("'{text}' is not a SHA-256 fingerprint (64 hexadecimal digits)"),
        )
    };
    if digits.len() != 64 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(out)
}

/// The crypto provider reqwest is built with (ring).
fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A client certificate (chain) and its key, parsed from PEM.
pub(crate) struct ClientIdentity {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
}

impl std::fmt::Debug for ClientIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientIdentity")
            .field("certificates", &self.chain.len())
            .finish_non_exhaustive()
    }
}

impl ClientIdentity {
    /// Parse the certificate (public, from the account settings) and the key (from the keyring).
    /// Messages never quote the key.
    pub(crate) fn from_pem(cert_pem: &str, key_pem: &SecretString) -> Result<Self> {
        let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
            .collect::<std::result::Result<_, _>>()
            .map_err(|_| Error::invalid_field("clientCertPem", "the client certificate is not valid PEM"))?;
        if chain.is_empty() {
            return Err(Error::invalid_field(
                "clientCertPem",
                "the client certificate PEM holds no certificate",
            ));
        }
        let key = PrivateKeyDer::from_pem_slice(key_pem.expose_secret().as_bytes()).map_err(|_| {
            Error::invalid_field(
                "clientKeyPem",
                "the client key is not a PEM private key (PKCS#8, PKCS#1 or SEC1)",
            )
        })?;
        Ok(ClientIdentity { chain, key })
    }

    /// The same identity as reqwest takes it (for servers verified against public CAs).
    pub(crate) fn to_reqwest(&self) -> Result<reqwest::Identity> {
        let mut pem = String::new();
        for c in &self.chain {
            pem.push_str(&pem_of(c.as_ref()));
        }
        let label = match &self.key {
            PrivateKeyDer::Pkcs1(_) => "RSA PRIVATE KEY",
            PrivateKeyDer::Sec1(_) => "EC PRIVATE KEY",
            _ => "PRIVATE KEY",
        };
        let b64 = base64::engine::general_purpose::STANDARD.encode(self.key.secret_der());
        let mut key = format!("-----BEGIN {label}-----\n");
        for line in b64.as_bytes().chunks(64) {
            key.push_str(&String::from_utf8_lossy(line));
            key.push('\n');
        }
        key.push_str(&format!("-----END {label}-----\n"));
        pem.push_str(&key);
        reqwest::Identity::from_pem(pem.as_bytes())
            .map_err(|_| Error::invalid_field("clientKeyPem", "the client certificate or key is not usable"))
    }
}

/// A rustls client configuration that trusts exactly the pinned server certificate and presents
/// the client identity when there is one.
pub(crate) fn pinned_config(pin: [u8; 32], identity: Option<&ClientIdentity>) -> Result<ClientConfig> {
    let provider = provider();
    let verifier = Arc::new(PinnedVerifier {
        pin,
        algorithms: provider.signature_verification_algorithms,
    });
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::internal(format!("TLS set-up: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    match identity {
        Some(id) => builder
            .with_client_auth_cert(id.chain.clone(), id.key.clone_key())
            .map_err(|e| {
                Error::invalid_field(
                    "clientKeyPem",
                    format!("the client certificate and key cannot be used together ({e})"),
                )
            }),
        None => Ok(builder.with_no_client_auth()),
    }
}

/// Accepts the server certificate whose SHA-256 is the pin, and no other.
#[derive(Debug)]
pub(crate) struct PinnedVerifier {
    pin: [u8; 32],
    algorithms: WebPkiSupportedAlgorithms,
}

/// The error a handshake with an unexpected certificate fails with (shown to the user).
struct PinMismatch {
    presented: String,
    pinned: String,
}

/// rustls shows the cause with `Debug`: make that the sentence too.
impl std::fmt::Debug for PinMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// The sentence of a [`PinMismatch`] inside a transport error's text, if it is one.
pub(crate) fn pin_mismatch_in(text: &str) -> Option<&str> {
    let start = text.find(PIN_MISMATCH_START)?;
    let rest = &text[start..];
    let end = rest.find(PIN_MISMATCH_END).map(|i| i + PIN_MISMATCH_END.len())?;
    Some(&rest[..end])
}

const PIN_MISMATCH_START: &str = "the server's certificate (SHA-256";
const PIN_MISMATCH_END: &str = "trust it again";

impl std::fmt::Display for PinMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the server's certificate (SHA-256 {}) is not the one trusted for this account ({}); \
             if the server's certificate was replaced on purpose, check the new fingerprint and trust it again",
            self.presented, self.pinned
        )
    }
}

impl std::error::Error for PinMismatch {}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let presented: [u8; 32] = Sha256::digest(end_entity.as_ref()).into();
        if presented == self.pin {
            return Ok(ServerCertVerified::assertion());
        }
        Err(rustls::Error::InvalidCertificate(CertificateError::Other(
            OtherError(Arc::new(PinMismatch {
                presented: hex(&presented),
                pinned: hex(&self.pin),
            })),
        )))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// The probe's verifier: keeps the end-entity certificate and aborts the handshake.
#[derive(Debug, Default)]
struct CertificateRecorder {
    seen: Mutex<Option<Vec<u8>>>,
}

impl CertificateRecorder {
    fn taken(&self) -> Option<Vec<u8>> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

impl ServerCertVerifier for CertificateRecorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        *self.seen.lock().unwrap_or_else(|p| p.into_inner()) = Some(end_entity.as_ref().to_vec());
        Err(rustls::Error::General(
            "certificate recorded; probe complete".into(),
        ))
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General("probe only".into()))
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General("probe only".into()))
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::ring::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_parse_in_every_spelling() {
        let hex64 = "dea70c9c8f9c6324efcad25b2b86a4cfd9bff0e262dfb02dc41408f58ac8da15";
        let a = parse_fingerprint(hex64).unwrap();
        let colons: Vec<String> = hex64
            .as_bytes()
            .chunks(2)
            .map(|c| String::from_utf8_lossy(c).to_uppercase())
            .collect();
        assert_eq!(parse_fingerprint(&colons.join(":")).unwrap(), a);
        assert_eq!(hex(&a), hex64);
        assert!(parse_fingerprint("abc").is_err());
        assert!(parse_fingerprint(&"g".repeat(64)).is_err());
    }

    #[test]
    fn keys_are_not_quoted_in_errors() {
        let key = SecretString::from(
            "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n",
        );
        let e = ClientIdentity::from_pem("not a cert", &key).unwrap_err();
        assert!(!e.to_string().contains("c2VjcmV0"));
    }
}
