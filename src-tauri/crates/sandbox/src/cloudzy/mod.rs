//! Cloudzy simulator (being written).
