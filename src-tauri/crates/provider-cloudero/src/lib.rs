//! Cloude.ro (Cloudeos panel) API v1 client.
