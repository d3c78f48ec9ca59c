import { screen, waitFor, within } from "@testing-library/react";

import type { AccountView } from "../../bindings/AccountView";
import type { Capabilities } from "../../bindings/Capabilities";
import type { CreateResult } from "../../bindings/CreateResult";
import type { CreateServerRequest } from "../../bindings/CreateServerRequest";
import type { Plan } from "../../bindings/Plan";
import type { SshKey } from "../../bindings/SshKey";
import { i18n } from "../../i18n";
import { accountState, accountView, allCapabilities, job, lxdCapabilities, server, vzCapabilities } from "../../testing/fixtures";
import { CommandRejection } from "../../testing/ipc";
import { callsOf, renderApp } from "../../testing/render";
import { buildRequest, placeFieldErrors, sourceChoices, stepOfField, stepsFor, validateStep, wizardField, type Draft } from "./CreateServerWizard";

function cloudzyLike(): Capabilities {
  const caps = allCapabilities("cloudzy");
  caps.create = {
    ...caps.create,
    regions: true,
    plans: true,
    images: true,
    applications: true,
    customSize: true,
    maxServersPerRequest: 3,
    sshKeys: "many",
    ipv6Choice: true,
    billingCycles: ["monthly", "hourly"],
  };
  return caps;
}

const view = accountView("cz", "cloudzy");
view.capabilities = cloudzyLike();

const plan = (id: string, amount: string): Plan => ({
  account: "cz",
  provider: "cloudzy",
  id,
  name: id,
  kind: "fixed",
  vcpus: 1,
  memoryMb: 2048,
  diskGb: 40,
  bandwidthGb: null,
  prices: [{ amount: { amount, currency: "USD" }, period: "monthly", beforeDiscount: null, discountPercent: null }],
  regions: [],
  available: true,
  raw: {},
});

const handlers = {
  regions: () => [
    { account: "cz", provider: "cloudzy", id: "us-nyc", name: "New York", country: "US", city: null, available: true, features: {}, raw: {} },
  ],
  plans: () => [plan("std-1", "4.95"), plan("std-2", "9.95")],
  images: () => [
    { account: "cz", provider: "cloudzy", id: "ubuntu-24", name: "Ubuntu 24.04", kind: "os", family: "ubuntu", version: "24.04", arch: null, regions: [], minDiskGb: null, minMemoryMb: null, compatibleOs: [], description: null, price: null, raw: {} },
  ],
  ssh_keys: () => ({
    items: [{ account: "cz", provider: "cloudzy", id: "7", name: "laptop", publicKey: "ssh-ed25519 AAAA", fingerprint: "SHA256:x", raw: {} }],
    failures: [],
  }),
};

async function openWizard(extra: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  const app = renderApp({
    accounts: [view],
    cached: { servers: [], accounts: [accountState("cz", { provider: "cloudzy" })] },
    handlers: { ...handlers, ...extra },
  });
  await app.user.click(await screen.findByTestId("account-cz"));
  await app.user.click(await screen.findByTestId("create-server"));
  return app;
}

describe("the create wizard's rules", () => {
  const caps = cloudzyLike();
  const draft: Draft = {
    region: "us-nyc",
    plan: "std-1",
    custom: { vcpus: "", memoryGb: "", diskGb: "" },
    sourceKind: "image",
    image: "ubuntu-24",
    application: "",
    copyFrom: "",
    sshKeys: ["7"],
    name: "web-1",
    extraHostnames: "web-2\nweb-3",
    rootPassword: "",
    ipv6: true,
    floatingIpCount: "",
    billingCycle: "monthly",
    userData: "",
  };

  it("has the steps the capabilities call for", () => {
    expect(stepsFor(caps)).toEqual(["region", "plan", "source", "keys", "names", "options", "review"]);
    expect(stepsFor(allCapabilities())).toEqual(["names", "review"]);
  });

  it("checks hostnames and the servers-per-order limit", () => {
    expect(validateStep("names", draft, caps)).toEqual({});
    expect(validateStep("names", { ...draft, name: "-bad-" }, caps)).toHaveProperty("name");
    expect(validateStep("names", { ...draft, extraHostnames: "a b c" }, caps).extraHostnames).toBe("At most 3 servers per order.");
    expect(validateStep("names", { ...draft, extraHostnames: "web-1" }, caps).extraHostnames).toBe("Hostnames must differ.");
    expect(validateStep("plan", { ...draft, plan: "custom" }, caps)).toHaveProperty(["customSize.vcpus"]);
  });

  it("builds the request and maps provider field names to steps", () => {
    expect(buildRequest(draft, caps)).toMatchObject({
      name: "web-1",
      extraHostnames: ["web-2", "web-3"],
      region: "us-nyc",
      plan: "std-1",
      customSize: null,
      image: "ubuntu-24",
      application: null,
      sshKeys: ["7"],
      ipv6: true,
      billingCycle: "monthly",
    });
    expect(stepOfField("customSize.vcpus")).toBe("plan");
    expect(stepOfField("sshKeys[0]")).toBe("keys");
    expect(stepOfField("hostnames")).toBe("names");
    expect(stepOfField("billingCycle")).toBe("options");
  });

  it("knows every field name the Rust side reports for an order, and which have no step", () => {
    // Unified names (fleet and the provider crates' own checks).
    for (const [field, step] of [
      ["name", "names"], ["hostname", "names"], ["extraHostnames", "names"], ["rootPassword", "names"],
      ["region", "region"], ["plan", "plan"], ["customSize", "plan"], ["image", "source"], ["application", "source"],
      ["source", "source"], ["sshKeys", "keys"], ["ipv6", "options"], ["floatingIpCount", "options"], ["userData", "options"],
    ] as const) expect(stepOfField(field)).toBe(step);
    // Wire names of the providers' own validation answers.
    expect(wizardField("hostnames.0")).toBe("name");
    expect(wizardField("hostnames.2")).toBe("extraHostnames");
    expect(wizardField("productId")).toBe("plan");
    expect(wizardField("extraResource.diskInGB")).toBe("customSize.diskGb");
    expect(wizardField("osId")).toBe("image");
    expect(wizardField("sshKeyIds[1]")).toBe("sshKeys");
    expect(wizardField("package")).toBe("plan");
    expect(wizardField("ssh_key")).toBe("sshKeys");
    expect(wizardField("user_data")).toBe("userData");
    expect(wizardField("image_slug")).toBe("image");
    expect(wizardField("password")).toBe("rootPassword");
    expect(wizardField("source.type")).toBe("source");
    // Nothing in the wizard holds these: they go to the general notice.
    for (const field of ["config", "config.limits.cpu", "iso", "fromSnapshot", "ipv4", "assignIpv4", "request", "class"])
      expect(stepOfField(field)).toBeNull();
  });

  it("puts a field error on a step only where that step shows the field", () => {
    const steps = stepsFor(caps);
    const placed = placeFieldErrors(
      [
        { field: "customSize.vcpus", message: "too few" },
        { field: "plan", message: "sold out" },
        { field: "osId", message: "not in this region" },
      ],
      steps,
      caps,
      draft,
    );
    expect(placed.placed).toEqual({ plan: "sold out", image: "not in this region" });
    expect(placed.unplaced).toEqual([{ field: "customSize.vcpus", message: "too few" }]);
    expect(placed.first).toBe("plan");
    // The same error with the application chosen: the image field is not on screen.
    expect(placeFieldErrors([{ field: "image", message: "x" }], steps, caps, { ...draft, sourceKind: "application" }).unplaced).toHaveLength(1);
  });
});

describe("the create wizard", () => {
  it("will not go on without a region", async () => {
    const { user } = await openWizard();
    expect(screen.getByTestId("wizard-step-region")).toBeInTheDocument();
    await user.click(screen.getByTestId("wizard-next"));
    expect(screen.getByTestId("wizard-region-error")).toHaveTextContent("Choose a region.");
    expect(screen.getByTestId("wizard-step-region")).toBeInTheDocument();
  });

  it("orders with every choice, shows prices, and lists the jobs", async () => {
    const { user, calls } = await openWizard({
      create_server: () => ({ jobs: [job({ id: "j-web-1", description: "Create web-1" })], message: null, rootPassword: null }),
    });
    await screen.findByRole("option", { name: /New York/ });
    await user.selectOptions(screen.getByTestId("wizard-region-select"), "us-nyc");
    await user.click(screen.getByTestId("wizard-next"));
    expect(await screen.findByRole("option", { name: /std-2 .* — 9\.95 USD\/monthly/ })).toBeInTheDocument();
    await waitFor(() => expect(callsOf(calls, "plans")).toContainEqual({ account: "cz", region: "us-nyc" }));
    await user.selectOptions(screen.getByTestId("wizard-plan-select"), "std-2");
    await user.click(screen.getByTestId("wizard-next"));
    await screen.findByRole("option", { name: "Ubuntu 24.04" });
    await user.selectOptions(screen.getByTestId("wizard-image-select"), "ubuntu-24");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(await within(screen.getByTestId("wizard-keys")).findByRole("checkbox", { name: /laptop/ }));
    await user.click(screen.getByTestId("wizard-next"));
    await user.type(screen.getByTestId("wizard-name-input"), "web-1");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-ipv6"));
    await user.click(screen.getByTestId("wizard-next"));
    expect(screen.getByTestId("wizard-review")).toHaveTextContent("web-1");
    await user.click(screen.getByTestId("wizard-create"));
    await waitFor(() => expect(callsOf(calls, "create_server")).toHaveLength(1));
    const { account, request } = callsOf(calls, "create_server")[0] as { account: string; request: CreateServerRequest };
    expect(account).toBe("cz");
    expect(request).toMatchObject({ name: "web-1", region: "us-nyc", plan: "std-2", image: "ubuntu-24", sshKeys: ["7"], ipv6: true });
    expect(await screen.findByTestId("job-j-web-1")).toBeInTheDocument();
    expect(screen.queryByTestId("create-wizard")).not.toBeInTheDocument();
  });

  it("takes the provider's validation error back to the field's step", async () => {
    const { user } = await openWizard({
      create_server: () => {
        throw new CommandRejection({
          code: "validation",
          message: "invalid order",
          details: { fields: [{ field: "plan", message: "plan std-1 is sold out in us-nyc" }] },
        });
      },
    });
    await screen.findByRole("option", { name: /New York/ });
    await user.selectOptions(screen.getByTestId("wizard-region-select"), "us-nyc");
    await user.click(screen.getByTestId("wizard-next"));
    await screen.findByRole("option", { name: /std-1/ });
    await user.selectOptions(screen.getByTestId("wizard-plan-select"), "std-1");
    await user.click(screen.getByTestId("wizard-next"));
    await screen.findByRole("option", { name: "Ubuntu 24.04" });
    await user.selectOptions(screen.getByTestId("wizard-image-select"), "ubuntu-24");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-next"));
    await user.type(screen.getByTestId("wizard-name-input"), "web-1");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-create"));
    expect(await screen.findByTestId("wizard-step-plan")).toBeInTheDocument();
    expect(screen.getByTestId("wizard-plan-error")).toHaveTextContent("plan std-1 is sold out in us-nyc");
    // The general notice stays, next to the field's own message.
    expect(screen.getByTestId("error-notice")).toHaveTextContent("invalid order");
  });

  it("shows errors of fields no step shows in the general notice, by the name the provider gave", async () => {
    const { user } = await openWizard({
      create_server: () => {
        throw new CommandRejection({
          code: "validation",
          message: "invalid order",
          details: {
            fields: [
              { field: "extraResource.ramInGB", message: "too little memory for this OS" },
              { field: "isDdosProtected", message: "not offered in us-nyc" },
              { field: "assignIpv4", message: "an IPv4 address is required" },
            ],
          },
        });
      },
    });
    await screen.findByRole("option", { name: /New York/ });
    await user.selectOptions(screen.getByTestId("wizard-region-select"), "us-nyc");
    await user.click(screen.getByTestId("wizard-next"));
    await screen.findByRole("option", { name: /std-1/ });
    await user.selectOptions(screen.getByTestId("wizard-plan-select"), "std-1");
    await user.click(screen.getByTestId("wizard-next"));
    await screen.findByRole("option", { name: "Ubuntu 24.04" });
    await user.selectOptions(screen.getByTestId("wizard-image-select"), "ubuntu-24");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-next"));
    await user.type(screen.getByTestId("wizard-name-input"), "web-1");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-create"));
    // Custom-size memory is not shown for a fixed plan; an option and IPv4 have no field at all:
    // all three are in the general notice, with the provider's field name.
    const notice = await screen.findByTestId("wizard-field-errors");
    expect(notice).toHaveTextContent("extraResource.ramInGB: too little memory for this OS");
    expect(notice).toHaveTextContent("isDdosProtected: not offered in us-nyc");
    expect(notice).toHaveTextContent("assignIpv4: an IPv4 address is required");
    expect(screen.getByTestId("error-notice")).toHaveTextContent("invalid order");
  });

  it("names every step with an error and goes there from the notice", async () => {
    const { user } = await openWizard({
      create_server: () => {
        throw new CommandRejection({
          code: "validation",
          message: "invalid order",
          details: {
            fields: [
              { field: "productId", message: "sold out" },
              { field: "hostnames.0", message: "hostname taken" },
            ],
          },
        });
      },
    });
    await screen.findByRole("option", { name: /New York/ });
    await user.selectOptions(screen.getByTestId("wizard-region-select"), "us-nyc");
    await user.click(screen.getByTestId("wizard-next"));
    await screen.findByRole("option", { name: /std-1/ });
    await user.selectOptions(screen.getByTestId("wizard-plan-select"), "std-1");
    await user.click(screen.getByTestId("wizard-next"));
    await screen.findByRole("option", { name: "Ubuntu 24.04" });
    await user.selectOptions(screen.getByTestId("wizard-image-select"), "ubuntu-24");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-next"));
    await user.type(screen.getByTestId("wizard-name-input"), "web-1");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-create"));
    // The provider's `productId` is the wizard's plan: the first step with an error.
    expect(await screen.findByTestId("wizard-step-plan")).toBeInTheDocument();
    expect(screen.getByTestId("wizard-plan-error")).toHaveTextContent("sold out");
    const elsewhere = screen.getByTestId("wizard-field-errors");
    expect(elsewhere).toHaveTextContent("Hostnames: hostname taken");
    await user.click(within(elsewhere).getByRole("button", { name: /Hostnames/ }));
    expect(screen.getByTestId("wizard-step-names")).toBeInTheDocument();
    expect(screen.getByTestId("wizard-name-error")).toHaveTextContent("hostname taken");
  });
});

describe("the create wizard in Portuguese", () => {
  it("names its steps, fields and checks in pt-BR, with prices in the Brazilian format", async () => {
    await i18n.changeLanguage("pt-BR");
    const big: Plan = { ...plan("big-1", "1234.5"), memoryMb: 1536, vcpus: 12 };
    const { user } = await openWizard({ plans: () => [plan("std-1", "4.95"), big] });
    const wizard = screen.getByTestId("create-wizard");
    expect(within(wizard).getByRole("heading", { name: "Novo servidor em cz (Cloudzy)" })).toBeInTheDocument();
    const steps = within(wizard).getByRole("list", { name: "Etapas" });
    expect(within(steps).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Região",
      "Plano",
      "Imagem",
      "Chaves SSH",
      "Hostnames",
      "Opções",
      "Revisão",
    ]);
    expect(screen.getByTestId("wizard-region")).toHaveTextContent("Região");
    expect(screen.getByTestId("wizard-next")).toHaveTextContent("Avançar");
    expect(screen.getByTestId("wizard-back")).toHaveTextContent("Voltar");

    // The local check, in Portuguese.
    await user.click(screen.getByTestId("wizard-next"));
    expect(screen.getByTestId("wizard-region-error")).toHaveTextContent("Escolha uma região.");

    await screen.findByRole("option", { name: /New York/ });
    await user.selectOptions(screen.getByTestId("wizard-region-select"), "us-nyc");
    await user.click(screen.getByTestId("wizard-next"));
    // Sizes and amounts with the language's separators, every digit kept; the period in words.
    expect(await screen.findByRole("option", { name: "std-1 · 1 vCPU · 2 GB de RAM · 40 GB de disco — 4,95 USD/mês" })).toBeInTheDocument();
    expect(screen.getByRole("option", { name: "big-1 · 12 vCPU · 1,5 GB de RAM · 40 GB de disco — 1.234,50 USD/mês" })).toBeInTheDocument();
    expect(screen.getByRole("option", { name: "Tamanho personalizado…" })).toBeInTheDocument();
    // The steps done are said done.
    expect(within(steps).getAllByRole("listitem")[0]).toHaveTextContent("Região (concluída)");

    await user.selectOptions(screen.getByTestId("wizard-plan-select"), "big-1");
    await user.click(screen.getByTestId("wizard-next"));
    expect(screen.getByRole("group", { name: "Criar a partir de" })).toBe(screen.getByTestId("wizard-source-choice"));
    expect(screen.getByRole("radio", { name: "Uma imagem de sistema operacional" })).toBeChecked();
    await user.click(screen.getByTestId("wizard-next"));
    expect(screen.getByTestId("wizard-image-error")).toHaveTextContent("Escolha uma imagem.");
    // Three steps of clicks: more than the default 5 s on a busy machine.
  }, 20_000);
});

const vzView = accountView("box", "vz");
vzView.capabilities = vzCapabilities();
const container = server("box", "web-1", { provider: "vz", id: "101" });

async function openVzWizard(handlers: Record<string, (args: Record<string, unknown>) => unknown>, view = vzView) {
  const app = renderApp({
    accounts: [view],
    cached: { servers: [container], accounts: [accountState("box", { provider: "vz", serverCount: 1 })] },
    handlers,
  });
  await app.user.click(await screen.findByTestId("account-box"));
  await app.user.click(await screen.findByTestId("create-server"));
  return app;
}

const created = (): CreateResult => ({ jobs: [job({ id: "j-c1", description: "Create c1", provider: "vz", account: "box" })], message: null, rootPassword: null });

describe("the create wizard on vz/LXD", () => {
  it("offers the sources the capabilities list that it can fill in", () => {
    expect(stepsFor(vzCapabilities())).toEqual(["source", "names", "review"]);
    expect(sourceChoices(vzCapabilities())).toEqual(["image", "none", "copy"]);
    expect(sourceChoices(cloudzyLike())).toEqual(["image", "application"]);
    expect(sourceChoices(allCapabilities())).toEqual([]);
  });

  it("offers a vz account an image step and orders the image typed", async () => {
    const { user, calls } = await openVzWizard({ create_server: created });
    expect(screen.getByTestId("wizard-step-source")).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: /image/i })).toBeChecked();
    expect(screen.getByRole("radio", { name: /empty/i })).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: /copy/i })).toBeInTheDocument();
    await user.click(screen.getByTestId("wizard-next"));
    expect(screen.getByTestId("wizard-image-error")).toHaveTextContent("Choose an image.");
    await user.type(screen.getByTestId("wizard-image-input"), "ubuntu");
    await user.click(screen.getByTestId("wizard-next"));
    await user.type(screen.getByTestId("wizard-name-input"), "c1");
    await user.click(screen.getByTestId("wizard-next"));
    expect(screen.getByTestId("wizard-review")).toHaveTextContent("ubuntu");
    await user.click(screen.getByTestId("wizard-create"));
    await waitFor(() => expect(callsOf(calls, "create_server")).toHaveLength(1));
    const { request } = callsOf(calls, "create_server")[0] as { request: CreateServerRequest };
    expect(request).toMatchObject({ name: "c1", image: "ubuntu", source: null, region: null, plan: null });
  });

  it("orders an empty container and a copy of a server of the account", async () => {
    const { user, calls } = await openVzWizard({ create_server: created });
    await user.click(screen.getByRole("radio", { name: /empty/i }));
    await user.click(screen.getByTestId("wizard-next"));
    await user.type(screen.getByTestId("wizard-name-input"), "c1");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-create"));
    await waitFor(() => expect(callsOf(calls, "create_server")).toHaveLength(1));
    expect(callsOf(calls, "create_server")[0]).toMatchObject({ request: { image: null, source: { type: "none" } } });

    await user.click(await screen.findByTestId("create-server"));
    await user.click(screen.getByRole("radio", { name: /copy/i }));
    await user.click(screen.getByTestId("wizard-next"));
    expect(screen.getByTestId("wizard-copy-error")).toHaveTextContent("Choose the server to copy.");
    await user.selectOptions(await screen.findByTestId("wizard-copy-select"), "101");
    await user.click(screen.getByTestId("wizard-next"));
    await user.type(screen.getByTestId("wizard-name-input"), "c2");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-create"));
    await waitFor(() => expect(callsOf(calls, "create_server")).toHaveLength(2));
    expect(callsOf(calls, "create_server")[1]).toMatchObject({ request: { image: null, source: { type: "copy", source: "101" } } });
  });

  it("lists an LXD server's images from its catalog", async () => {
    const lxd = accountView("box", "vz");
    lxd.capabilities = lxdCapabilities();
    const { user, calls } = await openVzWizard(
      {
        create_server: created,
        images: () => [
          { account: "box", provider: "vz", id: "debian/12", name: "Debian 12", kind: "os", family: "debian", version: "12", arch: null, regions: [], minDiskGb: null, minMemoryMb: null, compatibleOs: [], description: null, price: null, raw: {} },
        ],
      },
      lxd,
    );
    await screen.findByRole("option", { name: "Debian 12" });
    await user.selectOptions(screen.getByTestId("wizard-image-select"), "debian/12");
    await user.click(screen.getByTestId("wizard-next"));
    await user.type(screen.getByTestId("wizard-name-input"), "c1");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-create"));
    await waitFor(() => expect(callsOf(calls, "create_server")).toHaveLength(1));
    expect(callsOf(calls, "create_server")[0]).toMatchObject({ request: { image: "debian/12", source: null } });
  });

  it("puts a field error on image on the image step, with the general notice", async () => {
    const { user } = await openVzWizard({
      create_server: () => {
        throw new CommandRejection({
          code: "invalidInput",
          message: "choose an image (or the source 'none' for an empty container)",
          details: { fields: [{ field: "image", message: "choose an image (or the source 'none' for an empty container)" }] },
        });
      },
    });
    await user.type(screen.getByTestId("wizard-image-input"), "nosuch");
    await user.click(screen.getByTestId("wizard-next"));
    await user.type(screen.getByTestId("wizard-name-input"), "c1");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-create"));
    expect(await screen.findByTestId("wizard-step-source")).toBeInTheDocument();
    expect(screen.getByTestId("wizard-image-error")).toHaveTextContent("choose an image (or the source 'none' for an empty container)");
    expect(screen.getByTestId("error-notice")).toBeVisible();
    // A local check does not push the provider's message away.
    await user.clear(screen.getByTestId("wizard-image-input"));
    await user.click(screen.getByTestId("wizard-next"));
    expect(screen.getByTestId("wizard-image-error")).toHaveTextContent("Choose an image.; choose an image (or the source 'none'");
    // Choosing another source moves the message to the notice, with a way back to its step.
    await user.click(screen.getByRole("radio", { name: /empty/i }));
    expect(screen.queryByTestId("wizard-image-error")).not.toBeInTheDocument();
    expect(screen.getByTestId("wizard-field-errors")).toHaveTextContent("Image: choose an image");
  });

  it("shows an error for a field the wizard does not know", async () => {
    const { user } = await openVzWizard({
      create_server: () => {
        throw new CommandRejection({
          code: "invalidInput",
          message: "'limits cpu' is not a configuration key",
          details: { fields: [{ field: "config", message: "'limits cpu' is not a configuration key" }] },
        });
      },
    });
    await user.type(screen.getByTestId("wizard-image-input"), "ubuntu");
    await user.click(screen.getByTestId("wizard-next"));
    await user.type(screen.getByTestId("wizard-name-input"), "c1");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-create"));
    // Nowhere to go: the wizard stays on the review and says what and why.
    expect(await screen.findByTestId("wizard-field-errors")).toHaveTextContent("config: 'limits cpu' is not a configuration key");
    expect(screen.getByTestId("error-notice")).toBeInTheDocument();
    expect(screen.getByTestId("wizard-step-review")).toBeInTheDocument();
  });
});

describe("a root password the provider generated at create", () => {
  const lcView = accountView("lc", "letscloud");
  lcView.capabilities = allCapabilities("letscloud");
  const secret = "Gen-3rated-Pw!";

  it("is shown once in the wizard, masked, with reveal and copy, and is gone when it closes", async () => {
    const { user, client } = renderApp({
      accounts: [lcView],
      cached: { servers: [], accounts: [accountState("lc")] },
      handlers: {
        create_server: () => ({
          jobs: [job({ id: "j-lc", account: "lc", description: "Create web-1" })],
          // A provider message that quotes the password must not reach the toast.
          message: `web-1 is being built, root password ${secret}`,
          rootPassword: secret,
        }),
      },
    });
    await user.click(await screen.findByTestId("account-lc"));
    await user.click(await screen.findByTestId("create-server"));
    await user.type(screen.getByTestId("wizard-name-input"), "web-1");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-create"));

    expect(await screen.findByTestId("wizard-created")).toHaveTextContent("web-1");
    // Masked until asked for.
    expect(document.body).not.toHaveTextContent(secret);
    await user.click(screen.getByTestId("created-password-reveal"));
    expect(screen.getByTestId("created-password-value")).toHaveTextContent(secret);
    await user.click(screen.getByTestId("created-password-reveal"));
    expect(document.body).not.toHaveTextContent(secret);
    await user.click(screen.getByTestId("created-password-copy"));
    expect(await navigator.clipboard.readText()).toBe(secret);
    expect(screen.getByTestId("created-password-status")).toHaveTextContent("Copied");

    // Nowhere else: not the toast, not the query cache, not local storage.
    expect(screen.getByTestId("toasts")).toHaveTextContent("Creating web-1 in lc");
    expect(screen.getByTestId("toasts")).not.toHaveTextContent(secret);
    expect(JSON.stringify(client.getQueryCache().getAll().map((q) => q.state.data))).not.toContain(secret);
    expect(JSON.stringify({ ...localStorage })).not.toContain(secret);
    expect(await screen.findByTestId("job-j-lc")).toBeInTheDocument();

    await user.click(screen.getByTestId("wizard-done"));
    expect(screen.queryByTestId("create-wizard")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("create-server"));
    expect(screen.queryByTestId("wizard-created")).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(secret);
  });
});

describe("adding an SSH key inside the wizard", () => {
  const PUB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk2c2VjcmV0bm90IGEgcmVhbCBrZXkgYXQgYWxs me@desk";
  const laptop: SshKey = { account: "ck", provider: "cloudzy", id: "7", name: "laptop", publicKey: "ssh-ed25519 AAAA", fingerprint: "SHA256:x", raw: {} };

  function keyAccount(take: "one" | "many", create = true) {
    const v = accountView("ck", "cloudzy");
    v.capabilities = cloudzyLike();
    v.capabilities.create = { ...v.capabilities.create, sshKeys: take };
    v.capabilities.sshKeys = { list: true, get: true, create, generate: false, rename: false, delete: true };
    return v;
  }

  /** The wizard of `v` on its SSH key step; the account's keys live in `keys` (an added one joins them). */
  async function atKeyStep(v: AccountView, add: (args: Record<string, unknown>) => unknown, extra: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
    const keys: SshKey[] = [laptop];
    const app = renderApp({
      accounts: [v],
      cached: { servers: [], accounts: [accountState("ck", { provider: "cloudzy" })] },
      handlers: {
        ...handlers,
        ssh_keys: () => ({ items: [...keys], failures: [] }),
        add_ssh_key: (args) => {
          const created = add(args) as { key: SshKey; privateKey: null };
          keys.push(created.key);
          return created;
        },
        create_server: () => ({ jobs: [job({ id: "j-ck", account: "ck", description: "Create web-1" })], message: null, rootPassword: null }),
        ...extra,
      },
    });
    const { user } = app;
    await user.click(await screen.findByTestId("account-ck"));
    await user.click(await screen.findByTestId("create-server"));
    await screen.findByRole("option", { name: /New York/ });
    await user.selectOptions(screen.getByTestId("wizard-region-select"), "us-nyc");
    await user.click(screen.getByTestId("wizard-next"));
    await screen.findByRole("option", { name: /std-1/ });
    await user.selectOptions(screen.getByTestId("wizard-plan-select"), "std-1");
    await user.click(screen.getByTestId("wizard-next"));
    await screen.findByRole("option", { name: "Ubuntu 24.04" });
    await user.selectOptions(screen.getByTestId("wizard-image-select"), "ubuntu-24");
    await user.click(screen.getByTestId("wizard-next"));
    await screen.findByTestId("wizard-step-keys");
    return app;
  }

  it("adds a pasted key to the wizard's account and selects it next to the one chosen", async () => {
    const v = keyAccount("many");
    const { user, calls } = await atKeyStep(v, (a) => ({ key: { ...laptop, id: "8", name: String(a.name), publicKey: PUB }, privateKey: null }));
    const step = screen.getByTestId("wizard-keys");
    await user.click(await within(step).findByRole("checkbox", { name: /laptop/ }));
    await user.click(screen.getByTestId("wizard-add-key"));
    await user.type(screen.getByTestId("wizard-key-name"), "desk");
    await user.type(screen.getByTestId("wizard-key-public"), PUB);
    await user.click(screen.getByTestId("wizard-key-add"));
    await waitFor(() => expect(callsOf(calls, "add_ssh_key")).toEqual([{ account: "ck", name: "desk", publicKey: PUB }]));
    expect(await within(step).findByRole("checkbox", { name: /desk/ })).toBeChecked();
    expect(within(step).getByRole("checkbox", { name: /laptop/ })).toBeChecked();
    expect(screen.queryByTestId("wizard-key-form")).toBeNull();
    // Through to the order: both keys go with it.
    await user.click(screen.getByTestId("wizard-next"));
    await user.type(screen.getByTestId("wizard-name-input"), "web-1");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-create"));
    await waitFor(() => expect(callsOf(calls, "create_server")).toHaveLength(1));
    expect((callsOf(calls, "create_server")[0] as { request: CreateServerRequest }).request.sshKeys).toEqual(["7", "8"]);
  });

  it("takes the key from a .pub file Rust read, and replaces the choice where the provider takes one key", async () => {
    const v = keyAccount("one");
    const { user, calls } = await atKeyStep(v, (a) => ({ key: { ...laptop, id: "9", name: String(a.name), publicKey: PUB }, privateKey: null }), {
      read_public_key_file: () => PUB,
    });
    const step = screen.getByTestId("wizard-keys");
    await user.click(await within(step).findByRole("radio", { name: /laptop/ }));
    await user.click(screen.getByTestId("wizard-add-key"));
    await user.type(screen.getByTestId("wizard-key-name"), "picked");
    await user.click(screen.getByTestId("ssh-key-pick-file"));
    await waitFor(() => expect(screen.getByTestId("wizard-key-public")).toHaveValue(PUB));
    await user.click(screen.getByTestId("wizard-key-add"));
    expect(await within(step).findByRole("radio", { name: /picked/ })).toBeChecked();
    expect(within(step).getByRole("radio", { name: /laptop/ })).not.toBeChecked();
    expect(callsOf(calls, "add_ssh_key")).toEqual([{ account: "ck", name: "picked", publicKey: PUB }]);
  });

  it("shows the provider's refusal in the form and selects nothing", async () => {
    const v = keyAccount("many");
    const { user } = await atKeyStep(v, () => {
      throw new CommandRejection({ code: "conflict", message: "a key with this fingerprint exists", details: {} });
    });
    await user.click(screen.getByTestId("wizard-add-key"));
    await user.type(screen.getByTestId("wizard-key-name"), "desk");
    await user.type(screen.getByTestId("wizard-key-public"), PUB);
    // Enter in the name adds the key; it does not take the wizard to its next step.
    await user.type(screen.getByTestId("wizard-key-name"), "{Enter}");
    expect(await screen.findByTestId("wizard-key-error")).toHaveTextContent("a key with this fingerprint exists");
    expect(screen.getByTestId("wizard-step-keys")).toBeInTheDocument();
    expect(screen.getByTestId("wizard-key-form")).toBeInTheDocument();
    expect(within(screen.getByTestId("wizard-keys")).getByRole("checkbox", { name: /laptop/ })).not.toBeChecked();
    await user.click(screen.getByTestId("wizard-key-cancel"));
    expect(screen.queryByTestId("wizard-key-form")).toBeNull();
  });

  it("is offered only where the account's capabilities offer adding keys", async () => {
    await atKeyStep(keyAccount("many", false), () => null);
    expect(await within(screen.getByTestId("wizard-keys")).findByRole("checkbox", { name: /laptop/ })).toBeInTheDocument();
    expect(screen.queryByTestId("wizard-add-key")).toBeNull();
  });
});
