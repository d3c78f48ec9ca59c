//! Money over accounts: the plan comparison, balances and monthly cost estimates. The arithmetic
//! (decimal, per currency, estimates labelled as such) is `fleetdeck_core::money`; this module
//! gathers what it needs from every account, in parallel, and keeps each account's failure apart
//! from the others' results.
//!
//! Invoice documents: a provider's invoice or payment link works without signing in, so it is a
//! credential (store/src/cache.rs `scrub_credential_links`). It never leaves Rust: the invoice
//! list answers only `has_document` and a `raw` without links ([`without_document_links`]), and
//! [`Fleet::open_invoice`] / [`Fleet::download_invoice`] fetch the account's invoices live to use
//! the link, under the transport's rules (core/src/http.rs: https, or http to loopback only; no
//! redirect followed; the body capped), never with the account's credentials, and never quoting
//! the link in an error.

use std::path::{Path, PathBuf};

use futures::future::join_all;
use url::Url;

use fleetdeck_core::error::AccountFailure;
use fleetdeck_core::http::{HttpClient, Request};
use fleetdeck_core::money::{
    estimate_server, AccountBalance, Balances, CostEstimate, PlanOffer, ServerCostEstimate,
};
use fleetdeck_core::{Account, Capabilities, CredentialLink, Error, ErrorCode, Invoice, Result};

use crate::views::Listing;
use crate::Fleet;

/// Which capability an account needs for a money view.
type Flag = fn(&Capabilities) -> bool;

impl Fleet {
    /// The named accounts (all when empty) whose capabilities offer `what`. Without names, the
    /// others are left out; a named account that does not offer it is the `unsupported` error.
    async fn offering(&self, names: &[String], offered: Flag, what: &str) -> Result<Vec<Account>> {
        let mut eligible = Vec::new();
        for account in self.select_accounts(names)? {
            if offered(&self.capabilities_of(&account).await) {
                eligible.push(account);
            } else if !names.is_empty() {
                return Err(Error::unsupported(account.provider, what));
            }
        }
        Ok(eligible)
    }

    /// One comparison table of the plans of every named account (all that sell plans when none is
    /// named), in `region` when given: sizes, the monthly price (an estimate when derived from an
    /// hourly price) and the price per vCPU, GB of RAM, GB of disk and TB of traffic. Region ids
    /// are each provider's own: an account whose regions do not include `region` (compared
    /// without case) has no plans there, which is not an error.
    pub async fn plan_comparison(
        &self,
        names: &[String],
        region: Option<&str>,
    ) -> Result<Listing<PlanOffer>> {
        let accounts = self.offering(names, |c| c.create.plans, "plans").await?;
        let results = join_all(accounts.iter().map(|account| async move {
            let provider = self.provider(account).await?;
            let catalog = provider
                .catalog()
                .filter(|_| provider.capabilities().create.plans)
                .ok_or_else(|| Error::unsupported(account.provider, "plans"))?;
            let Some(wanted) = region else {
                return catalog.list_plans(None).await;
            };
            // Asking a provider for plans of a region it does not know is its error (LetsCloud:
            // "Location not found"): look the region up among the account's own first.
            let regions = catalog.list_regions().await?;
            match regions.iter().find(|r| r.id.eq_ignore_ascii_case(wanted)) {
                Some(r) => catalog.list_plans(Some(&r.id)).await,
                None => Ok(Vec::new()),
            }
        }))
        .await;
        let mut listing = Listing {
            items: Vec::new(),
            failures: Vec::new(),
        };
        for (account, result) in accounts.iter().zip(results) {
            match result {
                Ok(plans) => listing.items.extend(plans.iter().map(|p| {
                    let mut offer = PlanOffer::from_plan(p);
                    offer.account = account.name.clone();
                    offer
                })),
                Err(e) => listing.failures.push(failure(account, &e)),
            }
        }
        Ok(listing)
    }

    /// The balance of every named account (all whose provider states one when none is named) from
    /// its profile, with the totals per currency (never added across currencies).
    pub async fn balances(&self, names: &[String]) -> Result<Balances> {
        let accounts = self.offering(names, |c| c.billing.balance, "balances").await?;
        let results = join_all(accounts.iter().map(|a| self.profile(&a.name))).await;
        let mut items = Vec::new();
        let mut failures = Vec::new();
        for (account, result) in accounts.iter().zip(results) {
            match result {
                Ok(profile) => items.push(AccountBalance {
                    account: account.name.clone(),
                    provider: account.provider,
                    balance: profile.balance,
                }),
                Err(e) => failures.push(failure(account, &e)),
            }
        }
        Ok(Balances::new(items, failures))
    }

    /// A monthly cost estimate of every server of the named accounts (all when none), from its
    /// plan's price, with totals per account and overall, per currency. A server whose cost cannot
    /// be known (no plan, a plan without a price, a provider without priced plans) is listed with
    /// the reason and left out of the totals: unknown, never 0.
    pub async fn cost_estimate(&self, names: &[String]) -> Result<CostEstimate> {
        let accounts = self.offering(names, |c| c.servers.list, "servers").await?;
        let results = join_all(accounts.iter().map(|a| self.account_cost(a))).await;
        let mut servers = Vec::new();
        let mut failures = Vec::new();
        for (account, result) in accounts.iter().zip(results) {
            match result {
                Ok(estimates) => servers.extend(estimates),
                Err(e) => failures.push(failure(account, &e)),
            }
        }
        Ok(CostEstimate::from_servers(servers, failures))
    }

    async fn account_cost(&self, account: &Account) -> Result<Vec<ServerCostEstimate>> {
        let provider = self.provider(account).await?;
        let mut listed = provider.servers().list_servers().await?;
        listed.iter_mut().for_each(|s| s.account = account.name.clone());
        let priced = provider.capabilities().create.plans;
        let plans = match provider.catalog().filter(|_| priced) {
            Some(catalog) => catalog.list_plans(None).await?,
            None => Vec::new(),
        };
        Ok(listed
            .iter()
            .map(|s| {
                let mut e = estimate_server(s, &plans);
                if !priced {
                    e.unknown_reason = Some(format!("{} sells no priced plans", account.provider));
                }
                e
            })
            .collect())
    }
}

/// Hands an invoice's link to the system browser. The app opens it with tauri-plugin-opener
/// (src-tauri/src/invoice_files.rs); tests record it instead.
pub trait LinkOpener: Send + Sync {
    /// Open `url` outside Fleetdeck. An error message must not quote the URL.
    fn open_link(&self, url: &Url) -> Result<()>;
}

/// Where a downloaded invoice document goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvoiceDestination {
    /// A new file in this folder, named after the invoice, with ` (2)`… when the name is taken
    /// (`fleetdeck_store::files::save_new_file`): nothing is ever overwritten.
    NewFileIn(PathBuf),
    /// Exactly this file, which must not exist yet.
    NewFile(PathBuf),
}

impl Fleet {
    /// Open invoice `invoice_id` of `account_name` in the system browser: the link is read from
    /// the account's invoices, fetched live, and checked ([`document_url`]) before `opener` gets it.
    pub async fn open_invoice(
        &self,
        account_name: &str,
        invoice_id: &str,
        opener: &dyn LinkOpener,
    ) -> Result<()> {
        let url = self.invoice_document_url(account_name, invoice_id).await?;
        opener.open_link(&url)
    }

    /// Download invoice `invoice_id`'s document (a PDF) of `account_name` to `to`, and answer the
    /// file written. The GET carries none of the account's credentials (the link is
    /// self-authenticating); a redirect, an over-long body or an answer that is not a PDF (a
    /// payment page: open it instead) is an error, and nothing is written then.
    pub async fn download_invoice(
        &self,
        account_name: &str,
        invoice_id: &str,
        to: &InvoiceDestination,
    ) -> Result<PathBuf> {
        if let InvoiceDestination::NewFile(path) = to {
            // Refused before any request; `write_new` refuses again if the name was taken since.
            if path.exists() {
                return Err(already_exists(path));
            }
            fleetdeck_core::download::DownloadTarget::new(path, false).check(account_name)?;
        }
        let url = self.invoice_document_url(account_name, invoice_id).await?;
        let what = format!("invoice {account_name}/{invoice_id}");
        let origin = url.origin().ascii_serialization();
        let client = HttpClient::new(account_name, &origin, self.http.clone())?;
        let mut request = Request::get(url.path().to_owned());
        for (k, v) in url.query_pairs() {
            request = request.query(k.into_owned(), v.into_owned());
        }
        let answer = client
            .send(request)
            .await
            .map_err(|e| withheld_link_error(account_name, &what, &e))?;
        if !answer.is_success() {
            return Err(Error::Provider {
                account: account_name.to_owned(),
                status: Some(answer.status),
                code: None,
                message: format!(
                    "the document of {what} was refused (HTTP {}): the link may have expired",
                    answer.status
                ),
            });
        }
        if !is_pdf(answer.header("content-type"), &answer.body) {
            return Err(Error::Provider {
                account: account_name.to_owned(),
                status: Some(answer.status),
                code: None,
                message: format!(
                    "the link of {what} leads to a web page, not a PDF document: open it instead"
                ),
            });
        }
        let name = format!("invoice-{account_name}-{invoice_id}.pdf");
        write_document(to, &name, answer.body.to_vec()).await
    }

    /// The checked document link of one invoice, from the account's invoices fetched live.
    async fn invoice_document_url(&self, account_name: &str, invoice_id: &str) -> Result<Url> {
        let names = [account_name.to_owned()];
        let accounts = self.offering(&names, |c| c.billing.invoices, "invoices").await?;
        let Some(account) = accounts.first() else {
            return Err(Error::not_found(
                account_name,
                format!("no account named '{account_name}'"),
            ));
        };
        let provider = self.provider(account).await?;
        let api = provider
            .billing()
            .filter(|_| provider.capabilities().billing.invoices)
            .ok_or_else(|| Error::unsupported(account.provider, "invoices"))?;
        let invoices = api.list_invoices().await?;
        let invoice = invoices.iter().find(|i| i.id == invoice_id).ok_or_else(|| {
            Error::not_found(account_name, format!("no invoice {invoice_id} in {account_name}"))
        })?;
        let link = invoice.document.as_ref().ok_or_else(|| Error::NotFound {
            account: Some(account_name.to_owned()),
            message: format!("{} gave no document for invoice {invoice_id}", account.provider),
        })?;
        document_url(link)
    }
}

/// The invoices as they may leave Rust: the document link is known only as `has_document`, and
/// `raw` loses every link that works as a credential (the cache's own policy,
/// store/src/cache.rs `scrub_credential_links`, with the whole invoice counting as a payment).
pub fn without_document_links(invoices: Vec<Invoice>) -> Vec<Invoice> {
    invoices
        .into_iter()
        .map(|mut i| {
            i.has_document = i.has_document || i.document.is_some();
            i.document = None;
            fleetdeck_store::cache::scrub_credential_links(&mut i.raw, true);
            i
        })
        .collect()
}

/// The link, if the transport's rule lets Fleetdeck use it (core/src/http.rs `validate_endpoint`):
/// `https://`, or `http://` to a loopback address only; never with a user name or password.
/// The error names the scheme and host, never the path or query (they carry the signature).
fn document_url(link: &CredentialLink) -> Result<Url> {
    let refused =
        |why: String| Error::invalid_input(format!("the invoice's document link cannot be used: {why}"));
    let url = Url::parse(link.expose().trim()).map_err(|_| refused("it is not a valid URL".into()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refused("it carries a user name or password".into()));
    }
    let host = url.host_str().unwrap_or_default().to_owned();
    match url.scheme() {
        "https" if !host.is_empty() => Ok(url),
        "http" if fleetdeck_core::http::is_loopback(&url) => Ok(url),
        "http" => Err(refused(format!(
            "it uses plain http to {host}; only https (or http to this machine) is allowed"
        ))),
        other => Err(refused(format!("the scheme '{other}' is not https"))),
    }
}

/// A PDF by its type, or by its signature when the type is a generic one.
fn is_pdf(content_type: Option<&str>, body: &[u8]) -> bool {
    let kind = content_type
        .and_then(|t| t.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match kind.as_str() {
        "application/pdf" => true,
        "" | "application/octet-stream" | "binary/octet-stream" => body.starts_with(b"%PDF-"),
        _ => false,
    }
}

/// The transport's error about the document's GET, told again without the request's path (its
/// messages name `GET /path`, and a signed link's path may be the signature itself).
fn withheld_link_error(account: &str, what: &str, e: &Error) -> Error {
    let message = match e.code() {
        ErrorCode::Network | ErrorCode::Timeout => format!("the document of {what} could not be fetched (the network failed or timed out)"),
        ErrorCode::RateLimited => format!("the document of {what} was refused for now (rate limited): try again later"),
        _ if matches!(e, Error::Provider { status: Some(300..=399), .. }) => format!(
            "the link of {what} redirects elsewhere; Fleetdeck does not follow redirects: open it in the browser instead"
        ),
        _ => format!("the document of {what} could not be fetched ({:?})", e.code()),
    };
    match e.code() {
        ErrorCode::Network | ErrorCode::Timeout => Error::Network {
            account: account.to_owned(),
            message,
        },
        _ => Error::Provider {
            account: account.to_owned(),
            status: match e {
                Error::Provider { status, .. } => *status,
                _ => None,
            },
            code: None,
            message,
        },
    }
}

/// Write the document where `to` says, off the async workers; never over an existing file.
async fn write_document(to: &InvoiceDestination, name: &str, bytes: Vec<u8>) -> Result<PathBuf> {
    let to = to.clone();
    let name = name.to_owned();
    tokio::task::spawn_blocking(move || match to {
        InvoiceDestination::NewFileIn(dir) => fleetdeck_store::files::save_new_file(&dir, &name, &bytes),
        InvoiceDestination::NewFile(path) => write_new(&path, &bytes).map(|()| path),
    })
    .await
    .map_err(|e| Error::internal(format!("blocking task: {e}")))?
}

/// Create `path` (it must not exist) with `bytes`; a partly written file is removed.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let io =
        |e: std::io::Error| Error::invalid_field("file", format!("cannot write {}: {e}", path.display()));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => already_exists(path),
            _ => io(e),
        })?;
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        let _ = std::fs::remove_file(path);
        return Err(io(e));
    }
    Ok(())
}

fn already_exists(path: &Path) -> Error {
    Error::invalid_field(
        "file",
        format!("{} already exists: choose a new file name", path.display()),
    )
}

fn failure(account: &Account, e: &Error) -> AccountFailure {
    AccountFailure {
        account: account.name.clone(),
        error: e.to_payload(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(link: &str) -> Result<Url> {
        document_url(&CredentialLink::new(link))
    }

    #[test]
    fn only_https_or_loopback_http_links_are_used() {
        assert!(check("https://billing.example/i/1.pdf?token=abc").is_ok());
        assert!(check("http://127.0.0.1:4711/v1/invoice/1/pdf?token=abc").is_ok());
        assert!(check("http://localhost/i/1").is_ok());
        assert!(check("http://[::1]:9/i/1").is_ok());
        for bad in [
            "http://billing.example/i/1.pdf?token=secret-sig",
            "http://10.0.0.5/i/1?token=secret-sig",
            "ftp://billing.example/i/1",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://user:pw@billing.example/i/1",
            "not a url",
        ] {
            let e = check(bad).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidInput, "{bad}");
            let text = format!("{e} {:?}", e.to_payload());
            assert!(
                !text.contains("secret-sig") && !text.contains("/i/1"),
                "{bad}: {text}"
            );
        }
    }

    #[test]
    fn a_pdf_is_told_by_its_type_or_its_signature() {
        assert!(is_pdf(Some("application/pdf"), b""));
        assert!(is_pdf(Some("application/PDF; charset=binary"), b"x"));
        assert!(is_pdf(None, b"%PDF-1.4"));
        assert!(is_pdf(Some("application/octet-stream"), b"%PDF-1.7"));
        assert!(!is_pdf(Some("text/html"), b"%PDF-1.4"));
        assert!(!is_pdf(Some("application/octet-stream"), b"<html>"));
    }

    #[test]
    fn a_new_file_is_never_written_over_an_existing_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("invoice.pdf");
        std::fs::write(&path, b"mine").unwrap();
        let e = write_new(&path, b"%PDF-").unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert_eq!(std::fs::read(&path).unwrap(), b"mine");
    }
}
