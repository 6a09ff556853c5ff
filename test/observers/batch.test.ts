import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { configureRuntime, ExecutionState, observe, setClock, shutdown, type ExecutionContext } from "../../runtime/index.js";
import { BatchObserver, type BatchDropReason, type BatchObserverOptions } from "../../runtime/observers/index.js";
import { createTestContext, FakeClock } from "../../runtime/testing.js";
import { work } from "../hand/observers-fixtures.js";

const { POST_FAILURE, COMPLETED } = ExecutionState;

let restore: () => void;
beforeEach(() => {
  restore = setClock(new FakeClock());
  configureRuntime({ onObserverError: () => {} });
});
afterEach(async () => {
  vi.useRealTimers();
  await shutdown();
  restore();
});

/** A batch observer of `[name, ms, ok]` rows whose sink records batches (and can be made to fail). */
function rows(options: Partial<BatchObserverOptions<string>> = {}) {
  const batches: string[][] = [];
  const errors: [string, number][] = [];
  const dropped: [string[], BatchDropReason][] = [];
  let failuresLeft = 0;
  const batch = new BatchObserver<string>({
    extract: (ctx: ExecutionContext) => `${ctx.functionSignature.name}:${ctx.arguments.ms}:${ctx.isSuccessful}`,
    flush: async (items) => {
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error("sink down");
      }
      batches.push(items);
    },
    onError: (error, items, attempt) => void errors.push([`${(error as Error).message} (${items.length})`, attempt]),
    onDrop: (items, reason) => void dropped.push([[...items], reason]),
    ...options,
  });
  return { batch, batches, errors, dropped, failNext: (times: number) => void (failuresLeft = times) };
}

describe("interest", () => {
  it("COMPLETED with timing by default; states and timing are configurable", () => {
    const { batch } = rows();
    expect(batch.states).toEqual([COMPLETED]);
    expect(batch.timing).toBe(true);
    const failuresOnly = rows({ states: [POST_FAILURE], timing: false }).batch;
    expect(failuresOnly.states).toEqual([POST_FAILURE]);
    expect(failuresOnly.timing).toBe(false);
  });
});

describe("flush by size", () => {
  it("hands full batches to the sink in order, the rest waits", async () => {
    const { batch, batches } = rows({ maxBatchSize: 3 });
    observe(work, batch);
    for (let ms = 1; ms <= 7; ms++) work(ms);
    await vi.waitFor(() => expect(batches).toHaveLength(2));
    expect(batches).toEqual([
      ["work:1:true", "work:2:true", "work:3:true"],
      ["work:4:true", "work:5:true", "work:6:true"],
    ]);
    expect(batch.getStats()).toMatchObject({ pending: 1, flushedItems: 6, flushedBatches: 2 });
  });

  it("full batches queued while a flush is in flight are flushed by it too, after it", async () => {
    let release: () => void = () => {};
    const seen: number[][] = [];
    const batch = new BatchObserver<number>({
      extract: (ctx) => ctx.arguments.ms as number,
      flush: (items) => {
        seen.push(items);
        return seen.length === 1 ? new Promise<void>((resolve) => (release = resolve)) : undefined;
      },
      maxBatchSize: 2,
    });
    observe(work, batch);
    work(1);
    work(2); // starts the first flush, which waits
    work(3);
    work(4);
    work(5);
    release();
    await vi.waitFor(() => expect(batch.getStats().flushedItems).toBe(4));
    expect(seen).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(batch.getStats().pending).toBe(1); // a partial batch waits for the interval
  });

  it("extract returning undefined queues nothing", () => {
    const batch = new BatchObserver<number>({ extract: (ctx) => (ctx.isFailed ? 1 : undefined), flush: () => {} });
    batch.update(createTestContext({ state: COMPLETED, value: 1 }));
    batch.update(createTestContext({ state: COMPLETED, exception: new Error("x") }));
    expect(batch.getStats().pending).toBe(1);
  });
});

describe("flush by interval", () => {
  it("flushes flushIntervalMs after the first queued item, with an unref'ed timer", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { batch, batches } = rows({ flushIntervalMs: 1000 });
    observe(work, batch);
    work(1);
    await vi.advanceTimersByTimeAsync(500);
    work(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([["work:1:true", "work:2:true"]]);
  });

  it("the timer does not keep the process alive", () => {
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    try {
      const { batch } = rows({ flushIntervalMs: 60_000 });
      batch.update(createTestContext({ state: COMPLETED, params: ["ms"], args: [1] }));
      const timer = setTimeoutSpy.mock.results.at(-1)!.value as NodeJS.Timeout;
      expect(timer.hasRef()).toBe(false);
    } finally {
      setTimeoutSpy.mockRestore();
    }
  });
});

describe("close() and shutdown()", () => {
  it("shutdown() flushes everything queued", async () => {
    const { batch, batches } = rows({ maxBatchSize: 2 });
    observe(work, batch);
    work(1);
    work(2);
    work(3);
    await shutdown();
    expect(batches.flat()).toEqual(["work:1:true", "work:2:true", "work:3:true"]);
    expect(batch.getStats().pending).toBe(0);
  });

  it("close() retries a failing sink, then gives what still fails to onDrop", async () => {
    const { batch, batches, errors, dropped, failNext } = rows({ closeAttempts: 3, retryDelayMs: 1 });
    observe(work, batch);
    work(1);
    work(2);
    failNext(5);
    await shutdown();
    expect(batches).toEqual([]);
    expect(errors.map(([, attempt]) => attempt)).toEqual([1, 2, 3]);
    expect(dropped).toEqual([[["work:1:true", "work:2:true"], "close"]]);
    expect(batch.getStats()).toMatchObject({ pending: 0, dropped: 2, failedFlushes: 3 });
  });

  it("close() succeeds on a retry without losing or duplicating items", async () => {
    const { batch, batches, dropped, failNext } = rows({ closeAttempts: 3, retryDelayMs: 1 });
    observe(work, batch);
    work(1);
    work(2);
    failNext(2);
    await shutdown();
    expect(batches).toEqual([["work:1:true", "work:2:true"]]);
    expect(dropped).toEqual([]);
  });
});

describe("failed flushes", () => {
  it("re-queue the batch at the head and retry with backoff; nothing is lost, order is kept", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { batch, batches, errors, failNext } = rows({ maxBatchSize: 2, retryDelayMs: 5 });
    observe(work, batch);
    failNext(2);
    work(1);
    work(2); // the size flush fails → retry in 5 ms
    work(3); // no size flush while the sink is failing
    await vi.advanceTimersByTimeAsync(0);
    expect(batch.getStats()).toMatchObject({ pending: 3, failedFlushes: 1 });
    await vi.advanceTimersByTimeAsync(5); // fails again → retry in 10 ms (doubled)
    expect(batch.getStats()).toMatchObject({ pending: 3, failedFlushes: 2 });
    await vi.advanceTimersByTimeAsync(9);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([["work:1:true", "work:2:true"], ["work:3:true"]]);
    work(4);
    await shutdown();
    expect(batches.flat()).toEqual(["work:1:true", "work:2:true", "work:3:true", "work:4:true"]);
    expect(errors).toEqual([
      ["sink down (2)", 1],
      ["sink down (2)", 2],
    ]);
  });

  it("a sink that throws synchronously is handled the same way", async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const batch = new BatchObserver<number>({
      extract: () => 1,
      flush: () => {
        if (calls++ === 0) throw new Error("sync throw");
      },
      onError: (error) => void errors.push(error),
    });
    batch.update(createTestContext({ state: COMPLETED }));
    expect(await batch.flushNow()).toBe(false);
    expect(batch.getStats().pending).toBe(1);
    expect(await batch.flushNow()).toBe(true);
    expect(batch.getStats()).toMatchObject({ pending: 0, flushedItems: 1, failedFlushes: 1 });
    expect((errors[0] as Error).message).toBe("sync throw");
  });

  it("while the sink is down the queue is bounded: the oldest items overflow to onDrop", async () => {
    const { batch, dropped, failNext } = rows({ maxBatchSize: 2, maxQueueSize: 3, retryDelayMs: 60_000 });
    failNext(100);
    for (let ms = 1; ms <= 5; ms++) batch.update(createTestContext({ state: COMPLETED, name: "f", params: ["ms"], args: [ms] }));
    // The failed batch (1, 2) went back to the head of a queue that had filled up meanwhile: its oldest go.
    await vi.waitFor(() => expect(dropped.length).toBe(1));
    expect(dropped).toEqual([[["f:1:true", "f:2:true"], "overflow"]]);
    expect(batch.getStats()).toMatchObject({ pending: 3, dropped: 2 });
    failNext(0);
    expect(await batch.flushNow()).toBe(true);
    expect(batch.getStats()).toMatchObject({ pending: 0, flushedItems: 3 });
  });
});

describe("reset() and validate()", () => {
  it("reset() zeroes the counters but keeps queued items", () => {
    const { batch } = rows();
    batch.update(createTestContext({ state: COMPLETED, params: ["ms"], args: [1] }));
    batch.reset();
    expect(batch.getStats()).toEqual({ pending: 1, flushedItems: 0, flushedBatches: 0, failedFlushes: 0, dropped: 0 });
  });

  it("validate() refuses a queue smaller than a batch", () => {
    expect(() => observe(work, rows({ maxBatchSize: 10, maxQueueSize: 5 }).batch)).toThrow(/maxQueueSize \(5\) must be ≥ maxBatchSize \(10\)/);
  });
});
