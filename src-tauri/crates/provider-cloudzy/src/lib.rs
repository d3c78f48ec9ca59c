//! Cloudzy Developer API v1 client.
