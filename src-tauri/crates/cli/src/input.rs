//! What the CLI reads from the user: secrets (stdin or a no-echo prompt), files named on the
//! command line, and yes/no confirmations on a terminal. Secrets go straight into `SecretString`
//! and from there to the fleet (and the keyring); they are never echoed, printed or logged.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::Path;

use secrecy::SecretString;

use fleetdeck_core::{Error, ProviderKind, Result};

/// Whether the user can be asked something (stdin and stderr are terminals).
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Read a secret from standard input: everything up to EOF, without the trailing newline.
pub fn secret_from_stdin() -> Result<Option<SecretString>> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Error::invalid_field("secret", format!("cannot read the secret from stdin: {e}")))?;
    let trimmed = text.trim_end_matches(['\r', '\n']);
    let secret = if trimmed.is_empty() {
        None
    } else {
        Some(SecretString::from(trimmed.to_owned()))
    };
    // Overwrite our copy: the only one left is inside the SecretString (zeroized on drop).
    text.clear();
    Ok(secret)
}

/// The no-echo prompt for an account's secret, from its provider's descriptor ("API token: ",
/// "Bearer token (empty for none): ").
pub fn secret_prompt(provider: ProviderKind) -> String {
    fleetdeck_fleet::Registry::descriptor(provider)
        .map(|d| d.secret_prompt())
        .unwrap_or_else(|| "Secret: ".into())
}

/// Prompt for a secret on the terminal, without echo.
pub fn secret_from_prompt(prompt: &str) -> Result<Option<SecretString>> {
    let text = rpassword::prompt_password(prompt)
        .map_err(|e| Error::invalid_field("secret", format!("cannot read the secret: {e}")))?;
    Ok(if text.is_empty() {
        None
    } else {
        Some(SecretString::from(text))
    })
}

/// Ask a yes/no question on the terminal (stderr for the question); `false` unless "y" or "yes".
pub fn confirm(question: &str) -> Result<bool> {
    let mut err = std::io::stderr();
    let _ = write!(err, "{question} [y/N] ");
    let _ = err.flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::invalid_input(format!("cannot read the answer: {e}")))?;
    Ok(matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
}

/// Read a text file named on the command line; an unreadable file is a usage error.
pub fn read_text_file(path: &Path, what: &str) -> Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| Error::invalid_field(what, format!("cannot read {what} file '{}': {e}", path.display())))
}

/// Read a file holding a secret (a TLS client key) straight into a `SecretString`.
pub fn read_secret_file(path: &Path, what: &str) -> Result<SecretString> {
    read_text_file(path, what).map(SecretString::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_prompt_comes_from_the_descriptor() {
        assert_eq!(secret_prompt(ProviderKind::LetsCloud), "API token: ");
        assert_eq!(secret_prompt(ProviderKind::Cloudzy), "API token: ");
        assert_eq!(secret_prompt(ProviderKind::Cloudero), "Password: ");
        assert_eq!(secret_prompt(ProviderKind::Vz), "Bearer token (empty for none): ");
    }
}
