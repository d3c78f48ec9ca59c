import { useQuery } from "@tanstack/react-query";
import { useMemo, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import type { FleetServers } from "../../bindings/FleetServers";
import { Dialog } from "../../app/Dialog";
import { useNav } from "../../app/nav/NavContext";
import { shortcutLabel } from "../../app/nav/views";
import { sendAppCommand, useOverlay } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useSelection } from "../../app/selection";
import { useAccounts } from "../../app/useAccounts";
import { refreshServers } from "../../platform";
import { offeredActions, fitsStatus } from "../actions/capabilities";
import { addressOf } from "../servers/model";
import { recentIds, recordRecent } from "./recent";
import { providerLabel } from "../accounts/descriptors";
import "./palette.css";
import { useActionText } from "../actions/actionText";

export interface PaletteEntry {
  id: string;
  label: string;
  hint: string;
  run: () => void;
}

/** `entries` matching every word of `query`, most recently used first, then in their order. */
export function rankEntries(entries: PaletteEntry[], query: string, recent: string[], limit = 50): PaletteEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== "");
  const rank = new Map(recent.map((id, i) => [id, i]));
  return entries
    .map((e, order) => ({ e, order, text: `${e.label} ${e.hint}`.toLowerCase() }))
    .filter(({ text }) => words.every((w) => text.includes(w)))
    .sort((a, b) => (rank.get(a.e.id) ?? Infinity) - (rank.get(b.e.id) ?? Infinity) || a.order - b.order)
    .slice(0, limit)
    .map(({ e }) => e);
}

/** Ctrl/Cmd+K: jump to a server or account, or run an action, by typing. */
export function CommandPalette({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(["app", "shell"]);
  const actionText = useActionText();
  const { open } = useOverlay();
  const { select, openServer, server: openedAddress } = useSelection();
  const { query: accounts, byName } = useAccounts();
  const fleet = useQuery<FleetServers>({
    queryKey: queryKeys.servers(),
    queryFn: () => refreshServers([], true),
    enabled: false,
  }).data;
  const nav = useNav();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);

  const entries = useMemo(() => {
    const list: PaletteEntry[] = [
      { id: "cmd:refresh", label: t("palette.refresh"), hint: "Ctrl+R", run: () => sendAppCommand("refresh") },
      { id: "cmd:search", label: t("palette.search"), hint: "/", run: () => sendAppCommand("focusSearch") },
      { id: "cmd:add-account", label: t("palette.addAccount"), hint: t("palette.hint.account"), run: () => open({ kind: "addAccount" }) },
      { id: "cmd:all", label: t("palette.allAccounts"), hint: t("palette.hint.account"), run: () => select(null) },
      { id: "cmd:about", label: t("palette.about"), hint: t("palette.hint.version"), run: () => open({ kind: "about" }) },
      { id: "cmd:updates", label: t("palette.updates"), hint: t("palette.hint.update"), run: () => open({ kind: "updates" }) },
      // The views the sidebar shows (app/nav/views.ts).
      ...nav.views.map((v) => ({
        id: `view:${v.id}`,
        label: t("palette.goTo", { view: t(`shell:views.${v.id}`) }),
        hint: t("palette.hint.view", { shortcut: shortcutLabel(v) }),
        run: () => nav.go(v.id),
      })),
    ];
    const opened = fleet?.servers.find((s) => addressOf(s) === openedAddress);
    const openedCaps = opened ? byName.get(opened.account)?.capabilities : undefined;
    if (opened && openedCaps) {
      for (const a of offeredActions(openedCaps)) {
        if (!fitsStatus(a.id, opened.status)) continue;
        list.push({
          id: `action:${a.id}`,
          label: `${actionText.label(a.id)}: ${opened.name}`,
          hint: t("palette.hint.action", { detail: opened.account }),
          run: () => open({ kind: "action", server: opened, action: a.id }),
        });
      }
    }
    for (const v of accounts.data ?? []) {
      const name = v.account.name;
      list.push({
        id: `account:${name}`,
        label: name,
        hint: t("palette.hint.accountOf", { provider: providerLabel(v.account.provider) }),
        run: () => select(name),
      });
      if (v.capabilities.servers.create)
        list.push({
          id: `create:${name}`,
          label: t("palette.newServer", { account: name }),
          hint: t("palette.hint.action", { detail: providerLabel(v.account.provider) }),
          run: () => open({ kind: "create", account: name }),
        });
    }
    for (const s of fleet?.servers ?? []) {
      const address = addressOf(s);
      list.push({
        id: `server:${address}`,
        label: s.name,
        hint: t("palette.hint.server", { account: s.account, status: s.status, ip: s.ipv4[0] ?? "" }),
        run: () => {
          select(null);
          openServer(address);
        },
      });
    }
    return list;
  }, [accounts.data, fleet, byName, open, select, openServer, openedAddress, nav, t, actionText]);

  const [recent] = useState(recentIds);
  const ranked = useMemo(() => rankEntries(entries, query, recent), [entries, query, recent]);
  const current = Math.min(active, Math.max(0, ranked.length - 1));

  const run = (e: PaletteEntry) => {
    recordRecent(e.id);
    onClose();
    e.run();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((current + 1) % Math.max(1, ranked.length));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((current - 1 + ranked.length) % Math.max(1, ranked.length));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const entry = ranked[current];
      if (entry) run(entry);
    }
  };

  return (
    <Dialog title={t("palette.title")} onClose={onClose} testId="palette">
      <input
        className="palette-input"
        placeholder={t("palette.placeholder")}
        aria-label={t("palette.input")}
        role="combobox"
        aria-expanded
        aria-controls="palette-list"
        aria-activedescendant={ranked[current] ? `palette-${current}` : undefined}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKey}
        data-testid="palette-input"
      />
      <ul id="palette-list" role="listbox" className="palette-list" data-testid="palette-list">
        {ranked.map((e, i) => (
          <li
            key={e.id}
            id={`palette-${i}`}
            role="option"
            aria-selected={i === current}
            className={i === current ? "active" : undefined}
            onMouseDown={(ev) => {
              ev.preventDefault();
              run(e);
            }}
            data-testid={`palette-item-${e.id}`}
          >
            <span>{e.label}</span>
            <span className="muted">{e.hint}</span>
          </li>
        ))}
        {ranked.length === 0 && <li className="muted">{t("palette.noMatch")}</li>}
      </ul>
    </Dialog>
  );
}
