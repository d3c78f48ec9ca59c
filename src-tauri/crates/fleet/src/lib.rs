//! The command functions both hosts call: accounts, servers over all accounts, actions, jobs (no Tauri).
