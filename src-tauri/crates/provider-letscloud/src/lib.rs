//! LetsCloud API client.
