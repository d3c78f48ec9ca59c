import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import type { AddAccountRequest } from "../../bindings/AddAccountRequest";
import type { CredentialField } from "../../bindings/CredentialField";
import type { LxdFlavour } from "../../bindings/LxdFlavour";
import type { ProviderKind } from "../../bindings/ProviderKind";
import type { ServerCertificate } from "../../bindings/ServerCertificate";
import { Dialog, Field } from "../../app/Dialog";
import { ErrorNotice } from "../../app/ErrorNotice";
import { useToast } from "../../app/overlay";
import { queryKeys } from "../../app/queryKeys";
import { useSelection } from "../../app/selection";
import { useAccounts } from "../../app/useAccounts";
import { addAccount, FleetdeckError, serverCertificate } from "../../platform";
import { fieldProblem, PROVIDER_DESCRIPTORS, useLocalDescriptor } from "./descriptors";
import { CredentialHelp, HelpLink } from "./CredentialHelp";

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Colour chips offered to a new account, chosen to stay apart in light and dark themes. */
export const ACCOUNT_PALETTE: readonly [string, ...string[]] = ["#2f6fde", "#e0533d", "#2e9e5b", "#9b51e0", "#d98e04", "#0f9bb5", "#c2417a", "#6b7a8f"];

/** The first palette colour no account wears yet (the palette again from the start when all are taken). */
export function nextAccountColour(used: (string | null)[]): string {
  const taken = new Set(used.filter((c): c is string => c !== null).map((c) => c.toLowerCase()));
  return ACCOUNT_PALETTE.find((c) => !taken.has(c)) ?? ACCOUNT_PALETTE[0];
}

/** Where an error of `add_account` belongs in the form (the field it names, else the secret on auth). */
export function errorField(e: FleetdeckError, shown: readonly CredentialField[]): string | null {
  // A credential error lands on the field shown that holds it: the secret, else the sign-in
  // method's last secret field (a client key).
  const credential = shown.find((f) => f.name === "secret")?.name ?? [...shown].reverse().find((f) => f.secret)?.name ?? null;
  const named = e.details.fields?.[0]?.field;
  if (named) return named === "secret" ? credential : named;
  if (e.code === "auth" || e.code === "forbidden") return credential;
  return null;
}

/**
 * Add an account: a form per provider; Rust checks the credentials with one read before saving
 * (its typed error lands on the right field). The secret goes straight to Rust and the keyring.
 */
export function AddAccountDialog({ onClose, initialProvider }: { onClose: () => void; initialProvider?: ProviderKind }) {
  const { t } = useTranslation(["accounts", "common"]);
  const client = useQueryClient();
  const toast = useToast();
  const { select } = useSelection();
  const [provider, setProvider] = useState<ProviderKind>(initialProvider ?? PROVIDER_DESCRIPTORS[0]?.kind ?? "letscloud");
  const [name, setName] = useState("");
  const { colors } = useAccounts();
  const [color, setColor] = useState(() => nextAccountColour(Object.values(colors)));
  const [endpoint, setEndpoint] = useState("");
  // Credential values by request key (`secret`, `username`, `clientCertPem`, `clientKeyPem`).
  const [values, setValues] = useState<Record<string, string>>({});
  const [methodId, setMethodId] = useState<string | null>(null);
  const [flavour, setFlavour] = useState<LxdFlavour>("auto");
  const [project, setProject] = useState("");
  const [cert, setCert] = useState<ServerCertificate | null>(null);
  const [trusted, setTrusted] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<FleetdeckError | null>(null);

  // Labels, hints and validation messages of the sign-in fields in the UI's language.
  const descriptor = useLocalDescriptor(provider);
  const methods = descriptor.signIn;
  const method = methods.find((m) => m.id === methodId) ?? methods[0];
  const fields = method?.fields ?? [];
  const value = (field: string): string => values[field] ?? "";
  const setValue = (field: string) => (v: string) => setValues((old) => ({ ...old, [field]: v }));
  // The LXD dialect's own settings (server kind, project, the server certificate to trust) travel
  // in the request's `lxd`; only that provider takes them.
  const lxd = provider === "vz";

  const validate = (): Record<string, string> => {
    const e: Record<string, string> = {};
    if (!NAME.test(name)) e.name = t("add.nameInvalid");
    for (const f of fields) {
      const problem = fieldProblem(f, value(f.name));
      if (problem !== null) e[f.name] = problem;
    }
    if (descriptor.endpointRequired && endpoint.trim() === "")
      e.endpoint = t("add.endpointRequired", { provider: descriptor.label, example: descriptor.defaultEndpoint });
    if (endpoint.trim() !== "" && !/^https?:\/\/\S+$/.test(endpoint.trim())) e.endpoint = t("add.endpointInvalid");
    return e;
  };

  const fetchCertificate = async () => {
    setGeneral(null);
    try {
      setCert(await serverCertificate(endpoint.trim()));
      setTrusted(false);
    } catch (e) {
      setErrors({ ...errors, endpoint: FleetdeckError.from(e).message });
    }
  };

  const request = (): AddAccountRequest => {
    // Only the fields of the chosen sign-in method are sent; secrets as typed, the rest trimmed.
    const sent = (field: string): string | null => {
      const f = fields.find((x) => x.name === field);
      if (f === undefined) return null;
      const v = f.secret ? value(field) : value(field).trim();
      return v === "" ? null : v;
    };
    return {
      name,
      provider,
      endpoint: endpoint.trim() === "" ? null : endpoint.trim(),
      username: sent("username"),
      color,
      lxd: lxd
        ? {
            flavour,
            clientCertPem: sent("clientCertPem"),
            serverFingerprint: cert !== null && trusted ? cert.sha256 : null,
            project: project.trim() === "" ? null : project.trim(),
          }
        : null,
      secret: sent("secret"),
      clientKeyPem: sent("clientKeyPem"),
    };
  };
  // The request is built inside mutationFn, not passed to mutate: the mutation cache keeps a
  // mutation's variables, and the request carries the secret.
  const adding = useMutation({
    mutationFn: () => addAccount(request()),
    onSuccess: async (view) => {
      await client.invalidateQueries({ queryKey: queryKeys.accounts });
      void client.invalidateQueries({ queryKey: queryKeys.servers() });
      toast({ message: t("add.added", { name: view.account.name }), tone: "ok" });
      select(view.account.name);
      onClose();
    },
    onError: (e) => {
      const err = FleetdeckError.from(e);
      const field = errorField(err, fields);
      if (field !== null) setErrors({ [field]: err.details.fields?.[0]?.message ?? err.message });
      else setGeneral(err);
    },
  });

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const local = validate();
    setErrors(local);
    setGeneral(null);
    if (Object.keys(local).length > 0) return;
    adding.mutate();
  };

  const text = (field: string, label: string, value: string, set: (v: string) => void, type = "text", hint?: string) => (
    <Field label={label} error={errors[field]} testId={`account-field-${field}`} {...(hint ? { hint } : {})}>
      {(p) => (
        <input
          {...p}
          type={type}
          value={value}
          autoComplete={type === "password" ? "new-password" : "off"}
          onChange={(e) => set(e.target.value)}
          data-testid={`account-input-${field}`}
        />
      )}
    </Field>
  );
  const pem = (field: string, label: string, value: string, set: (v: string) => void, hint?: string) => (
    <Field label={label} error={errors[field]} testId={`account-field-${field}`} {...(hint ? { hint } : {})}>
      {(p) => (
        <textarea {...p} rows={4} spellCheck={false} value={value} onChange={(e) => set(e.target.value)} data-testid={`account-input-${field}`} />
      )}
    </Field>
  );

  return (
    <Dialog title={t("add.title")} onClose={onClose} testId="add-account-dialog">
      <form onSubmit={submit} noValidate>
        <fieldset className="provider-choice">
          <legend>{t("add.provider")}</legend>
          {PROVIDER_DESCRIPTORS.map((d) => (
            <label key={d.kind}>
              <input
                type="radio"
                name="provider"
                value={d.kind}
                checked={provider === d.kind}
                onChange={() => {
                  setProvider(d.kind);
                  setMethodId(null);
                  setErrors({});
                }}
                data-testid={`provider-${d.kind}`}
              />
              {d.label}
            </label>
          ))}
        </fieldset>
        {text("name", t("add.name"), name, setName, "text", t("add.nameHint"))}
        <div className="field">
          <label htmlFor="account-color">{t("add.colour")}</label>
          <input id="account-color" type="color" value={color} onChange={(e) => setColor(e.target.value)} data-testid="account-input-color" />
        </div>
        {descriptor.endpointRequired && text("endpoint", t("add.endpoint"), endpoint, setEndpoint, "url")}
        {lxd && (
          <>
            <div className="field">
              <label htmlFor="lxd-flavour">{t("add.serverKind")}</label>
              <select id="lxd-flavour" value={flavour} onChange={(e) => setFlavour(e.target.value as LxdFlavour)}>
                <option value="auto">{t("add.serverKindDetect")}</option>
                <option value="vz">vz</option>
                <option value="lxd">LXD</option>
              </select>
            </div>
            {text("project", t("add.project"), project, setProject)}
          </>
        )}
        {methods.length > 1 && (
          <fieldset className="provider-choice">
            <legend>{t("add.authentication")}</legend>
            {methods.map((m) => (
              <label key={m.id}>
                <input
                  type="radio"
                  name="sign-in"
                  checked={method?.id === m.id}
                  onChange={() => {
                    setMethodId(m.id);
                    setErrors({});
                  }}
                  data-testid={`sign-in-${m.id}`}
                />
                {m.label}
              </label>
            ))}
          </fieldset>
        )}
        {fields.map((f) => (
          <Fragment key={f.name}>
            {f.multiline
              ? pem(f.name, f.label, value(f.name), setValue(f.name), f.help)
              : text(f.name, f.label, value(f.name), setValue(f.name), f.secret ? "password" : "text", f.help)}
            <CredentialHelp field={f} />
          </Fragment>
        ))}
        <p className="muted provider-docs">
          <HelpLink url={descriptor.docsUrl} label={t("add.docs", { provider: descriptor.label })} testId="provider-docs" />
        </p>
        {lxd && (
          <div className="cert-trust" data-testid="cert-trust">
            <button type="button" onClick={() => void fetchCertificate()} disabled={endpoint.trim() === ""} data-testid="fetch-certificate">
              {t("add.showCertificate")}
            </button>
            {cert && (
              <>
                <p>
                  {t("add.fingerprint")} <code data-testid="cert-fingerprint">{cert.sha256.match(/.{1,2}/g)?.join(":")}</code>
                </p>
                <label>
                  <input type="checkbox" checked={trusted} onChange={(e) => setTrusted(e.target.checked)} data-testid="cert-trust-checkbox" />
                  {t("add.trustCertificate")}
                </label>
              </>
            )}
          </div>
        )}
        {!descriptor.endpointRequired && (
          <details>
            <summary>{t("add.advanced")}</summary>
            {text("endpoint", t("add.endpointOverride"), endpoint, setEndpoint, "url", t("add.endpointOverrideHint", { endpoint: descriptor.defaultEndpoint }))}
          </details>
        )}
        {general && <ErrorNotice error={general} />}
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="primary" disabled={adding.isPending} data-testid="add-account-submit">
            {adding.isPending ? t("add.checking") : t("add.submit")}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
