/**
 * Observer isolation with the runtime's DEFAULTS (README "Isolation"): a failing observer is reported by the
 * default reporter (a `console.warn` warning), dispatched as ERROR and counted; after 5 consecutive failures
 * (the default `maxFailures`) the circuit breaker disables it until `enable()`; a success in between starts
 * the count over; a returned promise that rejects is a failure like a throw. Nothing here calls
 * `configureRuntime`: the reporter and the limit are the ones a fresh process has. The observed functions
 * are test/hand/emitted.ts, rewritten by the real Vite plugin (vitest.config.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { BaseObserver, ExecutionState, observe, observer, shutdown, type ExecutionContext, type ObserverFailure } from "../runtime/index.js";
import { registry } from "../runtime/registry.js";
import * as hand from "./hand/emitted.js";

const { COMPLETED, ERROR } = ExecutionState;

/** Fails (throws, or returns a rejected promise) while `failing` says so; no `maxFailures` of its own. */
class Flaky extends BaseObserver {
  calls = 0;
  failing = true;
  constructor(readonly mode: "throw" | "reject" = "throw") {
    super({ name: "Flaky", states: [COMPLETED] });
  }
  update(): void | Promise<void> {
    this.calls++;
    const failing = this.failing;
    if (this.mode === "reject") return failing ? Promise.reject(new Error(`rejected #${this.calls}`)) : Promise.resolve();
    if (failing) throw new Error(`thrown #${this.calls}`);
  }
}

/** Records the observer failure of every ERROR dispatch. */
function errorRecorder(): { failures: ObserverFailure[]; obs: ReturnType<typeof observer> } {
  const failures: ObserverFailure[] = [];
  const obs = observer((ctx: ExecutionContext) => void failures.push(ctx.observerFailure!), { name: "errors", states: [ERROR] });
  return { failures, obs };
}

/** Lets a rejected observer promise be seen (its handlers run in later microtasks). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  // The default reporter is still installed: nothing in this file replaced it.
  expect(registry.maxFailures).toBe(5);
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(async () => {
  warn.mockRestore();
  await shutdown();
});

describe("the default reporter", () => {
  it("writes one console.warn warning per failure, naming the observer, the state, the function and the error", () => {
    const emitWarning = vi.spyOn(process, "emitWarning");
    try {
      using _sub = observe(hand.add, new Flaky());
      expect(hand.add(1, 2)).toBe(3); // the caller never sees the observer's throw
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]).toEqual(['[ts-observed] observer "Flaky" failed in COMPLETED of add: thrown #1']);
      expect(emitWarning).not.toHaveBeenCalled();
    } finally {
      emitWarning.mockRestore();
    }
  });
});

describe("the default circuit breaker (maxFailures 5, consecutive)", () => {
  it("4 consecutive failures leave the observer on; the 5th disables it until enable()", () => {
    const flaky = new Flaky();
    const errors = errorRecorder();
    using _sub = observe(hand.add, flaky, errors.obs);
    for (let i = 0; i < 4; i++) expect(hand.add(i, 1)).toBe(i + 1);
    expect(flaky.disabled).toBe(false);
    expect(errors.failures.map((f) => [f.consecutiveFailures, f.disabled])).toEqual([[1, false], [2, false], [3, false], [4, false]]);
    expect(warn).toHaveBeenCalledTimes(4);
    expect(String(warn.mock.calls[3]![0])).not.toContain("disabled");

    expect(hand.add(4, 1)).toBe(5);
    expect(flaky.disabled).toBe(true);
    expect(errors.failures.at(-1)).toMatchObject({ observer: "Flaky", state: COMPLETED, function: "add", consecutiveFailures: 5, disabled: true });
    expect(warn.mock.calls[4]).toEqual(['[ts-observed] observer "Flaky" failed in COMPLETED of add: thrown #5 — disabled after 5 consecutive failures; call enable() to re-enable']);

    // Disabled: not called any more, nothing reported.
    for (let i = 0; i < 3; i++) hand.add(i, i);
    expect(flaky.calls).toBe(5);
    expect(warn).toHaveBeenCalledTimes(5);

    // enable(): called again, counting from zero (one failure does not disable it again).
    flaky.enable();
    hand.add(1, 1);
    expect(flaky.calls).toBe(6);
    expect(flaky.disabled).toBe(false);
    expect(errors.failures.at(-1)).toMatchObject({ consecutiveFailures: 1, disabled: false });
  });

  it("a success in between starts the count over: 4 failures, a success, 4 failures leave it on; the next failure trips it", () => {
    const flaky = new Flaky();
    const errors = errorRecorder();
    using _sub = observe(hand.add, flaky, errors.obs);
    for (let i = 0; i < 4; i++) hand.add(i, 1);
    flaky.failing = false;
    hand.add(0, 0);
    flaky.failing = true;
    for (let i = 0; i < 4; i++) hand.add(i, 1);
    expect(flaky.calls).toBe(9);
    expect(flaky.disabled).toBe(false);
    expect(errors.failures.map((f) => f.consecutiveFailures)).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    hand.add(9, 9);
    expect(flaky.disabled).toBe(true);
    expect(errors.failures.at(-1)).toMatchObject({ consecutiveFailures: 5, disabled: true });
  });
});

describe("an observer whose returned promise rejects", () => {
  it("is reported by the default reporter, dispatched as ERROR with the rejection, and counted toward the breaker", async () => {
    const flaky = new Flaky("reject");
    const errors = errorRecorder();
    using _sub = observe(hand.add, flaky, errors.obs);
    for (let i = 0; i < 4; i++) {
      expect(hand.add(i, 1)).toBe(i + 1);
      await settle();
    }
    expect(flaky.disabled).toBe(false);
    expect(errors.failures.map((f) => [f.observer, f.state, f.function, (f.error as Error).message, f.consecutiveFailures])).toEqual(
      [1, 2, 3, 4].map((n) => ["Flaky", COMPLETED, "add", `rejected #${n}`, n]),
    );
    expect(warn.mock.calls.map((c) => c[0])).toEqual([1, 2, 3, 4].map((n) => `[ts-observed] observer "Flaky" failed in COMPLETED of add: rejected #${n}`));

    // A promise that resolves is a success: the count starts over.
    flaky.failing = false;
    hand.add(0, 0);
    await settle();
    flaky.failing = true;
    for (let i = 0; i < 4; i++) {
      hand.add(i, 1);
      await settle();
    }
    expect(flaky.disabled).toBe(false);
    expect(errors.failures.at(-1)).toMatchObject({ consecutiveFailures: 4, disabled: false });

    hand.add(5, 5);
    await settle();
    expect(flaky.disabled).toBe(true);
    expect(errors.failures.at(-1)).toMatchObject({ consecutiveFailures: 5, disabled: true });
    expect(String(warn.mock.calls.at(-1)![0])).toContain("disabled after 5 consecutive failures");
    hand.add(6, 6);
    await settle();
    expect(flaky.calls).toBe(10);
  });
});
