import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import type { AddAccountRequest } from "../../bindings/AddAccountRequest";
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
import { PROVIDER_LABEL } from "../servers/model";

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
const PROVIDERS: ProviderKind[] = ["letscloud", "cloudero", "cloudzy", "vz"];

/** Colour chips offered to a new account, chosen to stay apart in light and dark themes. */
export const ACCOUNT_PALETTE: readonly [string, ...string[]] = ["#2f6fde", "#e0533d", "#2e9e5b", "#9b51e0", "#d98e04", "#0f9bb5", "#c2417a", "#6b7a8f"];

/** The first palette colour no account wears yet (the palette again from the start when all are taken). */
export function nextAccountColour(used: (string | null)[]): string {
  const taken = new Set(used.filter((c): c is string => c !== null).map((c) => c.toLowerCase()));
  return ACCOUNT_PALETTE.find((c) => !taken.has(c)) ?? ACCOUNT_PALETTE[0];
}

/** Where an error of `add_account` belongs in the form (the field it names, else the secret on auth). */
export function errorField(e: FleetdeckError, lxdAuth: "certificate" | "token"): string | null {
  const named = e.details.fields?.[0]?.field;
  if (named) return named === "secret" && lxdAuth === "certificate" ? "clientKeyPem" : named;
  if (e.code === "auth" || e.code === "forbidden") return lxdAuth === "certificate" ? "clientKeyPem" : "secret";
  return null;
}

/**
 * Add an account: a form per provider; Rust checks the credentials with one read before saving
 * (its typed error lands on the right field). The secret goes straight to Rust and the keyring.
 */
export function AddAccountDialog({ onClose, initialProvider }: { onClose: () => void; initialProvider?: ProviderKind }) {
  const client = useQueryClient();
  const toast = useToast();
  const { select } = useSelection();
  const [provider, setProvider] = useState<ProviderKind>(initialProvider ?? "letscloud");
  const [name, setName] = useState("");
  const { colors } = useAccounts();
  const [color, setColor] = useState(() => nextAccountColour(Object.values(colors)));
  const [endpoint, setEndpoint] = useState("");
  const [username, setUsername] = useState("");
  const [secret, setSecret] = useState("");
  const [lxdAuth, setLxdAuth] = useState<"certificate" | "token">("certificate");
  const [certPem, setCertPem] = useState("");
  const [keyPem, setKeyPem] = useState("");
  const [flavour, setFlavour] = useState<LxdFlavour>("auto");
  const [project, setProject] = useState("");
  const [cert, setCert] = useState<ServerCertificate | null>(null);
  const [trusted, setTrusted] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<FleetdeckError | null>(null);
  const [busy, setBusy] = useState(false);

  const secretLabel = provider === "cloudero" ? "Password" : provider === "vz" ? "Bearer token" : "API token";

  const validate = (): Record<string, string> => {
    const e: Record<string, string> = {};
    if (!NAME.test(name)) e.name = "1–64 letters, digits, '.', '_' or '-'.";
    if (provider === "cloudero" && username.trim() === "") e.username = "Cloude.ro needs the login name.";
    if (provider === "vz") {
      if (endpoint.trim() === "") e.endpoint = "The address of the vz/LXD server, e.g. https://host:8443.";
      if (lxdAuth === "certificate") {
        if (!certPem.includes("BEGIN CERTIFICATE")) e.clientCertPem = "Paste the client certificate (PEM).";
        if (!keyPem.includes("PRIVATE KEY")) e.clientKeyPem = "Paste the client key (PEM).";
      } else if (secret === "") e.secret = "Enter the bearer token.";
    } else if (secret === "") e.secret = `Enter the ${secretLabel.toLowerCase()}.`;
    if (endpoint.trim() !== "" && !/^https?:\/\/\S+$/.test(endpoint.trim())) e.endpoint = "An http(s) URL.";
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

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const local = validate();
    setErrors(local);
    setGeneral(null);
    if (Object.keys(local).length > 0) return;
    const request: AddAccountRequest = {
      name,
      provider,
      endpoint: endpoint.trim() === "" ? null : endpoint.trim(),
      username: provider === "cloudero" ? username.trim() : null,
      color,
      lxd:
        provider === "vz"
          ? {
              flavour,
              clientCertPem: lxdAuth === "certificate" ? certPem : null,
              serverFingerprint: cert !== null && trusted ? cert.sha256 : null,
              project: project.trim() === "" ? null : project.trim(),
            }
          : null,
      secret: provider === "vz" && lxdAuth === "certificate" ? null : secret,
      clientKeyPem: provider === "vz" && lxdAuth === "certificate" ? keyPem : null,
    };
    setBusy(true);
    try {
      const view = await addAccount(request);
      await client.invalidateQueries({ queryKey: queryKeys.accounts });
      void client.invalidateQueries({ queryKey: queryKeys.servers() });
      toast({ message: `Account ${view.account.name} added`, tone: "ok" });
      select(view.account.name);
      onClose();
    } catch (e) {
      const err = FleetdeckError.from(e);
      const field = errorField(err, provider === "vz" ? lxdAuth : "token");
      if (field !== null) setErrors({ [field]: err.details.fields?.[0]?.message ?? err.message });
      else setGeneral(err);
    } finally {
      setBusy(false);
    }
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
  const pem = (field: string, label: string, value: string, set: (v: string) => void) => (
    <Field label={label} error={errors[field]} testId={`account-field-${field}`}>
      {(p) => (
        <textarea {...p} rows={4} spellCheck={false} value={value} onChange={(e) => set(e.target.value)} data-testid={`account-input-${field}`} />
      )}
    </Field>
  );

  return (
    <Dialog title="Add account" onClose={onClose} testId="add-account-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="provider-choice">
          <legend>Provider</legend>
          {PROVIDERS.map((p) => (
            <label key={p}>
              <input
                type="radio"
                name="provider"
                value={p}
                checked={provider === p}
                onChange={() => {
                  setProvider(p);
                  setErrors({});
                }}
                data-testid={`provider-${p}`}
              />
              {PROVIDER_LABEL[p]}
            </label>
          ))}
        </fieldset>
        {text("name", "Account name", name, setName, "text", "Used in addresses like name/server-id")}
        <div className="field">
          <label htmlFor="account-color">Colour</label>
          <input id="account-color" type="color" value={color} onChange={(e) => setColor(e.target.value)} data-testid="account-input-color" />
        </div>
        {provider === "cloudero" && text("username", "Username", username, setUsername)}
        {provider === "vz" && (
          <>
            {text("endpoint", "Endpoint", endpoint, setEndpoint, "url")}
            <div className="field">
              <label htmlFor="lxd-flavour">Server kind</label>
              <select id="lxd-flavour" value={flavour} onChange={(e) => setFlavour(e.target.value as LxdFlavour)}>
                <option value="auto">Detect</option>
                <option value="vz">vz</option>
                <option value="lxd">LXD</option>
              </select>
            </div>
            {text("project", "Project (optional)", project, setProject)}
            <fieldset className="provider-choice">
              <legend>Authentication</legend>
              <label>
                <input type="radio" name="lxd-auth" checked={lxdAuth === "certificate"} onChange={() => setLxdAuth("certificate")} data-testid="lxd-auth-certificate" />
                Client certificate
              </label>
              <label>
                <input type="radio" name="lxd-auth" checked={lxdAuth === "token"} onChange={() => setLxdAuth("token")} data-testid="lxd-auth-token" />
                Bearer token
              </label>
            </fieldset>
            {lxdAuth === "certificate" && pem("clientCertPem", "Client certificate (PEM)", certPem, setCertPem)}
            {lxdAuth === "certificate" && pem("clientKeyPem", "Client key (PEM)", keyPem, setKeyPem)}
            {lxdAuth === "token" && text("secret", secretLabel, secret, setSecret, "password")}
            <div className="cert-trust" data-testid="cert-trust">
              <button type="button" onClick={() => void fetchCertificate()} disabled={endpoint.trim() === ""} data-testid="fetch-certificate">
                Show the server's certificate
              </button>
              {cert && (
                <>
                  <p>
                    SHA-256 fingerprint: <code data-testid="cert-fingerprint">{cert.sha256.match(/.{1,2}/g)?.join(":")}</code>
                  </p>
                  <label>
                    <input type="checkbox" checked={trusted} onChange={(e) => setTrusted(e.target.checked)} data-testid="cert-trust-checkbox" />
                    I compared this fingerprint with the server's and trust it
                  </label>
                </>
              )}
            </div>
          </>
        )}
        {provider !== "vz" && text("secret", secretLabel, secret, setSecret, "password")}
        {provider !== "vz" && (
          <details>
            <summary>Advanced</summary>
            {text("endpoint", "Endpoint override", endpoint, setEndpoint, "url", "Leave empty for the provider's public API")}
          </details>
        )}
        {general && <ErrorNotice error={general} />}
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="add-account-submit">
            {busy ? "Checking…" : "Check and add"}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
