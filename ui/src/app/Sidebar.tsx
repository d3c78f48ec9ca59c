import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type DragEvent, type KeyboardEvent, type PointerEvent } from "react";
import { useTranslation } from "react-i18next";

import type { AccountView } from "../bindings/AccountView";
import type { FleetServers } from "../bindings/FleetServers";
import { refreshServers, reorderAccounts } from "../platform";
import { ErrorNotice } from "./ErrorNotice";
import { NavList } from "./nav/NavList";
import { useOverlay, useToast } from "./overlay";
import { queryKeys } from "./queryKeys";
import { useSelection } from "./selection";
import { useAccounts } from "./useAccounts";
import { useNow } from "./useNow";
import { providerLabel } from "../features/accounts/descriptors";
import { useFormat } from "../i18n/format";

/** `names` with `name` moved by `delta` places (clamped). */
export function moved(names: string[], name: string, delta: number): string[] {
  const from = names.indexOf(name);
  const to = Math.max(0, Math.min(names.length - 1, from + delta));
  if (from < 0 || from === to) return names;
  const next = names.slice();
  next.splice(from, 1);
  next.splice(to, 0, name);
  return next;
}

/**
 * The accounts, each with its colour chip and refresh state; selecting one narrows the main area
 * to it. Filterable; reorderable by drag or Alt+↑/↓; ⚙ opens its settings.
 */
export function Sidebar() {
  const { t } = useTranslation(["app", "common"]);
  const { relative } = useFormat();
  const { query: accounts } = useAccounts();
  const { account: selected, select } = useSelection();
  const { open } = useOverlay();
  const toast = useToast();
  const client = useQueryClient();
  const [filter, setFilter] = useState("");
  const now = useNow();
  const [dragging, setDragging] = useState<string | null>(null);
  // Reads the unified listing the server screen keeps fresh; never fetches by itself.
  const fleet = useQuery<FleetServers>({
    queryKey: queryKeys.servers(),
    queryFn: () => refreshServers([], true),
    enabled: false,
  }).data;
  const stateOf = (name: string) => fleet?.accounts.find((a) => a.account === name);
  // Never "in 3 seconds" when the clocks disagree a little.
  const refreshedAgo = (iso: string) => relative(Math.min(Date.parse(iso), now), now) || t("sidebar.unknownTime");

  const reorder = async (names: string[]) => {
    const before = client.getQueryData<AccountView[]>(queryKeys.accounts);
    // Show the new order at once; the command answers the list as saved.
    client.setQueryData<AccountView[]>(queryKeys.accounts, (list) =>
      list ? names.map((n) => list.find((v) => v.account.name === n)).filter((v): v is AccountView => !!v) : list,
    );
    try {
      client.setQueryData(queryKeys.accounts, await reorderAccounts(names));
    } catch (e) {
      client.setQueryData(queryKeys.accounts, before);
      toast({ message: t("sidebar.reorderFailed", { message: (e as Error).message }), tone: "bad" });
    }
  };
  const names = accounts.data?.map((v) => v.account.name) ?? [];
  const onKey = (e: KeyboardEvent, name: string) => {
    if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      e.preventDefault();
      void reorder(moved(names, name, e.key === "ArrowUp" ? -1 : 1));
    }
  };
  const onDrop = (e: DragEvent, target: string) => {
    e.preventDefault();
    if (dragging === null || dragging === target) return;
    void reorder(moved(names, dragging, names.indexOf(target) - names.indexOf(dragging)));
    setDragging(null);
  };

  const needle = filter.trim().toLowerCase();
  const shown = (accounts.data ?? []).filter(
    ({ account }) =>
      needle === "" ||
      account.name.toLowerCase().includes(needle) ||
      providerLabel(account.provider).toLowerCase().includes(needle),
  );

  return (
    <nav className="sidebar" aria-label={t("sidebar.label")} data-testid="sidebar">
      <div className="sidebar-title">
        <span className="brand" data-testid="brand">
          Fleetdeck
        </span>
        <button
          type="button"
          className="icon-button"
          title={t("sidebar.paletteTitle")}
          // The visible shortcut is part of the name (WCAG 2.5.3): a speech user says what they see.
          aria-label={t("sidebar.paletteLabel")}
          onClick={() => open({ kind: "palette" })}
          data-testid="open-palette"
        >
          Ctrl+K
        </button>
      </div>
      <button
        type="button"
        className={`account-row${selected === null ? " selected" : ""}`}
        aria-current={selected === null}
        onClick={() => select(null)}
        data-testid="account-all"
      >
        <span className="chip chip-all" aria-hidden />
        <span className="account-name">{t("sidebar.allAccounts")}</span>
      </button>
      <div className="section-head">
        <h2 className="section-label">{t("sidebar.accounts")}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t("sidebar.addAccount")}
          title={t("sidebar.addAccount")}
          onClick={() => open({ kind: "addAccount" })}
          data-testid="add-account"
        >
          +
        </button>
      </div>
      {(accounts.data?.length ?? 0) > 3 && (
        <input
          type="search"
          className="sidebar-filter"
          placeholder={t("sidebar.filter")}
          aria-label={t("sidebar.filter")}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          data-testid="accounts-filter"
        />
      )}
      {accounts.isPending && <p className="muted">{t("common:loading")}</p>}
      {accounts.isError && <ErrorNotice error={accounts.error} />}
      {accounts.isSuccess && accounts.data.length === 0 && (
        <p className="muted" data-testid="accounts-empty">
          {t("sidebar.empty")}
        </p>
      )}
      {accounts.isSuccess && accounts.data.length > 0 && (
        <ul className="account-list" data-testid="account-list" aria-describedby="reorder-hint">
          {shown.map(({ account }) => {
            const state = stateOf(account.name);
            return (
              <li
                key={account.id}
                className={`account-item${dragging === account.name ? " dragging" : ""}`}
                draggable
                onDragStart={() => setDragging(account.name)}
                onDragEnd={() => setDragging(null)}
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => onDrop(e, account.name)}
              >
                <button
                  type="button"
                  className={`account-row${selected === account.name ? " selected" : ""}`}
                  aria-current={selected === account.name}
                  onClick={() => select(account.name)}
                  onKeyDown={(e) => onKey(e, account.name)}
                  data-testid={`account-${account.name}`}
                >
                  <span className="chip" style={{ background: account.color ?? "var(--chip-default)" }} aria-hidden />
                  <span className="account-name" title={account.name} data-testid={`account-name-${account.name}`}>
                    {account.name}
                  </span>
                  <span className="account-provider">{providerLabel(account.provider)}</span>
                </button>
                {state && (
                  <span
                    className={`account-sub${state.error ? " has-error" : ""}`}
                    title={state.error?.message}
                    data-testid={`account-sub-${account.name}`}
                  >
                    {state.error ? "⚠ " : ""}
                    {state.fetchedAt ? refreshedAgo(state.fetchedAt) : t("sidebar.neverRefreshed")}
                    {state.stale ? ` · ${t("sidebar.stale")}` : ""}
                  </span>
                )}
                <button
                  type="button"
                  className="icon-button account-settings"
                  aria-label={t("sidebar.settingsOf", { name: account.name })}
                  onClick={() => open({ kind: "accountSettings", account: account.name })}
                  data-testid={`account-settings-${account.name}`}
                >
                  ⚙
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <NavList />
      <p id="reorder-hint" className="visually-hidden">
        {t("sidebar.reorderHint")}
      </p>
    </nav>
  );
}

/** The sidebar's width in px: the default, and the range the handle allows (prefs.rs keeps 120–1200). */
export const SIDEBAR_WIDTH = { initial: 240, min: 160, max: 560 } as const;
/** How far one arrow key moves the handle (Shift: four times as far). */
const KEY_STEP = 16;

/** `width` within the sidebar's range, in whole px. */
export const clampSidebarWidth = (width: number): number =>
  Math.round(Math.min(SIDEBAR_WIDTH.max, Math.max(SIDEBAR_WIDTH.min, width)));

/**
 * The handle on the sidebar's right edge: drag it, or focus it and use ←/→ (Shift: larger steps),
 * Home/End for the narrowest and widest; a double click restores the default. `onChange` follows
 * every move; `onCommit` gets the width to keep (the preferences) when a move ends.
 */
export function SidebarResizeHandle({
  width,
  onChange,
  onCommit,
}: {
  width: number;
  onChange: (width: number) => void;
  onCommit: (width: number) => void;
}) {
  const { t } = useTranslation("app");
  const drag = useRef<{ x: number; width: number; last: number } | null>(null);
  const set = (w: number) => {
    const next = clampSidebarWidth(w);
    onChange(next);
    return next;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.shiftKey ? KEY_STEP * 4 : KEY_STEP;
    const target =
      e.key === "ArrowLeft"
        ? width - step
        : e.key === "ArrowRight"
          ? width + step
          : e.key === "Home"
            ? SIDEBAR_WIDTH.min
            : e.key === "End"
              ? SIDEBAR_WIDTH.max
              : null;
    if (target === null) return;
    e.preventDefault();
    onCommit(set(target));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drag.current = { x: e.clientX, width, last: width };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d) d.last = set(d.width + e.clientX - d.x);
  };
  const onPointerUp = () => {
    const d = drag.current;
    drag.current = null;
    if (d && d.last !== d.width) onCommit(d.last);
  };
  return (
    <div
      className="sidebar-resize"
      role="separator"
      aria-orientation="vertical"
      aria-label={t("sidebar.resize")}
      aria-valuenow={width}
      aria-valuemin={SIDEBAR_WIDTH.min}
      aria-valuemax={SIDEBAR_WIDTH.max}
      tabIndex={0}
      title={t("sidebar.resizeTitle")}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={() => onCommit(set(SIDEBAR_WIDTH.initial))}
      data-testid="sidebar-resize"
    />
  );
}
