// The app under `app.security.freezePrototype` (tauri.conf.json): Tauri runs
// `Object.freeze(Object.prototype)` before the page's scripts, so any code that assigns a property
// `Object.prototype` already has (`obj.toString = …`, `obj.constructor = …`) throws in strict mode.
// Here the prototype is frozen before the app's modules load, and the main screens are used.
// Vitest runs each test file in its own context, so the other files are not affected.
import { screen, waitFor } from "@testing-library/react";

import type { FleetServers } from "../bindings/FleetServers";
import tauriConf from "../../../tauri.conf.json?raw";
import { accountState, accountView, allCapabilities, job, server, vzCapabilities } from "./fixtures";

Object.freeze(Object.prototype);

const main = accountView("main", "letscloud");
main.capabilities = allCapabilities("letscloud");
const edge = accountView("edge", "vz");
edge.capabilities = vzCapabilities();
const web = server("main", "web-1", { tags: ["prod"] });
const box = server("edge", "box-1", { provider: "vz", id: "101" });
const fleet: FleetServers = {
  servers: [web, box],
  accounts: [accountState("main", { serverCount: 1 }), accountState("edge", { provider: "vz", serverCount: 1 })],
};

describe("the window's security settings", () => {
  const security = (JSON.parse(tauriConf) as { app: { security: { csp: string; freezePrototype?: boolean } } }).app.security;

  it("freeze the prototype and forbid plugins, <base>, form posts and framing", () => {
    expect(security.freezePrototype).toBe(true);
    const directives = security.csp.split(";").map((d) => d.trim());
    for (const d of ["object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"]) expect(directives).toContain(d);
  });
});

describe("with Object.prototype frozen, as freezePrototype does", () => {
  it("is really frozen here: assigning an inherited property throws", () => {
    expect(Object.isFrozen(Object.prototype)).toBe(true);
    const plain = Object.create(Object.prototype) as { toString: () => string };
    expect(() => {
      plain.toString = () => "x";
    }).toThrow(TypeError);
  });

  // A walk through four screens: on a loaded 2-core machine it takes longer than the default 5 s.
  it("lists, opens, exports and creates servers", async () => {
    // Loaded only now, after the freeze, as the app's bundle is in the window.
    const { callsOf, renderApp } = await import("./render");
    const { user, calls } = renderApp({
      accounts: [main, edge],
      cached: fleet,
      handlers: {
        snapshots: () => ({ items: [], failures: [] }),
        usage: () => [],
        create_server: () => ({ jobs: [job({ id: "j-c1", account: "edge", provider: "vz" })], message: null, rootPassword: "Once-0nly" }),
      },
    });
    await user.click(await screen.findByTestId(`server-row-main/${web.id}`));
    expect(await screen.findByTestId("detail-name")).toHaveTextContent("web-1");

    await user.keyboard("{Control>}k{/Control}");
    expect(screen.getByTestId("palette-input")).toHaveFocus();
    await user.keyboard("{Escape}");

    await user.click(screen.getByTestId("copy-csv"));
    expect(await navigator.clipboard.readText()).toContain("web-1");

    await user.click(screen.getByTestId("account-edge"));
    await user.click(await screen.findByTestId("create-server"));
    await user.type(screen.getByTestId("wizard-image-input"), "ubuntu");
    await user.click(screen.getByTestId("wizard-next"));
    await user.type(screen.getByTestId("wizard-name-input"), "c1");
    await user.click(screen.getByTestId("wizard-next"));
    await user.click(screen.getByTestId("wizard-create"));
    await waitFor(() => expect(callsOf(calls, "create_server")).toHaveLength(1));
    await user.click(await screen.findByTestId("created-password-reveal"));
    expect(screen.getByTestId("created-password-value")).toHaveTextContent("Once-0nly");
    await user.click(screen.getByTestId("wizard-done"));
    expect(screen.queryByTestId("create-wizard")).not.toBeInTheDocument();
  }, 30_000);
});
