//! A process that writes Fleetdeck's account list and cache through the store crate, exactly as the
//! desktop app and the CLI do, for the fault suite's two-process and `kill -9` rows.
//!
//! ```text
//! fault-store-writer DATA_DIR writes ROLE COUNT   # COUNT account inserts + COUNT cache writes + colour changes
//! fault-store-writer DATA_DIR cache-loop          # cache writes of one account until killed
//! ```
//! Exit status 0 when every write succeeded; 1 with the first error on stderr otherwise.

use std::process::ExitCode;

use fleetdeck_fault_suite::store_load::{account, generation_servers, KILL_SERVERS, SHARED_ACCOUNT_ID};
use fleetdeck_store::{AccountList, Cache, DataDir};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [dir, mode, role, count] if mode == "writes" => match count.parse::<usize>() {
            Ok(n) => writes(&DataDir::new(dir), role, n),
            Err(e) => Err(format!("COUNT: {e}")),
        },
        [dir, mode] if mode == "cache-loop" => cache_loop(&DataDir::new(dir)),
        _ => Err("usage: fault-store-writer DATA_DIR (writes ROLE COUNT | cache-loop)".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fault-store-writer: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `count` rounds of: insert an account of this role, write the shared account's server cache (a
/// whole generation), and every tenth round recolour the shared account (a read-modify-write).
fn writes(dir: &DataDir, role: &str, count: usize) -> Result<(), String> {
    let accounts = AccountList::new(dir.clone());
    let cache = Cache::new(dir.clone());
    for i in 0..count {
        accounts
            .insert(account(&format!("{role}-{i}"), &format!("{role}-{i}")).map_err(|e| e.to_string())?)
            .map_err(|e| format!("insert {role}-{i}: {e}"))?;
        cache
            .write(
                SHARED_ACCOUNT_ID,
                "servers",
                chrono::Utc::now(),
                &generation_servers(i, 50),
            )
            .map_err(|e| format!("cache write {i}: {e}"))?;
        if i % 10 == 0 {
            accounts
                .modify("shared", |a| a.color = Some(format!("#{role}{i}")))
                .map_err(|e| format!("modify shared: {e}"))?;
        }
    }
    Ok(())
}

/// Write ever larger generations of the shared account's servers until killed.
fn cache_loop(dir: &DataDir) -> Result<(), String> {
    let cache = Cache::new(dir.clone());
    for i in 0.. {
        cache
            .write(
                SHARED_ACCOUNT_ID,
                "servers",
                chrono::Utc::now(),
                &generation_servers(i, KILL_SERVERS),
            )
            .map_err(|e| format!("cache write {i}: {e}"))?;
    }
    Ok(())
}
