//! Backup download (`GET /1.0/instances/<name>/backups/<backup>/export`): the file is streamed to
//! a temporary name next to the target and appears under the target's name only when complete
//! (core/src/download.rs); errors are the LXD envelope's; vz has no backups.

mod common;

use std::path::Path;
use std::sync::Mutex;

use common::*;
use fleetdeck_core::download::DownloadTarget;
use fleetdeck_core::{ErrorCode, LxdFlavour};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A gzip member's first bytes and then filler: what the test checks is that every byte arrives.
fn tarball(len: usize) -> Vec<u8> {
    let mut b = vec![0x1f, 0x8b, 0x08, 0x00];
    b.extend((0..len - 4).map(|i| (i % 251) as u8));
    b
}

#[tokio::test]
async fn export_is_saved_with_progress() {
    let mut h = Harness::new().await;
    let body = tarball(300_000);
    let export = h
        .mock("GET", "/1.0/instances/c1/backups/b1/export")
        .with_header("content-type", "application/octet-stream")
        .with_body(&body)
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let dir = tempfile::tempdir().unwrap();
    let target = DownloadTarget::new(dir.path().join("c1-b1.tar.gz"), false);
    let seen = Mutex::new(Vec::new());
    let progress = |done: u64, total: Option<u64>| seen.lock().unwrap().push((done, total));
    let n = p
        .backups()
        .unwrap()
        .download_backup("c1/b1", &target, &progress)
        .await
        .unwrap();
    export.assert_async().await;
    assert_eq!(n, body.len() as u64);
    assert_eq!(std::fs::read(&target.path).unwrap(), body);
    assert_eq!(entries(dir.path()), vec!["c1-b1.tar.gz"]);
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.first(), Some(&(0, Some(300_000))));
    assert_eq!(seen.last(), Some(&(300_000, Some(300_000))));
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");

    // The same name again: refused before any request, the file untouched.
    let again = p
        .backups()
        .unwrap()
        .download_backup("c1/b1", &target, &|_, _| {})
        .await
        .unwrap_err();
    assert_eq!(again.code(), ErrorCode::Conflict, "{again}");
    export.expect(1).assert_async().await;
    // Asked to replace it: replaced.
    let replace = DownloadTarget::new(&target.path, true);
    p.backups()
        .unwrap()
        .download_backup("c1/b1", &replace, &|_, _| {})
        .await
        .unwrap();
    assert_eq!(entries(dir.path()), vec!["c1-b1.tar.gz"]);
}

#[tokio::test]
async fn error_envelope_leaves_no_file() {
    let mut h = Harness::new().await;
    h.mock("GET", "/1.0/instances/c1/backups/gone/export")
        .with_status(404)
        .with_body(error(404, "Backup not found"))
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let dir = tempfile::tempdir().unwrap();
    let target = DownloadTarget::new(dir.path().join("x.tar.gz"), false);
    let e = p
        .backups()
        .unwrap()
        .download_backup("c1/gone", &target, &|_, _| {})
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound, "{e}");
    assert!(e.to_string().contains("Backup not found"), "{e}");
    assert!(entries(dir.path()).is_empty());
}

#[tokio::test]
async fn bad_ids_and_targets_send_nothing() {
    let mut h = Harness::new().await;
    let none = h
        .server
        .mock("GET", mockito::Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let p = h.client(LxdFlavour::Lxd).await;
    let dir = tempfile::tempdir().unwrap();
    let b = p.backups().unwrap();
    let ok = DownloadTarget::new(dir.path().join("x.tar"), false);
    for bad in ["c1", "c1/../x", "c1/a?b"] {
        let e = b.download_backup(bad, &ok, &|_, _| {}).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{bad}: {e}");
    }
    let missing_dir = DownloadTarget::new(dir.path().join("no/such/x.tar"), false);
    assert!(b
        .download_backup("c1/b1", &missing_dir, &|_, _| {})
        .await
        .is_err());
    none.assert_async().await;
}

#[tokio::test]
async fn vz_has_no_backup_download() {
    let h = Harness::new().await;
    let p = h.client(LxdFlavour::Vz).await;
    assert!(!p.capabilities().backups.download);
    assert!(p.backups().is_none());
    let lxd = h.client(LxdFlavour::Lxd).await;
    assert!(lxd.capabilities().backups.download);
}

/// A server that announces more bytes than it sends, then closes the connection.
async fn truncating_server(announced: usize, sent: usize) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 4096];
        let _ = sock.read(&mut buf).await;
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {announced}\r\n\r\n"
        );
        sock.write_all(head.as_bytes()).await.unwrap();
        sock.write_all(&tarball(sent)).await.unwrap();
        sock.flush().await.unwrap();
        // Dropping the socket cuts the body short.
    });
    (url, task)
}

#[tokio::test]
async fn truncated_body_leaves_no_file() {
    let (url, server) = truncating_server(100_000, 40_000).await;
    let p = client_with(
        &url,
        settings(LxdFlavour::Lxd),
        bearer(),
        std::sync::Arc::new(fleetdeck_core::job::SystemClock),
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = DownloadTarget::new(dir.path().join("cut.tar.gz"), false);
    let last = Mutex::new(0u64);
    let e = p
        .backups()
        .unwrap()
        .download_backup("c1/b1", &target, &|d, _| *last.lock().unwrap() = d)
        .await
        .unwrap_err();
    server.await.unwrap();
    assert_eq!(e.code(), ErrorCode::Network, "{e}");
    assert!(*last.lock().unwrap() <= 40_000);
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
}
