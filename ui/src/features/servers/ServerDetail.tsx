import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type { AccountView } from "../../bindings/AccountView";
import type { Job } from "../../bindings/Job";
import type { Server } from "../../bindings/Server";
import { ErrorNotice } from "../../app/ErrorNotice";
import { useFormat } from "../../i18n/format";
import { queryKeys } from "../../app/queryKeys";
import { jobs as listJobs, server as fetchServer, serverRaw, usage } from "../../platform";
import { ActionBar } from "../actions/ActionBar";
import { jobLine } from "../jobs/JobsPanel";
import { SnapshotsPanel } from "../snapshots/SnapshotsPanel";
import { ParkButton } from "../snapshots-view/Parking";
import { addressOf, shownNames } from "./model";
import { useCatalogNames } from "./catalogNames";
import { providerFields, type ProviderField } from "./providerFields";
import { useStatusWord } from "./ServerStatusBadge";
import { UsageChart } from "./UsageChart";
import { providerLabel } from "../accounts/descriptors";

/** Everything about one server: its fields, actions, usage, jobs, snapshots and the raw data. */
export function ServerDetail({
  server: listed,
  view,
  onClose,
}: {
  server: Server;
  view: AccountView | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation(["servers", "common"]);
  const format = useFormat();
  const statusWord = useStatusWord();
  const address = addressOf(listed);
  const caps = view?.capabilities;
  // The provider's detail call can say more than its listing; the listing shows until it answers,
  // and stays if it fails (offline: the cached server is what there is).
  const detail = useQuery({
    queryKey: queryKeys.server(listed.account, listed.id),
    queryFn: () => fetchServer(address),
    enabled: caps?.servers.detail === true,
    retry: false,
  });
  // A newer listing (a refresh, a job that ended) means the detail may be out of date too.
  const client = useQueryClient();
  const seen = useRef(listed);
  useEffect(() => {
    if (seen.current === listed) return;
    seen.current = listed;
    void client.invalidateQueries({ queryKey: queryKeys.server(listed.account, listed.id), exact: true });
    void client.invalidateQueries({ queryKey: queryKeys.serverRaw(listed.account, listed.id), exact: true });
  }, [client, listed]);
  const server = detail.data ?? listed;
  // Listings come without the provider's raw JSON (src-tauri/src/command_list.rs): the detail call
  // brings it, else it is asked for (`server_raw`: the cache, else the provider) once the raw
  // section is opened.
  const [rawOpen, setRawOpen] = useState(false);
  const raw = useQuery({
    queryKey: queryKeys.serverRaw(listed.account, listed.id),
    queryFn: () => serverRaw(address),
    enabled: rawOpen && detail.data?.raw === undefined,
    retry: false,
  });
  const rawJson = detail.data?.raw ?? raw.data;
  const traffic = useQuery({
    queryKey: queryKeys.usage(server.account, server.id),
    queryFn: () => usage(address),
    enabled: caps?.usage.traffic === true,
  });
  const jobs = useQuery({ queryKey: queryKeys.jobs, queryFn: listJobs });
  const active = (jobs.data ?? []).filter((j) => j.finishedAt === null && isJobOf(j, server));

  const names = shownNames(server, useCatalogNames(view ? [view] : []));
  const named = (what: NamedKind, id: string | null, name: string): ReactNode =>
    id === null ? "" : name === id ? id : <NamedId what={what} id={id} name={name} />;
  const measure = (value: number | null, unit: string) => (value === null ? "" : `${format.number(value)} ${unit}`);
  const usedOf = (used: number, total: number | null, unit: string) =>
    `${format.number(used)} / ${total === null ? "?" : format.number(total)} ${unit}`;
  const fields: [FieldId, ReactNode][] = [
    ["account", server.account],
    ["provider", providerLabel(server.provider)],
    ["id", server.id],
    ["hostname", server.hostname ?? ""],
    ["status", `${statusWord(server.status)}${server.rawStatus.text ? ` (${server.rawStatus.text})` : ""}`],
    ["ipv4", server.ipv4.join(", ")],
    ["ipv6", server.ipv6.join(", ")],
    ["region", named("region", server.region, names.region)],
    ["plan", named("plan", server.plan, names.plan)],
    ["image", named("image", server.image, names.image)],
    ["vcpus", server.vcpus === null ? "" : format.number(server.vcpus)],
    ["memory", measure(server.memoryMb, "MB")],
    ["disk", measure(server.diskGb, "GB")],
    ["bandwidth", measure(server.bandwidthGb, "GB")],
    ["created", format.dateTime(server.createdAt)],
    ["tags", server.tags.join(", ")],
  ];
  const extra = providerFields(server.extra);

  return (
    <aside className="detail" aria-label={t("detail.label", { name: server.name })} data-testid="server-detail">
      <header className="detail-header">
        <h2 data-testid="detail-name">{server.name}</h2>
        <button type="button" className="icon-button" aria-label={t("detail.close")} onClick={onClose} data-testid="detail-close">
          ×
        </button>
      </header>
      {caps ? <ActionBar server={server} caps={caps} /> : <p className="muted">{t("detail.noSettings")}</p>}
      {caps && <ParkButton server={server} caps={caps} />}
      {detail.isError && (
        <p className="muted" data-testid="detail-from-listing">
          {t("detail.fromListing", { message: detail.error.message })}
        </p>
      )}
      <dl className="fields" data-testid="detail-fields">
        {fields
          .filter(([, v]) => v !== "")
          .map(([k, v]) => (
            <div key={k} className="field-row">
              <dt>{t(`detail.fields.${k}`)}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
      {extra.length > 0 && (
        <section>
          <h3 className="section-label">{t("detail.fromProvider", { provider: providerLabel(server.provider) })}</h3>
          <FieldList fields={extra} testId="detail-provider-fields" />
        </section>
      )}
      {server.usage && (
        <section>
          <h3 className="section-label">{t("detail.liveUsage")}</h3>
          <dl className="fields" data-testid="live-usage">
            {server.usage.cpuPercent !== null && (
              <Pair k={t("detail.cpu")} v={`${oneDecimal(server.usage.cpuPercent, format.lng)} %`} />
            )}
            {server.usage.memoryUsedMb !== null && (
              <Pair k={t("detail.memory")} v={usedOf(server.usage.memoryUsedMb, server.usage.memoryTotalMb, "MB")} />
            )}
            {server.usage.diskUsedGb !== null && (
              <Pair k={t("detail.disk")} v={usedOf(server.usage.diskUsedGb, server.usage.diskTotalGb, "GB")} />
            )}
            {server.usage.processes !== null && <Pair k={t("detail.processes")} v={format.number(server.usage.processes)} />}
          </dl>
        </section>
      )}
      {caps?.usage.traffic && (
        <section>
          <h3 className="section-label">{t("detail.traffic")}</h3>
          {traffic.isPending && <p className="muted">{t("common:loading")}</p>}
          {traffic.isError && <ErrorNotice error={traffic.error} />}
          {traffic.isSuccess &&
            (traffic.data.length === 0 ? <p className="muted">{t("detail.noUsage")}</p> : <UsageChart series={traffic.data} />)}
        </section>
      )}
      <section>
        <h3 className="section-label">{t("detail.activeJobs")}</h3>
        {active.length === 0 && server.activeJobs.length === 0 ? (
          <p className="muted" data-testid="detail-no-jobs">
            {t("detail.noJobs")}
          </p>
        ) : (
          <ul className="plain-list" data-testid="detail-jobs">
            {active.map((j) => (
              <li key={j.id}>
                {jobLine(j)} — {t(`jobStatus.${j.status}`)}
                {j.progress !== null && ` ${j.progress}%`}
              </li>
            ))}
            {server.activeJobs
              .filter((id) => !active.some((j) => j.tracking.type === "event" && j.tracking.id === id))
              .map((id) => (
                <li key={id} className="muted">
                  {t("detail.providerJob", { id })}
                </li>
              ))}
          </ul>
        )}
      </section>
      {caps?.snapshots.list && <SnapshotsPanel server={server} caps={caps.snapshots} />}
      <details onToggle={(e) => setRawOpen(e.currentTarget.open)} data-testid="detail-raw-section">
        <summary>{t("detail.rawData", { provider: providerLabel(server.provider) })}</summary>
        {rawJson !== undefined ? (
          <pre className="raw" data-testid="detail-raw">
            {JSON.stringify(rawJson, null, 2)}
          </pre>
        ) : raw.isError ? (
          <ErrorNotice error={raw.error} />
        ) : (
          <p className="muted" data-testid="detail-raw-loading">
            {t("common:loading")}
          </p>
        )}
      </details>
    </aside>
  );
}

/** The detail's fields, in order; their titles are `detail.fields.<id>` in the catalogue. */
type FieldId =
  | "account"
  | "provider"
  | "id"
  | "hostname"
  | "status"
  | "ipv4"
  | "ipv6"
  | "region"
  | "plan"
  | "image"
  | "vcpus"
  | "memory"
  | "disk"
  | "bandwidth"
  | "created"
  | "tags";

/** The ids shown by their catalog names. */
type NamedKind = "region" | "plan" | "image";

/** `12.5` / `12,5`: always one decimal. */
const oneDecimal = (value: number, lng: string) =>
  new Intl.NumberFormat(lng, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);

/** A catalog name with its id one click away (shown, selectable, and copied on request). */
function NamedId({ what, id, name }: { what: NamedKind; id: string; name: string }) {
  const { t } = useTranslation("servers");
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  return (
    <span className="named-id">
      <span data-testid={`detail-${what}-name`}>{name}</span>{" "}
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-label={open ? t(`namedId.hide.${what}`) : t(`namedId.show.${what}`)}
        onClick={() => setOpen((o) => !o)}
        data-testid={`detail-${what}-show-id`}
      >
        {open ? t("namedId.hideId") : t("namedId.showId")}
      </button>
      {open && (
        <span className="named-id-id">
          <code data-testid={`detail-${what}-id`}>{id}</code>{" "}
          <button
            type="button"
            className="link-button"
            onClick={() =>
              void navigator.clipboard
                .writeText(id)
                .then(() => setCopied(true))
                .catch(() => setCopied(false))
            }
            data-testid={`detail-${what}-copy-id`}
          >
            {copied ? t("namedId.copied") : t("namedId.copy")}
          </button>
        </span>
      )}
    </span>
  );
}

/** Provider fields as key–value pairs, nested objects as indented groups of their own. */
function FieldList({ fields, testId }: { fields: ProviderField[]; testId?: string }) {
  return (
    <dl className="fields" data-testid={testId}>
      {fields.map((f) =>
        "group" in f ? (
          <div key={f.key} className="field-row field-group" data-testid={`provider-group-${f.key}`}>
            <dt>{f.key}</dt>
            <dd>
              <FieldList fields={f.group} />
            </dd>
          </div>
        ) : (
          <Pair key={f.key} k={f.key} v={f.value} />
        ),
      )}
    </dl>
  );
}

const Pair = ({ k, v }: { k: string; v: string }) => (
  <div className="field-row">
    <dt>{k}</dt>
    <dd>{v}</dd>
  </div>
);

/** Whether a job acts on this server. */
export const isJobOf = (j: Job, s: Server): boolean =>
  j.account === s.account && (j.serverId === s.id || j.target === s.id || j.target === addressOf(s));
