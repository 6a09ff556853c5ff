// The runtime's test functions, written as plain tagged TypeScript: vitest runs this file through the real
// Vite plugin (`transformer/vite.ts`, see vitest.config.ts), so the runtime is tested on the transformer's
// actual output (docs/EMIT.md). test/hand/transformed.test.ts fails if the file reaches vitest untransformed.

/** @observed hand math */
export function add(a: number, b: number): number {
  return a + b;
}

/** @observed hand */
export function divide(a: number, b: number): number {
  if (b === 0) throw new RangeError("division by zero");
  return a / b;
}

/** @observed hand */
export async function fetchUser(id: number): Promise<{ id: number; name: string }> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  if (id < 0) throw new Error(`no user ${id}`);
  return { id, name: `user${id}` };
}

/**
 * @observed hand
 * @capture sum, count
 */
export function total(items: number[]): number {
  if (items.length === 0) throw new Error("empty");
  let sum = 0;
  for (const item of items) sum += item;
  if (sum < 0) throw new Error("negative");
  const count = items.length;
  return sum;
}

/**
 * @observed hand
 * @redact password
 */
export function login(user: string, password: string): string {
  if (password !== "hunter2") throw new Error("authentication failed");
  return `session:${user}`;
}

/** @observed hand */
export function five(a: number, b: number, c: number, d: number, e: number): number {
  return a + b + c + d + e;
}

/** @observed hand */
export function spread(first: string, ...rest: string[]): string {
  return [first, ...rest].join("-");
}

/** @observed hand */
export function outer(n: number): number {
  return add(n, 1) * 2;
}

/** A Promise subclass with an extra method: a plain function returning it must hand back the same object. */
export class TaggedPromise<T> extends Promise<T> {
  tag(): string {
    return "tagged";
  }
}

/** @observed hand */
export function later(value: number): TaggedPromise<number> {
  const promise = new TaggedPromise<number>((resolve, reject) => setTimeout(() => (value < 0 ? reject(new Error("negative")) : resolve(value * 10)), 5));
  return promise;
}

/** @observed hand */
export function* count(n: number): Generator<number, string> {
  for (let i = 0; i < n; i++) yield i;
  return "done";
}

/** @observed hand */
export async function failLater(message: string): Promise<string> {
  const pending = Promise.reject(new Error(message));
  return pending;
}

export class Counter {
  value = 0;
  /** @observed hand */
  increment(): number {
    this.value++;
    return this.value;
  }
}

/**
 * Awaits instrumented (`awaits: true`): calls made after an await still have this call as parent.
 * @observed hand
 */
export async function pipeline(n: number): Promise<number> {
  const first = add(n, 1);
  const second = await fetchUser(first);
  return add(second.id, 1);
}

/**
 * Calls an observed function from a timer: its parent is found only through the opt-in async context.
 * @observed hand
 */
export async function viaTimer(n: number): Promise<number> {
  const value = await new Promise<number>((resolve) => setTimeout(() => resolve(add(n, n)), 1));
  return value;
}

/**
 * A lazy thenable, as query builders have it (Knex's QueryBuilder, Mongoose's Query, Drizzle's queries):
 * `then()` runs the query, each time it is called. Counts its runs.
 */
export class LazyQuery implements PromiseLike<string> {
  static runs = 0;
  constructor(readonly sql: string) {}
  then<A = string, B = never>(onfulfilled?: ((value: string) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): PromiseLike<A | B> {
    LazyQuery.runs++;
    return Promise.resolve(`rows of ${this.sql}`).then(onfulfilled, onrejected);
  }
}

/** @observed queries */
export function buildQuery(table: string): LazyQuery {
  return new LazyQuery(`select * from ${table}`);
}

/** @observed queries */
export async function runQuery(table: string): Promise<string> {
  return new LazyQuery(`select * from ${table}`);
}

/** @observed queries */
export function passThrough<T>(value: T): T {
  return value;
}
