import { registry } from "./registry.js";
import { refreshAll } from "./site.js";
import type { ExecutionState } from "./states.js";
import type { ExecutionContext, Observer, ObserverOptions, UpdateResult } from "./types.js";

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
  readonly priority: number;
  readonly name: string;
  readonly states: readonly ExecutionState[] | undefined;
  readonly timing: boolean;
  readonly nesting: boolean;
  readonly maxFailures: number | undefined;

  constructor(options: ObserverOptions = {}) {
    // Validated with every other observer option by observe(), which names the observer in its error.
    this.priority = options.priority ?? 0;
    this.name = options.name ?? new.target.name;
    this.states = options.states === undefined ? undefined : Object.freeze([...options.states]);
    this.timing = options.timing ?? true;
    this.nesting = options.nesting ?? true;
    this.maxFailures = options.maxFailures;
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
  return {
    update,
    priority: options.priority ?? 0,
    name: options.name ?? (update.name || "anonymous observer"),
    states: options.states === undefined ? undefined : Object.freeze([...options.states]),
    timing: options.timing ?? true,
    nesting: options.nesting ?? true,
    maxFailures: options.maxFailures,
  };
}
