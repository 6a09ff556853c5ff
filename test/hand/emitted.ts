// Hand-written in the exact shape the transformer emits (docs/EMIT.md), so the runtime can be tested
// on its own. The transformer's fixtures (test/fixtures/) check that real emitted code matches.
import { bind as __obs_bind, enter as __obs_enter, enterN as __obs_enterN, site as __obs_site } from "../../runtime/emit-api.js";

const meta = (name: string, params: string[], extra: Partial<Parameters<typeof __obs_site>[0]> = {}) => ({
  name, qualifiedName: name, file: "test/hand/emitted.ts", line: 1, column: 1, kind: "function" as const,
  async: false, generator: false, params, rest: false, groups: ["hand"], redact: [] as string[], capture: [] as string[], ...extra,
});

var __obs_s0 = __obs_site(meta("add", ["a", "b"], { groups: ["hand", "math"] }));
var __obs_s1 = __obs_site(meta("divide", ["a", "b"]));
var __obs_s2 = __obs_site(meta("fetchUser", ["id"], { async: true }));
var __obs_s3 = __obs_site(meta("total", ["items"], { capture: ["sum", "count"] }));
var __obs_s4 = __obs_site(meta("login", ["user", "password"], { redact: ["password"] }));
var __obs_s5 = __obs_site(meta("five", ["a", "b", "c", "d", "e"]));
var __obs_s6 = __obs_site(meta("spread", ["first", "rest"], { rest: true }));
var __obs_s7 = __obs_site(meta("outer", ["n"]));
var __obs_s8 = __obs_site(meta("later", ["value"]));
var __obs_s9 = __obs_site(meta("count", ["n"], { generator: true }));
var __obs_s10 = __obs_site(meta("failLater", ["message"], { async: true }));
var __obs_s11 = __obs_site(meta("Counter.increment", [], { name: "increment", kind: "method" }));
__obs_bind(__obs_s0, add);

export function add(a: number, b: number): number {
  const __obs_c = __obs_s0?.on ? __obs_enter(__obs_s0, this, a, b) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as number;
  try {
    return __obs_c === null ? a + b : (__obs_c.ok(a + b) as number);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as number;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

export function divide(a: number, b: number): number {
  const __obs_c = __obs_s1?.on ? __obs_enter(__obs_s1, this, a, b) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as number;
  try {
    if (b === 0) throw new RangeError("division by zero");
    return __obs_c === null ? a / b : (__obs_c.ok(a / b) as number);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as number;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

export async function fetchUser(id: number): Promise<{ id: number; name: string }> {
  const __obs_c = __obs_s2?.on ? __obs_enter(__obs_s2, this, id) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as { id: number; name: string };
  try {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (id < 0) throw new Error(`no user ${id}`);
    return __obs_c === null ? { id, name: `user${id}` } : (__obs_c.ok({ id, name: `user${id}` }) as { id: number; name: string });
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as { id: number; name: string };
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

export function total(items: number[]): number {
  const __obs_c = __obs_s3?.on ? __obs_enter(__obs_s3, this, items) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as number;
  try {
    __obs_c !== null && __obs_c.capture((__obs_k) => (__obs_k === 0 ? sum : count));
    if (items.length === 0) throw new Error("empty");
    let sum = 0;
    for (const item of items) sum += item;
    if (sum < 0) throw new Error("negative");
    const count = items.length;
    return __obs_c === null ? sum : (__obs_c.ok(sum) as number);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as number;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

export function login(user: string, password: string): string {
  const __obs_c = __obs_s4?.on ? __obs_enter(__obs_s4, this, user, password) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as string;
  try {
    if (password !== "hunter2") throw new Error("authentication failed");
    return __obs_c === null ? `session:${user}` : (__obs_c.ok(`session:${user}`) as string);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as string;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

export function five(a: number, b: number, c: number, d: number, e: number): number {
  const __obs_c = __obs_s5?.on ? __obs_enterN(__obs_s5, this, [a, b, c, d, e]) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as number;
  try {
    return __obs_c === null ? a + b + c + d + e : (__obs_c.ok(a + b + c + d + e) as number);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as number;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

export function spread(first: string, ...rest: string[]): string {
  const __obs_c = __obs_s6?.on ? __obs_enter(__obs_s6, this, first, rest) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as string;
  try {
    return __obs_c === null ? [first, ...rest].join("-") : (__obs_c.ok([first, ...rest].join("-")) as string);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as string;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

export function outer(n: number): number {
  const __obs_c = __obs_s7?.on ? __obs_enter(__obs_s7, this, n) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as number;
  try {
    return __obs_c === null ? add(n, 1) * 2 : (__obs_c.ok(add(n, 1) * 2) as number);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as number;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

/** A Promise subclass with an extra method: a plain function returning it must hand back the same object. */
export class TaggedPromise<T> extends Promise<T> {
  tag(): string {
    return "tagged";
  }
}

export function later(value: number): TaggedPromise<number> {
  const __obs_c = __obs_s8?.on ? __obs_enter(__obs_s8, this, value) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as TaggedPromise<number>;
  try {
    const promise = new TaggedPromise<number>((resolve, reject) => setTimeout(() => (value < 0 ? reject(new Error("negative")) : resolve(value * 10)), 5));
    return __obs_c === null ? promise : (__obs_c.ok(promise) as TaggedPromise<number>);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as TaggedPromise<number>;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

export function* count(n: number): Generator<number, string> {
  const __obs_c = __obs_s9?.on ? __obs_enter(__obs_s9, this, n) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as string;
  try {
    for (let i = 0; i < n; i++) yield i;
    return __obs_c === null ? "done" : (__obs_c.ok("done") as string);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as string;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

export async function failLater(message: string): Promise<string> {
  const __obs_c = __obs_s10?.on ? __obs_enter(__obs_s10, this, message) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as string;
  try {
    const pending = Promise.reject(new Error(message));
    return __obs_c === null ? pending : (__obs_c.ok(pending) as Promise<string>);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as string;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

export class Counter {
  value = 0;
  increment(): number {
    const __obs_c = __obs_s11?.on ? __obs_enter(__obs_s11, this) : null;
    if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as number;
    try {
      this.value++;
      return __obs_c === null ? this.value : (__obs_c.ok(this.value) as number);
    } catch (__obs_e) {
      if (__obs_c === null) throw __obs_e;
      return __obs_c.fail(__obs_e) as number;
    } finally {
      if (__obs_c !== null) __obs_c.done();
    }
  }
}
__obs_bind(__obs_s11, Counter.prototype.increment);

var __obs_s12 = __obs_site(meta("pipeline", ["n"], { async: true, awaits: true }));
var __obs_s13 = __obs_site(meta("viaTimer", ["n"], { async: true, awaits: true }));

/** Awaits instrumented (`awaits: true`): calls made after an await still have this call as parent. */
export async function pipeline(n: number): Promise<number> {
  const __obs_c = __obs_s12?.on ? __obs_enter(__obs_s12, this, n) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as number;
  try {
    const first = add(n, 1);
    const second = (__obs_c === null ? await fetchUser(first) : (__obs_c.resume(await (__obs_c.suspend(fetchUser(first)) as Promise<{ id: number }>)) as { id: number }));
    return __obs_c === null ? add(second.id, 1) : (__obs_c.ok(add(second.id, 1)) as number);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as number;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

/** Calls an observed function from a timer: its parent is found only through the opt-in async context. */
export async function viaTimer(n: number): Promise<number> {
  const __obs_c = __obs_s13?.on ? __obs_enter(__obs_s13, this, n) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as number;
  try {
    const value = (__obs_c === null
      ? await new Promise<number>((resolve) => setTimeout(() => resolve(add(n, n)), 1))
      : (__obs_c.resume(await (__obs_c.suspend(new Promise<number>((resolve) => setTimeout(() => resolve(add(n, n)), 1))) as Promise<number>)) as number));
    return __obs_c === null ? value : (__obs_c.ok(value) as number);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as number;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}
