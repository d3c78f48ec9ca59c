//! The store under load from several processes: what `fault-store-writer` writes and how the suite
//! checks that nothing of it was lost or torn.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fleetdeck_core::{Account, ProviderKind, RawStatus, Server, ServerStatus};
use fleetdeck_store::cache::CacheRead;
use fleetdeck_store::{AccountList, Cache, DataDir};

use crate::Row;

/// Servers per generation in the `kill -9` case: large enough that a write takes a while, small
/// enough that many writes happen before each kill.
pub const KILL_SERVERS: usize = 500;

/// The account whose server cache every writer rewrites (a valid cache key and account id).
pub const SHARED_ACCOUNT_ID: &str = "0f0f0f0f-0000-4000-8000-000000000001";

/// An account record as the app stores it (no secret: none is needed to write the list).
pub fn account(id_suffix: &str, name: &str) -> fleetdeck_core::Result<Account> {
    let id = if name == "shared" {
        SHARED_ACCOUNT_ID.to_owned()
    } else {
        format!("acct-{id_suffix}")
    };
    serde_json::from_value(serde_json::json!({
        "id": id,
        "name": name,
        "provider": ProviderKind::Cloudzy,
        "endpoint": "http://127.0.0.1:9",
        "createdAt": chrono::Utc::now(),
    }))
    .map_err(|e| fleetdeck_core::Error::internal(format!("account record: {e}")))
}

/// `count` servers that all carry generation `generation` in their names: a cache file holding
/// servers of two generations was torn.
pub fn generation_servers(generation: usize, count: usize) -> Vec<Server> {
    (0..count)
        .map(|k| Server {
            account: "shared".into(),
            provider: ProviderKind::Cloudzy,
            id: format!("srv-{k}"),
            name: format!("gen{generation}-srv{k}"),
            hostname: None,
            status: ServerStatus::Running,
            raw_status: RawStatus::default(),
            ipv4: vec![format!("203.0.113.{}", k % 250)],
            ipv6: vec![],
            region: Some("UK-London".into()),
            plan: None,
            image: None,
            vcpus: Some(1),
            memory_mb: Some(1024),
            disk_gb: Some(25),
            bandwidth_gb: None,
            created_at: None,
            tags: vec![],
            local_tags: Vec::new(),
            active_jobs: vec![],
            usage: None,
            extra: Default::default(),
            raw: serde_json::json!({ "generation": generation }),
        })
        .collect()
}

/// The generation of a cached server list, or why it is not one whole generation.
fn whole_generation(servers: &[Server], count: usize) -> Result<usize, String> {
    if servers.len() != count {
        return Err(format!("{} servers cached, {count} written", servers.len()));
    }
    let generation_of = |s: &Server| {
        s.name
            .strip_prefix("gen")
            .and_then(|r| r.split('-').next())
            .and_then(|g| g.parse::<usize>().ok())
    };
    let first = servers.first().and_then(generation_of);
    match first {
        Some(g) if servers.iter().all(|s| generation_of(s) == Some(g)) => Ok(g),
        _ => Err("servers of several generations in one cache file (torn write)".into()),
    }
}

fn writer_command(writer: &Path, dir: &Path) -> Command {
    let mut cmd = Command::new(writer);
    cmd.arg(dir).stdin(Stdio::null());
    cmd
}

/// Two processes (the app's and the CLI's store code is this one) each insert `count` accounts,
/// write the shared cache `count` times and recolour the shared account: afterwards the list holds
/// all `2 × count + 1` accounts once each, and the cache file is one whole generation.
pub fn two_processes(writer: &Path, dir: &Path, count: usize) -> Row {
    let mut row = Row::new(
        &format!("app + CLI processes writing accounts and cache ({count} writes each)"),
        "store",
    );
    let data = DataDir::new(dir);
    let list = AccountList::new(data.clone());
    if let Err(e) = account("shared", "shared").and_then(|a| list.insert(a)) {
        row.broken.push(format!("seed: {e}"));
        return row;
    }
    let spawned: Vec<_> = ["app", "cli"]
        .iter()
        .map(|role| {
            writer_command(writer, dir)
                .args(["writes", role, &count.to_string()])
                .stderr(Stdio::piped())
                .spawn()
        })
        .collect();
    for child in spawned {
        match child.and_then(|c| c.wait_with_output()) {
            Ok(out) if out.status.success() => {}
            Ok(out) => row.broken.push(format!(
                "a writer failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )),
            Err(e) => row.broken.push(format!("a writer did not run: {e}")),
        }
    }
    match list.load() {
        Ok(accounts) => {
            let mut expected: Vec<String> = ["app", "cli"]
                .iter()
                .flat_map(|r| (0..count).map(move |i| format!("{r}-{i}")))
                .collect();
            expected.push("shared".into());
            let names: std::collections::HashSet<&str> = accounts.iter().map(|a| a.name.as_str()).collect();
            row.lost = expected.iter().filter(|n| !names.contains(n.as_str())).count();
            if names.len() != accounts.len() {
                row.broken.push("an account is listed twice".into());
            }
        }
        Err(e) => row.broken.push(format!("the account list is unreadable: {e}")),
    }
    match Cache::new(data).read::<Vec<Server>>(SHARED_ACCOUNT_ID, "servers") {
        CacheRead::Hit(c) => {
            if let Err(why) = whole_generation(&c.data, 50) {
                row.broken.push(why);
            }
        }
        CacheRead::Miss => row.broken.push("the cache file is missing".into()),
        CacheRead::Discarded(why) => row.broken.push(format!("the cache file was unreadable: {why}")),
    }
    row.outcome = format!("{} accounts, cache whole", 2 * count + 1 - row.lost);
    row
}

/// A process rewrites the cache in a loop and is killed with SIGKILL `kills` times at varied moments;
/// after each kill the cache must hold one whole earlier generation, and a fresh start (the fleet's
/// cached listing, as the app shows at start) must list it.
pub async fn kill_mid_write(writer: &Path, dir: &Path, kills: usize) -> Row {
    let mut row = Row::new(&format!("kill -9 during cache writes ({kills} kills)"), "store");
    let data = DataDir::new(dir);
    if let Err(e) = account("shared", "shared").and_then(|a| AccountList::new(data.clone()).insert(a)) {
        row.broken.push(format!("seed: {e}"));
        return row;
    }
    let cache = Cache::new(data.clone());
    let mut generations = Vec::new();
    for k in 0..kills {
        let mut child = match writer_command(writer, dir)
            .arg("cache-loop")
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(c) => c,
            Err(e) => {
                row.broken.push(format!("the writer did not start: {e}"));
                return row;
            }
        };
        // Let the first write land, then kill at a moment that moves from run to run.
        let file = dir.join("cache").join(SHARED_ACCOUNT_ID).join("servers.json");
        let started = Instant::now();
        while !file.exists() && started.elapsed() < Duration::from_secs(20) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(5 + (k as u64 * 37) % 300)).await;
        let _ = child.kill();
        let _ = child.wait();
        match cache.read::<Vec<Server>>(SHARED_ACCOUNT_ID, "servers") {
            CacheRead::Hit(c) => match whole_generation(&c.data, KILL_SERVERS) {
                Ok(g) => generations.push(g),
                Err(why) => {
                    row.lost += 1;
                    row.broken.push(format!("after kill {k}: {why}"));
                }
            },
            CacheRead::Miss => {
                row.lost += 1;
                row.broken.push(format!("after kill {k}: the cache file is gone"));
            }
            CacheRead::Discarded(why) => {
                row.lost += 1;
                row.broken.push(format!("after kill {k}: unreadable: {why}"));
            }
        }
    }
    // The next start: a fresh fleet over the same directory shows the last whole generation.
    let fleet = fleetdeck_fleet::Fleet::new(fleetdeck_fleet::FleetConfig::new(
        data,
        std::sync::Arc::new(fleetdeck_store::MemorySecrets::default()),
        std::sync::Arc::new(fleetdeck_fleet::Registry),
    ));
    match fleet.cached_servers(&["shared".to_owned()]) {
        Ok(listing) if listing.servers.len() == KILL_SERVERS => {}
        Ok(listing) => {
            row.lost += 1;
            row.broken.push(format!(
                "next start lists {} cached servers, not {KILL_SERVERS}",
                listing.servers.len()
            ));
        }
        Err(e) => row.broken.push(format!("next start: {e}")),
    }
    row.outcome = format!(
        "a whole earlier cache after every kill (up to generation {}); listed at the next start",
        generations.iter().max().copied().unwrap_or(0)
    );
    row
}
