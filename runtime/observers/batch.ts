import { BaseObserver, builtInName } from "../observer.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, ObserverOptions } from "../types.js";

/** Why queued items were given up: the queue overflowed while the sink was failing, or `close()` ran out of attempts. */
export type BatchDropReason = "overflow" | "close";

/** Counters of a {@link BatchObserver}. */
export interface BatchStats {
  /** Items queued now, waiting for a flush. */
  readonly pending: number;
  /** Items the sink accepted. */
  readonly flushedItems: number;
  /** Successful sink calls. */
  readonly flushedBatches: number;
  /** Sink calls that threw or rejected (their items were re-queued). */
  readonly failedFlushes: number;
  /** Items given up and handed to `onDrop`. */
  readonly dropped: number;
}

/** Options of {@link BatchObserver}. */
export interface BatchObserverOptions<T> extends Pick<ObserverOptions, "priority" | "name" | "maxFailures" | "states" | "timing"> {
  /** The item to queue for a call; `undefined` queues nothing. Runs in the observer's states (default COMPLETED). */
  extract: (context: ExecutionContext) => T | undefined;
  /** Receives each batch, oldest items first; a throw or rejection re-queues the batch for a retry. */
  flush: (items: T[]) => void | PromiseLike<void>;
  /** Flush as soon as this many items are queued; also the most items per sink call. Default 100. */
  maxBatchSize?: number;
  /** Flush items at most this long after the first was queued; `Infinity` flushes by size and on close only. Default 30 000. */
  flushIntervalMs?: number;
  /** Most items held while the sink is failing; beyond it the oldest are dropped and reported. Default 10 000. */
  maxQueueSize?: number;
  /** First retry delay after a failed flush, doubled on each failure up to `flushIntervalMs`. Default 1000. */
  retryDelayMs?: number;
  /** Sink attempts `close()` makes before giving the remaining items to `onDrop`. Default 3. */
  closeAttempts?: number;
  /** Told of each failed flush with the (re-queued) batch and the consecutive failure count. Default: `console.warn`. */
  onError?: (error: unknown, items: readonly T[], attempt: number) => void;
  /** Receives items given up, so they can be saved elsewhere. Default: `console.error` with their count. */
  onDrop?: (items: readonly T[], reason: BatchDropReason) => void;
}

type Timer = ReturnType<typeof setTimeout>;

/**
 * Queues one item per call and hands them to an async sink in batches: when `maxBatchSize` are queued,
 * `flushIntervalMs` after the first of them, and at `close()` (which `shutdown()` awaits). A failed
 * flush puts its batch back at the head of the queue and is retried with backoff; items are only ever
 * given up when the queue overflows `maxQueueSize` or `close()` exhausts its attempts, and then they go
 * to `onDrop`. The timer is `unref`ed: a pending flush never keeps the process alive.
 *
 * @example
 * const audit = new BatchObserver({ extract: (ctx) => [ctx.functionSignature.name, ctx.isSuccessful], flush: (rows) => db.insertMany(rows) });
 * observe("*", audit);
 * await shutdown(); // flushes what is queued
 */
export class BatchObserver<T> extends BaseObserver {
  /** A flush starts as soon as this many items are queued; also the most items per sink call (from the options; default 100). */
  readonly maxBatchSize: number;
  /**
   * Longest wait, in milliseconds, between the first queued item and its flush, and the cap of the retry
   * backoff; `Infinity` flushes by size and on close only (from the options; default 30 000).
   */
  readonly flushIntervalMs: number;
  readonly #extract: (context: ExecutionContext) => T | undefined;
  readonly #sink: (items: T[]) => void | PromiseLike<void>;
  readonly #maxQueueSize: number;
  readonly #retryDelayMs: number;
  readonly #closeAttempts: number;
  readonly #onError: (error: unknown, items: readonly T[], attempt: number) => void;
  readonly #onDrop: (items: readonly T[], reason: BatchDropReason) => void;
  #queue: T[] = [];
  #inFlight: Promise<boolean> | undefined = undefined;
  #timer: Timer | undefined = undefined;
  /** Consecutive failed flushes; while > 0 only the retry timer flushes (no hammering a failing sink). */
  #failures = 0;
  /** A full flush was asked for (timer, `flushNow`, `close`): partial batches go too. */
  #all = false;
  /** While `close()` runs no timer is armed: it does its own retries. */
  #closing = false;
  #flushedItems = 0;
  #flushedBatches = 0;
  #failedFlushes = 0;
  #dropped = 0;

  /**
   * Creates an observer of `options.states` (default COMPLETED) with priority 50 unless `options.priority`
   * says otherwise; the options are checked when it is first subscribed ({@link BatchObserver.validate}).
   */
  constructor(options: BatchObserverOptions<T>) {
    super({
      priority: options.priority ?? 50,
      name: options.name ?? builtInName(new.target, BatchObserver, "BatchObserver"),
      maxFailures: options.maxFailures,
      states: options.states ?? [ExecutionState.COMPLETED],
      timing: options.timing,
      nesting: false,
    });
    this.#extract = options.extract;
    this.#sink = options.flush;
    this.maxBatchSize = options.maxBatchSize ?? 100;
    this.flushIntervalMs = options.flushIntervalMs ?? 30_000;
    this.#maxQueueSize = options.maxQueueSize ?? 10_000;
    this.#retryDelayMs = options.retryDelayMs ?? 1000;
    this.#closeAttempts = options.closeAttempts ?? 3;
    this.#onError = options.onError ?? ((error, items, attempt) => console.warn(`[ts-observed] ${this.name}: flush of ${items.length} items failed (attempt ${attempt}), re-queued: ${String(error)}`));
    this.#onDrop = options.onDrop ?? ((items, reason) => console.error(`[ts-observed] ${this.name}: gave up ${items.length} items (${reason})`));
  }

  /** Refuses sizes below 1, a queue smaller than a batch, and a non-positive interval. */
  validate(): string | undefined {
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1) return `maxBatchSize must be a whole number ≥ 1, got ${String(this.maxBatchSize)}`;
    if (!(this.#maxQueueSize >= this.maxBatchSize)) return `maxQueueSize (${String(this.#maxQueueSize)}) must be ≥ maxBatchSize (${this.maxBatchSize})`;
    if (!(this.flushIntervalMs > 0)) return `flushIntervalMs must be > 0, got ${String(this.flushIntervalMs)}`;
    if (!Number.isInteger(this.#closeAttempts) || this.#closeAttempts < 1) return `closeAttempts must be a whole number ≥ 1, got ${String(this.#closeAttempts)}`;
    return undefined;
  }

  /** Queues the call's item; flushes when a batch is full. */
  update(context: ExecutionContext): void {
    const item = this.#extract(context);
    if (item === undefined) return;
    this.#queue.push(item);
    this.#bound();
    if (this.#queue.length >= this.maxBatchSize && this.#failures === 0) void this.#flush();
    else this.#arm(this.flushIntervalMs);
  }

  /** Flushes everything queued now (and whatever arrives meanwhile); resolves to false if the sink failed. */
  flushNow(): Promise<boolean> {
    this.#all = true;
    return this.#flush();
  }

  /** Starts a drain unless one is running (which then also sees `#all`). */
  #flush(): Promise<boolean> {
    return (this.#inFlight ??= this.#drain().finally(() => {
      this.#inFlight = undefined;
    }));
  }

  /** Flushes what is queued, retrying up to `closeAttempts` times; what still fails goes to `onDrop`. */
  async close(): Promise<void> {
    this.#closing = true;
    this.#disarm();
    try {
      // A drain already running counts as no attempt: it may have been a size flush of full batches only.
      if (this.#inFlight !== undefined) await this.#inFlight;
      for (let attempt = 1; attempt <= this.#closeAttempts; attempt++) {
        if (await this.flushNow()) break;
        // A short pause between attempts: shutdown should not hang on a sink that is down.
        if (attempt < this.#closeAttempts) await new Promise((resolve) => setTimeout(resolve, Math.min(this.#retryDelayMs, 100)));
      }
      if (this.#queue.length > 0) this.#give(this.#queue.splice(0), "close");
    } finally {
      this.#closing = false;
      this.#failures = 0;
    }
  }

  /** Queue size and flush counters. */
  getStats(): BatchStats {
    return {
      pending: this.#queue.length,
      flushedItems: this.#flushedItems,
      flushedBatches: this.#flushedBatches,
      failedFlushes: this.#failedFlushes,
      dropped: this.#dropped,
    };
  }

  /** Zeroes the counters (queued items stay queued: resetting must not lose them). */
  reset(): void {
    this.#flushedItems = 0;
    this.#flushedBatches = 0;
    this.#failedFlushes = 0;
    this.#dropped = 0;
  }

  async #drain(): Promise<boolean> {
    this.#disarm();
    try {
      // Items queued while a batch is with the sink are picked up by this same loop.
      while (this.#queue.length > 0 && (this.#all || this.#queue.length >= this.maxBatchSize)) {
        const batch = this.#queue.splice(0, this.maxBatchSize);
        try {
          await this.#sink(batch);
        } catch (error) {
          this.#queue.unshift(...batch);
          this.#failures++;
          this.#failedFlushes++;
          this.#report(error, batch);
          this.#bound();
          this.#arm(Math.min(this.#retryDelayMs * 2 ** (this.#failures - 1), this.flushIntervalMs), true);
          return false;
        }
        this.#failures = 0;
        this.#flushedItems += batch.length;
        this.#flushedBatches++;
      }
    } finally {
      this.#all = false;
    }
    // A partial batch left by a size flush waits for the interval.
    if (this.#queue.length > 0 && this.#failures === 0) this.#arm(this.flushIntervalMs);
    return true;
  }

  /** Gives up the oldest items beyond `maxQueueSize` (the sink has been failing for a while). */
  #bound(): void {
    const excess = this.#queue.length - this.#maxQueueSize;
    if (excess > 0) this.#give(this.#queue.splice(0, excess), "overflow");
  }

  #report(error: unknown, batch: readonly T[]): void {
    try {
      this.#onError(error, batch, this.#failures);
    } catch {
      // A failing error callback must not stop the retries.
    }
  }

  #give(items: T[], reason: BatchDropReason): void {
    this.#dropped += items.length;
    try {
      this.#onDrop(items, reason);
    } catch {
      // Nothing more can be done for these items; the count is kept.
    }
  }

  /** Starts the flush timer unless one is pending (`replace` moves it, for a retry). */
  #arm(delayMs: number, replace = false): void {
    if (this.#closing) return;
    if (this.#timer !== undefined) {
      if (!replace) return;
      this.#disarm();
    }
    if (!Number.isFinite(delayMs)) return;
    const timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flushNow();
    }, delayMs);
    // Node and Bun timers have unref; browsers' are numbers and never hold a process open.
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }

  #disarm(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
