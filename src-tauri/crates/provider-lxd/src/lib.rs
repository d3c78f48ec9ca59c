//! Client for the LXD REST dialect: the vz container API and real LXD.
