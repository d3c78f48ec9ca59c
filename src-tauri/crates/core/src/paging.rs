//! Pagination helpers (docs/design-rules.md rule 6: every list is complete). Both stop on an empty page, on a
//! cursor that does not move, and after a hard page limit, so a misbehaving API cannot loop forever.
//! A cursor chain is sequential by nature (each page names the next); numbered pages whose total
//! is known are fetched concurrently (see [`collect_numbered`]).

use std::future::Future;

use futures::{stream, StreamExt, TryStreamExt};

use crate::error::{Error, Result};

/// Upper bound of pages fetched for one list (10,000 servers at page size 1 still fit).
pub const MAX_PAGES: usize = 20_000;

/// One page of a cursor-paged list.
#[derive(Debug, Clone)]
pub struct CursorPage<T> {
    pub items: Vec<T>,
    /// Cursor of the next page; `None` or empty when this was the last one.
    pub next: Option<String>,
}

/// Fetch every page of a cursor-paged list (Cloudzy bookmarks).
pub async fn collect_cursor<T, F, Fut>(mut fetch: F) -> Result<Vec<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<CursorPage<T>>>,
{
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page = fetch(cursor.clone()).await?;
        let empty = page.items.is_empty();
        all.extend(page.items);
        match page.next.filter(|n| !n.is_empty()) {
            Some(next) if !empty && Some(&next) != cursor.as_ref() => cursor = Some(next),
            _ => return Ok(all),
        }
    }
    Err(Error::internal(format!(
        "pagination did not end after {MAX_PAGES} pages"
    )))
}

/// One page of a numbered list.
#[derive(Debug, Clone)]
pub struct NumberedPage<T> {
    pub items: Vec<T>,
    /// Total number of items across pages, when the API states it.
    pub total: Option<u64>,
}

/// Fetch every page of a page-numbered list (1-based), `per_page` items asked for per page.
/// Ends when the stated total is reached, on an empty page, or — when no total is given — on a
/// short page.
///
/// When a page states the total, the pages still to come are known: they are fetched up to
/// `concurrency` at once (an account's `limits.listConcurrency`, core/src/capabilities.rs) and
/// appended in page order, so a long list costs about two round trips instead of one per page.
/// The page size is what the first page held, not `per_page`, so a provider that ignores the page
/// size is paged in its own size. A wave that falls short of the total (items deleted meanwhile)
/// is followed by another from the next page number; page numbers only grow, so the list ends by
/// [`MAX_PAGES`] whatever the provider answers. Without a total, pages follow one another.
pub async fn collect_numbered<T, F, Fut>(per_page: u32, concurrency: usize, mut fetch: F) -> Result<Vec<T>>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<NumberedPage<T>>>,
{
    let last_page = MAX_PAGES as u64;
    let mut all = Vec::new();
    let mut next: u64 = 1;
    // Items on the first page: the provider's own page size.
    let mut size: Option<usize> = None;
    let mut total: Option<u64> = None;
    while next <= last_page {
        let wave = match (total, size) {
            (Some(t), Some(s)) if s > 0 => {
                let missing = t.saturating_sub(all.len() as u64);
                missing.div_ceil(s as u64).clamp(1, last_page - next + 1)
            }
            _ => 1,
        };
        let numbers = (next..next + wave).filter_map(|n| u32::try_from(n).ok());
        let mut pages = stream::iter(numbers).map(&mut fetch).buffered(concurrency.max(1));
        while let Some(page) = pages.try_next().await? {
            next += 1;
            let n = page.items.len();
            size.get_or_insert(n);
            if page.total.is_some() {
                total = page.total;
            }
            all.extend(page.items);
            let done = match total {
                Some(t) => all.len() as u64 >= t || n == 0,
                None => n < per_page as usize || n == 0,
            };
            if done {
                return Ok(all);
            }
        }
    }
    Err(Error::internal(format!(
        "pagination did not end after {MAX_PAGES} pages"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn cursor_pages_until_the_cursor_ends() {
        let data: Vec<i32> = (1..=5).collect();
        let got = collect_cursor(|cursor| {
            let data = data.clone();
            async move {
                let i: usize = cursor.map(|c| c.parse().unwrap()).unwrap_or(0);
                let next = (i + 1 < data.len()).then(|| (i + 1).to_string());
                Ok(CursorPage {
                    items: vec![data[i]],
                    next,
                })
            }
        })
        .await
        .unwrap();
        assert_eq!(got, vec![1, 2, 3, 4, 5]);
    }

    #[tokio::test]
    async fn a_stuck_cursor_ends_the_list() {
        let mut calls = 0;
        let got = collect_cursor(|_| {
            calls += 1;
            async {
                Ok(CursorPage {
                    items: vec![1],
                    next: Some("same".into()),
                })
            }
        })
        .await
        .unwrap();
        assert_eq!(got, vec![1, 1]);
        assert_eq!(calls, 2);
    }

    #[tokio::test]
    async fn numbered_pages_use_total_or_short_pages() {
        let got = collect_numbered(1, 1, |p| async move {
            Ok(NumberedPage {
                items: if p <= 3 { vec![p] } else { vec![] },
                total: Some(3),
            })
        })
        .await
        .unwrap();
        assert_eq!(got, vec![1, 2, 3]);
        let got = collect_numbered(2, 1, |p| async move {
            Ok(NumberedPage {
                items: if p == 1 { vec![1, 2] } else { vec![3] },
                total: None,
            })
        })
        .await
        .unwrap();
        assert_eq!(got, vec![1, 2, 3]);
    }

    /// Requests in flight and the most seen at once, counted by the fake provider.
    #[derive(Default)]
    struct InFlight {
        now: std::cell::Cell<usize>,
        peak: std::cell::Cell<usize>,
        calls: std::cell::RefCell<Vec<u32>>,
    }

    impl InFlight {
        /// One page of `total` items in pages of `size`, answered after `yields` turns of the
        /// scheduler, so that the pages fetched at once overlap (and later ones may finish first).
        async fn page(&self, p: u32, size: u32, total: u32, yields: u32) -> Result<NumberedPage<u32>> {
            self.calls.borrow_mut().push(p);
            self.now.set(self.now.get() + 1);
            self.peak.set(self.peak.get().max(self.now.get()));
            for _ in 0..yields {
                tokio::task::yield_now().await;
            }
            self.now.set(self.now.get() - 1);
            let first = (p - 1) * size + 1;
            Ok(NumberedPage {
                items: (first..=(p * size).min(total)).collect(),
                total: Some(u64::from(total)),
            })
        }
    }

    #[tokio::test]
    async fn pages_after_a_stated_total_are_fetched_at_once_and_kept_in_order() {
        let seen = InFlight::default();
        // 10 pages of 3; later pages answer sooner, so order is kept by the helper, not by luck.
        let got = collect_numbered(3, 4, |p| seen.page(p, 3, 29, 12 - p))
            .await
            .unwrap();
        assert_eq!(got, (1..=29).collect::<Vec<u32>>());
        assert_eq!(
            *seen.calls.borrow(),
            (1..=10).collect::<Vec<u32>>(),
            "each page once"
        );
        assert_eq!(seen.peak.get(), 4, "four pages in flight, never more");
    }

    #[tokio::test]
    async fn a_concurrency_of_one_or_zero_pages_one_after_another() {
        for width in [0, 1] {
            let seen = InFlight::default();
            let got = collect_numbered(2, width, |p| seen.page(p, 2, 7, 2))
                .await
                .unwrap();
            assert_eq!(got.len(), 7);
            assert_eq!(seen.peak.get(), 1);
        }
    }

    #[tokio::test]
    async fn a_failing_page_fails_the_list() {
        let seen = InFlight::default();
        let r = collect_numbered(1, 8, |p| {
            let page = seen.page(p, 1, 6, 1);
            async move {
                match p {
                    4 => Err(Error::internal("page 4 broke")),
                    _ => page.await,
                }
            }
        })
        .await;
        assert!(r.unwrap_err().to_string().contains("page 4 broke"));
    }

    #[tokio::test]
    async fn a_provider_ignoring_the_page_size_is_paged_in_its_own() {
        // Asked for 2 per page, it sends 5: three pages make the 12, no fourth is asked for.
        let seen = InFlight::default();
        let got = collect_numbered(2, 8, |p| seen.page(p, 5, 12, 1)).await.unwrap();
        assert_eq!(got, (1..=12).collect::<Vec<u32>>());
        assert_eq!(*seen.calls.borrow(), vec![1, 2, 3]);
        // Everything on every page (page number ignored too): the first page is the list.
        let mut calls = 0;
        let got = collect_numbered(2, 8, |_| {
            calls += 1;
            async {
                Ok(NumberedPage {
                    items: vec![1, 2, 3],
                    total: Some(3),
                })
            }
        })
        .await
        .unwrap();
        assert_eq!((got.len(), calls), (3, 1));
    }

    #[tokio::test]
    async fn an_overstated_total_ends_at_the_first_empty_page_and_a_huge_one_at_the_limit() {
        let got = collect_numbered(2, 4, |p| async move {
            Ok(NumberedPage {
                items: if p <= 2 { vec![p; 2] } else { vec![] },
                total: Some(40),
            })
        })
        .await
        .unwrap();
        assert_eq!(got, vec![1, 1, 2, 2]);
        let mut calls = 0u64;
        let r = collect_numbered(1, 16, |p| {
            calls += 1;
            async move {
                Ok(NumberedPage {
                    items: vec![p],
                    total: Some(u64::MAX),
                })
            }
        })
        .await;
        assert!(r.is_err());
        assert_eq!(calls, MAX_PAGES as u64, "never past the page limit");
    }

    #[tokio::test]
    async fn errors_propagate() {
        let r: Result<Vec<i32>> = collect_cursor(|_| async {
            Err(Error::NotFound {
                account: None,
                message: "x".into(),
            })
        })
        .await;
        assert!(r.is_err());
    }
}
