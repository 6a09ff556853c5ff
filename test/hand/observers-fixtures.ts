// Hand-written in the exact shape the transformer emits (docs/EMIT.md), for the built-in observers' tests:
// functions that count how often their body ran, move the fake clock, throw chosen errors, or take
// sensitive parameters.
import { bind as __obs_bind, enter as __obs_enter, site as __obs_site } from "../../runtime/emit-api.js";
import { getClock } from "../../runtime/settings.js";
import { FakeClock } from "../../runtime/testing.js";

const meta = (name: string, params: string[], extra: Partial<Parameters<typeof __obs_site>[0]> = {}) => ({
  name, qualifiedName: name, file: "test/hand/observers-fixtures.ts", line: 1, column: 1, kind: "function" as const,
  async: false, generator: false, params, rest: false, groups: ["fixtures"], redact: [] as string[], capture: [] as string[], ...extra,
});

var __obs_s0 = __obs_site(meta("square", ["n"]));
var __obs_s1 = __obs_site(meta("lookupPrice", ["sku"], { async: true }));
var __obs_s2 = __obs_site(meta("deferredDouble", ["n"]));
var __obs_s3 = __obs_site(meta("work", ["ms", "fail"]));
var __obs_s4 = __obs_site(meta("risky", ["kind"]));
var __obs_s5 = __obs_site(meta("connect", ["host", "apiKey", "options"]));
var __obs_s6 = __obs_site(meta("signIn", ["user", "password"], { redact: ["password"] }));
var __obs_s7 = __obs_site(meta("loadConfig", ["name"], { async: true }));
__obs_bind(__obs_s0, square);
__obs_bind(__obs_s1, lookupPrice);
__obs_bind(__obs_s2, deferredDouble);
__obs_bind(__obs_s3, work);
__obs_bind(__obs_s4, risky);
__obs_bind(__obs_s5, connect);
__obs_bind(__obs_s6, signIn);
__obs_bind(__obs_s7, loadConfig);

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

export function square(n: number): number {
  const __obs_c = __obs_s0?.on ? __obs_enter(__obs_s0, this, n) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as number;
  try {
    bodyRuns.square++;
    return __obs_c === null ? n * n : (__obs_c.ok(n * n) as number);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as number;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

export async function lookupPrice(sku: string): Promise<{ sku: string; price: number }> {
  const __obs_c = __obs_s1?.on ? __obs_enter(__obs_s1, this, sku) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as { sku: string; price: number };
  try {
    bodyRuns.lookupPrice++;
    await Promise.resolve();
    if (sku === "") throw new Error("empty sku");
    return __obs_c === null ? { sku, price: sku.length * 10 } : (__obs_c.ok({ sku, price: sku.length * 10 }) as { sku: string; price: number });
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as { sku: string; price: number };
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

/** A plain (not async) function that returns a promise. */
export function deferredDouble(n: number): Promise<number> {
  const __obs_c = __obs_s2?.on ? __obs_enter(__obs_s2, this, n) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as Promise<number>;
  try {
    bodyRuns.deferredDouble++;
    const pending = Promise.resolve(n * 2);
    return __obs_c === null ? pending : (__obs_c.ok(pending) as Promise<number>);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as Promise<number>;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

/** Takes `ms` of fake-clock time, then returns `ms` or throws when `fail`. */
export function work(ms: number, fail = false): number {
  const __obs_c = __obs_s3?.on ? __obs_enter(__obs_s3, this, ms, fail) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as number;
  try {
    bodyRuns.work++;
    spend(ms);
    if (fail) throw new Error(`work failed after ${ms} ms`);
    return __obs_c === null ? ms : (__obs_c.ok(ms) as number);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as number;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

/** Throws the error named by `kind` ("range", "type", "string"), or returns "fine". */
export function risky(kind: string): string {
  const __obs_c = __obs_s4?.on ? __obs_enter(__obs_s4, this, kind) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as string;
  try {
    bodyRuns.risky++;
    if (kind === "range") throw new RangeError("out of range");
    if (kind === "type") throw new TypeError("wrong type");
    if (kind === "string") throw "a thrown string";
    return __obs_c === null ? "fine" : (__obs_c.ok("fine") as string);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as string;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

export function connect(host: string, apiKey: string, options: { retries: number; authHeader: string }): string {
  const __obs_c = __obs_s5?.on ? __obs_enter(__obs_s5, this, host, apiKey, options) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as string;
  try {
    if (host === "") throw new Error("no host");
    return __obs_c === null ? `connected:${host}` : (__obs_c.ok(`connected:${host}`) as string);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as string;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

/** Its `password` is `@redact`ed: contexts never see it. */
export function signIn(user: string, password: string): string {
  const __obs_c = __obs_s6?.on ? __obs_enter(__obs_s6, this, user, password) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as string;
  try {
    bodyRuns.signIn++;
    if (password !== "open sesame") throw new Error("bad password");
    return __obs_c === null ? `welcome ${user}` : (__obs_c.ok(`welcome ${user}`) as string);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as string;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

export class ConfigMissingError extends Error {
  override name = "ConfigMissingError";
}

/** Async; rejects with ConfigMissingError for names starting with "missing". */
export async function loadConfig(name: string): Promise<{ name: string; debug: boolean }> {
  const __obs_c = __obs_s7?.on ? __obs_enter(__obs_s7, this, name) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as { name: string; debug: boolean };
  try {
    bodyRuns.loadConfig++;
    await Promise.resolve();
    if (name.startsWith("missing")) throw new ConfigMissingError(`no config ${name}`);
    return __obs_c === null ? { name, debug: false } : (__obs_c.ok({ name, debug: false }) as { name: string; debug: boolean });
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as { name: string; debug: boolean };
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}
