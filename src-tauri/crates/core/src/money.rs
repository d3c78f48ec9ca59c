//! Money arithmetic: sums per currency, monthly cost estimates and per-unit plan prices.
//!
//! Invariants (docs/design-rules.md rule 4, "money is a decimal string with a currency"):
//! - every amount is computed with [`rust_decimal::Decimal`], never a float, and leaves this module
//!   as a decimal string again;
//! - amounts in different currencies are never added together: a total is one [`CurrencyTotal`]
//!   per currency, and amounts whose currency the provider did not state form a group of their own
//!   (`currency: None`), never merged into a named currency;
//! - a plan without a usable price has an unknown cost (`None`), never a cost of 0;
//! - a monthly figure derived from another period is an estimate and says from which
//!   ([`MonthlyBasis`]); types that carry derived figures are named as estimates.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{Money, Plan, PlanKind, Price, PricePeriod, ProviderKind, Server};
use crate::error::AccountFailure;

/// Hours in a month for an estimate from an hourly price (365 × 24 / 12 = 730, as providers that
/// bill by the hour cap a month).
pub const HOURS_PER_MONTH: u32 = 730;

/// Decimal places of a per-unit price (price per vCPU, per GB…), rounded half away from zero.
pub const UNIT_PRICE_DECIMALS: u32 = 4;

/// A provider's decimal string as a [`Decimal`] (`"10.00"`, `"-4.90"`, `"1e-3"`); `None` when it is
/// not a decimal number. Leading and trailing spaces are ignored.
pub fn parse_amount(amount: &str) -> Option<Decimal> {
    let t = amount.trim();
    Decimal::from_str(t).or_else(|_| Decimal::from_scientific(t)).ok()
}

/// A currency code as totals group it: trimmed and upper-case; empty means "not stated".
pub fn currency_key(currency: Option<&str>) -> Option<String> {
    currency
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
}

/// The sum of some amounts in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CurrencyTotal {
    /// ISO 4217 code, upper-case; `None` for amounts whose currency the provider did not state.
    pub currency: Option<String>,
    /// Decimal string.
    pub amount: String,
    /// How many amounts were added.
    pub count: u32,
}

/// Running totals, one per currency. Adding never mixes currencies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    by_currency: BTreeMap<Option<String>, (Decimal, u32)>,
}

impl Totals {
    /// Add an amount of money; answers `false` (and adds nothing) when its amount is not a decimal.
    pub fn add(&mut self, money: &Money) -> bool {
        match parse_amount(&money.amount) {
            Some(d) => {
                self.add_decimal(money.currency.as_deref(), d);
                true
            }
            None => false,
        }
    }

    /// Add an amount in `currency` (`None`: not stated).
    pub fn add_decimal(&mut self, currency: Option<&str>, amount: Decimal) {
        let entry = self
            .by_currency
            .entry(currency_key(currency))
            .or_insert((Decimal::ZERO, 0));
        entry.0 += amount;
        entry.1 += 1;
    }

    /// Add every total of another set.
    pub fn merge(&mut self, other: &Totals) {
        for (currency, (amount, count)) in &other.by_currency {
            let entry = self
                .by_currency
                .entry(currency.clone())
                .or_insert((Decimal::ZERO, 0));
            entry.0 += *amount;
            entry.1 += *count;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_currency.is_empty()
    }

    /// One total per currency, named currencies in alphabetical order, the unstated one last.
    pub fn to_list(&self) -> Vec<CurrencyTotal> {
        let (named, unstated): (Vec<_>, Vec<_>) = self.by_currency.iter().partition(|(c, _)| c.is_some());
        named
            .into_iter()
            .chain(unstated)
            .map(|(currency, (amount, count))| CurrencyTotal {
                currency: currency.clone(),
                amount: amount.to_string(),
                count: *count,
            })
            .collect()
    }
}

/// Which of a plan's prices a monthly estimate was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum MonthlyBasis {
    /// The provider's own monthly price.
    Monthly,
    /// An hourly price × [`HOURS_PER_MONTH`] (730): the provider states no monthly price.
    Hourly,
    /// A quarterly price ÷ 3.
    Quarterly,
    /// A semi-annual price ÷ 6.
    SemiAnnually,
    /// An annual price ÷ 12.
    Annually,
}

/// An estimate of what something costs per month, and from which price it was made. It is an
/// estimate even from a monthly price: taxes, discounts ending, traffic overage and partial months
/// are not in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MonthlyEstimate {
    pub amount: Money,
    pub basis: MonthlyBasis,
}

/// The monthly estimate of a list of prices: the monthly price when there is one, else the hourly
/// price × 730 ([`HOURS_PER_MONTH`]), else a quarterly, semi-annual or annual price divided into
/// months. One-time prices are not monthly costs. `None` when no price has a decimal amount: the
/// cost is unknown (never 0).
pub fn monthly_estimate(prices: &[Price]) -> Option<MonthlyEstimate> {
    const ORDER: [(PricePeriod, MonthlyBasis, u32, bool); 5] = [
        (PricePeriod::Monthly, MonthlyBasis::Monthly, 1, false),
        (PricePeriod::Hourly, MonthlyBasis::Hourly, HOURS_PER_MONTH, true),
        (PricePeriod::Quarterly, MonthlyBasis::Quarterly, 3, false),
        (PricePeriod::SemiAnnually, MonthlyBasis::SemiAnnually, 6, false),
        (PricePeriod::Annually, MonthlyBasis::Annually, 12, false),
    ];
    ORDER.iter().find_map(|(period, basis, factor, multiply)| {
        prices
            .iter()
            .filter(|p| p.period == *period)
            .find_map(|p| Some((parse_amount(&p.amount.amount)?, p)))
            .map(|(amount, p)| {
                let factor = Decimal::from(*factor);
                let monthly = if *multiply {
                    amount * factor
                } else if factor == Decimal::ONE {
                    amount
                } else {
                    round_unit(amount / factor)
                };
                MonthlyEstimate {
                    amount: Money {
                        amount: monthly.to_string(),
                        currency: currency_key(p.amount.currency.as_deref()),
                    },
                    basis: *basis,
                }
            })
    })
}

/// Rounded to [`UNIT_PRICE_DECIMALS`] places, trailing zeros dropped.
fn round_unit(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(UNIT_PRICE_DECIMALS, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// `monthly ÷ units` as a decimal string; `None` when the number of units is unknown or zero.
fn per_unit(monthly: Decimal, units: Option<Decimal>) -> Option<String> {
    let units = units.filter(|u| !u.is_zero())?;
    monthly.checked_div(units).map(|d| round_unit(d).to_string())
}

/// One plan of one account in the plan comparison: sizes, the monthly price and the price per
/// unit of each resource. Per-unit prices are the monthly estimate divided by the size, in the
/// estimate's currency, rounded to 4 decimal places; `None` when the price or the size is unknown
/// or the size is 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlanOffer {
    pub account: String,
    pub provider: ProviderKind,
    /// The plan's id, as `server create --plan` takes it.
    pub plan_id: String,
    pub name: Option<String>,
    pub kind: PlanKind,
    /// Regions where the plan can be ordered (empty = not stated).
    pub regions: Vec<String>,
    pub vcpus: Option<u32>,
    pub memory_mb: Option<u32>,
    pub disk_gb: Option<u32>,
    /// Monthly traffic included, GB (1 TB = 1000 GB, as providers sell traffic).
    pub bandwidth_gb: Option<u32>,
    pub available: Option<bool>,
    /// `None`: the plan has no usable price (unknown, not free).
    pub monthly_estimate: Option<MonthlyEstimate>,
    pub price_per_vcpu: Option<String>,
    /// Per GB of RAM (1 GB = 1024 MB, as `memory_mb` is counted).
    pub price_per_gb_ram: Option<String>,
    pub price_per_gb_disk: Option<String>,
    pub price_per_tb_traffic: Option<String>,
}

impl PlanOffer {
    pub fn from_plan(plan: &Plan) -> PlanOffer {
        let estimate = monthly_estimate(&plan.prices);
        let monthly = estimate.as_ref().and_then(|e| parse_amount(&e.amount.amount));
        let unit = |units: Option<Decimal>| monthly.and_then(|m| per_unit(m, units));
        let from = |n: Option<u32>| n.map(Decimal::from);
        PlanOffer {
            account: plan.account.clone(),
            provider: plan.provider,
            plan_id: plan.id.clone(),
            name: plan.name.clone(),
            kind: plan.kind,
            regions: plan.regions.clone(),
            vcpus: plan.vcpus,
            memory_mb: plan.memory_mb,
            disk_gb: plan.disk_gb,
            bandwidth_gb: plan.bandwidth_gb,
            available: plan.available,
            price_per_vcpu: unit(from(plan.vcpus)),
            price_per_gb_ram: unit(from(plan.memory_mb).map(|mb| mb / Decimal::from(1024))),
            price_per_gb_disk: unit(from(plan.disk_gb)),
            price_per_tb_traffic: unit(from(plan.bandwidth_gb).map(|gb| gb / Decimal::from(1000))),
            monthly_estimate: estimate,
        }
    }
}

/// The monthly cost estimate of one server, from its plan's price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ServerCostEstimate {
    pub account: String,
    pub provider: ProviderKind,
    pub server_id: String,
    pub server_name: String,
    /// The server's plan as the provider names it, or the plan its size matched.
    pub plan: Option<String>,
    /// The provider does not name the server's plan (LetsCloud): it was found as the one plan of
    /// the same vCPUs, RAM and disk.
    pub plan_matched_by_size: bool,
    /// `None`: unknown (see `unknownReason`), never 0.
    pub monthly_estimate: Option<MonthlyEstimate>,
    /// Why the cost is unknown: no plan, a plan not in the catalog, a plan without a price.
    pub unknown_reason: Option<String>,
}

/// The monthly cost estimate of a server from the plans of its account. The plan is found by id,
/// in the server's region when the catalog lists the plan per region. A server whose provider
/// does not name its plan takes the plan of exactly its size (vCPUs, RAM, disk), when only one
/// plan id has that size.
pub fn estimate_server(server: &Server, plans: &[Plan]) -> ServerCostEstimate {
    let by_size = match server.plan {
        Some(_) => None,
        None => plan_of_size(server, plans),
    };
    let plan = server.plan.clone().or_else(|| by_size.clone());
    let (estimate, unknown) = match plan.as_deref() {
        None => (
            None,
            Some("the server names no plan and no single plan has its size".to_owned()),
        ),
        Some(id) => {
            let same_id = || plans.iter().filter(|p| p.id == id);
            let in_region = same_id().find(|p| {
                server
                    .region
                    .as_ref()
                    .is_some_and(|r| p.regions.iter().any(|pr| pr.eq_ignore_ascii_case(r)))
            });
            match in_region.or_else(|| same_id().next()) {
                None => (None, Some(format!("plan '{id}' is not in the account's catalog"))),
                Some(plan) => match monthly_estimate(&plan.prices) {
                    Some(e) => (Some(e), None),
                    None => (None, Some(format!("plan '{id}' has no price"))),
                },
            }
        }
    };
    ServerCostEstimate {
        account: server.account.clone(),
        provider: server.provider,
        server_id: server.id.clone(),
        server_name: server.name.clone(),
        plan_matched_by_size: by_size.is_some(),
        plan,
        monthly_estimate: estimate,
        unknown_reason: unknown,
    }
}

/// The id of the one plan with the server's vCPUs, RAM and disk (all known).
fn plan_of_size(server: &Server, plans: &[Plan]) -> Option<String> {
    let (Some(cpu), Some(ram), Some(disk)) = (server.vcpus, server.memory_mb, server.disk_gb) else {
        return None;
    };
    let ids: std::collections::BTreeSet<&str> = plans
        .iter()
        .filter(|p| p.vcpus == Some(cpu) && p.memory_mb == Some(ram) && p.disk_gb == Some(disk))
        .map(|p| p.id.as_str())
        .collect();
    match ids.len() {
        1 => ids.into_iter().next().map(str::to_owned),
        _ => None,
    }
}

/// The monthly cost estimate of one account: its priced servers' estimates added per currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AccountCostEstimate {
    pub account: String,
    pub provider: ProviderKind,
    /// One total per currency (an account billed in two currencies has two).
    pub monthly_estimate: Vec<CurrencyTotal>,
    pub servers_priced: u32,
    /// Servers whose cost is unknown: not in the totals.
    pub servers_unknown: u32,
}

/// Monthly cost estimates per server, per account and in total (per currency), over accounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CostEstimate {
    pub servers: Vec<ServerCostEstimate>,
    pub accounts: Vec<AccountCostEstimate>,
    /// Over every account, one total per currency.
    pub monthly_estimate_totals: Vec<CurrencyTotal>,
    pub failures: Vec<AccountFailure>,
}

impl CostEstimate {
    /// Per-account and overall totals of server estimates (grouped by account in list order).
    pub fn from_servers(servers: Vec<ServerCostEstimate>, failures: Vec<AccountFailure>) -> CostEstimate {
        let mut per_account: Vec<(String, ProviderKind, Totals, u32, u32)> = Vec::new();
        let mut all = Totals::default();
        for s in &servers {
            let i = match per_account.iter().position(|a| a.0 == s.account) {
                Some(i) => i,
                None => {
                    per_account.push((s.account.clone(), s.provider, Totals::default(), 0, 0));
                    per_account.len() - 1
                }
            };
            let entry = &mut per_account[i];
            match &s.monthly_estimate {
                Some(e) if entry.2.add(&e.amount) => entry.3 += 1,
                _ => entry.4 += 1,
            }
        }
        for a in &per_account {
            all.merge(&a.2);
        }
        CostEstimate {
            accounts: per_account
                .into_iter()
                .map(
                    |(account, provider, totals, priced, unknown)| AccountCostEstimate {
                        account,
                        provider,
                        monthly_estimate: totals.to_list(),
                        servers_priced: priced,
                        servers_unknown: unknown,
                    },
                )
                .collect(),
            monthly_estimate_totals: all.to_list(),
            servers,
            failures,
        }
    }
}

/// One account's balance as its provider states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AccountBalance {
    pub account: String,
    pub provider: ProviderKind,
    /// `None`: the provider answered no balance.
    pub balance: Option<Money>,
}

/// Balances over accounts and their totals per currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Balances {
    pub items: Vec<AccountBalance>,
    pub totals: Vec<CurrencyTotal>,
    pub failures: Vec<AccountFailure>,
}

impl Balances {
    pub fn new(items: Vec<AccountBalance>, failures: Vec<AccountFailure>) -> Balances {
        let mut totals = Totals::default();
        for m in items.iter().filter_map(|b| b.balance.as_ref()) {
            totals.add(m);
        }
        Balances {
            totals: totals.to_list(),
            items,
            failures,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(amount: &str, currency: Option<&str>) -> Money {
        Money {
            amount: amount.into(),
            currency: currency.map(str::to_owned),
        }
    }

    fn price(amount: &str, currency: &str, period: PricePeriod) -> Price {
        Price {
            amount: money(amount, Some(currency)),
            period,
            before_discount: None,
            discount_percent: None,
        }
    }

    fn plan(id: &str, prices: Vec<Price>) -> Plan {
        Plan {
            account: "a".into(),
            provider: ProviderKind::Cloudzy,
            id: id.into(),
            name: None,
            kind: PlanKind::Fixed,
            vcpus: Some(2),
            memory_mb: Some(4096),
            disk_gb: Some(80),
            bandwidth_gb: Some(2000),
            prices,
            regions: vec!["UK-London".into()],
            available: None,
            raw: serde_json::Value::Null,
        }
    }

    #[test]
    fn decimal_sums_are_exact() {
        let mut t = Totals::default();
        assert!(t.add(&money("0.1", Some("USD"))));
        assert!(t.add(&money("0.2", Some("usd"))));
        let list = t.to_list();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].amount, "0.3");
        assert_eq!(list[0].currency.as_deref(), Some("USD"));
        assert_eq!(list[0].count, 2);
        // Many small amounts: a float would drift here.
        let mut t = Totals::default();
        for _ in 0..1000 {
            t.add(&money("0.01", Some("EUR")));
        }
        assert_eq!(t.to_list()[0].amount, "10.00");
    }

    #[test]
    fn different_currencies_are_never_added() {
        let mut t = Totals::default();
        t.add(&money("10.00", Some("USD")));
        t.add(&money("5.50", Some("EUR")));
        t.add(&money("-4.90", Some("EUR")));
        t.add(&money("7", None));
        t.add(&money("1", Some(" ")));
        assert!(!t.add(&money("n/a", Some("USD"))));
        let list = t.to_list();
        let got: Vec<(Option<&str>, &str, u32)> = list
            .iter()
            .map(|c| (c.currency.as_deref(), c.amount.as_str(), c.count))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("EUR"), "0.60", 2),
                (Some("USD"), "10.00", 1),
                (None, "8", 2)
            ]
        );
    }

    #[test]
    fn amounts_parse_from_provider_spellings() {
        assert_eq!(parse_amount(" 10.00 "), Some(Decimal::new(1000, 2)));
        assert_eq!(parse_amount("1e-3"), Some(Decimal::new(1, 3)));
        assert_eq!(parse_amount("-4.90"), Some(Decimal::new(-490, 2)));
        assert_eq!(parse_amount(""), None);
        assert_eq!(parse_amount("NaN"), None);
        assert_eq!(parse_amount("12,5"), None);
    }

    #[test]
    fn monthly_estimates_prefer_the_monthly_price_then_hourly_times_730() {
        let both = vec![
            price("0.01", "USD", PricePeriod::Hourly),
            price("6.00", "USD", PricePeriod::Monthly),
        ];
        let e = monthly_estimate(&both).unwrap();
        assert_eq!(
            (e.amount.amount.as_str(), e.basis),
            ("6.00", MonthlyBasis::Monthly)
        );
        let hourly = vec![price("0.0069", "usd", PricePeriod::Hourly)];
        let e = monthly_estimate(&hourly).unwrap();
        assert_eq!(e.amount, money("5.0370", Some("USD")));
        assert_eq!(e.basis, MonthlyBasis::Hourly);
        let quarterly = vec![price("10.00", "EUR", PricePeriod::Quarterly)];
        let e = monthly_estimate(&quarterly).unwrap();
        assert_eq!(
            (e.amount.amount.as_str(), e.basis),
            ("3.3333", MonthlyBasis::Quarterly)
        );
    }

    #[test]
    fn plans_without_a_price_are_unknown_not_free() {
        assert_eq!(monthly_estimate(&[]), None);
        assert_eq!(monthly_estimate(&[price("", "USD", PricePeriod::Monthly)]), None);
        assert_eq!(
            monthly_estimate(&[price("20", "USD", PricePeriod::OneTime)]),
            None
        );
        let offer = PlanOffer::from_plan(&plan("p", vec![]));
        assert_eq!(offer.monthly_estimate, None);
        assert_eq!(offer.price_per_vcpu, None);
        assert_eq!(offer.price_per_tb_traffic, None);
    }

    #[test]
    fn per_unit_prices_divide_the_monthly_price() {
        let offer = PlanOffer::from_plan(&plan("p", vec![price("10.00", "USD", PricePeriod::Monthly)]));
        assert_eq!(offer.price_per_vcpu.as_deref(), Some("5"));
        assert_eq!(offer.price_per_gb_ram.as_deref(), Some("2.5"));
        assert_eq!(offer.price_per_gb_disk.as_deref(), Some("0.125"));
        assert_eq!(offer.price_per_tb_traffic.as_deref(), Some("5"));
        // A divisor of 0 or unknown is no price, never an error or infinity.
        let mut p = plan("q", vec![price("10", "USD", PricePeriod::Monthly)]);
        p.vcpus = Some(0);
        p.disk_gb = None;
        p.bandwidth_gb = Some(0);
        p.memory_mb = Some(768);
        let offer = PlanOffer::from_plan(&p);
        assert_eq!(offer.price_per_vcpu, None);
        assert_eq!(offer.price_per_gb_disk, None);
        assert_eq!(offer.price_per_tb_traffic, None);
        assert_eq!(offer.price_per_gb_ram.as_deref(), Some("13.3333"));
    }

    #[test]
    fn server_estimates_and_account_totals_keep_currencies_apart() {
        let server = |account: &str, id: &str, plan: Option<&str>, region: &str| Server {
            account: account.into(),
            provider: ProviderKind::Cloudzy,
            id: id.into(),
            name: format!("s{id}"),
            hostname: None,
            status: crate::ServerStatus::Running,
            raw_status: Default::default(),
            ipv4: vec![],
            ipv6: vec![],
            region: Some(region.into()),
            plan: plan.map(str::to_owned),
            image: None,
            vcpus: None,
            memory_mb: None,
            disk_gb: None,
            bandwidth_gb: None,
            created_at: None,
            tags: vec![],
            local_tags: vec![],
            active_jobs: vec![],
            usage: None,
            extra: Default::default(),
            raw: serde_json::Value::Null,
        };
        let mut ny = plan("small", vec![price("7.00", "USD", PricePeriod::Monthly)]);
        ny.regions = vec!["NYC".into()];
        let plans = vec![
            plan("small", vec![price("5.00", "USD", PricePeriod::Monthly)]),
            ny,
            plan("eu", vec![price("4.00", "EUR", PricePeriod::Monthly)]),
            plan("free?", vec![]),
        ];
        let estimates = vec![
            estimate_server(&server("a", "1", Some("small"), "UK-London"), &plans),
            estimate_server(&server("a", "2", Some("small"), "nyc"), &plans),
            estimate_server(&server("a", "3", Some("eu"), "UK-London"), &plans),
            estimate_server(&server("a", "4", Some("free?"), "UK-London"), &plans),
            estimate_server(&server("b", "5", None, "UK-London"), &plans),
            estimate_server(&server("b", "6", Some("gone"), "UK-London"), &plans),
        ];
        // A server that names no plan takes the one plan of its size.
        let mut sized = server("c", "7", None, "UK-London");
        (sized.vcpus, sized.memory_mb, sized.disk_gb) = (Some(2), Some(4096), Some(80));
        let mut other = plan("big", vec![price("9.00", "USD", PricePeriod::Monthly)]);
        other.vcpus = Some(4);
        let e = estimate_server(&sized, &[plans[0].clone(), other.clone()]);
        assert!(e.plan_matched_by_size);
        assert_eq!(
            (
                e.plan.as_deref(),
                e.monthly_estimate.unwrap().amount.amount.as_str()
            ),
            (Some("small"), "5.00")
        );
        // Two plans of that size: which one is unknown.
        let e = estimate_server(&sized, &[plans[0].clone(), plans[2].clone()]);
        assert!(e.monthly_estimate.is_none() && !e.plan_matched_by_size);
        assert_eq!(
            estimates[1].monthly_estimate.as_ref().unwrap().amount.amount,
            "7.00"
        );
        assert!(estimates[3]
            .unknown_reason
            .as_deref()
            .unwrap()
            .contains("no price"));
        assert!(estimates[5].unknown_reason.as_deref().unwrap().contains("not in"));
        let total = CostEstimate::from_servers(estimates, vec![]);
        let a = &total.accounts[0];
        assert_eq!((a.servers_priced, a.servers_unknown), (3, 1));
        let sums: Vec<(Option<&str>, &str)> = a
            .monthly_estimate
            .iter()
            .map(|t| (t.currency.as_deref(), t.amount.as_str()))
            .collect();
        assert_eq!(sums, vec![(Some("EUR"), "4.00"), (Some("USD"), "12.00")]);
        let b = &total.accounts[1];
        assert_eq!((b.servers_priced, b.servers_unknown), (0, 2));
        assert!(b.monthly_estimate.is_empty());
        assert_eq!(total.monthly_estimate_totals.len(), 2);
    }

    #[test]
    fn balances_total_per_currency() {
        let b = |account: &str, m: Option<Money>| AccountBalance {
            account: account.into(),
            provider: ProviderKind::Cloudero,
            balance: m,
        };
        let all = Balances::new(
            vec![
                b("x", Some(money("0.1", Some("EUR")))),
                b("y", Some(money("0.2", Some("EUR")))),
                b("z", Some(money("3", Some("USD")))),
                b("w", None),
            ],
            vec![],
        );
        let got: Vec<(Option<&str>, &str)> = all
            .totals
            .iter()
            .map(|t| (t.currency.as_deref(), t.amount.as_str()))
            .collect();
        assert_eq!(got, vec![(Some("EUR"), "0.3"), (Some("USD"), "3")]);
    }
}
