//! The HTTP transport every provider client uses: one [`HttpClient`] per account.
//!
//! Invariants (docs/design-rules.md rules 7 and 10):
//! - only idempotent requests are retried (GET/HEAD by default, or those marked idempotent), on
//!   429, 5xx, time-outs and connection failures, with jittered exponential backoff that honours
//!   `Retry-After`; a write is sent exactly once;
//! - every request waits for the account's rate budget first;
//! - transport failures become [`Error::Network`] naming the account, never a panic;
//! - secret headers are marked sensitive and nothing here logs headers or bodies; `Debug` of a
//!   [`Request`] or [`Response`] shows a body's length, never its content;
//! - plain `http://` is allowed only to loopback addresses, and an endpoint never carries
//!   credentials, a query or a fragment ([`validate_endpoint`]);
//! - redirects are never followed: a 3xx answer is an error naming the account and the target, so
//!   a token header or a password body can never travel to another scheme, host or port (no
//!   provider redirects (docs/wire-decisions.md, "What the code relies on"); LXD's 202 + `Location` is no
//!   redirect);
//! - a response body is read up to [`HttpSettings::max_body_bytes`] and no further;
//! - proxy variables (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`) apply to remote hosts
//!   only: loopback traffic (a local LXD daemon, the sandbox) never goes through a proxy;
//! - an error message quotes no body of a request marked [`Request::sensitive_answer`] (logins,
//!   password resets, orders with a password), and redacts secret-looking fields of any other.

use std::collections::VecDeque;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use backon::{BackoffBuilder, ExponentialBuilder};
use chrono::{DateTime, Utc};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

use crate::error::{Error, Result};
use crate::job::{Clock, SystemClock};

/// Longest `Retry-After` the client waits for by itself; a longer one is returned to the caller.
const MAX_AUTOMATIC_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Tunables of one account's client. The defaults suit real providers; tests shrink the delays.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Whole-request time-out.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Retries after the first attempt, for idempotent requests only.
    pub max_retries: usize,
    pub retry_min_delay: Duration,
    pub retry_max_delay: Duration,
    /// At most this many requests per `rate_period` (e.g. LetsCloud: 5,000 per hour).
    pub rate_limit: Option<(u32, Duration)>,
    pub user_agent: String,
    /// The longest response body read; a longer one is an error naming the account.
    pub max_body_bytes: usize,
}

/// The default [`HttpSettings::max_body_bytes`]: far above any provider list, far below harm.
pub const DEFAULT_MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_retries: 3,
            retry_min_delay: Duration::from_millis(500),
            retry_max_delay: Duration::from_secs(20),
            rate_limit: None,
            user_agent: format!("Fleetdeck/{}", env!("CARGO_PKG_VERSION")),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

/// What the account's rate budget looks like, from the provider's headers when it sends them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RateStatus {
    pub limit: Option<u32>,
    pub remaining: Option<u32>,
    pub reset_at: Option<DateTime<Utc>>,
    /// `true` when `limit`/`remaining` come from the provider's headers, `false` when counted locally.
    pub from_headers: bool,
    /// Requests this client sent in the last hour.
    pub used_last_hour: u32,
}

/// A request body. `Debug` shows its kind and size only (it may hold a password).
#[derive(Clone)]
pub enum Body {
    Empty,
    Json(serde_json::Value),
    /// `application/x-www-form-urlencoded`; repeated names allowed (`name[]=a&name[]=b`).
    Form(Vec<(String, String)>),
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Body::Empty => f.write_str("Empty"),
            Body::Json(v) => write!(f, "Json({} bytes)", v.to_string().len()),
            Body::Form(pairs) => write!(f, "Form({} fields)", pairs.len()),
        }
    }
}

/// A request to send through [`HttpClient::send`]. `path` is relative to the account's base URL.
#[derive(Clone)]
pub struct Request {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Body,
    pub idempotent: bool,
    pub timeout: Option<Duration>,
    /// The answer may hold a secret (a session token, a new root password): error messages never
    /// quote its body. Set with [`Request::sensitive_answer`].
    pub sensitive_answer: bool,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let query: Vec<&str> = self.query.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query_names", &query)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("idempotent", &self.idempotent)
            .field("sensitive_answer", &self.sensitive_answer)
            .finish()
    }
}

impl Request {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        let idempotent = matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Body::Empty,
            idempotent,
            timeout: None,
            sensitive_answer: false,
        }
    }
    pub fn get(path: impl Into<String>) -> Self {
        Self::new(Method::GET, path)
    }
    pub fn post(path: impl Into<String>) -> Self {
        Self::new(Method::POST, path)
    }
    pub fn put(path: impl Into<String>) -> Self {
        Self::new(Method::PUT, path)
    }
    pub fn patch(path: impl Into<String>) -> Self {
        Self::new(Method::PATCH, path)
    }
    pub fn delete(path: impl Into<String>) -> Self {
        Self::new(Method::DELETE, path)
    }

    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds the pair only when `value` is `Some`.
    pub fn query_opt(self, name: impl Into<String>, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.query(name, v),
            None => self,
        }
    }

    pub fn json(mut self, body: serde_json::Value) -> Self {
        self.body = Body::Json(body);
        self
    }

    pub fn form(mut self, pairs: Vec<(String, String)>) -> Self {
        self.body = Body::Form(pairs);
        self
    }

    /// A plain header. Invalid names or values are dropped (they come from code, not input).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(n), Ok(v)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            self.headers.insert(n, v);
        }
        self
    }

    /// A header holding a secret: marked sensitive so `Debug` and HTTP/2 indexing leave it out.
    pub fn secret_header(mut self, name: &str, value: &SecretString) -> Self {
        if let (Ok(n), Ok(mut v)) = (
            HeaderName::try_from(name),
            HeaderValue::try_from(value.expose_secret()),
        ) {
            v.set_sensitive(true);
            self.headers.insert(n, v);
        }
        self
    }

    /// `Authorization: Bearer <token>`, sensitive.
    pub fn bearer(self, token: &SecretString) -> Self {
        let value = SecretString::from(format!("Bearer {}", token.expose_secret()));
        self.secret_header("authorization", &value)
    }

    /// Override the method's default: mark a write safe to repeat (or a read unsafe).
    pub fn idempotent(mut self, yes: bool) -> Self {
        self.idempotent = yes;
        self
    }

    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }

    /// Mark the answer as possibly holding a secret (login, token refresh, password reset, an
    /// order that returns or echoes a password): its body is never quoted in an error message.
    pub fn sensitive_answer(mut self) -> Self {
        self.sensitive_answer = true;
        self
    }

    /// `METHOD /path` for messages (no query: it may hold filters but never secrets, still keep short).
    pub fn describe(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// A response as received: status, headers and the whole body. `Debug` shows the body's length only.
#[derive(Clone)]
pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
    /// `METHOD /path` of the request that produced it.
    pub request: String,
    /// The request was marked [`Request::sensitive_answer`]: the body is never quoted.
    pub sensitive: bool,
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("request", &self.request)
            .field("headers", &self.headers)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

impl Response {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `Retry-After` delay, in seconds or as an HTTP date.
    pub fn retry_after(&self) -> Option<Duration> {
        parse_retry_after(self.headers.get(RETRY_AFTER)?.to_str().ok()?)
    }

    /// The body as JSON; an empty body reads as `null`.
    pub fn json_value(&self) -> std::result::Result<serde_json::Value, serde_json::Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(serde_json::Value::Null);
        }
        serde_json::from_slice(&self.body)
    }

    /// The body as text for error messages, cut to `max` characters: nothing of a sensitive
    /// answer (only its size), and a JSON body without its secret-looking fields
    /// ([`crate::lenient::is_secret_key`]).
    pub fn text_excerpt(&self, max: usize) -> String {
        if self.sensitive {
            return if self.body.is_empty() {
                String::new()
            } else {
                format!(
                    "({} bytes withheld: the answer may hold a secret)",
                    self.body.len()
                )
            };
        }
        let s = match serde_json::from_slice::<serde_json::Value>(&self.body) {
            Ok(v) => crate::lenient::without_keys(&v, &crate::lenient::is_secret_key).to_string(),
            Err(_) => String::from_utf8_lossy(&self.body).into_owned(),
        };
        let s = s.trim();
        if s.chars().count() > max {
            format!("{}…", s.chars().take(max).collect::<String>())
        } else {
            s.to_owned()
        }
    }

    /// `METHOD /path answered HTTP STATUS`, followed by `: ` and up to 200 characters of the body
    /// when there is one (see [`Response::text_excerpt`] for what is withheld): the message of an error answer the provider's envelope cannot explain
    /// (a body that is not JSON, such as a proxy's HTML page).
    pub fn status_message(&self) -> String {
        let excerpt = self.text_excerpt(200);
        if excerpt.is_empty() {
            format!("{} answered HTTP {}", self.request, self.status)
        } else {
            format!("{} answered HTTP {}: {excerpt}", self.request, self.status)
        }
    }

    /// The error of a non-2xx answer whose body is not JSON: [`error_from_status`] with
    /// [`Response::status_message`] and the answer's `Retry-After`.
    pub fn status_error(&self, account: &str) -> Error {
        error_from_status(account, self.status, self.status_message(), self.retry_after())
    }
}

/// A 2xx answer whose body is read chunk by chunk ([`HttpClient::send_streaming`]).
pub struct ByteStream {
    pub status: u16,
    pub headers: HeaderMap,
    /// `Content-Length`, when the server announced it.
    pub total: Option<u64>,
    /// The body; a transport failure or stall mid-body is an [`Error::Network`] item.
    pub chunks: futures::stream::BoxStream<'static, Result<bytes::Bytes>>,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

/// What [`HttpClient::send_streaming`] answers: the body as a stream (2xx), or the whole
/// non-2xx response for the provider's error mapping.
#[derive(Debug)]
pub enum StreamedAnswer {
    Stream(ByteStream),
    Complete(Response),
}

fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = DateTime::parse_from_rfc2822(v).ok()?;
    (at.with_timezone(&Utc) - Utc::now()).to_std().ok()
}

/// One account's HTTP client: base URL, time-outs, retries, rate budget.
pub struct HttpClient {
    inner: reqwest::Client,
    base: Url,
    account: String,
    settings: HttpSettings,
    clock: Arc<dyn Clock>,
    limiter: Option<DefaultDirectRateLimiter>,
    rate: Mutex<RateBook>,
}

#[derive(Default)]
struct RateBook {
    sent: VecDeque<Instant>,
    limit: Option<u32>,
    remaining: Option<u32>,
    reset_at: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("account", &self.account)
            .field("base", &self.base.as_str())
            .finish()
    }
}

impl HttpClient {
    /// A client with the default TLS setup (rustls, webpki roots).
    pub fn new(account: impl Into<String>, base: &str, settings: HttpSettings) -> Result<Self> {
        let builder = Self::builder(&settings);
        let inner = builder
            .build()
            .map_err(|e| Error::internal(format!("HTTP client: {e}")))?;
        Self::with_client(inner, account, base, settings)
    }

    /// The reqwest builder with this crate's time-outs and user agent, for providers that need to add
    /// TLS specifics (client certificates, a pinned server certificate) before building.
    pub fn builder(settings: &HttpSettings) -> reqwest::ClientBuilder {
        reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.connect_timeout)
            .user_agent(settings.user_agent.clone())
            .https_only(false)
            .redirect(reqwest::redirect::Policy::none())
            .proxy(
                reqwest::Proxy::custom(|url: &Url| proxy_for(url, &|name| std::env::var(name).ok()))
                    .no_proxy(reqwest::NoProxy::from_env()),
            )
    }

    /// Wrap a reqwest client the provider built itself, from [`HttpClient::builder`] (which sets
    /// the redirect and proxy policies this module's invariants rely on).
    pub fn with_client(
        inner: reqwest::Client,
        account: impl Into<String>,
        base: &str,
        settings: HttpSettings,
    ) -> Result<Self> {
        let base = validate_endpoint(base)?;
        let limiter = settings.rate_limit.and_then(|(n, period)| {
            let n = NonZeroU32::new(n)?;
            let quota = Quota::with_period(period / n.get())?.allow_burst(n);
            Some(RateLimiter::direct(quota))
        });
        Ok(HttpClient {
            inner,
            base,
            account: account.into(),
            settings,
            clock: Arc::new(SystemClock),
            limiter,
            rate: Mutex::new(RateBook::default()),
        })
    }

    /// Use another clock for retry pauses (tests).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn account(&self) -> &str {
        &self.account
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    /// The full URL of a path relative to the base (which keeps its own path prefix).
    pub fn url(&self, path: &str) -> Result<Url> {
        let mut url = self.base.clone();
        let prefix = url.path().trim_end_matches('/').to_owned();
        let (p, q) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path, None),
        };
        url.set_path(&format!("{prefix}/{}", p.trim_start_matches('/')));
        url.set_query(q);
        Ok(url)
    }

    /// Send a request, retrying it when it is idempotent and the failure is transient.
    /// HTTP error statuses are returned as responses: mapping them is the provider's job.
    pub async fn send(&self, req: Request) -> Result<Response> {
        let mut delays = ExponentialBuilder::default()
            .with_min_delay(self.settings.retry_min_delay)
            .with_max_delay(self.settings.retry_max_delay)
            .with_max_times(self.settings.max_retries)
            .with_jitter()
            .build();
        loop {
            if let Some(limiter) = &self.limiter {
                limiter.until_ready().await;
            }
            let outcome = self.send_once(&req).await;
            let retry_in = match &outcome {
                Ok(resp) if req.idempotent && (resp.status == 429 || resp.status >= 500) => {
                    match resp.retry_after() {
                        Some(d) if d > MAX_AUTOMATIC_RETRY_AFTER => None,
                        Some(d) => delays.next().map(|_| d),
                        None => delays.next(),
                    }
                }
                Err(e) if req.idempotent && e.is_transient() => delays.next(),
                _ => None,
            };
            match retry_in {
                Some(d) => {
                    tracing::debug!(account = %self.account, request = %req.describe(), delay_ms = d.as_millis() as u64, "retrying");
                    self.clock.sleep(d).await;
                }
                None => return outcome,
            }
        }
    }

    fn build(&self, req: &Request) -> Result<reqwest::RequestBuilder> {
        let url = self.url(&req.path)?;
        let mut builder = self
            .inner
            .request(req.method.clone(), url)
            .headers(req.headers.clone());
        if !req.query.is_empty() {
            builder = builder.query(&req.query);
        }
        if let Some(t) = req.timeout {
            builder = builder.timeout(t);
        }
        Ok(match &req.body {
            Body::Empty => builder,
            Body::Json(v) => builder.json(v),
            Body::Form(pairs) => builder.form(pairs),
        })
    }

    /// Send once (after the rate budget) and hand back a 2xx body as a stream of chunks, for files
    /// too large to hold in memory (LXD backup exports). Not retried: a retry after a partial body
    /// would need the caller to start its file again. A non-2xx answer is read whole (bounded by
    /// [`HttpSettings::max_body_bytes`]) so the provider can decode its error envelope; a 3xx is
    /// the same error as [`HttpClient::send`]'s. The request's own time-out bounds the whole
    /// transfer; a pause longer than the account's time-out between two chunks ends it.
    pub async fn send_streaming(&self, req: Request) -> Result<StreamedAnswer> {
        if let Some(limiter) = &self.limiter {
            limiter.until_ready().await;
        }
        let builder = self.build(&req)?;
        self.note_sent();
        let timeout = req.timeout.unwrap_or(self.settings.timeout);
        let resp = builder
            .send()
            .await
            .map_err(|e| self.network_error(&req, &e, timeout))?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        self.note_rate_headers(&headers);
        if (300..400).contains(&status) && status != 304 {
            return Err(self.redirect_error(&req, resp.url(), status, &headers));
        }
        if !(200..300).contains(&status) {
            let body = self.read_body(&req, resp, timeout).await?;
            return Ok(StreamedAnswer::Complete(Response {
                status,
                headers,
                body,
                request: req.describe(),
                sensitive: req.sensitive_answer,
            }));
        }
        let total = resp.content_length();
        let account = self.account.clone();
        let request = req.describe();
        let idle = self.settings.timeout;
        let chunks = futures::stream::try_unfold(resp, move |mut resp| {
            let account = account.clone();
            let request = request.clone();
            async move {
                let failed = |reason: String| Error::Network {
                    account: account.clone(),
                    message: format!("{request} {reason}"),
                };
                match tokio::time::timeout(idle, resp.chunk()).await {
                    Err(_) => Err(failed(format!(
                        "stalled: nothing received for {} s",
                        idle.as_secs_f32().ceil() as u64
                    ))),
                    Ok(Err(e)) if e.is_timeout() => Err(failed(format!(
                        "timed out after {} s",
                        timeout.as_secs_f32().ceil() as u64
                    ))),
                    Ok(Err(e)) => Err(failed(root_cause(&e))),
                    Ok(Ok(Some(chunk))) => Ok(Some((chunk, resp))),
                    Ok(Ok(None)) => Ok(None),
                }
            }
        });
        Ok(StreamedAnswer::Stream(ByteStream {
            status,
            headers,
            total,
            chunks: Box::pin(chunks),
        }))
    }

    async fn send_once(&self, req: &Request) -> Result<Response> {
        let builder = self.build(req)?;
        self.note_sent();
        let started = Instant::now();
        let timeout = req.timeout.unwrap_or(self.settings.timeout);
        let resp = builder
            .send()
            .await
            .map_err(|e| self.network_error(req, &e, timeout))?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        self.note_rate_headers(&headers);
        if (300..400).contains(&status) && status != 304 {
            return Err(self.redirect_error(req, resp.url(), status, &headers));
        }
        let body = self.read_body(req, resp, timeout).await?;
        tracing::debug!(account = %self.account, request = %req.describe(), status, elapsed_ms = started.elapsed().as_millis() as u64, "http");
        Ok(Response {
            status,
            headers,
            body,
            request: req.describe(),
            sensitive: req.sensitive_answer,
        })
    }

    /// The body, read chunk by chunk up to [`HttpSettings::max_body_bytes`].
    async fn read_body(
        &self,
        req: &Request,
        mut resp: reqwest::Response,
        timeout: Duration,
    ) -> Result<bytes::Bytes> {
        let max = self.settings.max_body_bytes;
        if resp.content_length().is_some_and(|n| n > max as u64) {
            return Err(self.too_long_error(req, resp.status().as_u16()));
        }
        let mut body = bytes::BytesMut::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| self.network_error(req, &e, timeout))?
        {
            if body.len() + chunk.len() > max {
                return Err(self.too_long_error(req, resp.status().as_u16()));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }

    fn too_long_error(&self, req: &Request, status: u16) -> Error {
        Error::Provider {
            account: self.account.clone(),
            status: Some(status),
            code: None,
            message: format!(
                "{} answered more than {} bytes; Fleetdeck stopped reading (the limit keeps a broken or hostile endpoint from filling memory)",
                req.describe(),
                self.settings.max_body_bytes
            ),
        }
    }

    /// A 3xx answer: never followed (see the module's invariants); the message names the target
    /// (scheme, host, port and path: a query could hold a token).
    fn redirect_error(&self, req: &Request, from: &Url, status: u16, headers: &HeaderMap) -> Error {
        let target = headers
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|l| from.join(l).ok())
            .map(|mut u| {
                let _ = u.set_username("");
                let _ = u.set_password(None);
                u.set_query(None);
                u.set_fragment(None);
                u.to_string()
            })
            .unwrap_or_else(|| "an unnamed address".into());
        Error::Provider {
            account: self.account.clone(),
            status: Some(status),
            code: None,
            message: format!(
                "{} was redirected (HTTP {status}) to {target}; Fleetdeck does not follow redirects, so credentials never travel to another address: check the account's endpoint",
                req.describe()
            ),
        }
    }

    fn network_error(&self, req: &Request, e: &reqwest::Error, timeout: Duration) -> Error {
        let reason = if e.is_timeout() {
            format!("timed out after {} s", timeout.as_secs_f32().ceil() as u64)
        } else if e.is_connect() {
            let host = self.base.host_str().unwrap_or("?");
            let port = self
                .base
                .port_or_known_default()
                .map(|p| format!(":{p}"))
                .unwrap_or_default();
            format!("could not connect to {host}{port} ({})", root_cause(e))
        } else {
            root_cause(e)
        };
        Error::Network {
            account: self.account.clone(),
            message: format!("{} {reason}", req.describe()),
        }
    }

    fn note_sent(&self) {
        let mut book = self.rate.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        while book
            .sent
            .front()
            .is_some_and(|t| now.duration_since(*t) > Duration::from_secs(3600))
        {
            book.sent.pop_front();
        }
        book.sent.push_back(now);
    }

    fn note_rate_headers(&self, headers: &HeaderMap) {
        let num = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| headers.get(*n)?.to_str().ok()?.trim().parse::<u64>().ok())
        };
        let limit = num(&["x-ratelimit-limit", "ratelimit-limit"]);
        let remaining = num(&["x-ratelimit-remaining", "ratelimit-remaining"]);
        let reset = num(&["x-ratelimit-reset", "ratelimit-reset"]);
        if limit.is_none() && remaining.is_none() {
            return;
        }
        let mut book = self.rate.lock().unwrap_or_else(|p| p.into_inner());
        book.limit = limit.map(|v| v.min(u64::from(u32::MAX)) as u32).or(book.limit);
        book.remaining = remaining.map(|v| v.min(u64::from(u32::MAX)) as u32);
        // RateLimit-Reset is delta seconds; X-RateLimit-Reset is usually an epoch: tell them apart by size.
        book.reset_at = reset.and_then(|r| {
            if r > 1_000_000_000 {
                DateTime::from_timestamp(i64::try_from(r).ok()?, 0)
            } else {
                Some(Utc::now() + chrono::Duration::seconds(i64::try_from(r).ok()?))
            }
        });
    }

    /// The account's rate budget as last seen.
    pub fn rate_status(&self) -> RateStatus {
        let book = self.rate.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let used = book
            .sent
            .iter()
            .filter(|t| now.duration_since(**t) <= Duration::from_secs(3600))
            .count();
        let used = u32::try_from(used).unwrap_or(u32::MAX);
        if book.limit.is_some() || book.remaining.is_some() {
            RateStatus {
                limit: book.limit,
                remaining: book.remaining,
                reset_at: book.reset_at,
                from_headers: true,
                used_last_hour: used,
            }
        } else {
            let limit = self.settings.rate_limit.map(|(n, _)| n);
            RateStatus {
                limit,
                remaining: limit.map(|l| l.saturating_sub(used)),
                reset_at: None,
                from_headers: false,
                used_last_hour: used,
            }
        }
    }
}

/// The innermost cause of a transport error, without the URL.
fn root_cause(e: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = e;
    while let Some(next) = source.source() {
        source = next;
    }
    let text = source.to_string();
    if text.is_empty() {
        "request failed".into()
    } else {
        text
    }
}

/// Map a non-2xx status to an error when the provider's envelope gave nothing more specific.
pub fn error_from_status(
    account: &str,
    status: u16,
    message: String,
    retry_after: Option<Duration>,
) -> Error {
    let account = account.to_owned();
    match status {
        401 => Error::Auth { account, message },
        403 => Error::Forbidden { account, message },
        404 | 410 => Error::NotFound {
            account: Some(account),
            message,
        },
        409 | 412 | 423 => Error::Conflict { account, message },
        422 => Error::Validation {
            account,
            message,
            fields: Vec::new(),
        },
        429 => Error::RateLimited { account, retry_after },
        _ => Error::Provider {
            account,
            status: Some(status),
            code: None,
            message,
        },
    }
}

/// The proxy of a request to `url` from the proxy variables `env` reads (`HTTPS_PROXY`,
/// `HTTP_PROXY`, `ALL_PROXY`, upper or lower case), or `None`: always `None` for a loopback host,
/// whatever the variables say. `NO_PROXY` is applied by reqwest on top ([`HttpClient::builder`]).
fn proxy_for(url: &Url, env: &dyn Fn(&str) -> Option<String>) -> Option<Url> {
    if is_loopback(url) {
        return None;
    }
    let var = |names: &[&str]| names.iter().find_map(|n| env(n).filter(|v| !v.trim().is_empty()));
    let per_scheme = match url.scheme() {
        "https" => var(&["HTTPS_PROXY", "https_proxy"]),
        // Under CGI, HTTP_PROXY may come from a request header ("httpoxy"): only the lower case counts.
        "http" if env("REQUEST_METHOD").is_some() => var(&["http_proxy"]),
        "http" => var(&["HTTP_PROXY", "http_proxy"]),
        _ => None,
    };
    let raw = per_scheme.or_else(|| var(&["ALL_PROXY", "all_proxy"]))?;
    let raw = raw.trim();
    Url::parse(raw)
        .ok()
        .filter(|u| u.has_host())
        .or_else(|| Url::parse(&format!("http://{raw}")).ok())
}

/// The endpoint as the user typed it, for messages, unless it may hold credentials (`user:pass@`).
fn shown_endpoint(raw: &str) -> String {
    if raw.contains('@') {
        "the endpoint".into()
    } else {
        format!("'{raw}'")
    }
}

/// Parse and check an endpoint URL: `https://` anywhere, `http://` only to a loopback address;
/// never with `user:pass@`, a query or a fragment (they would be kept and shown in plain text).
pub fn validate_endpoint(raw: &str) -> Result<Url> {
    let shown = shown_endpoint(raw);
    let url = Url::parse(raw.trim())
        .map_err(|e| Error::invalid_field("endpoint", format!("{shown} is not a valid URL ({e})")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid_field(
            "endpoint",
            "the endpoint must not contain a user name or password (user:pass@); enter credentials in their own fields",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::invalid_field(
            "endpoint",
            "the endpoint must not contain a query (?…) or a fragment (#…)",
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" => {
            if !is_loopback(&url) {
                return Err(Error::invalid_field(
                    "endpoint",
                    format!("'{raw}' uses plain http: only loopback addresses may; use https"),
                ));
            }
        }
        other => {
            return Err(Error::invalid_field(
                "endpoint",
                format!("'{raw}': unsupported scheme '{other}'"),
            ));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::invalid_field("endpoint", format!("'{raw}' has no host")));
    }
    Ok(url)
}

/// Whether `url` names this machine (`localhost`, 127.0.0.0/8, ::1): the only hosts plain `http://`
/// may reach (docs/design-rules.md).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::ManualClock;

    fn answer(status: u16, body: &'static str) -> Response {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        Response {
            status,
            headers,
            body: bytes::Bytes::from_static(body.as_bytes()),
            request: "GET /v1/servers".into(),
            sensitive: false,
        }
    }

    #[test]
    fn a_non_json_error_answer_is_named_by_its_status_and_body() {
        assert_eq!(
            answer(502, "").status_message(),
            "GET /v1/servers answered HTTP 502"
        );
        assert_eq!(
            answer(502, " <html>Bad gateway</html> ").status_message(),
            "GET /v1/servers answered HTTP 502: <html>Bad gateway</html>"
        );
        match answer(429, "slow down").status_error("acc") {
            Error::RateLimited { account, retry_after } => {
                assert_eq!(account, "acc");
                assert_eq!(retry_after, Some(Duration::from_secs(7)));
            }
            other => panic!("expected RateLimited, got {other:?}"),
        }
        assert!(matches!(
            answer(404, "gone").status_error("acc"),
            Error::NotFound { .. }
        ));
    }

    fn fast() -> HttpSettings {
        HttpSettings {
            retry_min_delay: Duration::from_millis(1),
            retry_max_delay: Duration::from_millis(5),
            timeout: Duration::from_secs(5),
            ..Default::default()
        }
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(validate_endpoint("http://127.0.0.1:8443").is_ok());
        assert!(validate_endpoint("http://[::1]:80/x").is_ok());
        assert!(validate_endpoint("http://localhost:1").is_ok());
        assert!(validate_endpoint("https://api.cloudzy.com/developers").is_ok());
        let e = validate_endpoint("http://api.cloudzy.com").unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::InvalidInput);
        assert!(e.to_string().contains("plain http"));
        assert!(validate_endpoint("ftp://x").is_err());
        assert!(validate_endpoint("not a url").is_err());
        assert!(validate_endpoint("http://10.0.0.1").is_err());
    }

    #[test]
    fn url_keeps_the_base_path() {
        let c = HttpClient::new("a", "https://api.cloudzy.com/developers", fast()).unwrap();
        assert_eq!(
            c.url("/v1/instances").unwrap().as_str(),
            "https://api.cloudzy.com/developers/v1/instances"
        );
        let c = HttpClient::new("a", "https://core.letscloud.io/api/", fast()).unwrap();
        assert_eq!(
            c.url("profile").unwrap().as_str(),
            "https://core.letscloud.io/api/profile"
        );
        assert_eq!(
            c.url("/x?a=1").unwrap().as_str(),
            "https://core.letscloud.io/api/x?a=1"
        );
    }

    #[test]
    fn retry_after_in_seconds_and_dates() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT").is_none()); // in the past
        assert!(parse_retry_after("soon").is_none());
    }

    #[tokio::test]
    async fn get_is_retried_on_503_and_honours_retry_after() {
        let mut server = mockito::Server::new_async().await;
        let fail = server
            .mock("GET", "/x")
            .with_status(503)
            .with_header("retry-after", "2")
            .expect(2)
            .create_async()
            .await;
        let clock = Arc::new(ManualClock::new(Utc::now()));
        let start = clock.now();
        let c = HttpClient::new("work", &server.url(), fast())
            .unwrap()
            .with_clock(clock.clone());
        let ok = server
            .mock("GET", "/x")
            .with_status(200)
            .with_body("{}")
            .create_async()
            .await;
        // mockito matches the most recently created mock first only when the earlier is exhausted
        let resp = c.send(Request::get("/x")).await.unwrap();
        fail.assert_async().await;
        ok.assert_async().await;
        assert_eq!(resp.status, 200);
        assert_eq!(
            (clock.now() - start).num_seconds(),
            4,
            "two Retry-After pauses of 2 s"
        );
    }

    #[tokio::test]
    async fn post_is_never_retried() {
        let mut server = mockito::Server::new_async().await;
        let m = server
            .mock("POST", "/x")
            .with_status(503)
            .expect(1)
            .create_async()
            .await;
        let c = HttpClient::new("work", &server.url(), fast()).unwrap();
        let resp = c
            .send(Request::post("/x").json(serde_json::json!({})))
            .await
            .unwrap();
        assert_eq!(resp.status, 503);
        m.assert_async().await;
    }

    #[tokio::test]
    async fn retries_give_up_after_max_retries() {
        let mut server = mockito::Server::new_async().await;
        let m = server
            .mock("GET", "/x")
            .with_status(500)
            .expect(4)
            .create_async()
            .await;
        let c = HttpClient::new("work", &server.url(), fast()).unwrap();
        let resp = c.send(Request::get("/x")).await.unwrap();
        assert_eq!(resp.status, 500);
        m.assert_async().await;
    }

    #[tokio::test]
    async fn a_timeout_is_a_network_error_naming_the_account() {
        // A listener that accepts and never answers.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((s, _)) = listener.accept().await {
                held.push(s);
            }
        });
        let settings = HttpSettings {
            timeout: Duration::from_millis(200),
            max_retries: 0,
            ..fast()
        };
        let c = HttpClient::new("prod-eu", &format!("http://{addr}"), settings).unwrap();
        let e = c.send(Request::get("/slow")).await.unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::Network);
        let text = e.to_string();
        assert!(
            text.starts_with("prod-eu: network error: GET /slow timed out"),
            "{text}"
        );
    }

    #[tokio::test]
    async fn connection_refused_names_host_and_account() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let c = HttpClient::new(
            "home",
            &format!("http://127.0.0.1:{port}"),
            HttpSettings {
                max_retries: 1,
                ..fast()
            },
        )
        .unwrap();
        let e = c.send(Request::get("/1.0")).await.unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("home: network error") && text.contains(&format!("127.0.0.1:{port}")),
            "{text}"
        );
    }

    #[tokio::test]
    async fn rate_headers_are_visible() {
        let mut server = mockito::Server::new_async().await;
        server
            .mock("GET", "/profile")
            .with_header("x-ratelimit-limit", "5000")
            .with_header("x-ratelimit-remaining", "4998")
            .with_body("{}")
            .create_async()
            .await;
        let c = HttpClient::new("lc", &server.url(), fast()).unwrap();
        c.send(Request::get("/profile")).await.unwrap();
        let s = c.rate_status();
        assert!(s.from_headers);
        assert_eq!(
            (s.limit, s.remaining, s.used_last_hour),
            (Some(5000), Some(4998), 1)
        );
    }

    #[tokio::test]
    async fn local_budget_is_counted_without_headers() {
        let mut server = mockito::Server::new_async().await;
        server
            .mock("GET", "/x")
            .with_body("{}")
            .expect(3)
            .create_async()
            .await;
        let settings = HttpSettings {
            rate_limit: Some((5000, Duration::from_secs(3600))),
            ..fast()
        };
        let c = HttpClient::new("lc", &server.url(), settings).unwrap();
        for _ in 0..3 {
            c.send(Request::get("/x")).await.unwrap();
        }
        let s = c.rate_status();
        assert!(!s.from_headers);
        assert_eq!(
            (s.limit, s.remaining, s.used_last_hour),
            (Some(5000), Some(4997), 3)
        );
    }

    #[test]
    fn secret_headers_are_redacted_in_debug() {
        let r = Request::get("/x").secret_header("api-token", &SecretString::from("s3cr3t-token"));
        assert!(!format!("{r:?}").contains("s3cr3t-token"));
        let r = Request::get("/x").bearer(&SecretString::from("jwt-abc"));
        assert!(!format!("{r:?}").contains("jwt-abc"));
    }

    #[test]
    fn status_mapping() {
        use crate::ErrorCode::*;
        let code = |s| error_from_status("a", s, "m".into(), None).code();
        assert_eq!(
            [
                code(401),
                code(403),
                code(404),
                code(409),
                code(412),
                code(422),
                code(429),
                code(500),
                code(400)
            ],
            [
                Auth,
                Forbidden,
                NotFound,
                Conflict,
                Conflict,
                Validation,
                RateLimited,
                Provider,
                Provider
            ]
        );
    }
}

#[cfg(test)]
mod hardening_tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    fn fast() -> HttpSettings {
        HttpSettings {
            retry_min_delay: Duration::from_millis(1),
            retry_max_delay: Duration::from_millis(5),
            timeout: Duration::from_secs(5),
            max_retries: 0,
            ..Default::default()
        }
    }

    /// Accepts connections on `addr` and counts them; answers each with `answer`.
    async fn listener(
        addr: &str,
        answer: String,
    ) -> (
        std::net::SocketAddr,
        Arc<AtomicUsize>,
        tokio::task::JoinHandle<()>,
    ) {
        let l = tokio::net::TcpListener::bind(addr).await.unwrap();
        let local = l.local_addr().unwrap();
        let count = Arc::new(AtomicUsize::new(0));
        let seen = count.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut s, _)) = l.accept().await {
                seen.fetch_add(1, Ordering::SeqCst);
                let answer = answer.clone();
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 65536];
                    let _ = s.read(&mut buf).await;
                    let _ = s.write_all(answer.as_bytes()).await;
                    let _ = s.shutdown().await;
                });
            }
        });
        (local, count, task)
    }

    #[tokio::test]
    async fn a_redirect_to_another_host_is_refused_and_carries_nothing() {
        // The thief on a second loopback address; it must never see a connection.
        let (thief, stolen, thief_task) = listener(
            "127.0.0.2:0",
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".into(),
        )
        .await;
        let target = format!("http://{thief}/steal");
        let (origin, _, origin_task) = listener(
            "127.0.0.1:0",
            format!("HTTP/1.1 307 Temporary Redirect\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n"),
        )
        .await;
        let c = HttpClient::new("prod-eu", &format!("http://{origin}"), fast()).unwrap();
        let req = Request::post("/login")
            .secret_header("api-token", &SecretString::from("tok-secret"))
            .json(serde_json::json!({"password": "hunter2"}));
        let outcome = c.send(req).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            stolen.load(Ordering::SeqCst),
            0,
            "the redirect target received a connection"
        );
        let e = outcome.expect_err("a redirect must be an error");
        let text = e.to_string();
        assert!(text.starts_with("prod-eu: ") && text.contains(&target), "{text}");
        thief_task.abort();
        origin_task.abort();
    }

    #[test]
    fn endpoints_with_credentials_query_or_fragment_are_refused() {
        for raw in [
            "https://alice:pa55word@api.cloudzy.com",
            "https://alice@api.cloudzy.com",
            "https://api.cloudzy.com/?token=abc",
            "https://api.cloudzy.com/#frag",
        ] {
            match validate_endpoint(raw) {
                Err(Error::InvalidInput { field, message }) => {
                    assert_eq!(field.as_deref(), Some("endpoint"));
                    assert!(!message.contains("pa55word"), "{message}");
                }
                other => panic!("{raw} accepted: {other:?}"),
            }
        }
    }

    #[test]
    fn response_debug_shows_the_body_length_only() {
        let r = Response {
            status: 200,
            headers: HeaderMap::new(),
            body: bytes::Bytes::from_static(b"{\"root_password\":\"N3wR00t!\"}"),
            request: "POST /login".into(),
            sensitive: false,
        };
        let text = format!("{r:?}");
        assert!(!text.contains("N3wR00t"), "{text}");
        assert!(text.contains("28 bytes"), "{text}");
        let q = Request::post("/login").json(serde_json::json!({"password": "hunter2"}));
        let text = format!("{q:?}");
        assert!(!text.contains("hunter2"), "{text}");
    }
}

#[cfg(test)]
mod limits_tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    fn capped(max: usize) -> HttpSettings {
        HttpSettings {
            max_retries: 0,
            timeout: Duration::from_secs(5),
            max_body_bytes: max,
            ..Default::default()
        }
    }

    #[tokio::test]
    async fn a_body_over_the_cap_is_an_error_naming_the_account() {
        let mut server = mockito::Server::new_async().await;
        server
            .mock("GET", "/big")
            .with_body("x".repeat(4096))
            .create_async()
            .await;
        let c = HttpClient::new("cloudzy-main", &server.url(), capped(1024)).unwrap();
        let e = c.send(Request::get("/big")).await.unwrap_err();
        let text = e.to_string();
        assert!(
            text.starts_with("cloudzy-main: GET /big answered more than 1024 bytes"),
            "{text}"
        );
        // Under the cap it reads whole.
        let c = HttpClient::new("cloudzy-main", &server.url(), capped(4096)).unwrap();
        assert_eq!(c.send(Request::get("/big")).await.unwrap().body.len(), 4096);
    }

    #[tokio::test]
    async fn a_streamed_body_without_length_is_capped_too() {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        let task = tokio::spawn(async move {
            if let Ok((mut s, _)) = l.accept().await {
                let mut buf = vec![0u8; 4096];
                let _ = s.read(&mut buf).await;
                let _ = s
                    .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .await;
                // 64 chunks of 1 KiB: far over the cap; the client must stop reading.
                for _ in 0..64 {
                    let chunk = format!("400\r\n{}\r\n", "y".repeat(1024));
                    if s.write_all(chunk.as_bytes()).await.is_err() {
                        return;
                    }
                }
                let _ = s.write_all(b"0\r\n\r\n").await;
            }
        });
        let c = HttpClient::new("home", &format!("http://{addr}"), capped(8 * 1024)).unwrap();
        let e = c.send(Request::get("/stream")).await.unwrap_err();
        assert!(e.to_string().contains("answered more than 8192 bytes"), "{e}");
        task.abort();
    }

    #[test]
    fn proxies_apply_to_remote_hosts_only() {
        let env = |name: &str| match name {
            "HTTPS_PROXY" | "HTTP_PROXY" => Some("http://proxy.example:3128".to_owned()),
            _ => None,
        };
        let remote = Url::parse("https://api.cloudzy.com/developers").unwrap();
        assert_eq!(
            proxy_for(&remote, &env).map(|u| u.to_string()),
            Some("http://proxy.example:3128/".to_owned())
        );
        for local in [
            "http://127.0.0.1:8443/1.0",
            "https://[::1]:8443",
            "http://localhost:1",
            "http://127.0.0.2",
        ] {
            assert_eq!(proxy_for(&Url::parse(local).unwrap(), &env), None, "{local}");
        }
        let bare = |name: &str| (name == "all_proxy").then(|| "proxy.example:8080".to_owned());
        assert_eq!(
            proxy_for(&remote, &bare).map(|u| u.to_string()),
            Some("http://proxy.example:8080/".to_owned())
        );
    }

    fn answer(body: &'static str, sensitive: bool) -> Response {
        Response {
            status: 400,
            headers: HeaderMap::new(),
            body: bytes::Bytes::from_static(body.as_bytes()),
            request: "POST /v1/auth/login".into(),
            sensitive,
        }
    }

    #[test]
    fn error_messages_never_quote_a_sensitive_answer() {
        let r = answer(r#"{"error":"bad","token":"eyJhbGciOi-session"}"#, true);
        let text = r.status_message();
        assert!(!text.contains("eyJhbGciOi"), "{text}");
        assert!(text.contains("withheld"), "{text}");
        assert!(!r.text_excerpt(120).contains("eyJhbGciOi"));
    }

    #[test]
    fn error_messages_redact_secret_fields_of_other_answers() {
        let r = answer(
            r#"{"message":"reset done","data":{"root_password":"N3wR00t!","id":7}}"#,
            false,
        );
        let text = r.status_message();
        assert!(!text.contains("N3wR00t"), "{text}");
        assert!(text.contains("reset done") && text.contains("\"id\":7"), "{text}");
    }

    #[tokio::test]
    async fn a_request_marked_sensitive_yields_a_sensitive_response() {
        let mut server = mockito::Server::new_async().await;
        server
            .mock("POST", "/login")
            .with_status(500)
            .with_body("token=abc")
            .create_async()
            .await;
        let c = HttpClient::new("a", &server.url(), capped(1024)).unwrap();
        let resp = c.send(Request::post("/login").sensitive_answer()).await.unwrap();
        assert!(resp.sensitive);
        assert!(!resp.status_message().contains("abc"));
    }
}
