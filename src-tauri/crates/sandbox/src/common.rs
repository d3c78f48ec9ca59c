//! Pieces the token-authenticated simulators (Cloudzy, LetsCloud) share.

use axum::http::HeaderMap;

/// The caller's `api-token` header (both providers use that name, case-insensitively), trimmed;
/// `None` when it is missing, not text, or blank.
pub(crate) fn api_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("api-token")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Serves `router` on a free loopback port for a test and returns its base URL (`http://ADDR`).
#[cfg(test)]
pub(crate) async fn serve_on_loopback(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    format!("http://{addr}")
}
