import { BaseObserver, ExecutionState, type ExecutionContext } from "ts-observed";

/** Calls, successes and failures per function, as plain objects (ready for `JSON.stringify`). */
export interface CounterStats {
  calls: Record<string, number>;
  successes: Record<string, number>;
  failures: Record<string, number>;
}

/**
 * The seed's FunctionCounterObserver: counts calls at PRE_EXECUTION and outcomes at POST_SUCCESS /
 * POST_FAILURE, per qualified function name.
 */
export class FunctionCounterObserver extends BaseObserver {
  readonly #calls = new Map<string, number>();
  readonly #successes = new Map<string, number>();
  readonly #failures = new Map<string, number>();

  constructor() {
    super({
      priority: 50,
      name: "FunctionCounter",
      // Only the states it counts, and no timing: the runtime then never reads the clock for it.
      states: [ExecutionState.PRE_EXECUTION, ExecutionState.POST_SUCCESS, ExecutionState.POST_FAILURE],
      timing: false,
    });
  }

  update(context: ExecutionContext): void {
    const name = context.functionSignature.qualifiedName;
    switch (context.state) {
      case ExecutionState.PRE_EXECUTION:
        increment(this.#calls, name);
        break;
      case ExecutionState.POST_SUCCESS:
        increment(this.#successes, name);
        break;
      case ExecutionState.POST_FAILURE:
        increment(this.#failures, name);
        break;
    }
  }

  getStats(): CounterStats {
    return {
      calls: Object.fromEntries(this.#calls),
      successes: Object.fromEntries(this.#successes),
      failures: Object.fromEntries(this.#failures),
    };
  }

  reset(): void {
    this.#calls.clear();
    this.#successes.clear();
    this.#failures.clear();
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
