import { afterEach, describe, expect, it } from "vitest";
import { shutdown } from "ts-observed";
import { loadExample } from "../build.js";
import type { RobustReport } from "./main.js";

afterEach(async () => {
  await shutdown();
});

describe("robust example", () => {
  it("handles errors inside the robust observer; the runtime isolates the fragile one and trips its breaker", async () => {
    const example = await loadExample<RobustReport>("robust");
    const report = await example.run({ log: () => {} });
    expect(report.callsReturned).toBe(6);
    expect(report.eventTypes).toEqual({ push: 1, issue: 1, release: 1 });
    expect(report.handledErrors).toBe(3);
    // Three consecutive failures (maxFailures: 3): the third trips the breaker.
    expect(report.isolatedFailures).toEqual([
      { observer: "Fragile", state: "POST_SUCCESS", consecutiveFailures: 1, disabled: false },
      { observer: "Fragile", state: "POST_SUCCESS", consecutiveFailures: 2, disabled: false },
      { observer: "Fragile", state: "POST_SUCCESS", consecutiveFailures: 3, disabled: true },
    ]);
    expect(report.errorStateDispatches).toBe(3);
    expect(report.disabledAfterFailures).toBe(true);
    // "push" before, skipped "issue" while disabled, "release" after enable().
    expect(report.fragileParsed).toBe(2);
  });
});
