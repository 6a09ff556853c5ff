import { afterEach, describe, expect, it } from "vitest";
import { shutdown } from "ts-observed";
import { loadExample } from "../build.js";
import type { LifecycleReport } from "./main.js";
import { MyCustomObserver } from "./my-custom-observer.js";

afterEach(async () => {
  await shutdown();
});

describe("lifecycle example", () => {
  it("runs each hook when the wiki says it does", async () => {
    const example = await loadExample<LifecycleReport>("lifecycle");
    const report = await example.run({ log: () => {} });
    expect(report.lifecycle).toEqual([
      "configure",
      "validate",
      "update COMPLETED runJob",
      "update COMPLETED buildReport",
      "reset",
      "update COMPLETED runJob",
      "update COMPLETED buildReport",
      "close",
    ]);
    expect(report.processed).toEqual(["nightly: runJob failed", "nightly: buildReport succeeded"]);
    expect(report.validationError).toBe('ts-observed: observer "MyCustomObserver" is not valid: customParam must not be empty');
  });

  it("has the wiki's name and priority (the wiki's unit test)", () => {
    const observer = new MyCustomObserver();
    expect(observer.name).toBe("MyCustomObserver");
    expect(observer.priority).toBe(50);
  });
});
