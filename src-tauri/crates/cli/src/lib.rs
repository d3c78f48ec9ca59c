//! The fleetdeck command-line interface.
