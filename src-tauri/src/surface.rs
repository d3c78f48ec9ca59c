//! The app's IPC surface, expanded from its one declaration (`command_list.rs`): a thin Tauri
//! adapter per command (arguments passed to the fleet, the error mapped to [`ErrorPayload`]), the
//! invoke handler over all of them, the list of declared commands with their grants, and the
//! TypeScript command map `ui/src/bindings/Commands.ts` the UI's `call` is typed by.
//!
//! Which commands the main window may call is not decided here: Tauri's permission system refuses
//! every command its capability does not grant, and the build script writes those grants from the
//! same declaration (src-tauri/build.rs).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use secrecy::SecretString;
use tauri::State;
use ts_rs::{TypeVisitor, TS};

use fleetdeck_core::job::Job;
use fleetdeck_core::provider::{BackupOptions, BackupPolicyRequest, FloatingIpFilter, UploadRequest};
use fleetdeck_core::{
    AccountProfile, Backup, BackupPolicy, CreateServerRequest, CreatedSshKey, ErrorPayload, FloatingIp,
    Image, Invoice, Plan, ProviderEvent, Region, Server, ServerAction, Snapshot, SshKey, Tag, Transaction,
    UploadKind, UploadedImage, UsageSeries,
};
use fleetdeck_fleet::sandbox::SandboxAccounts;
use fleetdeck_fleet::{
    AccountChanges, AccountView, ActionResult, AddAccountRequest, CreateResult, Fleet, FleetServers, Listing,
    ServerCertificate,
};
use fleetdeck_store::KeyringStatus;

use crate::info::AppInfo;
use crate::prefs::{PreferenceChanges, Preferences};
use crate::updates::UpdateOffer;

/// What every command answers: its value, or the error payload the UI branches on.
pub type Answer<T> = Result<T, ErrorPayload>;

type FleetState<'a> = State<'a, Arc<Fleet>>;

/// One declared command, as the permission system and the TypeScript map see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeclaredCommand {
    /// The IPC name (the Rust function's name).
    pub name: &'static str,
    /// Whether the main window may call it (`window` in the declaration).
    pub granted: bool,
}

/// The TypeScript side of one command: its argument object and its answer.
struct CommandSignature {
    name: &'static str,
    granted: bool,
    /// `(camelCase key, TypeScript type)` of each argument, in declaration order.
    args: Vec<(String, String)>,
    answer: String,
    /// The binding files the types above refer to, by TypeScript name.
    imports: BTreeMap<String, PathBuf>,
}

/// Collects the exported bindings a type refers to (itself and its type arguments, recursively),
/// so that `Commands.ts` imports each of them.
struct ImportCollector<'a> {
    cfg: &'a ts_rs::Config,
    imports: &'a mut BTreeMap<String, PathBuf>,
}

impl TypeVisitor for ImportCollector<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if let Some(dep) = ts_rs::Dependency::from_ty::<T>(self.cfg) {
            self.imports.insert(dep.ts_name, dep.output_path);
        }
        T::visit_generics(self);
    }
}

/// The TypeScript type of `T`, recording the bindings it needs.
fn ts_type<T: TS + 'static + ?Sized>(cfg: &ts_rs::Config, imports: &mut BTreeMap<String, PathBuf>) -> String {
    ImportCollector { cfg, imports }.visit::<T>();
    T::name(cfg)
}

/// Tauri's key for an argument: the Rust parameter name in lowerCamelCase.
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Expands the declaration (see `command_list.rs` for its grammar).
macro_rules! expand_surface {
    ($(
        $grant:ident $name:ident ( $($arg:ident : $ty:ty $(as $ts:ty)?),* $(,)? ) -> $ret:ty
            = $via:ident |$recv:ident| $body:expr;
    )*) => {
        $( expand_surface!(@adapter $via $name ($($arg: $ty),*) -> $ret = |$recv| $body); )*

        /// Every declared command, in declaration order.
        pub const DECLARED: &[DeclaredCommand] = &[
            $( DeclaredCommand { name: stringify!($name), granted: expand_surface!(@granted $grant) } ),*
        ];

        /// The Tauri invoke handler over every declared command (granted or not: the permission
        /// system, not the handler, decides who may call what).
        pub fn invoke_handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        fn signatures(cfg: &ts_rs::Config) -> Vec<CommandSignature> {
            vec![$({
                let mut imports = BTreeMap::new();
                let args = vec![$(
                    (
                        camel_case(stringify!($arg)),
                        ts_type::<expand_surface!(@ts $ty $(as $ts)?)>(cfg, &mut imports),
                    )
                ),*];
                let answer = ts_type::<$ret>(cfg, &mut imports);
                CommandSignature {
                    name: stringify!($name),
                    granted: expand_surface!(@granted $grant),
                    args,
                    answer,
                    imports,
                }
            }),*]
        }
    };

    (@granted window) => { true };
    (@granted unused) => { false };

    (@ts $ty:ty) => { $ty };
    (@ts $ty:ty as $ts:ty) => { $ts };

    (@adapter fleet $name:ident ($($arg:ident : $ty:ty),*) -> $ret:ty = |$recv:ident| $body:expr) => {
        #[tauri::command]
        async fn $name(fleet: FleetState<'_>, $($arg: $ty),*) -> Answer<$ret> {
            let $recv: &Fleet = &fleet;
            let answer: fleetdeck_core::Result<$ret> = $body;
            answer.map_err(ErrorPayload::from)
        }
    };
    // Store work (keyring over D-Bus, file locks) runs off the async workers.
    (@adapter blocking $name:ident ($($arg:ident : $ty:ty),*) -> $ret:ty = |$recv:ident| $body:expr) => {
        #[tauri::command]
        async fn $name(fleet: FleetState<'_>, $($arg: $ty),*) -> Answer<$ret> {
            let fleet = fleet.inner().clone();
            let answer: fleetdeck_core::Result<$ret> = tauri::async_runtime::spawn_blocking(move || {
                let $recv: &Fleet = &fleet;
                $body
            })
            .await
            .map_err(|e| fleetdeck_core::Error::internal(format!("blocking task: {e}")))?;
            answer.map_err(ErrorPayload::from)
        }
    };
    (@adapter app $name:ident ($($arg:ident : $ty:ty),*) -> $ret:ty = |$recv:ident| $body:expr) => {
        #[tauri::command]
        async fn $name(app: tauri::AppHandle, $($arg: $ty),*) -> Answer<$ret> {
            let $recv: &tauri::AppHandle = &app;
            let answer: fleetdeck_core::Result<$ret> = $body;
            answer.map_err(ErrorPayload::from)
        }
    };
}

command_list!(expand_surface);

/// The granted command with this name, if any.
pub fn granted(name: &str) -> bool {
    DECLARED.iter().any(|c| c.name == name && c.granted)
}

/// `ui/src/bindings/Commands.ts`: the map from each command the main window may call to its
/// argument object (keys as Tauri expects them) and its answer. Commands not granted are left out,
/// so calling one is a type error in the UI, as it is a refusal at run time.
pub fn typescript_commands(cfg: &ts_rs::Config) -> String {
    let granted: Vec<CommandSignature> = signatures(cfg).into_iter().filter(|s| s.granted).collect();
    let mut imports = BTreeMap::new();
    // The event channel's payload, named in the constant's doc comment below.
    let event_type = ts_type::<fleetdeck_fleet::FleetEvent>(cfg, &mut imports);
    // The app's own events (tray, updates): (key in APP_EVENTS, event name, payload type).
    let app_events = [
        (
            "openServer",
            crate::tray::OPEN_SERVER_EVENT,
            ts_type::<crate::tray::OpenServer>(cfg, &mut imports),
        ),
        (
            "openView",
            crate::tray::OPEN_VIEW_EVENT,
            ts_type::<crate::tray::OpenView>(cfg, &mut imports),
        ),
        (
            "checkForUpdates",
            crate::tray::CHECK_FOR_UPDATES_EVENT,
            "null".to_owned(),
        ),
        (
            "updateAvailable",
            crate::updates::UPDATE_AVAILABLE_EVENT,
            ts_type::<crate::updates::UpdateOffer>(cfg, &mut imports),
        ),
        (
            "updateProgress",
            crate::updates::UPDATE_PROGRESS_EVENT,
            ts_type::<crate::updates::UpdateProgress>(cfg, &mut imports),
        ),
    ];
    for s in &granted {
        imports.extend(s.imports.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    let mut out = String::from(
        "// This file was generated by src-tauri/src/surface.rs from src-tauri/src/command_list.rs \
         (`cargo test export_bindings`). Do not edit this file manually.\n",
    );
    for (name, path) in &imports {
        let module = path.with_extension("");
        let module = module.to_string_lossy().replace('\\', "/");
        out.push_str(&format!("import type {{ {name} }} from \"./{module}\";\n"));
    }
    out.push_str(
        "\n/**\n * The commands the main window may call: `[arguments, answer]` by command name \
         (src-tauri/src/command_list.rs).\n */\nexport type Commands = {\n",
    );
    for s in &granted {
        let args = if s.args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            let fields: Vec<String> = s.args.iter().map(|(k, t)| format!("{k}: {t}")).collect();
            format!("{{ {} }}", fields.join(", "))
        };
        out.push_str(&format!("  {}: [{}, {}];\n", s.name, args, s.answer));
    }
    out.push_str("};\n");
    out.push_str(&format!(
        "\n/** The one event the app pushes (src-tauri/src/events.rs); its payload is a {{@link {event_type}}}. */\n\
         export const FLEET_EVENT = \"{}\";\n\nexport type FleetEventPayload = {event_type};\n",
        crate::events::FLEET_EVENT
    ));
    out.push_str(
        "\n/** The app's own events (src-tauri/src/tray.rs, src-tauri/src/updates.rs), by name. */\n\
         export const APP_EVENTS = {\n",
    );
    for (key, name, _) in &app_events {
        out.push_str(&format!("  {key}: \"{name}\",\n"));
    }
    out.push_str("} as const;\n\n/** The payload of each of the app's own events. */\nexport type AppEventPayloads = {\n");
    for (_, name, payload) in &app_events {
        out.push_str(&format!("  \"{name}\": {payload};\n"));
    }
    out.push_str("};\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_keys_are_lower_camel_case_as_tauri_expects() {
        assert_eq!(camel_case("client_key_pem"), "clientKeyPem");
        assert_eq!(camel_case("server_ids"), "serverIds");
        assert_eq!(camel_case("address"), "address");
    }

    #[test]
    fn every_command_is_declared_once() {
        let mut names: Vec<&str> = DECLARED.iter().map(|c| c.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "a command is declared twice");
    }

    #[test]
    fn the_map_types_arguments_and_answers_of_granted_commands_only() {
        let ts = typescript_commands(&ts_rs::Config::new());
        assert!(
            ts.contains("  add_account: [{ request: AddAccountRequest }, AccountView];"),
            "{ts}"
        );
        assert!(
            ts.contains("  list_accounts: [Record<string, never>, Array<AccountView>];"),
            "{ts}"
        );
        // A secret is a string to the UI, a `SecretString` in Rust.
        assert!(
            ts.contains(
                "  reauthenticate: [{ name: string, secret: string | null, clientKeyPem: string | null }, \
                 AccountView];"
            ),
            "{ts}"
        );
        assert!(
            ts.contains("import type { AddAccountRequest } from \"./AddAccountRequest\";"),
            "{ts}"
        );
        assert!(ts.contains("import type { Listing } from \"./Listing\";"), "{ts}");
        // Declared but not granted: absent from the map, so the UI cannot name it.
        assert!(!granted("check_account"));
        assert!(!ts.contains("check_account"), "{ts}");
    }

    /// Writes `Commands.ts` where ts-rs writes the bindings (`TS_RS_EXPORT_DIR`, see
    /// .cargo/config.toml); `scripts/check-bindings.sh` runs it through its `export_bindings` name.
    #[test]
    fn export_bindings_commands() {
        let cfg = ts_rs::Config::from_env();
        let path = cfg.out_dir().join("Commands.ts");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        std::fs::write(&path, typescript_commands(&cfg))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
