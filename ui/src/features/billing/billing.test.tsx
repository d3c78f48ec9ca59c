import { screen, waitFor, within } from "@testing-library/react";

import type { AccountView } from "../../bindings/AccountView";
import type { CostEstimate } from "../../bindings/CostEstimate";
import type { Invoice } from "../../bindings/Invoice";
import { accountState, accountView, allCapabilities } from "../../testing/fixtures";
import { callsOf, renderApp } from "../../testing/render";
import { inWindow } from "./BillingView";

function ro(name = "ro"): AccountView {
  const v = accountView(name, "cloudero");
  v.capabilities = allCapabilities("cloudero");
  v.capabilities.billing = { profile: true, balance: true, invoices: true, transactions: true };
  v.capabilities.create = { ...v.capabilities.create, plans: true };
  return v;
}
function lc(name = "lc"): AccountView {
  const v = accountView(name, "letscloud");
  v.capabilities = allCapabilities("letscloud");
  v.capabilities.billing = { profile: true, balance: true, invoices: false, transactions: false };
  v.capabilities.create = { ...v.capabilities.create, plans: true };
  return v;
}

// A payment link inside the provider's raw data: a credential that must never reach the DOM.
const SECRET_LINK = "https://pay.example.test/invoice/7?token=s3cr3t-pay-token";
const invoice = (id: string, issuedAt: string, o: Partial<Invoice> = {}): Invoice => ({
  account: "ro",
  provider: "cloudero",
  id,
  number: `INV-${id}`,
  amount: { amount: "12.10", currency: "EUR" },
  status: "paid",
  issuedAt,
  dueAt: null,
  paidAt: null,
  raw: { id, pay_url: SECRET_LINK },
  ...o,
});

const estimate: CostEstimate = {
  servers: [
    { account: "ro", provider: "cloudero", serverId: "1", serverName: "web-1", plan: "ro-small", planMatchedBySize: false, monthlyEstimate: { amount: { amount: "10.00", currency: "EUR" }, basis: "monthly" }, unknownReason: null },
    { account: "lc", provider: "letscloud", serverId: "2", serverName: "db-1", plan: null, planMatchedBySize: false, monthlyEstimate: null, unknownReason: "no plan in the catalog" },
  ],
  accounts: [
    { account: "ro", provider: "cloudero", monthlyEstimate: [{ currency: "EUR", amount: "10.00", count: 1 }], serversPriced: 1, serversUnknown: 0 },
    { account: "lc", provider: "letscloud", monthlyEstimate: [], serversPriced: 0, serversUnknown: 1 },
  ],
  monthlyEstimateTotals: [{ currency: "EUR", amount: "10.00", count: 1 }],
  failures: [],
};

function open(accounts: AccountView[], handlers: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  return renderApp({
    accounts,
    cached: { servers: [], accounts: accounts.map((a) => accountState(a.account.name, { provider: a.account.provider })) },
    path: "/billing",
    handlers: {
      balances: () => ({
        items: [
          { account: "ro", provider: "cloudero", balance: { amount: "25.50", currency: "EUR" } },
          { account: "lc", provider: "letscloud", balance: { amount: "7.25", currency: "USD" } },
        ],
        totals: [
          { currency: "EUR", amount: "25.50", count: 1 },
          { currency: "USD", amount: "7.25", count: 1 },
        ],
        failures: [],
      }),
      cost_estimate: () => estimate,
      invoices: () => ({ items: [invoice("7", "2026-11-02T10:00:00Z"), invoice("6", "2026-10-02T10:00:00Z", { status: "unpaid" })], failures: [] }),
      transactions: () => ({
        items: [{ account: "ro", provider: "cloudero", id: "t1", amount: { amount: "-12.10", currency: "EUR" }, kind: "charge", description: "Invoice 7", at: "2026-11-02T10:00:00Z", raw: {} }],
        failures: [],
      }),
      ...handlers,
    },
  });
}

describe("date window", () => {
  it("includes both bounds and is open when empty", () => {
    expect(inWindow("2026-11-02T10:00:00Z", "2026-11-02", "2026-11-02")).toBe(true);
    expect(inWindow("2026-11-03T00:00:00Z", "", "2026-11-02")).toBe(false);
    expect(inWindow(null, "", "")).toBe(true);
    expect(inWindow(null, "2026-01-01", "")).toBe(false);
  });
});

describe("the billing view", () => {
  it("shows balances and Rust's totals per currency, never added across currencies", async () => {
    const { calls } = open([ro(), lc()]);
    expect(await screen.findByTestId("billing-balance-ro")).toHaveTextContent("25.50 EUR");
    expect(screen.getByTestId("billing-balance-lc")).toHaveTextContent("7.25 USD");
    expect(screen.getByTestId("billing-balance-totals")).toHaveTextContent("Total: 25.50 EUR · 7.25 USD");
    expect(callsOf(calls, "balances")).toEqual([{ accounts: ["ro", "lc"] }]);
  });

  it("labels the monthly cost as an estimate, per account and per server, unknowns said", async () => {
    open([ro(), lc()]);
    const section = await screen.findByTestId("billing-estimate");
    expect(section).toHaveTextContent("Monthly cost — estimate");
    expect(await within(section).findByTestId("billing-estimate-ro")).toHaveTextContent("~ 10.00 EUR");
    expect(within(section).getByTestId("billing-estimate-lc")).toHaveTextContent("1 unknown (not in the total)");
    expect(within(section).getByTestId("billing-servers-row-lc/2")).toHaveTextContent("unknown: no plan in the catalog");
    expect(within(section).getByTestId("billing-estimate-totals")).toHaveTextContent("~ 10.00 EUR");
  });

  it("lists invoices in a date window, transactions in their tab, and never puts a payment link in the page", async () => {
    const { user } = open([ro(), lc()]);
    expect(await screen.findByTestId("invoices-row-ro/7")).toHaveTextContent("12.10 EUR");
    expect(screen.getByTestId("invoices-row-ro/7")).toHaveTextContent("✓ paid");
    expect(screen.getByTestId("invoices-row-ro/6")).toHaveTextContent("◷ unpaid");
    await user.type(screen.getByTestId("billing-from"), "2026-11-01");
    await waitFor(() => expect(screen.queryByTestId("invoices-row-ro/6")).toBeNull());
    expect(screen.getByTestId("invoices-count")).toHaveTextContent("1 of 2 invoices");
    expect(document.body.innerHTML).not.toContain("s3cr3t-pay-token");
    await user.click(screen.getByTestId("billing-tab-transactions"));
    expect(await screen.findByTestId("transactions-row-ro/t1")).toHaveTextContent("-12.10 EUR");
  });

  it("keeps an account's failure on that account", async () => {
    open([ro(), lc()], {
      balances: () => ({
        items: [{ account: "ro", provider: "cloudero", balance: { amount: "25.50", currency: "EUR" } }],
        totals: [{ currency: "EUR", amount: "25.50", count: 1 }],
        failures: [{ account: "lc", error: { code: "auth", message: "token refused", details: {} } }],
      }),
    });
    expect(await screen.findByTestId("billing-failure-lc")).toHaveTextContent("token refused");
    expect(screen.queryByTestId("billing-failure-ro")).toBeNull();
    expect(screen.getByTestId("billing-balance-ro")).toHaveTextContent("25.50 EUR");
  });
});
