/**
 * Batching: queue one small record per call and write them in batches, by size, by interval, and at
 * `shutdown()`. First the seed's observer (a fake clock drives its interval), then the built-in
 * `BatchObserver` (a real timer, retries with backoff, a bounded queue) on real time.
 */
import { observe, shutdown } from "ts-observed";
import { BatchObserver } from "ts-observed/observers";
import { logger, withFakeClock, type RunOptions } from "../support.js";
import { OptimizedObserver, type FlushReason } from "./optimized-observer.js";

export const title = "Batching: flush by size or interval, and on shutdown()";

/** @observed events */
export async function recordEvent(kind: string, userId: number): Promise<string> {
  return `${kind}:${userId}`;
}

export interface Flush {
  size: number;
  reason: FlushReason;
}

export interface BatchingReport {
  /** The seed's observer: each flush with its reason. */
  custom: Flush[];
  /** The built-in: batch sizes in order, and its counters. */
  builtIn: { batches: number[]; flushedItems: number; pending: number; dropped: number };
}

export async function run(options: RunOptions = {}): Promise<BatchingReport> {
  const log = logger(options);

  const custom = await withFakeClock(async (clock) => {
    const flushes: Flush[] = [];
    const observer = new OptimizedObserver({
      batchSize: 10,
      flushIntervalMs: 30_000,
      processBatch: async (batch, reason) => {
        await Promise.resolve(); // an async write
        flushes.push({ size: batch.length, reason });
      },
    });
    observe("events", observer);
    for (let i = 0; i < 25; i++) await recordEvent("click", i); // 2 full batches, 5 queued
    clock.advance(31_000);
    await recordEvent("scroll", 1); // the interval has passed: flushes the 5 and this one
    for (let i = 0; i < 3; i++) await recordEvent("click", i);
    await shutdown(); // close() flushes the last 3, and shutdown() waits for it
    return flushes;
  });
  log(`custom OptimizedObserver: ${custom.map((f) => `${f.size} (${f.reason})`).join(", ")}`);

  // The built-in on real time: a 200 ms interval keeps the demo short (and leaves the 25 quick calls
  // far inside one interval, even on a busy machine).
  const batches: number[] = [];
  const batcher = new BatchObserver({
    extract: (ctx) => ({ fn: ctx.functionSignature.name, ok: ctx.isSuccessful, ms: ctx.result?.executionTime }),
    flush: (items) => {
      batches.push(items.length); // an app would insert the rows here, e.g. in one SQL transaction
    },
    maxBatchSize: 10,
    flushIntervalMs: 200,
  });
  observe("events", batcher);
  for (let i = 0; i < 25; i++) await recordEvent("click", i); // 10 and 10 by size
  await new Promise((resolve) => setTimeout(resolve, 300)); // the timer flushes the other 5
  for (let i = 0; i < 3; i++) await recordEvent("click", i);
  const stats = batcher.getStats();
  await shutdown(); // flushes the last 3
  const after = batcher.getStats();
  log(`built-in BatchObserver: batches ${batches.join(", ")}; ${after.flushedItems} items flushed, ${stats.pending} were pending before shutdown(), ${after.dropped} dropped`);
  return { custom, builtIn: { batches, flushedItems: after.flushedItems, pending: after.pending, dropped: after.dropped } };
}
