//! `fleetdeck-sandbox serve`: the sandbox as a standalone binary.

fn main() {}
