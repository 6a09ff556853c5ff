import type { FunctionProfile, PerformanceAlert, PerformanceReport } from "./profile.js";
import type { HistogramBin } from "./stats.js";

/** Options of {@link renderHtmlReport}. */
export interface HtmlReportOptions {
  /** Page title and heading. Default "ts-observed performance report". */
  title?: string;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:960px;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem;font-family:ui-monospace,monospace}
.meta{color:#59636e;margin-top:0}.fn{border:1px solid #d1d9e0;border-radius:8px;padding:0 1rem 1rem;margin:1rem 0}
.row{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}th,td{text-align:left;padding:.2rem .8rem .2rem 0;border-bottom:1px solid #eef1f4}
td.num{text-align:right}.badge{display:inline-block;padding:0 .4rem;border-radius:4px;font-size:.8rem;font-weight:600}
.degraded{background:#fff1e5;color:#9a3412}.ok{background:#dafbe1;color:#116329}.HIGH{color:#cf222e}.MEDIUM{color:#9a6700}
svg text{font:11px system-ui,sans-serif;fill:#59636e}.bar{fill:#4f7ec9}.bar:hover{fill:#2a5aa8}
`;

/** Escapes text for HTML element content and attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function ms(value: number): string {
  return `${value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)} ms`;
}

function statsTable(profile: FunctionProfile): string {
  const rows: [string, string][] = [
    ["Calls (window / total)", `${profile.samples} / ${profile.totalCalls}`],
    ["Mean", ms(profile.meanMs)],
    ["Median", ms(profile.medianMs)],
    ["p95", ms(profile.p95Ms)],
    ["p99", ms(profile.p99Ms)],
    ["Min", ms(profile.minMs)],
    ["Max", ms(profile.maxMs)],
    ["Std dev", ms(profile.stdDevMs)],
  ];
  const body = rows.map(([label, value]) => `<tr><th scope="row">${label}</th><td class="num">${escapeHtml(value)}</td></tr>`).join("");
  return `<table>${body}</table>`;
}

/** An inline SVG bar chart of a latency histogram: bar height ∝ count, axis labelled with min and max. */
export function renderHistogramSvg(bins: readonly HistogramBin[], width = 480, height = 160): string {
  const top = 8;
  const bottom = 22;
  const left = 32;
  const plotWidth = width - left - 4;
  const plotHeight = height - top - bottom;
  const peak = Math.max(1, ...bins.map((bin) => bin.count));
  const barWidth = bins.length === 0 ? 0 : plotWidth / bins.length;
  const bars = bins
    .map((bin, index) => {
      const barHeight = (bin.count / peak) * plotHeight;
      const x = left + index * barWidth;
      const y = top + plotHeight - barHeight;
      const label = `${ms(bin.from)} – ${ms(bin.to)}: ${bin.count} call${bin.count === 1 ? "" : "s"}`;
      return `<rect class="bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, barWidth - 1).toFixed(1)}" height="${barHeight.toFixed(1)}"><title>${escapeHtml(label)}</title></rect>`;
    })
    .join("");
  const first = bins[0];
  const last = bins[bins.length - 1];
  const axis =
    first === undefined || last === undefined
      ? ""
      : `<line x1="${left}" y1="${top + plotHeight}" x2="${width - 4}" y2="${top + plotHeight}" stroke="#d1d9e0"/>` +
        `<text x="${left}" y="${height - 6}">${escapeHtml(ms(first.from))}</text>` +
        `<text x="${width - 4}" y="${height - 6}" text-anchor="end">${escapeHtml(ms(last.to))}</text>` +
        `<text x="${left - 4}" y="${top + 10}" text-anchor="end">${peak}</text><text x="${left - 4}" y="${top + plotHeight}" text-anchor="end">0</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="latency histogram">${bars}${axis}</svg>`;
}

function functionSection(profile: FunctionProfile): string {
  const badge = profile.degraded ? `<span class="badge degraded">degraded</span>` : `<span class="badge ok">stable</span>`;
  return (
    `<section class="fn"><h2>${escapeHtml(profile.function)} ${badge}</h2>` +
    `<div class="row">${statsTable(profile)}<figure>${renderHistogramSvg(profile.histogram)}<figcaption class="meta">Latency distribution of the last ${profile.samples} calls</figcaption></figure></div></section>`
  );
}

function alertsSection(alerts: readonly PerformanceAlert[], total: number): string {
  if (alerts.length === 0) return `<h2>Alerts</h2><p class="meta">No recent alerts (${total} in total).</p>`;
  const rows = alerts
    .map(
      (alert) =>
        `<tr><td>${escapeHtml(new Date(alert.timestamp).toISOString())}</td><td class="${alert.severity}">${alert.severity}</td>` +
        `<td>${escapeHtml(alert.type)}</td><td>${escapeHtml(alert.function)}</td><td>${escapeHtml(alert.message)}</td></tr>`,
    )
    .join("");
  return `<h2>Alerts</h2><p class="meta">${alerts.length} recent of ${total} in total.</p><table><thead><tr><th>Time</th><th>Severity</th><th>Type</th><th>Function</th><th>Message</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * One self-contained HTML page for a performance report: inline CSS, a statistics table and an inline
 * SVG latency histogram per function, and the recent alerts. No scripts, no external resources, so it
 * can be opened from disk, attached to CI artifacts or mailed.
 */
export function renderHtmlReport(report: PerformanceReport, options: HtmlReportOptions = {}): string {
  const title = escapeHtml(options.title ?? "ts-observed performance report");
  const generated = escapeHtml(new Date(report.generatedAt).toISOString());
  const body =
    report.functions.length === 0 ? `<p class="meta">No calls recorded yet.</p>` : report.functions.map(functionSection).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${title}</h1>
<p class="meta">Generated ${generated} · ${report.functions.length} function${report.functions.length === 1 ? "" : "s"} · window ${report.windowSize} calls · slow-call threshold ${report.alertThresholdMs} ms</p>
${body}
${alertsSection(report.recentAlerts, report.totalAlerts)}
</body>
</html>
`;
}
