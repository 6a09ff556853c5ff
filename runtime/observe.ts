/// <reference lib="esnext.disposable" preserve="true" />
import { ObservedError, ObserverValidationError } from "./errors.js";
import { globToRegExp } from "./glob.js";
import { liveSites, registry, type Breaker } from "./registry.js";
import { refreshAll } from "./interest.js";
import type { Site } from "./site.js";
import { enableObserver, maxFailuresOf, resolveObserverOptions } from "./observer.js";
import { maskOf } from "./states.js";
import type { Registration, SubscriptionRecord } from "./subscription-record.js";
import { watchForUninstrumented } from "./uninstrumented.js";
import type { AnyConstructor, AnyFunction, ConstructorContextOf, ContextOf, ExecutionContext, Observer, ObserverLike, SiteMeta, UpdateResult } from "./types.js";

/**
 * What `observe()` routes to: an observed function object (a top-level function declaration, a member of a
 * class declaration, or what a top-level variable holds: an arrow or function expression, a class
 * expression's members, an object literal's methods; docs/EMIT.md "Binds"), a group name from
 * `@observed group` (matched exactly, also one that holds a colon: `"acme:http"`), a qualified or plain function name (`Cart.checkout`, `checkout`), a glob on qualified
 * names (`Cart.*`, `*.load?`), a RegExp tested against qualified names, `"file:name"` (a file glob and a name
 * or glob, e.g. `"src/cart.ts:default"`, `"src/billing/**:*"`) to tell apart functions of the same name in
 * different files, or `"*"` for every observed function. Globs have the syntax of the config's `include`
 * (runtime/glob.ts).
 */
export type ObserveTarget = AnyFunction | AnyConstructor | string | RegExp;

/** The context observers of `target` get: its constructor's for a class, the function's for a function, else untyped. */
export type TargetContext<T extends ObserveTarget> = T extends AnyConstructor ? ConstructorContextOf<T> : T extends AnyFunction ? ContextOf<T> : ExecutionContext;

/** A live attachment of observers to a target; unsubscribe explicitly or with `using`. */
export class Subscription implements Disposable {
  #record: SubscriptionRecord | undefined;

  /**
   * Made by `observe()`, which returns it; not meant to be called directly.
   *
   * @internal
   */
  constructor(
    record: SubscriptionRecord,
    /** The target given to `observe()`: the function or class, or the name, group, glob, RegExp or `"*"`. */
    readonly target: ObserveTarget,
  ) {
    this.#record = record;
  }

  /** True until `unsubscribe()`. */
  get active(): boolean {
    return this.#record !== undefined;
  }

  /** The functions this subscription currently reaches (sites of modules loaded so far). */
  get functions(): readonly SiteMeta[] {
    const record = this.#record;
    return record === undefined ? [] : liveSites().filter((site) => record.matches(site)).map((site) => site.meta);
  }

  /** Detaches the observers; each observer's `close()` runs when its last subscription ends. */
  unsubscribe(): void {
    const record = this.#record;
    this.#record = undefined;
    // Already ended (or ended by shutdown()): nothing to release twice.
    if (record === undefined || !registry.subscriptions.includes(record)) return;
    registry.subscriptions = registry.subscriptions.filter((live) => live !== record);
    refreshAll();
    for (const registration of record.registrations) release(registration.target);
  }

  /** Same as `unsubscribe()`, for `using sub = observe(...)`. */
  [Symbol.dispose](): void {
    this.unsubscribe();
  }
}

// A realm without `Symbol.dispose`: a `vm` context on Node 20 and 22, whose polyfill sets it on the main
// realm's `Symbol` only — Vitest's `vmThreads` and `vmForks` pools run every module, this runtime included,
// in one. The method above was then defined under the key "undefined" and `using sub = observe(…)` threw
// "Object is not disposable". The `using` helpers of esbuild, Babel and Oxc (Vite, Vitest) fall back to
// `Symbol.for("Symbol.dispose")` there, as core-js does: define the method under that key instead.
if (typeof Symbol.dispose !== "symbol") {
  const prototype = Subscription.prototype as unknown as Record<PropertyKey, unknown>;
  const dispose = prototype[String(Symbol.dispose)];
  delete prototype[String(Symbol.dispose)];
  Object.defineProperty(prototype, Symbol.for("Symbol.dispose"), { value: dispose, writable: true, configurable: true });
}

/**
 * Attaches observers to the observed functions a target names ({@link ObserveTarget}). A function target's
 * contexts are typed from it ({@link ContextOf}); a class's are its tagged constructor's, with the
 * constructor's parameters as `args` and `undefined` as the call's result ({@link ConstructorContextOf}); a
 * name, group, glob, `"file:name"`, RegExp or `"*"` selects any number of functions, including functions of
 * modules that load later, and its contexts are untyped (`ExecutionContext`). Throws for an empty string,
 * when a function (a class's constructor) is not observed, or when an observer's `validate()` refuses.
 *
 * One signature, not an overload per kind of target: TypeScript resolves a callback factory's call
 * (`onCompletion((ctx) => …)`) once, against the first overload it tries, so with overloads
 * `observe(Class, onCompletion(…))` matched none (TS2769).
 */
export function observe<T extends ObserveTarget>(target: T, ...observers: ObserverLike<TargetContext<T>>[]): Subscription;
export function observe(target: ObserveTarget, ...observers: ObserverLike<never>[]): Subscription {
  const matches = matcherOf(target);
  if (typeof target !== "function") watchForUninstrumented(target);
  const normalized = observers.map((given, index) => normalize(given as ObserverLike, index));
  for (const { target: observer, name } of normalized) {
    // No live subscription: a new lifecycle (configure/validate run again), with a closed circuit breaker. A
    // breaker tripped in an earlier one used to survive unsubscribe() and shutdown(): re-subscribed (a config
    // reload, the sink fixed), the observer silently received nothing.
    if (!registry.subscribed.has(observer)) enableObserver(observer);
    prepare(observer, name);
  }
  const registrations = normalized.map((entry) => entry.registration());
  for (const registration of registrations) registry.subscribed.set(registration.target, (registry.subscribed.get(registration.target) ?? 0) + 1);
  const record: SubscriptionRecord = { matches, registrations };
  registry.subscriptions = [...registry.subscriptions, record];
  refreshAll();
  return new Subscription(record, target);
}

function matcherOf(target: ObserveTarget): (site: Site) => boolean {
  if (typeof target === "function") {
    const site = registry.functions.get(target);
    if (site === undefined && (target as { _isMockFunction?: unknown })._isMockFunction === true) {
      // A test double (Vitest's vi.fn / vi.spyOn / vi.mock, Jest's jest.fn / jest.spyOn / jest.mock) keeps the
      // name of what it replaces, so the generic message below ("Tag it …") sent a tagged function's owner
      // looking for a missing tag (trial 10).
      throw new ObservedError(
        `ts-observed: observe() was given "${target.name || "anonymous"}", a mock function (vi.fn, vi.spyOn, vi.mock; jest.fn, jest.spyOn, ` +
          "jest.mock), not the observed function it stands for: a mock is never found by identity. Subscribe before spying " +
          "(a spy without a mock implementation calls the original, which stays observed), or observe by qualified name " +
          '("Cart.pay"), "file:name", group or "*". Functions of a module mocked whole (vi.mock without a factory) are ' +
          "mocks that never run the original body: observers see none of their calls.",
      );
    }
    if (site === undefined) {
      throw new ObservedError(
        `ts-observed: observe() was given function "${target.name || "anonymous"}", which is not an observed function object. ` +
          "Tag it (for a class: its constructor) with /** @observed */ and build through the transformer; if it is tagged, check that its file is " +
          "inside the `include` (and outside the `exclude`) of ts-patch.config.json or the plugin options. Found by identity are top-level function " +
          "declarations, members of class declarations, and what a top-level const/let/var holds: an arrow or function expression, the members " +
          "of a class expression, the methods of an object literal (observe(handler), observe(Cart.prototype.total), observe(api.get)). Nested " +
          "functions, closures created per call, class field arrows, #private methods, `export default` expressions, members of class-decorated " +
          'default classes and functions wrapped in another are not: observe them by qualified name ("outer.inner", "Cart.#secret"), ' +
          '"file:name", group or "*" instead.',
      );
    }
    return (candidate) => candidate === site;
  }
  if (target instanceof RegExp) return (candidate) => target.test(candidate.meta.qualifiedName);
  if (typeof target !== "string" || target.length === 0) {
    throw new ObservedError(`ts-observed: observe() target must be an observed function, a name, a group, a glob, a RegExp or "*"; got ${String(target)}`);
  }
  if (target === "*") return () => true;
  const colon = target.lastIndexOf(":");
  if (colon > 0) {
    const file = globToRegExp(target.slice(0, colon));
    const name = target.slice(colon + 1);
    const qualified = globToRegExp(name);
    // A group may hold a colon too (`@observed acme:http`, allowed by the tag grammar): the whole target is
    // then that group's name, matched exactly, as a target without a colon is.
    return (candidate) =>
      candidate.meta.groups.includes(target) || (file.test(candidate.meta.file) && (qualified.test(candidate.meta.qualifiedName) || candidate.meta.name === name));
  }
  if (/[*?{[]/.test(target)) {
    const pattern = globToRegExp(target);
    return (candidate) => pattern.test(candidate.meta.qualifiedName);
  }
  return (candidate) => candidate.meta.qualifiedName === target || candidate.meta.name === target || candidate.meta.groups.includes(target);
}

interface Normalized {
  target: object;
  name: string;
  registration(): Registration;
}

function normalize(given: ObserverLike, index: number): Normalized {
  if (typeof given === "function") {
    const name = given.name || `observer #${index + 1}`;
    // Called as a plain function (`this` is undefined), through an adapter with an `update` method.
    const receiver = { update: (context: ExecutionContext): UpdateResult => given(context) };
    return { target: given, name, registration: () => registrationOf(given, receiver, name, {}) };
  }
  if (given === null || typeof given !== "object" || typeof given.update !== "function") {
    throw new ObservedError(`ts-observed: observer #${index + 1} must be a function or an object with an update(context) method; got ${String(given)}`);
  }
  const name = given.name ?? given.constructor?.name ?? `observer #${index + 1}`;
  return { target: given, name, registration: () => registrationOf(given, given, name, given) };
}

function registrationOf(
  target: object,
  receiver: Registration["receiver"],
  name: string,
  options: Pick<Observer, "priority" | "states" | "timing" | "nesting" | "maxFailures">,
): Registration {
  // `name` is already resolved (normalize); the other defaults come from the one resolver.
  const resolved = resolveObserverOptions(options, name);
  const priority = resolved.priority;
  if (typeof priority !== "number" || Number.isNaN(priority)) throw new ObservedError(`ts-observed: observer "${name}" has priority ${String(priority)}; it must be a number`);
  const mask = maskOf(resolved.interest);
  if (mask === 0) throw new ObservedError(`ts-observed: observer "${name}" is interested in no state; give it at least one in "states"`);
  let breaker = registry.breakers.get(target);
  if (breaker === undefined) {
    breaker = { failures: 0, disabled: false } satisfies Breaker;
    registry.breakers.set(target, breaker);
  }
  return {
    target,
    receiver,
    name,
    priority,
    order: registry.nextOrder++,
    mask,
    timing: resolved.timing,
    nesting: resolved.nesting,
    maxFailures: maxFailuresOf(resolved),
    breaker,
    pending: 0,
  };
}

/** Runs `configure` then `validate` the first time an observer is subscribed. */
function prepare(observer: object, name: string): void {
  if (registry.prepared.has(observer) || typeof observer === "function") return;
  const hooks = observer as Observer;
  let problem: string | undefined;
  try {
    hooks.configure?.();
    const verdict = hooks.validate?.();
    if (typeof verdict === "string" && verdict.length > 0) problem = verdict;
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  if (problem !== undefined) throw new ObserverValidationError(name, problem);
  registry.prepared.add(observer);
}

/** Drops one subscription of an observer; the last one closes it. */
function release(observer: object): void {
  const count = (registry.subscribed.get(observer) ?? 1) - 1;
  if (count > 0) {
    registry.subscribed.set(observer, count);
    return;
  }
  registry.subscribed.delete(observer);
  registry.prepared.delete(observer);
  closeObserver(observer);
}

function closeObserver(observer: object): void {
  if (typeof observer === "function") return;
  const close = (observer as Observer).close;
  if (close === undefined) return;
  const report = (error: unknown): void => {
    try {
      registry.reporter({ observer: (observer as Observer).name ?? "observer", state: "COMPLETED", error, consecutiveFailures: 0, disabled: false, function: "close()" });
    } catch {
      // A failing reporter must not escape either (as in dispatch): thrown here it made unsubscribe() and
      // shutdown() throw before the other observers were closed, and from a rejected close() it was an
      // unhandled rejection.
    }
  };
  try {
    const closing = close.call(observer);
    if (closing != null && typeof (closing as { then?: unknown }).then === "function") {
      const tracked: PromiseLike<void> = Promise.resolve(closing as PromiseLike<void>).then(undefined, report);
      registry.closing.set(tracked, (observer as Observer).name ?? "observer");
      void Promise.resolve(tracked).then(() => registry.closing.delete(tracked));
    }
  } catch (error) {
    report(error);
  }
}

/** Options of {@link shutdown}. */
export interface ShutdownOptions {
  /**
   * The longest `shutdown()` waits, in milliseconds, for the observers' `close()` promises and for the
   * promises their `update` returned that are still pending. Then it resolves with `timedOut: true` and the
   * names of the observers it gave up on; their work is not cancelled (it may still finish if the process
   * lives on). Default: no limit, and a flush that never settles makes `shutdown()` never resolve — give a
   * limit in a SIGTERM handler, below the platform's grace period. The timer holds the process open until
   * the flushes settle or the limit passes.
   */
  timeoutMs?: number;
}

/** What {@link shutdown} resolves to. */
export interface ShutdownResult {
  /** True when `timeoutMs` passed before every flush settled. */
  readonly timedOut: boolean;
  /** The names of the observers whose `close()` or `update` promise had not settled by then; empty unless `timedOut`. */
  readonly pending: readonly string[];
}

/** setTimeout's largest delay: a longer one fires at once (Node warns), so it means no limit here. */
const MAX_TIMER_DELAY = 2_147_483_647;

/**
 * The timer functions of `shutdown()`'s deadline, taken when this module loads. A test's fake timers
 * (`vi.useFakeTimers()`, `jest.useFakeTimers()`) replace the globals later, and a deadline set on a faked
 * `setTimeout` fires only when the test advances the fake clock: `await shutdown({ timeoutMs })` in an
 * `afterEach`, with fake timers still installed and an observer's write pending on one, waited until the
 * hook timed out (trial 10). The deadline is wall-clock time, whatever clock the program fakes.
 */
const deadlineTimers = { set: setTimeout, clear: clearTimeout };

/**
 * Ends every subscription, closes every observer (once each) and waits for their flushes: the promises
 * their `close()` returned and those their `update` returned that are still pending (an async observer's
 * write in flight; not those of observers unsubscribed before). The process can then exit without losing what observers had queued. With `timeoutMs`,
 * it stops waiting after that long and says which observers it gave up on.
 *
 * @example
 * process.on("SIGTERM", async () => {
 *   server.close();
 *   const { timedOut, pending } = await shutdown({ timeoutMs: 5_000 });
 *   if (timedOut) console.error(`observers still flushing: ${pending.join(", ")}`);
 *   process.exit(0);
 * });
 */
export async function shutdown(options: ShutdownOptions = {}): Promise<ShutdownResult> {
  const timeoutMs = options.timeoutMs;
  if (timeoutMs !== undefined && !(typeof timeoutMs === "number" && timeoutMs >= 0)) {
    throw new ObservedError(`ts-observed: shutdown() timeoutMs must be a number ≥ 0 (or Infinity), got ${String(timeoutMs)}`);
  }
  const ending = new Set<Registration>();
  for (const record of registry.subscriptions) {
    for (const registration of record.registrations) {
      ending.add(registration);
      release(registration.target);
    }
  }
  registry.subscriptions = [];
  refreshAll();
  const closing = [...registry.closing.keys()];
  const updates = updatesSettled(ending);
  const flushed = Promise.allSettled([...closing, updates.promise]);
  if (timeoutMs === undefined || timeoutMs > MAX_TIMER_DELAY) {
    await flushed;
    return { timedOut: false, pending: [] };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = await Promise.race([
    flushed.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = deadlineTimers.set(() => resolve(true), timeoutMs);
    }),
  ]);
  deadlineTimers.clear(timer);
  updates.cancel();
  if (!timedOut) return { timedOut: false, pending: [] };
  const pending = new Set<string>();
  for (const promise of closing) {
    const name = registry.closing.get(promise);
    if (name !== undefined) pending.add(name);
  }
  for (const registration of ending) if (registration.pending > 0) pending.add(registration.name);
  return { timedOut: true, pending: [...pending] };
}

/**
 * Resolves when none of `registrations` (the subscriptions shutdown() ends) has an `update` promise pending;
 * `cancel` stops waiting (on timeout). Those of observers unsubscribed earlier are not waited for: one that
 * never settles would otherwise hold every later shutdown().
 */
function updatesSettled(registrations: ReadonlySet<Registration>): { promise: Promise<void>; cancel: () => void } {
  const waiters = registry.updateWaiters;
  const pendingAny = (): boolean => {
    for (const registration of registrations) if (registration.pending > 0) return true;
    return false;
  };
  if (!pendingAny()) return { promise: Promise.resolve(), cancel: () => {} };
  let check: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    check = () => {
      if (pendingAny()) return;
      waiters.delete(check);
      resolve();
    };
    waiters.add(check);
  });
  return { promise, cancel: () => void waiters.delete(check) };
}
