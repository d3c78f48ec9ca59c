//! A vz listing at its critical path: the ids, then every detail as wide as the account's
//! `limits.listConcurrency` allows (docs/wire-decisions.md, "List concurrency") and never wider,
//! complete and in the order of the ids. The server holds the details back until a batch of that
//! width is in flight, so the counts below need no timing.

mod common;

use std::sync::Arc;

use common::*;
use fleetdeck_core::job::ManualClock;
use fleetdeck_core::LxdFlavour;
use fleetdeck_provider_lxd::capabilities_for;
use fleetdeck_sandbox::testing::{Answer, CountingServer, Hold};
use serde_json::json;

/// A vz daemon of `count` containers (ids 1001…): `/1.0/vz` lists them, `/1.0/vz/<id>` answers the
/// detail, or 403 for the id `broken`.
fn vz_daemon(count: u32, broken: Option<u32>) -> Answer {
    Arc::new(move |path: &str, _query: &str| {
        if path == "/1.0/vz" {
            let ids: Vec<u32> = (1001..1001 + count).collect();
            return (200, vz_sync(json!(ids)));
        }
        match path
            .strip_prefix("/1.0/vz/")
            .and_then(|id| id.parse::<u32>().ok())
        {
            Some(id) if Some(id) == broken => (403, error(403, "forbidden")),
            Some(id) => (
                200,
                vz_sync(
                    json!({"hostname": format!("ct-{id}"), "config": {"limits.cpus": "1"},
                               "status": {"status": "Running", "status_code": 103}}),
                ),
            ),
            None => (404, error(404, "not found")),
        }
    })
}

fn details(width: usize, expected: usize) -> Hold {
    Hold {
        matches: Arc::new(|path: &str, _: &str| path.starts_with("/1.0/vz/")),
        width,
        expected,
    }
}

async fn vz_client(server: &CountingServer) -> Arc<dyn fleetdeck_core::Provider> {
    client_with(
        server.url(),
        settings(LxdFlavour::Vz),
        bearer(),
        Arc::new(ManualClock::new(start())),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn vz_details_go_as_wide_as_the_limit_and_no_wider() {
    let width = capabilities_for(LxdFlavour::Vz).limits.list_width();
    assert!(width > 8, "the vz width is the capability's, not a fixed 8");
    // Two full batches and a remainder.
    let count = 2 * width as u32 + 7;
    let server = CountingServer::start(vz_daemon(count, None), Some(details(width, count as usize)))
        .await
        .unwrap();
    let client = vz_client(&server).await;
    let servers = client.servers().list_servers().await.unwrap();
    let ids: Vec<String> = servers.iter().map(|s| s.id.clone()).collect();
    let expected: Vec<String> = (1001..1001 + count).map(|i| i.to_string()).collect();
    assert_eq!(ids, expected, "complete and in the order of the ids");
    assert_eq!(servers[0].name, "ct-1001");
    let requests = server.requests();
    assert_eq!(requests.iter().filter(|r| *r == "/1.0/vz").count(), 1);
    for id in &expected {
        let path = format!("/1.0/vz/{id}");
        assert_eq!(requests.iter().filter(|r| **r == path).count(), 1, "{path} once");
    }
    assert_eq!(requests.len(), count as usize + 1, "nothing else was asked");
    assert_eq!(
        server.peak(),
        width,
        "{width} details in flight at once: as wide as allowed, never wider"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_failing_detail_fails_the_listing_naming_the_account() {
    let width = capabilities_for(LxdFlavour::Vz).limits.list_width();
    let count = width as u32 + 20;
    let server = CountingServer::start(vz_daemon(count, Some(1050)), None)
        .await
        .unwrap();
    let client = vz_client(&server).await;
    let e = client.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), fleetdeck_core::ErrorCode::Forbidden);
    assert!(e.to_string().contains(ACCOUNT), "{e}");
    server.shutdown().await;
}
