//! Native file pickers, opened by Rust (tauri-plugin-dialog): "Save as…" for a file the app will
//! write (a generated private key, a backup archive), and "Open" for a `.pub` file whose text is
//! read here and handed to the window only when it is one OpenSSH public key line.
//!
//! The web view has no dialog or file permission of its own (ARCHITECTURE.md rule 1,
//! src-tauri/capabilities/default.json): it calls [`choose_save_path`] and
//! [`read_public_key_file`] and gets a path or a key line back, nothing else.
//!
//! The dialogs are a thin seam ([`show_save_dialog`], [`show_open_dialog`]); what each purpose
//! shows ([`save_dialog_plan`]), which chosen paths are answered ([`accept_save_path`]) and which
//! file contents count as a public key ([`public_key_text`], [`read_public_key_at`]) are plain
//! functions, tested without a display.
//!
//! Invariant: a private key picked by mistake is refused with a message that quotes none of it,
//! and its bytes never leave this module.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

use fleetdeck_core::{Error, Result};

/// What a file chosen in a "Save as…" dialog is for: it sets the dialog's title, its file filter,
/// the folder it opens in and the name it suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SavePurpose {
    /// The private key of a pair generated here (`generate_ssh_key`): a new file, usually in ~/.ssh.
    PrivateKey,
    /// A copy of a server backup (`download_backup`): an archive, usually in Downloads.
    BackupArchive,
}

/// The archive names a backup copy may have: the same list the fleet checks
/// (src-tauri/crates/fleet/src/backup_download.rs `BACKUP_FILE_SUFFIXES`), without the dot.
pub const BACKUP_ARCHIVE_EXTENSIONS: [&str; 7] =
    ["tar.gz", "tgz", "tar.xz", "tar.zst", "tar.bz2", "tar.lz4", "tar"];

/// The largest `.pub` file read: an OpenSSH public key line is under 1 KiB (a 16384-bit RSA key is
/// about 2.8 KiB); anything bigger is not one, and is not read into memory.
pub const PUBLIC_KEY_FILE_LIMIT: u64 = 16 * 1024;

/// The user's folders a dialog may open in (found by Tauri's path resolver; absent when unknown).
#[derive(Debug, Clone, Default)]
pub struct Places {
    pub home: Option<PathBuf>,
    pub downloads: Option<PathBuf>,
}

impl Places {
    fn of(app: &AppHandle) -> Places {
        Places {
            home: app.path().home_dir().ok(),
            downloads: app.path().download_dir().ok(),
        }
    }

    /// `~/.ssh` when it is a folder, else the home folder.
    fn ssh_or_home(&self) -> Option<PathBuf> {
        let home = self.home.as_ref()?;
        let ssh = home.join(".ssh");
        Some(if ssh.is_dir() { ssh } else { home.clone() })
    }
}

/// A file filter of a dialog: its label and the extensions it shows (no dot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFilter {
    pub name: &'static str,
    pub extensions: Vec<&'static str>,
}

/// What one dialog shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialogPlan {
    pub title: &'static str,
    /// `None`: every file (a private key has no extension to filter on).
    pub filter: Option<FileFilter>,
    /// The folder it opens in, when known.
    pub directory: Option<PathBuf>,
    /// The file name it suggests (save dialogs).
    pub file_name: Option<String>,
}

/// The "Save as…" dialog for `purpose`, suggesting `suggested_name` (reduced to a plain file name)
/// or the purpose's default name.
pub fn save_dialog_plan(purpose: SavePurpose, suggested_name: Option<&str>, places: &Places) -> DialogPlan {
    let suggested = suggested_name.and_then(plain_file_name);
    match purpose {
        SavePurpose::PrivateKey => DialogPlan {
            title: "Save the private key",
            filter: None,
            directory: places.ssh_or_home(),
            // Not `id_ed25519`: that is the user's own default key, most likely there already.
            file_name: Some(suggested.unwrap_or_else(|| "id_ed25519_fleetdeck".to_owned())),
        },
        SavePurpose::BackupArchive => DialogPlan {
            title: "Save the backup archive",
            filter: Some(FileFilter {
                name: "Backup archives",
                extensions: BACKUP_ARCHIVE_EXTENSIONS.to_vec(),
            }),
            directory: places.downloads.clone().or_else(|| places.home.clone()),
            file_name: Some(suggested.unwrap_or_else(|| "backup.tar.gz".to_owned())),
        },
    }
}

/// The "Open" dialog of [`read_public_key_file`]: `*.pub` files, in `~/.ssh` when there is one.
pub fn public_key_dialog_plan(places: &Places) -> DialogPlan {
    DialogPlan {
        title: "Pick a public key (.pub)",
        filter: Some(FileFilter {
            name: "OpenSSH public keys",
            extensions: vec!["pub"],
        }),
        directory: places.ssh_or_home(),
        file_name: None,
    }
}

/// The last component of `name` as a file name: no folder (a suggestion never chooses where the
/// file goes: the user does, in the dialog), no control characters; `None` when nothing is left.
pub fn plain_file_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    (!clean.is_empty() && clean != "." && clean != "..").then(|| clean.to_owned())
}

/// The path answered for a file chosen in a "Save as…" dialog: a full path in an existing folder,
/// as text (the window sends it back to a command). A private key may not be named `*.pub` (its
/// public key is written next to it as `<file>.pub`); a backup copy without an archive extension
/// gets `.tar.gz` (the fleet saves copies under archive names only).
pub fn accept_save_path(purpose: SavePurpose, chosen: &Path) -> Result<String> {
    let refuse = |why: String| Err(Error::invalid_field("path", why));
    if !chosen.is_absolute() {
        return refuse(format!("{} is not a full path", chosen.display()));
    }
    let Some(text) = chosen.to_str() else {
        return refuse(format!(
            "{} is not a path Fleetdeck can pass on (not UTF-8)",
            chosen.display()
        ));
    };
    let name = chosen.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.is_empty() {
        return refuse(format!("{text} names no file"));
    }
    if !chosen.parent().is_some_and(Path::is_dir) {
        return refuse(format!("the folder of {text} does not exist"));
    }
    match purpose {
        SavePurpose::PrivateKey if name.to_ascii_lowercase().ends_with(".pub") => refuse(format!(
            "{name} is a public key's name: name the private key without .pub (the public key is written next to it as {name}.pub)"
        )),
        SavePurpose::PrivateKey => Ok(text.to_owned()),
        SavePurpose::BackupArchive => {
            let lower = name.to_ascii_lowercase();
            if BACKUP_ARCHIVE_EXTENSIONS.iter().any(|e| lower.ends_with(&format!(".{e}"))) {
                Ok(text.to_owned())
            } else {
                Ok(format!("{text}.tar.gz"))
            }
        }
    }
}

/// The one OpenSSH public key line in a `.pub` file's bytes, trimmed. Refused (with a message that
/// quotes nothing of the file): a private key in any common format, an RFC 4716 (SSH2) public key,
/// non-text, an empty file, more than one key line, or a line that is not `TYPE BASE64 [comment]`
/// (the check `add_ssh_key` makes: fleetdeck_fleet::resources::validate_public_key).
pub fn public_key_text(bytes: &[u8]) -> Result<String> {
    let refuse = |why: &str| Err(Error::invalid_field("publicKeyFile", why.to_owned()));
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if contains(b"PRIVATE KEY") || contains(b"PuTTY-User-Key-File") {
        return refuse(
            "this file is a private key: it was not read into Fleetdeck. Pick the public key next to it (the same name with .pub).",
        );
    }
    if contains(b"BEGIN SSH2 PUBLIC KEY") {
        return refuse(
            "this is an SSH2 (RFC 4716) public key: convert it with `ssh-keygen -i -f FILE` and pick the result, or paste an OpenSSH line",
        );
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return refuse("this file is not text: a .pub file holds one line like 'ssh-ed25519 AAAA… comment'");
    };
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let line = match lines.as_slice() {
        [] => return refuse("this file is empty"),
        [line] => *line,
        more => {
            return Err(Error::invalid_field(
                "publicKeyFile",
                format!(
                    "this file holds {} lines: a .pub file holds one key line",
                    more.len()
                ),
            ))
        }
    };
    fleetdeck_fleet::resources::validate_public_key(line).map_err(|_| {
        Error::invalid_field(
            "publicKeyFile",
            "this file is not an OpenSSH public key (expected one line like 'ssh-ed25519 AAAA… comment')",
        )
    })?;
    Ok(line.to_owned())
}

/// Read the file at `path` (a regular file of at most [`PUBLIC_KEY_FILE_LIMIT`] bytes, checked
/// before reading) and answer its public key line ([`public_key_text`]).
pub fn read_public_key_at(path: &Path) -> Result<String> {
    let io = |e: std::io::Error| {
        Error::invalid_field("publicKeyFile", format!("cannot read {}: {e}", path.display()))
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(Error::invalid_field(
            "publicKeyFile",
            format!("{} is not a file", path.display()),
        ));
    }
    let too_big = || {
        Error::invalid_field(
            "publicKeyFile",
            format!(
                "{} is larger than a public key ({} KiB at most): pick the .pub file",
                path.display(),
                PUBLIC_KEY_FILE_LIMIT / 1024
            ),
        )
    };
    if meta.len() > PUBLIC_KEY_FILE_LIMIT {
        return Err(too_big());
    }
    // Read at most one byte past the limit: a file that grew since `metadata` is still refused.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(PUBLIC_KEY_FILE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > PUBLIC_KEY_FILE_LIMIT {
        return Err(too_big());
    }
    public_key_text(&bytes)
}

/// Command `choose_save_path`: a native "Save as…" dialog for `purpose`; the chosen path
/// ([`accept_save_path`]), or `None` when the user cancelled.
pub async fn choose_save_path(
    app: &AppHandle,
    purpose: SavePurpose,
    suggested_name: Option<String>,
) -> Result<Option<String>> {
    let plan = save_dialog_plan(purpose, suggested_name.as_deref(), &Places::of(app));
    match show_save_dialog(app, plan).await? {
        Some(chosen) => accept_save_path(purpose, &chosen).map(Some),
        None => Ok(None),
    }
}

/// Command `read_public_key_file`: a native "Open" dialog for a `.pub` file, read here; its one
/// public key line, or `None` when the user cancelled.
pub async fn read_public_key_file(app: &AppHandle) -> Result<Option<String>> {
    let plan = public_key_dialog_plan(&Places::of(app));
    let Some(path) = show_open_dialog(app, plan).await? else {
        return Ok(None);
    };
    tauri::async_runtime::spawn_blocking(move || read_public_key_at(&path))
        .await
        .map_err(|e| Error::internal(format!("blocking task: {e}")))?
        .map(Some)
}

// ---- the seam: the native dialogs themselves ---------------------------------------------------

/// A dialog builder set up from `plan`, over the main window (modal to it) when there is one.
fn builder(app: &AppHandle, plan: DialogPlan) -> tauri_plugin_dialog::FileDialogBuilder<tauri::Wry> {
    let mut dialog = app.dialog().file().set_title(plan.title);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    if let Some(filter) = &plan.filter {
        dialog = dialog.add_filter(filter.name, &filter.extensions);
    }
    if let Some(directory) = &plan.directory {
        dialog = dialog.set_directory(directory);
    }
    if let Some(name) = plan.file_name {
        dialog = dialog.set_file_name(name);
    }
    dialog
}

/// Shows a "Save as…" dialog; the chosen path, `None` when cancelled. Waits without holding an
/// async worker (the plugin answers through a callback).
async fn show_save_dialog(app: &AppHandle, plan: DialogPlan) -> Result<Option<PathBuf>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    builder(app, plan).save_file(move |chosen| {
        let _ = tx.send(chosen);
    });
    chosen_path(rx.await)
}

/// Shows an "Open" dialog for one file; the chosen path, `None` when cancelled.
async fn show_open_dialog(app: &AppHandle, plan: DialogPlan) -> Result<Option<PathBuf>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    builder(app, plan).pick_file(move |chosen| {
        let _ = tx.send(chosen);
    });
    chosen_path(rx.await)
}

fn chosen_path(
    answer: std::result::Result<
        Option<tauri_plugin_dialog::FilePath>,
        tokio::sync::oneshot::error::RecvError,
    >,
) -> Result<Option<PathBuf>> {
    match answer {
        Ok(Some(chosen)) => chosen
            .into_path()
            .map(Some)
            .map_err(|e| Error::internal(format!("the dialog answered no file path: {e}"))),
        Ok(None) => Ok(None),
        Err(_) => Err(Error::internal("the file dialog closed without an answer")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fleetdeck_core::ErrorCode;

    const ED25519: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk2c2VjcmV0bm90IGEgcmVhbCBrZXkgYXQgYWxs me@laptop";
    const PRIVATE: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n";

    /// A fresh folder of this test, removed at the end (the app crate has no tempfile).
    struct TempDir(PathBuf);

    impl TempDir {
        fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn tempdir(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("fleetdeck-dialogs-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn refusal(r: Result<String>) -> String {
        let e = r.unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
        e.to_string()
    }

    #[test]
    fn one_public_key_line_is_answered_trimmed() {
        assert_eq!(
            public_key_text(format!("{ED25519}\n").as_bytes()).unwrap(),
            ED25519
        );
        assert_eq!(
            public_key_text(format!("\n  {ED25519}  \r\n\n").as_bytes()).unwrap(),
            ED25519
        );
    }

    #[test]
    fn a_private_key_is_refused_without_quoting_it() {
        let pem_rsa =
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsecretbody\n-----END RSA PRIVATE KEY-----\n";
        let putty = "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\nsecretbody\n";
        for private in [PRIVATE, pem_rsa, putty] {
            let why = refusal(public_key_text(private.as_bytes()));
            assert!(why.contains("private key"), "{why}");
            assert!(
                !why.contains("b3BlbnNzaC1rZXkt") && !why.contains("secretbody"),
                "{why}"
            );
        }
        // A public line followed by a private key is still a private key file.
        let both = format!("{ED25519}\n{PRIVATE}");
        assert!(refusal(public_key_text(both.as_bytes())).contains("private key"));
    }

    #[test]
    fn anything_but_one_openssh_line_is_refused() {
        assert!(refusal(public_key_text(b"")).contains("empty"));
        assert!(refusal(public_key_text(b"\n \n")).contains("empty"));
        let two = format!("{ED25519}\n{ED25519}\n");
        assert!(refusal(public_key_text(two.as_bytes())).contains("2 lines"));
        assert!(refusal(public_key_text(b"hello world")).contains("not an OpenSSH public key"));
        assert!(refusal(public_key_text(b"from=\"10.0.0.1\" ssh-ed25519 AAAA me")).contains("not an OpenSSH"));
        assert!(refusal(public_key_text(&[0xff, 0xfe, 0x00, 0x41])).contains("not text"));
        let ssh2 = "---- BEGIN SSH2 PUBLIC KEY ----\nAAAAB3NzaC1yc2E\n---- END SSH2 PUBLIC KEY ----\n";
        assert!(refusal(public_key_text(ssh2.as_bytes())).contains("ssh-keygen -i"));
    }

    #[test]
    fn a_file_is_read_only_up_to_the_limit() {
        let dir = tempdir("read");
        let good = dir.path().join("id.pub");
        std::fs::write(&good, format!("{ED25519}\n")).unwrap();
        assert_eq!(read_public_key_at(&good).unwrap(), ED25519);

        let big = dir.path().join("big.pub");
        let padding = " ".repeat(PUBLIC_KEY_FILE_LIMIT as usize);
        std::fs::write(&big, format!("{ED25519}{padding}\n")).unwrap();
        assert!(refusal(read_public_key_at(&big)).contains("larger than a public key"));

        let private = dir.path().join("id");
        std::fs::write(&private, PRIVATE).unwrap();
        assert!(refusal(read_public_key_at(&private)).contains("private key"));

        assert!(refusal(read_public_key_at(dir.path())).contains("not a file"));
        assert!(refusal(read_public_key_at(&dir.path().join("missing.pub"))).contains("cannot read"));
    }

    #[test]
    fn each_purpose_sets_title_filter_folder_and_name() {
        let home = tempdir("places");
        let downloads = home.path().join("Downloads");
        std::fs::create_dir(&downloads).unwrap();
        let places = Places {
            home: Some(home.path().to_owned()),
            downloads: Some(downloads.clone()),
        };
        let key = save_dialog_plan(SavePurpose::PrivateKey, None, &places);
        assert_eq!(key.title, "Save the private key");
        assert_eq!(key.filter, None);
        // No ~/.ssh yet: the home folder; once it exists, there.
        assert_eq!(key.directory.as_deref(), Some(home.path()));
        assert_eq!(key.file_name.as_deref(), Some("id_ed25519_fleetdeck"));
        std::fs::create_dir(home.path().join(".ssh")).unwrap();
        let key = save_dialog_plan(SavePurpose::PrivateKey, Some("laptop"), &places);
        assert_eq!(key.directory, Some(home.path().join(".ssh")));
        assert_eq!(key.file_name.as_deref(), Some("laptop"));
        assert_eq!(
            public_key_dialog_plan(&places).directory,
            Some(home.path().join(".ssh"))
        );
        assert_eq!(
            public_key_dialog_plan(&places).filter.unwrap().extensions,
            vec!["pub"]
        );

        let backup = save_dialog_plan(SavePurpose::BackupArchive, Some("../../c1-b1.tar.gz"), &places);
        assert_eq!(backup.title, "Save the backup archive");
        assert_eq!(backup.directory, Some(downloads));
        assert_eq!(backup.file_name.as_deref(), Some("c1-b1.tar.gz"));
        assert!(backup.filter.unwrap().extensions.contains(&"tar.zst"));
        let nowhere = save_dialog_plan(SavePurpose::BackupArchive, Some(""), &Places::default());
        assert_eq!(
            (nowhere.directory, nowhere.file_name.as_deref()),
            (None, Some("backup.tar.gz"))
        );
    }

    #[test]
    fn a_suggested_name_keeps_only_its_file_name() {
        assert_eq!(plain_file_name("/etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(plain_file_name("..\\..\\x.tar").as_deref(), Some("x.tar"));
        assert_eq!(plain_file_name("a\u{7}b").as_deref(), Some("ab"));
        for nothing in ["", "  ", "..", "dir/", "."] {
            assert_eq!(plain_file_name(nothing), None, "{nothing:?}");
        }
    }

    #[test]
    fn a_chosen_path_must_be_full_in_an_existing_folder() {
        let dir = tempdir("chosen");
        let key = dir.path().join("id_fleet");
        assert_eq!(
            accept_save_path(SavePurpose::PrivateKey, &key).unwrap(),
            key.to_str().unwrap()
        );
        assert!(
            refusal(accept_save_path(SavePurpose::PrivateKey, Path::new("id_fleet")))
                .contains("not a full path")
        );
        let nowhere = dir.path().join("missing").join("id_fleet");
        assert!(refusal(accept_save_path(SavePurpose::PrivateKey, &nowhere)).contains("does not exist"));
        assert!(refusal(accept_save_path(
            SavePurpose::PrivateKey,
            &dir.path().join("id.pub")
        ))
        .contains("without .pub"));
    }

    #[test]
    fn a_backup_copy_is_given_an_archive_name() {
        let dir = tempdir("backup");
        let named = dir.path().join("c1.tar.zst");
        assert_eq!(
            accept_save_path(SavePurpose::BackupArchive, &named).unwrap(),
            named.to_str().unwrap()
        );
        let bare = dir.path().join("c1-backup");
        assert_eq!(
            accept_save_path(SavePurpose::BackupArchive, &bare).unwrap(),
            format!("{}.tar.gz", bare.to_str().unwrap())
        );
    }

    #[test]
    fn purposes_cross_as_camel_case() {
        assert_eq!(
            serde_json::to_string(&SavePurpose::PrivateKey).unwrap(),
            "\"privateKey\""
        );
        assert_eq!(
            serde_json::from_str::<SavePurpose>("\"backupArchive\"").unwrap(),
            SavePurpose::BackupArchive
        );
    }
}
