import { screen, waitFor, within } from "@testing-library/react";

import type { AccountView } from "../../bindings/AccountView";
import type { Plan } from "../../bindings/Plan";
import type { CostEstimate } from "../../bindings/CostEstimate";
import type { Invoice } from "../../bindings/Invoice";
import type { Server } from "../../bindings/Server";
import type { LiveUsage } from "../../bindings/LiveUsage";
import { accountState, accountView, allCapabilities, server } from "../../testing/fixtures";
import { CommandRejection } from "../../testing/ipc";
import { callsOf, renderApp } from "../../testing/render";
import { i18n } from "../../i18n";
import { inWindow } from "./BillingView";
import { counterSeries, countersText, withReadings } from "./UsageSection";

function ro(name = "ro"): AccountView {
  const v = accountView(name, "cloudero");
  v.capabilities = allCapabilities("cloudero");
  v.capabilities.billing = { profile: true, balance: true, invoices: true, transactions: true };
  v.capabilities.create = { ...v.capabilities.create, plans: true };
  v.capabilities.usage = { traffic: false, live: false };
  return v;
}
function lc(name = "lc"): AccountView {
  const v = accountView(name, "letscloud");
  v.capabilities = allCapabilities("letscloud");
  v.capabilities.billing = { profile: true, balance: true, invoices: false, transactions: false };
  v.capabilities.create = { ...v.capabilities.create, plans: true };
  v.capabilities.usage = { traffic: false, live: false };
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
  hasDocument: true,
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

function open(accounts: AccountView[], handlers: Record<string, (args: Record<string, unknown>) => unknown> = {}, servers: Server[] = []) {
  return renderApp({
    accounts,
    cached: { servers, accounts: accounts.map((a) => accountState(a.account.name, { provider: a.account.provider })) },
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
      invoices: () => ({
        items: [invoice("7", "2026-11-02T10:00:00Z"), invoice("6", "2026-10-02T10:00:00Z", { status: "unpaid", hasDocument: false })],
        failures: [],
      }),
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

  it("names each server's plan from its account's catalog, the id where the catalog lacks it", async () => {
    const plan: Plan = {
      account: "ro",
      provider: "cloudero",
      id: "ro-small",
      name: "small",
      kind: "fixed",
      vcpus: 2,
      memoryMb: 4096,
      diskGb: 40,
      bandwidthGb: null,
      prices: [{ amount: { amount: "10.00", currency: "EUR" }, period: "monthly", beforeDiscount: null, discountPercent: null }],
      regions: [],
      available: true,
      raw: null,
    };
    open([ro(), lc()], { plans: (args) => (args.account === "ro" ? [plan] : []) });
    const row = await screen.findByTestId("billing-servers-row-ro/1");
    await waitFor(() => expect(row).toHaveTextContent("2 vCPU · 4 GB"));
    expect(row).not.toHaveTextContent("ro-small");
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

  it("lays balances and estimates out as table rows, one row per account, amounts trimmed to the needed decimals", async () => {
    open([ro(), lc()], {
      balances: () => ({
        items: [{ account: "ro", provider: "cloudero", balance: { amount: "173.8200", currency: null } }],
        totals: [{ currency: null, amount: "173.8200", count: 1 }],
        failures: [],
      }),
    });
    const balances = await screen.findByRole("table", { name: "Balances" });
    const row = await within(balances).findByTestId("billing-balance-ro");
    expect(row.tagName).toBe("TR");
    expect(within(row).getAllByRole("cell").map((c) => c.textContent)).toEqual(["ro", "Cloude.ro", "173.82"]);
    expect(screen.getByTestId("billing-balance-totals")).toHaveTextContent("173.82 (currency not stated)");
    const estimates = await screen.findByRole("table", { name: "Monthly cost estimate per account" });
    const lcRow = within(estimates).getByTestId("billing-estimate-lc");
    expect(lcRow.tagName).toBe("TR");
    expect(lcRow).toHaveTextContent("1 unknown (not in the total)");
  });

  it("shows invoice dates as dates, without the time", async () => {
    open([ro()], {
      invoices: () => ({ items: [invoice("7", "2026-12-01T00:00:00Z", { dueAt: "2026-12-15T00:00:00Z", paidAt: "2026-12-03T09:30:00Z" })], failures: [] }),
    });
    const row = await screen.findByTestId("invoices-row-ro/7");
    expect(row).toHaveTextContent("Dec 1, 2026");
    expect(row).toHaveTextContent("Dec 15, 2026");
    expect(row).toHaveTextContent("Dec 3, 2026");
    expect(row).not.toHaveTextContent("00:00");
    expect(row).not.toHaveTextContent("09:30");
  });

  it("sorts invoices by amount and day as values, not as the text shown", async () => {
    const { user } = open([ro()], {
      invoices: () => ({
        items: [
          invoice("1", "2026-12-01T00:00:00Z", { amount: { amount: "999.00", currency: "EUR" } }),
          invoice("2", "2026-02-01T00:00:00Z", { amount: { amount: "1234.50", currency: "EUR" } }),
        ],
        failures: [],
      }),
    });
    await screen.findByTestId("invoices-row-ro/1");
    const ids = () => within(screen.getByTestId("invoices-table")).getAllByRole("row").map((r) => r.dataset.testid).filter((id) => id !== undefined);
    // Newest first by default: Dec 1 before Feb 1 (as text, "Feb" would come first).
    expect(ids()).toEqual(["invoices-row-ro/1", "invoices-row-ro/2"]);
    await user.click(screen.getByTestId("invoices-sort-amount"));
    // 999.00 before 1,234.50 (as text, "1,234.50" would come first).
    expect(ids()).toEqual(["invoices-row-ro/1", "invoices-row-ro/2"]);
    expect(screen.getByTestId("invoices-row-ro/2")).toHaveTextContent("1,234.50 EUR");
  });

  it("speaks Brazilian Portuguese: words, amounts and dates", async () => {
    await i18n.changeLanguage("pt-BR");
    const { user } = open([ro(), lc()], {
      balances: () => ({
        items: [{ account: "ro", provider: "cloudero", balance: { amount: "1234.5000", currency: "EUR" } }],
        totals: [
          { currency: "EUR", amount: "1234.5000", count: 1 },
          { currency: null, amount: "60.0000", count: 1 },
        ],
        failures: [],
      }),
      invoices: () => ({ items: [invoice("7", "2026-12-01T00:00:00Z", { amount: { amount: "1234.50", currency: "EUR" } })], failures: [] }),
    });
    expect(await screen.findByTestId("billing-balance-ro")).toHaveTextContent("1.234,50 EUR");
    expect(screen.getByTestId("main-title")).toHaveTextContent("Faturamento");
    expect(screen.getByRole("table", { name: "Saldos" })).toBeInTheDocument();
    expect(screen.getByTestId("billing-balance-totals")).toHaveTextContent("Total: 1.234,50 EUR · 60,00 (moeda não informada)");
    expect(await screen.findByTestId("billing-estimate")).toHaveTextContent("Custo mensal — estimativa");
    expect(await screen.findByTestId("billing-estimate-ro")).toHaveTextContent("~ 10,00 EUR");
    expect(screen.getByTestId("billing-estimate-lc")).toHaveTextContent("0 com preço, 1 desconhecido (fora do total)");
    const row = await screen.findByTestId("invoices-row-ro/7");
    expect(row).toHaveTextContent("1.234,50 EUR");
    expect(row).toHaveTextContent("1 de dez. de 2026");
    expect(within(row).getByTestId("invoice-download")).toHaveTextContent("Baixar");
    expect(screen.getByTestId("billing-tab-invoices")).toHaveTextContent("Faturas");
    await user.click(screen.getByTestId("billing-tab-transactions"));
    const transaction = await screen.findByTestId("transactions-row-ro/t1");
    expect(transaction).toHaveTextContent("-12,10 EUR");
    expect(transaction).toHaveTextContent("2 de nov. de 2026, 10:00");
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

/** A promise the test settles: a command that is still running. */
function deferred<T>() {
  let resolve: (v: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("invoice documents", () => {
  it("offers open and download only for an invoice with a document", async () => {
    open([ro(), lc()]);
    const withDocument = await screen.findByTestId("invoices-row-ro/7");
    expect(within(withDocument).getByTestId("invoice-open")).toBeEnabled();
    expect(within(withDocument).getByTestId("invoice-download")).toBeEnabled();
    const without = screen.getByTestId("invoices-row-ro/6");
    expect(within(without).queryByTestId("invoice-open")).toBeNull();
    expect(within(without).queryByTestId("invoice-download")).toBeNull();
  });

  it("opens through Rust, with both buttons disabled while it runs", async () => {
    const running = deferred<null>();
    const { user, calls } = open([ro(), lc()], { open_invoice: () => running.promise });
    const row = await screen.findByTestId("invoices-row-ro/7");
    await user.click(within(row).getByTestId("invoice-open"));
    expect(callsOf(calls, "open_invoice")).toEqual([{ account: "ro", invoiceId: "7" }]);
    await waitFor(() => expect(within(row).getByTestId("invoice-open")).toBeDisabled());
    expect(within(row).getByTestId("invoice-download")).toBeDisabled();
    running.resolve(null);
    await waitFor(() => expect(within(row).getByTestId("invoice-open")).toBeEnabled());
    expect(within(row).getByTestId("invoice-download")).toBeEnabled();
    expect(within(row).queryByTestId("invoice-error")).toBeNull();
  });

  it("downloads through Rust and tells where the file went", async () => {
    const { user, calls } = open([ro(), lc()], { download_invoice: () => "/home/me/Downloads/invoice-ro-7 (2).pdf" });
    const row = await screen.findByTestId("invoices-row-ro/7");
    await user.click(within(row).getByTestId("invoice-download"));
    expect(callsOf(calls, "download_invoice")).toEqual([{ account: "ro", invoiceId: "7" }]);
    expect(await screen.findByTestId("toast")).toHaveTextContent("Saved invoice INV-7 to /home/me/Downloads/invoice-ro-7 (2).pdf");
  });

  it("shows the error of a failed open or download on the invoice", async () => {
    const { user } = open([ro(), lc()], {
      download_invoice: () => {
        throw new CommandRejection({ code: "provider", message: "ro: the link of invoice ro/7 leads to a web page, not a PDF document", details: {} });
      },
    });
    const row = await screen.findByTestId("invoices-row-ro/7");
    await user.click(within(row).getByTestId("invoice-download"));
    expect(await within(row).findByTestId("invoice-error")).toHaveTextContent("leads to a web page, not a PDF document");
    expect(within(row).getByTestId("invoice-download")).toBeEnabled();
  });
});

describe("CSV export of the billing history", () => {
  it("saves invoices and transactions as CSV through the shared table export, without links", async () => {
    const { user, calls } = open([ro(), lc()], { save_export: (args) => `/home/me/Downloads/${String(args.fileName)}` });
    await screen.findByTestId("invoices-row-ro/7");
    await user.click(screen.getByTestId("invoices-export-csv"));
    await waitFor(() => expect(callsOf(calls, "save_export")).toHaveLength(1));
    const [invoiceCsv] = callsOf(calls, "save_export");
    expect(invoiceCsv?.fileName).toBe("fleetdeck-invoices.csv");
    const invoiceText = String(invoiceCsv?.contents);
    expect(invoiceText.split(/\r?\n/)[0]).toBe("id,number,account,status,amount,issued,due,paid");
    expect(invoiceText).toContain("INV-7");
    expect(invoiceText).toContain("12.10 EUR");
    expect(invoiceText).not.toContain("s3cr3t-pay-token");

    await user.click(screen.getByTestId("billing-tab-transactions"));
    await screen.findByTestId("transactions-row-ro/t1");
    await user.click(screen.getByTestId("transactions-export-csv"));
    await waitFor(() => expect(callsOf(calls, "save_export")).toHaveLength(2));
    const transactionCsv = callsOf(calls, "save_export")[1];
    expect(transactionCsv?.fileName).toBe("fleetdeck-transactions.csv");
    expect(String(transactionCsv?.contents)).toContain("Invoice 7");
  });
});

const counters = (o: Partial<LiveUsage> = {}): LiveUsage => ({
  cpuPercent: 12,
  memoryUsedMb: 512,
  memoryTotalMb: 1024,
  diskUsedGb: 3,
  diskTotalGb: 20,
  processes: 42,
  networkRxBytes: null,
  networkTxBytes: null,
  ...o,
});

describe("usage in billing", () => {
  function roTraffic() {
    const v = ro();
    v.capabilities.usage = { traffic: true, live: false };
    return v;
  }
  function vz() {
    const v = accountView("home", "vz");
    v.capabilities = allCapabilities("vz");
    v.capabilities.billing = { profile: false, balance: false, invoices: false, transactions: false };
    v.capabilities.usage = { traffic: false, live: true };
    return v;
  }
  const traffic = [
    {
      account: "ro",
      provider: "cloudero" as const,
      serverId: "",
      metric: "trafficIn",
      unit: "MB",
      points: [
        { at: "2026-11-02T10:00:00Z", value: 5 },
        { at: "2026-11-02T11:00:00Z", value: 7 },
      ],
    },
  ];

  it("is hidden when no account offers usage", async () => {
    open([ro(), lc()], {}, [server("ro", "web-1", { provider: "cloudero" })]);
    await screen.findByTestId("billing-balances");
    expect(screen.queryByTestId("billing-usage")).toBeNull();
  });

  it("charts a Cloude.ro server's traffic through the usage command, and follows the picked server", async () => {
    const web = server("ro", "web-1", { provider: "cloudero" });
    const db = server("ro", "db-1", { provider: "cloudero" });
    const { user, calls } = open([roTraffic(), lc()], { usage: (args) => traffic.map((t) => ({ ...t, serverId: String(args.server) })) }, [web, db]);
    const section = await screen.findByTestId("billing-usage");
    await waitFor(() => expect(callsOf(calls, "usage")).toEqual([{ server: `ro/${web.id}` }]));
    expect(await within(section).findByTestId("billing-usage-traffic")).not.toHaveTextContent("No traffic recorded");
    expect(within(section).queryByTestId("billing-usage-counters")).toBeNull();
    await user.selectOptions(within(section).getByTestId("billing-usage-server"), `ro/${db.id}`);
    await waitFor(() => expect(callsOf(calls, "usage")).toContainEqual({ server: `ro/${db.id}` }));
  });

  it("shows a vz/LXD server's live counters, and a vz-only scope still opens the view", async () => {
    const box = server("home", "box-1", { provider: "vz", usage: counters() });
    const { calls } = open([vz()], {}, [box]);
    const section = await screen.findByTestId("billing-usage");
    expect(await within(section).findByTestId("billing-usage-counters-now")).toHaveTextContent("CPU 12 % · memory 512 / 1,024 MB · disk 3 / 20 GB · 42 processes");
    expect(callsOf(calls, "usage")).toEqual([]);
  });

  it("turns counter readings into percent series, leaving out what no reading states", () => {
    const s = { account: "home", provider: "vz" as const, id: "1" };
    const series = counterSeries(s, [
      { at: "2026-11-02T10:00:00Z", usage: counters() },
      { at: "2026-11-02T10:01:00Z", usage: counters({ cpuPercent: 30, memoryUsedMb: 256, diskTotalGb: null }) },
    ]);
    expect(series.map((x) => [x.metric, x.points.map((p) => p.value)])).toEqual([
      ["cpu", [12, 30]],
      ["memory", [50, 25]],
      ["disk", [15]],
    ]);
    expect(series.every((x) => x.unit === "percent" && x.serverId === "1")).toBe(true);
    expect(countersText(counters({ cpuPercent: null, memoryTotalMb: null, processes: null }))).toBe("memory 512 MB · disk 3 / 20 GB");
  });

  it("adds one reading per listing, stamped with the account's fetch time, and none for a listing already read", () => {
    const box = server("home", "box-1", { provider: "vz", usage: counters() });
    const listing = (fetchedAt: string | null, cpu: number) => ({
      servers: [{ ...box, usage: counters({ cpuPercent: cpu }) }],
      accounts: [accountState("home", { provider: "vz", fetchedAt })],
    });
    const live = (a: string) => a === "home";
    const once = withReadings({}, listing("2026-11-02T10:00:00Z", 10), live);
    const again = withReadings(once, listing("2026-11-02T10:00:00Z", 10), live);
    const twice = withReadings(again, listing("2026-11-02T10:05:00Z", 20), live);
    expect(twice[`home/${box.id}`]?.map((r) => [r.at, r.usage.cpuPercent])).toEqual([
      ["2026-11-02T10:00:00Z", 10],
      ["2026-11-02T10:05:00Z", 20],
    ]);
    expect(withReadings({}, listing(null, 10), live)).toEqual({});
    expect(withReadings({}, listing("2026-11-02T10:00:00Z", 10), () => false)).toEqual({});
  });
});
