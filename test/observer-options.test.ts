/**
 * Observer option defaults come from one resolver (runtime/observer.ts, resolveObserverOptions): a
 * BaseObserver, an observer() and a plain `{ update }` object given to observe() get the same ones.
 * Also how dispatch calls each kind of observer (runtime/subscription-record.ts, `receiver`).
 */
import { afterEach, describe, expect, it } from "vitest";
import { ALL_STATES, BaseObserver, configureRuntime, ExecutionState, observe, observer, setClock, shutdown } from "../runtime/index.js";
import { maxFailuresOf, resolveObserverOptions } from "../runtime/observer.js";
import { registry } from "../runtime/registry.js";
import { FakeClock } from "../runtime/testing.js";
import * as hand from "./hand/emitted.js";

const { PRE_EXECUTION, POST_SUCCESS, COMPLETED } = ExecutionState;

afterEach(async () => {
  await shutdown();
});

describe("resolveObserverOptions", () => {
  it("applies every default: priority 0, every state, timing and nesting on, the runtime's maxFailures", () => {
    const resolved = resolveObserverOptions({}, "Fallback");
    expect(resolved).toEqual({ priority: 0, name: "Fallback", states: undefined, interest: ALL_STATES, timing: true, nesting: true, maxFailures: undefined });
    expect(maxFailuresOf(resolved)).toBe(registry.maxFailures);
  });

  it("keeps what is given (a frozen copy of the states), and resolving twice changes nothing", () => {
    const given = new Set([PRE_EXECUTION, COMPLETED]);
    const once = resolveObserverOptions({ priority: -3, name: "mine", states: given, timing: false, nesting: false, maxFailures: 2 }, "unused");
    expect(once).toEqual({ priority: -3, name: "mine", states: [PRE_EXECUTION, COMPLETED], interest: [PRE_EXECUTION, COMPLETED], timing: false, nesting: false, maxFailures: 2 });
    expect(Object.isFrozen(once.states)).toBe(true);
    expect(maxFailuresOf(once)).toBe(2);
    expect(resolveObserverOptions(once, "other")).toEqual(once);
  });
});

describe("the same defaults everywhere", () => {
  class Plain extends BaseObserver {
    update(): void {}
  }
  const fields = (o: { priority?: number; states?: Iterable<ExecutionState>; timing?: boolean; nesting?: boolean; maxFailures?: number }) => ({
    priority: o.priority,
    states: o.states,
    timing: o.timing,
    nesting: o.nesting,
    maxFailures: o.maxFailures,
  });

  it("BaseObserver and observer() expose the resolved options (name: class name, function name, or a fallback)", () => {
    const expected = { priority: 0, states: undefined, timing: true, nesting: true, maxFailures: undefined };
    const base = new Plain();
    expect(fields(base)).toEqual(expected);
    expect(base.name).toBe("Plain");
    expect(fields(observer(function named() {}))).toEqual(expected);
    expect(observer(function named() {}).name).toBe("named");
    expect(observer(() => {}).name).toBe("anonymous observer");
  });

  it("a plain { update } object registered by observe() gets them too: all states, timing, nesting, the runtime's maxFailures", () => {
    const clock = new FakeClock();
    const restoreClock = setClock(clock);
    const restoreRuntime = configureRuntime({ maxFailures: 2, onObserverError: () => {} });
    try {
      const seen: string[] = [];
      const times: number[] = [];
      const plain = {
        update(ctx: { state: string; result?: { executionTime: number } | undefined; parent: unknown }): void {
          seen.push(ctx.state);
          if (ctx.state === POST_SUCCESS) times.push(ctx.result!.executionTime);
        },
      };
      using _sub = observe(hand.add, plain);
      expect(registry.nesting).toBe(true); // nesting interest on by default
      hand.add(1, 2);
      expect(seen).toEqual([PRE_EXECUTION, POST_SUCCESS, COMPLETED]); // every state (ERROR only on observer failures)
      expect(times).toEqual([0]); // timing on: the (fake) clock was read, so a number, not NaN

      let calls = 0;
      const exploding = {
        update(): void {
          calls++;
          throw new Error("bug");
        },
      };
      using _sub2 = observe(hand.divide, exploding);
      for (let i = 0; i < 4; i++) hand.divide(4, 2);
      // The runtime's maxFailures when subscribed (2, not the default 5): disabled after its second failure.
      expect(calls).toBe(2);
    } finally {
      restoreRuntime();
      restoreClock();
    }
  });
});

describe("how observers are called", () => {
  it("calls a function observer as a plain function (this is undefined)", () => {
    const seen: unknown[] = [];
    observe(hand.add, function (this: unknown) {
      seen.push(this);
    });
    hand.add(1, 2);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((self) => self === undefined)).toBe(true);
  });

  it("calls an observer object's update as its method, looked up on each call", () => {
    const calls: string[] = [];
    const target = {
      states: [COMPLETED],
      update(this: unknown): void {
        calls.push(this === target ? "first, this = the observer" : "first, another this");
      },
    };
    observe(hand.add, target);
    hand.add(1, 2);
    target.update = function (this: unknown): void {
      calls.push(this === target ? "replaced, this = the observer" : "replaced, another this");
    };
    hand.add(3, 4);
    expect(calls).toEqual(["first, this = the observer", "replaced, this = the observer"]);
  });
});
