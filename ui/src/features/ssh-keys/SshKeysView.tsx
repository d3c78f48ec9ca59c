import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Trans, useTranslation } from "react-i18next";

import type { AccountView } from "../../bindings/AccountView";
import type { KeyPushResult } from "../../bindings/KeyPushResult";
import type { SshKey } from "../../bindings/SshKey";
import { Dialog, Field } from "../../app/Dialog";
import { useToast } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useAccounts } from "../../app/useAccounts";
import { addSshKey, deleteSshKey, FleetdeckError, generateSshKey, pushSshKey, readPublicKeyFile, renameSshKey, sshKeys } from "../../platform";
import { providerLabel } from "../accounts/descriptors";
import { TextDialog, TypedConfirm } from "../storage/dialogs";
import type { TableColumn } from "../storage/ResourceTable";
import { isFullPath, SavePathField } from "../storage/SavePathField";
import { AccountCell, ResourceView } from "../storage/ResourceView";
import { useScopedAccounts } from "../storage/scope";
import { perAccount, useAccountListings } from "../storage/useAccountListings";

const keyRowId = (k: SshKey) => `${k.account}/${k.id}`;
const keyType = (k: SshKey) => k.publicKey.trim().split(/\s+/)[0] ?? "";

/** A public key as OpenSSH writes it: `ssh-ed25519 AAAA… comment` (type and base64 body). */
export const looksLikePublicKey = (text: string): boolean =>
  /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)\s+[A-Za-z0-9+/=]{16,}(\s.*)?$/.test(text.trim());

type Open =
  | { kind: "add" }
  | { kind: "generate" }
  | { kind: "push"; key?: SshKey }
  | { kind: "rename"; key: SshKey }
  | { kind: "delete"; key: SshKey };

/**
 * Every SSH key of every account: add one (pasted or read from a .pub file), generate an Ed25519
 * pair locally (the private key goes to a file the user names, through Rust, never into this
 * page), push one public key to several accounts with a result per account, rename, delete.
 */
export function SshKeysView() {
  const { scope, views, names, byName } = useScopedAccounts((c) => c.sshKeys.list);
  const { colors } = useAccounts();
  const listing = useAccountListings(perAccount(names, queryKeys.sshKeys, (a) => sshKeys([a])));
  const [dialog, setDialog] = useState<Open | null>(null);
  const client = useQueryClient();
  const toast = useToast();
  const { t } = useTranslation("keys");
  const creators = views.filter((v) => v.capabilities.sshKeys.create);
  const fail = (what: string) => (e: unknown) => toast({ message: t("sshKeys.failed", { what, message: FleetdeckError.from(e).message }), tone: "bad" });

  const rename = useMutation({
    mutationFn: ({ key, name }: { key: SshKey; name: string }) => renameSshKey(keyRowId(key), name),
    onSuccess: (_k, { key, name }) => {
      toast({ message: t("sshKeys.renamed", { from: key.name, to: name }), tone: "ok" });
      void client.invalidateQueries({ queryKey: queryKeys.sshKeys(key.account) });
    },
    onError: fail(t("sshKeys.renameWhat")),
  });
  const remove = useMutation({
    mutationFn: (key: SshKey) => deleteSshKey(keyRowId(key)),
    onSuccess: (_r, key) => {
      toast({ message: t("sshKeys.deleted", { name: key.name, account: key.account }), tone: "ok" });
      void client.invalidateQueries({ queryKey: queryKeys.sshKeys(key.account) });
    },
    onError: fail(t("sshKeys.deleteWhat")),
  });

  const columns = useMemo<TableColumn<SshKey>[]>(
    () => [
      { id: "name", title: t("sshKeys.columns.name"), text: (k) => k.name },
      {
        id: "fingerprint",
        title: t("sshKeys.columns.fingerprint"),
        text: (k) => k.fingerprint ?? "",
        cell: (k) => <code className="fingerprint">{k.fingerprint ?? "—"}</code>,
      },
      { id: "type", title: t("sshKeys.columns.type"), text: keyType },
      {
        id: "account",
        title: t("sshKeys.columns.account"),
        text: (k) => k.account,
        cell: (k) => <AccountCell account={k.account} color={colors[k.account] ?? null} />,
      },
      { id: "provider", title: t("sshKeys.columns.provider"), text: (k) => providerLabel(k.provider) },
    ],
    [colors, t],
  );
  const facets = useMemo(() => (k: SshKey) => ({ account: k.account, provider: k.provider, status: "" }), []);

  const actions = creators.length > 0 && (
    <>
      <button type="button" className="primary" onClick={() => setDialog({ kind: "add" })} data-testid="ssh-keys-add">
        {t("sshKeys.actions.add")}
      </button>
      <button type="button" onClick={() => setDialog({ kind: "generate" })} data-testid="ssh-keys-generate">
        {t("sshKeys.actions.generate")}
      </button>
      <button type="button" onClick={() => setDialog({ kind: "push" })} data-testid="ssh-keys-push">
        {t("sshKeys.actions.push")}
      </button>
    </>
  );
  return (
    <ResourceView
      view="ssh-keys"
      title={t("sshKeys.title")}
      scope={scope}
      noun={[t("sshKeys.nounOne"), t("sshKeys.nounOther")]}
      listing={listing}
      columns={columns}
      rowId={keyRowId}
      facets={facets}
      actions={actions}
      empty={{
        title: t("sshKeys.empty.title"),
        text: t("sshKeys.empty.text"),
        ...(actions ? { action: actions } : {}),
      }}
      detail={(k) => {
        const caps = byName.get(k.account)?.capabilities.sshKeys;
        return {
          title: k.name,
          fields: [
            [t("sshKeys.detail.account"), `${k.account} (${providerLabel(k.provider)})`],
            [t("sshKeys.detail.fingerprint"), <code>{k.fingerprint ?? t("sshKeys.detail.unknown")}</code>],
            [t("sshKeys.detail.publicKey"), <code className="public-key" data-testid="ssh-key-public">{k.publicKey}</code>],
            [t("sshKeys.detail.id"), <code>{k.id}</code>],
          ],
          actions: (
            <>
              {creators.length > 0 && (
                <button type="button" onClick={() => setDialog({ kind: "push", key: k })} data-testid="ssh-key-push">
                  {t("sshKeys.actions.push")}
                </button>
              )}
              {caps?.rename && (
                <button type="button" disabled={rename.isPending} onClick={() => setDialog({ kind: "rename", key: k })} data-testid="ssh-key-rename">
                  {t("sshKeys.actions.rename")}
                </button>
              )}
              {caps?.delete && (
                <button type="button" className="danger" disabled={remove.isPending} onClick={() => setDialog({ kind: "delete", key: k })} data-testid="ssh-key-delete">
                  {t("sshKeys.actions.delete")}
                </button>
              )}
            </>
          ),
          raw: k.raw,
        };
      }}
    >
      {dialog?.kind === "add" && <AddKeyDialog accounts={creators} onClose={() => setDialog(null)} />}
      {dialog?.kind === "generate" && <GenerateKeyDialog accounts={creators} onClose={() => setDialog(null)} />}
      {dialog?.kind === "push" && <PushKeyDialog accounts={creators} from={dialog.key} onClose={() => setDialog(null)} />}
      {dialog?.kind === "rename" && (
        <TextDialog
          title={t("sshKeys.rename.title", { name: dialog.key.name })}
          label={t("sshKeys.rename.label")}
          initial={dialog.key.name}
          verb={t("sshKeys.rename.verb")}
          testId="ssh-key-rename-dialog"
          onClose={() => setDialog(null)}
          onSubmit={(name) => {
            const key = dialog.key;
            setDialog(null);
            rename.mutate({ key, name });
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <TypedConfirm
          title={t("sshKeys.delete.title", { name: dialog.key.name })}
          text={t("sshKeys.delete.text", { name: dialog.key.name, account: dialog.key.account, provider: providerLabel(dialog.key.provider) })}
          expected={dialog.key.name}
          verb={t("sshKeys.delete.verb")}
          onClose={() => setDialog(null)}
          onConfirm={() => {
            const key = dialog.key;
            setDialog(null);
            remove.mutate(key);
          }}
        />
      )}
    </ResourceView>
  );
}


function AccountSelect({ accounts, value, onChange, testId }: { accounts: AccountView[]; value: string; onChange: (a: string) => void; testId: string }) {
  const { t } = useTranslation("keys");
  return (
    <Field label={t("sshKeys.accountField")}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
          {accounts.map((a) => (
            <option key={a.account.name} value={a.account.name}>
              {a.account.name} ({providerLabel(a.account.provider)})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * A public key, pasted or picked: "Pick a .pub file…" opens the native "Open" dialog in Rust, which
 * reads the file and answers its one key line (a private key picked by mistake is refused there,
 * and none of it reaches this page: src-tauri/src/file_dialogs.rs); that refusal is shown under
 * the field. Also the create wizard's inline "Add a key…".
 */
export function PublicKeyField({ value, onChange, testId }: { value: string; onChange: (v: string) => void; testId: string }) {
  const { t } = useTranslation("keys");
  const [picking, setPicking] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const bad = value.trim() !== "" && !looksLikePublicKey(value);
  const pick = async () => {
    setPicking(true);
    setRefused(null);
    try {
      const key = await readPublicKeyFile();
      if (key !== null) onChange(key);
    } catch (e) {
      setRefused(FleetdeckError.from(e).message);
    } finally {
      setPicking(false);
    }
  };
  const error = refused ?? (bad ? t("sshKeys.publicKey.invalid") : undefined);
  return (
    <>
      <Field
        label={t("sshKeys.publicKey.label")}
        hint={t("sshKeys.publicKey.hint")}
        {...(error !== undefined ? { error } : {})}
        testId={`${testId}-public-field`}
      >
        {(p) => (
          <textarea
            {...p}
            rows={3}
            value={value}
            onChange={(e) => {
              setRefused(null);
              onChange(e.target.value);
            }}
            data-testid={`${testId}-public`}
            spellCheck={false}
          />
        )}
      </Field>
      <button type="button" onClick={() => void pick()} disabled={picking} data-testid="ssh-key-pick-file">
        {picking ? t("sshKeys.publicKey.reading") : t("sshKeys.publicKey.pick")}
      </button>
    </>
  );
}

function AddKeyDialog({ accounts, onClose }: { accounts: AccountView[]; onClose: () => void }) {
  const [account, setAccount] = useState(accounts[0]?.account.name ?? "");
  const [name, setName] = useState("");
  const [publicKey, setPublicKey] = useState("");
  const client = useQueryClient();
  const toast = useToast();
  const { t } = useTranslation(["keys", "common"]);
  const add = useMutation({
    mutationFn: () => addSshKey(account, name.trim(), publicKey.trim()),
    onSuccess: (created) => {
      toast({ message: t("sshKeys.added", { name: created.key.name, account: created.key.account }), tone: "ok" });
      void client.invalidateQueries({ queryKey: queryKeys.sshKeys(created.key.account) });
      onClose();
    },
  });
  const valid = account !== "" && name.trim() !== "" && looksLikePublicKey(publicKey);
  return (
    <Dialog title={t("sshKeys.add.title")} onClose={onClose} testId="ssh-key-add-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) add.mutate();
        }}
      >
        <AccountSelect accounts={accounts} value={account} onChange={setAccount} testId="ssh-key-add-account" />
        <Field label={t("sshKeys.nameField")}>{(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} data-testid="ssh-key-add-name" />}</Field>
        <PublicKeyField value={publicKey} onChange={setPublicKey} testId="ssh-key-add" />
        {add.error && (
          <p className="field-error" role="alert" data-testid="ssh-key-add-error">
            {FleetdeckError.from(add.error).message}
          </p>
        )}
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="primary" disabled={!valid || add.isPending} data-testid="ssh-key-add-ok">
            {add.isPending ? t("sshKeys.add.running") : t("sshKeys.add.ok")}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

/**
 * An Ed25519 pair generated by Rust: the private key is written (mode 0600) to the path typed or
 * chosen in the native "Save as…" dialog here, and never comes back to the page; the public key is
 * added to the account. The result is shown once, when the dialog closes it is gone.
 */
function GenerateKeyDialog({ accounts, onClose }: { accounts: AccountView[]; onClose: () => void }) {
  const [account, setAccount] = useState(accounts[0]?.account.name ?? "");
  const [name, setName] = useState("");
  const [file, setFile] = useState("");
  const client = useQueryClient();
  const { t } = useTranslation(["keys", "common"]);
  const generate = useMutation({
    mutationFn: () => generateSshKey(account, name.trim(), file.trim()),
    onSuccess: (g) => void client.invalidateQueries({ queryKey: queryKeys.sshKeys(g.key.account) }),
  });
  const absolute = isFullPath(file);
  const valid = account !== "" && name.trim() !== "" && absolute;
  const done = generate.data;
  return (
    <Dialog title={t("sshKeys.generate.title")} onClose={onClose} testId="ssh-key-generate-dialog">
      {done ? (
        <div data-testid="ssh-key-generated">
          <p>
            <Trans
              t={t}
              i18nKey="sshKeys.generate.added"
              values={{ name: done.key.name, account: done.key.account }}
              components={{ strong: <strong /> }}
            />
          </p>
          <dl className="fields">
            <div className="field-row">
              <dt>{t("sshKeys.generate.privateFile")}</dt>
              <dd>
                <code data-testid="ssh-key-generated-private">{done.privateKeyFile}</code>
              </dd>
            </div>
            <div className="field-row">
              <dt>{t("sshKeys.generate.publicFile")}</dt>
              <dd>
                <code>{done.publicKeyFile}</code>
              </dd>
            </div>
            <div className="field-row">
              <dt>{t("sshKeys.generate.fingerprint")}</dt>
              <dd>
                <code data-testid="ssh-key-generated-fingerprint">{done.fingerprint}</code>
              </dd>
            </div>
          </dl>
          <p className="muted">{t("sshKeys.generate.noCopy")}</p>
          <footer className="dialog-footer">
            <button type="button" className="primary" onClick={onClose} data-testid="ssh-key-generated-done">
              {t("sshKeys.generate.done")}
            </button>
          </footer>
        </div>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) generate.mutate();
          }}
        >
          <AccountSelect accounts={accounts} value={account} onChange={setAccount} testId="ssh-key-generate-account" />
          <Field label={t("sshKeys.nameField")}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} data-testid="ssh-key-generate-name" />}
          </Field>
          <SavePathField
            label={t("sshKeys.generate.fileLabel")}
            hint={t("sshKeys.generate.fileHint")}
            purpose="privateKey"
            suggestedName={keyFileName(name)}
            value={file}
            onChange={setFile}
            error={file.trim() !== "" && !absolute ? t("sshKeys.generate.fileInvalid") : undefined}
            testId="ssh-key-generate-file"
          />
          {generate.error && (
            <p className="field-error" role="alert" data-testid="ssh-key-generate-error">
              {FleetdeckError.from(generate.error).message}
            </p>
          )}
          <footer className="dialog-footer">
            <button type="button" onClick={onClose}>
              {t("common:cancel")}
            </button>
            <button type="submit" className="primary" disabled={!valid || generate.isPending} data-testid="ssh-key-generate-ok">
              {generate.isPending ? t("sshKeys.generate.running") : t("sshKeys.generate.ok")}
            </button>
          </footer>
        </form>
      )}
    </Dialog>
  );
}

/** The file name "Choose…" suggests for a key named `name`: `id_ed25519_<name>`, kept to safe characters. */
export function keyFileName(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "_")
    .replace(/^[._]+|_+$/g, "");
  return slug === "" ? "id_ed25519_fleetdeck" : `id_ed25519_${slug}`;
}

/** One public key to several accounts at once; each account's result (added, or why not). */
function PushKeyDialog({ accounts, from, onClose }: { accounts: AccountView[]; from?: SshKey | undefined; onClose: () => void }) {
  const [name, setName] = useState(from?.name ?? "");
  const [publicKey, setPublicKey] = useState(from?.publicKey ?? "");
  const [chosen, setChosen] = useState<Set<string>>(() => new Set());
  const client = useQueryClient();
  const { t } = useTranslation(["keys", "common"]);
  const push = useMutation({
    mutationFn: () => pushSshKey(publicKey.trim(), name.trim(), [...chosen]),
    onSuccess: (results) => {
      for (const r of results) if (r.key) void client.invalidateQueries({ queryKey: queryKeys.sshKeys(r.account) });
    },
  });
  const valid = name.trim() !== "" && looksLikePublicKey(publicKey) && chosen.size > 0;
  const toggle = (a: string) =>
    setChosen((old) => {
      const next = new Set(old);
      if (next.has(a)) next.delete(a);
      else next.add(a);
      return next;
    });
  const results: KeyPushResult[] | undefined = push.data;
  return (
    <Dialog title={t("sshKeys.push.title")} onClose={onClose} testId="ssh-key-push-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) push.mutate();
        }}
      >
        <Field label={t("sshKeys.nameField")}>{(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} data-testid="ssh-key-push-name" />}</Field>
        <PublicKeyField value={publicKey} onChange={setPublicKey} testId="ssh-key-push" />
        <fieldset className="key-list" data-testid="ssh-key-push-accounts">
          <legend>{t("sshKeys.push.accounts")}</legend>
          {accounts.map((a) => (
            <label key={a.account.name} className="check">
              <input
                type="checkbox"
                checked={chosen.has(a.account.name)}
                onChange={() => toggle(a.account.name)}
                data-testid={`ssh-key-push-account-${a.account.name}`}
              />{" "}
              {a.account.name} ({providerLabel(a.account.provider)})
            </label>
          ))}
        </fieldset>
        {results && (
          <ul className="push-results" aria-label={t("sshKeys.push.results")} data-testid="ssh-key-push-results">
            {results.map((r) => (
              <li key={r.account} data-testid={`ssh-key-push-result-${r.account}`} data-ok={r.error === null}>
                {r.error === null ? "✓" : "✕"} <strong>{r.account}</strong>: {r.error === null
                  ? r.key?.fingerprint
                    ? t("sshKeys.push.addedWithFingerprint", { fingerprint: r.key.fingerprint })
                    : t("sshKeys.push.added")
                  : r.error.message}
              </li>
            ))}
          </ul>
        )}
        {push.error && (
          <p className="field-error" role="alert" data-testid="ssh-key-push-error">
            {FleetdeckError.from(push.error).message}
          </p>
        )}
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {results ? t("common:close") : t("common:cancel")}
          </button>
          <button type="submit" className="primary" disabled={!valid || push.isPending} data-testid="ssh-key-push-ok">
            {push.isPending ? t("sshKeys.push.running") : t("sshKeys.push.ok", { count: chosen.size })}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
