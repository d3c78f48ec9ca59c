//! Request coalescing for job polling (docs/design-rules.md rule 7): when many jobs of one account poll the
//! same list, one request serves them all. A value younger than `max_age` is shared; concurrent callers wait
//! for the single fetch in flight instead of sending their own. Errors are not cached.

use std::future::Future;
use std::time::{Duration, Instant};

use crate::error::Result;

/// A shared, briefly cached answer to one request.
pub struct Coalesced<T> {
    max_age: Duration,
    slot: tokio::sync::Mutex<Option<(Instant, T)>>,
}

impl<T: Clone> Coalesced<T> {
    pub fn new(max_age: Duration) -> Self {
        Coalesced {
            max_age,
            slot: tokio::sync::Mutex::new(None),
        }
    }

    /// The cached value when fresh, else the result of `fetch` (which then becomes the cache).
    pub async fn get<F, Fut>(&self, fetch: F) -> Result<T>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        // Holding the lock across the fetch is what makes concurrent callers share it.
        let mut slot = self.slot.lock().await;
        if let Some((at, value)) = slot.as_ref() {
            if at.elapsed() < self.max_age {
                return Ok(value.clone());
            }
        }
        let value = fetch().await?;
        *slot = Some((Instant::now(), value.clone()));
        Ok(value)
    }

    /// Forget the cached value (after an action changed the resource).
    pub async fn invalidate(&self) {
        *self.slot.lock().await = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    #[tokio::test]
    async fn concurrent_callers_share_one_fetch() {
        let c = Arc::new(Coalesced::new(Duration::from_secs(5)));
        let calls = Arc::new(AtomicU32::new(0));
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let c = c.clone();
            let calls = calls.clone();
            tasks.push(tokio::spawn(async move {
                c.get(|| async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    Ok(vec![1, 2, 3])
                })
                .await
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap(), vec![1, 2, 3]);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        c.invalidate().await;
        c.get(|| async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok(vec![])
        })
        .await
        .unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn errors_are_not_cached() {
        let c: Coalesced<u32> = Coalesced::new(Duration::from_secs(5));
        assert!(c
            .get(|| async { Err(crate::Error::internal("boom")) })
            .await
            .is_err());
        assert_eq!(c.get(|| async { Ok(7) }).await.unwrap(), 7);
    }
}
