//! The add-account form's help pages (a credential field's `help_url`, a provider's `docs_url`,
//! from the descriptors: src-tauri/crates/core/src/descriptor.rs), opened in the system browser by
//! Rust. Only an address some provider descriptor names is opened: the window holds no opener
//! permission (capabilities/default.json) and cannot make Rust open anything else.

use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt;

use fleetdeck_core::{Error, Result};
use fleetdeck_fleet::Registry;

/// `url` when a provider descriptor names it as a help or documentation page; an error otherwise.
pub fn known_help_url(url: &str) -> Result<&'static str> {
    Registry::descriptors()
        .iter()
        .flat_map(|d| {
            let fields = d.sign_in.iter().flat_map(|m| m.fields.iter());
            fields.filter_map(|f| f.help_url).chain([d.docs_url])
        })
        .find(|known| *known == url)
        .ok_or_else(|| Error::invalid_input("only a provider's own help pages open from here"))
}

/// Open a provider's help page in the system browser.
pub fn open_help_link(app: &AppHandle, url: &str) -> Result<()> {
    let url = known_help_url(url)?;
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|_| Error::internal("the system could not open the page in a browser"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_descriptors_pages_open() {
        let bearer = "https://documentation.ubuntu.com/lxd/latest/howto/auth_bearer/";
        assert_eq!(known_help_url(bearer).ok(), Some(bearer));
        assert!(known_help_url("https://developers.letscloud.io").is_ok());
        assert!(known_help_url("https://evil.example/").is_err());
        assert!(known_help_url("file:///etc/passwd").is_err());
        assert!(known_help_url(&format!("{bearer}?x")).is_err());
    }
}
