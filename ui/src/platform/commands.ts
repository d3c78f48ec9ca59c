// The app's commands as the UI calls them: one-liners over the typed `call` (./ipc), whose names,
// argument keys and answers tsc checks against ui/src/bindings/Commands.ts, generated from the one
// Rust declaration (src-tauri/src/command_list.rs). Only commands the UI uses are here (and granted
// to the window); to use another, grant it there (`window`), regenerate the bindings, add a line.
// "Accounts" arguments name the accounts a listing covers; an empty list means every account.

import type { AccountChanges } from "../bindings/AccountChanges";
import type { AddAccountRequest } from "../bindings/AddAccountRequest";
import type { AppView } from "../bindings/AppView";
import type { BackupOptions } from "../bindings/BackupOptions";
import type { BackupPolicyRequest } from "../bindings/BackupPolicyRequest";
import type { CreateServerRequest } from "../bindings/CreateServerRequest";
import type { FloatingIpFilter } from "../bindings/FloatingIpFilter";
import type { SavePurpose } from "../bindings/SavePurpose";
import type { ServerAction } from "../bindings/ServerAction";
import type { UploadKind } from "../bindings/UploadKind";
import type { UploadRequest } from "../bindings/UploadRequest";
import { call } from "./ipc";

// ---- app ---------------------------------------------------------------------------------------

export const appInfo = () => call("app_info", {});
export const keyringStatus = () => call("keyring_status", {});
/** What the store found wrong at start (a corrupt file moved aside, and where its copy is). */
export const startupWarnings = () => call("startup_warnings", {});
/** Saves text as a new `.csv` or `.json` file in the user's Downloads folder; answers its path. */
export const saveExport = (fileName: string, contents: string) => call("save_export", { fileName, contents });
/** A native "Save as…" dialog, opened by Rust, for `purpose`; the chosen full path, `null` when cancelled. */
export const chooseSavePath = (purpose: SavePurpose, suggestedName: string | null = null) =>
  call("choose_save_path", { purpose, suggestedName });
/** A native "Open" dialog for a `.pub` file, read by Rust; its one public key line, `null` when cancelled. */
export const readPublicKeyFile = () => call("read_public_key_file", {});
/** Opens a provider's help page (one its descriptor names) in the system browser, from Rust. */
export const openHelpLink = (url: string) => call("open_help_link", { url });
/** Asks the release's update address for a newer version; `null` when this one is the latest. */
export const checkForUpdate = () => call("check_for_update", {});
/**
 * Downloads the update the last check offered, verifies its signature, installs it and restarts
 * the app; progress arrives as the `updateProgress` app event. Only after the user said yes.
 */
export const installUpdate = () => call("install_update", {});
/** Tells the tray which views to offer in its "Open" submenu (src-tauri/src/tray.rs). */
export const setTrayViews = (views: AppView[]) => call("set_tray_views", { views });

// ---- accounts ----------------------------------------------------------------------------------

export const listAccounts = () => call("list_accounts", {});
/** Checks the credentials with one authenticated read before anything is saved. */
export const addAccount = (request: AddAccountRequest) => call("add_account", { request });
export const updateAccount = (name: string, changes: AccountChanges) => call("update_account", { name, changes });
export const reorderAccounts = (names: string[]) => call("reorder_accounts", { names });
export const removeAccount = (name: string) => call("remove_account", { name });
export const reauthenticate = (name: string, secret: string | null, clientKeyPem: string | null = null) =>
  call("reauthenticate", { name, secret, clientKeyPem });
/** "Try the sandbox": adds accounts talking to the embedded simulator; answers the new accounts. */
export const trySandbox = () => call("try_sandbox", {});
/**
 * The TLS certificate a vz/LXD endpoint presents, fetched without trusting it, so the user can
 * compare its fingerprint before trusting it on first use.
 */
export const serverCertificate = (endpoint: string) => call("server_certificate", { endpoint });

// ---- servers -----------------------------------------------------------------------------------

/** The last-known servers from the cache (instant, offline, marked stale). */
export const cachedServers = (accounts: string[] = []) => call("cached_servers", { accounts });
/** Fresh from the providers; a failed account keeps its cached servers when `includeStale`. */
export const refreshServers = (accounts: string[] = [], includeStale = true) =>
  call("refresh_servers", { accounts, includeStale });
/** `address` is `ACCOUNT/SERVER_ID`. */
export const server = (address: string) => call("server", { address });
/** One server's raw provider JSON (listings leave it out): from the cache, else the provider's detail. */
export const serverRaw = (address: string) => call("server_raw", { server: address });
export const serverAction = (address: string, action: ServerAction) => call("server_action", { address, action });
export const deleteServer = (address: string) => call("delete_server", { address });
export const createServer = (account: string, request: CreateServerRequest) =>
  call("create_server", { account, request });

// ---- catalog -----------------------------------------------------------------------------------

export const regions = (account: string) => call("regions", { account });
export const plans = (account: string, region: string | null = null) => call("plans", { account, region });
export const images = (account: string, region: string | null = null) => call("images", { account, region });
export const applications = (account: string) => call("applications", { account });

// ---- snapshots, SSH keys, usage ----------------------------------------------------------------

export const snapshots = (accounts: string[] = [], server: string | null = null) =>
  call("snapshots", { accounts, server });
export const createSnapshot = (server: string, name: string | null = null) =>
  call("create_snapshot", { server, name });
export const deleteSnapshot = (snapshot: string) => call("delete_snapshot", { snapshot });
export const restoreSnapshot = (snapshot: string, serverId: string | null = null) =>
  call("restore_snapshot", { snapshot, serverId });
/** `snapshot` is `ACCOUNT/SNAPSHOT_ID`. */
export const renameSnapshot = (snapshot: string, name: string) => call("rename_snapshot", { snapshot, name });
export const sshKeys = (accounts: string[] = []) => call("ssh_keys", { accounts });
export const usage = (server: string) => call("usage", { server });

// ---- jobs --------------------------------------------------------------------------------------

/** Every recorded job, newest first. */
export const jobs = () => call("jobs", {});
export const clearFinishedJobs = () => call("clear_finished_jobs", {});

// ---- backups, ISOs and custom images (the storage views) ---------------------------------------

/** LXD backups of every server of `accounts`, or of one `server` (`ACCOUNT/ID`). */
export const backups = (accounts: string[] = [], server: string | null = null) => call("backups", { accounts, server });
export const createBackup = (server: string, options: BackupOptions) => call("create_backup", { server, options });
/** `backup` is `ACCOUNT/BACKUP_ID`. */
export const deleteBackup = (backup: string) => call("delete_backup", { backup });
/** Backup schedules (Cloudzy backup profiles), one per server that has one. */
export const backupPolicies = (accounts: string[] = []) => call("backup_policies", { accounts });
/** Creates the server's schedule, or replaces it when `replace`. */
export const setBackupPolicy = (server: string, request: BackupPolicyRequest, replace: boolean) =>
  call("set_backup_policy", { server, request, replace });
export const deleteBackupPolicy = (server: string) => call("delete_backup_policy", { server });
/** ISOs (`iso`) or custom disk images (`diskImage`) of `accounts`. */
export const uploads = (accounts: string[], kind: UploadKind) => call("uploads", { accounts, kind });
/** Has the provider download an ISO or image from a URL; answers the job that follows it. */
export const importUpload = (account: string, request: UploadRequest) => call("download_upload", { account, request });
/**
 * Parks the server at `ACCOUNT/ID`: snapshot, wait until ready, delete — one job, cancellable
 * before the delete step (src-tauri/crates/fleet/src/park.rs).
 */
export const parkServer = (address: string) => call("park_server", { address });
/** Creates a parked server again from its snapshot (one job); `parkedId` is the record's id. */
export const unparkServer = (parkedId: string) => call("unpark_server", { parkedId });
/** The servers parked by this app or the CLI (the data directory's list). */
export const parkedServers = () => call("parked_servers", {});
/** `address` is `ACCOUNT/ID`. */
export const deleteUpload = (address: string, kind: UploadKind) => call("delete_upload", { address, kind });

// ---- keys, floating IPs, tags, billing and plans (the money views) -----------------------------

/** Every plan of `accounts` with its monthly price and per-unit prices (decimal strings from Rust). */
export const planComparison = (accounts: string[], region: string | null = null) =>
  call("plan_comparison", { accounts, region });
/** Adds a public key to one account (`publicKey` null: the provider generates the pair). */
export const addSshKey = (account: string, name: string, publicKey: string | null) =>
  call("add_ssh_key", { account, name, publicKey });
/** `address` is `ACCOUNT/KEY_ID`. */
export const renameSshKey = (address: string, name: string) => call("rename_ssh_key", { address, name });
export const deleteSshKey = (address: string) => call("delete_ssh_key", { address });
/** An Ed25519 pair made locally: the private key goes to `privateKeyFile` (0600) and nowhere else. */
export const generateSshKey = (account: string, name: string, privateKeyFile: string) =>
  call("generate_ssh_key", { account, name, privateKeyFile });
/** One public key added to several accounts; one result per account. */
export const pushSshKey = (publicKey: string, name: string, accounts: string[]) =>
  call("push_ssh_key", { publicKey, name, accounts });
export const floatingIps = (accounts: string[], filter: FloatingIpFilter = { region: null, address: null, includeReleased: false }) =>
  call("floating_ips", { accounts, filter });
export const allocateFloatingIps = (account: string, region: string, count: number) =>
  call("allocate_floating_ips", { account, region, count });
/** `address` is `ACCOUNT/IP_ID`; a null field is left as it is. */
export const updateFloatingIp = (address: string, autoRenew: boolean | null, note: string | null) =>
  call("update_floating_ip", { address, autoRenew, note });
export const releaseFloatingIp = (address: string) => call("release_floating_ip", { address });
/** The provider's own tags (Cloude.ro). */
export const tags = (accounts: string[]) => call("tags", { accounts });
/** Puts `tags` on the servers `serverIds` of one account (creating the tags). */
export const tagServers = (account: string, tagNames: string[], serverIds: string[]) =>
  call("tag_servers", { account, tags: tagNames, serverIds });
/** Replaces the provider tags of the server at `ACCOUNT/ID`. */
export const setServerTags = (server: string, tagNames: string[]) => call("set_server_tags", { server, tags: tagNames });
export const deleteTag = (account: string, tag: string) => call("delete_tag", { account, tag });
/** Local tags (the data directory's, any provider) of the servers of `accounts`. */
export const localTags = (accounts: string[]) => call("local_tags", { accounts });
/** `servers` are `ACCOUNT/ID` addresses. */
export const addLocalTags = (servers: string[], tagNames: string[]) => call("add_local_tags", { servers, tags: tagNames });
export const removeLocalTags = (servers: string[], tagNames: string[]) => call("remove_local_tags", { servers, tags: tagNames });
export const invoices = (accounts: string[]) => call("invoices", { accounts });
export const transactions = (accounts: string[]) => call("transactions", { accounts });
/** Opens the invoice's document in the system browser; its link never reaches the web view. */
export const openInvoice = (account: string, invoiceId: string) => call("open_invoice", { account, invoiceId });
/** Saves the invoice's PDF as a new file in Downloads; answers its path. */
export const downloadInvoice = (account: string, invoiceId: string) => call("download_invoice", { account, invoiceId });
/** Balances and their totals per currency. */
export const balances = (accounts: string[]) => call("balances", { accounts });
/** Monthly cost estimates per server and account from plan prices (an estimate, Rust's decimals). */
export const costEstimate = (accounts: string[]) => call("cost_estimate", { accounts });
/** Saves the backup at `ACCOUNT/INSTANCE/BACKUP` to `path` (a full path ending in .tar.gz, .tar.xz…; never replaces a file), as a job with byte progress. */
export const downloadBackup = (backup: string, path: string) => call("download_backup", { backup, path });
