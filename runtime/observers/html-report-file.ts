/**
 * Node-only: writes the HTML performance report to a file. Kept apart from `html-report.ts` so the rest of
 * the observers stay platform-neutral (browsers, workers, edge runtimes never load `node:fs`).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { renderHtmlReport, type HtmlReportOptions } from "./html-report.js";
import type { PerformanceReport } from "./profile.js";

/** Renders `report` and writes it to `path` (creating missing directories); resolves to the path. */
export async function writeHtmlReport(path: string, report: PerformanceReport, options: HtmlReportOptions = {}): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderHtmlReport(report, options), "utf8");
  return path;
}
