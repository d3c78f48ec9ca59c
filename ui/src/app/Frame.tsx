import { useQuery } from "@tanstack/react-query";
import { RouterProvider, useRouterState } from "@tanstack/react-router";
import { Suspense, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { getPref, keyringStatus, setPref, type Prefs } from "../platform";
import { AddAccountDialog } from "../features/accounts/AddAccountDialog";
import { KeyringUnavailable } from "../features/accounts/KeyringUnavailable";
import { JobsPanel } from "../features/jobs/JobsPanel";
import { CommandPalette } from "../features/palette/CommandPalette";
import { useAppEvents } from "../features/updates/useAppEvents";
import { OverlayContext, sendAppCommand, ToastContext, type Overlay, type ToastInput } from "./overlay";
import { AboutDialog, AccountSettingsDialog, ActionDialog, CreateServerWizard, UpdateDialog } from "./dialogs";
import { NavContext } from "./nav/NavContext";
import type { AppRouter } from "./nav/router";
import { shownViews, viewOfPath, VIEWS, type ViewId } from "./nav/views";
import { queryKeys } from "./queryKeys";
import { SelectionContext } from "./selection";
import { clampSidebarWidth, Sidebar, SIDEBAR_WIDTH, SidebarResizeHandle } from "./Sidebar";
import { StartupWarnings } from "./StartupWarnings";
import { useLanguageChoice } from "../i18n/useLanguageChoice";
import { StatusBar } from "./StatusBar";
import { Toasts, withToast, type Toast } from "./Toasts";
import { useAccounts } from "./useAccounts";
import { useSystemColorScheme } from "./useColorScheme";
import { useFleetEvents } from "./useFleetEvents";

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));

/**
 * The window's layout: accounts on the left, the servers (and the open server's detail), the jobs
 * panel below, a status bar; one dialog at a time over it. Global shortcuts: Ctrl/Cmd+K palette,
 * Ctrl+R or F5 refresh, / or Ctrl+F search, Ctrl/Cmd+digit a view (./nav/views.ts). The main area
 * is the router's (`main` replaces it in tests).
 */
export function Frame({ main, router }: { main?: ReactNode; router: AppRouter }) {
  const { t } = useTranslation("app");
  const system = useSystemColorScheme();
  // The user's theme choice (tauri-plugin-store); `system` follows the OS.
  const [theme, setTheme] = useState<Prefs["theme"]>("system");
  useEffect(() => {
    getPref("theme")
      .then(setTheme)
      .catch(() => undefined); // No store (tests, a broken file): follow the system.
  }, []);
  const chooseTheme = useCallback((next: Prefs["theme"]) => {
    setTheme(next);
    setPref("theme", next).catch(() => undefined);
  }, []);
  const scheme = theme === "system" ? system : theme;
  const [language, chooseLanguage] = useLanguageChoice();
  // The sidebar's width, kept in the preferences (prefs.rs `sidebarWidth`); written when a move ends.
  const [sidebarWidth, setSidebarWidth] = useState<number>(SIDEBAR_WIDTH.initial);
  useEffect(() => {
    getPref("sidebarWidth")
      .then((w) => setSidebarWidth(clampSidebarWidth(w)))
      .catch(() => undefined); // No preferences (tests, a broken file): the default width.
  }, []);
  const keepSidebarWidth = useCallback((w: number) => {
    setPref("sidebarWidth", w).catch(() => undefined);
  }, []);
  const [account, setAccount] = useState<string | null>(null);
  const [server, setServer] = useState<string | null>(null);

  // The views some account offers, the one the router shows, and a way to open one.
  const { query: accountList, byName } = useAccounts();
  const views = useMemo(() => shownViews(accountList.data ?? []), [accountList.data]);
  const pathname = useRouterState({ router, select: (s) => s.location.pathname });
  const go = useCallback(
    (id: ViewId) => {
      const view = VIEWS.find((v) => v.id === id);
      if (view) void router.navigate({ to: view.path });
    },
    [router],
  );
  const nav = useMemo(() => ({ views, current: viewOfPath(pathname)?.id ?? null, go }), [views, pathname, go]);
  const viewsRef = useRef(views);
  useEffect(() => {
    viewsRef.current = views;
  }, [views]);

  // Opening a server (palette, a job's toast) shows it in the servers view.
  const openServer = useCallback(
    (address: string | null) => {
      setServer(address);
      if (address !== null && viewOfPath(router.state.location.pathname)?.id !== "servers") go("servers");
    },
    [go, router],
  );
  const selection = useMemo(() => ({ account, select: setAccount, server, openServer }), [account, server, openServer]);

  const [overlay, setOverlay] = useState<Overlay | null>(null);
  const close = useCallback(() => setOverlay(null), []);
  const overlayControl = useMemo(() => ({ overlay, open: setOverlay, close }), [overlay, close]);

  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextToast = useRef(1);
  const pushToast = useCallback((toast: ToastInput) => {
    const id = nextToast.current++;
    setToasts((ts) => withToast(ts, { ...toast, id }));
  }, []);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((x) => x.id !== id)), []);
  const openFromEvent = useCallback(
    (address: string) => {
      setAccount(null);
      openServer(address);
    },
    [openServer],
  );
  useFleetEvents(pushToast, openFromEvent);
  useAppEvents(setOverlay, openFromEvent);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === "k") {
        e.preventDefault();
        setOverlay((o) => (o?.kind === "palette" ? null : { kind: "palette" }));
      } else if ((mod && key === "r") || e.key === "F5") {
        e.preventDefault();
        sendAppCommand("refresh");
      } else if ((mod && key === "f") || (e.key === "/" && !typing(e.target))) {
        e.preventDefault();
        setOverlay(null);
        sendAppCommand("focusSearch");
      } else if (mod && !e.altKey && !e.shiftKey) {
        const view = viewsRef.current.find((v) => v.key === e.key);
        if (view) {
          e.preventDefault();
          setOverlay(null);
          go(view.id);
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go]);

  const keyring = useQuery({ queryKey: queryKeys.keyring, queryFn: keyringStatus });
  const [keyringDismissed, setKeyringDismissed] = useState(false);

  let screen = main ?? <RouterProvider router={router} />;
  if (keyring.data?.available === false && !keyringDismissed && main === undefined) {
    screen = (
      <main className="main" data-testid="main-area">
        <KeyringUnavailable status={keyring.data} retry={() => void keyring.refetch()} />
        <p className="empty">
          <button type="button" className="link-button" onClick={() => setKeyringDismissed(true)} data-testid="keyring-continue">
            {t("frame.keyringContinue")}
          </button>
        </p>
      </main>
    );
  }

  const actionCaps = overlay?.kind === "action" ? byName.get(overlay.server.account)?.capabilities : undefined;
  const settingsOf = overlay?.kind === "accountSettings" ? byName.get(overlay.account) : undefined;

  return (
    <SelectionContext.Provider value={selection}>
      <NavContext.Provider value={nav}>
      <OverlayContext.Provider value={overlayControl}>
        <ToastContext.Provider value={pushToast}>
          <div
            className="frame"
            data-theme={scheme}
            data-testid="app-frame"
            style={{ "--sidebar-width": `${sidebarWidth}px` } as CSSProperties}
          >
            <Sidebar />
            <SidebarResizeHandle width={sidebarWidth} onChange={setSidebarWidth} onCommit={keepSidebarWidth} />
            <div className="content">
              <StartupWarnings />
              {screen}
              {/* In the main area's cell, at its foot: above the jobs panel, never over it. */}
              <Toasts toasts={toasts} dismiss={dismiss} />
              <JobsPanel />
            </div>
            <StatusBar theme={theme} onTheme={chooseTheme} language={language} onLanguage={chooseLanguage} />
            <Suspense fallback={null}>
              {overlay?.kind === "palette" && <CommandPalette onClose={close} />}
              {overlay?.kind === "addAccount" && (
                <AddAccountDialog onClose={close} {...(overlay.provider ? { initialProvider: overlay.provider } : {})} />
              )}
              {settingsOf && <AccountSettingsDialog view={settingsOf} onClose={close} />}
              {overlay?.kind === "create" && (
                <CreateServerWizard
                  account={overlay.account}
                  onClose={close}
                  {...(overlay.source ? { source: overlay.source } : {})}
                  {...(overlay.plan ? { plan: overlay.plan } : {})}
                />
              )}
              {overlay?.kind === "about" && <AboutDialog onClose={close} />}
              {overlay?.kind === "updates" && <UpdateDialog offer={overlay.offer} onClose={close} />}
              {overlay?.kind === "action" && actionCaps && (
                <ActionDialog server={overlay.server} action={overlay.action} caps={actionCaps} onClose={close} />
              )}
            </Suspense>
          </div>
        </ToastContext.Provider>
      </OverlayContext.Provider>
      </NavContext.Provider>
    </SelectionContext.Provider>
  );
}
