// The app's IPC surface, declared once: every command the web view can be offered, with its
// arguments, its answer and the `Fleet` method (or app function) it calls.
//
// Read by two compilers, so it holds tokens only (no `use`, no inner doc comment):
// - the app crate (src-tauri/src/surface.rs) expands it into the Tauri adapters, the invoke handler
//   and the TypeScript command map (ui/src/bindings/Commands.ts, written by `export_bindings_commands`);
// - the build script (src-tauri/build.rs) `include!`s it and reads the names and grants only, to
//   declare the commands to Tauri's permission system and to write the main window's grants
//   (src-tauri/capabilities/commands.json).
//
// One line per command:
//
//   GRANT NAME(ARG: TYPE, ...) -> ANSWER = VIA |RECEIVER| EXPRESSION;
//
// - GRANT: `window` (the main window may call it: `allow-NAME` in its capability, an entry in the
//   TypeScript map) or `unused` (declared and handled, but no window is granted it: Tauri refuses it).
//   Grant a command when the UI starts to use it; least privilege is the default.
// - ARG names are the Rust names; the UI passes them in camelCase (Tauri's convention).
//   `TYPE as TS_TYPE` gives the TypeScript type when the Rust one has no binding (secrets).
// - VIA: `fleet` (async, RECEIVER is `&Fleet`), `blocking` (store work on the blocking pool,
//   RECEIVER is `&Fleet`), `app` (async, RECEIVER is the `&AppHandle`, for what only the app has).
// - EXPRESSION answers `fleetdeck_core::Result<ANSWER>`; the error becomes the `ErrorPayload`.

/// Hands the command declarations to `$expand` (a macro of the reader: see the comment above).
macro_rules! command_list {
    ($expand:ident) => {
        $expand! {
            // ---- app
            window app_info() -> AppInfo = app |a| crate::commands::app_info(a);
            window keyring_status() -> KeyringStatus = blocking |f| Ok(f.keyring_status());
            window startup_warnings() -> Vec<String> = blocking |f| Ok(f.startup_warnings());
            window preferences() -> Preferences = app |a| crate::prefs::load(a);
            window update_preferences(changes: PreferenceChanges) -> Preferences =
                app |a| crate::prefs::update(a, changes);
            window set_tray_views(views: Vec<crate::tray::AppView>) -> () =
                app |a| crate::tray::set_tray_views(a, views);
            window save_export(file_name: String, contents: String) -> String =
                app |a| crate::commands::save_export(a, file_name, contents).await;
            window check_for_update() -> Option<UpdateOffer> =
                app |a| crate::updates::check_for_update(a).await;
            window install_update() -> () = app |a| crate::updates::install_update(a).await;
            // Native dialogs opened by Rust (src-tauri/src/file_dialogs.rs): a path, or one public key line.
            window choose_save_path(purpose: crate::file_dialogs::SavePurpose, suggested_name: Option<String>) -> Option<String> =
                app |a| crate::file_dialogs::choose_save_path(a, purpose, suggested_name).await;
            window read_public_key_file() -> Option<String> = app |a| crate::file_dialogs::read_public_key_file(a).await;
            // A provider's help page from the add-account form (src-tauri/src/help_links.rs).
            window open_help_link(url: String) -> () = app |a| crate::help_links::open_help_link(a, &url);

            // ---- accounts
            window list_accounts() -> Vec<AccountView> = fleet |f| f.accounts().await;
            window add_account(request: AddAccountRequest) -> AccountView =
                fleet |f| f.add_account(request).await;
            unused check_account(name: String) -> AccountProfile = fleet |f| f.check_account(&name).await;
            window update_account(name: String, changes: AccountChanges) -> AccountView =
                fleet |f| f.update_account(&name, changes).await;
            window reorder_accounts(names: Vec<String>) -> Vec<AccountView> =
                fleet |f| f.reorder_accounts(&names).await;
            window remove_account(name: String) -> () = fleet |f| f.remove_account(&name).await;
            // The secrets are `SecretString` from deserialization on: never in a plain `String` of ours.
            window reauthenticate(
                name: String,
                secret: Option<SecretString> as Option<String>,
                client_key_pem: Option<SecretString> as Option<String>,
            ) -> AccountView = fleet |f| f.reauthenticate(&name, secret, client_key_pem).await;
            unused profile(account: String) -> AccountProfile = fleet |f| f.profile(&account).await;
            window try_sandbox() -> SandboxAccounts = app |a| crate::commands::try_sandbox(a).await;
            // Connects to the host and port given: the add-account dialog's first-use trust of a
            // vz/LXD server shows what it presents.
            window server_certificate(endpoint: String) -> ServerCertificate =
                fleet |f| f.server_certificate(&endpoint).await;

            // ---- servers
            // Listings leave every server's `raw` out (fleet/src/views.rs `without_raw`); the detail
            // pane asks for it with `server_raw` when its raw section is opened.
            window cached_servers(accounts: Vec<String>) -> FleetServers =
                blocking |f| crate::commands::cached_servers(f, &accounts);
            window refresh_servers(accounts: Vec<String>, include_stale: bool) -> FleetServers =
                fleet |f| crate::commands::refresh_servers(f, &accounts, include_stale).await;
            window server(address: String) -> Server = fleet |f| f.server(&address).await;
            window server_raw(server: String) -> serde_json::Value = fleet |f| f.server_raw(&server).await;
            window server_action(address: String, action: ServerAction) -> ActionResult =
                fleet |f| f.server_action(&address, action).await;
            window delete_server(address: String) -> ActionResult = fleet |f| f.delete_server(&address).await;
            window create_server(account: String, request: CreateServerRequest) -> CreateResult =
                fleet |f| f.create_server(&account, request).await;

            // ---- catalog
            window regions(account: String) -> Vec<Region> = fleet |f| f.regions(&account).await;
            window plans(account: String, region: Option<String>) -> Vec<Plan> =
                fleet |f| f.plans(&account, region.as_deref()).await;
            window images(account: String, region: Option<String>) -> Vec<Image> =
                fleet |f| f.images(&account, region.as_deref()).await;
            window applications(account: String) -> Vec<Image> = fleet |f| f.applications(&account).await;

            // ---- snapshots and backups
            window snapshots(accounts: Vec<String>, server: Option<String>) -> Listing<Snapshot> =
                fleet |f| f.snapshots(&accounts, server.as_deref()).await;
            window create_snapshot(server: String, name: Option<String>) -> ActionResult =
                fleet |f| f.create_snapshot(&server, name.as_deref()).await;
            window delete_snapshot(snapshot: String) -> ActionResult =
                fleet |f| f.delete_snapshot(&snapshot).await;
            window restore_snapshot(snapshot: String, server_id: Option<String>) -> ActionResult =
                fleet |f| f.restore_snapshot(&snapshot, server_id.as_deref()).await;
            window rename_snapshot(snapshot: String, name: String) -> ActionResult =
                fleet |f| f.rename_snapshot(&snapshot, &name).await;
            // Parking (fleet/src/park.rs): snapshot, wait until ready, delete — one job.
            window park_server(address: String) -> ActionResult = fleet |f| f.park_server(&address).await;
            window unpark_server(parked_id: String) -> ActionResult =
                fleet |f| f.unpark_server(&parked_id).await;
            window parked_servers() -> Vec<fleetdeck_fleet::ParkedServer> = blocking |f| f.parked();
            window backups(accounts: Vec<String>, server: Option<String>) -> Listing<Backup> =
                fleet |f| f.backups(&accounts, server.as_deref()).await;
            window create_backup(server: String, options: BackupOptions) -> ActionResult =
                fleet |f| f.create_backup(&server, &options).await;
            window delete_backup(backup: String) -> ActionResult = fleet |f| f.delete_backup(&backup).await;
            window download_backup(backup: String, path: String) -> ActionResult =
                fleet |f| f.download_backup_copy(&backup, &path).await;
            window backup_policies(accounts: Vec<String>) -> Listing<BackupPolicy> =
                fleet |f| f.backup_policies(&accounts).await;
            window backup_policy(server: String) -> BackupPolicy = fleet |f| f.backup_policy(&server).await;
            window set_backup_policy(
                server: String,
                request: BackupPolicyRequest,
                replace: bool,
            ) -> ActionResult =
                fleet |f| f.set_backup_policy(&server, request, replace).await;
            window delete_backup_policy(server: String) -> ActionResult =
                fleet |f| f.delete_backup_policy(&server).await;

            // ---- SSH keys
            window ssh_keys(accounts: Vec<String>) -> Listing<SshKey> = fleet |f| f.ssh_keys(&accounts).await;
            unused ssh_key(address: String) -> SshKey = fleet |f| f.ssh_key(&address).await;
            window add_ssh_key(account: String, name: String, public_key: Option<String>) -> CreatedSshKey =
                fleet |f| f.add_ssh_key(&account, &name, public_key.as_deref()).await;
            window rename_ssh_key(address: String, name: String) -> SshKey =
                fleet |f| f.rename_ssh_key(&address, &name).await;
            window delete_ssh_key(address: String) -> () = fleet |f| f.delete_ssh_key(&address).await;
            // A pair made here: the private key goes to the chosen file (0600) only (fleet/src/keys.rs).
            window generate_ssh_key(account: String, name: String, private_key_file: String) -> fleetdeck_fleet::GeneratedSshKey =
                fleet |f| f.generate_ssh_key(&account, &name, std::path::Path::new(&private_key_file)).await;
            window push_ssh_key(public_key: String, name: String, accounts: Vec<String>) -> Vec<fleetdeck_fleet::KeyPushResult> =
                fleet |f| f.push_ssh_key(&public_key, &name, &accounts).await;

            // ---- floating IPs
            window floating_ips(accounts: Vec<String>, filter: FloatingIpFilter) -> Listing<FloatingIp> =
                fleet |f| f.floating_ips(&accounts, filter).await;
            window allocate_floating_ips(account: String, region: String, count: u32) -> ActionResult =
                fleet |f| f.allocate_floating_ips(&account, &region, count).await;
            window update_floating_ip(address: String, auto_renew: Option<bool>, note: Option<String>) -> () =
                fleet |f| f.update_floating_ip(&address, auto_renew, note.as_deref()).await;
            window release_floating_ip(address: String) -> ActionResult =
                fleet |f| f.release_floating_ip(&address).await;

            // ---- ISOs and custom images
            window uploads(accounts: Vec<String>, kind: UploadKind) -> Listing<UploadedImage> =
                fleet |f| f.uploads(&accounts, kind).await;
            window upload(address: String, kind: UploadKind) -> UploadedImage =
                fleet |f| f.upload(&address, kind).await;
            window download_upload(account: String, request: UploadRequest) -> ActionResult =
                fleet |f| f.download_upload(&account, request).await;
            window delete_upload(address: String, kind: UploadKind) -> ActionResult =
                fleet |f| f.delete_upload(&address, kind).await;

            // ---- tags
            window tags(accounts: Vec<String>) -> Listing<Tag> = fleet |f| f.tags(&accounts).await;
            window tag_servers(account: String, tags: Vec<String>, server_ids: Vec<String>) -> () =
                fleet |f| f.tag_servers(&account, &tags, &server_ids).await;
            window set_server_tags(server: String, tags: Vec<String>) -> () =
                fleet |f| f.set_server_tags(&server, &tags).await;
            window delete_tag(account: String, tag: String) -> () =
                fleet |f| f.delete_tag(&account, &tag).await;
            // Local tags on any provider's servers, in the data directory (fleet/src/local_tags.rs).
            window local_tags(accounts: Vec<String>) -> Vec<fleetdeck_fleet::ServerLocalTags> =
                blocking |f| f.local_tags(&accounts);
            window add_local_tags(servers: Vec<String>, tags: Vec<String>) -> () =
                blocking |f| f.add_local_tags(&servers, &tags);
            window remove_local_tags(servers: Vec<String>, tags: Vec<String>) -> () =
                blocking |f| f.remove_local_tags(&servers, &tags);
            window set_local_tags(server: String, tags: Vec<String>) -> () =
                blocking |f| f.set_local_tags(&server, &tags);

            // ---- billing, usage, provider events
            window invoices(accounts: Vec<String>) -> Listing<Invoice> =
                fleet |f| f.invoices(&accounts).await;
            window transactions(accounts: Vec<String>) -> Listing<Transaction> =
                fleet |f| f.transactions(&accounts).await;
            // The invoice's link stays in Rust (src-tauri/src/invoice_files.rs, fleet/src/billing.rs).
            window open_invoice(account: String, invoice_id: String) -> () =
                app |a| crate::invoice_files::open_invoice(a, &account, &invoice_id).await;
            window download_invoice(account: String, invoice_id: String) -> String =
                app |a| crate::invoice_files::download_invoice(a, &account, &invoice_id).await;
            // Money (fleet/src/billing.rs): decimal strings, totals per currency, estimates labelled.
            window plan_comparison(accounts: Vec<String>, region: Option<String>) -> Listing<fleetdeck_core::money::PlanOffer> =
                fleet |f| f.plan_comparison(&accounts, region.as_deref()).await;
            window balances(accounts: Vec<String>) -> fleetdeck_core::money::Balances =
                fleet |f| f.balances(&accounts).await;
            window cost_estimate(accounts: Vec<String>) -> fleetdeck_core::money::CostEstimate =
                fleet |f| f.cost_estimate(&accounts).await;
            window usage(server: String) -> Vec<UsageSeries> = fleet |f| f.usage(&server).await;
            unused provider_events(accounts: Vec<String>) -> Listing<ProviderEvent> =
                fleet |f| f.events(&accounts).await;
            unused provider_event(address: String) -> ProviderEvent = fleet |f| f.event(&address).await;

            // ---- jobs
            window jobs() -> Vec<Job> = blocking |f| f.jobs();
            window clear_finished_jobs() -> () = blocking |f| f.clear_finished_jobs();
            // Parking only, before its delete step (fleet/src/jobs.rs `CancelSwitch`).
            window cancel_job(id: String) -> () = blocking |f| f.cancel_job(&id);
        }
    };
}
