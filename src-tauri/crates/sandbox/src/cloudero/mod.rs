//! Cloude.ro simulator (being written).
