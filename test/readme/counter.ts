import { BaseObserver, ExecutionState, observe, type ExecutionContext } from "ts-observed";

class FunctionCounter extends BaseObserver {
  readonly calls = new Map<string, number>();
  constructor() {
    // Interested in one state only, never reads the clock or ctx.parent: the cheapest observer there is.
    super({ priority: 50, name: "FunctionCounter", states: [ExecutionState.PRE_EXECUTION], timing: false, nesting: false });
  }
  update(ctx: ExecutionContext): void {
    const name = ctx.functionSignature.qualifiedName;
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }
}

/** @observed greetings */
export function greet(name: string): string {
  return `hello ${name}`;
}

const counter = new FunctionCounter();
{
  using _subscription = observe("*", counter); // unsubscribes at the end of the block
  greet("ada");
  greet("bob");
}
greet("eve"); // not counted: the subscription has ended

export const counts = Object.fromEntries(counter.calls); // { greet: 2 }
