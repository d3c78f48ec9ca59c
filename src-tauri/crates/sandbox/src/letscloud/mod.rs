//! LetsCloud simulator (being written).
