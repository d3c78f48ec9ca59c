//! Pagination helpers (docs/design-rules.md rule 6: every list is complete). Both stop on an empty page, on a
//! cursor that does not move, and after a hard page limit, so a misbehaving API cannot loop forever.

use std::future::Future;

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

/// Fetch every page of a page-numbered list (1-based), `per_page` items per page.
/// Ends when the stated total is reached, or on a short or empty page when no total is given.
pub async fn collect_numbered<T, F, Fut>(per_page: u32, mut fetch: F) -> Result<Vec<T>>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<NumberedPage<T>>>,
{
    let mut all = Vec::new();
    for page_no in 1..=MAX_PAGES as u32 {
        let page = fetch(page_no).await?;
        let n = page.items.len();
        all.extend(page.items);
        let done = match page.total {
            Some(total) => all.len() as u64 >= total || n == 0,
            None => n < per_page as usize || n == 0,
        };
        if done {
            return Ok(all);
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
        let got = collect_numbered(1, |p| async move {
            Ok(NumberedPage {
                items: if p <= 3 { vec![p] } else { vec![] },
                total: Some(3),
            })
        })
        .await
        .unwrap();
        assert_eq!(got, vec![1, 2, 3]);
        let got = collect_numbered(2, |p| async move {
            Ok(NumberedPage {
                items: if p == 1 { vec![1, 2] } else { vec![3] },
                total: None,
            })
        })
        .await
        .unwrap();
        assert_eq!(got, vec![1, 2, 3]);
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
