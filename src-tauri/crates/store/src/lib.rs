//! Account list, OS-keyring secrets, local cache and persisted jobs, shared by the app and the CLI (no Tauri).
