//! The one table of server actions (docs/design-rules.md rule 14: the surface is declared once).
//!
//! Every action a host can run on a server — its id, label, how it is confirmed, the input it
//! needs, whether it makes sense over a selection, the job it becomes and the capability that
//! offers it — is one row of [`server_actions`]. The fleet gates [`crate::ServerAction`]s with it,
//! the CLI derives its generic `server action` verb and `server actions` listing from it, the docs'
//! capability matrix lists it per provider, and the UI reads the same rows from the generated
//! `ui/src/bindings/serverActions.ts` (written by this module's `export_bindings_*` test, kept
//! current by `scripts/check-bindings.sh`).
//!
//! The capability of a row is data the UI can evaluate too: a path into the serialised
//! [`Capabilities`] (`"servers.freeze"`). A path is offered when it names `true`, or an enum value
//! other than `"none"` (`servers.resetPassword`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::capabilities::Capabilities;
use crate::job::JobKind;

/// Which action: one per [`crate::ServerAction`] variant, plus `Delete` (a command of its own,
/// `Fleet::delete_server`, but one of the server's actions for every host).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ActionId {
    Start,
    Shutdown,
    Stop,
    Reboot,
    Freeze,
    Unfreeze,
    Rename,
    AddTraffic,
    UpdateConfig,
    ResetPassword,
    Resize,
    Reinstall,
    Delete,
}

impl ActionId {
    /// The id as the CLI spells it (`add-traffic`): the serialised name in kebab-case.
    pub fn kebab(self) -> String {
        let camel = serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let mut out = String::with_capacity(camel.len() + 4);
        for c in camel.chars() {
            if c.is_ascii_uppercase() {
                out.push('-');
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The id a CLI user typed (`add-traffic`, case-insensitive), if it names an action.
    pub fn from_kebab(text: &str) -> Option<ActionId> {
        let wanted = text.trim().to_ascii_lowercase();
        server_actions()
            .iter()
            .map(|s| s.id)
            .find(|id| id.kebab() == wanted)
    }

    /// This action's row of the table.
    pub fn spec(self) -> &'static ActionSpec {
        // Every id has exactly one row (tested); the first row is never reached.
        server_actions()
            .iter()
            .find(|s| s.id == self)
            .unwrap_or(&SERVER_ACTIONS[0])
    }
}

/// How a host makes sure before it runs an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Confirm {
    /// Runs at once.
    None,
    /// Changes the server in a way that is not lost data (a new password, another plan): the app
    /// asks for the server's name typed out; the CLI says what changes and asks on a terminal.
    Change,
    /// Loses the server's data (delete, reinstall): the app asks for the name typed out; the CLI
    /// refuses without `--yes` (exit 2) before any request.
    DataLoss,
}

/// What an action needs from the user besides the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ActionInput {
    None,
    /// A new root password where the provider lets the user choose it
    /// (`servers.resetPassword == "chosen"`); none otherwise.
    Password,
    /// An OS image of the account.
    Image,
    /// A plan, or a custom size where `create.customSize`.
    Plan,
    /// An amount of traffic in TB.
    TrafficAmount,
    /// A new name.
    Name,
    /// CPU count and/or memory in MB.
    ConfigLimits,
}

/// Whether an action is offered over a selection of servers (the servers-screen bulk bar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BulkUse {
    /// One server at a time only.
    No,
    /// Runs on the selection at once (nothing is interrupted).
    Direct,
    /// Interrupts service: runs once the list of servers hit is confirmed, and never over a
    /// partial listing (docs/design-rules.md rule 8).
    ConfirmList,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActionSpec {
    pub id: ActionId,
    /// Button text ("Shut down").
    pub label: &'static str,
    /// A verb for messages ("shut down": "Cloudzy does not offer shut down").
    pub verb: &'static str,
    pub confirm: Confirm,
    pub input: ActionInput,
    pub bulk: BulkUse,
    /// The job the action becomes when the provider answers asynchronously.
    pub job_kind: JobKind,
    /// The path into the serialised [`Capabilities`] that offers it (see the module doc).
    pub capability: &'static str,
}

impl ActionSpec {
    /// Destructive actions are confirmed by the server's name (app) or `--yes`/a question (CLI).
    pub fn destructive(&self) -> bool {
        self.confirm != Confirm::None
    }

    /// Whether a provider with `caps` offers this action.
    pub fn is_offered(&self, caps: &Capabilities) -> bool {
        capability_value(caps, self.capability).is_some_and(|v| offered_value(&v))
    }
}

// One argument per column keeps each row of the table on one line.
#[allow(clippy::too_many_arguments)]
const fn row(
    id: ActionId,
    label: &'static str,
    verb: &'static str,
    confirm: Confirm,
    input: ActionInput,
    bulk: BulkUse,
    job_kind: JobKind,
    capability: &'static str,
) -> ActionSpec {
    ActionSpec {
        id,
        label,
        verb,
        confirm,
        input,
        bulk,
        job_kind,
        capability,
    }
}

use ActionId as A;
use ActionInput as In;
use BulkUse as B;
use Confirm as C;

/// The table, in the order hosts show the actions.
#[rustfmt::skip]
static SERVER_ACTIONS: [ActionSpec; 13] = [
    row(A::Start, "Start", "start", C::None, In::None, B::Direct, JobKind::Start, "servers.start"),
    row(A::Shutdown, "Shut down", "shut down", C::None, In::None, B::ConfirmList, JobKind::Shutdown, "servers.shutdown"),
    row(A::Stop, "Stop", "stop", C::None, In::None, B::ConfirmList, JobKind::Stop, "servers.stop"),
    row(A::Reboot, "Reboot", "reboot", C::None, In::None, B::ConfirmList, JobKind::Reboot, "servers.reboot"),
    row(A::Freeze, "Freeze", "freeze", C::None, In::None, B::ConfirmList, JobKind::Freeze, "servers.freeze"),
    row(A::Unfreeze, "Unfreeze", "unfreeze", C::None, In::None, B::Direct, JobKind::Unfreeze, "servers.freeze"),
    row(A::Rename, "Rename", "rename", C::None, In::Name, B::No, JobKind::Rename, "servers.rename"),
    row(A::AddTraffic, "Add traffic", "add traffic", C::None, In::TrafficAmount, B::No, JobKind::AddTraffic, "servers.addTraffic"),
    row(A::UpdateConfig, "CPU and memory", "update configuration", C::None, In::ConfigLimits, B::No, JobKind::UpdateConfig, "servers.updateConfig"),
    row(A::ResetPassword, "Reset password", "reset password", C::Change, In::Password, B::No, JobKind::ResetPassword, "servers.resetPassword"),
    row(A::Resize, "Resize", "resize", C::Change, In::Plan, B::No, JobKind::Resize, "servers.resize"),
    row(A::Reinstall, "Reinstall / change OS", "reinstall", C::DataLoss, In::Image, B::No, JobKind::Reinstall, "servers.reinstall"),
    row(A::Delete, "Delete", "delete", C::DataLoss, In::None, B::No, JobKind::DeleteServer, "servers.delete"),
];

/// Every server action, in the order hosts show them.
pub fn server_actions() -> &'static [ActionSpec] {
    &SERVER_ACTIONS
}

/// Whether a provider with `caps` offers `action`.
pub fn is_offered(action: ActionId, caps: &Capabilities) -> bool {
    action.spec().is_offered(caps)
}

/// The actions a provider with `caps` offers, in table order.
pub fn offered(caps: &Capabilities) -> Vec<&'static ActionSpec> {
    let Ok(value) = serde_json::to_value(caps) else {
        return Vec::new();
    };
    server_actions()
        .iter()
        .filter(|s| lookup(&value, s.capability).is_some_and(offered_value))
        .collect()
}

/// The value at a dotted path of the serialised capabilities.
fn capability_value(caps: &Capabilities, path: &str) -> Option<serde_json::Value> {
    let value = serde_json::to_value(caps).ok()?;
    lookup(&value, path).cloned()
}

fn lookup<'v>(value: &'v serde_json::Value, path: &str) -> Option<&'v serde_json::Value> {
    path.split('.').try_fold(value, |v, key| v.get(key))
}

/// The rule the UI applies too (`ui/src/features/actions/capabilities.ts`): `true`, or an enum
/// value other than `"none"`.
fn offered_value(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Bool(b) => *b,
        serde_json::Value::String(s) => s != "none",
        _ => false,
    }
}

/// The TypeScript module holding the table as data (`ui/src/bindings/serverActions.ts`).
pub fn typescript_module() -> String {
    let rows = serde_json::to_string_pretty(server_actions()).unwrap_or_else(|_| "[]".into());
    format!(
        "// This file was generated from fleetdeck-core's `server_actions()` \
         (src-tauri/crates/core/src/actions.rs) by its export_bindings test. Do not edit this file manually.\n\
         import type {{ ActionSpec }} from \"./ActionSpec\";\n\n\
         export const SERVER_ACTIONS: readonly ActionSpec[] = {rows};\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capabilities::PasswordReset;
    use crate::ProviderKind;

    #[test]
    fn every_id_has_exactly_one_row() {
        let ids = [
            A::Start,
            A::Shutdown,
            A::Stop,
            A::Reboot,
            A::Freeze,
            A::Unfreeze,
            A::Rename,
            A::AddTraffic,
            A::UpdateConfig,
            A::ResetPassword,
            A::Resize,
            A::Reinstall,
            A::Delete,
        ];
        assert_eq!(ids.len(), server_actions().len());
        for id in ids {
            assert_eq!(
                server_actions().iter().filter(|s| s.id == id).count(),
                1,
                "{id:?}"
            );
            assert_eq!(id.spec().id, id);
        }
    }

    /// Every capability path names a flag (a bool) or an enum (a string) of `Capabilities`, for
    /// both the all-off and the all-on value of the flag.
    #[test]
    fn every_capability_path_resolves() {
        let caps = Capabilities::none(ProviderKind::Vz, "x");
        let value = serde_json::to_value(&caps).unwrap();
        for s in server_actions() {
            let v = lookup(&value, s.capability)
                .unwrap_or_else(|| panic!("{:?}: {} is not in Capabilities", s.id, s.capability));
            assert!(
                v.is_boolean() || v.is_string(),
                "{:?}: {} is {v}",
                s.id,
                s.capability
            );
            assert!(!s.is_offered(&caps), "{:?} is offered by nothing", s.id);
            let mut on = value.clone();
            let slot = s
                .capability
                .split('.')
                .try_fold(&mut on, |v, k| v.get_mut(k))
                .unwrap();
            *slot = if slot.is_boolean() {
                true.into()
            } else {
                "chosen".into()
            };
            let on: Capabilities = serde_json::from_value(on).unwrap();
            assert!(s.is_offered(&on), "{:?} follows {}", s.id, s.capability);
        }
    }

    #[test]
    fn offered_follows_capabilities() {
        let mut caps = Capabilities::none(ProviderKind::LetsCloud, "LetsCloud");
        assert!(offered(&caps).is_empty());
        caps.servers.reboot = true;
        caps.servers.freeze = true;
        let ids: Vec<ActionId> = offered(&caps).iter().map(|s| s.id).collect();
        assert_eq!(ids, [A::Reboot, A::Freeze, A::Unfreeze]);
        assert!(!is_offered(A::ResetPassword, &caps));
        caps.servers.reset_password = PasswordReset::Emailed;
        assert!(is_offered(A::ResetPassword, &caps));
    }

    #[test]
    fn cli_names_are_kebab_case_and_parse_back() {
        assert_eq!(A::AddTraffic.kebab(), "add-traffic");
        assert_eq!(A::UpdateConfig.kebab(), "update-config");
        assert_eq!(A::Start.kebab(), "start");
        for s in server_actions() {
            assert_eq!(ActionId::from_kebab(&s.id.kebab()), Some(s.id));
        }
        assert_eq!(ActionId::from_kebab("Reset-Password"), Some(A::ResetPassword));
        assert_eq!(ActionId::from_kebab("addTraffic"), None);
        assert_eq!(ActionId::from_kebab("explode"), None);
    }

    #[test]
    fn only_interrupting_or_harmless_actions_run_in_bulk() {
        for s in server_actions() {
            if s.bulk != BulkUse::No {
                assert_eq!(s.input, ActionInput::None, "{:?} needs input per server", s.id);
                assert!(!s.destructive(), "{:?} is destructive", s.id);
            }
        }
    }

    /// The UI sends `{type: id}` for a row that needs no input and no confirmation
    /// (`ui/src/features/actions/capabilities.ts` `simpleAction`): each must be a field-less
    /// `ServerAction` of that id.
    #[test]
    fn rows_without_input_are_field_less_actions() {
        for s in server_actions() {
            if s.input == ActionInput::None && !s.destructive() {
                let action: crate::ServerAction = serde_json::from_value(serde_json::json!({ "type": s.id }))
                    .unwrap_or_else(|e| panic!("{:?}: {e}", s.id));
                assert_eq!(action.id(), s.id);
            }
        }
    }

    /// The table as data for the UI: `ui/src/bindings/serverActions.ts` (checked current by
    /// `scripts/check-bindings.sh`, which runs every `export_bindings` test into a temp dir).
    #[test]
    fn export_bindings_server_actions_table() {
        // Where ts-rs writes the other bindings (TS_RS_EXPORT_DIR, resolved by ts-rs itself).
        let dir = ts_rs::Config::from_env().out_dir().to_path_buf();
        std::fs::create_dir_all(&dir).unwrap();
        let module = typescript_module();
        assert!(module.contains("\"id\": \"updateConfig\""));
        assert!(module.contains("\"capability\": \"servers.freeze\""));
        std::fs::write(dir.join("serverActions.ts"), module).unwrap();
    }
}
