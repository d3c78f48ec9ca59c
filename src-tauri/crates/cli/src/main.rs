//! The `fleetdeck` binary: see the `fleetdeck_cli` library.

fn main() -> std::process::ExitCode {
    fleetdeck_cli::main()
}
