import { registry } from "./registry.js";
import { refreshAll } from "./interest.js";
import { ALL_STATES, type ExecutionState } from "./states.js";
import type { ExecutionContext, Observer, ObserverOptions, UpdateResult } from "./types.js";

/** An observer's options with their defaults applied, by {@link resolveObserverOptions}. */
export interface ResolvedObserverOptions {
  /** Higher runs first; default 0. */
  readonly priority: number;
  readonly name: string;
  /** The states given (a frozen copy), or undefined when none were given: every state. */
  readonly states: readonly ExecutionState[] | undefined;
  /** The states it is interested in: `states`, or every state ({@link ALL_STATES}). */
  readonly interest: readonly ExecutionState[];
  /** Whether it reads `executionTime`; default true. */
  readonly timing: boolean;
  /** Whether it reads `parent`; default true. */
  readonly nesting: boolean;
  /**
   * Its own circuit-breaker limit, or undefined: the runtime's (`configureRuntime({ maxFailures })`, 5 by
   * default), read when it is subscribed ({@link maxFailuresOf}).
   */
  readonly maxFailures: number | undefined;
}

/**
 * The one place observer option defaults are applied: `BaseObserver`'s constructor, `observer()` and
 * `observe()` (which registers any observer: a class instance, a plain object, a function) all resolve
 * through it, so they cannot disagree. Resolving resolved options again gives the same values. It does not
 * validate: `observe()` checks the resolved `priority` and `interest`, naming the observer.
 *
 * @param options What the observer declares (an `Observer` object's own fields qualify).
 * @param defaultName The name when `options.name` is undefined (a class name, a function name, …).
 */
export function resolveObserverOptions(options: ObserverOptions, defaultName: string): ResolvedObserverOptions {
  const states = options.states === undefined ? undefined : Object.freeze([...options.states]);
  return {
    priority: options.priority ?? 0,
    name: options.name ?? defaultName,
    states,
    interest: states ?? ALL_STATES,
    timing: options.timing ?? true,
    nesting: options.nesting ?? true,
    maxFailures: options.maxFailures,
  };
}

/** The circuit-breaker limit in force for resolved options: their own, else the runtime's now. */
export function maxFailuresOf(options: ResolvedObserverOptions): number {
  return options.maxFailures ?? registry.maxFailures;
}

/**
 * Base class for observers: holds priority, name, state and timing interest, and the circuit breaker.
 * Subclasses implement `update(context)`; by default an observer sees every state.
 *
 * @example
 * class Counter extends BaseObserver {
 *   calls = 0;
 *   constructor() { super({ priority: 50, states: [ExecutionState.PRE_EXECUTION], timing: false }); }
 *   update() { this.calls++; }
 * }
 */
export abstract class BaseObserver<C extends ExecutionContext = ExecutionContext> implements Observer<C> {
  /** Dispatch order: higher runs first, ties in subscription order (from the options; default 0). */
  readonly priority: number;
  /** Shown in reports and in `ObserverFailure.observer` (from the options; default: the subclass's name). */
  readonly name: string;
  /** The states given in the options (a frozen copy), or undefined when none were: every state is then dispatched to it. */
  readonly states: readonly ExecutionState[] | undefined;
  /** Whether it reads `result.executionTime`, so calls are timed for it (from the options; default true). */
  readonly timing: boolean;
  /** Whether it reads `parent`, so nesting is tracked for it (from the options; default true). */
  readonly nesting: boolean;
  /**
   * Consecutive failures after which its circuit breaker disables it (from the options), or undefined: the
   * runtime's (`configureRuntime({ maxFailures })`, 5 by default), read when it is subscribed.
   */
  readonly maxFailures: number | undefined;

  /**
   * Applies the option defaults; the options are validated by `observe()`, which names the observer in its
   * error (a NaN priority, no state).
   */
  constructor(options: ObserverOptions = {}) {
    // Validated with every other observer option by observe(), which names the observer in its error.
    const resolved = resolveObserverOptions(options, new.target.name);
    this.priority = resolved.priority;
    this.name = resolved.name;
    this.states = resolved.states;
    this.timing = resolved.timing;
    this.nesting = resolved.nesting;
    this.maxFailures = resolved.maxFailures;
  }

  /** Handles one state of one call. */
  abstract update(context: C): UpdateResult;

  /** True while the circuit breaker has this observer disabled. */
  get disabled(): boolean {
    return registry.breakers.get(this)?.disabled ?? false;
  }

  /** Re-enables this observer after its circuit breaker tripped, and clears its failure count. */
  enable(): void {
    enableObserver(this);
  }
}

/**
 * The default `name` of a built-in observer: its class's name written as a string, when `target` (the
 * constructor's `new.target`) is that class. A minifier that renames classes (esbuild or terser without
 * `keepNames`, the usual for a bundle that includes ts-observed) would otherwise make it a letter in failure
 * reports and warnings. Undefined for a subclass, which keeps its own class name (BaseObserver's default).
 *
 * @internal
 */
export function builtInName(target: object, own: object, name: string): string | undefined {
  return target === own ? name : undefined;
}

/** Re-enables any observer (object or function) after its circuit breaker tripped. */
export function enableObserver(observer: object): void {
  const breaker = registry.breakers.get(observer);
  if (breaker === undefined) return;
  breaker.failures = 0;
  if (breaker.disabled) {
    breaker.disabled = false;
    refreshAll();
  }
}

/** Wraps a function as an observer with options: `observer((ctx) => …, { states: [...] })`. */
export function observer<C extends ExecutionContext = ExecutionContext>(
  update: (context: C) => UpdateResult,
  options: ObserverOptions = {},
): Observer<C> {
  const { priority, name, states, timing, nesting, maxFailures } = resolveObserverOptions(options, update.name || "anonymous observer");
  return { update, priority, name, states, timing, nesting, maxFailures };
}
