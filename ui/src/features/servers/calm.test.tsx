// A calm server view: catalog names instead of ids, only the provider fields that say something,
// one chart legend, status never by colour alone.
import { render, screen, waitFor, within } from "@testing-library/react";

import type { FleetServers } from "../../bindings/FleetServers";
import type { Image } from "../../bindings/Image";
import type { Plan } from "../../bindings/Plan";
import type { Region } from "../../bindings/Region";
import type { UsageSeries } from "../../bindings/UsageSeries";
import { i18n } from "../../i18n";
import { accountState, accountView, allCapabilities, server } from "../../testing/fixtures";
import { callsOf, renderApp } from "../../testing/render";
import { StatusBadge } from "../storage/StatusBadge";
import { imageLabel, namesFrom, planLabel, regionLabel } from "./catalogNames";
import { shownNames } from "./model";
import { providerFields } from "./providerFields";
import { alignSeries, UsageChart, unitsOf, valuesAt } from "./UsageChart";

// A Cloudzy account as the sandbox has it: uuid product ids, 64-character OS ids.
const PLAN_ID = "7bee11fd-6048-49a2-8de0-9a08d3ad788d";
const IMAGE_ID = "a3f1c9e2b7d4058e6c1a9f3b2d7e4c8a0b5f6e1d2c3b4a5968778695a4b3c2d1";
const zy = accountView("sandbox-cloudzy", "cloudzy", "#27ae60");
zy.capabilities = allCapabilities("cloudzy");
zy.capabilities.create = { ...zy.capabilities.create, regions: true, plans: true, images: true };

const plan: Plan = {
  account: "sandbox-cloudzy",
  provider: "cloudzy",
  id: PLAN_ID,
  name: "Standard 8GB",
  kind: "fixed",
  vcpus: 4,
  memoryMb: 8192,
  diskGb: 160,
  bandwidthGb: null,
  prices: [
    { amount: { amount: "0.036", currency: "USD" }, period: "hourly", beforeDiscount: null, discountPercent: null },
    { amount: { amount: "24.00", currency: "USD" }, period: "monthly", beforeDiscount: null, discountPercent: null },
  ],
  regions: ["NL-Amsterdam"],
  available: true,
  raw: {},
};
const image: Image = {
  account: "sandbox-cloudzy",
  provider: "cloudzy",
  id: IMAGE_ID,
  name: "Rocky Linux",
  kind: "os",
  family: "rocky",
  version: "9",
  arch: "x86_64",
  regions: [],
  minDiskGb: null,
  minMemoryMb: null,
  compatibleOs: [],
  description: null,
  price: null,
  raw: {},
};
const region: Region = {
  account: "sandbox-cloudzy",
  provider: "cloudzy",
  id: "NL-Amsterdam",
  name: "Amsterdam",
  country: "NL",
  city: null,
  available: true,
  features: {},
  raw: {},
};

const rocky = server("sandbox-cloudzy", "rocky-1", {
  provider: "cloudzy",
  region: "NL-Amsterdam",
  plan: PLAN_ID,
  image: IMAGE_ID,
  extra: {
    adminNote: null,
    appId: null,
    ocaData: null,
    label: "",
    tags2: [],
    empty: { a: null },
    os: { arch: "x86_64", family: "rocky", build: null },
    isDdosProtected: true,
  },
});
const retired = server("sandbox-cloudzy", "old-1", { provider: "cloudzy", region: "NL-Amsterdam", plan: "retired-plan", image: null });
const fleet: FleetServers = {
  servers: [rocky, retired],
  accounts: [accountState("sandbox-cloudzy", { provider: "cloudzy" })],
};
const catalog = {
  regions: () => [region],
  plans: () => [plan],
  images: () => [image],
  snapshots: () => ({ items: [], failures: [] }),
};

describe("catalog names", () => {
  it("are spelt as a person thinks of them", () => {
    expect(planLabel(plan)).toBe("4 vCPU · 8 GB · $24/mo");
    const eur = { amount: { amount: "9.95", currency: "EUR" }, period: "monthly" as const, beforeDiscount: null, discountPercent: null };
    expect(planLabel({ ...plan, prices: [eur] })).toBe(
      "4 vCPU · 8 GB · 9.95 EUR/mo",
    );
    expect(planLabel({ ...plan, vcpus: null, memoryMb: null })).toBe("Standard 8GB");
    expect(imageLabel(image)).toBe("Rocky Linux 9");
    expect(imageLabel({ ...image, name: "Ubuntu 24.04", version: "24.04" })).toBe("Ubuntu 24.04");
    expect(regionLabel(region)).toBe("Amsterdam");
    expect(regionLabel({ ...region, name: null, city: "Miami", country: "US" })).toBe("Miami, US");
  });

  it("are written as pt-BR writes sizes and prices", () => {
    expect(planLabel(plan, "pt-BR")).toBe("4 vCPU · 8 GB · US$ 24/mês");
    const eur = { amount: { amount: "1234.5", currency: "EUR" }, period: "hourly" as const, beforeDiscount: null, discountPercent: null };
    expect(planLabel({ ...plan, memoryMb: 1536, prices: [eur] }, "pt-BR")).toBe("4 vCPU · 1,5 GB · 1.234,50 EUR/h");
  });

  it("fall back to the id when the catalog does not know it, per account", () => {
    const names = namesFrom({ regions: [region], plans: [plan], images: [image] });
    expect(shownNames(rocky, names)).toEqual({ region: "Amsterdam", plan: "4 vCPU · 8 GB · $24/mo", image: "Rocky Linux 9" });
    expect(shownNames(retired, names)).toEqual({ region: "Amsterdam", plan: "retired-plan", image: "" });
    // The same id in another account is another catalog's.
    expect(shownNames({ ...rocky, account: "other" }, names).plan).toBe(PLAN_ID);
  });

  it("show in the table with the id on hover, from the account's catalog", async () => {
    const { calls } = renderApp({ accounts: [zy], cached: fleet, handlers: catalog });
    const row = await screen.findByTestId(`server-row-sandbox-cloudzy/${rocky.id}`);
    await waitFor(() => expect(row).toHaveTextContent("4 vCPU · 8 GB · $24/mo"));
    expect(row).toHaveTextContent("Rocky Linux 9");
    expect(row).toHaveTextContent("Amsterdam");
    expect(row).not.toHaveTextContent(PLAN_ID);
    expect(within(row).getByText("Rocky Linux 9")).toHaveAttribute("title", `Image id: ${IMAGE_ID}`);
    // Unknown to the catalog: the id itself.
    expect(screen.getByTestId(`server-row-sandbox-cloudzy/${retired.id}`)).toHaveTextContent("retired-plan");
    // The wizard's own catalog calls (no region): one copy in the query cache.
    expect(callsOf(calls, "plans")).toEqual([{ account: "sandbox-cloudzy", region: null }]);
    expect(callsOf(calls, "images")).toEqual([{ account: "sandbox-cloudzy", region: null }]);
  });

  it("are found by the search box", async () => {
    const { user } = renderApp({ accounts: [zy], cached: fleet, handlers: catalog });
    const row = await screen.findByTestId(`server-row-sandbox-cloudzy/${rocky.id}`);
    await waitFor(() => expect(row).toHaveTextContent("Rocky Linux 9"));
    await user.type(screen.getByTestId("server-search"), "8 GB");
    await waitFor(() => expect(screen.queryByTestId(`server-row-sandbox-cloudzy/${retired.id}`)).not.toBeInTheDocument());
    expect(screen.getByTestId(`server-row-sandbox-cloudzy/${rocky.id}`)).toBeInTheDocument();
  });

  it("name the region filter's choices, which still filter by id", async () => {
    const { user } = renderApp({ accounts: [zy], cached: fleet, handlers: catalog });
    const filter = await screen.findByTestId("filter-region");
    await waitFor(() => expect(within(filter).getByRole("option", { name: "Amsterdam" })).toHaveValue("NL-Amsterdam"));
    expect(within(filter).queryByRole("option", { name: "NL-Amsterdam" })).toBeNull();
    await user.selectOptions(filter, "NL-Amsterdam");
    expect(screen.getByTestId(`server-row-sandbox-cloudzy/${rocky.id}`)).toBeInTheDocument();
  });

  it("order the plan column when sorted by it", async () => {
    const cheap = server("sandbox-cloudzy", "cheap-1", { provider: "cloudzy", region: "NL-Amsterdam", plan: "zz-cheap", image: null });
    const { user } = renderApp({
      accounts: [zy],
      cached: { ...fleet, servers: [rocky, cheap] },
      handlers: { ...catalog, plans: () => [plan, { ...plan, id: "zz-cheap", vcpus: 1, memoryMb: 1024 }] },
    });
    const row = await screen.findByTestId(`server-row-sandbox-cloudzy/${rocky.id}`);
    await waitFor(() => expect(row).toHaveTextContent("4 vCPU"));
    await user.click(screen.getByTestId("sort-plan"));
    const order = () => screen.getAllByTestId(/^server-row-/).map((r) => r.getAttribute("data-testid"));
    // By id "zz-cheap" sorts after the 4-vCPU plan's id; by name "1 vCPU…" sorts first.
    await waitFor(() => expect(order()).toEqual([`server-row-sandbox-cloudzy/${cheap.id}`, `server-row-sandbox-cloudzy/${rocky.id}`]));
  });

  it("show in the detail with the id one click away", async () => {
    const { user } = renderApp({ accounts: [zy], cached: fleet, handlers: catalog });
    await user.click(await screen.findByTestId(`server-row-sandbox-cloudzy/${rocky.id}`));
    const detail = screen.getByTestId("server-detail");
    expect(await within(detail).findByTestId("detail-plan-name")).toHaveTextContent("4 vCPU · 8 GB · $24/mo");
    expect(within(detail).getByTestId("detail-image-name")).toHaveTextContent("Rocky Linux 9");
    expect(within(detail).queryByTestId("detail-plan-id")).not.toBeInTheDocument();
    await user.click(within(detail).getByTestId("detail-plan-show-id"));
    expect(within(detail).getByTestId("detail-plan-id")).toHaveTextContent(PLAN_ID);
    expect(within(detail).getByTestId("detail-plan-show-id")).toHaveAttribute("aria-expanded", "true");
  });

  it("leave an account without a catalog as it was (no catalog calls)", async () => {
    const plain = accountView("main", "letscloud");
    plain.capabilities = allCapabilities("letscloud");
    const web = server("main", "web-1");
    const { calls } = renderApp({ accounts: [plain], cached: { servers: [web], accounts: [accountState("main")] } });
    expect(await screen.findByTestId(`server-row-main/${web.id}`)).toHaveTextContent("small");
    expect(callsOf(calls, "plans")).toEqual([]);
  });
});

describe("the provider's fields", () => {
  it("keep only what carries a value, nested objects as groups", () => {
    expect(providerFields(rocky.extra)).toEqual([
      { key: "os", group: [
        { key: "arch", value: "x86_64" },
        { key: "family", value: "rocky" },
      ] },
      { key: "isDdosProtected", value: "true" },
    ]);
    expect(providerFields({ list: [1, null, 2], objs: [{ a: 1 }, { a: null }] })).toEqual([
      { key: "list", value: "1, 2" },
      { key: "objs", group: [{ key: "1", group: [{ key: "a", value: "1" }] }] },
    ]);
  });

  it("show in the detail without nulls or one-line JSON; the raw JSON stays whole", async () => {
    const { user } = renderApp({ accounts: [zy], cached: fleet, handlers: catalog });
    await user.click(await screen.findByTestId(`server-row-sandbox-cloudzy/${rocky.id}`));
    const fields = await screen.findByTestId("detail-provider-fields");
    expect(fields).not.toHaveTextContent("adminNote");
    expect(fields).not.toHaveTextContent("null");
    expect(fields).not.toHaveTextContent("{");
    expect(within(fields).getByTestId("provider-group-os")).toHaveTextContent("archx86_64");
    expect(screen.getByTestId("detail-raw")).toHaveTextContent(`"label": "rocky-1"`);
  });
});

describe("the usage chart", () => {
  const series: UsageSeries[] = [
    { account: "a", provider: "cloudero" as const, serverId: "1", metric: "trafficIn", unit: "MB", points: [
      { at: "2026-11-29T00:00:00Z", value: 100 },
      { at: "2026-11-30T00:00:00Z", value: 250 },
    ] },
    { account: "a", provider: "cloudero" as const, serverId: "1", metric: "trafficOut", unit: "MB", points: [
      { at: "2026-11-30T00:00:00Z", value: 7 },
    ] },
  ];

  it("reads the values under the pointer off the shared axis", () => {
    const aligned = alignSeries(series);
    expect(aligned.times).toHaveLength(2);
    expect(valuesAt(aligned, 0)).toEqual({ at: Date.parse("2026-11-29T00:00:00Z") / 1000, values: [100, null] });
    expect(valuesAt(aligned, 1)?.values).toEqual([250, 7]);
    expect(valuesAt(aligned, null)).toBeNull();
    expect(valuesAt(aligned, 9)).toBeNull();
    expect(unitsOf(series)).toBe("MB");
    expect(unitsOf([...series, { account: "a", provider: "cloudero", serverId: "1", metric: "cpu", unit: "percent", points: [] }])).toBe("MB / percent");
  });
});

describe("the usage chart in Brazilian Portuguese", () => {
  it("titles its legend and writes its figures as pt-BR does", async () => {
    await i18n.changeLanguage("pt-BR");
    const series: UsageSeries[] = [
      { account: "a", provider: "cloudero", serverId: "1", metric: "trafficIn", unit: "MB", points: [
        { at: "2026-11-29T00:00:00Z", value: 1000 },
        { at: "2026-11-30T00:00:00Z", value: 250.5 },
      ] },
    ];
    render(<UsageChart series={series} />);
    const legend = screen.getByTestId("usage-legend");
    expect(within(legend).getByRole("columnheader", { name: "Série" })).toBeInTheDocument();
    expect(within(legend).getByTestId("usage-hover-time")).toHaveTextContent("Valor");
    expect(within(legend).getByRole("row", { name: /trafficIn/ })).toHaveTextContent("1.250,5 MB em 2 pontos");
  });
});

describe("status", () => {
  it("is a symbol and a word as well as a colour", () => {
    render(<StatusBadge status="running" testId="b" />);
    const badge = screen.getByTestId("b");
    expect(badge).toHaveTextContent("✓ running");
    expect(badge).toHaveClass("status-badge-ok");
  });

  it("of a server in the table carries a symbol", async () => {
    renderApp({ accounts: [zy], cached: { ...fleet, servers: [{ ...rocky, status: "stopped" }] }, handlers: catalog });
    const row = await screen.findByTestId(`server-row-sandbox-cloudzy/${rocky.id}`);
    expect(within(row).getByText("■")).toBeInTheDocument();
    expect(row).toHaveTextContent("stopped");
  });
});
