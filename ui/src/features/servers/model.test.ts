import { accountState, server } from "../../testing/fixtures";
import type { CatalogNames } from "./catalogNames";
import { facetsOf, filterServers, NO_FILTERS, shownTextOf, sortServers, toCsv, toJson } from "./model";
import { mergeFleet } from "./useFleetServers";

const fleet = [
  server("main", "web-1", { tags: ["prod"], region: "MIA1", ipv4: ["192.0.2.10"] }),
  server("main", "db-1", { status: "stopped", region: "NYC1" }),
  server("lab", "web-2", { provider: "cloudzy", tags: ["test"], region: "MIA1", plan: "big, fast" }),
];

describe("server filtering", () => {
  it("matches every word of the free text anywhere in the row", () => {
    expect(filterServers(fleet, { ...NO_FILTERS, text: "web" }).map((s) => s.name)).toEqual(["web-1", "web-2"]);
    expect(filterServers(fleet, { ...NO_FILTERS, text: "WEB prod" }).map((s) => s.name)).toEqual(["web-1"]);
    expect(filterServers(fleet, { ...NO_FILTERS, text: "192.0.2.10" }).map((s) => s.name)).toEqual(["web-1"]);
    expect(filterServers(fleet, { ...NO_FILTERS, text: "nothing-like-this" })).toEqual([]);
  });

  it("narrows by provider, account, status, region and tag together", () => {
    expect(filterServers(fleet, { ...NO_FILTERS, provider: "cloudzy" }).map((s) => s.name)).toEqual(["web-2"]);
    expect(filterServers(fleet, { ...NO_FILTERS, account: "main", status: "stopped" }).map((s) => s.name)).toEqual(["db-1"]);
    expect(filterServers(fleet, { ...NO_FILTERS, region: "MIA1", tag: "test" }).map((s) => s.name)).toEqual(["web-2"]);
    expect(filterServers(fleet, { ...NO_FILTERS, region: "NYC1", tag: "prod" })).toEqual([]);
  });

  it("offers each facet's distinct values, sorted", () => {
    const f = facetsOf(fleet);
    expect(f.accounts).toEqual(["lab", "main"]);
    expect(f.regions).toEqual(["MIA1", "NYC1"]);
    expect(f.tags).toEqual(["prod", "test"]);
    expect(f.providers).toEqual(["cloudzy", "letscloud"]);
  });
});

// Names as the accounts' catalogs give them (./catalogNames.ts): ids sort one way, names another.
const catalog: Record<string, string> = { MIA1: "Miami", NYC1: "New York", AMS1: "Amsterdam", small: "Zeta small", big: "Alpha big", "ubuntu-24.04": "Ubuntu 24.04", "debian-12": "Debian 12" };
const catalogNames: CatalogNames = {
  region: (_account, id) => catalog[id],
  plan: (_account, id) => catalog[id],
  image: (_account, id) => catalog[id],
};

describe("free text over the names the table shows", () => {
  const two = server("a", "two", { status: "stopped", region: "NYC1", plan: "big", image: "debian-12" });
  const named = [
    server("a", "one", { region: "MIA1", plan: "small", image: "ubuntu-24.04" }),
    two,
    server("b", "three", { region: "AMS1", plan: "unknown-plan", image: null }),
  ];
  const words: Record<string, string> = { running: "Em execução", stopped: "Parado" };

  it("finds servers by catalog names and status words in the UI's language", () => {
    const shownText = shownTextOf(catalogNames, (status) => words[status] ?? status);
    const names = (text: string) => filterServers(named, { ...NO_FILTERS, text }, shownText).map((s) => s.name);
    expect(names("new york")).toEqual(["two"]);
    expect(names("parado")).toEqual(["two"]);
    expect(names("EXECUÇÃO miami")).toEqual(["one"]);
    expect(names("unknown-plan")).toEqual(["three"]);
  });

  it("makes each server's text once and asks each status's word once, whatever the keystrokes", () => {
    let asked = 0;
    const shownText = shownTextOf(catalogNames, (status) => {
      asked++;
      return words[status] ?? status;
    });
    for (const text of ["p", "pa", "par", "para", "parad", "parado", "zzz qqq"]) filterServers(named, { ...NO_FILTERS, text }, shownText);
    expect(asked).toBe(2);
    // A server object the cache replaced (a refresh) gets its own text.
    expect(shownText({ ...two, region: "AMS1" })).toContain("amsterdam");
    expect(shownText(two)).toContain("new york");
  });
});

describe("server facets and sorting by catalog names", () => {
  const named = [
    server("a", "one", { region: "MIA1", plan: "small", image: "ubuntu-24.04" }),
    server("a", "two", { region: "NYC1", plan: "big", image: "debian-12" }),
    server("b", "three", { region: "AMS1", plan: "unknown-plan", image: null }),
    server("b", "four", { region: "XX9", plan: "small", image: "ubuntu-24.04" }),
  ];

  it("lists the region filter's ids by their names, sorted by name, unknown ids as themselves", () => {
    const f = facetsOf(named, catalogNames);
    expect(f.regions).toEqual(["AMS1", "MIA1", "NYC1", "XX9"]);
    expect(f.regions.map((id) => f.regionName(id))).toEqual(["Amsterdam", "Miami", "New York", "XX9"]);
    const byName = facetsOf([server("a", "x", { region: "ZZ1" }), server("a", "y", { region: "AA1" })], {
      ...catalogNames,
      region: (_a, id) => (id === "ZZ1" ? "Amsterdam" : "Zurich"),
    });
    expect(byName.regions).toEqual(["ZZ1", "AA1"]);
  });

  it("sorts the region, plan and image columns by the names shown", () => {
    const order = (id: string, desc = false) => sortServers(named, [{ id, desc }], catalogNames).map((s) => s.name);
    expect(order("region")).toEqual(["three", "one", "two", "four"]);
    expect(order("plan")).toEqual(["two", "three", "one", "four"]);
    expect(order("image")).toEqual(["two", "one", "four", "three"]);
    expect(order("region", true)).toEqual(["four", "two", "one", "three"]);
    // Without names, ids as before.
    expect(sortServers(named, [{ id: "region", desc: false }]).map((s) => s.name)).toEqual(["three", "one", "two", "four"]);
    expect(sortServers(named, [{ id: "plan", desc: false }]).map((s) => s.name)).toEqual(["two", "one", "four", "three"]);
  });
});

describe("server sorting", () => {
  const names = (list: { name: string }[]) => list.map((s) => s.name);
  const set = [
    server("b", "web-10", { region: null }),
    server("a", "Web-2", { region: "NYC1" }),
    server("a", "db-1", { region: "MIA1" }),
  ];

  it("orders names naturally and case-insensitively, both ways", () => {
    expect(names(sortServers(set, [{ id: "name", desc: false }]))).toEqual(["db-1", "Web-2", "web-10"]);
    expect(names(sortServers(set, [{ id: "name", desc: true }]))).toEqual(["web-10", "Web-2", "db-1"]);
  });

  it("puts empty values last when ascending, and keeps ties in their order", () => {
    expect(names(sortServers(set, [{ id: "region", desc: false }]))).toEqual(["db-1", "Web-2", "web-10"]);
    expect(names(sortServers(set, [{ id: "account", desc: false }]))).toEqual(["Web-2", "db-1", "web-10"]);
  });

  it("leaves the order alone without a known column", () => {
    expect(names(sortServers(set, []))).toEqual(names(set));
    expect(names(sortServers(set, [{ id: "nope", desc: false }]))).toEqual(names(set));
  });
});

describe("export", () => {
  it("writes CSV with a header and quotes fields holding commas", () => {
    const csv = toCsv(fleet).split("\r\n");
    expect(csv[0]).toBe("id,provider,account,name,status,ipv4,ipv6,region,plan,image,created,tags");
    expect(csv[3]).toContain('"big, fast"');
    expect(csv).toHaveLength(5); // header, 3 rows, the final CRLF
  });

  it("neutralises cells a spreadsheet would run as a formula (OWASP CSV injection)", () => {
    const hostile = [
      server("main", "=1+cmd|' /C calc'!A0", {
        id: "+1",
        plan: "-2+3",
        image: "@SUM(A1)",
        region: "\tcmd",
        tags: ["\rx"],
      }),
      server("main", "web-1", { id: "7", plan: "a=b", image: "ubuntu-24.04", region: "MIA1", tags: ["prod"] }),
    ];
    const rows = toCsv(hostile).split("\r\n");
    const cells = (line: string | undefined) => (line ?? "").split(",");
    const [id, , , name, , , , region, plan, image, , tags] = cells(rows[1]);
    expect(id).toBe("'+1");
    expect(name).toBe("'=1+cmd|' /C calc'!A0");
    expect(region).toBe("'\tcmd");
    expect(plan).toBe("'-2+3");
    expect(image).toBe("'@SUM(A1)");
    // A carriage return is a line break too: the cell is prefixed and quoted.
    expect(tags).toBe('"\'\rx"');
    // Only the first character counts: ordinary cells are left alone.
    expect(rows[2]).toContain(",a=b,ubuntu-24.04,");
    expect(rows[2]?.startsWith("7,")).toBe(true);
  });

  it("writes JSON without the provider's raw data", () => {
    const rows = JSON.parse(toJson(fleet)) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ name: "web-1", account: "main", provider: "LetsCloud", tags: "prod" });
    expect(rows[0]).not.toHaveProperty("raw");
  });
});

describe("refresh state", () => {


  it("merges one account's refresh into the unified listing", () => {
    const base = { servers: fleet, accounts: [accountState("main", { stale: true }), accountState("lab")] };
    const fresh = { servers: [server("main", "web-9")], accounts: [accountState("main")] };
    const merged = mergeFleet(base, fresh);
    expect(merged.servers.map((s) => s.name).sort()).toEqual(["web-2", "web-9"]);
    expect(merged.accounts.map((a) => [a.account, a.stale])).toEqual([
      ["main", false],
      ["lab", false],
    ]);
  });
});
