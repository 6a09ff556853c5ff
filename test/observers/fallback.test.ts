import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configureRuntime, ExecutionState, observe, observer, shutdown, type ExecutionContext, type ObserverFailure } from "../../runtime/index.js";
import { FallbackObserver } from "../../runtime/observers/index.js";
import { createTestContext } from "../../runtime/testing.js";
import * as hand from "../hand/emitted.js";
import { ConfigMissingError, loadConfig, risky } from "../hand/observers-fixtures.js";

const { POST_FAILURE, COMPLETED } = ExecutionState;

let failures: ObserverFailure[];
beforeEach(() => {
  failures = [];
  configureRuntime({ onObserverError: (failure) => failures.push(failure) });
});
afterEach(async () => {
  await shutdown();
});

describe("interest", () => {
  it("listens to POST_FAILURE only, without timing", () => {
    const fallback = new FallbackObserver();
    expect(fallback.states).toEqual([POST_FAILURE]);
    expect(fallback.timing).toBe(false);
  });
});

describe("exception classes → value (the original's exception_classes + default_return)", () => {
  it("recovers listed classes (and subclasses) with the value; others still throw", () => {
    class NarrowRange extends RangeError {}
    observe(risky, new FallbackObserver({ exceptions: [RangeError], value: "default" }));
    expect(risky("range")).toBe("default");
    expect(() => risky("type")).toThrow(TypeError);
    expect(risky("fine")).toBe("fine");
    const ctx = createTestContext({ state: POST_FAILURE, exception: new NarrowRange("narrow") });
    new FallbackObserver({ exceptions: [RangeError], value: 1 }).update(ctx);
    expect(ctx.requestedControl()).toEqual({ kind: "recover", value: 1 });
  });

  it("without exceptions every failure is recovered, with undefined when no value is given", () => {
    const fallback = new FallbackObserver();
    observe(risky, fallback);
    expect(risky("string")).toBeUndefined();
    expect(risky("type")).toBeUndefined();
    expect(fallback.recoveredCount).toBe(2);
  });

  it("observers still see the failure, then COMPLETED with recovered: true", () => {
    const seen: string[] = [];
    observe(
      risky,
      new FallbackObserver({ exceptions: [TypeError], value: "x" }),
      observer((ctx: ExecutionContext) => void seen.push(`${ctx.state}:${ctx.isFailed}:${ctx.recovered}`), { states: [POST_FAILURE, COMPLETED], priority: -1 }),
    );
    expect(risky("type")).toBe("x");
    expect(seen).toEqual(["POST_FAILURE:true:true", "COMPLETED:true:true"]);
  });
});

describe("predicate and computed values", () => {
  it("a predicate chooses failures; compute builds the value from the context and the error", () => {
    observe(
      "divide",
      new FallbackObserver<number>({
        exceptions: (error) => error instanceof RangeError && error.message.includes("zero"),
        compute: (ctx, error) => (ctx.arguments.a as number) * 1000 + (error instanceof Error ? error.message.length : 0),
      }),
    );
    expect(hand.divide(3, 0)).toBe(3000 + "division by zero".length);
  });

  it("async functions: the caller's promise resolves to the fallback", async () => {
    observe(loadConfig, new FallbackObserver({ exceptions: [ConfigMissingError], value: { name: "default", debug: true } }));
    await expect(loadConfig("missing-app")).resolves.toEqual({ name: "default", debug: true });
    await expect(loadConfig("app")).resolves.toEqual({ name: "app", debug: false });
  });
});

describe("several fallbacks", () => {
  it("the first to recover (highest priority) wins", () => {
    const high = new FallbackObserver({ priority: 10, value: "high" });
    const low = new FallbackObserver({ priority: 1, value: "low" });
    observe(risky, low, high);
    expect(risky("range")).toBe("high");
    expect(high.recoveredCount).toBe(1);
    expect(low.recoveredCount).toBe(0);
  });
});

describe("limits", () => {
  it("a plain function's returned promise cannot be recovered: reported, the caller sees the rejection", async () => {
    observe("later", new FallbackObserver({ value: 0, name: "laterFallback" }));
    await expect(hand.later(-1)).rejects.toThrow("negative");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(failures.map((failure) => failure.observer)).toEqual(["laterFallback"]);
  });

  it("reset() zeroes the count", () => {
    const fallback = new FallbackObserver({ value: 0 });
    fallback.update(createTestContext({ state: POST_FAILURE, exception: new Error("x") }));
    expect(fallback.recoveredCount).toBe(1);
    fallback.reset();
    expect(fallback.recoveredCount).toBe(0);
  });
});
