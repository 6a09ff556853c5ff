import { BaseObserver, ExecutionState, type ExecutionContext, type UpdateResult } from "ts-observed";

/** The minimal data kept per call: a tuple, not an object with field names. */
export type CallTuple = readonly [timestamp: number, functionName: string, success: boolean];

export type FlushReason = "size" | "interval" | "close";

export interface OptimizedObserverOptions {
  /** Receives each batch; may be async (`close()` waits for it). */
  processBatch: (batch: readonly CallTuple[], reason: FlushReason) => void | PromiseLike<void>;
  batchSize?: number;
  flushIntervalMs?: number;
}

/**
 * The seed's OptimizedObserver, kept small to show the idea: queue minimal tuples, flush when the batch
 * is full or when the interval has passed since the last flush (checked at each call, with the call's
 * timestamp), and flush the rest in `close()`, which `shutdown()` awaits. It has no timer, so a quiet
 * period leaves items queued until the next call or shutdown; the built-in `BatchObserver` adds that
 * timer, retries and a bounded queue.
 */
export class OptimizedObserver extends BaseObserver {
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly #processBatch: OptimizedObserverOptions["processBatch"];
  #batch: CallTuple[] = [];
  #lastFlush: number | undefined;

  constructor({ processBatch, batchSize = 100, flushIntervalMs = 30_000 }: OptimizedObserverOptions) {
    super({ priority: 50, name: "Optimized", states: [ExecutionState.COMPLETED], timing: false });
    this.#processBatch = processBatch;
    this.batchSize = batchSize;
    this.flushIntervalMs = flushIntervalMs;
  }

  update(context: ExecutionContext): UpdateResult {
    const now = context.timestamp;
    this.#lastFlush ??= now;
    this.#batch.push([now, context.functionSignature.qualifiedName, context.isSuccessful]);
    if (this.#batch.length >= this.batchSize) return this.#flush("size", now);
    if (now - this.#lastFlush > this.flushIntervalMs) return this.#flush("interval", now);
    return undefined;
  }

  close(): UpdateResult {
    return this.#flush("close", this.#lastFlush ?? 0);
  }

  #flush(reason: FlushReason, now: number): UpdateResult {
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    this.#batch = [];
    this.#lastFlush = now;
    // Returned to the runtime: a rejected async flush counts as this observer's failure and is reported.
    return this.#processBatch(batch, reason);
  }
}
