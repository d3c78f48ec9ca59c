//! The per-account Cloudzy client: sending authenticated requests, the paged lists (bookmarks for
//! instances, page numbers for the rest), the Cloudzy-only filters, and the caches job polling
//! shares.

use fleetdeck_core::coalesce::Coalesced;
use fleetdeck_core::http::{HttpClient, Request};
use fleetdeck_core::paging::{collect_cursor, collect_numbered, CursorPage, NumberedPage};
use fleetdeck_core::toolkit;
use fleetdeck_core::{
    BackupPolicy, Error, Result, SecretString, Server, Snapshot, UploadKind, UploadedImage,
};
use serde_json::Value;

use crate::{parse, wire, PollTuning};

/// The header carrying the account's token.
const TOKEN_HEADER: &str = "API-Token";

/// One account's client. Implements every provider trait (see `api.rs` and `jobs.rs`).
pub struct Cloudzy {
    pub(crate) account: String,
    pub(crate) http: HttpClient,
    pub(crate) token: SecretString,
    pub(crate) tuning: PollTuning,
    /// One instance listing per tick serves every polled server job of the account.
    pub(crate) server_list: Coalesced<Vec<Server>>,
    /// One snapshot listing per tick serves every polled snapshot job.
    pub(crate) snapshot_list: Coalesced<Vec<Snapshot>>,
    /// One ISO listing per tick serves every ISO download job.
    pub(crate) iso_list: Coalesced<Vec<UploadedImage>>,
    /// One image listing per tick serves every image download job.
    pub(crate) image_list: Coalesced<Vec<UploadedImage>>,
    /// The customer id of the token's account, once an admin/reseller token needed it (quirk 8).
    pub(crate) customer_id: tokio::sync::Mutex<Option<String>>,
}

impl std::fmt::Debug for Cloudzy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cloudzy")
            .field("account", &self.account)
            .field("http", &self.http)
            .finish_non_exhaustive()
    }
}

/// Every filter of `GET /v1/instances` (spec "Query Parameters"). Empty fields are not sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InstanceQuery {
    /// UTC start of the creation window.
    pub created_from: Option<chrono::DateTime<chrono::Utc>>,
    pub created_to: Option<chrono::DateTime<chrono::Utc>>,
    /// Physical server hostname.
    pub host: Option<String>,
    /// The instance's hostname.
    pub hostname: Option<String>,
    pub status: Option<String>,
    pub region: Option<String>,
    pub iso_id: Option<String>,
    pub os_family: Option<String>,
    pub user_id: Option<String>,
    pub ipv4: Option<String>,
    pub ipv6: Option<String>,
    pub include_deleted: bool,
}

/// Every filter of `GET /v1/snapshots`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SnapshotQuery {
    pub instance_id: Option<String>,
    /// `Some(true)`: only the snapshots automated backups made; `Some(false)`: only manual ones;
    /// `None`: the provider's default (manual).
    pub automated_backup: Option<bool>,
    /// `ACTIVE | IN_PROGRESS | FAILED | RESTORING`.
    pub status: Option<String>,
}

impl Cloudzy {
    /// Send a request with the account's token; the envelope's `data`, or the typed error.
    pub(crate) async fn call(&self, req: Request) -> Result<Value> {
        let resp = self
            .http
            .send(req.secret_header(TOKEN_HEADER, &self.token))
            .await?;
        wire::decode(&self.account, &resp)
    }

    /// Send a request built without a customer id; when the provider answers that it needs one
    /// (an admin/reseller token, docs/wire-decisions.md, Cloudzy reference), send it again with the account's
    /// customer id. Safe for writes: the refusal means nothing was done.
    pub(crate) async fn call_as_customer(&self, build: impl Fn(Option<&str>) -> Request) -> Result<Value> {
        match self.call(build(None)).await {
            Err(e) if needs_customer_id(&e) => {
                let id = self.customer_id().await?;
                self.call(build(Some(&id))).await
            }
            other => other,
        }
    }

    async fn customer_id(&self) -> Result<String> {
        let mut cached = self.customer_id.lock().await;
        if let Some(id) = cached.as_ref() {
            return Ok(id.clone());
        }
        let data = self.call(Request::get("/v1/profile")).await?;
        let id = parse::single_item(&data, &["profile", "customer", "user"])
            .map(|o| parse::profile(&self.account, o))
            .and_then(|p| {
                p.extra
                    .get("customerId")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .ok_or_else(|| self.unexpected("GET /v1/profile", "no customer id in the profile"))?;
        *cached = Some(id.clone());
        Ok(id)
    }

    pub(crate) fn unexpected(&self, request: &str, why: &str) -> Error {
        toolkit::unexpected_content(&self.account, "Cloudzy", request, why)
    }

    pub(crate) fn not_found(&self, what: String) -> Error {
        Error::not_found(&self.account, what)
    }

    /// Every instance matching `q`, all bookmark pages (`limit` per page, `bookmark` to continue;
    /// an answer without a bookmark, or with the same one again, is the last page).
    pub async fn list_instances(&self, q: &InstanceQuery) -> Result<Vec<Server>> {
        let limit = self.tuning.page_size.to_string();
        let base = instance_query(q);
        collect_cursor(|cursor| {
            let mut req = Request::get("/v1/instances").query("limit", limit.clone());
            for (k, v) in &base {
                req = req.query(*k, v.clone());
            }
            req = req.query_opt("bookmark", cursor);
            async move {
                let data = self.call(req).await?;
                Ok(CursorPage {
                    items: parse::servers(&self.account, &data),
                    next: parse::bookmark(&data),
                })
            }
        })
        .await
    }

    /// A page-numbered list (`page` 1-based, with both `per_page` and `limit` — docs/wire-decisions.md),
    /// ending at `total` or on a short page. Once the first page states the total, the rest are
    /// fetched `limits.listConcurrency` at a time (core/src/paging.rs).
    pub(crate) async fn numbered<T>(
        &self,
        path: &str,
        query: &[(&str, String)],
        keys: &[&str],
        item: impl Fn(&Value) -> Option<T>,
    ) -> Result<Vec<T>> {
        let per_page = self.tuning.page_size;
        let item = &item;
        let width = crate::capabilities().limits.list_width();
        collect_numbered(per_page, width, |page| {
            let mut req = Request::get(path.to_owned())
                .query("page", page.to_string())
                .query("per_page", per_page.to_string())
                .query("limit", per_page.to_string());
            for (k, v) in query {
                req = req.query(*k, v.clone());
            }
            async move {
                let data = self.call(req).await?;
                Ok(NumberedPage {
                    items: parse::list_items(&data, keys)
                        .into_iter()
                        .filter_map(item)
                        .collect(),
                    total: parse::total(&data),
                })
            }
        })
        .await
    }

    /// Snapshots matching every given filter, all pages. The instance filter is sent under both
    /// spellings (`instance_id` per the spec, `instanceId` per the official client).
    pub async fn list_snapshots_filtered(&self, q: &SnapshotQuery) -> Result<Vec<Snapshot>> {
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(id) = q.instance_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            query.push(("instance_id", id.to_owned()));
            query.push(("instanceId", id.to_owned()));
        }
        if let Some(a) = q.automated_backup {
            query.push(("is_automated_backup", a.to_string()));
        }
        if let Some(s) = q.status.as_deref().filter(|s| !s.is_empty()) {
            query.push(("status", s.to_owned()));
        }
        let account = self.account.clone();
        self.numbered("/v1/snapshots", &query, &["snapshots", "data"], |o| {
            parse::snapshot(&account, o)
        })
        .await
    }

    /// ISOs or images, optionally of one status (`DOWNLOADING | READY | FAILED | DELETED`).
    pub async fn list_uploads_filtered(
        &self,
        kind: UploadKind,
        status: Option<&str>,
    ) -> Result<Vec<UploadedImage>> {
        let (path, keys): (&str, &[&str]) = match kind {
            UploadKind::Iso => ("/v1/iso", &["isos", "iso", "data"]),
            UploadKind::DiskImage => ("/v1/images", &["images", "data"]),
        };
        let query: Vec<(&str, String)> = status
            .filter(|s| !s.is_empty())
            .map(|s| ("status", s.to_owned()))
            .into_iter()
            .collect();
        let account = self.account.clone();
        self.numbered(path, &query, keys, |o| parse::upload(&account, kind, o))
            .await
    }

    /// Backup profiles, optionally of one status (`active | inactive | pending`).
    pub async fn list_backup_profiles(&self, status: Option<&str>) -> Result<Vec<BackupPolicy>> {
        let req = Request::get("/v1/backups").query_opt("status", status.filter(|s| !s.is_empty()));
        let data = self.call(req).await?;
        Ok(parse::list_items(&data, &["backups", "backupProfiles", "data"])
            .into_iter()
            .filter_map(|o| parse::backup_policy(&self.account, o))
            .collect())
    }

    pub(crate) async fn polled_servers(&self) -> Result<Vec<Server>> {
        let all = InstanceQuery::default();
        self.server_list.get(|| self.list_instances(&all)).await
    }

    pub(crate) async fn polled_snapshots(&self) -> Result<Vec<Snapshot>> {
        let all = SnapshotQuery::default();
        self.snapshot_list
            .get(|| self.list_snapshots_filtered(&all))
            .await
    }

    pub(crate) async fn polled_uploads(&self, kind: UploadKind) -> Result<Vec<UploadedImage>> {
        let cache = match kind {
            UploadKind::Iso => &self.iso_list,
            UploadKind::DiskImage => &self.image_list,
        };
        cache.get(|| self.list_uploads_filtered(kind, None)).await
    }
}

/// Whether a refusal says the call needs a `customerId` (its `detail` mentions the customer id).
fn needs_customer_id(e: &Error) -> bool {
    let refused = matches!(
        e,
        Error::Validation { .. }
            | Error::Provider {
                status: Some(400..=499),
                ..
            }
            | Error::InvalidInput { .. }
    );
    let text = e.to_string().to_ascii_lowercase();
    refused && (text.contains("customer id") || text.contains("customerid") || text.contains("customer_id"))
}

/// The query pairs of an instance filter, camelCase as the spec names them.
fn instance_query(q: &InstanceQuery) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut push = |k: &'static str, v: &Option<String>| {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            out.push((k, v.to_owned()));
        }
    };
    push("host", &q.host);
    push("hostName", &q.hostname);
    push("status", &q.status);
    push("region", &q.region);
    push("isoId", &q.iso_id);
    push("osFamily", &q.os_family);
    push("userId", &q.user_id);
    push("ipv4", &q.ipv4);
    push("ipv6", &q.ipv6);
    let iso = |d: &chrono::DateTime<chrono::Utc>| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    if let Some(d) = &q.created_from {
        out.push(("createdFrom", iso(d)));
    }
    if let Some(d) = &q.created_to {
        out.push(("createdTo", iso(d)));
    }
    if q.include_deleted {
        out.push(("includeDeleted", "true".into()));
    }
    out
}
