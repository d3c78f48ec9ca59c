import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { AccountView } from "../../bindings/AccountView";
import type { FleetServers } from "../../bindings/FleetServers";
import type { LiveUsage } from "../../bindings/LiveUsage";
import type { Server } from "../../bindings/Server";
import type { UsageSeries } from "../../bindings/UsageSeries";
import { ErrorNotice } from "../../app/ErrorNotice";
import { queryKeys } from "../../app/queryKeys";
import { i18n } from "../../i18n";
import { formatNumber } from "../../i18n/format";
import { usage } from "../../platform";
import { UsageChart } from "../servers/UsageChart";
import { useFleetServers } from "../servers/useFleetServers";

/** One reading of a server's live counters (vz/LXD), at the time its account's listing was fetched. */
export interface CounterSample {
  at: string;
  usage: LiveUsage;
}

/** Kept per server while the view is open: enough for a few hours of refreshes. */
const MAX_SAMPLES = 120;

const percent = (used: number | null, total: number | null): number | null =>
  used === null || total === null || total <= 0 ? null : Math.round((used / total) * 1000) / 10;

/**
 * The live counters' samples as chart series in percent: CPU, memory used and disk used (of their
 * totals). A metric no sample states is left out.
 */
export function counterSeries(server: Pick<Server, "account" | "provider" | "id">, samples: readonly CounterSample[]): UsageSeries[] {
  const metrics: [string, (u: LiveUsage) => number | null][] = [
    ["cpu", (u) => u.cpuPercent],
    ["memory", (u) => percent(u.memoryUsedMb, u.memoryTotalMb)],
    ["disk", (u) => percent(u.diskUsedGb, u.diskTotalGb)],
  ];
  return metrics
    .map(([metric, value]) => ({
      account: server.account,
      provider: server.provider,
      serverId: server.id,
      metric,
      unit: "percent",
      points: samples.flatMap((s) => {
        const v = value(s.usage);
        return v === null ? [] : [{ at: s.at, value: v }];
      }),
    }))
    .filter((s) => s.points.length > 0);
}

/**
 * The counters as words in the UI's current language: `CPU 12 % · memory 512 / 1024 MB · disk 3 / 20 GB · 42 processes`.
 */
export function countersText(u: LiveUsage): string {
  const lng = i18n.language;
  const n = (v: number) => formatNumber(v, lng);
  const parts: string[] = [];
  if (u.cpuPercent !== null) parts.push(i18n.t("billing:usage.cpu", { value: n(u.cpuPercent) }));
  if (u.memoryUsedMb !== null)
    parts.push(
      u.memoryTotalMb !== null
        ? i18n.t("billing:usage.memoryOf", { used: n(u.memoryUsedMb), total: n(u.memoryTotalMb) })
        : i18n.t("billing:usage.memory", { used: n(u.memoryUsedMb) }),
    );
  if (u.diskUsedGb !== null)
    parts.push(
      u.diskTotalGb !== null
        ? i18n.t("billing:usage.diskOf", { used: n(u.diskUsedGb), total: n(u.diskTotalGb) })
        : i18n.t("billing:usage.disk", { used: n(u.diskUsedGb) }),
    );
  if (u.processes !== null) parts.push(i18n.t("billing:usage.processes", { count: u.processes }));
  return parts.join(" · ");
}

const addressOf = (s: Pick<Server, "account" | "id">) => `${s.account}/${s.id}`;

/**
 * `samples` with one more reading per live server of `fleet` (`live` says which accounts count),
 * stamped with its account's `fetchedAt`; a listing already read (same time) adds nothing.
 */
export function withReadings(
  samples: Readonly<Record<string, CounterSample[]>>,
  fleet: FleetServers,
  live: (account: string) => boolean,
): Record<string, CounterSample[]> {
  const next = { ...samples };
  for (const s of fleet.servers) {
    const at = fleet.accounts.find((a) => a.account === s.account)?.fetchedAt ?? null;
    if (s.usage === null || at === null || !live(s.account)) continue;
    const list = next[addressOf(s)] ?? [];
    if (list[list.length - 1]?.at === at) continue;
    next[addressOf(s)] = [...list, { at, usage: s.usage }].slice(-MAX_SAMPLES);
  }
  return next;
}

/**
 * Usage per server of the accounts that offer it (capabilities are data, docs/capabilities.md):
 * Cloude.ro's traffic series (`usage.traffic`, the `usage` command) and vz/LXD's live counters
 * (`usage.live`, read from the server listing; each refresh adds a sample to the chart). Not
 * rendered when no account offers usage.
 */
export function UsageSection({ accounts }: { accounts: AccountView[] }) {
  const { t } = useTranslation(["billing", "common"]);
  const offering = accounts.filter((v) => v.capabilities.usage.traffic || v.capabilities.usage.live);
  const byName = new Map(offering.map((v) => [v.account.name, v]));
  const fleet = useFleetServers(null, offering.length > 0);
  const servers = (fleet.data?.servers ?? []).filter((s) => byName.has(s.account));
  const [picked, setPicked] = useState<string | null>(null);
  const server = servers.find((s) => addressOf(s) === picked) ?? servers[0] ?? null;
  const caps = server ? byName.get(server.account)?.capabilities.usage : undefined;

  // Each listing that arrives is one more reading of every live server's counters (state
  // adjusted while rendering, when the listing changed: React's "information from previous renders").
  const [readings, setReadings] = useState<{ from: FleetServers | undefined; samples: Record<string, CounterSample[]> }>({
    from: undefined,
    samples: {},
  });
  if (fleet.data !== undefined && fleet.data !== readings.from) {
    setReadings({ from: fleet.data, samples: withReadings(readings.samples, fleet.data, (a) => byName.get(a)?.capabilities.usage.live === true) });
  }

  const traffic = useQuery({
    queryKey: queryKeys.usage(server?.account ?? "", server?.id),
    queryFn: () => usage(server ? addressOf(server) : ""),
    enabled: server !== null && caps?.traffic === true,
  });

  if (offering.length === 0) return null;
  const counters = server && caps?.live ? (readings.samples[addressOf(server)] ?? []) : [];
  return (
    <section aria-labelledby="billing-usage-title" data-testid="billing-usage">
      <h2 id="billing-usage-title" className="section-label">
        {t("usage.title")}
      </h2>
      {servers.length === 0 ? (
        <p className="muted" data-testid="billing-usage-none">
          {fleet.refreshing || fleet.data === undefined ? t("usage.loadingServers") : t("usage.none")}
        </p>
      ) : (
        <>
          <label className="filter">
            {t("usage.server")}{" "}
            <select value={server ? addressOf(server) : ""} onChange={(e) => setPicked(e.target.value)} data-testid="billing-usage-server">
              {servers.map((s) => (
                <option key={addressOf(s)} value={addressOf(s)}>
                  {s.name} ({s.account})
                </option>
              ))}
            </select>
          </label>
          {server && caps?.traffic && (
            <div data-testid="billing-usage-traffic">
              <h3 className="section-label">{t("usage.traffic")}</h3>
              {traffic.isPending && <p className="muted">{t("common:loading")}</p>}
              {traffic.isError && <ErrorNotice error={traffic.error} />}
              {traffic.isSuccess &&
                (traffic.data.length === 0 ? <p className="muted">{t("usage.noTraffic")}</p> : <UsageChart series={traffic.data} />)}
            </div>
          )}
          {server && caps?.live && (
            <div data-testid="billing-usage-counters">
              <h3 className="section-label">{t("usage.counters")}</h3>
              {server.usage === null ? (
                <p className="muted">{t("usage.noCountersNow")}</p>
              ) : (
                <>
                  <p data-testid="billing-usage-counters-now">{countersText(server.usage) || t("usage.noCounters")}</p>
                  <p className="muted">{t("usage.chartNote")}</p>
                  {counterSeries(server, counters).length > 0 && <UsageChart series={counterSeries(server, counters)} />}
                </>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
