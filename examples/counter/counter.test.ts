import { afterEach, describe, expect, it } from "vitest";
import { shutdown } from "ts-observed";
import { createTestContext } from "ts-observed/testing";
import { ExecutionState } from "ts-observed";
import { loadExample } from "../build.js";
import type { CounterReport } from "./main.js";
import { FunctionCounterObserver } from "./function-counter.js";

afterEach(async () => {
  await shutdown();
});

describe("counter example", () => {
  it("counts calls and outcomes of the tagged functions only", async () => {
    const example = await loadExample<CounterReport>("counter");
    const report = await example.run({ log: () => {} });
    expect(report).toEqual({
      calls: { greet: 3, parseAmount: 3, "Basket.add": 2 },
      successes: { greet: 3, parseAmount: 2, "Basket.add": 2 },
      failures: { parseAmount: 1 },
      observedFunctions: ["greet", "parseAmount", "Basket.add"],
    });
  });

  it("the observer alone, with test contexts (no transformer)", () => {
    const counter = new FunctionCounterObserver();
    counter.update(createTestContext({ name: "f", state: ExecutionState.PRE_EXECUTION }));
    counter.update(createTestContext({ name: "f", state: ExecutionState.POST_FAILURE, exception: new Error("x") }));
    expect(counter.getStats()).toEqual({ calls: { f: 1 }, successes: {}, failures: { f: 1 } });
  });
});
