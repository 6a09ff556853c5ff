import { afterEach, describe, expect, it } from "vitest";
import { shutdown } from "ts-observed";
import { loadExample } from "../build.js";
import type { BatchingReport } from "./main.js";

afterEach(async () => {
  await shutdown();
});

describe("batching example", () => {
  it("flushes by size, by interval and at shutdown(), losing nothing", async () => {
    const example = await loadExample<BatchingReport>("batching");
    const report = await example.run({ log: () => {} });
    expect(report.custom).toEqual([
      { size: 10, reason: "size" },
      { size: 10, reason: "size" },
      { size: 6, reason: "interval" },
      { size: 3, reason: "close" },
    ]);
    expect(report.builtIn).toEqual({ batches: [10, 10, 5, 3], flushedItems: 28, pending: 0, dropped: 0 });
  });
});
