import { screen, waitFor, within } from "@testing-library/react";

import type { AccountView } from "../../bindings/AccountView";
import type { Tag } from "../../bindings/Tag";
import { accountState, accountView, allCapabilities, server } from "../../testing/fixtures";
import { CommandRejection } from "../../testing/ipc";
import { i18n } from "../../i18n";
import { callsOf, renderApp } from "../../testing/render";
import { filterServers, NO_FILTERS } from "../servers/model";
import { parseTags } from "./TagsView";

function ro(name = "ro"): AccountView {
  const v = accountView(name, "cloudero");
  v.capabilities = allCapabilities("cloudero");
  v.capabilities.tags = { list: true, create: true, update: true, delete: true };
  return v;
}
const lc = (name = "lc") => {
  const v = accountView(name, "letscloud");
  v.capabilities = allCapabilities("letscloud");
  return v;
};

const web = server("ro", "web-1", { id: "1", provider: "cloudero", tags: ["prod"] });
const db = server("lc", "db-1", { id: "2", localTags: ["backend"] });
const tag: Tag = { account: "ro", provider: "cloudero", name: "prod", count: 1, createdAt: "2026-11-01T00:00:00Z", raw: {} };

function open(accounts: AccountView[], handlers: Record<string, (args: Record<string, unknown>) => unknown> = {}, path = "/tags") {
  return renderApp({
    accounts,
    cached: { servers: [web, db], accounts: accounts.map((a) => accountState(a.account.name, { provider: a.account.provider })) },
    path,
    handlers: {
      tags: () => ({ items: [tag], failures: [] }),
      local_tags: (args) => ((args.accounts as string[]).includes("lc") ? [{ account: "lc", serverId: "2", tags: ["backend"] }] : []),
      ...handlers,
    },
  });
}

describe("tag parsing and the server filter", () => {
  it("reads a typed list of tags, each once", () => {
    expect(parseTags("a, b  c,a")).toEqual(["a", "b", "c"]);
  });
  it("filters servers by a provider tag or a local tag alike", () => {
    expect(filterServers([web, db], { ...NO_FILTERS, tag: "backend" })).toEqual([db]);
    expect(filterServers([web, db], { ...NO_FILTERS, tag: "prod" })).toEqual([web]);
    expect(filterServers([web, db], { ...NO_FILTERS, text: "backend" })).toEqual([db]);
  });
});

describe("the tags view", () => {
  it("speaks Brazilian Portuguese: sections, the local mark and dates", async () => {
    await i18n.changeLanguage("pt-BR");
    open([ro(), lc()]);
    const row = await screen.findByTestId("tags-row-ro/prod");
    expect(row).toHaveTextContent("1 de nov. de 2026, 00:00");
    expect(screen.getByTestId("tags-native")).toHaveTextContent("Tags do provedor");
    expect(screen.getByTestId("tags-local")).toHaveTextContent("Tags locais");
    expect(screen.getByTestId("tags-tag-servers")).toHaveTextContent("Marcar servidores…");
    const localRow = await screen.findByTestId("local-tags-row-lc/2/backend");
    expect(within(localRow).getByTitle("Guardada pelo Fleetdeck no diretório de dados, não no provedor")).toHaveTextContent("local");
  });

  it("lists provider tags and local tags, the local ones marked local", async () => {
    open([ro(), lc()]);
    expect(await screen.findByTestId("tags-row-ro/prod")).toHaveTextContent("Cloude.ro");
    const localRow = await screen.findByTestId("local-tags-row-lc/2/backend");
    expect(localRow).toHaveTextContent("backend");
    expect(localRow).toHaveTextContent("local");
    await waitFor(() => expect(localRow).toHaveTextContent("db-1"));
  });

  it("creates a provider tag on several servers at once", async () => {
    const { user, calls } = open([ro(), lc()], { tag_servers: () => null });
    await user.click(await screen.findByTestId("tags-tag-servers"));
    await user.type(screen.getByTestId("tag-servers-tags"), "web, eu");
    await user.click(await screen.findByTestId("tag-servers-server-ro/1"));
    // Only the chosen account's servers are offered.
    expect(screen.queryByTestId("tag-servers-server-lc/2")).toBeNull();
    await user.click(screen.getByTestId("tag-servers-ok"));
    await waitFor(() => expect(callsOf(calls, "tag_servers")).toEqual([{ account: "ro", tags: ["web", "eu"], serverIds: ["1"] }]));
  });

  it("adds local tags to servers of any provider and removes one", async () => {
    const { user, calls } = open([ro(), lc()], { add_local_tags: () => null, remove_local_tags: () => null });
    await user.click(await screen.findByTestId("tags-add-local"));
    await user.type(screen.getByTestId("local-tags-add-tags"), "team-a");
    await user.click(await screen.findByTestId("local-tags-add-server-ro/1"));
    await user.click(screen.getByTestId("local-tags-add-server-lc/2"));
    await user.click(screen.getByTestId("local-tags-add-ok"));
    await waitFor(() => expect(callsOf(calls, "add_local_tags")).toEqual([{ servers: ["ro/1", "lc/2"], tags: ["team-a"] }]));
    await user.click(await screen.findByTestId("local-tags-name-lc/2/backend"));
    await user.click(screen.getByTestId("local-tag-remove"));
    await waitFor(() => expect(callsOf(calls, "remove_local_tags")).toEqual([{ servers: ["lc/2"], tags: ["backend"] }]));
  });

  it("replaces a server's provider tags and deletes a tag after its name is typed", async () => {
    const { user, calls } = open([ro(), lc()], { set_server_tags: () => null, delete_tag: () => null });
    await user.click(await screen.findByTestId("tags-set-server"));
    const input = await screen.findByTestId("set-server-tags-tags");
    await waitFor(() => expect(input).toHaveValue("prod"));
    await user.clear(input);
    await user.type(input, "prod staging");
    await user.click(screen.getByTestId("set-server-tags-ok"));
    await waitFor(() => expect(callsOf(calls, "set_server_tags")).toEqual([{ server: "ro/1", tags: ["prod", "staging"] }]));
    await user.click(screen.getByTestId("tags-name-ro/prod"));
    await user.click(within(screen.getByTestId("tags-selected")).getByTestId("tag-delete"));
    await user.type(screen.getByTestId("storage-confirm-input"), "prod");
    await user.click(screen.getByTestId("storage-confirm-ok"));
    await waitFor(() => expect(callsOf(calls, "delete_tag")).toEqual([{ account: "ro", tag: "prod" }]));
  });

  it("keeps a failure on its account and offers local tags where the provider has none", async () => {
    open([ro(), lc()], {
      tags: () => {
        throw new CommandRejection({ code: "network", message: "unreachable", details: {} });
      },
      local_tags: () => [],
    });
    expect(await screen.findByTestId("tags-failure-ro")).toHaveTextContent("unreachable");
    expect(screen.queryByTestId("tags-failure-lc")).toBeNull();
    expect(within(screen.getByTestId("tags-local-empty")).getByTestId("tags-add-local")).toBeInTheDocument();
  });

  it("filters the server table by a local tag", async () => {
    const { user } = open([ro(), lc()], {}, "/");
    await user.selectOptions(await screen.findByTestId("filter-tag"), "backend");
    await waitFor(() => expect(screen.queryByText("web-1")).toBeNull());
    expect(screen.getByText("db-1")).toBeInTheDocument();
  });
});
