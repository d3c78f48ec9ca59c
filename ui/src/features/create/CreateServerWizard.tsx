import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import type { Capabilities } from "../../bindings/Capabilities";
import type { CreateServerRequest } from "../../bindings/CreateServerRequest";
import type { Plan } from "../../bindings/Plan";
import { Dialog, Field } from "../../app/Dialog";
import { ErrorNotice } from "../../app/ErrorNotice";
import { useToast } from "../../app/overlay";
import { useAccounts } from "../../app/useAccounts";
import { applications, createServer, FleetdeckError, images, plans, regions, sshKeys } from "../../platform";
import { recordJob } from "../actions/run";
import { PROVIDER_LABEL } from "../servers/model";

export type Step = "region" | "plan" | "source" | "keys" | "names" | "options" | "review";

/** The wizard's answers, as typed (strings until the request is built). */
export interface Draft {
  region: string;
  plan: string;
  custom: { vcpus: string; memoryGb: string; diskGb: string };
  sourceKind: "image" | "application";
  image: string;
  application: string;
  sshKeys: string[];
  name: string;
  extraHostnames: string;
  rootPassword: string;
  ipv6: boolean;
  floatingIpCount: string;
  billingCycle: string;
  userData: string;
}

const EMPTY: Draft = {
  region: "",
  plan: "",
  custom: { vcpus: "", memoryGb: "", diskGb: "" },
  sourceKind: "image",
  image: "",
  application: "",
  sshKeys: [],
  name: "",
  extraHostnames: "",
  rootPassword: "",
  ipv6: false,
  floatingIpCount: "",
  billingCycle: "",
  userData: "",
};

const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** The steps this provider's create capabilities call for, in order. */
export function stepsFor(caps: Capabilities): Step[] {
  const c = caps.create;
  const steps: Step[] = [];
  if (c.regions) steps.push("region");
  if (c.plans || c.customSize) steps.push("plan");
  if (c.images || c.applications) steps.push("source");
  if (c.sshKeys !== "none") steps.push("keys");
  steps.push("names");
  if (c.ipv6Choice || c.floatingIps || c.billingCycles.length > 0 || c.userData) steps.push("options");
  steps.push("review");
  return steps;
}

/** The step where a field (as a provider's validation error names it) is entered. */
export function stepOfField(field: string): Step {
  const head = field.split(/[.[]/)[0] ?? field;
  if (head === "region") return "region";
  if (head === "plan" || head === "customSize") return "plan";
  if (head === "image" || head === "application" || head === "iso") return "source";
  if (head === "sshKeys") return "keys";
  if (["ipv4", "ipv6", "floatingIpCount", "billingCycle", "userData"].includes(head)) return "options";
  return "names";
}

const extraNames = (d: Draft) =>
  d.extraHostnames
    .split(/[\s,]+/)
    .map((h) => h.trim())
    .filter((h) => h !== "");

/** Local validation of one step: field name → message. */
export function validateStep(step: Step, d: Draft, caps: Capabilities): Record<string, string> {
  const c = caps.create;
  const e: Record<string, string> = {};
  switch (step) {
    case "region":
      if (d.region === "") e.region = "Choose a region.";
      break;
    case "plan":
      if (d.plan === "custom") {
        for (const k of ["vcpus", "memoryGb", "diskGb"] as const) {
          const n = Number(d.custom[k]);
          if (!Number.isInteger(n) || n <= 0) e[`customSize.${k}`] = "A whole number above 0.";
        }
      } else if (d.plan === "") e.plan = "Choose a plan.";
      break;
    case "source":
      if (d.sourceKind === "image" && d.image === "") e.image = "Choose an image.";
      if (d.sourceKind === "application" && d.application === "") e.application = "Choose an application.";
      break;
    case "keys":
      if (c.sshKeys === "one" && d.sshKeys.length > 1) e.sshKeys = "This provider takes one SSH key.";
      break;
    case "names": {
      if (!HOSTNAME.test(d.name)) e.name = "A hostname: letters, digits and '-', dot-separated labels.";
      const extra = extraNames(d);
      if (extra.length + 1 > c.maxServersPerRequest)
        e.extraHostnames = `At most ${c.maxServersPerRequest} server${c.maxServersPerRequest === 1 ? "" : "s"} per order.`;
      else if (extra.some((h) => !HOSTNAME.test(h))) e.extraHostnames = "Each must be a valid hostname.";
      else if (new Set([d.name, ...extra]).size !== extra.length + 1) e.extraHostnames = "Hostnames must differ.";
      if (c.password && d.rootPassword !== "" && d.rootPassword.length < 8) e.rootPassword = "At least 8 characters.";
      break;
    }
    case "options":
      if (d.floatingIpCount !== "" && !(Number.isInteger(Number(d.floatingIpCount)) && Number(d.floatingIpCount) >= 0))
        e.floatingIpCount = "A whole number.";
      break;
    case "review":
      break;
  }
  return e;
}

/** The request the wizard sends. */
export function buildRequest(d: Draft, caps: Capabilities): CreateServerRequest {
  const c = caps.create;
  const custom = d.plan === "custom";
  return {
    name: d.name,
    hostname: null,
    extraHostnames: extraNames(d),
    region: c.regions ? d.region : null,
    plan: custom ? null : d.plan === "" ? null : d.plan,
    customSize: custom
      ? { vcpus: Number(d.custom.vcpus), memoryGb: Number(d.custom.memoryGb), diskGb: Number(d.custom.diskGb), bandwidthTb: null }
      : null,
    image: d.sourceKind === "image" && d.image !== "" ? d.image : null,
    application: d.sourceKind === "application" && d.application !== "" ? d.application : null,
    iso: null,
    fromSnapshot: null,
    sshKeys: d.sshKeys,
    rootPassword: c.password && d.rootPassword !== "" ? d.rootPassword : null,
    ipv4: null,
    ipv6: c.ipv6Choice ? d.ipv6 : null,
    floatingIpCount: c.floatingIps && d.floatingIpCount !== "" ? Number(d.floatingIpCount) : null,
    billingCycle: d.billingCycle === "" ? null : d.billingCycle,
    userData: c.userData && d.userData.trim() !== "" ? d.userData : null,
    config: {},
    source: null,
    options: {},
  };
}

const STEP_TITLE: Record<Step, string> = {
  region: "Region",
  plan: "Plan",
  source: "Image",
  keys: "SSH keys",
  names: "Hostnames",
  options: "Options",
  review: "Review",
};

const price = (p: Plan) =>
  p.prices
    .map((x) => `${x.amount.amount}${x.amount.currency ? ` ${x.amount.currency}` : ""}/${x.period}`)
    .join(", ");

/** Create servers in one account, step by step; the provider's own field errors land on their step. */
export function CreateServerWizard({ account, onClose }: { account: string; onClose: () => void }) {
  const { byName } = useAccounts();
  const view = byName.get(account);
  if (!view) return null;
  return <Wizard account={account} caps={view.capabilities} onClose={onClose} />;
}

function Wizard({ account, caps, onClose }: { account: string; caps: Capabilities; onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const steps = stepsFor(caps);
  const [index, setIndex] = useState(0);
  const step = steps[index] ?? "review";
  const [d, setD] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<FleetdeckError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Draft>) => setD((old) => ({ ...old, ...patch }));
  const region = caps.create.regions ? d.region || null : null;

  const regionList = useQuery({ queryKey: [account, "regions"], queryFn: () => regions(account), enabled: caps.create.regions });
  const planList = useQuery({
    queryKey: [account, "plans", region],
    queryFn: () => plans(account, region),
    enabled: caps.create.plans && step === "plan",
  });
  const imageList = useQuery({
    queryKey: [account, "images", region],
    queryFn: () => images(account, region),
    enabled: caps.create.images && step === "source",
  });
  const appList = useQuery({
    queryKey: [account, "applications"],
    queryFn: () => applications(account),
    enabled: caps.create.applications && step === "source" && d.sourceKind === "application",
  });
  const keyList = useQuery({
    queryKey: [account, "sshKeys"],
    queryFn: () => sshKeys([account]),
    enabled: caps.create.sshKeys !== "none" && step === "keys",
  });

  const next = () => {
    const e = validateStep(step, d, caps);
    setErrors(e);
    if (Object.keys(e).length === 0) setIndex((i) => Math.min(steps.length - 1, i + 1));
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (step !== "review") {
      next();
      return;
    }
    // Everything again before sending: an earlier step may have been left by "Back".
    for (const [i, s] of steps.entries()) {
      const e = validateStep(s, d, caps);
      if (Object.keys(e).length > 0) {
        setErrors(e);
        setIndex(i);
        return;
      }
    }
    setBusy(true);
    setFailure(null);
    try {
      const result = await createServer(account, buildRequest(d, caps));
      for (const job of result.jobs) recordJob(client, job);
      toast({ message: result.message ?? `Creating ${[d.name, ...extraNames(d)].join(", ")} in ${account}`, tone: "ok" });
      onClose();
    } catch (e) {
      const err = FleetdeckError.from(e);
      const fields = err.details.fields ?? [];
      const firstField = fields[0];
      if (firstField !== undefined) {
        const first = stepOfField(firstField.field);
        setErrors(Object.fromEntries(fields.filter((f) => stepOfField(f.field) === first).map((f) => [f.field, f.message])));
        setIndex(Math.max(0, steps.indexOf(first)));
      }
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const loading = (q: { isPending: boolean; isError: boolean; error: unknown; fetchStatus: string }) =>
    q.isError ? <ErrorNotice error={q.error} /> : q.isPending && q.fetchStatus !== "idle" ? <p className="muted">Loading…</p> : null;

  return (
    <Dialog title={`New server in ${account} (${PROVIDER_LABEL[caps.provider]})`} onClose={onClose} testId="create-wizard" wide>
      <ol className="steps" aria-label="Steps">
        {steps.map((s, i) => (
          <li key={s} aria-current={i === index ? "step" : undefined} className={i === index ? "current" : i < index ? "done" : ""}>
            {STEP_TITLE[s]}
          </li>
        ))}
      </ol>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid={`wizard-step-${step}`}>
        {step === "region" && (
          <>
            {loading(regionList)}
            <Field label="Region" error={errors.region} testId="wizard-region">
              {(p) => (
                <select {...p} value={d.region} onChange={(e) => set({ region: e.target.value, plan: "", image: "" })} data-testid="wizard-region-select">
                  <option value="">Choose…</option>
                  {regionList.data?.map((r) => (
                    <option key={r.id} value={r.id} disabled={r.available === false}>
                      {[r.name ?? r.id, r.city, r.country].filter(Boolean).join(" · ")}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        )}
        {step === "plan" && (
          <>
            {loading(planList)}
            <Field label="Plan" error={errors.plan} testId="wizard-plan">
              {(p) => (
                <select {...p} value={d.plan} onChange={(e) => set({ plan: e.target.value })} data-testid="wizard-plan-select">
                  <option value="">Choose…</option>
                  {planList.data
                    ?.filter((pl) => pl.kind !== "custom")
                    .map((pl) => (
                      <option key={pl.id} value={pl.id} disabled={pl.available === false}>
                        {pl.name ?? pl.id}
                        {pl.vcpus !== null ? ` · ${pl.vcpus} vCPU` : ""}
                        {pl.memoryMb !== null ? ` · ${pl.memoryMb / 1024} GB RAM` : ""}
                        {pl.diskGb !== null ? ` · ${pl.diskGb} GB disk` : ""}
                        {pl.prices.length > 0 ? ` — ${price(pl)}` : ""}
                      </option>
                    ))}
                  {caps.create.customSize && <option value="custom">Custom size…</option>}
                </select>
              )}
            </Field>
            {d.plan === "custom" && (
              <div className="field-grid">
                {(["vcpus", "memoryGb", "diskGb"] as const).map((k) => (
                  <Field key={k} label={{ vcpus: "vCPUs", memoryGb: "Memory (GB)", diskGb: "Disk (GB)" }[k]} error={errors[`customSize.${k}`]} testId={`wizard-custom-${k}`}>
                    {(p) => (
                      <input {...p} type="number" min="1" value={d.custom[k]} onChange={(e) => set({ custom: { ...d.custom, [k]: e.target.value } })} />
                    )}
                  </Field>
                ))}
              </div>
            )}
          </>
        )}
        {step === "source" && (
          <>
            {caps.create.images && caps.create.applications && (
              <fieldset className="provider-choice">
                <legend>Install</legend>
                <label>
                  <input type="radio" checked={d.sourceKind === "image"} onChange={() => set({ sourceKind: "image" })} />
                  An operating system
                </label>
                <label>
                  <input type="radio" checked={d.sourceKind === "application"} onChange={() => set({ sourceKind: "application" })} data-testid="wizard-source-application" />
                  A one-click application
                </label>
              </fieldset>
            )}
            {d.sourceKind === "image" ? (
              <>
                {loading(imageList)}
                <Field label="Image" error={errors.image} testId="wizard-image">
                  {(p) => (
                    <select {...p} value={d.image} onChange={(e) => set({ image: e.target.value })} data-testid="wizard-image-select">
                      <option value="">Choose…</option>
                      {imageList.data
                        ?.filter((i) => i.kind === "os")
                        .map((i) => (
                          <option key={i.id} value={i.id}>
                            {i.name}
                          </option>
                        ))}
                    </select>
                  )}
                </Field>
              </>
            ) : (
              <>
                {loading(appList)}
                <Field label="Application" error={errors.application} testId="wizard-application">
                  {(p) => (
                    <select {...p} value={d.application} onChange={(e) => set({ application: e.target.value })}>
                      <option value="">Choose…</option>
                      {appList.data?.map((i) => (
                        <option key={i.id} value={i.id}>
                          {i.name}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </>
            )}
          </>
        )}
        {step === "keys" && (
          <fieldset className="key-list" data-testid="wizard-keys">
            <legend>SSH keys {caps.create.sshKeys === "one" ? "(one)" : "(any number)"}</legend>
            {loading(keyList)}
            {keyList.data?.items.length === 0 && <p className="muted">No SSH keys in this account.</p>}
            {keyList.data?.items.map((k) => (
              <label key={k.id}>
                <input
                  type={caps.create.sshKeys === "one" ? "radio" : "checkbox"}
                  name="ssh-key"
                  checked={d.sshKeys.includes(k.id)}
                  onChange={(e) =>
                    set({
                      sshKeys:
                        caps.create.sshKeys === "one"
                          ? [k.id]
                          : e.target.checked
                            ? [...d.sshKeys, k.id]
                            : d.sshKeys.filter((x) => x !== k.id),
                    })
                  }
                />
                {k.name} <span className="muted">{k.fingerprint ?? ""}</span>
              </label>
            ))}
            {errors.sshKeys && <small className="field-error" role="alert">{errors.sshKeys}</small>}
          </fieldset>
        )}
        {step === "names" && (
          <>
            <Field label="Hostname" error={errors.name ?? errors.hostname} testId="wizard-name">
              {(p) => <input {...p} value={d.name} onChange={(e) => set({ name: e.target.value })} data-testid="wizard-name-input" />}
            </Field>
            {caps.create.maxServersPerRequest > 1 && (
              <Field
                label={`More hostnames (up to ${caps.create.maxServersPerRequest - 1}, one per line)`}
                error={errors.extraHostnames}
                testId="wizard-extra"
              >
                {(p) => <textarea {...p} rows={3} value={d.extraHostnames} onChange={(e) => set({ extraHostnames: e.target.value })} data-testid="wizard-extra-input" />}
              </Field>
            )}
            {caps.create.password && (
              <Field label="Root password (optional)" error={errors.rootPassword} testId="wizard-password">
                {(p) => <input {...p} type="password" autoComplete="new-password" value={d.rootPassword} onChange={(e) => set({ rootPassword: e.target.value })} />}
              </Field>
            )}
          </>
        )}
        {step === "options" && (
          <>
            {caps.create.ipv6Choice && (
              <label className="check">
                <input type="checkbox" checked={d.ipv6} onChange={(e) => set({ ipv6: e.target.checked })} data-testid="wizard-ipv6" />
                IPv6 address
              </label>
            )}
            {errors.ipv6 && <small className="field-error" role="alert">{errors.ipv6}</small>}
            {caps.create.floatingIps && (
              <Field label="Floating IPs" error={errors.floatingIpCount} testId="wizard-floating">
                {(p) => <input {...p} type="number" min="0" value={d.floatingIpCount} onChange={(e) => set({ floatingIpCount: e.target.value })} />}
              </Field>
            )}
            {caps.create.billingCycles.length > 0 && (
              <Field label="Billing cycle" error={errors.billingCycle} testId="wizard-billing">
                {(p) => (
                  <select {...p} value={d.billingCycle} onChange={(e) => set({ billingCycle: e.target.value })}>
                    <option value="">Provider default</option>
                    {caps.create.billingCycles.map((b) => (
                      <option key={b} value={b}>
                        {b}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            {caps.create.userData && (
              <Field label="Cloud-init user data (optional)" error={errors.userData} testId="wizard-userdata">
                {(p) => <textarea {...p} rows={4} value={d.userData} onChange={(e) => set({ userData: e.target.value })} />}
              </Field>
            )}
          </>
        )}
        {step === "review" && (
          <dl className="fields" data-testid="wizard-review">
            {Object.entries({
              Region: d.region,
              Plan: d.plan === "custom" ? `${d.custom.vcpus} vCPU, ${d.custom.memoryGb} GB, ${d.custom.diskGb} GB disk` : d.plan,
              [d.sourceKind === "image" ? "Image" : "Application"]: d.sourceKind === "image" ? d.image : d.application,
              "SSH keys": d.sshKeys.join(", "),
              Hostnames: [d.name, ...extraNames(d)].join(", "),
              IPv6: caps.create.ipv6Choice ? (d.ipv6 ? "yes" : "no") : "",
              "Billing cycle": d.billingCycle,
            })
              .filter(([, v]) => v !== "")
              .map(([k, v]) => (
                <div key={k} className="field-row">
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
          </dl>
        )}
        {failure !== null && !(failure.details.fields?.length) && <ErrorNotice error={failure} />}
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" disabled={index === 0} onClick={() => setIndex((i) => Math.max(0, i - 1))} data-testid="wizard-back">
            Back
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid={step === "review" ? "wizard-create" : "wizard-next"}>
            {step === "review" ? (busy ? "Ordering…" : "Create") : "Next"}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
