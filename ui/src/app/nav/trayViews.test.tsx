import { act, screen, waitFor } from "@testing-library/react";

import { APP_EVENTS } from "../../bindings/Commands";
import type { AccountView } from "../../bindings/AccountView";
import type { AppView } from "../../bindings/AppView";
import { accountView } from "../../testing/fixtures";
import { emitEvent } from "../../testing/ipc";
import { callsOf, renderApp } from "../../testing/render";
import { VIEWS } from "./views";

const empty = { items: [], failures: [] };
const listings = { snapshots: () => empty, backups: () => empty, backup_policies: () => empty, uploads: () => empty };

function storageAccount(name: string): AccountView {
  const v = accountView(name, "cloudzy");
  v.capabilities.snapshots = { ...v.capabilities.snapshots, list: true };
  v.capabilities.isos = { ...v.capabilities.isos, list: true };
  return v;
}

describe("the tray's views", () => {
  it("are the views the accounts offer, reported once the account list is known", async () => {
    const { calls } = renderApp({ accounts: [storageAccount("zy")], handlers: listings });
    await screen.findByTestId("account-zy");
    await waitFor(() => expect(callsOf(calls, "set_tray_views").at(-1)).toEqual({ views: ["servers", "snapshots", "images", "tags"] }));
  });

  it("navigate the router to the view the tray's Open submenu names", async () => {
    const { history } = renderApp({ accounts: [storageAccount("zy")], handlers: listings });
    await screen.findByTestId("account-zy");
    await act(() => emitEvent(APP_EVENTS.openView, { view: "images" }));
    await waitFor(() => expect(history.location.pathname).toBe("/images"));
    expect(await screen.findByTestId("nav-images")).toHaveAttribute("aria-current", "page");
    await act(() => emitEvent(APP_EVENTS.openView, { view: "servers" }));
    await waitFor(() => expect(history.location.pathname).toBe("/"));
  });

  it("name every view of the table exactly once (the Rust enum is the table's ids)", () => {
    // Exhaustive over AppView: a Rust variant without a row here is a tsc error.
    const every: Record<AppView, true> = {
      servers: true,
      snapshots: true,
      backups: true,
      images: true,
      "ssh-keys": true,
      "floating-ips": true,
      tags: true,
      billing: true,
      plans: true,
    };
    expect(VIEWS.map((v) => v.id).sort()).toEqual(Object.keys(every).sort());
  });
});
