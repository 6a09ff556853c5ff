import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExecutionState, observe, setClock, shutdown } from "../../runtime/index.js";
import { writeHtmlReport } from "../../runtime/observers/html-report-file.js";
import { PerformanceProfileObserver, renderHistogramSvg, renderHtmlReport, type PerformanceReport } from "../../runtime/observers/index.js";
import { createTestContext, FakeClock } from "../../runtime/testing.js";
import { work } from "../hand/observers-fixtures.js";

const { POST_SUCCESS } = ExecutionState;

let restore: () => void;
beforeEach(() => {
  restore = setClock(new FakeClock(0, Date.UTC(2026, 0, 2, 3, 4, 5)));
});
afterEach(async () => {
  await shutdown();
  restore();
});

function sampleReport(): PerformanceReport {
  const profile = new PerformanceProfileObserver({ alertThresholdMs: 45, histogramBins: 5, onAlert: null });
  observe(work, profile);
  for (const ms of [10, 20, 20, 30, 50]) work(ms);
  profile.update(createTestContext({ state: POST_SUCCESS, name: "Cart.<total>", qualifiedName: 'Cart.<total> & "tax"', executionTime: 3 }));
  return profile.getReport();
}

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe("renderHtmlReport()", () => {
  it("is one self-contained page: inline CSS, no scripts, no external resources", () => {
    const html = renderHtmlReport(sampleReport());
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<style>");
    expect(html).not.toMatch(/<script|<link|src=|href=|@import|url\(/i);
    expect(html).toContain("<title>ts-observed performance report</title>");
    expect(html).toContain("Generated 2026-01-02T03:04:05");
  });

  it("has a section with a stats table and an inline SVG histogram per function", () => {
    const report = sampleReport();
    const html = renderHtmlReport(report, { title: "Checkout perf" });
    expect(html).toContain("<h1>Checkout perf</h1>");
    expect(count(html, /<section class="fn">/g)).toBe(2);
    expect(count(html, /<svg /g)).toBe(2);
    const work = report.functions.find((fn) => fn.function === "work")!;
    expect(html).toContain("<tr><th scope=\"row\">Mean</th><td class=\"num\">26.0 ms</td></tr>");
    expect(html).toContain("<tr><th scope=\"row\">Calls (window / total)</th><td class=\"num\">5 / 5</td></tr>");
    // 5 bins for work (10..50 ms), 1 bin for the single-valued function.
    expect(count(html, /<rect class="bar"/g)).toBe(work.histogram.length + 1);
    expect(html).toContain("<title>18.0 ms – 26.0 ms: 2 calls</title>");
  });

  it("escapes function names and messages", () => {
    const html = renderHtmlReport(sampleReport());
    expect(html).toContain("Cart.&#60;total&#62; &#38; &#34;tax&#34;");
    expect(html).not.toContain("<total>");
  });

  it("lists recent alerts with severity, or says there are none", () => {
    const html = renderHtmlReport(sampleReport());
    expect(html).toContain("1 recent of 1 in total.");
    expect(html).toContain('<td class="HIGH">HIGH</td><td>SLOW_EXECUTION</td><td>work</td><td>Execution time: 50.0ms (threshold: 45.0ms)</td>');
    const empty = renderHtmlReport({ generatedAt: 0, windowSize: 10, alertThresholdMs: 1, functions: [], totalAlerts: 0, recentAlerts: [] });
    expect(empty).toContain("No calls recorded yet.");
    expect(empty).toContain("No recent alerts (0 in total).");
  });
});

describe("renderHistogramSvg()", () => {
  it("scales bar heights to the largest bin", () => {
    const svg = renderHistogramSvg([{ from: 0, to: 1, count: 1 }, { from: 1, to: 2, count: 4 }], 200, 100);
    const heights = [...svg.matchAll(/height="([\d.]+)"><title>/g)].map((match) => Number(match[1]));
    expect(heights).toEqual([17.5, 70]); // plot height 100 - 8 - 22 = 70
    expect(svg).toContain('viewBox="0 0 200 100"');
  });
});

describe("writeHtmlReport()", () => {
  it("writes the rendered page to a file, creating directories", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ts-observed-report-"));
    try {
      const report = sampleReport();
      const path = await writeHtmlReport(join(dir, "nested", "perf.html"), report, { title: "Perf" });
      expect(await readFile(path, "utf8")).toBe(renderHtmlReport(report, { title: "Perf" }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
