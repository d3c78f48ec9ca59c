//! Proxy variables must never route loopback traffic (a local LXD daemon, the sandbox) through a
//! proxy. This is its own test binary because it sets process-wide environment variables: no other
//! test runs in this process.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use fleetdeck_core::http::{HttpClient, HttpSettings, Request};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn proxy_variables_never_route_loopback_traffic() {
    // The "proxy": counts every connection and answers 502 so a proxied request is visible.
    let proxy = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy_addr = proxy.local_addr().unwrap();
    let proxied = Arc::new(AtomicUsize::new(0));
    let seen = proxied.clone();
    let proxy_task = tokio::spawn(async move {
        while let Ok((mut s, _)) = proxy.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf).await;
            let _ = s
                .write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .await;
        }
    });
    // The real server on loopback.
    let mut server = mockito::Server::new_async().await;
    let hit = server
        .mock("GET", "/1.0")
        .with_body("{}")
        .expect(1)
        .create_async()
        .await;
    let proxy_url = format!("http://{proxy_addr}");
    for name in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        std::env::set_var(name, &proxy_url);
    }
    for name in ["NO_PROXY", "no_proxy"] {
        std::env::remove_var(name);
    }
    let settings = HttpSettings {
        timeout: Duration::from_secs(5),
        max_retries: 0,
        ..Default::default()
    };
    let client = HttpClient::new("home-lxd", &server.url(), settings).unwrap();
    let resp = client.send(Request::get("/1.0")).await.unwrap();
    assert_eq!(resp.status, 200, "the loopback request went to the proxy");
    hit.assert_async().await;
    assert_eq!(
        proxied.load(Ordering::SeqCst),
        0,
        "the proxy received a loopback request"
    );
    proxy_task.abort();
}
