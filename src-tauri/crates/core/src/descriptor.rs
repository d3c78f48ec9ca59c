//! What a host needs to know about a provider before any account exists (docs/design-rules.md rule 14: the
//! surface is declared once): its label, public endpoint, how one signs in to it (the credential fields, with
//! their labels, help and validation as data), the colour of its sandbox account and where its API
//! documentation is.
//!
//! Each provider crate answers its own [`ProviderDescriptor`] from `descriptor()`; the fleet's
//! `Registry` is the one list of them. The add-account form of the app reads the same values from
//! the generated `ui/src/bindings/providerDescriptors.ts` (written by the fleet's
//! `export_bindings_provider_descriptors` test), the CLI builds its secret prompt from them, and
//! the embedded sandbox paints its accounts with their colours.

use serde::Serialize;
use ts_rs::TS;

use secrecy::SecretString;

use crate::domain::ProviderKind;
use crate::provider::Credentials;

/// A rule a credential value must meet, as data both Rust and the form evaluate
/// ([`FieldValidation::check`] and `ui/src/features/accounts/descriptors.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldValidation {
    /// Fewest characters (after trimming, for a field that is not secret); 0 accepts anything.
    pub min_length: u32,
    /// Text the value must contain (the armour line of a PEM block).
    pub contains: Option<&'static str>,
    /// What the user is told when the value fails the rule.
    pub message: &'static str,
}

impl FieldValidation {
    /// The message when `value` breaks the rule.
    pub fn check(&self, value: &str) -> Option<&'static str> {
        let short = (value.chars().count() as u64) < u64::from(self.min_length);
        let missing = self.contains.is_some_and(|c| !value.contains(c));
        (short || missing).then_some(self.message)
    }
}

/// One credential the user types in, named by its key in the add-account request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CredentialField {
    /// The `AddAccountRequest` key the value goes to: `secret`, `username`, `clientKeyPem`, or
    /// `clientCertPem` (which the request carries in its `lxd` settings).
    pub name: &'static str,
    /// The form's label and the CLI's prompt ("API token").
    pub label: &'static str,
    /// Typed without echo, kept in the keyring only (never in a file, log or the cache).
    pub secret: bool,
    pub required: bool,
    /// A block of text (a PEM) rather than one line.
    pub multiline: bool,
    /// Where the provider shows the value, in a few words (the place in its panel, or the command
    /// that issues it).
    pub help: &'static str,
    /// The page that shows or explains the value, when the provider's reference names one; `None`
    /// when it does not (then `help` says where in words). Never a guessed address.
    pub help_url: Option<&'static str>,
    /// What the credential must be allowed to do for Fleetdeck to work (its rights or scope), in a
    /// sentence; empty when there is nothing to choose.
    pub permissions: &'static str,
    pub validation: FieldValidation,
}

impl CredentialField {
    /// The message when `value` (absent: `None`) is not acceptable. An absent optional field is.
    pub fn check(&self, value: Option<&str>) -> Option<&'static str> {
        let value = value.map(|v| if self.secret { v } else { v.trim() });
        match value {
            None | Some("") if !self.required => None,
            None => Some(self.validation.message),
            Some(v) => self.validation.check(v),
        }
    }
}

/// One way to sign in (vz/LXD: a client certificate, or a bearer token); most providers have one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SignInMethod {
    /// Stable id (`token`, `password`, `certificate`).
    pub id: &'static str,
    /// The choice as the form shows it when there is more than one.
    pub label: &'static str,
    pub fields: Vec<CredentialField>,
}

/// Everything a host shows about a provider besides its capabilities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProviderDescriptor {
    pub kind: ProviderKind,
    /// The name people know it by, spelt once: [`ProviderKind::display_name`], which errors use.
    pub label: &'static str,
    /// The public base URL used when an account names none.
    pub default_endpoint: &'static str,
    /// There is no public service: every account names its own server (vz/LXD).
    pub endpoint_required: bool,
    /// Ways to sign in, the default first; never empty.
    pub sign_in: Vec<SignInMethod>,
    /// The colour chip of its sandbox account (`#rrggbb`).
    pub colour: &'static str,
    /// The provider's API documentation / token page.
    pub docs_url: &'static str,
    /// How the keyring's secrets of an account become the provider's [`Credentials`].
    pub credentials: CredentialShape,
}

/// The form of a provider's credentials, so that turning an account's keyring secrets into
/// [`Credentials`] needs no match on the provider outside its own crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CredentialShape {
    /// One API token, required.
    Token,
    /// The password of the account's user name, required.
    Password,
    /// A TLS client key (its certificate is in the account's settings) and/or a bearer token.
    ClientKeyOrBearer,
}

impl CredentialShape {
    /// The credentials from an account's `secret` field and client key; `None` when the secret
    /// this shape requires is missing.
    pub fn credentials(
        self,
        secret: Option<SecretString>,
        client_key_pem: Option<SecretString>,
    ) -> Option<Credentials> {
        match self {
            CredentialShape::Token => secret.map(Credentials::Token),
            CredentialShape::Password => secret.map(Credentials::Password),
            CredentialShape::ClientKeyOrBearer => Some(Credentials::Lxd {
                client_key_pem,
                bearer: secret,
            }),
        }
    }
}

impl ProviderDescriptor {
    /// The field of this name in any sign-in method (the first method that has it).
    pub fn field(&self, name: &str) -> Option<&CredentialField> {
        self.sign_in
            .iter()
            .flat_map(|m| m.fields.iter())
            .find(|f| f.name == name)
    }

    /// The CLI's no-echo prompt for the `secret` field ("API token: "); when another sign-in
    /// method needs no secret it may be left empty, and the prompt says so.
    pub fn secret_prompt(&self) -> String {
        let Some(field) = self.field("secret") else {
            return "Secret: ".into();
        };
        let optional = !field.required
            || self
                .sign_in
                .iter()
                .any(|m| m.fields.iter().all(|f| f.name != "secret"));
        if optional {
            format!("{} (empty for none): ", field.label)
        } else {
            format!("{}: ", field.label)
        }
    }
}

/// A one-line field that must not be empty.
pub const fn non_empty(message: &'static str) -> FieldValidation {
    FieldValidation {
        min_length: 1,
        contains: None,
        message,
    }
}

/// A PEM block of this kind (`contains` its armour word, e.g. `"BEGIN CERTIFICATE"`).
pub const fn pem(contains: &'static str, message: &'static str) -> FieldValidation {
    FieldValidation {
        min_length: 1,
        contains: Some(contains),
        message,
    }
}

/// One required secret token field (`secret`), with no help page and no permission note (a
/// provider adds them with struct update syntax).
pub fn token_field(label: &'static str, help: &'static str, message: &'static str) -> CredentialField {
    CredentialField {
        name: "secret",
        label,
        secret: true,
        required: true,
        multiline: false,
        help,
        help_url: None,
        permissions: "",
        validation: non_empty(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_ways() -> ProviderDescriptor {
        ProviderDescriptor {
            kind: ProviderKind::Vz,
            label: ProviderKind::Vz.display_name(),
            default_endpoint: "https://127.0.0.1:8443",
            endpoint_required: true,
            sign_in: vec![
                SignInMethod {
                    id: "certificate",
                    label: "Client certificate",
                    fields: vec![CredentialField {
                        name: "clientCertPem",
                        label: "Client certificate (PEM)",
                        secret: false,
                        required: true,
                        multiline: true,
                        help: "",
                        help_url: None,
                        permissions: "",
                        validation: pem("BEGIN CERTIFICATE", "Paste the client certificate (PEM)."),
                    }],
                },
                SignInMethod {
                    id: "token",
                    label: "Bearer token",
                    fields: vec![token_field("Bearer token", "", "Enter the bearer token.")],
                },
            ],
            colour: "#9b51e0",
            docs_url: "https://documentation.ubuntu.com/lxd",
            credentials: CredentialShape::ClientKeyOrBearer,
        }
    }

    #[test]
    fn validation_is_data() {
        let d = two_ways();
        let cert = d.field("clientCertPem").unwrap();
        assert_eq!(cert.check(None), Some("Paste the client certificate (PEM)."));
        assert_eq!(
            cert.check(Some("  ")),
            Some("Paste the client certificate (PEM).")
        );
        assert_eq!(
            cert.check(Some("hello")),
            Some("Paste the client certificate (PEM).")
        );
        assert_eq!(cert.check(Some("-----BEGIN CERTIFICATE-----\nx")), None);
        let token = d.field("secret").unwrap();
        assert_eq!(token.check(Some("")), Some("Enter the bearer token."));
        assert_eq!(token.check(Some(" t ")), None);
    }

    #[test]
    fn an_optional_field_may_be_absent() {
        let mut f = token_field("Token", "", "Enter it.");
        f.required = false;
        assert_eq!(f.check(None), None);
        assert_eq!(f.check(Some("")), None);
    }

    #[test]
    fn the_secret_prompt_says_when_it_may_be_empty() {
        assert_eq!(two_ways().secret_prompt(), "Bearer token (empty for none): ");
        let mut one = two_ways();
        one.sign_in.remove(0);
        assert_eq!(one.secret_prompt(), "Bearer token: ");
    }
}
