import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Trans, useTranslation } from "react-i18next";

import type { Capabilities } from "../../bindings/Capabilities";
import type { Server } from "../../bindings/Server";
import type { ServerAction } from "../../bindings/ServerAction";
import { Dialog, Field } from "../../app/Dialog";
import { ErrorNotice } from "../../app/ErrorNotice";
import { queryKeys } from "../../app/queryKeys";
import { useToast } from "../../app/overlay";
import { useFormat } from "../../i18n/format";
import { FleetdeckError, images, plans } from "../../platform";
import { OneTimeSecret } from "../create/OneTimeSecret";
import { providerLabel } from "../accounts/descriptors";
import { useActionText } from "./actionText";
import { actionSpec, isDestructive, type ActionId } from "./capabilities";
import { runAction } from "./run";

/**
 * The dialog of an action that needs input or confirmation; its fields follow the action table's
 * `input` (bindings/serverActions.ts). A destructive one names the server, its account and
 * provider and runs only once the server's name is typed out. A generated password is shown once,
 * masked until revealed (`OneTimeSecret`).
 */
export function ActionDialog({
  server,
  action,
  caps,
  onClose,
}: {
  server: Server;
  action: ActionId;
  caps: Capabilities;
  onClose: () => void;
}) {
  const spec = actionSpec(action);
  const { t } = useTranslation(["servers", "common"]);
  const format = useFormat();
  const label = useActionText().label(spec.id);
  const client = useQueryClient();
  const toast = useToast();
  const [typed, setTyped] = useState("");
  const [value, setValue] = useState(spec.input === "name" ? server.name : "");
  const [custom, setCustom] = useState({ vcpus: "", memoryGb: "", diskGb: "" });
  const [limits, setLimits] = useState({
    cpus: server.vcpus === null ? "" : String(server.vcpus),
    memoryMb: server.memoryMb === null ? "" : String(server.memoryMb),
  });
  // A validation made here, as its message's key (shown in the language of the moment).
  const [localError, setLocalError] = useState<Invalid | undefined>();
  const [password, setPassword] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (act: ServerAction | null) => runAction(client, server, act),
    onSuccess: (result) => {
      if (result.password !== null) {
        setPassword(result.password);
      } else {
        toast({ message: result.message ?? t("actionBar.sent", { action: label, server: server.name }), tone: "ok" });
        onClose();
      }
    },
  });
  // What the provider (or the fleet's checks) answered to the last send; a new send clears it.
  const error = send.error === null ? null : FleetdeckError.from(send.error);

  const imageList = useQuery({
    queryKey: queryKeys.images(server.account, server.region),
    queryFn: () => images(server.account, server.region),
    enabled: spec.input === "image",
  });
  const planList = useQuery({
    queryKey: queryKeys.plans(server.account, server.region),
    queryFn: () => plans(server.account, server.region),
    enabled: spec.input === "plan",
  });

  const destructive = isDestructive(spec);
  const nameOk = !destructive || typed === server.name;

  const build = (): ServerAction | null | "invalid" => {
    if (spec.id === "delete") return null;
    switch (spec.input) {
      case "name":
        if (value.trim() === "") return fail("name");
        return { type: "rename", name: value.trim() };
      case "trafficAmount": {
        const tb = Number(value);
        if (!Number.isFinite(tb) || tb <= 0) return fail("traffic");
        return { type: "addTraffic", amountTb: tb };
      }
      case "password":
        // Where the user chooses it (LetsCloud), the provider requires it: its API and SDKs
        // always send one. Elsewhere the provider generates it and takes none.
        if (caps.servers.resetPassword !== "chosen") return { type: "resetPassword", password: null };
        if (value === "") return fail("password");
        return { type: "resetPassword", password: value };
      case "image":
        if (value === "") return fail("image");
        return { type: "reinstall", image: value };
      case "plan": {
        if (value === "custom") {
          const size = { vcpus: Number(custom.vcpus), memoryGb: Number(custom.memoryGb), diskGb: Number(custom.diskGb) };
          if (!Object.values(size).every((n) => Number.isInteger(n) && n > 0))
            return fail("customSize");
          return { type: "resize", plan: null, customSize: { ...size, bandwidthTb: null } };
        }
        if (value === "") return fail("plan");
        return { type: "resize", plan: value, customSize: null };
      }
      case "configLimits": {
        const cpus = limits.cpus.trim() === "" ? null : Number(limits.cpus);
        const memoryMb = limits.memoryMb.trim() === "" ? null : Number(limits.memoryMb);
        if (cpus === null && memoryMb === null) return fail("limitsMissing");
        if ([cpus, memoryMb].some((n) => n !== null && !(Number.isInteger(n) && n > 0)))
          return fail("limits");
        return { type: "updateConfig", set: {}, unset: [], cpus, memoryMb };
      }
      case "none":
        // Rows without input are field-less actions (tested in core/src/actions.rs).
        return { type: spec.id } as ServerAction;
    }
  };
  function fail(invalid: Invalid): "invalid" {
    setLocalError(invalid);
    return "invalid";
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!nameOk) return;
    setLocalError(undefined);
    const act = build();
    if (act === "invalid") return;
    send.mutate(act);
  };

  if (password !== null) {
    return (
      <Dialog title={t("actionDialog.passwordTitle", { server: server.name })} onClose={onClose} testId="password-once">
        <p>{t("actionDialog.passwordOnce")}</p>
        {/* Masked until revealed: the DOM holds the password only while the user shows it. */}
        <OneTimeSecret label={t("actionDialog.rootPassword")} secret={password} testId="new-password" />
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("actionDialog.done")}
          </button>
        </footer>
      </Dialog>
    );
  }

  const fieldError = localError !== undefined ? t(`actionDialog.invalid.${localError}`) : error?.details.fields?.[0]?.message;
  const choose = (loading: boolean) => (loading ? t("common:loading") : t("actionDialog.choose"));
  return (
    <Dialog title={t("actionDialog.title", { action: label, server: server.name })} onClose={onClose} testId="action-dialog">
      <form onSubmit={submit}>
        <p className="target" data-testid="action-target">
          <Trans
            t={t}
            i18nKey="actionDialog.target"
            values={{ server: server.name, account: server.account, provider: providerLabel(server.provider) }}
            components={{ b: <strong /> }}
          />
        </p>
        {spec.input === "name" && (
          <Field label={t("actionDialog.newName")} error={fieldError} testId="field-name">
            {(p) => <input {...p} value={value} onChange={(e) => setValue(e.target.value)} />}
          </Field>
        )}
        {spec.input === "trafficAmount" && (
          <Field label={t("actionDialog.trafficToAdd")} error={fieldError} testId="field-amount">
            {(p) => <input {...p} type="number" min="1" step="1" value={value} onChange={(e) => setValue(e.target.value)} />}
          </Field>
        )}
        {spec.input === "password" && caps.servers.resetPassword === "chosen" && (
          <Field
            label={t("actionDialog.newRootPassword")}
            error={fieldError}
            hint={t("actionDialog.passwordHint")}
            testId="field-password"
          >
            {(p) => <input {...p} type="password" autoComplete="new-password" value={value} onChange={(e) => setValue(e.target.value)} />}
          </Field>
        )}
        {spec.input === "password" && caps.servers.resetPassword === "emailed" && (
          <p className="muted">{t("actionDialog.passwordEmailed")}</p>
        )}
        {spec.input === "image" && (
          <Field label={t("actionDialog.image")} error={fieldError} testId="field-image">
            {(p) => (
              <select {...p} value={value} onChange={(e) => setValue(e.target.value)}>
                <option value="">{choose(imageList.isPending)}</option>
                {imageList.data?.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {spec.input === "configLimits" && (
          <div className="field-grid">
            <Field label={t("actionDialog.cpus")} error={fieldError} testId="field-cpus">
              {(p) => <input {...p} type="number" min="1" step="1" value={limits.cpus} onChange={(e) => setLimits({ ...limits, cpus: e.target.value })} />}
            </Field>
            <Field label={t("actionDialog.memoryMb")} testId="field-memory">
              {(p) => <input {...p} type="number" min="1" step="1" value={limits.memoryMb} onChange={(e) => setLimits({ ...limits, memoryMb: e.target.value })} />}
            </Field>
          </div>
        )}
        {spec.input === "plan" && (
          <>
            <Field label={t("actionDialog.newPlan")} error={fieldError} testId="field-plan">
              {(p) => (
                <select {...p} value={value} onChange={(e) => setValue(e.target.value)}>
                  <option value="">{choose(planList.isPending)}</option>
                  {planList.data?.map((pl) => (
                    <option key={pl.id} value={pl.id}>
                      {pl.name ?? pl.id}
                      {pl.prices[0]
                        ? ` — ${format.money(pl.prices[0].amount.amount, pl.prices[0].amount.currency)}/${t(`actionDialog.period.${pl.prices[0].period}`)}`
                        : ""}
                    </option>
                  ))}
                  {caps.create.customSize && <option value="custom">{t("actionDialog.customSize")}</option>}
                </select>
              )}
            </Field>
            {value === "custom" && (
              <div className="field-grid">
                {(["vcpus", "memoryGb", "diskGb"] as const).map((k) => (
                  <Field key={k} label={t(`actionDialog.${k}`)}>
                    {(p) => <input {...p} type="number" min="1" value={custom[k]} onChange={(e) => setCustom({ ...custom, [k]: e.target.value })} />}
                  </Field>
                ))}
              </div>
            )}
          </>
        )}
        {(imageList.isError || planList.isError) && <ErrorNotice error={imageList.error ?? planList.error} />}
        {destructive && (
          <Field
            label={t("actionDialog.confirmName", { name: server.name })}
            testId="confirm-name"
          >
            {(p) => (
              <input
                {...p}
                value={typed}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => setTyped(e.target.value)}
                data-testid="confirm-name-input"
              />
            )}
          </Field>
        )}
        {error !== null && !error.details.fields?.length && <ErrorNotice error={error} />}
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button
            type="submit"
            className={destructive ? "danger" : "primary"}
            disabled={!nameOk || send.isPending}
            data-testid="action-confirm"
          >
            {send.isPending ? t("actionDialog.sending") : label}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

/** What local validation can find wrong: `actionDialog.invalid.<key>` in the catalogue. */
type Invalid = "name" | "traffic" | "password" | "image" | "customSize" | "plan" | "limitsMissing" | "limits";
