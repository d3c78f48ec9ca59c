import { screen, waitFor, within } from "@testing-library/react";

import type { Capabilities } from "../../bindings/Capabilities";
import type { CreateServerRequest } from "../../bindings/CreateServerRequest";
import type { Plan } from "../../bindings/Plan";
import { accountState, accountView, allCapabilities, job } from "../../testing/fixtures";
import { CommandRejection } from "../../testing/ipc";
import { callsOf, renderApp } from "../../testing/render";
import { buildRequest, stepOfField, stepsFor, validateStep, type Draft } from "./CreateServerWizard";

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
      create_server: () => ({ jobs: [job({ id: "j-web-1", description: "Create web-1" })], message: null }),
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
  });
});
