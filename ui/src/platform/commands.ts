// Typed wrappers of the app's Tauri commands (src-tauri/src/commands.rs), one per command, typed by
// the ts-rs bindings. Argument names are the Rust parameter names in camelCase (Tauri's convention).
// "Accounts" arguments name the accounts a listing covers; an empty list means every account.

import type { AccountChanges } from "../bindings/AccountChanges";
import type { AccountProfile } from "../bindings/AccountProfile";
import type { AccountView } from "../bindings/AccountView";
import type { ActionResult } from "../bindings/ActionResult";
import type { AddAccountRequest } from "../bindings/AddAccountRequest";
import type { AppInfo } from "../bindings/AppInfo";
import type { Backup } from "../bindings/Backup";
import type { BackupPolicy } from "../bindings/BackupPolicy";
import type { BackupPolicyRequest } from "../bindings/BackupPolicyRequest";
import type { CreatedSshKey } from "../bindings/CreatedSshKey";
import type { CreateResult } from "../bindings/CreateResult";
import type { CreateServerRequest } from "../bindings/CreateServerRequest";
import type { FleetServers } from "../bindings/FleetServers";
import type { FloatingIp } from "../bindings/FloatingIp";
import type { FloatingIpFilter } from "../bindings/FloatingIpFilter";
import type { Image } from "../bindings/Image";
import type { Invoice } from "../bindings/Invoice";
import type { Job } from "../bindings/Job";
import type { KeyringStatus } from "../bindings/KeyringStatus";
import type { Listing } from "../bindings/Listing";
import type { Plan } from "../bindings/Plan";
import type { ProviderEvent } from "../bindings/ProviderEvent";
import type { Region } from "../bindings/Region";
import type { SandboxAccounts } from "../bindings/SandboxAccounts";
import type { Server } from "../bindings/Server";
import type { ServerAction } from "../bindings/ServerAction";
import type { ServerCertificate } from "../bindings/ServerCertificate";
import type { Snapshot } from "../bindings/Snapshot";
import type { SshKey } from "../bindings/SshKey";
import type { Tag } from "../bindings/Tag";
import type { Transaction } from "../bindings/Transaction";
import type { UploadedImage } from "../bindings/UploadedImage";
import type { UploadKind } from "../bindings/UploadKind";
import type { UploadRequest } from "../bindings/UploadRequest";
import type { UsageSeries } from "../bindings/UsageSeries";
import { call } from "./ipc";

// ---- app ---------------------------------------------------------------------------------------

export const appInfo = () => call<AppInfo>("app_info");
export const keyringStatus = () => call<KeyringStatus>("keyring_status");

// ---- accounts ----------------------------------------------------------------------------------

export const listAccounts = () => call<AccountView[]>("list_accounts");
/** Checks the credentials with one authenticated read before anything is saved. */
export const addAccount = (request: AddAccountRequest) => call<AccountView>("add_account", { request });
export const checkAccount = (name: string) => call<AccountProfile>("check_account", { name });
export const updateAccount = (name: string, changes: AccountChanges) =>
  call<AccountView>("update_account", { name, changes });
export const reorderAccounts = (names: string[]) => call<AccountView[]>("reorder_accounts", { names });
export const removeAccount = (name: string) => call<null>("remove_account", { name });
export const reauthenticate = (name: string, secret: string | null, clientKeyPem: string | null = null) =>
  call<AccountView>("reauthenticate", { name, secret, clientKeyPem });
export const profile = (account: string) => call<AccountProfile>("profile", { account });

// ---- servers -----------------------------------------------------------------------------------

/** The last-known servers from the cache (instant, offline, marked stale). */
export const cachedServers = (accounts: string[] = []) => call<FleetServers>("cached_servers", { accounts });
/** Fresh from the providers; a failed account keeps its cached servers when `includeStale`. */
export const refreshServers = (accounts: string[] = [], includeStale = true) =>
  call<FleetServers>("refresh_servers", { accounts, includeStale });
/** `address` is `ACCOUNT/SERVER_ID`. */
export const server = (address: string) => call<Server>("server", { address });
export const serverAction = (address: string, action: ServerAction) =>
  call<ActionResult>("server_action", { address, action });
export const deleteServer = (address: string) => call<ActionResult>("delete_server", { address });
export const createServer = (account: string, request: CreateServerRequest) =>
  call<CreateResult>("create_server", { account, request });

// ---- catalog -----------------------------------------------------------------------------------

export const regions = (account: string) => call<Region[]>("regions", { account });
export const plans = (account: string, region: string | null = null) => call<Plan[]>("plans", { account, region });
export const images = (account: string, region: string | null = null) =>
  call<Image[]>("images", { account, region });
export const applications = (account: string) => call<Image[]>("applications", { account });

// ---- snapshots and backups ---------------------------------------------------------------------

export const snapshots = (accounts: string[] = [], server: string | null = null) =>
  call<Listing<Snapshot>>("snapshots", { accounts, server });
export const createSnapshot = (server: string, name: string | null = null) =>
  call<ActionResult>("create_snapshot", { server, name });
export const deleteSnapshot = (snapshot: string) => call<ActionResult>("delete_snapshot", { snapshot });
export const restoreSnapshot = (snapshot: string, serverId: string | null = null) =>
  call<ActionResult>("restore_snapshot", { snapshot, serverId });
export const renameSnapshot = (snapshot: string, name: string) =>
  call<ActionResult>("rename_snapshot", { snapshot, name });
export const backups = (accounts: string[] = [], server: string | null = null) =>
  call<Listing<Backup>>("backups", { accounts, server });
export const createBackup = (server: string, name: string | null = null) =>
  call<ActionResult>("create_backup", { server, name });
export const deleteBackup = (backup: string) => call<ActionResult>("delete_backup", { backup });
export const backupPolicies = (accounts: string[] = []) =>
  call<Listing<BackupPolicy>>("backup_policies", { accounts });
export const backupPolicy = (server: string) => call<BackupPolicy>("backup_policy", { server });
export const setBackupPolicy = (server: string, request: BackupPolicyRequest, replace: boolean) =>
  call<ActionResult>("set_backup_policy", { server, request, replace });
export const deleteBackupPolicy = (server: string) => call<ActionResult>("delete_backup_policy", { server });

// ---- SSH keys ----------------------------------------------------------------------------------

export const sshKeys = (accounts: string[] = []) => call<Listing<SshKey>>("ssh_keys", { accounts });
export const sshKey = (address: string) => call<SshKey>("ssh_key", { address });
/** Without `publicKey` the provider generates the pair; its private key is shown once. */
export const addSshKey = (account: string, name: string, publicKey: string | null = null) =>
  call<CreatedSshKey>("add_ssh_key", { account, name, publicKey });
export const renameSshKey = (address: string, name: string) => call<SshKey>("rename_ssh_key", { address, name });
export const deleteSshKey = (address: string) => call<null>("delete_ssh_key", { address });

// ---- floating IPs ------------------------------------------------------------------------------

export const floatingIps = (
  accounts: string[] = [],
  filter: FloatingIpFilter = { region: null, address: null, includeReleased: false },
) => call<Listing<FloatingIp>>("floating_ips", { accounts, filter });
export const allocateFloatingIps = (account: string, region: string, count: number) =>
  call<ActionResult>("allocate_floating_ips", { account, region, count });
export const updateFloatingIp = (address: string, autoRenew: boolean | null, note: string | null) =>
  call<null>("update_floating_ip", { address, autoRenew, note });
export const releaseFloatingIp = (address: string) => call<ActionResult>("release_floating_ip", { address });

// ---- ISOs and custom images --------------------------------------------------------------------

export const uploads = (accounts: string[], kind: UploadKind) =>
  call<Listing<UploadedImage>>("uploads", { accounts, kind });
export const upload = (address: string, kind: UploadKind) => call<UploadedImage>("upload", { address, kind });
export const downloadUpload = (account: string, request: UploadRequest) =>
  call<ActionResult>("download_upload", { account, request });
export const deleteUpload = (address: string, kind: UploadKind) =>
  call<ActionResult>("delete_upload", { address, kind });

// ---- tags --------------------------------------------------------------------------------------

export const tags = (accounts: string[] = []) => call<Listing<Tag>>("tags", { accounts });
export const tagServers = (account: string, tags: string[], serverIds: string[]) =>
  call<null>("tag_servers", { account, tags, serverIds });
export const setServerTags = (server: string, tags: string[]) => call<null>("set_server_tags", { server, tags });
export const deleteTag = (account: string, tag: string) => call<null>("delete_tag", { account, tag });

// ---- billing, usage, provider events -----------------------------------------------------------

export const invoices = (accounts: string[] = []) => call<Listing<Invoice>>("invoices", { accounts });
export const transactions = (accounts: string[] = []) => call<Listing<Transaction>>("transactions", { accounts });
export const usage = (server: string) => call<UsageSeries[]>("usage", { server });
export const providerEvents = (accounts: string[] = []) =>
  call<Listing<ProviderEvent>>("provider_events", { accounts });
export const providerEvent = (address: string) => call<ProviderEvent>("provider_event", { address });

// ---- jobs --------------------------------------------------------------------------------------

/** Every recorded job, newest first. */
export const jobs = () => call<Job[]>("jobs");
export const clearFinishedJobs = () => call<null>("clear_finished_jobs");

// ---- added by the UI (the Rust commands are to be wired by the integrator) ------------------------

/** "Try the sandbox": adds accounts talking to the embedded simulator; answers the new accounts. */
export const trySandbox = () => call<SandboxAccounts>("try_sandbox");
/**
 * The TLS certificate a vz/LXD endpoint presents, fetched without trusting it, so the user can
 * compare its fingerprint before trusting it on first use.
 */
/** Saves text as a new file in the user's Downloads folder; answers the file's path. */
export const saveExport = (fileName: string, contents: string) =>
  call<string>("save_export", { fileName, contents });
export const serverCertificate = (endpoint: string) => call<ServerCertificate>("server_certificate", { endpoint });
