import { screen, waitFor, within } from "@testing-library/react";

import type { AddAccountRequest } from "../../bindings/AddAccountRequest";
import { i18n } from "../../i18n";
import { accountView } from "../../testing/fixtures";
import { CommandRejection } from "../../testing/ipc";
import { callsOf, renderApp } from "../../testing/render";

const field = (name: string) => screen.getByTestId(`account-input-${name}`);

describe("adding an account", () => {
  it("asks each provider for its own credentials", async () => {
    const { user } = renderApp();
    await user.click(await screen.findByTestId("add-account"));
    expect(field("secret")).toBeInTheDocument();
    expect(screen.queryByTestId("account-input-username")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("provider-cloudero"));
    expect(field("username")).toBeInTheDocument();
    expect(screen.getByTestId("account-field-secret")).toHaveTextContent("Password");

    await user.click(screen.getByTestId("provider-vz"));
    expect(field("endpoint")).toBeInTheDocument();
    expect(field("clientCertPem")).toBeInTheDocument();
    expect(field("clientKeyPem")).toBeInTheDocument();
    expect(screen.queryByTestId("account-input-secret")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("sign-in-token"));
    expect(screen.getByTestId("account-field-secret")).toHaveTextContent("Bearer token");
    expect(screen.queryByTestId("account-input-clientKeyPem")).not.toBeInTheDocument();
  });

  it("validates before sending", async () => {
    const { user, calls } = renderApp();
    await user.click(await screen.findByTestId("add-account"));
    await user.type(field("name"), "bad name!");
    await user.click(screen.getByTestId("add-account-submit"));
    expect(screen.getByTestId("account-field-name-error")).toBeInTheDocument();
    expect(screen.getByTestId("account-field-secret-error")).toBeInTheDocument();
    expect(callsOf(calls, "add_account")).toEqual([]);
  });

  it("sends the Cloude.ro form to Rust and selects the new account", async () => {
    const added = accountView("work", "cloudero");
    let accounts = [] as (typeof added)[];
    const { user, calls } = renderApp({
      handlers: {
        list_accounts: () => accounts,
        add_account: () => {
          accounts = [added];
          return added;
        },
      },
    });
    await user.click(await screen.findByTestId("add-account"));
    await user.click(screen.getByTestId("provider-cloudero"));
    await user.type(field("name"), "work");
    await user.type(field("username"), "ops@example.test");
    await user.type(field("secret"), "hunter22");
    await user.click(screen.getByTestId("add-account-submit"));
    await waitFor(() => expect(callsOf(calls, "add_account")).toHaveLength(1));
    const request = callsOf(calls, "add_account")[0]?.request as AddAccountRequest;
    expect(request).toMatchObject({
      name: "work",
      provider: "cloudero",
      username: "ops@example.test",
      secret: "hunter22",
      lxd: null,
      clientKeyPem: null,
    });
    expect(request).not.toHaveProperty("sandbox");
    await waitFor(() => expect(screen.queryByTestId("add-account-dialog")).not.toBeInTheDocument());
    expect(await screen.findByTestId("main-title")).toHaveTextContent("work");
  });

  it("puts the check's typed error on the right field", async () => {
    const rejections = [
      new CommandRejection({ code: "auth", message: "the token was rejected", details: {} }),
      new CommandRejection({
        code: "invalidInput",
        message: "taken",
        details: { fields: [{ field: "name", message: "an account named 'main' already exists" }] },
      }),
    ];
    const { user } = renderApp({
      handlers: {
        add_account: () => {
          throw rejections.shift();
        },
      },
    });
    await user.click(await screen.findByTestId("add-account"));
    await user.type(field("name"), "main");
    await user.type(field("secret"), "wrong");
    await user.click(screen.getByTestId("add-account-submit"));
    expect(await screen.findByTestId("account-field-secret-error")).toHaveTextContent("the token was rejected");
    await user.click(screen.getByTestId("add-account-submit"));
    expect(await screen.findByTestId("account-field-name-error")).toHaveTextContent("already exists");
    expect(screen.queryByTestId("account-field-secret-error")).not.toBeInTheDocument();
  });

  it("shows a vz/LXD server's fingerprint and sends it only once trusted", async () => {
    const { user, calls } = renderApp({
      handlers: {
        server_certificate: () => ({ pem: "-----BEGIN CERTIFICATE-----", sha256: "ab12cd34" }),
        add_account: () => accountView("lxd1", "vz"),
      },
    });
    await user.click(await screen.findByTestId("add-account"));
    await user.click(screen.getByTestId("provider-vz"));
    await user.type(field("name"), "lxd1");
    await user.type(field("endpoint"), "https://10.0.0.5:8443");
    await user.type(field("clientCertPem"), "-----BEGIN CERTIFICATE-----x");
    await user.type(field("clientKeyPem"), "-----BEGIN PRIVATE KEY-----x");
    await user.click(screen.getByTestId("fetch-certificate"));
    expect(await screen.findByTestId("cert-fingerprint")).toHaveTextContent("ab:12:cd:34");
    expect(callsOf(calls, "server_certificate")).toEqual([{ endpoint: "https://10.0.0.5:8443" }]);
    await user.click(screen.getByTestId("cert-trust-checkbox"));
    await user.click(screen.getByTestId("add-account-submit"));
    await waitFor(() => expect(callsOf(calls, "add_account")).toHaveLength(1));
    const request = callsOf(calls, "add_account")[0]?.request as AddAccountRequest;
    expect(request.lxd).toEqual({
      flavour: "auto",
      clientCertPem: "-----BEGIN CERTIFICATE-----x",
      serverFingerprint: "ab12cd34",
      project: null,
    });
    expect(request.clientKeyPem).toBe("-----BEGIN PRIVATE KEY-----x");
    expect(request.secret).toBeNull();
  });
});

describe("adding an account in Portuguese", () => {
  it("labels the form and explains each credential in pt-BR, from the provider's descriptor", async () => {
    await i18n.changeLanguage("pt-BR");
    const { user } = renderApp();
    await user.click(await screen.findByTestId("add-account"));
    const dialog = screen.getByTestId("add-account-dialog");
    expect(within(dialog).getByRole("heading", { name: "Adicionar conta" })).toBeInTheDocument();
    expect(within(dialog).getByRole("group", { name: "Provedor" })).toBeInTheDocument();
    expect(screen.getByTestId("account-field-name")).toHaveTextContent("Nome da conta");
    // LetsCloud's token: its label, where it is and what it may do, in Portuguese.
    expect(screen.getByTestId("account-field-secret")).toHaveTextContent("Token de API");
    expect(screen.getByTestId("account-field-secret")).toHaveTextContent("No painel da LetsCloud: Perfil → API (gere um token lá).");
    expect(screen.getByTestId("credential-permissions-secret")).toHaveTextContent(
      "Precisa de: O token age com os direitos da conta dele: com ele, o Fleetdeck lê, cria, altera e exclui servidores",
    );
    expect(screen.getByTestId("provider-docs")).toHaveTextContent("Documentação da API LetsCloud");
    expect(screen.getByTestId("add-account-submit")).toHaveTextContent("Verificar e adicionar");

    // A Rust rule's message, in Portuguese.
    await user.click(screen.getByTestId("add-account-submit"));
    expect(screen.getByTestId("account-field-secret-error")).toHaveTextContent("Informe o token de API.");
    expect(screen.getByTestId("account-field-name-error")).toHaveTextContent("De 1 a 64 letras");

    // vz/LXD: the sign-in methods, and the page that explains the bearer token (its address as sent).
    await user.click(screen.getByTestId("provider-vz"));
    expect(within(dialog).getByRole("group", { name: "Autenticação" })).toHaveTextContent("Certificado do cliente");
    expect(screen.getByTestId("account-field-clientKeyPem")).toHaveTextContent("Chave do cliente (PEM)");
    await user.click(screen.getByTestId("sign-in-token"));
    expect(screen.getByTestId("account-field-secret")).toHaveTextContent("Token bearer");
    expect(screen.getByTestId("credential-help-secret")).toHaveTextContent("Onde: Abrir a página");
    expect(screen.getByTestId("credential-help-link-secret-url")).toHaveTextContent("https://documentation.ubuntu.com/lxd/latest/howto/auth_bearer/");
    // Many clicks: more than the default 5 s on a busy machine.
  }, 20_000);
});

describe("the account list", () => {
  it("offers the sandbox when there is no account, and says which providers it could not add", async () => {
    let accounts: ReturnType<typeof accountView>[] = [];
    const { user, calls } = renderApp({
      handlers: {
        list_accounts: () => accounts,
        try_sandbox: () => {
          accounts = [accountView("sandbox-cloudero", "cloudero")];
          return {
            added: accounts,
            failures: [{ account: "sandbox-vz", error: { code: "unsupported", message: "vz/LXD is not built yet", details: {} } }],
          };
        },
      },
    });
    await user.click(await screen.findByTestId("try-sandbox"));
    await waitFor(() => expect(callsOf(calls, "try_sandbox")).toHaveLength(1));
    expect(await screen.findByTestId("account-sandbox-cloudero")).toBeInTheDocument();
    expect(screen.getByTestId("toasts")).toHaveTextContent("not added: sandbox-vz (vz/LXD is not built yet)");
  });

  it("says the sandbox is starting while it does, and shows why it did not", async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const { user } = renderApp({
      handlers: {
        try_sandbox: async () => {
          await answered;
          throw new CommandRejection({ code: "internal", message: "no free port for the simulator", details: {} });
        },
      },
    });
    await user.click(await screen.findByTestId("try-sandbox"));
    await waitFor(() => expect(screen.getByTestId("try-sandbox")).toBeDisabled());
    expect(screen.getByTestId("try-sandbox")).toHaveTextContent("Starting the sandbox…");
    answer();
    await waitFor(() => expect(screen.getByTestId("empty-state")).toHaveTextContent("no free port for the simulator"));
    expect(screen.getByTestId("try-sandbox")).toBeEnabled();
    expect(screen.getByTestId("try-sandbox")).toHaveTextContent("Try the sandbox");
  });

  it("says plainly when no keyring is available", async () => {
    const { user } = renderApp({
      handlers: {
        keyring_status: () => ({ available: false, backend: "Secret Service", message: "no org.freedesktop.secrets on the bus" }),
      },
    });
    expect(await screen.findByTestId("keyring-unavailable")).toHaveTextContent("No keyring available");
    expect(screen.getByTestId("keyring-message")).toHaveTextContent("no org.freedesktop.secrets");
    await user.click(screen.getByTestId("keyring-continue"));
    expect(screen.queryByTestId("keyring-unavailable")).not.toBeInTheDocument();
  });

  it("reorders with Alt+Down and keeps Rust's answer", async () => {
    const a = accountView("a");
    const b = accountView("b");
    const { user, calls } = renderApp({
      accounts: [a, b],
      handlers: { reorder_accounts: (args) => (args.names as string[]).map((n) => (n === "a" ? a : b)) },
    });
    (await screen.findByTestId("account-a")).focus();
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    await waitFor(() => expect(callsOf(calls, "reorder_accounts")).toEqual([{ names: ["b", "a"] }]));
    const list = screen.getByTestId("account-list");
    expect(within(list).getAllByTestId(/^account-[ab]$/).map((e) => e.dataset.testid)).toEqual(["account-b", "account-a"]);
  });

  it("filters the accounts", async () => {
    const { user } = renderApp({
      accounts: [accountView("alpha"), accountView("beta"), accountView("gamma", "vz"), accountView("delta")],
    });
    await user.type(await screen.findByTestId("accounts-filter"), "lxd");
    expect(within(screen.getByTestId("account-list")).getAllByRole("button", { name: /^(alpha|beta|gamma|delta)/ })).toHaveLength(1);
    expect(screen.getByTestId("account-gamma")).toBeInTheDocument();
  });

  it("renames and recolours, and removes only once the name is typed", async () => {
    const main = accountView("main", "letscloud", "#ff0000");
    const { user, calls } = renderApp({
      accounts: [main],
      handlers: {
        update_account: () => accountView("prod", "letscloud", "#ff0000"),
        remove_account: () => null,
      },
    });
    await user.click(await screen.findByTestId("account-settings-main"));
    const name = screen.getByTestId("settings-name-input");
    await user.clear(name);
    await user.type(name, "prod");
    await user.click(screen.getByTestId("settings-save"));
    await waitFor(() =>
      expect(callsOf(calls, "update_account")).toEqual([
        {
          name: "main",
          changes: { name: "prod", color: null, endpoint: null, username: null, secret: null, clientKeyPem: null },
        },
      ]),
    );

    await user.click(await screen.findByTestId("account-settings-main"));
    expect(screen.getByTestId("remove-account")).toBeDisabled();
    await user.type(screen.getByTestId("remove-confirm-input"), "main");
    await user.click(screen.getByTestId("remove-account"));
    await waitFor(() => expect(callsOf(calls, "remove_account")).toEqual([{ name: "main" }]));
  });

  it("re-authenticates with a new token", async () => {
    const { user, calls } = renderApp({
      accounts: [accountView("main")],
      handlers: { reauthenticate: () => accountView("main") },
    });
    await user.click(await screen.findByTestId("account-settings-main"));
    await user.type(screen.getByTestId("reauth-input"), "new-token");
    await user.click(screen.getByTestId("reauth-submit"));
    await waitFor(() =>
      expect(callsOf(calls, "reauthenticate")).toEqual([{ name: "main", secret: "new-token", clientKeyPem: null }]),
    );
  });
});

describe("the colour of a new account", () => {
  it("is the first palette colour no account wears yet", async () => {
    const { nextAccountColour, ACCOUNT_PALETTE } = await import("./AddAccountDialog");
    expect(nextAccountColour([])).toBe(ACCOUNT_PALETTE[0]);
    expect(nextAccountColour([ACCOUNT_PALETTE[0].toUpperCase(), null])).toBe(ACCOUNT_PALETTE.at(1));
    expect(nextAccountColour([...ACCOUNT_PALETTE])).toBe(ACCOUNT_PALETTE[0]);
  });
});
