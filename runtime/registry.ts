import type { Clock, ContextStore, ObserverFailure } from "./types.js";
import type { Site } from "./site.js";
import type { CallContext } from "./context.js";
import type { Registration, SubscriptionRecord } from "./subscription-record.js";

/** Circuit-breaker state of one observer object, shared by all its subscriptions. */
export interface Breaker {
  /** Consecutive failures so far; a successful `update` (or the fulfilment of a promise it returned) sets it back to 0. */
  failures: number;
  /** True once `failures` reached the limit: dispatch skips the observer until `enable()` / `enableObserver()` re-enables it. */
  disabled: boolean;
}

/** Reports an observer failure; the default writes a warning. */
export type ErrorReporter = (failure: ObserverFailure) => void;

/**
 * A weak reference to a site: `WeakRef<Site>`, named structurally so that the declarations need no ES2021
 * lib (a consumer type-checking them with an older `lib` and `skipLibCheck: false`).
 */
export interface SiteRef {
  /** The site, or undefined once it was collected. */
  deref(): Site | undefined;
}

/**
 * All mutable runtime state. It lives on `globalThis` under a registered symbol so that every copy of
 * the runtime in a process (the ESM and the CommonJS build, or two bundles) shares one set of sites and
 * subscriptions: a subscription made through one copy must reach sites created by another.
 */
export interface Registry {
  readonly version: typeof PROTOCOL;
  /**
   * Every site created, held weakly (see {@link liveSites}): a module that is no longer reachable (reloaded
   * by a test runner's module reset or by HMR) must not be kept alive by its sites, each of which holds its
   * module's scope through the function that writes the module's interest variable.
   */
  siteRefs: SiteRef[];
  /** How many entries {@link siteRefs} had after it was last compacted (see {@link addSite}). */
  siteRefsCompacted: number;
  /** Objects kept alive for their hidden classes (context.ts, generalizeFields): one context of each class and one Extras per runtime copy. */
  mapAnchors?: unknown[];
  subscriptions: SubscriptionRecord[];
  /**
   * Dispatch lists and interest bits per set of attached observers, shared by the sites that have that set
   * (see `refreshSite`); emptied whenever subscriptions change. Optional: a registry created by an older copy
   * of the runtime has none until a refresh creates it.
   */
  attachments?: Map<string, { readonly lists: Registration[][]; readonly on: number }>;
  /** Observed function objects (those the transformer binds: docs/EMIT.md, "Binds") → their site. */
  readonly functions: WeakMap<object, Site>;
  readonly breakers: WeakMap<object, Breaker>;
  /** How many live subscriptions each observer object has: `close()` runs when it drops to 0. */
  readonly subscribed: Map<object, number>;
  /** Observers whose `configure`/`validate` already ran. */
  readonly prepared: WeakSet<object>;
  /** Promises of `close()` calls not yet settled, each with its observer's name (for `shutdown()`'s report). */
  readonly closing: Map<PromiseLike<void>, string>;
  /**
   * Called each time a thenable an observer's `update` returned settles (counted in `Registration.pending`):
   * `shutdown()`s waiting for them.
   */
  updateWaiters: Set<() => void>;
  /** The innermost synchronous observed call running now (while `nesting`). */
  current: CallContext | undefined;
  /**
   * 1 while an observer's `update` runs, else 0 (a small integer: no ToBoolean on the hot path). While it is
   * 1, `dispatch` calls no observer: the observed functions an observer calls (its own callbacks under
   * observe-all, a helper of the app) must not dispatch to it again.
   */
  inObserver: number;
  /** True while some attached, enabled observer reads `parent`: only then do calls track nesting. */
  nesting: boolean;
  /** Opt-in (`ts-observed/async-context`): carries the current call across callbacks and timers. */
  store: ContextStore | undefined;
  nextCallId: number;
  nextOrder: number;
  clock: Clock;
  maxFailures: number;
  reporter: ErrorReporter;
  /** `configureRuntime({ thenables: "all" })`: a plain function's call waits for any thenable it returns, not only a promise. */
  awaitAnyThenable: boolean;
}

/**
 * The version of what copies of the runtime share through the registry: its fields, and the sites, contexts and
 * registrations it holds, which one copy's code reads and writes on another's objects. Bump it with any change
 * that a copy of the previous version could not share (a field renamed, removed or given another meaning); a new
 * field that older copies may lack is filled in below instead (`??=`). Copies of different versions keep
 * separate registries, so neither corrupts the other's state, and the one loaded second warns: a subscription
 * through one does not reach the functions instrumented with the other (docs/LIBRARIES.md, "Versions").
 */
const PROTOCOL = 2;
/** Where the registry of this protocol lives on `globalThis`. */
const KEY = Symbol.for(`ts-observed.registry.v${PROTOCOL}`);
/** Every protocol a copy of the runtime in this process registered under: how a second, incompatible copy is noticed. */
const PROTOCOLS = Symbol.for("ts-observed.protocols");
/** Where the registry of copies from before protocol 2 lived (no version was checked then). */
const LEGACY_KEY = Symbol.for("ts-observed.registry");

function defaultReporter(failure: ObserverFailure): void {
  const error = failure.error instanceof Error ? failure.error.message : String(failure.error);
  const tripped = failure.disabled ? ` — disabled after ${failure.consecutiveFailures} consecutive failures; call enable() to re-enable` : "";
  console.warn(`[ts-observed] observer "${failure.observer}" failed in ${failure.state} of ${failure.function}: ${error}${tripped}`);
}

/**
 * The system clock: `performance.now()`, anchored at `performance.timeOrigin`. Both are read when used, not
 * when this module loads: a test runner's fake timers (Vitest's `vi.useFakeTimers()`, which fakes
 * `performance` and `Date` by default) replace both, and `timestamp` must then agree with the faked
 * `Date.now()` — with `timeOrigin` kept from load time it read the real time the process started.
 */
class SystemClock implements Clock {
  now(): number {
    return performance.now();
  }

  // A getter on the prototype, not in an object literal: the literal with a getter cost every timed call ~8 ns
  // (bench/experiment.mjs, sync/mono/obs-timing, 9 rounds in one run: literal with getter 126 ns, this class
  // 117 ns, literal with a data property 120 ns; the wrapper's row 120–121 ns in all three).
  get origin(): number {
    return performance.timeOrigin;
  }
}

/** The clock the runtime uses unless a test sets another (`setClock`): `performance.now()` and `performance.timeOrigin`, read when used. */
export const systemClock: Clock = new SystemClock();

function create(): Registry {
  return {
    version: PROTOCOL,
    siteRefs: [],
    siteRefsCompacted: 0,
    subscriptions: [],
    attachments: new Map(),
    functions: new WeakMap(),
    breakers: new WeakMap(),
    subscribed: new Map(),
    prepared: new WeakSet(),
    closing: new Map(),
    updateWaiters: new Set(),
    current: undefined,
    inObserver: 0,
    nesting: false,
    store: undefined,
    nextCallId: 1,
    nextOrder: 0,
    clock: systemClock,
    maxFailures: 5,
    reporter: defaultReporter,
    awaitAnyThenable: false,
  };
}

const holder = globalThis as { [KEY]?: Registry; [PROTOCOLS]?: Set<number>; [LEGACY_KEY]?: unknown };
/** The process-wide registry (of this protocol: {@link PROTOCOL}). */
export const registry: Registry = (holder[KEY] ??= create());
warnOfOtherCopies();

/**
 * Says once, when this copy loads, that a copy of another protocol is loaded too (two versions of ts-observed,
 * e.g. a library's dependency and the app's): their functions and subscriptions do not meet.
 */
function warnOfOtherCopies(): void {
  const protocols = (holder[PROTOCOLS] ??= new Set());
  const others = otherProtocols();
  const first = !protocols.has(PROTOCOL);
  protocols.add(PROTOCOL);
  if (!first || others.length === 0) return;
  console.warn(
    `[ts-observed] another, incompatible version of the ts-observed runtime is loaded in this process (runtime protocol ` +
      `${others.join(", ")}; this copy: ${PROTOCOL}). Each keeps its own functions and subscriptions: observe() through one ` +
      `does not reach functions instrumented with the other. Install one version: \`npm ls ts-observed\` shows which ` +
      `packages bring each; libraries should list ts-observed as a peerDependency (docs/LIBRARIES.md).`,
  );
}

/** The protocols of the other copies of the runtime loaded in this realm (1: one from before protocol 2). */
export function otherProtocols(): number[] {
  const others = [...(holder[PROTOCOLS] ?? [])].filter((p) => p !== PROTOCOL);
  if (holder[LEGACY_KEY] !== undefined) others.push(1);
  return others;
}

// Every copy of protocol 2 creates all the fields above. A field added later without a new protocol (one
// older copies of this protocol can do without) is filled in here: `registry.field ??= initial;`.

/** Registers a site (held weakly); drops the entries of collected sites whenever the list has doubled. */
export function addSite(site: Site): void {
  const refs = registry.siteRefs;
  refs.push(new WeakRef(site));
  if (refs.length >= 2 * registry.siteRefsCompacted + 64) liveSites();
}

/** The sites still reachable, in creation order; compacts the list (off the hot path: subscription changes). */
export function liveSites(): Site[] {
  const live: Site[] = [];
  const refs: SiteRef[] = [];
  for (const ref of registry.siteRefs) {
    const site = ref.deref();
    if (site === undefined) continue;
    live.push(site);
    refs.push(ref);
  }
  registry.siteRefs = refs;
  registry.siteRefsCompacted = refs.length;
  return live;
}
