//! Names and addresses users type: account names and `ACCOUNT/ID` resource addresses. Checked
//! before any request so bad input gets a clear message (CLI exit code 2).

use crate::error::{Error, Result};

/// Check an account name: `[A-Za-z0-9._-]{1,64}`.
pub fn validate_account_name(name: &str) -> Result<()> {
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if name.is_empty() || name.len() > 64 || !ok_chars {
        return Err(Error::invalid_field(
            "name",
            format!("invalid account name '{name}': use 1 to 64 letters, digits, '.', '_' or '-'"),
        ));
    }
    Ok(())
}

/// A resource address `ACCOUNT/ID`. The id is everything after the first `/` (LXD snapshot ids
/// themselves contain a slash: `work/web-1/snap0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub account: String,
    pub id: String,
}

impl std::str::FromStr for Address {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let Some((account, id)) = s.split_once('/') else {
            return Err(Error::invalid_input(format!(
                "malformed address '{s}': expected ACCOUNT/ID"
            )));
        };
        validate_account_name(account).map_err(|_| {
            Error::invalid_input(format!(
                "malformed address '{s}': '{account}' is not an account name"
            ))
        })?;
        if id.trim().is_empty() {
            return Err(Error::invalid_input(format!(
                "malformed address '{s}': the id after '/' is empty"
            )));
        }
        Ok(Address {
            account: account.to_owned(),
            id: id.to_owned(),
        })
    }
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.account, self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names() {
        assert!(validate_account_name("prod-eu.1_b").is_ok());
        assert!(validate_account_name("").is_err());
        assert!(validate_account_name("has space").is_err());
        assert!(validate_account_name(&"x".repeat(65)).is_err());
        assert!(validate_account_name("ünï").is_err());
    }

    #[test]
    fn addresses() {
        let a: Address = "work/42".parse().unwrap();
        assert_eq!((a.account.as_str(), a.id.as_str()), ("work", "42"));
        let a: Address = "lab/web-1/snap0".parse().unwrap();
        assert_eq!(a.id, "web-1/snap0");
        assert!("noslash".parse::<Address>().is_err());
        assert!("work/".parse::<Address>().is_err());
        assert!("bad name/1".parse::<Address>().is_err());
        assert_eq!("work/42".parse::<Address>().unwrap().to_string(), "work/42");
    }
}
