import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import type { Capabilities } from "../../bindings/Capabilities";
import type { Server } from "../../bindings/Server";
import type { ServerAction } from "../../bindings/ServerAction";
import { Dialog, Field } from "../../app/Dialog";
import { ErrorNotice } from "../../app/ErrorNotice";
import { queryKeys } from "../../app/queryKeys";
import { useToast } from "../../app/overlay";
import { FleetdeckError, images, plans } from "../../platform";
import { OneTimeSecret } from "../create/OneTimeSecret";
import { providerLabel } from "../accounts/descriptors";
import { moneyText } from "../plans/money";
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
  const client = useQueryClient();
  const toast = useToast();
  const [typed, setTyped] = useState("");
  const [value, setValue] = useState(spec.input === "name" ? server.name : "");
  const [custom, setCustom] = useState({ vcpus: "", memoryGb: "", diskGb: "" });
  const [limits, setLimits] = useState({
    cpus: server.vcpus === null ? "" : String(server.vcpus),
    memoryMb: server.memoryMb === null ? "" : String(server.memoryMb),
  });
  const [localError, setLocalError] = useState<string | undefined>();
  const [password, setPassword] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (act: ServerAction | null) => runAction(client, server, act),
    onSuccess: (result) => {
      if (result.password !== null) {
        setPassword(result.password);
      } else {
        toast({ message: result.message ?? `${spec.label}: sent to ${server.name}`, tone: "ok" });
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
        if (value.trim() === "") return fail("Enter the new name.");
        return { type: "rename", name: value.trim() };
      case "trafficAmount": {
        const tb = Number(value);
        if (!Number.isFinite(tb) || tb <= 0) return fail("Enter a positive amount of TB.");
        return { type: "addTraffic", amountTb: tb };
      }
      case "password":
        // Where the user chooses it (LetsCloud), the provider requires it: its API and SDKs
        // always send one. Elsewhere the provider generates it and takes none.
        if (caps.servers.resetPassword !== "chosen") return { type: "resetPassword", password: null };
        if (value === "") return fail("Enter the new root password.");
        return { type: "resetPassword", password: value };
      case "image":
        if (value === "") return fail("Choose the image to install.");
        return { type: "reinstall", image: value };
      case "plan": {
        if (value === "custom") {
          const size = { vcpus: Number(custom.vcpus), memoryGb: Number(custom.memoryGb), diskGb: Number(custom.diskGb) };
          if (!Object.values(size).every((n) => Number.isInteger(n) && n > 0))
            return fail("Give whole positive numbers for CPU, memory and disk.");
          return { type: "resize", plan: null, customSize: { ...size, bandwidthTb: null } };
        }
        if (value === "") return fail("Choose the new plan.");
        return { type: "resize", plan: value, customSize: null };
      }
      case "configLimits": {
        const cpus = limits.cpus.trim() === "" ? null : Number(limits.cpus);
        const memoryMb = limits.memoryMb.trim() === "" ? null : Number(limits.memoryMb);
        if (cpus === null && memoryMb === null) return fail("Give the CPU count, the memory, or both.");
        if ([cpus, memoryMb].some((n) => n !== null && !(Number.isInteger(n) && n > 0)))
          return fail("Give whole positive numbers for CPUs and memory.");
        return { type: "updateConfig", set: {}, unset: [], cpus, memoryMb };
      }
      case "none":
        // Rows without input are field-less actions (tested in core/src/actions.rs).
        return { type: spec.id } as ServerAction;
    }
  };
  function fail(message: string): "invalid" {
    setLocalError(message);
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
      <Dialog title={`New root password of ${server.name}`} onClose={onClose} testId="password-once">
        <p>This password is shown once and not kept by Fleetdeck. Copy it now.</p>
        {/* Masked until revealed: the DOM holds the password only while the user shows it. */}
        <OneTimeSecret label="Root password" secret={password} testId="new-password" />
        <footer className="dialog-footer">
          <button type="button" onClick={onClose}>
            Done
          </button>
        </footer>
      </Dialog>
    );
  }

  const fieldError = localError ?? error?.details.fields?.[0]?.message;
  return (
    <Dialog title={`${spec.label}: ${server.name}`} onClose={onClose} testId="action-dialog">
      <form onSubmit={submit}>
        <p className="target" data-testid="action-target">
          Server <strong>{server.name}</strong> of account <strong>{server.account}</strong> (
          {providerLabel(server.provider)})
        </p>
        {spec.input === "name" && (
          <Field label="New name" error={fieldError} testId="field-name">
            {(p) => <input {...p} value={value} onChange={(e) => setValue(e.target.value)} />}
          </Field>
        )}
        {spec.input === "trafficAmount" && (
          <Field label="Traffic to add (TB)" error={fieldError} testId="field-amount">
            {(p) => <input {...p} type="number" min="1" step="1" value={value} onChange={(e) => setValue(e.target.value)} />}
          </Field>
        )}
        {spec.input === "password" && caps.servers.resetPassword === "chosen" && (
          <Field label="New root password" error={fieldError} hint="The provider sets the password you enter (at least 8 characters)" testId="field-password">
            {(p) => <input {...p} type="password" autoComplete="new-password" value={value} onChange={(e) => setValue(e.target.value)} />}
          </Field>
        )}
        {spec.input === "password" && caps.servers.resetPassword === "emailed" && (
          <p className="muted">The provider emails the new password to the account holder.</p>
        )}
        {spec.input === "image" && (
          <Field label="Image" error={fieldError} testId="field-image">
            {(p) => (
              <select {...p} value={value} onChange={(e) => setValue(e.target.value)}>
                <option value="">{imageList.isPending ? "Loading…" : "Choose…"}</option>
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
            <Field label="CPUs" error={fieldError} testId="field-cpus">
              {(p) => <input {...p} type="number" min="1" step="1" value={limits.cpus} onChange={(e) => setLimits({ ...limits, cpus: e.target.value })} />}
            </Field>
            <Field label="Memory (MB)" testId="field-memory">
              {(p) => <input {...p} type="number" min="1" step="1" value={limits.memoryMb} onChange={(e) => setLimits({ ...limits, memoryMb: e.target.value })} />}
            </Field>
          </div>
        )}
        {spec.input === "plan" && (
          <>
            <Field label="New plan" error={fieldError} testId="field-plan">
              {(p) => (
                <select {...p} value={value} onChange={(e) => setValue(e.target.value)}>
                  <option value="">{planList.isPending ? "Loading…" : "Choose…"}</option>
                  {planList.data?.map((pl) => (
                    <option key={pl.id} value={pl.id}>
                      {pl.name ?? pl.id}
                      {pl.prices[0] ? ` — ${moneyText(pl.prices[0].amount)}/${pl.prices[0].period}` : ""}
                    </option>
                  ))}
                  {caps.create.customSize && <option value="custom">Custom size…</option>}
                </select>
              )}
            </Field>
            {value === "custom" && (
              <div className="field-grid">
                {(["vcpus", "memoryGb", "diskGb"] as const).map((k) => (
                  <Field key={k} label={{ vcpus: "vCPUs", memoryGb: "Memory (GB)", diskGb: "Disk (GB)" }[k]}>
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
            label={`Type the server's name (${server.name}) to confirm`}
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
            Cancel
          </button>
          <button
            type="submit"
            className={destructive ? "danger" : "primary"}
            disabled={!nameOk || send.isPending}
            data-testid="action-confirm"
          >
            {send.isPending ? "Sending…" : spec.label}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
