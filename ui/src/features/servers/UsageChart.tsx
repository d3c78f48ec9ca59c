import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

import type { UsageSeries } from "../../bindings/UsageSeries";
import { formatNumber, useFormat } from "../../i18n/format";

/** Whether a 2D canvas exists (not in a test DOM): uPlot draws asynchronously and would throw. */
function canDraw(): boolean {
  try {
    return document.createElement("canvas").getContext("2d") !== null;
  } catch {
    return false;
  }
}

/** The series' colours, in order (the legend's swatches use the same). */
const PALETTE = ["#2f6fde", "#d08a1d", "#1f8a4c", "#c43c3c"];

/** The units of the series, each once, in order (`MB`, or `MB / percent` for mixed series). */
export const unitsOf = (series: readonly UsageSeries[]): string => [...new Set(series.map((s) => s.unit))].join(" / ");

/** The shared x axis (every series' timestamps, in seconds, sorted) and each series' values on it. */
export function alignSeries(series: readonly UsageSeries[]): { times: number[]; columns: (number | null)[][] } {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => Date.parse(p.at) / 1000)))].sort((a, b) => a - b);
  const columns = series.map((s) => {
    const at = new Map(s.points.map((p) => [Date.parse(p.at) / 1000, p.value]));
    return times.map((t) => at.get(t) ?? null);
  });
  return { times, columns };
}

/** What the pointer is on: the time and each series' value there. */
export interface Hovered {
  at: number;
  values: (number | null)[];
}

/** The time and values at the pointer's index on the shared axis; `null` off the plot. */
export function valuesAt(
  aligned: { times: readonly number[]; columns: readonly (readonly (number | null)[])[] },
  idx: number | null | undefined,
): Hovered | null {
  if (idx === null || idx === undefined) return null;
  const at = aligned.times[idx];
  return at === undefined ? null : { at, values: aligned.columns.map((c) => c[idx] ?? null) };
}

/**
 * Traffic (or any metric) series of one server over time, drawn with uPlot: one legend (the table
 * below the plot: each series' colour, its value under the pointer and its total), the unit on the
 * value axis. The props are the Billing view's too (ui/src/features/billing). Figures and times
 * are written as the UI's language writes them; metric names and units are the provider's.
 */
export function UsageChart({ series }: { series: UsageSeries[] }) {
  const { t } = useTranslation("servers");
  const format = useFormat();
  const lng = format.lng;
  const box = useRef<HTMLDivElement>(null);
  const aligned = useMemo(() => alignSeries(series), [series]);
  const [hovered, setHovered] = useState<Hovered | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || series.length === 0 || !canDraw()) return;
    const { times, columns } = aligned;
    const unit = unitsOf(series);
    // The axes in the theme's own ink (theme.css), readable in light and dark.
    const style = getComputedStyle(el);
    const ink = style.color || "#667080";
    const grid = style.getPropertyValue("--border").trim() || "rgba(128,128,128,0.3)";
    const axis = { stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid } };
    let plot: uPlot | undefined;
    let cancelled = false;
    // Loaded on first use: uPlot reads the locale when its module loads, and a POSIX locale
    // ("C", as under a bare Xvfb session) makes that throw; the app must not fail with it.
    import("uplot")
      .then(({ default: UPlot }) => {
        if (cancelled) return;
        plot = new UPlot(
          {
            width: Math.max(240, el.clientWidth || 320),
            height: 160,
            // The legend is ours (below): uPlot's own would be a second one.
            legend: { show: false },
            series: [
              {},
              ...series.map((s, i) => ({ label: `${s.metric} (${s.unit})`, stroke: PALETTE[i % PALETTE.length] })),
            ],
            axes: [
              axis,
              {
                ...axis,
                size: 64,
                label: unit,
                labelSize: 16,
                values: (_u: uPlot, splits: number[]) => splits.map((v) => `${formatNumber(v, lng)} ${unit}`),
              },
            ],
            hooks: {
              setCursor: [
                (u: uPlot) => setHovered(valuesAt({ times, columns }, u.cursor.idx)),
              ],
            },
          },
          [times, ...columns],
          el,
        );
      })
      .catch(() => {
        // No canvas (a test DOM) or no usable locale: the legend below still shows the figures.
      });
    return () => {
      cancelled = true;
      plot?.destroy();
    };
  }, [series, aligned, lng]);

  return (
    <div data-testid="usage-chart">
      <div ref={box} className="usage-plot" />
      <table className="usage-summary usage-legend" data-testid="usage-legend">
        <caption className="visually-hidden">{t("usage.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("usage.series")}</th>
            <th scope="col" data-testid="usage-hover-time">
              {hovered ? format.dateTime(hovered.at * 1000) : t("usage.value")}
            </th>
            <th scope="col">{t("usage.total")}</th>
          </tr>
        </thead>
        <tbody>
          {series.map((s, i) => {
            const value = hovered?.values[i];
            return (
              <tr key={s.metric}>
                <th scope="row">
                  <span className="usage-swatch" style={{ background: PALETTE[i % PALETTE.length] }} aria-hidden />
                  {s.metric}
                </th>
                <td data-testid={`usage-hover-${s.metric}`}>
                  {value === undefined || value === null ? "–" : `${format.number(value)} ${s.unit}`}
                </td>
                <td>
                  {t("usage.totalOver", {
                    total: format.number(s.points.reduce((sum, p) => sum + p.value, 0)),
                    unit: s.unit,
                    count: s.points.length,
                  })}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
