// The built-in observers' test functions, written as plain tagged TypeScript and transformed by the real
// Vite plugin (vitest.config.ts): functions that count how often their body ran, move the fake clock, throw
// chosen errors, or take sensitive parameters.
import { getClock } from "../../runtime/settings.js";
import { FakeClock } from "../../runtime/testing.js";

/** How many times each fixture's body ran (a cache hit or a rejection does not run it). */
export const bodyRuns = { square: 0, lookupPrice: 0, deferredDouble: 0, work: 0, risky: 0, signIn: 0, loadConfig: 0 };

export function resetBodyRuns(): void {
  for (const key of Object.keys(bodyRuns) as (keyof typeof bodyRuns)[]) bodyRuns[key] = 0;
}

/** Moves the fake clock (when one is installed) by `ms`: the call then "took" `ms`. */
function spend(ms: number): void {
  const clock = getClock();
  if (clock instanceof FakeClock) clock.advance(ms);
}

/** @observed fixtures */
export function square(n: number): number {
  bodyRuns.square++;
  return n * n;
}

/** @observed fixtures */
export async function lookupPrice(sku: string): Promise<{ sku: string; price: number }> {
  bodyRuns.lookupPrice++;
  await Promise.resolve();
  if (sku === "") throw new Error("empty sku");
  return { sku, price: sku.length * 10 };
}

/**
 * A plain (not async) function that returns a promise.
 * @observed fixtures
 */
export function deferredDouble(n: number): Promise<number> {
  bodyRuns.deferredDouble++;
  const pending = Promise.resolve(n * 2);
  return pending;
}

/**
 * Takes `ms` of fake-clock time, then returns `ms` or throws when `fail`.
 * @observed fixtures
 */
export function work(ms: number, fail = false): number {
  bodyRuns.work++;
  spend(ms);
  if (fail) throw new Error(`work failed after ${ms} ms`);
  return ms;
}

/**
 * Throws the error named by `kind` ("range", "type", "string"), or returns "fine".
 * @observed fixtures
 */
export function risky(kind: string): string {
  bodyRuns.risky++;
  if (kind === "range") throw new RangeError("out of range");
  if (kind === "type") throw new TypeError("wrong type");
  if (kind === "string") throw "a thrown string";
  return "fine";
}

/** @observed fixtures */
export function connect(host: string, apiKey: string, options: { retries: number; authHeader: string }): string {
  if (host === "") throw new Error("no host");
  return `connected:${host}`;
}

/**
 * Its `password` is `@redact`ed: contexts never see it.
 * @observed fixtures
 * @redact password
 */
export function signIn(user: string, password: string): string {
  bodyRuns.signIn++;
  if (password !== "open sesame") throw new Error("bad password");
  return `welcome ${user}`;
}

export class ConfigMissingError extends Error {
  override name = "ConfigMissingError";
}

/**
 * Async; rejects with ConfigMissingError for names starting with "missing".
 * @observed fixtures
 */
export async function loadConfig(name: string): Promise<{ name: string; debug: boolean }> {
  bodyRuns.loadConfig++;
  await Promise.resolve();
  if (name.startsWith("missing")) throw new ConfigMissingError(`no config ${name}`);
  return { name, debug: false };
}
