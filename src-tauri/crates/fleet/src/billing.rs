//! Money over accounts: the plan comparison, balances and monthly cost estimates. The arithmetic
//! (decimal, per currency, estimates labelled as such) is `fleetdeck_core::money`; this module
//! gathers what it needs from every account, in parallel, and keeps each account's failure apart
//! from the others' results.

use futures::future::join_all;

use fleetdeck_core::error::AccountFailure;
use fleetdeck_core::money::{
    estimate_server, AccountBalance, Balances, CostEstimate, PlanOffer, ServerCostEstimate,
};
use fleetdeck_core::{Account, Capabilities, Error, Result};

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

fn failure(account: &Account, e: &Error) -> AccountFailure {
    AccountFailure {
        account: account.name.clone(),
        error: e.to_payload(),
    }
}
