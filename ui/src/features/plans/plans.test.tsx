import { screen, waitFor, within } from "@testing-library/react";

import type { AccountView } from "../../bindings/AccountView";
import type { PlanOffer } from "../../bindings/PlanOffer";
import { accountState, accountView, allCapabilities } from "../../testing/fixtures";
import { CommandRejection } from "../../testing/ipc";
import { i18n } from "../../i18n";
import { callsOf, renderApp } from "../../testing/render";
import { compareDecimal } from "./money";

function withPlans(name: string, provider: AccountView["account"]["provider"]): AccountView {
  const v = accountView(name, provider);
  v.capabilities = allCapabilities(provider);
  v.capabilities.create = { ...v.capabilities.create, regions: true, plans: true };
  return v;
}

function offer(account: string, planId: string, o: Partial<PlanOffer> = {}): PlanOffer {
  return {
    account,
    provider: "letscloud",
    planId,
    name: planId,
    kind: "fixed",
    regions: ["fra1"],
    vcpus: 1,
    memoryMb: 1024,
    diskGb: 25,
    bandwidthGb: 1000,
    available: true,
    monthlyEstimate: { amount: { amount: "5.00", currency: "USD" }, basis: "monthly" },
    pricePerVcpu: "5.0000",
    pricePerGbRam: "5.0000",
    pricePerGbDisk: "0.2000",
    pricePerTbTraffic: "5.0000",
    ...o,
  };
}

const small = offer("lc", "s-1", {});
// 10 per vCPU in text sorts before 9.5 as text ("10" < "9."): the order must be numeric.
const big = offer("lc", "s-4", {
  vcpus: 4,
  memoryMb: 8192,
  diskGb: 160,
  monthlyEstimate: { amount: { amount: "40.00", currency: "USD" }, basis: "monthly" },
  pricePerVcpu: "10.0000",
});
const mid = offer("zy", "zy-2", {
  provider: "cloudzy",
  regions: ["ams"],
  vcpus: 2,
  memoryMb: 2048,
  diskGb: 50,
  monthlyEstimate: { amount: { amount: "19.00", currency: "USD" }, basis: "hourly" },
  pricePerVcpu: "9.5000",
});
const unpriced = offer("zy", "zy-x", { provider: "cloudzy", regions: ["ams"], monthlyEstimate: null, pricePerVcpu: null, pricePerGbRam: null, pricePerGbDisk: null, pricePerTbTraffic: null });

function open(accounts: AccountView[], handlers: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  return renderApp({
    accounts,
    cached: { servers: [], accounts: accounts.map((a) => accountState(a.account.name, { provider: a.account.provider })) },
    path: "/plans",
    handlers: {
      plan_comparison: (args) => {
        const [account] = args.accounts as string[];
        return { items: [small, big, mid, unpriced].filter((p) => p.account === account), failures: [] };
      },
      regions: () => [
        { id: "fra1", name: "Frankfurt", country: null, available: true, raw: {} },
        { id: "ams", name: "Amsterdam", country: null, available: true, raw: {} },
      ],
      plans: () => [],
      ...handlers,
    },
  });
}

const rowIds = () =>
  within(screen.getByTestId("plans-table"))
    .getAllByRole("row")
    .map((r) => r.dataset.testid)
    .filter((id): id is string => id !== undefined);

describe("decimal order", () => {
  it("orders decimal strings exactly, not as text", () => {
    expect(compareDecimal("10.0000", "9.5")).toBeGreaterThan(0);
    expect(compareDecimal("0.25", "0.5")).toBeLessThan(0);
    expect(compareDecimal("-1.5", "0.25")).toBeLessThan(0);
    expect(compareDecimal("-2", "-1.5")).toBeLessThan(0);
    expect(compareDecimal("5.00", "5")).toBe(0);
  });
});

describe("the plans view", () => {
  it("compares every account's plans with Rust's per-unit prices, trimmed to the needed decimals (money.ts decimalText)", async () => {
    const { calls } = open([withPlans("lc", "letscloud"), withPlans("zy", "cloudzy")]);
    const row = await screen.findByTestId("plans-row-lc/s-4");
    expect(row).toHaveTextContent("40.00 USD");
    expect(row).toHaveTextContent("10.00 USD");
    expect(row).not.toHaveTextContent("10.0000");
    expect(row).toHaveTextContent("8 GB");
    expect(row).toHaveTextContent("1 TB");
    expect(await screen.findByTestId("plans-row-zy/zy-2")).toHaveTextContent("9.50 USD");
    expect(callsOf(calls, "plan_comparison")).toEqual(
      expect.arrayContaining([
        { accounts: ["lc"], region: null },
        { accounts: ["zy"], region: null },
      ]),
    );
    // Cheapest monthly first; a plan without a price last.
    expect(rowIds()).toEqual(["plans-row-lc/s-1", "plans-row-zy/zy-2", "plans-row-lc/s-4", "plans-row-zy/zy-x"]);
  });

  it("sorts by price per vCPU as decimals, both ways, unknown prices last", async () => {
    const { user } = open([withPlans("lc", "letscloud"), withPlans("zy", "cloudzy")]);
    await screen.findByTestId("plans-row-zy/zy-2");
    await user.click(screen.getByTestId("plans-sort-perVcpu"));
    expect(rowIds()).toEqual(["plans-row-lc/s-1", "plans-row-zy/zy-2", "plans-row-lc/s-4", "plans-row-zy/zy-x"]);
    await user.click(screen.getByTestId("plans-sort-perVcpu"));
    expect(rowIds()).toEqual(["plans-row-lc/s-4", "plans-row-zy/zy-2", "plans-row-lc/s-1", "plans-row-zy/zy-x"]);
    await user.click(screen.getByTestId("plans-sort-vcpus"));
    expect(rowIds()[0]).toMatch(/s-1|zy-x/);
  });

  it("filters by region and minimum sizes", async () => {
    const { user } = open([withPlans("lc", "letscloud"), withPlans("zy", "cloudzy")]);
    await screen.findByTestId("plans-row-zy/zy-2");
    await user.selectOptions(screen.getByTestId("plans-filter-region"), "ams");
    expect(rowIds()).toEqual(["plans-row-zy/zy-2", "plans-row-zy/zy-x"]);
    await user.click(screen.getByTestId("plans-clear-filters"));
    await user.type(screen.getByTestId("plans-filter-minVcpus"), "2");
    await user.type(screen.getByTestId("plans-filter-minRamGb"), "4");
    expect(rowIds()).toEqual(["plans-row-lc/s-4"]);
    expect(screen.getByTestId("plans-count")).toHaveTextContent("1 of 4 plans");
  });

  it("opens the create wizard with the row's plan and region chosen", async () => {
    const { user } = open([withPlans("lc", "letscloud"), withPlans("zy", "cloudzy")], {
      plans: () => [
        { account: "zy", provider: "cloudzy", id: "zy-2", name: "zy-2", kind: "fixed", vcpus: 2, memoryMb: 2048, diskGb: 50, bandwidthGb: 1000, prices: [], regions: ["ams"], available: true, raw: {} },
      ],
    });
    await user.click(await screen.findByTestId("plans-name-zy/zy-2"));
    await user.click(within(screen.getByTestId("plans-detail")).getByTestId("plan-create-server"));
    const wizard = await screen.findByTestId("create-wizard");
    await waitFor(() => expect(within(wizard).getByTestId("wizard-region-select")).toHaveValue("ams"));
    await user.click(within(wizard).getByTestId("wizard-next"));
    await waitFor(() => expect(within(wizard).getByTestId("wizard-plan-select")).toHaveValue("zy-2"));
  });

  it("keeps an account's failure on that account and says what to do with no plans", async () => {
    open([withPlans("lc", "letscloud"), withPlans("zy", "cloudzy")], {
      plan_comparison: (args) => {
        if ((args.accounts as string[])[0] === "zy") throw new CommandRejection({ code: "auth", message: "token refused", details: {} });
        return { items: [], failures: [] };
      },
    });
    expect(await screen.findByTestId("plans-failure-zy")).toHaveTextContent("token refused");
    expect(screen.queryByTestId("plans-failure-lc")).toBeNull();
    expect(await screen.findByTestId("plans-empty")).toHaveTextContent("No plans to compare");
    expect(screen.getByTestId("plans-add-account")).toBeInTheDocument();
  });
});

describe("the plans view in Brazilian Portuguese", () => {
  it("has translated headers and filters, and amounts and sizes with a decimal comma", async () => {
    await i18n.changeLanguage("pt-BR");
    const half = offer("lc", "s-h", { memoryMb: 1536, monthlyEstimate: { amount: { amount: "1234.50", currency: "USD" }, basis: "semiAnnually" }, pricePerVcpu: "9.5000" });
    const { user } = open([withPlans("lc", "letscloud")], { plan_comparison: () => ({ items: [half], failures: [] }) });
    const row = await screen.findByTestId("plans-row-lc/s-h");
    expect(row).toHaveTextContent("1.234,50 USD");
    expect(row).toHaveTextContent("9,50 USD");
    expect(row).toHaveTextContent("1,5 GB");
    expect(screen.getByTestId("main-title")).toHaveTextContent("Planos");
    expect(screen.getByTestId("plans-sort-perGbRam")).toHaveTextContent("Por GB de RAM");
    expect(screen.getByTestId("plans-filter-region")).toHaveTextContent("Qualquer região");
    await user.click(screen.getByTestId("plans-name-lc/s-h"));
    expect(screen.getByTestId("plans-detail")).toHaveTextContent("estimado a partir do preço semestral");
  });
});

describe("plan row ids", () => {
  it("stay unique when one plan id is offered in several regions at different prices", async () => {
    const a = offer("lc", "s-1", { regions: ["MIA1", "NYC1"] });
    const b = offer("lc", "s-1", { regions: ["SAO1"], monthlyEstimate: { amount: { amount: "5.50", currency: "USD" }, basis: "monthly" }, pricePerVcpu: "5.5000" });
    const { user } = open([withPlans("lc", "letscloud")], { plan_comparison: () => ({ items: [b, a], failures: [] }) });
    await screen.findByTestId("plans-row-lc/s-1@MIA1,NYC1");
    expect(rowIds()).toEqual(["plans-row-lc/s-1@MIA1,NYC1", "plans-row-lc/s-1"]);
    await user.click(screen.getByTestId("plans-sort-perVcpu"));
    await user.click(screen.getByTestId("plans-sort-perVcpu"));
    expect(rowIds()).toEqual(["plans-row-lc/s-1", "plans-row-lc/s-1@MIA1,NYC1"]);
  });
});
