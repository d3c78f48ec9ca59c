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
    let endpoint = a.endpoint.clone().unwrap_or_default();
    let cert = probe(&endpoint).await?;
    eprintln!("The server at {endpoint} presents this certificate:\n  SHA-256 fingerprint: {cert}");
    if input::confirm("Trust it for this account?")? {
        Ok(Some(cert))
    } else {
        Err(Error::invalid_input("the server certificate was not trusted; nothing was saved").into())
    }
}

/// A fingerprint as users paste it (`AB:CD:…`, any case) → lowercase hex without separators.
fn normalize_fingerprint(text: &str) -> Result<String, Error> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ':' | ' ' | '-'))
        .collect::<String>()
        .to_ascii_lowercase();
    if digits.len() != 64 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::invalid_field(
            "serverFingerprint",
            format!("'{text}' is not a SHA-256 fingerprint (64 hexadecimal digits)"),
        ));
    }
    Ok(digits)
}

fn fingerprint_of_pem(_pem: &str) -> Result<String, Error> {
    Err(Error::invalid_input(
        "--server-cert is not available in this build yet: pass --server-fingerprint",
    ))
}

async fn probe(_endpoint: &str) -> Result<String, Error> {
    Err(Error::invalid_input(
        "probing the server certificate is not available in this build yet: pass --server-fingerprint",
    ))
}
