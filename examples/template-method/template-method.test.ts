import { afterEach, describe, expect, it } from "vitest";
import { shutdown } from "ts-observed";
import { loadExample } from "../build.js";
import type { TemplateMethodReport } from "./main.js";

afterEach(async () => {
  await shutdown();
});

describe("template-method example", () => {
  it("both subclasses run the same steps with their own filters and outputs", async () => {
    const example = await loadExample<TemplateMethodReport>("template-method");
    const report = await example.run({ log: () => {} });
    expect(report.rows.map((r) => [r.functionName, r.executionTimeMs, r.success])).toEqual([
      ["ReportService.render", 30, true],
      ["ReportService.render", 180, true],
      ["ReportService.archive", 5, true],
      ["ReportService.render", 750, false],
    ]);
    expect(report.slowCalls).toEqual([
      "2026-01-15T09:00:00.030Z ReportService.render took 180 ms",
      "2026-01-15T09:00:00.215Z ReportService.render took 750 ms and failed",
    ]);
  });
});
