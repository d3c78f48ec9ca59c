//! vz/LXD simulator (being written).
