//! Placeholder: the desktop app shell lands with the foundation issue.
