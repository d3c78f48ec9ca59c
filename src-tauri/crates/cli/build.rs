//! Build metadata for `fleetdeck --version` (src/args.rs): `FLEETDECK_COMMIT` and
//! `FLEETDECK_BUILD_DATE`, set by build_info.rs (shared with the desktop app's src-tauri/build.rs).

mod build_date;
mod build_info;

fn main() -> Result<(), String> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build_date.rs");
    println!("cargo:rerun-if-changed=build_info.rs");
    build_info::emit()
}
