import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import type { Capabilities } from "../../bindings/Capabilities";
import type { CreateServerRequest } from "../../bindings/CreateServerRequest";
import type { FieldError } from "../../bindings/FieldError";
import type { InstanceSource } from "../../bindings/InstanceSource";
import type { Listing } from "../../bindings/Listing";
import type { Plan } from "../../bindings/Plan";
import type { PricePeriod } from "../../bindings/PricePeriod";
import type { SshKey } from "../../bindings/SshKey";
import { Dialog, Field } from "../../app/Dialog";
import { ErrorNotice } from "../../app/ErrorNotice";
import { queryKeys } from "../../app/queryKeys";
import { useToast, type CreatePlan, type CreateSource } from "../../app/overlay";
import { useAccounts } from "../../app/useAccounts";
import { i18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { addSshKey, applications, createServer, FleetdeckError, images, plans, regions, sshKeys } from "../../platform";
import { recordJob } from "../actions/run";
import { providerLabel } from "../accounts/descriptors";
import { useFleetServers } from "../servers/useFleetServers";
import { looksLikePublicKey, PublicKeyField } from "../ssh-keys/SshKeysView";
import { OneTimeSecret } from "./OneTimeSecret";

export type Step = "region" | "plan" | "source" | "keys" | "names" | "options" | "review";

/**
 * What a new server is made from: an OS image, a one-click application, nothing (an empty LXD
 * container, source `none`) or a copy of a server of the same account (source `copy`).
 */
export type SourceKind = "image" | "application" | "none" | "copy";

/** The wizard's answers, as typed (strings until the request is built). */
export interface Draft {
  region: string;
  plan: string;
  custom: { vcpus: string; memoryGb: string; diskGb: string };
  sourceKind: SourceKind;
  image: string;
  application: string;
  /** For a copy: the id of the server copied. */
  copyFrom: string;
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
  copyFrom: "",
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

const SOURCE_ORDER: readonly SourceKind[] = ["image", "application", "none", "copy"];

/**
 * The sources this provider's create capabilities offer, in order: the catalog's kinds
 * (`images`, `applications`) and the LXD source types in `sources` that the wizard can fill in.
 * An `image` source without a catalog (vz) is typed by name. `migration` needs another server's
 * operation URL and secrets, which nothing here has: it is not offered.
 */
export function sourceChoices(caps: Capabilities): SourceKind[] {
  const c = caps.create;
  const offered = new Set<SourceKind>();
  if (c.images || c.sources.includes("image")) offered.add("image");
  if (c.applications) offered.add("application");
  if (c.sources.includes("none")) offered.add("none");
  if (c.sources.includes("copy")) offered.add("copy");
  return SOURCE_ORDER.filter((k) => offered.has(k));
}

/** The steps this provider's create capabilities call for, in order. */
export function stepsFor(caps: Capabilities): Step[] {
  const c = caps.create;
  const steps: Step[] = [];
  if (c.regions) steps.push("region");
  if (c.plans || c.customSize) steps.push("plan");
  if (sourceChoices(caps).length > 0) steps.push("source");
  if (c.sshKeys !== "none") steps.push("keys");
  steps.push("names");
  if (c.ipv6Choice || c.floatingIps || c.billingCycles.length > 0 || c.userData) steps.push("options");
  steps.push("review");
  return steps;
}

/**
 * Field names that reach the wizard in validation errors → the wizard's own (`CreateServerRequest`)
 * names. Rust's own checks (fleet, the provider crates' `invalid_field`) already use the request's
 * names; the providers' 422/400 answers use their wire names: Cloudzy the create body's keys
 * (src-tauri/crates/provider-cloudzy/src/api.rs `create_body`), Cloude.ro its form fields
 * (provider-cloudero/src/api.rs), LetsCloud its JSON keys (provider-letscloud/src/api.rs).
 */
const FIELD_ALIAS: Readonly<Record<string, string>> = {
  hostname: "name",
  label: "name",
  regionId: "region",
  location_slug: "region",
  productId: "plan",
  package: "plan",
  plan_slug: "plan",
  extraResource: "customSize",
  "extraResource.cpu": "customSize.vcpus",
  "extraResource.ramInGB": "customSize.memoryGb",
  "extraResource.diskInGB": "customSize.diskGb",
  "extraResource.bandwidthInTB": "customSize.bandwidthTb",
  osId: "image",
  image_slug: "image",
  appId: "application",
  isoId: "iso",
  sshKeyIds: "sshKeys",
  ssh_key: "sshKeys",
  ssh_keys: "sshKeys",
  ssh_slug: "sshKeys",
  password: "rootPassword",
  assignIpv4: "ipv4",
  assignIpv6: "ipv6",
  floatingIPCount: "floatingIpCount",
  user_data: "userData",
};

/** The step that holds each of the wizard's fields; a field not listed has no step (`iso`, `config`…). */
const FIELD_STEP: Readonly<Record<string, Step>> = {
  region: "region",
  plan: "plan",
  customSize: "plan",
  "customSize.vcpus": "plan",
  "customSize.memoryGb": "plan",
  "customSize.diskGb": "plan",
  image: "source",
  application: "source",
  source: "source",
  sshKeys: "keys",
  name: "names",
  extraHostnames: "names",
  rootPassword: "names",
  ipv6: "options",
  floatingIpCount: "options",
  billingCycle: "options",
  userData: "options",
};

/** A reported field name as the wizard calls it (`sshKeyIds[0]` → `sshKeys`, `hostnames.1` → `extraHostnames`). */
export function wizardField(field: string): string {
  const dotted = field.replace(/\[(\w+)\]/g, ".$1");
  const parts = dotted.split(".");
  const head = parts[0] ?? dotted;
  // Cloudzy orders every hostname in one list: the first is the name, the others the extra ones.
  if (head === "hostnames") return parts[1] !== undefined && parts[1] !== "0" ? "extraHostnames" : "name";
  // An index into a list (`sshKeys.0`) concerns the list's field; `source.type`, `config.x` their object.
  const withoutIndex = parts.filter((p) => !/^\d+$/.test(p)).join(".");
  const exact = FIELD_ALIAS[withoutIndex];
  if (exact !== undefined) return exact;
  if (head === "source" || head === "config" || head === "options") return head;
  const alias = FIELD_ALIAS[head];
  return alias === undefined ? withoutIndex : [alias, ...withoutIndex.split(".").slice(1)].join(".");
}

/** The step where a field (as a provider's validation error names it) is entered; null when none is. */
export function stepOfField(field: string): Step | null {
  return FIELD_STEP[wizardField(field)] ?? null;
}

/** The wizard fields a step shows an error for, with these capabilities and answers. */
export function fieldsOnStep(step: Step, caps: Capabilities, d: Draft): string[] {
  const c = caps.create;
  switch (step) {
    case "region":
      return ["region"];
    case "plan":
      return ["plan", "customSize", ...(d.plan === "custom" ? ["customSize.vcpus", "customSize.memoryGb", "customSize.diskGb"] : [])];
    case "source":
      return ["source", ...(d.sourceKind === "image" ? ["image"] : []), ...(d.sourceKind === "application" ? ["application"] : [])];
    case "keys":
      return ["sshKeys"];
    case "names":
      return ["name", ...(c.maxServersPerRequest > 1 ? ["extraHostnames"] : []), ...(c.password ? ["rootPassword"] : [])];
    case "options":
      return [
        ...(c.ipv6Choice ? ["ipv6"] : []),
        ...(c.floatingIps ? ["floatingIpCount"] : []),
        ...(c.billingCycles.length > 0 ? ["billingCycle"] : []),
        ...(c.userData ? ["userData"] : []),
      ];
    case "review":
      return [];
  }
}

/** Field errors sorted by where they can be shown. */
export interface PlacedErrors {
  /** Wizard field → message(s), for fields a step of this wizard shows. */
  placed: Record<string, string>;
  /** Errors of fields no step shows, kept with the name the Rust side gave. */
  unplaced: FieldError[];
  /** The first step (in the wizard's order) with a placed error. */
  first: Step | null;
}

/** Put each field error on the step that shows its field; the rest go to the general notice. */
export function placeFieldErrors(fields: readonly FieldError[], steps: readonly Step[], caps: Capabilities, d: Draft): PlacedErrors {
  const placed: Record<string, string> = {};
  const unplaced: FieldError[] = [];
  let first: Step | null = null;
  for (const f of fields) {
    const key = wizardField(f.field);
    const step = FIELD_STEP[key];
    if (step === undefined || !steps.includes(step) || !fieldsOnStep(step, caps, d).includes(key)) {
      unplaced.push(f);
      continue;
    }
    placed[key] = placed[key] === undefined ? f.message : `${placed[key]}; ${f.message}`;
    if (first === null || steps.indexOf(step) < steps.indexOf(first)) first = step;
  }
  return { placed, unplaced, first };
}

const extraNames = (d: Draft) =>
  d.extraHostnames
    .split(/[\s,]+/)
    .map((h) => h.trim())
    .filter((h) => h !== "");

/** The wizard's translation function: its own namespace, then `common`. */
type WizardT = TFunction<["create", "common"]>;

/** The wizard's texts in the UI's language, for the rules used outside a render. */
const currentT = (): WizardT => i18n.getFixedT(null, ["create", "common"]);

/** Local validation of one step: field name → message (in the language of `t`, the UI's by default). */
export function validateStep(step: Step, d: Draft, caps: Capabilities, t: WizardT = currentT()): Record<string, string> {
  const c = caps.create;
  const e: Record<string, string> = {};
  switch (step) {
    case "region":
      if (d.region === "") e.region = t("validation.region");
      break;
    case "plan":
      if (d.plan === "custom") {
        for (const k of ["vcpus", "memoryGb", "diskGb"] as const) {
          const n = Number(d.custom[k]);
          if (!Number.isInteger(n) || n <= 0) e[`customSize.${k}`] = t("validation.wholeAboveZero");
        }
      } else if (d.plan === "") e.plan = t("validation.plan");
      break;
    case "source":
      if (d.sourceKind === "image" && d.image.trim() === "") e.image = t("validation.image");
      if (d.sourceKind === "application" && d.application === "") e.application = t("validation.application");
      if (d.sourceKind === "copy" && d.copyFrom === "") e.source = t("validation.copy");
      break;
    case "keys":
      if (c.sshKeys === "one" && d.sshKeys.length > 1) e.sshKeys = t("validation.oneKey");
      break;
    case "names": {
      if (!HOSTNAME.test(d.name)) e.name = t("validation.hostname");
      const extra = extraNames(d);
      if (extra.length + 1 > c.maxServersPerRequest)
        e.extraHostnames = t("validation.perOrder", { count: c.maxServersPerRequest });
      else if (extra.some((h) => !HOSTNAME.test(h))) e.extraHostnames = t("validation.eachHostname");
      else if (new Set([d.name, ...extra]).size !== extra.length + 1) e.extraHostnames = t("validation.hostnamesDiffer");
      if (c.password && d.rootPassword !== "" && d.rootPassword.length < 8) e.rootPassword = t("validation.passwordLength");
      break;
    }
    case "options":
      if (d.floatingIpCount !== "" && !(Number.isInteger(Number(d.floatingIpCount)) && Number(d.floatingIpCount) >= 0))
        e.floatingIpCount = t("validation.wholeNumber");
      break;
    case "review":
      break;
  }
  return e;
}

/** The request the wizard sends. */
export function buildRequest(d: Draft, caps: Capabilities, preset?: CreateSource): CreateServerRequest {
  const c = caps.create;
  const custom = d.plan === "custom";
  // A snapshot or an ISO chosen in a storage view replaces the source step's choice.
  if (preset) d = { ...d, sourceKind: "image", image: "", application: "" };
  return {
    name: d.name,
    hostname: null,
    extraHostnames: extraNames(d),
    region: c.regions ? d.region : null,
    plan: custom ? null : d.plan === "" ? null : d.plan,
    customSize: custom
      ? { vcpus: Number(d.custom.vcpus), memoryGb: Number(d.custom.memoryGb), diskGb: Number(d.custom.diskGb), bandwidthTb: null }
      : null,
    image: d.sourceKind === "image" && d.image.trim() !== "" ? d.image.trim() : null,
    application: d.sourceKind === "application" && d.application !== "" ? d.application : null,
    iso: preset?.kind === "iso" ? preset.id : null,
    fromSnapshot: preset?.kind === "snapshot" ? preset.id : null,
    sshKeys: d.sshKeys,
    rootPassword: c.password && d.rootPassword !== "" ? d.rootPassword : null,
    ipv4: null,
    ipv6: c.ipv6Choice ? d.ipv6 : null,
    floatingIpCount: c.floatingIps && d.floatingIpCount !== "" ? Number(d.floatingIpCount) : null,
    billingCycle: d.billingCycle === "" ? null : d.billingCycle,
    userData: c.userData && d.userData.trim() !== "" ? d.userData : null,
    config: {},
    source: sourceOf(d),
    options: {},
  };
}

/**
 * The LXD source for an empty container or a copy. An image goes as `image`, not as a source:
 * Rust turns the name into the flavour's form (vz: OS properties, LXD: alias or fingerprint).
 */
function sourceOf(d: Draft): InstanceSource | null {
  if (d.sourceKind === "none") return { type: "none" };
  if (d.sourceKind === "copy") return { type: "copy", source: d.copyFrom };
  return null;
}

/** Catalogue keys (`create` namespace) of the source choices, the step titles and the price periods. */
const sourceLabel = (k: SourceKind) => `source.${k}` as const;
const stepTitle = (s: Step) => `steps.${s}` as const;
const periodLabel = (p: PricePeriod) => `period.${p}` as const;

/** The billing cycles providers name (capabilities' `billingCycles`); any other is shown as sent. */
const CYCLE: Readonly<Record<string, "cycle.hourly" | "cycle.monthly" | "cycle.quarterly" | "cycle.semiAnnually" | "cycle.annually">> = {
  hourly: "cycle.hourly",
  monthly: "cycle.monthly",
  quarterly: "cycle.quarterly",
  "semi-annually": "cycle.semiAnnually",
  annually: "cycle.annually",
};

/** Create servers in one account, step by step; the provider's own field errors land on their step. */
export function CreateServerWizard({
  account,
  onClose,
  source,
  plan,
}: {
  account: string;
  onClose: () => void;
  source?: CreateSource;
  plan?: CreatePlan;
}) {
  const { byName } = useAccounts();
  const view = byName.get(account);
  if (!view) return null;
  return <Wizard account={account} caps={view.capabilities} onClose={onClose} {...(source ? { source } : {})} {...(plan ? { plan } : {})} />;
}

function Wizard({
  account,
  caps,
  onClose,
  source,
  plan,
}: {
  account: string;
  caps: Capabilities;
  onClose: () => void;
  source?: CreateSource;
  /** Chosen in the plans view: the draft starts with it and its region. */
  plan?: CreatePlan;
}) {
  const { t } = useTranslation(["create", "common"]);
  const format = useFormat();
  const client = useQueryClient();
  const toast = useToast();
  // Made from a snapshot or ISO picked in a storage view: no source step.
  const steps = stepsFor(caps).filter((s) => source === undefined || s !== "source");
  const choices = sourceChoices(caps);
  const [index, setIndex] = useState(0);
  const step = steps[index] ?? "review";
  const [d, setD] = useState<Draft>(() => ({
    ...EMPTY,
    sourceKind: choices[0] ?? "image",
    ...(plan ? { plan: plan.id, region: plan.region ?? "" } : {}),
  }));
  // Local validation of the step being left; the Rust side's field errors stay until the next order.
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [rejected, setRejected] = useState<PlacedErrors>({ placed: {}, unplaced: [], first: null });
  const [failure, setFailure] = useState<FleetdeckError | null>(null);
  // Shown once, then gone with the dialog: kept in this component's state only.
  const [created, setCreated] = useState<{ names: string[]; rootPassword: string } | null>(null);
  const set = (patch: Partial<Draft>) => setD((old) => ({ ...old, ...patch }));
  const [addingKey, setAddingKey] = useState(false);
  const region = caps.create.regions ? d.region || null : null;
  // Both when both exist: the local check of the step just left, and what the order got back.
  const errorOf = (field: string): string | undefined => {
    const both = [errors[field], rejected.placed[field]].filter((m): m is string => m !== undefined);
    return both.length === 0 ? undefined : both.join("; ");
  };

  const regionList = useQuery({ queryKey: queryKeys.regions(account), queryFn: () => regions(account), enabled: caps.create.regions });
  const planList = useQuery({
    queryKey: queryKeys.plans(account, region),
    queryFn: () => plans(account, region),
    enabled: caps.create.plans && step === "plan",
  });
  const imageList = useQuery({
    queryKey: queryKeys.images(account, region),
    queryFn: () => images(account, region),
    enabled: caps.create.images && step === "source",
  });
  const appList = useQuery({
    queryKey: queryKeys.applications(account),
    queryFn: () => applications(account),
    enabled: caps.create.applications && step === "source" && d.sourceKind === "application",
  });
  const keyList = useQuery({
    queryKey: queryKeys.sshKeys(account),
    queryFn: () => sshKeys([account]),
    enabled: caps.create.sshKeys !== "none" && step === "keys",
  });
  // The servers a copy can start from: this account's, as the server list has them.
  const fleet = useFleetServers(account, false);
  const copyable = (fleet.data?.servers ?? []).filter((s) => s.account === account);

  const next = () => {
    const e = validateStep(step, d, caps, t);
    setErrors(e);
    if (Object.keys(e).length === 0) setIndex((i) => Math.min(steps.length - 1, i + 1));
  };

  const order = useMutation({
    mutationFn: ({ request }: { request: CreateServerRequest; names: string[]; draft: Draft }) => createServer(account, request),
    onMutate: () => {
      setFailure(null);
      setRejected({ placed: {}, unplaced: [], first: null });
    },
    onSuccess: (result, { names }) => {
      for (const job of result.jobs) recordJob(client, job);
      // LetsCloud generates the root password: revealed once, here, and kept nowhere else.
      const password = result.rootPassword;
      const fallback = t("creating", { names: names.join(", "), account });
      // The toast outlives the dialog: it never carries the password, even if a message quoted it.
      const message = result.message !== null && (password === null || !result.message.includes(password)) ? result.message : fallback;
      toast({ message, tone: "ok" });
      if (password !== null && password !== "") setCreated({ names, rootPassword: password });
      else onClose();
    },
    onError: (e, { draft }) => {
      const err = FleetdeckError.from(e);
      const placement = placeFieldErrors(err.details.fields ?? [], steps, caps, draft);
      setErrors({});
      setRejected(placement);
      if (placement.first !== null) setIndex(Math.max(0, steps.indexOf(placement.first)));
      setFailure(err);
    },
  });
  const busy = order.isPending;

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (step !== "review") {
      next();
      return;
    }
    // Everything again before sending: an earlier step may have been left by "Back".
    for (const [i, s] of steps.entries()) {
      const e = validateStep(s, d, caps, t);
      if (Object.keys(e).length > 0) {
        setErrors(e);
        setIndex(i);
        return;
      }
    }
    order.mutate({ request: buildRequest(d, caps, source), names: [d.name, ...extraNames(d)], draft: d });
  };

  const loading = (q: { isPending: boolean; isError: boolean; error: unknown; fetchStatus: string }) =>
    q.isError ? <ErrorNotice error={q.error} /> : q.isPending && q.fetchStatus !== "idle" ? <p className="muted">{t("common:loading")}</p> : null;

  const title = t("title", { account, provider: providerLabel(caps.provider) });
  // A plan's prices: each amount in the language's format, per period (`9.95 USD/monthly`).
  const price = (p: Plan) => p.prices.map((x) => `${format.money(x.amount.amount, x.amount.currency)}/${t(periodLabel(x.period))}`).join(", ");
  const cycle = (b: string) => {
    const key = CYCLE[b];
    return key === undefined ? b : t(key);
  };
  if (created !== null) {
    return (
      <Dialog title={title} onClose={onClose} testId="create-wizard" wide>
        <div data-testid="wizard-created">
          <p>
            <span aria-hidden="true">✓ </span>
            {t("created.ordered", { names: created.names.join(", ") })}
          </p>
          <OneTimeSecret label={t("created.rootPassword")} secret={created.rootPassword} testId="created-password" />
        </div>
        <footer className="dialog-footer">
          <button type="button" className="primary" onClick={onClose} data-testid="wizard-done">
            {t("created.done")}
          </button>
        </footer>
      </Dialog>
    );
  }

  // Field errors from the Rust side that the current step does not show: named here, with their step.
  const shownHere = new Set(fieldsOnStep(step, caps, d));
  const elsewhere = Object.entries(rejected.placed).flatMap(([field, message]) => {
    const s = stepOfField(field);
    return s === null || (s === step && shownHere.has(field)) ? [] : [{ field, message, step: s }];
  });
  const stepsWithErrors = new Set(Object.keys(rejected.placed).map((f) => stepOfField(f)));

  return (
    <Dialog title={title} onClose={onClose} testId="create-wizard" wide>
      <ol className="steps" aria-label={t("steps.label")}>
        {steps.map((s, i) => (
          <li key={s} aria-current={i === index ? "step" : undefined} className={i === index ? "current" : i < index ? "done" : ""}>
            {/* Done and failed are said in words for assistive technology and marked, not only coloured. */}
            {i < index && <span aria-hidden="true">✓ </span>}
            {t(stepTitle(s))}
            {i < index && <span className="visually-hidden"> {t("steps.done")}</span>}
            {stepsWithErrors.has(s) && (
              <span className="field-error" title={t("steps.hasError")}>
                {" "}
                <span aria-hidden="true">⚠</span>
                <span className="visually-hidden">{t("steps.hasErrorSaid")}</span>
              </span>
            )}
          </li>
        ))}
      </ol>
      <form onSubmit={submit} noValidate data-testid={`wizard-step-${step}`}>
        {step === "region" && (
          <>
            {loading(regionList)}
            <Field label={t("region.label")} error={errorOf("region")} testId="wizard-region">
              {(p) => (
                <select {...p} value={d.region} onChange={(e) => set({ region: e.target.value, plan: "", image: "" })} data-testid="wizard-region-select">
                  <option value="">{t("choose")}</option>
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
            <Field label={t("plan.label")} error={errorOf("plan")} testId="wizard-plan">
              {(p) => (
                <select {...p} value={d.plan} onChange={(e) => set({ plan: e.target.value })} data-testid="wizard-plan-select">
                  <option value="">{t("choose")}</option>
                  {planList.data
                    ?.filter((pl) => pl.kind !== "custom")
                    .map((pl) => (
                      <option key={pl.id} value={pl.id} disabled={pl.available === false}>
                        {pl.name ?? pl.id}
                        {pl.vcpus !== null ? ` · ${t("plan.vcpus", { cpus: format.number(pl.vcpus) })}` : ""}
                        {pl.memoryMb !== null ? ` · ${t("plan.memory", { size: format.number(pl.memoryMb / 1024) })}` : ""}
                        {pl.diskGb !== null ? ` · ${t("plan.disk", { size: format.number(pl.diskGb) })}` : ""}
                        {pl.prices.length > 0 ? ` — ${price(pl)}` : ""}
                      </option>
                    ))}
                  {caps.create.customSize && <option value="custom">{t("plan.custom")}</option>}
                </select>
              )}
            </Field>
            {errorOf("customSize") !== undefined && (
              <small className="field-error" role="alert" data-testid="wizard-custom-error">
                {errorOf("customSize")}
              </small>
            )}
            {d.plan === "custom" && (
              <div className="field-grid">
                {(["vcpus", "memoryGb", "diskGb"] as const).map((k) => (
                  <Field key={k} label={t(({ vcpus: "plan.customVcpus", memoryGb: "plan.customMemory", diskGb: "plan.customDisk" } as const)[k])} error={errorOf(`customSize.${k}`)} testId={`wizard-custom-${k}`}>
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
            {choices.length > 1 && (
              <fieldset className="provider-choice" data-testid="wizard-source-choice">
                <legend>{t("source.createFrom")}</legend>
                {choices.map((k) => (
                  <label key={k}>
                    <input type="radio" name="source" checked={d.sourceKind === k} onChange={() => set({ sourceKind: k })} data-testid={`wizard-source-${k}`} />
                    {t(sourceLabel(k))}
                  </label>
                ))}
              </fieldset>
            )}
            {d.sourceKind !== "copy" && errorOf("source") !== undefined && (
              <small className="field-error" role="alert" data-testid="wizard-source-error">
                {errorOf("source")}
              </small>
            )}
            {d.sourceKind === "image" && caps.create.images && (
              <>
                {loading(imageList)}
                <Field label={t("source.imageLabel")} error={errorOf("image")} testId="wizard-image">
                  {(p) => (
                    <select {...p} value={d.image} onChange={(e) => set({ image: e.target.value })} data-testid="wizard-image-select">
                      <option value="">{t("choose")}</option>
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
            )}
            {d.sourceKind === "image" && !caps.create.images && (
              // No catalog to list (vz): the image is named, as the server knows it.
              <Field label={t("source.imageLabel")} hint={t("source.imageHint")} error={errorOf("image")} testId="wizard-image">
                {(p) => <input {...p} value={d.image} onChange={(e) => set({ image: e.target.value })} data-testid="wizard-image-input" />}
              </Field>
            )}
            {d.sourceKind === "application" && (
              <>
                {loading(appList)}
                <Field label={t("source.applicationLabel")} error={errorOf("application")} testId="wizard-application">
                  {(p) => (
                    <select {...p} value={d.application} onChange={(e) => set({ application: e.target.value })}>
                      <option value="">{t("choose")}</option>
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
            {d.sourceKind === "none" && <p className="muted">{t("source.noneExplained")}</p>}
            {d.sourceKind === "copy" && (
              <>
                {fleet.error !== null && <ErrorNotice error={fleet.error} />}
                <Field label={t("source.copyLabel")} error={errorOf("source")} testId="wizard-copy">
                  {(p) => (
                    <select {...p} value={d.copyFrom} onChange={(e) => set({ copyFrom: e.target.value })} data-testid="wizard-copy-select">
                      <option value="">{t("choose")}</option>
                      {copyable.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.name === s.id ? s.name : `${s.name} (${s.id})`}
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
            <legend>{caps.create.sshKeys === "one" ? t("keys.legendOne") : t("keys.legendMany")}</legend>
            {loading(keyList)}
            {keyList.data?.items.length === 0 && !addingKey && <p className="muted">{t("keys.none")}</p>}
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
            {errorOf("sshKeys") !== undefined && (
              <small className="field-error" role="alert" data-testid="wizard-keys-error">
                {errorOf("sshKeys")}
              </small>
            )}
            {caps.sshKeys.create &&
              (addingKey ? (
                <InlineKeyAdd
                  account={account}
                  onCancel={() => setAddingKey(false)}
                  onAdded={(k) => {
                    setAddingKey(false);
                    // The new key is chosen: the only one where the provider takes one, else with the others.
                    setD((old) => ({ ...old, sshKeys: caps.create.sshKeys === "one" ? [k.id] : [...old.sshKeys.filter((x) => x !== k.id), k.id] }));
                  }}
                />
              ) : (
                <button type="button" className="link-button" onClick={() => setAddingKey(true)} data-testid="wizard-add-key">
                  {t("keys.add")}
                </button>
              ))}
          </fieldset>
        )}
        {step === "names" && (
          <>
            <Field label={t("names.hostname")} error={errorOf("name")} testId="wizard-name">
              {(p) => <input {...p} value={d.name} onChange={(e) => set({ name: e.target.value })} data-testid="wizard-name-input" />}
            </Field>
            {caps.create.maxServersPerRequest > 1 && (
              <Field
                label={t("names.more", { max: caps.create.maxServersPerRequest - 1 })}
                error={errorOf("extraHostnames")}
                testId="wizard-extra"
              >
                {(p) => <textarea {...p} rows={3} value={d.extraHostnames} onChange={(e) => set({ extraHostnames: e.target.value })} data-testid="wizard-extra-input" />}
              </Field>
            )}
            {caps.create.password && (
              <Field label={t("names.rootPassword")} error={errorOf("rootPassword")} testId="wizard-password">
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
                {t("options.ipv6")}
              </label>
            )}
            {caps.create.ipv6Choice && errorOf("ipv6") !== undefined && (
              <small className="field-error" role="alert" data-testid="wizard-ipv6-error">
                {errorOf("ipv6")}
              </small>
            )}
            {caps.create.floatingIps && (
              <Field label={t("options.floatingIps")} error={errorOf("floatingIpCount")} testId="wizard-floating">
                {(p) => <input {...p} type="number" min="0" value={d.floatingIpCount} onChange={(e) => set({ floatingIpCount: e.target.value })} />}
              </Field>
            )}
            {caps.create.billingCycles.length > 0 && (
              <Field label={t("options.billingCycle")} error={errorOf("billingCycle")} testId="wizard-billing">
                {(p) => (
                  <select {...p} value={d.billingCycle} onChange={(e) => set({ billingCycle: e.target.value })}>
                    <option value="">{t("options.providerDefault")}</option>
                    {caps.create.billingCycles.map((b) => (
                      <option key={b} value={b}>
                        {cycle(b)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            {caps.create.userData && (
              <Field label={t("options.userData")} error={errorOf("userData")} testId="wizard-userdata">
                {(p) => <textarea {...p} rows={4} value={d.userData} onChange={(e) => set({ userData: e.target.value })} />}
              </Field>
            )}
          </>
        )}
        {step === "review" && (
          <dl className="fields" data-testid="wizard-review">
            {(
              [
                ["review.region", d.region],
                [
                  "review.plan",
                  d.plan === "custom" ? t("review.customPlan", { vcpus: d.custom.vcpus, memory: d.custom.memoryGb, disk: d.custom.diskGb }) : d.plan,
                ],
                [stepTitle("source"), steps.includes("source") ? reviewSource(d, copyable, t) : ""],
                ["review.madeFrom", source ? t(source.kind === "iso" ? "review.fromIso" : "review.fromSnapshot", { label: source.label }) : ""],
                ["review.sshKeys", d.sshKeys.join(", ")],
                ["review.hostnames", [d.name, ...extraNames(d)].join(", ")],
                ["review.ipv6", caps.create.ipv6Choice ? (d.ipv6 ? t("review.yes") : t("review.no")) : ""],
                ["review.billingCycle", d.billingCycle === "" ? "" : cycle(d.billingCycle)],
              ] as const
            )
              .filter(([, v]) => v !== "")
              .map(([k, v]) => (
                <div key={k} className="field-row">
                  <dt>{t(k)}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
          </dl>
        )}
        {failure !== null && (
          // Never hidden: the error itself, and every field error the step on screen does not show.
          <div data-testid="wizard-failure">
            <ErrorNotice error={failure} />
            {(elsewhere.length > 0 || rejected.unplaced.length > 0) && (
              <ul className="field-errors" data-testid="wizard-field-errors" aria-label={t("problems")}>
                {elsewhere.map((e) => (
                  <li key={`step-${e.field}`}>
                    <button type="button" className="link-button" onClick={() => setIndex(Math.max(0, steps.indexOf(e.step)))}>
                      {t(stepTitle(e.step))}
                    </button>
                    : {e.message}
                  </li>
                ))}
                {rejected.unplaced.map((f, i) => (
                  <li key={`field-${i}`} className="field-error">
                    {f.field}: {f.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="button" disabled={index === 0} onClick={() => setIndex((i) => Math.max(0, i - 1))} data-testid="wizard-back">
            {t("common:back")}
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid={step === "review" ? "wizard-create" : "wizard-next"}>
            {step === "review" ? (busy ? t("ordering") : t("create")) : t("common:next")}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

/**
 * "Add a key…" in the SSH key step: a name and a public key (pasted, or a .pub file Rust read), added
 * to the wizard's account with `add_ssh_key`. The key joins the step's list at once (the listing in
 * the query cache gets it, then is fetched again) and `onAdded` chooses it. Not a `<form>`: it sits
 * inside the wizard's form, whose Enter means "Next"; Enter here adds the key instead.
 */
function InlineKeyAdd({ account, onAdded, onCancel }: { account: string; onAdded: (key: SshKey) => void; onCancel: () => void }) {
  const { t } = useTranslation(["create", "common"]);
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [publicKey, setPublicKey] = useState("");
  const add = useMutation({
    mutationFn: () => addSshKey(account, name.trim(), publicKey.trim()),
    onSuccess: (created) => {
      const key = queryKeys.sshKeys(account);
      client.setQueryData<Listing<SshKey>>(key, (old) =>
        old === undefined ? old : { ...old, items: [...old.items.filter((k) => k.id !== created.key.id), created.key] },
      );
      void client.invalidateQueries({ queryKey: key });
      onAdded(created.key);
    },
  });
  const valid = name.trim() !== "" && looksLikePublicKey(publicKey);
  const submit = () => {
    if (valid && !add.isPending) add.mutate();
  };
  return (
    <fieldset className="key-list" data-testid="wizard-key-form">
      <legend>{t("keys.addTo", { account })}</legend>
      <Field label={t("keys.keyName")}>
        {(p) => (
          <input
            {...p}
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                submit();
              }
            }}
            data-testid="wizard-key-name"
          />
        )}
      </Field>
      <PublicKeyField value={publicKey} onChange={setPublicKey} testId="wizard-key" />
      {add.error && (
        <p className="field-error" role="alert" data-testid="wizard-key-error">
          {FleetdeckError.from(add.error).message}
        </p>
      )}
      <div className="dialog-footer">
        <button type="button" onClick={onCancel} data-testid="wizard-key-cancel">
          {t("common:cancel")}
        </button>
        <button type="button" className="primary" disabled={!valid || add.isPending} onClick={submit} data-testid="wizard-key-add">
          {add.isPending ? t("keys.adding") : t("keys.addToAccount", { account })}
        </button>
      </div>
    </fieldset>
  );
}

/** The source as the review lists it. */
function reviewSource(d: Draft, servers: readonly { id: string; name: string }[], t: WizardT): string {
  switch (d.sourceKind) {
    case "image":
      return d.image.trim();
    case "application":
      return d.application;
    case "none":
      return t("review.emptyContainer");
    case "copy":
      return t("review.copyOf", { name: servers.find((s) => s.id === d.copyFrom)?.name ?? d.copyFrom });
  }
}
