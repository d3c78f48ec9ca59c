//! Numbered lists at their critical path: once the first page states the total, the other pages
//! go `limits.listConcurrency` at a time (docs/wire-decisions.md, "List concurrency") and never
//! more, each asked for once, kept in page order. The server holds those pages back until a batch
//! of that width is in flight, so the counts below need no timing.

mod common;

use std::sync::Arc;

use common::*;
use fleetdeck_core::job::ManualClock;
use fleetdeck_core::{ErrorCode, SnapshotApi};
use fleetdeck_provider_cloudzy::{capabilities, connect_typed, Cloudzy, PollTuning};
use fleetdeck_sandbox::testing::{Answer, CountingServer, Hold};
use serde_json::json;

fn param(query: &str, name: &str) -> Option<u32> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| v.parse().ok())
}

/// `/v1/snapshots` of `total` snapshots (`s-1`…) in pages of `size` — `None`: of the asked
/// `per_page` —, every page stating the total; the page `broken` answers 403.
fn snapshots(total: u32, size: Option<u32>, broken: Option<u32>) -> Answer {
    Arc::new(move |path: &str, query: &str| {
        if path != "/v1/snapshots" {
            return (404, failed(404, "not found"));
        }
        let page = param(query, "page").unwrap_or(1);
        if Some(page) == broken {
            return (403, failed(403, "forbidden"));
        }
        let size = size.or(param(query, "per_page")).unwrap_or(100);
        let items: Vec<_> = ((page - 1) * size + 1..=(page * size).min(total))
            .map(|n| snapshot(&format!("s-{n}"), "i-1", "ACTIVE", i64::from(n)))
            .collect();
        (200, ok(json!({"snapshots": items, "total": total})))
    })
}

/// Holds every page after the first.
fn later_pages(width: usize, expected: usize) -> Hold {
    Hold {
        matches: Arc::new(|_: &str, query: &str| param(query, "page").is_some_and(|p| p > 1)),
        width,
        expected,
    }
}

async fn typed(server: &CountingServer, page_size: u32) -> Arc<Cloudzy> {
    connect_typed(
        context(server.url(), Arc::new(ManualClock::new(start())), fast_http()),
        PollTuning {
            page_size,
            ..tuning()
        },
    )
    .await
    .unwrap()
}

fn pages_asked(server: &CountingServer) -> Vec<u32> {
    server
        .requests()
        .iter()
        .filter_map(|r| r.split_once('?').and_then(|(_, q)| param(q, "page")))
        .collect()
}

#[tokio::test]
async fn pages_after_the_first_go_as_wide_as_the_limit_and_no_wider() {
    let width = capabilities().limits.list_width();
    assert!(width > 1, "Cloudzy's numbered pages are fetched concurrently");
    // Pages of one: page 1 alone, then two full batches and a remainder.
    let total = 1 + 2 * width as u32 + 3;
    let server = CountingServer::start(
        snapshots(total, None, None),
        Some(later_pages(width, total as usize - 1)),
    )
    .await
    .unwrap();
    let c = typed(&server, 1).await;
    let got = c.list_snapshots(None).await.unwrap();
    let ids: Vec<String> = got.iter().map(|s| s.id.clone()).collect();
    let expected: Vec<String> = (1..=total).map(|n| format!("s-{n}")).collect();
    assert_eq!(ids, expected, "complete and in page order");
    let mut asked = pages_asked(&server);
    assert_eq!(asked[0], 1, "the first page goes first, alone");
    asked.sort_unstable();
    assert_eq!(asked, (1..=total).collect::<Vec<u32>>(), "every page once");
    assert_eq!(
        server.peak(),
        width,
        "{width} pages in flight at once: as wide as allowed, never wider"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_failing_page_fails_the_listing_naming_the_account() {
    let server = CountingServer::start(snapshots(9, None, Some(6)), None)
        .await
        .unwrap();
    let c = typed(&server, 1).await;
    let e = c.list_snapshots(None).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden);
    assert!(e.to_string().contains(ACCOUNT), "{e}");
    server.shutdown().await;
}

#[tokio::test]
async fn a_provider_ignoring_the_page_size_still_ends() {
    // Asked for 1 per page, it sends 5: pages 1 to 3 make the 13, and nothing more is asked.
    let server = CountingServer::start(snapshots(13, Some(5), None), None)
        .await
        .unwrap();
    let c = typed(&server, 1).await;
    let got = c.list_snapshots(None).await.unwrap();
    assert_eq!(got.len(), 13);
    assert_eq!(got.last().map(|s| s.id.as_str()), Some("s-13"));
    let mut asked = pages_asked(&server);
    asked.sort_unstable();
    assert_eq!(asked, vec![1, 2, 3]);
    server.shutdown().await;
}
