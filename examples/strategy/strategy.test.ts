import { afterEach, describe, expect, it } from "vitest";
import { shutdown } from "ts-observed";
import { loadExample } from "../build.js";
import type { StrategyReport } from "./main.js";

afterEach(async () => {
  await shutdown();
});

describe("strategy example", () => {
  it("formats the same calls as JSON Lines and as CSV", async () => {
    const example = await loadExample<StrategyReport>("strategy");
    const report = await example.run({ log: () => {} });
    expect(report.json.map((line) => JSON.parse(line) as unknown)).toEqual([
      { timestamp: "2026-01-15T09:00:00.000Z", functionName: "importFile", success: true, executionTimeMs: 39 },
      { timestamp: "2026-01-15T09:00:00.039Z", functionName: "importFile", success: true, executionTimeMs: 48 },
      { timestamp: "2026-01-15T09:00:00.087Z", functionName: "importFile", success: false, executionTimeMs: 27 },
    ]);
    expect(report.csv).toEqual([
      "timestamp,function_name,success,execution_time_ms",
      "2026-01-15T09:00:00.000Z,importFile,true,39",
      "2026-01-15T09:00:00.039Z,importFile,true,48",
      "2026-01-15T09:00:00.087Z,importFile,false,27",
    ]);
  });
});
