//! Memory given back to the OS after big listings.
//!
//! A listing of 10,000 servers is parsed, serialised for the window and dropped within a second,
//! but glibc keeps the freed heap in its arenas (one per thread that allocates, up to 8 per core),
//! so the app's resident memory stayed at its peak: 348 MB of PSS for the app process idle with
//! 10,000 servers, against 78 MB for an empty Tauri window (scripts/bench-app.sh). Fewer arenas
//! and a trim shortly after each listing return it. Other platforms' allocators return memory
//! themselves; there both functions do nothing.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
use std::sync::atomic::{AtomicBool, Ordering};
#[cfg(all(target_os = "linux", target_env = "gnu"))]
use std::time::Duration;

/// How long after a listing the trim waits: the window's copy of the answer (the IPC JSON) is
/// freed once the page has it, a moment after the command returned.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_AFTER: Duration = Duration::from_millis(1500);

#[cfg(all(target_os = "linux", target_env = "gnu"))]
static TRIM_SCHEDULED: AtomicBool = AtomicBool::new(false);

/// At start, before other threads allocate: at most two malloc arenas. The app's work is I/O;
/// threads contending for an arena cost nothing measurable here, and every extra arena keeps
/// its own freed pages.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called once at start.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// After a big listing: trim the heap once, `TRIM_AFTER` later. Listings that come meanwhile
/// share that trim (one pending at a time), so a refresh every second trims at most once a
/// second and an idle app never wakes for it.
pub fn trim_soon() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if !TRIM_SCHEDULED.swap(true, Ordering::AcqRel) {
        tauri::async_runtime::spawn(async {
            tokio::time::sleep(TRIM_AFTER).await;
            TRIM_SCHEDULED.store(false, Ordering::Release);
            // SAFETY: malloc_trim only returns free heap pages to the OS; it is thread-safe.
            unsafe {
                libc::malloc_trim(0);
            }
        });
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    #[test]
    fn listings_close_together_share_one_trim_and_an_idle_app_has_none_pending() {
        limit_arenas();
        trim_soon();
        assert!(TRIM_SCHEDULED.load(Ordering::Acquire));
        // A second listing meanwhile adds no trim of its own.
        trim_soon();
        assert!(TRIM_SCHEDULED.load(Ordering::Acquire));
        std::thread::sleep(TRIM_AFTER + Duration::from_millis(1000));
        assert!(!TRIM_SCHEDULED.load(Ordering::Acquire), "the trim never ran");
    }
}
