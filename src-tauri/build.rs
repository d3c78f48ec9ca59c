//! Generates the Tauri context (config, embedded assets, permissions). The capabilities live in
//! src-tauri/capabilities while the manifest sits at the repository root ("V2" in TOOLCHAIN.md).
fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .unwrap_or_else(|e| panic!("tauri-build failed: {e:#}"));
}
