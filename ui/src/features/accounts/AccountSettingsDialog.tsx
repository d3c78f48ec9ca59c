import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { AccountChanges } from "../../bindings/AccountChanges";
import type { AccountView } from "../../bindings/AccountView";
import { Dialog, Field } from "../../app/Dialog";
import { ErrorNotice } from "../../app/ErrorNotice";
import { useToast } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useSelection } from "../../app/selection";
import { FleetdeckError, reauthenticate, removeAccount, updateAccount } from "../../platform";
import { providerLabel } from "./descriptors";

/** Rename, colour, re-authenticate or remove an account. */
export function AccountSettingsDialog({ view, onClose }: { view: AccountView; onClose: () => void }) {
  const { t } = useTranslation(["accounts", "common"]);
  const { account } = view;
  const client = useQueryClient();
  const toast = useToast();
  const { account: selected, select } = useSelection();
  const [name, setName] = useState(account.name);
  const [color, setColor] = useState(account.color ?? "#8a94a3");
  const [secret, setSecret] = useState("");
  const [keyPem, setKeyPem] = useState("");
  const [confirmRemove, setConfirmRemove] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const usesCertificate = account.provider === "vz" && account.lxd?.clientCertPem != null;

  const refreshLists = async () => {
    await client.invalidateQueries({ queryKey: queryKeys.accounts });
    void client.invalidateQueries({ queryKey: queryKeys.servers() });
  };
  // The three commands share how a failure is shown: on its field, as the secret's, or below.
  const shared = {
    onMutate: () => {
      setError(null);
      setFieldErrors({});
    },
    onError: (e: unknown) => {
      const err = FleetdeckError.from(e);
      const field = err.details.fields?.[0]?.field;
      if (field) setFieldErrors({ [field]: err.details.fields?.[0]?.message ?? err.message });
      else if (err.code === "auth") setFieldErrors({ secret: err.message });
      else setError(err);
    },
  };
  const saving = useMutation({
    ...shared,
    mutationFn: (changes: AccountChanges) => updateAccount(account.name, changes),
    onSuccess: async (updated) => {
      if (selected === account.name) select(updated.account.name);
      await refreshLists();
      toast({ message: t("settings.saved", { name: updated.account.name }), tone: "ok" });
      onClose();
    },
  });
  const reauthenticating = useMutation({
    ...shared,
    mutationFn: () => reauthenticate(account.name, usesCertificate ? null : secret, usesCertificate ? keyPem : null),
    onSuccess: async () => {
      setSecret("");
      setKeyPem("");
      await refreshLists();
      toast({ message: t("settings.reauthenticated", { name: account.name }), tone: "ok" });
    },
  });
  const removing = useMutation({
    ...shared,
    mutationFn: () => removeAccount(account.name),
    onSuccess: async () => {
      if (selected === account.name) select(null);
      await refreshLists();
      toast({ message: t("settings.removed", { name: account.name }), tone: "ok" });
      onClose();
    },
  });
  const busy = saving.isPending || reauthenticating.isPending || removing.isPending;

  const save = () =>
    saving.mutate({
        name: name !== account.name ? name : null,
        color: color !== (account.color ?? "") ? color : null,
        // The endpoint is not edited here: moving it to another host would need the
        // credentials again (Fleet::update_account), which re-adding the account asks for.
        endpoint: null,
        username: null,
        secret: null,
        clientKeyPem: null,
    });

  return (
    <Dialog title={t("settings.title", { name: account.name })} onClose={onClose} testId="account-settings">
      <p className="muted">
        {providerLabel(account.provider)} · {view.endpoint}
        {account.sandbox ? ` · ${t("settings.sandbox")}` : ""}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Field label={t("settings.name")} error={fieldErrors.name} testId="settings-name">
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} data-testid="settings-name-input" />}
        </Field>
        <div className="field">
          <label htmlFor="settings-color">{t("settings.colour")}</label>
          <input id="settings-color" type="color" value={color} onChange={(e) => setColor(e.target.value)} data-testid="settings-color" />
        </div>
        <footer className="dialog-footer">
          <button type="submit" className="primary" disabled={busy} data-testid="settings-save">
            {t("common:save")}
          </button>
        </footer>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          reauthenticating.mutate();
        }}
      >
        <h3 className="section-label">{t("settings.reauthenticate")}</h3>
        {usesCertificate ? (
          <Field label={t("settings.newClientKey")} error={fieldErrors.clientKeyPem ?? fieldErrors.secret} testId="reauth-key">
            {(p) => <textarea {...p} rows={3} value={keyPem} onChange={(e) => setKeyPem(e.target.value)} />}
          </Field>
        ) : (
          <Field
            label={account.provider === "cloudero" ? t("settings.newPassword") : t("settings.newToken")}
            error={fieldErrors.secret}
            testId="reauth-secret"
          >
            {(p) => (
              <input {...p} type="password" autoComplete="new-password" value={secret} onChange={(e) => setSecret(e.target.value)} data-testid="reauth-input" />
            )}
          </Field>
        )}
        <footer className="dialog-footer">
          <button type="submit" disabled={busy || (usesCertificate ? keyPem === "" : secret === "")} data-testid="reauth-submit">
            {t("settings.checkAndSave")}
          </button>
        </footer>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (confirmRemove === account.name) removing.mutate();
        }}
      >
        <h3 className="section-label">{t("settings.remove")}</h3>
        <p className="muted">{t("settings.removeExplained")}</p>
        <Field label={t("settings.typeToConfirm", { name: account.name })}>
          {(p) => <input {...p} value={confirmRemove} onChange={(e) => setConfirmRemove(e.target.value)} data-testid="remove-confirm-input" />}
        </Field>
        <footer className="dialog-footer">
          <button type="submit" className="danger" disabled={busy || confirmRemove !== account.name} data-testid="remove-account">
            {t("settings.removeAccount")}
          </button>
        </footer>
      </form>
      {error !== null && <ErrorNotice error={error} />}
    </Dialog>
  );
}
