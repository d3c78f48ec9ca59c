//! Trusting a vz/LXD server's self-signed certificate when its account is added: the SHA-256
//! fingerprint comes from `--server-fingerprint`, from `--server-cert`, or — on a terminal only —
//! from the certificate the server presents, shown to the user and confirmed. Without a terminal and
//! without either option the CLI refuses (exit 2) before sending anything.

use fleetdeck_core::Error;

use crate::Failure;

use crate::args::AccountAdd;
use crate::input;

/// The fingerprint to pin for a vz account, or `None` for a plain-http (loopback) endpoint.
pub async fn server_fingerprint(a: &AccountAdd) -> Result<Option<String>, Failure> {
    if let Some(fp) = &a.server_fingerprint {
        return Ok(Some(normalize_fingerprint(fp)?));
    }
    if let Some(path) = &a.server_cert {
        let pem = input::read_text_file(path, "server certificate")?;
        return Ok(Some(fingerprint_of_pem(&pem)?));
    }
    // The provider's default endpoint is https too.
    let https = a
        .endpoint
        .as_deref()
        .is_none_or(|e| e.trim().to_ascii_lowercase().starts_with("https://"));
    if !https {
        return Ok(None);
    }
    if !input::interactive() {
        return Err(Error::invalid_field(
            "serverFingerprint",
            "the vz/LXD server's certificate must be trusted first: pass --server-cert PEM or \
             --server-fingerprint SHA256 (or run on a terminal to see its fingerprint and confirm it)",
        )
        .into());
    }
    let endpoint = a
        .endpoint
        .clone()
        .unwrap_or_else(|| fleetdeck_provider_lxd::DEFAULT_ENDPOINT.to_owned());
    eprintln!("The server at {endpoint} presents this certificate:");
    let cert = probe(&endpoint).await?;
    eprintln!("  SHA-256 fingerprint: {cert}");
    if input::confirm("Trust it for this account?")? {
        Ok(Some(cert))
    } else {
        Err(Error::invalid_input("the server certificate was not trusted; nothing was saved").into())
    }
}

/// A fingerprint as users paste it (`AB:CD:…`, any case) → lowercase hex without separators, the
/// form `LxdSettings::server_fingerprint` stores.
fn normalize_fingerprint(text: &str) -> Result<String, Error> {
    let bytes = fleetdeck_provider_lxd::parse_fingerprint(text)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The SHA-256 fingerprint of the (first) certificate in a PEM file.
fn fingerprint_of_pem(pem: &str) -> Result<String, Error> {
    use rustls_pki_types::pem::PemObject;
    let der = rustls_pki_types::CertificateDer::from_pem_slice(pem.as_bytes()).map_err(|e| {
        Error::invalid_field(
            "serverCert",
            format!("the server certificate file holds no PEM certificate ({e})"),
        )
    })?;
    Ok(fleetdeck_provider_lxd::fingerprint(&der))
}

/// The certificate the server presents (one TLS handshake, nothing sent).
async fn probe(endpoint: &str) -> Result<String, Error> {
    let cert = fleetdeck_provider_lxd::probe_server_certificate(endpoint).await?;
    eprintln!(
        "  subject: {}\n  issuer: {}\n  valid until: {}",
        cert.subject,
        cert.issuer,
        cert.not_after
            .map(|d| d.to_rfc3339())
            .unwrap_or_else(|| "-".into())
    );
    Ok(cert.sha256)
}
