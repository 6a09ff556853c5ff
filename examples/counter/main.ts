/**
 * Counter: the seed's FunctionCounterObserver on three tagged functions, attached by group name.
 */
import { observe } from "ts-observed";
import { logger, type RunOptions } from "../support.js";
import { FunctionCounterObserver, type CounterStats } from "./function-counter.js";

export const title = "Counter: calls, successes and failures per function";

/** @observed shop */
export function greet(name: string): string {
  return `Hello, ${name}!`;
}

/** @observed shop */
export function parseAmount(text: string): number {
  const amount = Number.parseFloat(text);
  if (Number.isNaN(amount)) throw new TypeError(`not an amount: ${JSON.stringify(text)}`);
  return amount;
}

export class Basket {
  readonly #items: string[] = [];

  /** @observed shop */
  add(item: string): number {
    this.#items.push(item);
    return this.#items.length;
  }
}

/** A function that is not tagged: never counted. */
export function untracked(): string {
  return "not observed";
}

export interface CounterReport extends CounterStats {
  /** What the subscription reached: every function tagged `@observed shop`. */
  observedFunctions: string[];
}

export async function run(options: RunOptions = {}): Promise<CounterReport> {
  const log = logger(options);
  const counter = new FunctionCounterObserver();
  // Every function tagged `@observed shop`; `observe(greet, counter)` would attach to one function.
  // `using`: the subscription ends when this scope does, even if a call below throws.
  using subscription = observe("shop", counter);
  const observedFunctions = subscription.functions.map((fn) => fn.qualifiedName);

  for (const name of ["Ada", "Grace", "Linus"]) greet(name);
  for (const text of ["12.50", "3", "twelve"]) {
    try {
      parseAmount(text);
    } catch {
      // The failure is counted by the observer; the caller still gets the TypeError.
    }
  }
  const basket = new Basket();
  basket.add("apple");
  basket.add("pear");
  untracked();

  const report: CounterReport = { ...counter.getStats(), observedFunctions };
  log(`observing ${observedFunctions.join(", ")}`);
  for (const [name, calls] of Object.entries(report.calls)) {
    log(`${name.padEnd(12)} calls ${calls}  ok ${report.successes[name] ?? 0}  failed ${report.failures[name] ?? 0}`);
  }
  return report;
}
