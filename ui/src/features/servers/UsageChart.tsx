import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

import type { UsageSeries } from "../../bindings/UsageSeries";

/** Whether a 2D canvas exists (not in a test DOM): uPlot draws asynchronously and would throw. */
function canDraw(): boolean {
  try {
    return document.createElement("canvas").getContext("2d") !== null;
  } catch {
    return false;
  }
}

/** Traffic (or any metric) series of one server over time, drawn with uPlot. */
export function UsageChart({ series }: { series: UsageSeries[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || series.length === 0 || !canDraw()) return;
    // uPlot wants one shared x axis: the union of every series' timestamps.
    const times = [...new Set(series.flatMap((s) => s.points.map((p) => Date.parse(p.at) / 1000)))].sort(
      (a, b) => a - b,
    );
    const columns = series.map((s) => {
      const at = new Map(s.points.map((p) => [Date.parse(p.at) / 1000, p.value]));
      return times.map((t) => at.get(t) ?? null);
    });
    const palette = ["#2f6fde", "#d08a1d", "#1f8a4c", "#c43c3c"];
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
            series: [
              {},
              ...series.map((s, i) => ({ label: `${s.metric} (${s.unit})`, stroke: palette[i % palette.length] })),
            ],
            axes: [{}, { size: 56 }],
          },
          [times, ...columns],
          el,
        );
      })
      .catch(() => {
        // No canvas (a test DOM) or no usable locale: the table below still shows the figures.
      });
    return () => {
      cancelled = true;
      plot?.destroy();
    };
  }, [series]);

  return (
    <div data-testid="usage-chart">
      <div ref={box} className="usage-plot" />
      <table className="usage-summary">
        <tbody>
          {series.map((s) => (
            <tr key={s.metric}>
              <th scope="row">{s.metric}</th>
              <td>
                {s.points.reduce((sum, p) => sum + p.value, 0).toLocaleString()} {s.unit} over {s.points.length} points
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
