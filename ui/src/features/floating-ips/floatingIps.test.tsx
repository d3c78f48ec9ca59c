import { screen, waitFor, within } from "@testing-library/react";

import type { AccountView } from "../../bindings/AccountView";
import type { FloatingIp } from "../../bindings/FloatingIp";
import { accountState, accountView, allCapabilities, job, server } from "../../testing/fixtures";
import { CommandRejection } from "../../testing/ipc";
import { i18n } from "../../i18n";
import { callsOf, renderApp } from "../../testing/render";

function zy(name = "zy", max = 5): AccountView {
  const v = accountView(name, "cloudzy");
  v.capabilities = allCapabilities("cloudzy");
  v.capabilities.floatingIps = { list: true, allocate: true, update: true, release: true, maxPerRequest: max };
  v.capabilities.create = { ...v.capabilities.create, regions: true };
  return v;
}

function ip(account: string, id: string, address: string, o: Partial<FloatingIp> = {}): FloatingIp {
  return { account, provider: "cloudzy", id, address, region: "ams", serverId: null, autoRenew: false, note: null, expiresAt: null, raw: { id }, ...o };
}

const sent = { job: job({ id: "j-ip", description: "Allocate floating IPs", kind: "other" }), message: null, password: null };

function open(
  accounts: AccountView[],
  handlers: Record<string, (args: Record<string, unknown>) => unknown> = {},
  ips: FloatingIp[] = [ip("zy", "ip1", "203.0.113.7", { serverId: "srv-1", note: "web" })],
  servers = [server("zy", "web-nyc-01", { provider: "cloudzy", id: "srv-1" })],
) {
  return renderApp({
    accounts,
    cached: { servers, accounts: accounts.map((a) => accountState(a.account.name, { provider: a.account.provider })) },
    path: "/floating-ips",
    handlers: {
      floating_ips: (args) => ({ items: ips.filter((i) => (args.accounts as string[]).includes(i.account)), failures: [] }),
      regions: (args) => [
        { account: args.account, provider: "cloudzy", id: "ams", name: "Amsterdam", country: null, available: true, raw: {} },
        { account: args.account, provider: "cloudzy", id: "lon", name: "London", country: null, available: true, raw: {} },
      ],
      ...handlers,
    },
  });
}

describe("the floating IPs view", () => {
  it("speaks Brazilian Portuguese: status words, dates and the release confirmation", async () => {
    await i18n.changeLanguage("pt-BR");
    const { user } = open([zy()], {}, [
      ip("zy", "ip1", "203.0.113.7", { serverId: "srv-1", note: "web", autoRenew: true, expiresAt: "2026-12-31T14:05:00Z" }),
      ip("zy", "ip2", "203.0.113.8"),
    ]);
    const attached = await screen.findByTestId("floating-ips-row-zy/ip1");
    expect(screen.getByTestId("main-title")).toHaveTextContent("IPs flutuantes");
    expect(attached).toHaveTextContent("ativada");
    expect(attached).toHaveTextContent("31 de dez. de 2026, 14:05");
    expect(within(attached).getByTestId("floating-ip-status-ip1")).toHaveAttribute("title", "associado");
    expect(within(screen.getByTestId("floating-ips-row-zy/ip2")).getByTestId("floating-ip-status-ip2")).toHaveAttribute("title", "livre");
    await user.click(screen.getByTestId("floating-ips-name-zy/ip1"));
    await user.click(screen.getByTestId("floating-ip-release"));
    await waitFor(() =>
      expect(screen.getByTestId("storage-confirm-text")).toHaveTextContent(
        "O IP flutuante 203.0.113.7 da conta zy (Cloudzy) volta para o provedor; o servidor web-nyc-01 deixa de tê-lo.",
      ),
    );
  });

  it("lists addresses with attached/free status as symbol and word", async () => {
    open([zy()], {}, [ip("zy", "ip1", "203.0.113.7", { serverId: "srv-1", note: "web" }), ip("zy", "ip2", "203.0.113.8")]);
    const attached = await screen.findByTestId("floating-ips-row-zy/ip1");
    expect(attached).toHaveTextContent("203.0.113.7");
    await waitFor(() => expect(attached).toHaveTextContent("web-nyc-01"));
    expect(attached).toHaveTextContent("web");
    expect(within(attached).getByTestId("floating-ip-status-ip1")).toHaveTextContent("✓");
    expect(within(screen.getByTestId("floating-ips-row-zy/ip2")).getByTestId("floating-ip-status-ip2")).toHaveTextContent("–");
  });

  it("names the attached server from the servers listing, its id when the listing lacks it", async () => {
    open([zy()], {}, [ip("zy", "ip1", "203.0.113.7", { serverId: "srv-1" }), ip("zy", "ip2", "203.0.113.8", { serverId: "srv-gone" })]);
    const named = await screen.findByTestId("floating-ips-row-zy/ip1");
    await waitFor(() => expect(named).toHaveTextContent("web-nyc-01"));
    expect(named).not.toHaveTextContent("srv-1");
    expect(screen.getByTestId("floating-ips-row-zy/ip2")).toHaveTextContent("srv-gone");
  });

  it("shows the region's name, and names it in the allocation's toast", async () => {
    const { user } = open([zy("zy", 5)], { allocate_floating_ips: () => ({ job: null, message: "2 floating IP(s) allocated in lon", password: null }) });
    await waitFor(() => expect(screen.getByTestId("floating-ips-row-zy/ip1")).toHaveTextContent("Amsterdam"));
    await user.click(screen.getByTestId("floating-ips-allocate"));
    await user.selectOptions(await screen.findByTestId("floating-ip-allocate-region"), "lon");
    await user.clear(screen.getByTestId("floating-ip-allocate-count"));
    await user.type(screen.getByTestId("floating-ip-allocate-count"), "2");
    await user.click(screen.getByTestId("floating-ip-allocate-ok"));
    expect(await screen.findByText("Allocated 2 floating IPs in London")).toBeInTheDocument();
  });

  it("names the address, not the provider's id, when a release is done", async () => {
    const { user } = open([zy()], { release_floating_ip: () => ({ job: null, message: "floating IP ip1 released", password: null }) });
    await user.click(await screen.findByTestId("floating-ips-name-zy/ip1"));
    await user.click(screen.getByTestId("floating-ip-release"));
    await user.type(screen.getByTestId("storage-confirm-input"), "203.0.113.7");
    await user.click(screen.getByTestId("storage-confirm-ok"));
    expect(await screen.findByText("Released floating IP 203.0.113.7")).toBeInTheDocument();
    expect(screen.queryByText(/ip1 released/)).toBeNull();
  });

  it("allocates within the provider's limit from the empty state", async () => {
    const { user, calls } = open([zy("zy", 5)], { allocate_floating_ips: () => sent }, []);
    const empty = await screen.findByTestId("floating-ips-empty");
    await user.click(within(empty).getByTestId("floating-ips-allocate"));
    await user.selectOptions(await screen.findByTestId("floating-ip-allocate-region"), "lon");
    await user.clear(screen.getByTestId("floating-ip-allocate-count"));
    await user.type(screen.getByTestId("floating-ip-allocate-count"), "6");
    expect(screen.getByTestId("floating-ip-allocate-ok")).toBeDisabled();
    expect(screen.getByRole("alert")).toHaveTextContent("From 1 to 5.");
    await user.clear(screen.getByTestId("floating-ip-allocate-count"));
    await user.type(screen.getByTestId("floating-ip-allocate-count"), "2");
    await user.click(screen.getByTestId("floating-ip-allocate-ok"));
    await waitFor(() => expect(callsOf(calls, "allocate_floating_ips")).toEqual([{ account: "zy", region: "lon", count: 2 }]));
  });

  it("offers no allocation where the provider's limit is 0", async () => {
    open([zy("zy", 0)], {}, []);
    await screen.findByTestId("floating-ips-empty");
    expect(screen.queryByTestId("floating-ips-allocate")).toBeNull();
  });

  it("updates only the changed fields, and releases after the address is typed", async () => {
    const { user, calls } = open([zy()], { update_floating_ip: () => null, release_floating_ip: () => sent });
    await user.click(await screen.findByTestId("floating-ips-name-zy/ip1"));
    await user.click(screen.getByTestId("floating-ip-update"));
    await user.click(screen.getByTestId("floating-ip-update-renew"));
    await user.click(screen.getByTestId("floating-ip-update-ok"));
    await waitFor(() => expect(callsOf(calls, "update_floating_ip")).toEqual([{ address: "zy/ip1", autoRenew: true, note: null }]));
    await user.click(screen.getByTestId("floating-ip-release"));
    expect(screen.getByTestId("storage-confirm-text")).toHaveTextContent("server web-nyc-01 loses it");
    await user.type(screen.getByTestId("storage-confirm-input"), "203.0.113.7");
    await user.click(screen.getByTestId("storage-confirm-ok"));
    await waitFor(() => expect(callsOf(calls, "release_floating_ip")).toEqual([{ address: "zy/ip1" }]));
  });

  it("keeps one account's failure on that account", async () => {
    open([zy("zy"), zy("zy2")], {
      floating_ips: (args) => {
        if ((args.accounts as string[])[0] === "zy2") throw new CommandRejection({ code: "auth", message: "key revoked", details: {} });
        return { items: [ip("zy", "ip1", "203.0.113.7")], failures: [] };
      },
    });
    expect(await screen.findByTestId("floating-ips-failure-zy2")).toHaveTextContent("key revoked");
    expect(screen.getByTestId("floating-ips-row-zy/ip1")).toBeInTheDocument();
  });
});
