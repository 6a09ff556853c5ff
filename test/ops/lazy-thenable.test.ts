import { afterEach, expect, it } from "vitest";
import { configureRuntime, ExecutionState, observe, observer, onCompletion, shutdown, type ExecutionContext } from "../../runtime/index.js";
import * as hand from "../hand/emitted.js";

// Found in trial 8 (SRE evaluation): observing a plain function that returns a lazy thenable (a query builder
// whose then() runs the query) ran the query once more per call — the runtime called then() to see the call
// settle, and the caller called it again — and ran it for builders the caller never awaited. Any observer did
// it, a PRE_EXECUTION-only one too. A plain function's call now waits only for a promise it returns.

afterEach(async () => {
  await shutdown();
});

/** Runs the query one built by buildQuery() and builds another that is never awaited; returns how many queries ran. */
async function useBuilder(): Promise<number> {
  const before = hand.LazyQuery.runs;
  expect(await hand.buildQuery("users")).toBe("rows of select * from users");
  hand.buildQuery("orders"); // built, then dropped (a condition, a test of the SQL text): never run
  await new Promise((resolve) => setImmediate(resolve));
  return hand.LazyQuery.runs - before;
}

it("observing a plain function that returns a lazy thenable does not run it: each query runs once, as unobserved", async () => {
  expect(await useBuilder()).toBe(1);
  const contexts: { state: string; value: unknown; fromThenable: boolean }[] = [];
  const record = (ctx: ExecutionContext): void => void contexts.push({ state: ctx.state, value: ctx.result?.ok ? ctx.result.value : undefined, fromThenable: ctx.fromThenable });
  {
    using _pre = observe("queries", observer(() => {}, { states: [ExecutionState.PRE_EXECUTION] }));
    expect(await useBuilder()).toBe(1);
  }
  {
    using _all = observe(hand.buildQuery, onCompletion(record));
    expect(await useBuilder()).toBe(1);
  }
  // The call settles when it returns, with the builder as its value.
  expect(contexts.map((context) => [context.state, context.value instanceof hand.LazyQuery, context.fromThenable])).toEqual([
    ["COMPLETED", true, false],
    ["COMPLETED", true, false],
  ]);
});

it("an async function returning a lazy thenable runs it once (as the engine does), and settles with its value", async () => {
  const values: unknown[] = [];
  using _sub = observe(hand.runQuery, onCompletion((ctx) => void values.push(ctx.result.ok ? ctx.result.value : ctx.result.exception)));
  const before = hand.LazyQuery.runs;
  expect(await hand.runQuery("users")).toBe("rows of select * from users");
  expect(hand.LazyQuery.runs - before).toBe(1);
  expect(values).toEqual(["rows of select * from users"]);
});

it("a plain function's returned promise is still watched until it settles", async () => {
  const states: string[] = [];
  using _sub = observe("later", observer((ctx) => void states.push(ctx.state), { name: "states" }));
  const promise = hand.later(2);
  expect(states).toEqual(["PRE_EXECUTION"]);
  await expect(promise).resolves.toBe(20);
  await Promise.resolve();
  expect(states).toEqual(["PRE_EXECUTION", "POST_SUCCESS", "COMPLETED"]);
});

it('configureRuntime({ thenables: "all" }) waits for any thenable a plain function returns (eager ones: Bluebird, SDK PromiseLikes)', async () => {
  const restore = configureRuntime({ thenables: "all" });
  try {
    const contexts: { value: unknown; fromThenable: boolean }[] = [];
    using _sub = observe(hand.buildQuery, onCompletion((ctx) => void contexts.push({ value: ctx.result.ok ? ctx.result.value : ctx.result.exception, fromThenable: ctx.fromThenable })));
    const before = hand.LazyQuery.runs;
    const query = hand.buildQuery("users");
    expect(query).toBeInstanceOf(hand.LazyQuery); // the caller still gets the very object
    await new Promise((resolve) => setImmediate(resolve));
    // The runtime called then() once to watch it: the call settled with the rows.
    expect(hand.LazyQuery.runs - before).toBe(1);
    expect(contexts).toEqual([{ value: "rows of select * from users", fromThenable: true }]);
  } finally {
    restore();
  }
  // Restored: the default waits for promises only again.
  const before = hand.LazyQuery.runs;
  hand.buildQuery("users");
  await new Promise((resolve) => setImmediate(resolve));
  expect(hand.LazyQuery.runs - before).toBe(0);
});

it("configureRuntime rejects an unknown thenables value, naming it", () => {
  expect(() => configureRuntime({ thenables: "some" as "all" })).toThrow(/thenables must be "promises" or "all", got "some"/);
});

it('thenables "all": a hand-written thenable whose then() returns nothing, or throws, reaches the caller as unobserved, and the call completes once', async () => {
  const restore = configureRuntime({ thenables: "all" });
  try {
    const seen: { ok: boolean; value: unknown }[] = [];
    using _sub = observe(hand.passThrough, onCompletion((ctx) => void seen.push({ ok: ctx.result.ok, value: ctx.result.ok ? ctx.result.value : (ctx.result.exception as Error).message })));
    // then() that calls back and returns undefined (no promise to chain on).
    const quiet = { then(resolve: (value: number) => void): void { setImmediate(() => resolve(7)); } };
    expect(hand.passThrough(quiet)).toBe(quiet);
    // then() that calls both callbacks: the first decides.
    const both = { then(resolve: (value: number) => void, reject: (error: Error) => void): void { resolve(8); reject(new Error("late")); } };
    expect(hand.passThrough(both)).toBe(both);
    // then() that throws synchronously: the call failed for its observers, the caller still gets the object.
    const broken = { then(): never { throw new Error("no then today"); } };
    expect(hand.passThrough(broken)).toBe(broken);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([
      { ok: true, value: 8 },
      { ok: false, value: "no then today" },
      { ok: true, value: 7 },
    ]);
  } finally {
    restore();
  }
});
