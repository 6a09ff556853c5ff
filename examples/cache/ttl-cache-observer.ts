import { BaseObserver, ExecutionState, type ExecutionContext } from "ts-observed";

export interface TtlCacheOptions {
  /** How long a result stays fresh, in milliseconds. Default 5 minutes (the seed's 300 s). */
  ttlMs?: number;
  /** The cache key of a call; default: the function and its arguments as JSON. */
  keyOf?: (context: ExecutionContext) => string;
}

export interface CacheStats {
  hits: number;
  misses: number;
  expired: number;
  cachedItems: number;
  /** The first few keys, for a glance at what is cached. */
  cacheKeys: string[];
}

interface Entry {
  value: unknown;
  storedAt: number;
}

/**
 * The seed's CacheObserver, finished. The Python version found a hit but had no way to hand it to the
 * caller ("this would need integration with the decorator"): here PRE_EXECUTION answers a fresh hit with
 * `ctx.returnEarly(value)`, and the function body does not run. For async functions the cached value is
 * the resolved one (POST_SUCCESS sees settled values), and a hit resolves the caller's promise with it.
 */
export class TtlCacheObserver extends BaseObserver {
  readonly ttlMs: number;
  readonly #keyOf: (context: ExecutionContext) => string;
  readonly #entries = new Map<string, Entry>();
  #hits = 0;
  #misses = 0;
  #expired = 0;

  constructor({ ttlMs = 300_000, keyOf = defaultKey }: TtlCacheOptions = {}) {
    super({ priority: 90, name: "Cache", states: [ExecutionState.PRE_EXECUTION, ExecutionState.POST_SUCCESS], timing: false });
    this.ttlMs = ttlMs;
    this.#keyOf = keyOf;
  }

  update(context: ExecutionContext): void {
    if (context.state === ExecutionState.PRE_EXECUTION) this.#lookup(context);
    // A call answered from the cache also reaches POST_SUCCESS: do not store it again (nor refresh its age).
    else if (!context.returnedEarly) this.#store(context);
  }

  #lookup(context: ExecutionContext): void {
    // A higher-priority observer (a rate limiter) already answered this call: nothing to look up.
    if (context.answered) return;
    const key = this.#keyOf(context);
    // Kept for POST_SUCCESS of the same call: the per-call scratch every observer of this call shares.
    context.metadata.cacheKey = key;
    const entry = this.#entries.get(key);
    if (entry !== undefined && context.timestamp - entry.storedAt < this.ttlMs) {
      this.#hits++;
      context.returnEarly(entry.value);
      return;
    }
    if (entry !== undefined) {
      this.#entries.delete(key);
      this.#expired++;
    }
    this.#misses++;
  }

  #store(context: ExecutionContext): void {
    const key = context.metadata.cacheKey;
    if (typeof key !== "string" || context.result?.ok !== true) return;
    const { value } = context.result;
    // A plain (non-async) function that returned a promise: its callers expect a promise from a hit too.
    const cached = context.fromThenable && !context.functionSignature.async ? Promise.resolve(value) : value;
    this.#entries.set(key, { value: cached, storedAt: context.timestamp });
  }

  getCacheStats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses, expired: this.#expired, cachedItems: this.#entries.size, cacheKeys: [...this.#entries.keys()].slice(0, 5) };
  }

  reset(): void {
    this.#entries.clear();
    this.#hits = this.#misses = this.#expired = 0;
  }
}

/** `name(args as JSON)`: arguments by position, so a rename of a parameter does not invalidate keys. */
function defaultKey(context: ExecutionContext): string {
  return `${context.functionSignature.qualifiedName}${JSON.stringify(context.args)}`;
}
