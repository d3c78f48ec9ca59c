//! The fault suite (README, "Reliability"): every fault against every provider through the sandbox,
//! two processes writing the store at once, and `kill -9` mid cache write. Prints one table and
//! fails when any row lost something, disturbed another account, hid the account in an error, or
//! sent a write twice. Runs without libtest so the table is printed even when every row passes.

use std::path::PathBuf;
use std::process::ExitCode;

use fleetdeck_fault_suite::{matrix, store_load, table, Row};

fn writer() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_fault-store-writer"))
}

async fn run() -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let data = tempfile::tempdir().map_err(|e| e.to_string())?;
    let world = matrix::World::start(data.path()).await?;
    for kind in matrix::KINDS {
        rows.extend(world.rows_for(kind).await);
    }
    world.shutdown().await;

    let two = tempfile::tempdir().map_err(|e| e.to_string())?;
    rows.push(store_load::two_processes(&writer(), two.path(), 300));
    let killed = tempfile::tempdir().map_err(|e| e.to_string())?;
    rows.push(store_load::kill_mid_write(&writer(), killed.path(), 12).await);
    Ok(rows)
}

fn main() -> ExitCode {
    // `cargo test -- <filter>` passes a filter: run only when it names this suite (or there is none).
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    if !filters.is_empty() && !filters.iter().any(|f| "fault_suite".contains(f.as_str())) {
        println!("fault suite: 0 passed, 0 failed (filtered out)");
        return ExitCode::SUCCESS;
    }
    if std::env::args().any(|a| a == "--list") {
        return ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fault suite: no runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let rows = match runtime.block_on(run()) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("fault suite: could not run: {e}");
            println!("fault suite: 0 passed, 1 failed");
            return ExitCode::FAILURE;
        }
    };
    runtime.shutdown_timeout(std::time::Duration::from_secs(5));
    println!("\n{}", table(&rows));
    let failed = rows.iter().filter(|r| !r.passed()).count();
    println!("fault suite: {} passed, {failed} failed", rows.len() - failed);
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
