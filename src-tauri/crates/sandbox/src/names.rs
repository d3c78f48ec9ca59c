//! Believable, deterministic names for seed data: companies, people, servers, snapshots, keys, tags.
//!
//! Every function takes the caller's seeded RNG (or an index), so the same `rng_seed` always gives
//! the same world.

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

/// A deterministic RNG for one simulator (`salt` keeps providers from sharing a sequence).
pub fn rng(seed: u64, salt: &str) -> StdRng {
    let mixed = salt.bytes().fold(seed ^ 0x9e37_79b9_7f4a_7c15, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    StdRng::seed_from_u64(mixed)
}

const COMPANIES: &[&str] = &[
    "acme",
    "globex",
    "initech",
    "umbrella",
    "hooli",
    "vandelay",
    "wonka",
    "tyrell",
    "soylent",
    "cyberdyne",
    "massive",
    "nakatomi",
    "oscorp",
    "stark",
    "wayne",
    "monarch",
    "aperture",
    "blackmesa",
    "piedpiper",
    "dunder",
];

/// The company behind customer account `i` (wraps with a number past the list).
pub fn company(i: usize) -> String {
    let base = COMPANIES[i % COMPANIES.len()];
    match i / COMPANIES.len() {
        0 => base.to_owned(),
        n => format!("{base}{}", n + 1),
    }
}

/// A display name for a company slug: "acme" → "Acme".
pub fn title(slug: &str) -> String {
    let mut c = slug.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

const FIRST: &[&str] = &[
    "Ana", "Mihai", "Elena", "Andrei", "Ioana", "Deniz", "Lena", "Tomás", "Priya", "Jonas", "Sofia", "Kenji",
];
const LAST: &[&str] = &[
    "Popescu", "Ionescu", "Yilmaz", "Schmidt", "Novak", "Costa", "Okafor", "Larsen", "Moreau", "Tanaka",
];

/// A person's full name.
pub fn person(rng: &mut StdRng) -> String {
    format!(
        "{} {}",
        FIRST.choose(rng).copied().unwrap_or("Ana"),
        LAST.choose(rng).copied().unwrap_or("Popescu")
    )
}

const ROLES: &[&str] = &[
    "web", "api", "db", "cache", "worker", "mail", "vpn", "ci", "monitor", "git", "lb", "search", "queue",
    "proxy", "backup", "metrics",
];
const SPECIAL: &[&str] = &[
    "db-primary",
    "db-replica",
    "staging-api",
    "staging-web",
    "prod-web",
    "grafana",
    "gitlab-runner",
    "k3s-node",
    "minecraft",
    "wireguard",
    "bastion",
    "mailcow",
];

/// A server name: mostly `<role>-<site>-NN` ("web-fra-01"), sometimes a well-known one
/// ("db-primary"), numbered so names stay unique within an account (`i` is the index in it).
pub fn server_name(rng: &mut StdRng, site: &str, i: usize) -> String {
    if i < SPECIAL.len() * 4 && rng.random_bool(0.25) {
        let s = SPECIAL.choose(rng).copied().unwrap_or("bastion");
        return if i < SPECIAL.len() {
            format!("{s}-{}", i + 1)
        } else {
            format!("{s}-{:02}", i + 1)
        };
    }
    let role = ROLES.choose(rng).copied().unwrap_or("web");
    format!("{role}-{site}-{:02}", i + 1)
}

const SNAPSHOT_PREFIXES: &[&str] = &[
    "before-upgrade",
    "nightly",
    "pre-migration",
    "golden-image",
    "weekly",
    "before-kernel-update",
];

/// A snapshot name for a day: "nightly-2026-11-28".
pub fn snapshot_name(rng: &mut StdRng, day: chrono::NaiveDate) -> String {
    format!(
        "{}-{}",
        SNAPSHOT_PREFIXES.choose(rng).copied().unwrap_or("nightly"),
        day.format("%Y-%m-%d")
    )
}

const KEY_NAMES: &[&str] = &[
    "laptop-ana",
    "ci-deploy",
    "bastion",
    "ops-yubikey",
    "backup-runner",
    "mihai-desktop",
];

/// The SSH key names of one account (distinct, `n` at most the list's length).
pub fn ssh_key_names(n: usize) -> Vec<String> {
    KEY_NAMES.iter().take(n).map(|s| (*s).to_owned()).collect()
}

const TAGS: &[&str] = &[
    "production",
    "staging",
    "backend",
    "frontend",
    "database",
    "monitoring",
    "eu",
    "internal",
];

/// A few tags for a server.
pub fn tags(rng: &mut StdRng) -> Vec<String> {
    let n = rng.random_range(0..=2);
    let mut out: Vec<String> = TAGS.choose_multiple(rng, n).map(|s| (*s).to_owned()).collect();
    out.sort();
    out
}

/// A syntactically valid OpenSSH ed25519 public key line, deterministic per `rng`.
pub fn ssh_public_key(rng: &mut StdRng, comment: &str) -> String {
    use base64::Engine;
    let mut blob = Vec::with_capacity(51);
    blob.extend_from_slice(&11u32.to_be_bytes());
    blob.extend_from_slice(b"ssh-ed25519");
    blob.extend_from_slice(&32u32.to_be_bytes());
    let mut key = [0u8; 32];
    rng.fill(&mut key);
    blob.extend_from_slice(&key);
    format!(
        "ssh-ed25519 {} {comment}",
        base64::engine::general_purpose::STANDARD.encode(blob)
    )
}

/// A sandbox secret: `<prefix>-` and 24 hex digits.
pub fn secret(rng: &mut StdRng, prefix: &str) -> String {
    let n: u128 = rng.random();
    format!("{prefix}-{:024x}", n & ((1u128 << 96) - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_names() {
        let a: Vec<String> = {
            let mut r = rng(7, "x");
            (0..10).map(|i| server_name(&mut r, "fra", i)).collect()
        };
        let b: Vec<String> = {
            let mut r = rng(7, "x");
            (0..10).map(|i| server_name(&mut r, "fra", i)).collect()
        };
        assert_eq!(a, b);
        let mut r = rng(8, "x");
        let c: Vec<String> = (0..10).map(|i| server_name(&mut r, "fra", i)).collect();
        assert_ne!(a, c);
    }

    #[test]
    fn names_are_unique_within_an_account() {
        let mut r = rng(1, "u");
        let names: Vec<String> = (0..2000).map(|i| server_name(&mut r, "ams", i)).collect();
        let set: std::collections::BTreeSet<_> = names.iter().collect();
        assert_eq!(set.len(), names.len());
        assert!(names.iter().all(|n| !n.contains("fail") && !n.contains("test")));
    }

    #[test]
    fn companies_wrap_with_a_number() {
        assert_eq!(company(0), "acme");
        assert_eq!(company(20), "acme2");
        assert_eq!(title("acme"), "Acme");
    }

    #[test]
    fn public_keys_look_like_openssh() {
        let mut r = rng(1, "k");
        let k = ssh_public_key(&mut r, "ana@laptop");
        let parts: Vec<&str> = k.split(' ').collect();
        assert_eq!(parts[0], "ssh-ed25519");
        assert!(parts[1].starts_with("AAAAC3NzaC1lZDI1NTE5AAAAI"));
        assert_eq!(parts[2], "ana@laptop");
        assert_eq!(secret(&mut r, "tok").len(), 4 + 24);
    }
}
