import { BaseObserver, builtInName } from "../observer.js";
import { getClock } from "../settings.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, ObserverOptions } from "../types.js";
import { functionKey } from "./function-key.js";
import { stableKey } from "./stable-key.js";

/** Hit, miss and eviction counters of a {@link CacheObserver}. */
export interface CacheStats {
  /** Calls answered from a fresh entry with `returnEarly` (their body did not run). */
  readonly hits: number;
  /**
   * Lookups that found no fresh entry, so the body ran (an expired entry counts here too). Calls that
   * were bypassed or coalesced are not misses.
   */
  readonly misses: number;
  /** Entries dropped to stay within `maxEntries` (least recently used first). */
  readonly evictions: number;
  /** Entries found stale at lookup. */
  readonly expirations: number;
  /** Calls that could not be keyed (the key function returned `undefined`) and ran uncached. */
  readonly bypassed: number;
  /** Async calls answered with the promise of an identical call still running (single flight). */
  readonly coalesced: number;
  /** Entries held now. */
  readonly size: number;
  /** `hits / (hits + misses)`, 0 before any lookup. */
  readonly hitRate: number;
}

/** Options of {@link CacheObserver}. */
export interface CacheObserverOptions extends Pick<ObserverOptions, "priority" | "name" | "maxFailures"> {
  /** How long an entry stays fresh, in milliseconds of the runtime clock. Default 300 000 (5 min); `Infinity` for never. */
  ttlMs?: number;
  /** Most entries kept; the least recently used is evicted beyond it. Default 1000. */
  maxEntries?: number;
  /**
   * The cache key of a call's arguments; return `undefined` to run the call uncached. Keys are always
   * scoped to the function. Default: a stable JSON of the named arguments (functions, symbols, cycles
   * and class instances other than Date, Map and Set make a call uncacheable). The default refuses
   * functions with `@redact`ed parameters, whose values it cannot see: give those a key function.
   */
  key?: (context: ExecutionContext) => string | undefined;
  /**
   * Async functions: a miss while an identical call is still running shares that call's outcome instead of
   * running the body again (no thundering herd on a cold key); a failure is shared too. Default true.
   */
  singleFlight?: boolean;
}

/** An async call running for a key: identical calls made meanwhile are answered with its promise. */
interface Flight {
  readonly owner: ExecutionContext;
  readonly promise: Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

function flightOf(owner: ExecutionContext): Flight {
  let resolve!: (value: unknown) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<unknown>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  // Nobody may be waiting when the owner fails: that must not be an unhandled rejection.
  promise.catch(() => undefined);
  return { owner, promise, resolve, reject };
}

interface Entry {
  readonly value: unknown;
  readonly expiresAt: number;
  /** A non-async function returned a promise and this is its settled value: a hit must hand back a promise. */
  readonly thenable: boolean;
  /** Qualified name, for `invalidate(name)`. */
  readonly function: string;
}

/**
 * Caches successful results and answers repeated calls from the cache with `returnEarly`, so the body
 * does not run. Entries expire after `ttlMs` (runtime clock: `setClock(new FakeClock())` in tests) and
 * the least recently used go beyond `maxEntries`. Async functions cache their resolved value; failures,
 * generators and calls answered early are never cached.
 *
 * @example
 * const cache = new CacheObserver({ ttlMs: 60_000, maxEntries: 500 });
 * observe(fetchUser, cache);
 * cache.getStats().hitRate;
 */
export class CacheObserver extends BaseObserver {
  /** How long an entry stays fresh, in milliseconds of the runtime clock (from the options; default 300 000). */
  readonly ttlMs: number;
  /** Most entries kept; beyond it the least recently used is evicted (from the options; default 1000). */
  readonly maxEntries: number;
  readonly #key: ((context: ExecutionContext) => string | undefined) | undefined;
  #entries = new Map<string, Entry>();
  #pending = new WeakMap<ExecutionContext, string>();
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  #expirations = 0;
  #bypassed = 0;
  #coalesced = 0;
  readonly #singleFlight: boolean;
  #flights = new Map<string, Flight>();

  /**
   * Creates an observer of PRE_EXECUTION, POST_SUCCESS and POST_FAILURE with priority 90 unless
   * `options.priority` says otherwise (so it answers before lower-priority observers run); the options are
   * checked when it is first subscribed ({@link CacheObserver.validate}).
   */
  constructor(options: CacheObserverOptions = {}) {
    super({ priority: options.priority ?? 90, name: options.name ?? builtInName(new.target, CacheObserver, "CacheObserver"), maxFailures: options.maxFailures, states: [ExecutionState.PRE_EXECUTION, ExecutionState.POST_SUCCESS, ExecutionState.POST_FAILURE], timing: false, nesting: false });
    this.ttlMs = options.ttlMs ?? 300_000;
    this.maxEntries = options.maxEntries ?? 1000;
    this.#key = options.key;
    this.#singleFlight = options.singleFlight ?? true;
  }

  /** Refuses a non-positive TTL or entry bound. */
  validate(): string | undefined {
    if (!(this.ttlMs > 0)) return `ttlMs must be > 0, got ${String(this.ttlMs)}`;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) return `maxEntries must be a whole number ≥ 1, got ${String(this.maxEntries)}`;
    return undefined;
  }

  /** PRE_EXECUTION: answers from the cache on a fresh hit. POST_SUCCESS: stores the result. */
  update(context: ExecutionContext): void {
    // A generator's "result" is its return value after iteration: caching it would skip every yield.
    if (context.functionSignature.generator) return;
    if (context.state === ExecutionState.PRE_EXECUTION) this.#lookup(context);
    else if (context.state === ExecutionState.POST_SUCCESS) this.#store(context);
    else if (context.state === ExecutionState.POST_FAILURE) this.#failed(context);
  }

  #lookup(context: ExecutionContext): void {
    if (context.answered) return;
    const key = this.#keyOf(context);
    if (key === undefined) {
      this.#bypassed++;
      return;
    }
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      this.#entries.delete(key);
      if (entry.expiresAt > getClock().now()) {
        this.#hits++;
        this.#entries.set(key, entry); // most recently used goes last
        context.returnEarly(entry.thenable ? Promise.resolve(entry.value) : entry.value);
        return;
      }
      this.#expirations++;
    }
    if (this.#singleFlight && context.functionSignature.async) {
      const flight = this.#flights.get(key);
      if (flight !== undefined) {
        this.#coalesced++;
        context.returnEarly(flight.promise);
        return;
      }
      this.#flights.set(key, flightOf(context));
    }
    this.#misses++;
    this.#pending.set(context, key);
  }

  /** POST_FAILURE: failures are not cached; identical calls that waited on this one get its failure. */
  #failed(context: ExecutionContext): void {
    const key = this.#pending.get(context);
    this.#pending.delete(context);
    const flight = key === undefined ? undefined : this.#flights.get(key);
    if (key === undefined || flight === undefined || flight.owner !== context) return;
    this.#flights.delete(key);
    const outcome = context.result;
    flight.reject(outcome !== undefined && !outcome.ok ? outcome.exception : new Error("ts-observed: the call failed"));
  }

  #store(context: ExecutionContext): void {
    const outcome = context.result;
    const pending = this.#pending.get(context);
    this.#pending.delete(context);
    // Identical calls waiting on this one get its value, however it was obtained.
    const flight = pending === undefined ? undefined : this.#flights.get(pending);
    if (pending !== undefined && flight !== undefined && flight.owner === context) {
      this.#flights.delete(pending);
      flight.resolve(outcome?.ok === true ? outcome.value : undefined);
    }
    // Our own hits (and another observer's answers) must not refresh or overwrite entries.
    if (context.returnedEarly) return;
    if (outcome === undefined || !outcome.ok) return;
    const key = pending ?? this.#keyOf(context);
    if (key === undefined) return;
    const signature = context.functionSignature;
    // A non-async function handed its caller a thenable: a hit must hand back a promise too.
    const thenable = !signature.async && context.fromThenable;
    this.#entries.delete(key);
    this.#entries.set(key, { value: outcome.value, expiresAt: getClock().now() + this.ttlMs, thenable, function: signature.qualifiedName });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
      this.#evictions++;
    }
  }

  #keyOf(context: ExecutionContext): string | undefined {
    const signature = context.functionSignature;
    let key: string | undefined;
    if (this.#key !== undefined) key = this.#key(context);
    else if (signature.redact.length === 0) key = stableKey(context.arguments);
    return key === undefined ? undefined : `${functionKey(signature)}\u0000${key}`;
  }

  /** Hit, miss, eviction and expiration counters, and the current size. */
  getStats(): CacheStats {
    const lookups = this.#hits + this.#misses;
    return {
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
      expirations: this.#expirations,
      bypassed: this.#bypassed,
      coalesced: this.#coalesced,
      size: this.#entries.size,
      hitRate: lookups === 0 ? 0 : this.#hits / lookups,
    };
  }

  /** Drops every entry, or those of one function (by qualified name); returns how many were dropped. */
  invalidate(qualifiedName?: string): number {
    if (qualifiedName === undefined) {
      const size = this.#entries.size;
      this.#entries.clear();
      return size;
    }
    let dropped = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.function !== qualifiedName) continue;
      this.#entries.delete(key);
      dropped++;
    }
    return dropped;
  }

  /** Drops expired entries now (they are otherwise dropped when looked up or evicted); returns how many. */
  prune(): number {
    const now = getClock().now();
    let dropped = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now) continue;
      this.#entries.delete(key);
      this.#expirations++;
      dropped++;
    }
    return dropped;
  }

  /** Drops every entry and zeroes the counters. */
  reset(): void {
    this.#entries = new Map();
    this.#pending = new WeakMap();
    this.#flights = new Map();
    this.#coalesced = 0;
    this.#hits = 0;
    this.#misses = 0;
    this.#evictions = 0;
    this.#expirations = 0;
    this.#bypassed = 0;
  }
}
