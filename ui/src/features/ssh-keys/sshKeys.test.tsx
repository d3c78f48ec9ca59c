import { screen, waitFor, within } from "@testing-library/react";

import type { AccountView } from "../../bindings/AccountView";
import type { SshKey } from "../../bindings/SshKey";
import { accountState, accountView, allCapabilities } from "../../testing/fixtures";
import { CommandRejection } from "../../testing/ipc";
import { i18n } from "../../i18n";
import { callsOf, renderApp } from "../../testing/render";
import { keyFileName, looksLikePublicKey } from "./SshKeysView";

const PUB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk2c2VjcmV0bm90IGEgcmVhbCBrZXkgYXQgYWxs me@laptop";

function withKeys(name: string, provider: AccountView["account"]["provider"], rename = false): AccountView {
  const v = accountView(name, provider);
  v.capabilities = allCapabilities(provider);
  v.capabilities.sshKeys = { list: true, get: true, create: true, generate: false, rename, delete: true };
  return v;
}

function key(account: string, id: string, name: string, o: Partial<SshKey> = {}): SshKey {
  return { account, provider: "letscloud", id, name, publicKey: PUB, fingerprint: `SHA256:fp-${id}`, raw: { id }, ...o };
}

function open(accounts: AccountView[], handlers: Record<string, (args: Record<string, unknown>) => unknown> = {}, keys: SshKey[] = [key("lc", "k1", "laptop")]) {
  return renderApp({
    accounts,
    cached: { servers: [], accounts: accounts.map((a) => accountState(a.account.name, { provider: a.account.provider })) },
    path: "/ssh-keys",
    handlers: {
      ssh_keys: (args) => ({ items: keys.filter((k) => (args.accounts as string[]).includes(k.account)), failures: [] }),
      ...handlers,
    },
  });
}

describe("public key check", () => {
  it("takes OpenSSH public keys and refuses anything else", () => {
    expect(looksLikePublicKey(PUB)).toBe(true);
    expect(looksLikePublicKey("-----BEGIN OPENSSH PRIVATE KEY-----")).toBe(false);
    expect(looksLikePublicKey("ssh-ed25519")).toBe(false);
  });
});

describe("the suggested private key file name", () => {
  it("is id_ed25519_ and the key's name in safe characters", () => {
    expect(keyFileName("Work laptop")).toBe("id_ed25519_work_laptop");
    expect(keyFileName("../../etc/passwd")).toBe("id_ed25519_etc_passwd");
    expect(keyFileName("  ")).toBe("id_ed25519_fleetdeck");
  });
});

describe("the SSH keys view", () => {
  it("lists every account's keys with fingerprint, account and provider; a failure stays on its account", async () => {
    open([withKeys("lc", "letscloud"), withKeys("zy", "cloudzy")], {
      ssh_keys: (args) => {
        if ((args.accounts as string[])[0] === "zy") throw new CommandRejection({ code: "network", message: "no route", details: {} });
        return { items: [key("lc", "k1", "laptop")], failures: [] };
      },
    });
    const row = await screen.findByTestId("ssh-keys-row-lc/k1");
    expect(row).toHaveTextContent("laptop");
    expect(row).toHaveTextContent("SHA256:fp-k1");
    expect(row).toHaveTextContent("LetsCloud");
    expect(row).toHaveTextContent("ssh-ed25519");
    expect(await screen.findByTestId("ssh-keys-failure-zy")).toHaveTextContent("no route");
    expect(screen.queryByTestId("ssh-keys-failure-lc")).toBeNull();
  });

  it("has no status filter, since keys have no status; provider and account filters remain", async () => {
    open([withKeys("lc", "letscloud")]);
    await screen.findByTestId("ssh-keys-row-lc/k1");
    expect(screen.getByTestId("ssh-keys-filter-provider")).toBeInTheDocument();
    expect(screen.getByTestId("ssh-keys-filter-account")).toBeInTheDocument();
    expect(screen.queryByTestId("ssh-keys-filter-status")).toBeNull();
  });

  it("offers adding a key from the empty state, pasted", async () => {
    const { user, calls } = open([withKeys("lc", "letscloud")], { add_ssh_key: (a) => ({ key: key("lc", "k2", String(a.name)), privateKey: null }) }, []);
    const empty = await screen.findByTestId("ssh-keys-empty");
    await user.click(within(empty).getByTestId("ssh-keys-add"));
    await user.type(screen.getByTestId("ssh-key-add-name"), "work");
    await user.type(screen.getByTestId("ssh-key-add-public"), "not a key");
    expect(screen.getByTestId("ssh-key-add-ok")).toBeDisabled();
    await user.clear(screen.getByTestId("ssh-key-add-public"));
    await user.type(screen.getByTestId("ssh-key-add-public"), PUB);
    await user.click(screen.getByTestId("ssh-key-add-ok"));
    await waitFor(() => expect(callsOf(calls, "add_ssh_key")).toEqual([{ account: "lc", name: "work", publicKey: PUB }]));
    await waitFor(() => expect(screen.queryByTestId("ssh-key-add-dialog")).toBeNull());
  });

  it("fills the public key from a .pub file Rust read, and adds it", async () => {
    const { user, calls } = open([withKeys("lc", "letscloud")], {
      read_public_key_file: () => PUB,
      add_ssh_key: (a) => ({ key: key("lc", "k3", String(a.name)), privateKey: null }),
    });
    await user.click(await screen.findByTestId("ssh-keys-add"));
    await user.type(screen.getByTestId("ssh-key-add-name"), "picked");
    await user.click(screen.getByTestId("ssh-key-pick-file"));
    await waitFor(() => expect(screen.getByTestId("ssh-key-add-public")).toHaveValue(PUB));
    expect(callsOf(calls, "read_public_key_file")).toEqual([{}]);
    await user.click(screen.getByTestId("ssh-key-add-ok"));
    await waitFor(() => expect(callsOf(calls, "add_ssh_key")).toEqual([{ account: "lc", name: "picked", publicKey: PUB }]));
  });

  it("shows why a picked file was refused and keeps what was pasted; a cancelled pick changes nothing", async () => {
    let answer: () => unknown = () => {
      throw new CommandRejection({ code: "invalidInput", message: "this file is a private key: it was not read into Fleetdeck.", details: {} });
    };
    const { user } = open([withKeys("lc", "letscloud")], { read_public_key_file: () => answer() });
    await user.click(await screen.findByTestId("ssh-keys-add"));
    await user.type(screen.getByTestId("ssh-key-add-public"), PUB);
    await user.click(screen.getByTestId("ssh-key-pick-file"));
    expect(await screen.findByTestId("ssh-key-add-public-field-error")).toHaveTextContent("this file is a private key");
    expect(screen.getByTestId("ssh-key-add-public")).toHaveValue(PUB);
    answer = () => null;
    await user.click(screen.getByTestId("ssh-key-pick-file"));
    await waitFor(() => expect(screen.queryByTestId("ssh-key-add-public-field-error")).toBeNull());
    expect(screen.getByTestId("ssh-key-add-public")).toHaveValue(PUB);
  });

  it("generates a pair into a file chosen in the native dialog", async () => {
    const { user, calls } = open([withKeys("lc", "letscloud")], {
      choose_save_path: () => "/home/me/.ssh/id_ed25519_work_laptop",
      generate_ssh_key: (a) => ({
        key: key("lc", "k8", String(a.name)),
        privateKeyFile: String(a.privateKeyFile),
        publicKeyFile: `${String(a.privateKeyFile)}.pub`,
        fingerprint: "SHA256:chosen",
      }),
    });
    await user.click(await screen.findByTestId("ssh-keys-generate"));
    await user.type(screen.getByTestId("ssh-key-generate-name"), "Work laptop");
    await user.click(screen.getByTestId("save-path-choose"));
    await waitFor(() => expect(screen.getByTestId("ssh-key-generate-file")).toHaveValue("/home/me/.ssh/id_ed25519_work_laptop"));
    expect(callsOf(calls, "choose_save_path")).toEqual([{ purpose: "privateKey", suggestedName: "id_ed25519_work_laptop" }]);
    await user.click(screen.getByTestId("ssh-key-generate-ok"));
    expect(await screen.findByTestId("ssh-key-generated-private")).toHaveTextContent("/home/me/.ssh/id_ed25519_work_laptop");
    expect(callsOf(calls, "generate_ssh_key")).toEqual([{ account: "lc", name: "Work laptop", privateKeyFile: "/home/me/.ssh/id_ed25519_work_laptop" }]);
    // Shown once: closed, the result is gone; opened again, the form is new.
    await user.click(screen.getByTestId("ssh-key-generated-done"));
    await user.click(screen.getByTestId("ssh-keys-generate"));
    expect(screen.queryByTestId("ssh-key-generated")).toBeNull();
    expect(screen.getByTestId("ssh-key-generate-file")).toHaveValue("");
  });

  it("generates a pair: the private key path goes to Rust, the page shows only where it went", async () => {
    const { user, calls } = open([withKeys("lc", "letscloud")], {
      generate_ssh_key: (a) => ({
        key: key("lc", "k9", String(a.name)),
        privateKeyFile: String(a.privateKeyFile),
        publicKeyFile: `${String(a.privateKeyFile)}.pub`,
        fingerprint: "SHA256:new",
      }),
    });
    await user.click(await screen.findByTestId("ssh-keys-generate"));
    await user.type(screen.getByTestId("ssh-key-generate-name"), "fleet");
    await user.type(screen.getByTestId("ssh-key-generate-file"), "relative/path");
    expect(screen.getByTestId("ssh-key-generate-ok")).toBeDisabled();
    await user.clear(screen.getByTestId("ssh-key-generate-file"));
    await user.type(screen.getByTestId("ssh-key-generate-file"), "~/.ssh/id_fleet");
    expect(screen.getByTestId("ssh-key-generate-ok")).toBeDisabled();
    await user.clear(screen.getByTestId("ssh-key-generate-file"));
    await user.type(screen.getByTestId("ssh-key-generate-file"), "/home/me/.ssh/id_fleet");
    await user.click(screen.getByTestId("ssh-key-generate-ok"));
    expect(await screen.findByTestId("ssh-key-generated-private")).toHaveTextContent("/home/me/.ssh/id_fleet");
    expect(screen.getByTestId("ssh-key-generated-fingerprint")).toHaveTextContent("SHA256:new");
    expect(callsOf(calls, "generate_ssh_key")).toEqual([{ account: "lc", name: "fleet", privateKeyFile: "/home/me/.ssh/id_fleet" }]);
  });

  it("pushes one key to two accounts and shows each account's result", async () => {
    const { user, calls } = open([withKeys("lc", "letscloud"), withKeys("zy", "cloudzy")], {
      push_ssh_key: () => [
        { account: "lc", provider: "letscloud", key: key("lc", "k5", "laptop"), error: null },
        { account: "zy", provider: "cloudzy", key: null, error: { code: "conflict", message: "key already there", details: {} } },
      ],
    });
    await user.click(await screen.findByTestId("ssh-keys-name-lc/k1"));
    await user.click(within(screen.getByTestId("ssh-keys-detail")).getByTestId("ssh-key-push"));
    expect(screen.getByTestId("ssh-key-push-public")).toHaveValue(PUB);
    await user.click(screen.getByTestId("ssh-key-push-account-lc"));
    await user.click(screen.getByTestId("ssh-key-push-account-zy"));
    await user.click(screen.getByTestId("ssh-key-push-ok"));
    expect(await screen.findByTestId("ssh-key-push-result-lc")).toHaveTextContent("✓ lc: added");
    expect(screen.getByTestId("ssh-key-push-result-zy")).toHaveTextContent("✕ zy: key already there");
    expect(callsOf(calls, "push_ssh_key")).toEqual([{ publicKey: PUB, name: "laptop", accounts: ["lc", "zy"] }]);
  });

  it("renames where offered and deletes after the name is typed", async () => {
    const { user, calls } = open([withKeys("lc", "letscloud", true)], { rename_ssh_key: () => key("lc", "k1", "desk"), delete_ssh_key: () => null });
    await user.click(await screen.findByTestId("ssh-keys-name-lc/k1"));
    await user.click(screen.getByTestId("ssh-key-rename"));
    await user.clear(screen.getByTestId("ssh-key-rename-dialog-input"));
    await user.type(screen.getByTestId("ssh-key-rename-dialog-input"), "desk{Enter}");
    await waitFor(() => expect(callsOf(calls, "rename_ssh_key")).toEqual([{ address: "lc/k1", name: "desk" }]));
    await user.click(screen.getByTestId("ssh-key-delete"));
    expect(screen.getByTestId("storage-confirm-ok")).toBeDisabled();
    await user.type(screen.getByTestId("storage-confirm-input"), "laptop");
    await user.click(screen.getByTestId("storage-confirm-ok"));
    await waitFor(() => expect(callsOf(calls, "delete_ssh_key")).toEqual([{ address: "lc/k1" }]));
  });

  it("speaks Brazilian Portuguese: the table, the detail and the add dialog", async () => {
    await i18n.changeLanguage("pt-BR");
    const { user } = open([withKeys("lc", "letscloud")]);
    const row = await screen.findByTestId("ssh-keys-row-lc/k1");
    expect(row).toHaveTextContent("SHA256:fp-k1");
    expect(screen.getByTestId("main-title")).toHaveTextContent("Chaves SSH");
    expect(screen.getByRole("columnheader", { name: /Impressão digital/ })).toBeInTheDocument();
    expect(screen.getByTestId("ssh-keys-add")).toHaveTextContent("Adicionar chave…");
    await user.click(screen.getByTestId("ssh-keys-name-lc/k1"));
    expect(within(screen.getByTestId("ssh-keys-detail")).getByText("Chave pública")).toBeInTheDocument();
    expect(screen.getByTestId("ssh-key-push")).toHaveTextContent("Enviar para contas…");
    await user.click(screen.getByTestId("ssh-keys-add"));
    const dialog = screen.getByTestId("ssh-key-add-dialog");
    expect(within(dialog).getByRole("heading", { name: "Adicionar uma chave SSH" })).toBeInTheDocument();
    await user.type(screen.getByTestId("ssh-key-add-public"), "x");
    expect(screen.getByTestId("ssh-key-add-public-field")).toHaveTextContent("Isto não é uma chave pública OpenSSH.");
    expect(within(dialog).getByRole("button", { name: "Cancelar" })).toBeInTheDocument();
  });

  it("offers no rename where the provider has none", async () => {
    const { user } = open([withKeys("lc", "letscloud", false)]);
    await user.click(await screen.findByTestId("ssh-keys-name-lc/k1"));
    expect(screen.queryByTestId("ssh-key-rename")).toBeNull();
    expect(screen.getByTestId("ssh-key-delete")).toBeInTheDocument();
  });
});
