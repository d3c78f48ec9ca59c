import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Trans, useTranslation } from "react-i18next";

import type { Server } from "../../bindings/Server";
import type { Tag } from "../../bindings/Tag";
import { Dialog, Field } from "../../app/Dialog";
import { useToast } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useAccounts } from "../../app/useAccounts";
import { formatNumber } from "../../i18n/format";
import { addLocalTags, deleteTag, FleetdeckError, localTags, removeLocalTags, setServerTags, tags, tagServers } from "../../platform";
import { providerLabel } from "../accounts/descriptors";
import { useFleetServers } from "../servers/useFleetServers";
import { TypedConfirm } from "../storage/dialogs";
import { timeText } from "../storage/format";
import { ResourceTable, type TableColumn } from "../storage/ResourceTable";
import { AccountCell, AccountFailures } from "../storage/ResourceView";
import { useScopedAccounts } from "../storage/scope";
import { perAccount, useAccountListings } from "../storage/useAccountListings";
import "../storage/storage.css";

/** `a, b c` → `["a", "b", "c"]`: tags typed as a list, each once. */
export const parseTags = (text: string): string[] => [...new Set(text.split(/[\s,]+/).filter((t) => t !== ""))];

/** One local tag on one server: a row of the local-tags table. */
interface LocalTagRow {
  tag: string;
  account: string;
  serverId: string;
}
const localRowId = (r: LocalTagRow) => `${r.account}/${r.serverId}/${r.tag}`;
const tagRowId = (t: Tag) => `${t.account}/${t.name}`;

type Open =
  | { kind: "tagServers" }
  | { kind: "setServerTags" }
  | { kind: "delete"; tag: Tag }
  | { kind: "addLocal" };

/**
 * Tags: the provider's own (Cloude.ro: create for many servers at once, assign, replace a server's
 * tags, delete) and local tags on any provider's servers (kept in the app's data directory, shared
 * with the CLI, marked "local"). The server table filters by both (../servers/model.ts).
 */
export function TagsView() {
  const { scope, views, names } = useScopedAccounts(() => true);
  const { colors } = useAccounts();
  const client = useQueryClient();
  const toast = useToast();
  const { t, i18n } = useTranslation(["keys", "common"]);
  const lng = i18n.language;
  const tagAccounts = views.filter((v) => v.capabilities.tags.list).map((v) => v.account.name);
  const creators = views.filter((v) => v.capabilities.tags.create).map((v) => v.account.name);
  const updaters = views.filter((v) => v.capabilities.tags.update).map((v) => v.account.name);
  const native = useAccountListings(perAccount(tagAccounts, queryKeys.tags, (a) => tags([a])));
  // Local tags live in the data directory: one query per account under that account's key.
  const local = useQueries({
    queries: names.map((a) => ({ queryKey: queryKeys.localTags(a), queryFn: () => localTags([a]) })),
  });
  const localRows = useMemo(
    () => local.flatMap((q) => (q.data ?? []).flatMap((s) => s.tags.map((tag) => ({ tag, account: s.account, serverId: s.serverId })))),
    [local],
  );
  const fleet = useFleetServers(scope, false);
  const servers = (fleet.data?.servers ?? []).filter((s) => names.includes(s.account));
  const serverName = (account: string, id: string) => servers.find((s) => s.account === account && s.id === id)?.name ?? id;
  const [dialog, setDialog] = useState<Open | null>(null);

  const afterLocal = (accounts: string[]) => {
    for (const a of new Set(accounts)) {
      void client.invalidateQueries({ queryKey: queryKeys.localTags(a) });
      // Servers carry their local tags (Server.localTags): the listing is refetched too.
      void client.invalidateQueries({ queryKey: queryKeys.servers(a) });
    }
    void client.invalidateQueries({ queryKey: queryKeys.servers() });
  };
  const fail = (what: string) => (e: unknown) => toast({ message: t("tags.failed", { what, message: FleetdeckError.from(e).message }), tone: "bad" });
  const removeLocal = useMutation({
    mutationFn: (r: LocalTagRow) => removeLocalTags([`${r.account}/${r.serverId}`], [r.tag]),
    onSuccess: (_v, r) => {
      toast({ message: t("tags.removedLocal", { tag: r.tag, server: serverName(r.account, r.serverId) }), tone: "ok" });
      afterLocal([r.account]);
    },
    onError: fail(t("tags.removeWhat")),
  });
  const remove = useMutation({
    mutationFn: (tag: Tag) => deleteTag(tag.account, tag.name),
    onSuccess: (_v, tag) => {
      toast({ message: t("tags.deleted", { name: tag.name, account: tag.account }), tone: "ok" });
      void client.invalidateQueries({ queryKey: queryKeys.tags(tag.account) });
      void client.invalidateQueries({ queryKey: queryKeys.servers(tag.account) });
    },
    onError: fail(t("tags.deleteWhat")),
  });

  const tagColumns = useMemo<TableColumn<Tag>[]>(
    () => [
      { id: "name", title: t("tags.columns.name"), text: (tag) => tag.name },
      {
        id: "account",
        title: t("tags.columns.account"),
        text: (tag) => tag.account,
        cell: (tag) => <AccountCell account={tag.account} color={colors[tag.account] ?? null} />,
      },
      { id: "provider", title: t("tags.columns.provider"), text: (tag) => providerLabel(tag.provider) },
      { id: "count", title: t("tags.columns.count"), text: (tag) => (tag.count === null ? "" : formatNumber(tag.count, lng)), sort: (tag) => (tag.count === null ? "" : String(tag.count)) },
      // Read in the language (`Jan 31, 2026, 2:05 PM`), sorted by the ISO time.
      { id: "created", title: t("tags.columns.created"), text: (tag) => timeText(tag.createdAt), sort: (tag) => tag.createdAt ?? "" },
    ],
    [colors, t, lng],
  );
  const localColumns = useMemo<TableColumn<LocalTagRow>[]>(
    () => [
      {
        id: "tag",
        title: t("tags.columns.name"),
        text: (r) => r.tag,
        cell: (r) => (
          <span>
            {r.tag}{" "}
            <span className="badge tag-local" title={t("tags.localBadgeTitle")}>
              {t("tags.localBadge")}
            </span>
          </span>
        ),
      },
      { id: "server", title: t("tags.columns.server"), text: (r) => serverName(r.account, r.serverId) },
      {
        id: "account",
        title: t("tags.columns.account"),
        text: (r) => r.account,
        cell: (r) => <AccountCell account={r.account} color={colors[r.account] ?? null} />,
      },
    ],
    // serverName reads the server listing, which changes with `fleet.data`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [colors, fleet.data, t],
  );
  const [openedTag, setOpenedTag] = useState<string | null>(null);
  const [openedLocal, setOpenedLocal] = useState<string | null>(null);
  const tagOpened = native.items.find((tag) => tagRowId(tag) === openedTag);
  const localOpened = localRows.find((r) => localRowId(r) === openedLocal);
  const localFailures = local.flatMap((q, i) => {
    const account = names[i];
    if (!q.error || account === undefined) return [];
    const e = FleetdeckError.from(q.error);
    return [{ account, error: { code: e.code, message: e.message, details: e.details } }];
  });
  const addLocalButton = (
    <button type="button" onClick={() => setDialog({ kind: "addLocal" })} disabled={servers.length === 0} data-testid="tags-add-local">
      {t("tags.actions.addLocal")}
    </button>
  );

  return (
    <main className="main" data-testid="main-area" data-view="tags">
      <div className="main-list">
        <header className="main-header">
          <h1 data-testid="main-title">
            {t("tags.title")} <span className="muted title-scope">· {scope ?? t("tags.allAccounts")}</span>
          </h1>
          <div className="toolbar">
            {creators.length > 0 && (
              <button type="button" className="primary" onClick={() => setDialog({ kind: "tagServers" })} data-testid="tags-tag-servers">
                {t("tags.actions.tagServers")}
              </button>
            )}
            {updaters.length > 0 && (
              <button type="button" onClick={() => setDialog({ kind: "setServerTags" })} data-testid="tags-set-server">
                {t("tags.actions.setServer")}
              </button>
            )}
            {addLocalButton}
          </div>
        </header>
        <AccountFailures view="tags" failures={[...native.failures, ...localFailures]} />

        {tagAccounts.length > 0 && (
          <section aria-labelledby="tags-native" data-testid="tags-native">
            <h2 id="tags-native" className="section-label">
              {t("tags.native.title")}
            </h2>
            {native.items.length === 0 && !native.pending ? (
              <p className="muted" data-testid="tags-native-empty">
                {t("tags.native.empty")}
              </p>
            ) : (
              <ResourceTable rows={native.items} columns={tagColumns} rowId={tagRowId} open={setOpenedTag} opened={openedTag} testId="tags" />
            )}
            {tagOpened && (
              <div className="action-bar" data-testid="tags-selected">
                <strong>{tagOpened.name}</strong> <span className="muted">{tagOpened.account}</span>
                {views.find((v) => v.account.name === tagOpened.account)?.capabilities.tags.delete && (
                  <button type="button" className="danger" disabled={remove.isPending} onClick={() => setDialog({ kind: "delete", tag: tagOpened })} data-testid="tag-delete">
                    {t("tags.actions.delete")}
                  </button>
                )}
              </div>
            )}
          </section>
        )}

        <section aria-labelledby="tags-local" data-testid="tags-local">
          <h2 id="tags-local" className="section-label">
            {t("tags.local.title")}
          </h2>
          <p className="muted">{t("tags.local.note")}</p>
          {localRows.length === 0 ? (
            <div className="empty" data-testid="tags-local-empty">
              <h2>{t("tags.local.emptyTitle")}</h2>
              <p>{t("tags.local.emptyText")}</p>
              <div className="empty-actions">{addLocalButton}</div>
            </div>
          ) : (
            <ResourceTable
              rows={localRows}
              columns={localColumns}
              rowId={localRowId}
              open={setOpenedLocal}
              opened={openedLocal}
              testId="local-tags"
              nameColumn="tag"
              defaultSorting={[{ id: "tag", desc: false }]}
            />
          )}
          {localOpened && (
            <div className="action-bar" data-testid="local-tags-selected">
              <Trans
                t={t}
                i18nKey="tags.local.on"
                values={{ tag: localOpened.tag, server: serverName(localOpened.account, localOpened.serverId) }}
                components={{ strong: <strong /> }}
              />
              <button type="button" disabled={removeLocal.isPending} onClick={() => removeLocal.mutate(localOpened)} data-testid="local-tag-remove">
                {t("tags.actions.removeLocal")}
              </button>
            </div>
          )}
        </section>
      </div>

      {dialog?.kind === "tagServers" && (
        <TagServersDialog
          title={t("tags.tagServersTitle")}
          accounts={creators}
          servers={servers}
          onClose={() => setDialog(null)}
          onDone={(account) => {
            void client.invalidateQueries({ queryKey: queryKeys.tags(account) });
            void client.invalidateQueries({ queryKey: queryKeys.servers(account) });
          }}
          send={(account, tagNames, chosen) => tagServers(account, tagNames, chosen.map((s) => s.id))}
          testId="tag-servers"
        />
      )}
      {dialog?.kind === "addLocal" && (
        <TagServersDialog
          title={t("tags.addLocalTitle")}
          accounts={null}
          servers={servers}
          onClose={() => setDialog(null)}
          onDone={() => afterLocal(servers.map((s) => s.account))}
          send={(_account, tagNames, chosen) => addLocalTags(chosen.map((s) => `${s.account}/${s.id}`), tagNames)}
          testId="local-tags-add"
        />
      )}
      {dialog?.kind === "setServerTags" && (
        <SetServerTagsDialog
          servers={servers.filter((s) => updaters.includes(s.account))}
          onClose={() => setDialog(null)}
          onDone={(account) => {
            void client.invalidateQueries({ queryKey: queryKeys.tags(account) });
            void client.invalidateQueries({ queryKey: queryKeys.servers(account) });
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <TypedConfirm
          title={t("tags.delete.title", { name: dialog.tag.name })}
          text={t("tags.delete.text", { name: dialog.tag.name, account: dialog.tag.account, provider: providerLabel(dialog.tag.provider) })}
          expected={dialog.tag.name}
          verb={t("tags.delete.verb")}
          onClose={() => setDialog(null)}
          onConfirm={() => {
            const tag = dialog.tag;
            setDialog(null);
            remove.mutate(tag);
          }}
        />
      )}
    </main>
  );
}

/**
 * Tags for several servers at once: the provider's (one account: `accounts` lists those that can
 * create tags) or local ones (`accounts` null: servers of every account).
 */
function TagServersDialog({
  title,
  accounts,
  servers,
  onClose,
  onDone,
  send,
  testId,
}: {
  title: string;
  accounts: string[] | null;
  servers: Server[];
  onClose: () => void;
  onDone: (account: string) => void;
  send: (account: string, tagNames: string[], chosen: Server[]) => Promise<null>;
  testId: string;
}) {
  const [account, setAccount] = useState(accounts?.[0] ?? "");
  const [text, setText] = useState("");
  const [chosen, setChosen] = useState<Set<string>>(() => new Set());
  const toast = useToast();
  const { t } = useTranslation(["keys", "common"]);
  const offered = accounts === null ? servers : servers.filter((s) => s.account === account);
  const picked = offered.filter((s) => chosen.has(`${s.account}/${s.id}`));
  const tagNames = parseTags(text);
  const run = useMutation({
    mutationFn: () => send(account, tagNames, picked),
    onSuccess: () => {
      toast({ message: t("tags.dialog.tagged", { count: picked.length, tags: tagNames.join(", ") }), tone: "ok" });
      onDone(account);
      onClose();
    },
  });
  const valid = tagNames.length > 0 && picked.length > 0 && (accounts === null || account !== "");
  const toggle = (id: string) =>
    setChosen((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <Dialog title={title} onClose={onClose} testId={`${testId}-dialog`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) run.mutate();
        }}
      >
        {accounts !== null && (
          <Field label={t("tags.dialog.account")}>
            {(p) => (
              <select {...p} value={account} onChange={(e) => setAccount(e.target.value)} data-testid={`${testId}-account`}>
                {accounts.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t("tags.dialog.tags")} hint={t("tags.dialog.tagsHint")}>
          {(p) => <input {...p} value={text} onChange={(e) => setText(e.target.value)} data-testid={`${testId}-tags`} />}
        </Field>
        <fieldset className="key-list" data-testid={`${testId}-servers`}>
          <legend>{t("tags.dialog.servers")}</legend>
          {offered.length === 0 && <p className="muted">{t("tags.dialog.noServers")}</p>}
          {offered.map((s) => {
            const id = `${s.account}/${s.id}`;
            return (
              <label key={id} className="check">
                <input type="checkbox" checked={chosen.has(id)} onChange={() => toggle(id)} data-testid={`${testId}-server-${id}`} /> {s.name}{" "}
                <span className="muted">{s.account}</span>
              </label>
            );
          })}
        </fieldset>
        {run.error && (
          <p className="field-error" role="alert" data-testid={`${testId}-error`}>
            {FleetdeckError.from(run.error).message}
          </p>
        )}
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="primary" disabled={!valid || run.isPending} data-testid={`${testId}-ok`}>
            {run.isPending ? t("tags.dialog.running") : t("tags.dialog.ok")}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

/** Replaces one server's provider tags (the list as typed). */
function SetServerTagsDialog({ servers, onClose, onDone }: { servers: Server[]; onClose: () => void; onDone: (account: string) => void }) {
  const [id, setId] = useState(servers[0] ? `${servers[0].account}/${servers[0].id}` : "");
  const current = servers.find((s) => `${s.account}/${s.id}` === id);
  const { t } = useTranslation(["keys", "common"]);
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? current?.tags.join(", ") ?? "";
  const run = useMutation({
    mutationFn: () => setServerTags(id, parseTags(shown)),
    onSuccess: () => {
      if (current) onDone(current.account);
      onClose();
    },
  });
  return (
    <Dialog title={t("tags.setServer.title")} onClose={onClose} testId="set-server-tags-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (id !== "") run.mutate();
        }}
      >
        <Field label={t("tags.setServer.server")}>
          {(p) => (
            <select
              {...p}
              value={id}
              onChange={(e) => {
                setId(e.target.value);
                setText(null);
              }}
              data-testid="set-server-tags-server"
            >
              {servers.map((s) => (
                <option key={`${s.account}/${s.id}`} value={`${s.account}/${s.id}`}>
                  {s.name} ({s.account})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("tags.setServer.tags")} hint={t("tags.setServer.hint")}>
          {(p) => <input {...p} value={shown} onChange={(e) => setText(e.target.value)} data-testid="set-server-tags-tags" />}
        </Field>
        {run.error && (
          <p className="field-error" role="alert">
            {FleetdeckError.from(run.error).message}
          </p>
        )}
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="primary" disabled={id === "" || run.isPending} data-testid="set-server-tags-ok">
            {t("common:save")}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
