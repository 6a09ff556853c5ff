/**
 * `FakeClock` from `ts-observed/testing` as the runtime's clock (`setClock`): `set(ms)` puts `now()` at an
 * exact time, so a real observed call's `executionTime` and `timestamp` are exact — for a synchronous call
 * (the clock set from an observer while the call runs) and for an async one (set before it settles).
 * The observed functions are test/hand/emitted.ts, rewritten by the real Vite plugin (vitest.config.ts).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ExecutionState, getClock, observe, observer, onCall, onCompletion, setClock, shutdown, systemClock, type ExecutionContext } from "../runtime/index.js";
import { FakeClock } from "../runtime/testing.js";
import * as hand from "./hand/emitted.js";

const ORIGIN = 1_700_000_000_000;
let restoreClock: (() => void) | undefined;
afterEach(async () => {
  restoreClock?.();
  restoreClock = undefined;
  await shutdown();
});

/** Installs a FakeClock starting at `start`, with the epoch origin ORIGIN. */
function fakeClock(start: number): FakeClock {
  const clock = new FakeClock(start, ORIGIN);
  restoreClock = setClock(clock);
  expect(getClock()).toBe(clock);
  return clock;
}

/** Keeps `[state, executionTime, timestamp]` of every COMPLETED context. */
function completions(): { seen: [string, number, number][]; obs: ReturnType<typeof onCompletion> } {
  const seen: [string, number, number][] = [];
  return { seen, obs: onCompletion((ctx: ExecutionContext) => void seen.push([ctx.functionSignature.name, ctx.result!.executionTime, ctx.timestamp]), { name: "completions" }) };
}

describe("FakeClock.set", () => {
  it("sets now() exactly, forward or back, and advance() moves on from there", () => {
    const clock = new FakeClock(5, ORIGIN);
    expect(clock.now()).toBe(5);
    clock.set(1234.5);
    expect(clock.now()).toBe(1234.5);
    clock.advance(0.5);
    expect(clock.now()).toBe(1235);
    clock.set(10);
    expect(clock.now()).toBe(10);
    expect(clock.origin).toBe(ORIGIN);
  });

  it("gives a synchronous call the executionTime between its start and the time set while it runs", () => {
    const clock = fakeClock(1000);
    const { seen, obs } = completions();
    // PRE_EXECUTION runs after the call read its start time and before the body: the call "takes" 250 ms.
    using _sub = observe(hand.add, onCall(() => clock.set(1250), { name: "tick", timing: true }), obs);
    expect(hand.add(2, 3)).toBe(5);
    expect(seen).toEqual([["add", 250, ORIGIN + 1000]]);
  });

  it("times an async call to its settlement: the time set before it settles", async () => {
    const clock = fakeClock(0);
    const { seen, obs } = completions();
    using _sub = observe(hand.fetchUser, obs);
    clock.set(100);
    const pending = hand.fetchUser(7);
    clock.set(142.5); // the body is suspended on its timer: the call is still running
    expect(await pending).toEqual({ id: 7, name: "user7" });
    expect(seen).toEqual([["fetchUser", 42.5, ORIGIN + 100]]);
  });

  it("a call that starts and ends at one set time takes 0 ms; each call starts where set() put the clock", () => {
    const clock = fakeClock(0);
    const starts: number[] = [];
    const times: number[] = [];
    using _sub = observe(
      hand.add,
      observer(
        (ctx: ExecutionContext) => {
          if (ctx.state === ExecutionState.PRE_EXECUTION) starts.push(ctx.timestamp - ORIGIN);
          else times.push(ctx.result!.executionTime);
        },
        { states: [ExecutionState.PRE_EXECUTION, ExecutionState.COMPLETED] },
      ),
    );
    for (const at of [300, 20, 7000.25]) {
      clock.set(at);
      hand.add(1, 1);
    }
    expect(starts).toEqual([300, 20, 7000.25]);
    expect(times).toEqual([0, 0, 0]);
  });
});

/**
 * Vitest's fake timers replace `performance` (now and timeOrigin) and `Date` (trial 10): with the system
 * clock, a call's `timestamp` must be the faked `Date.now()` and its `executionTime` the faked time advanced.
 */
describe("systemClock under vi.useFakeTimers()", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("timestamp is the faked epoch time, executionTime the faked time advanced", async () => {
    vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
    expect(getClock()).toBe(systemClock);
    const { seen, obs } = completions();
    observe("add", obs);
    observe("fetchUser", obs);
    vi.advanceTimersByTime(1000);
    hand.add(1, 2);
    const user = hand.fetchUser(7);
    vi.advanceTimersByTime(250);
    await user;
    expect(seen).toEqual([
      ["add", 0, Date.UTC(2030, 0, 1) + 1000],
      ["fetchUser", 250, Date.UTC(2030, 0, 1) + 1000],
    ]);
  });
});
