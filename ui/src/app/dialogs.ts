// The dialogs the frame opens on demand, each a chunk of its own: the start parses only what the
// first paint needs (the add-account dialog and the palette stay in the main bundle: a newcomer's
// first screen shows the one, Ctrl+K the other). Once the window has painted, `preloadDialogs`
// fetches them all from the app's own files, so that opening one does not wait.
import { createElement, lazy, type ComponentType, type FunctionComponent } from "react";

/**
 * A component loaded by `load`: rendered at once when its module is already there, through
 * React.lazy (suspending) otherwise; `preload` fetches it ahead.
 */
function deferred<P extends object>(load: () => Promise<ComponentType<P>>): { Component: FunctionComponent<P>; preload: () => Promise<void> } {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const fetchOnce = () => {
    pending ??= load().then((c) => (loaded = c));
    return pending;
  };
  const Lazy = lazy(() => fetchOnce().then((c) => ({ default: c })));
  const Component: FunctionComponent<P> = (props) => createElement((loaded ?? Lazy) as ComponentType<P>, props);
  return {
    Component,
    preload: async () => {
      await fetchOnce();
    },
  };
}

const about = deferred(() => import("../features/about/AboutDialog").then((m) => m.AboutDialog));
const accountSettings = deferred(() => import("../features/accounts/AccountSettingsDialog").then((m) => m.AccountSettingsDialog));
const action = deferred(() => import("../features/actions/ActionDialog").then((m) => m.ActionDialog));
const create = deferred(() => import("../features/create/CreateServerWizard").then((m) => m.CreateServerWizard));
const update = deferred(() => import("../features/updates/UpdateDialog").then((m) => m.UpdateDialog));

export const AboutDialog = about.Component;
export const AccountSettingsDialog = accountSettings.Component;
export const ActionDialog = action.Component;
export const CreateServerWizard = create.Component;
export const UpdateDialog = update.Component;

/** Fetch every dialog's chunk (after the first paint; the test setup awaits it). */
export async function preloadDialogs(): Promise<void> {
  await Promise.all([about, accountSettings, action, create, update].map((d) => d.preload()));
}
