// Generates the benchmark's function sources into bench/.out/src/: FUNCTIONS distinct small functions
// (sync and async), each written once as plain code, once tagged `/** @observed bench */` (built through
// the transformer), once in the hand-written emitted shape (only used when the transformer cannot be
// loaded), once instrumented in place with a TracingChannel (guarded and unguarded), once with an
// OpenTelemetry span, and once as TC39-decorated class methods. Every function is distinct code (its own
// constant), so calling all of them from one call site is megamorphic, as in a real app.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const FUNCTIONS = 64;

const ITEM = "interface Item { readonly qty: number; readonly price: number; readonly rate: Promise<number> }";
const range = (f) => Array.from({ length: FUNCTIONS }, (_, k) => f(k)).join("\n");
const list = (f) => `[${Array.from({ length: FUNCTIONS }, (_, k) => f(k)).join(", ")}]`;

// A realistic small body: two property reads, a few integer ops; results stay small integers (no boxing).
const syncBody = (k) => `  const t = item.price * n + item.qty + ${k};
  return (t ^ (t >>> 7)) & 0xffff;`;
// The async body awaits one already-settled promise (a cache hit): one microtask hop, like most real awaits.
const asyncBody = (k) => `  const rate = await item.rate;
  const t = item.price * n + rate + ${k};
  return (t ^ (t >>> 7)) & 0xffff;`;

function plain() {
  return `${ITEM}
${range((k) => `export function price${k}(item: Item, n: number): number {\n${syncBody(k)}\n}`)}
${range((k) => `export async function priceAsync${k}(item: Item, n: number): Promise<number> {\n${asyncBody(k)}\n}`)}
export const syncFns = ${list((k) => `price${k}`)};
export const asyncFns = ${list((k) => `priceAsync${k}`)};
`;
}

function tagged() {
  return `${ITEM}
${range((k) => `/** @observed bench */\nexport function price${k}(item: Item, n: number): number {\n${syncBody(k)}\n}`)}
${range((k) => `/** @observed bench */\nexport async function priceAsync${k}(item: Item, n: number): Promise<number> {\n${asyncBody(k)}\n}`)}
export const syncFns = ${list((k) => `price${k}`)};
export const asyncFns = ${list((k) => `priceAsync${k}`)};
`;
}

// docs/EMIT.md, written by hand: the fallback when the transformer is not built.
function hand() {
  const meta = (k, name, async) =>
    `var __obs_on${k} = 0, __obs_s${k} = __obs_site({ name: "${name}", qualifiedName: "${name}", file: "bench/gen", line: ${k + 1}, column: 1, kind: "function", async: ${async}, generator: false, params: ["item", "n"], rest: false, groups: ["bench"], redact: [], capture: []${async ? ", awaits: true" : ""} } as never, function (v: number) { __obs_on${k} = v; });`;
  const fn = (k, s, name, async, body) => {
    const b = body(k).replace(/return (.*);/, "return __obs_c === null ? $1 : (__obs_c.ok($1) as number);");
    const b2 = async ? b.replace("await item.rate", "(__obs_c === null ? await item.rate : (__obs_c.resume(await __obs_c.suspend(item.rate)) as number))") : b;
    return `export ${async ? "async " : ""}function ${name}(this: unknown, item: Item, n: number): ${async ? "Promise<number>" : "number"} {
  const __obs_c = __obs_on${s} > 0 ? __obs_s${s}.enter(this, item, n) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as number;
  try {
  ${b2}
    if (__obs_c !== null) __obs_c.done();
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as number;
  }
}`;
  };
  return `import { site as __obs_site, bind as __obs_bind } from "ts-observed/runtime";
${ITEM}
${range((k) => meta(k, `price${k}`, false))}
${range((k) => meta(FUNCTIONS + k, `priceAsync${k}`, true))}
${range((k) => `__obs_bind(__obs_s${k}, price${k});\n__obs_bind(__obs_s${FUNCTIONS + k}, priceAsync${k});`)}
${range((k) => fn(k, k, `price${k}`, false, syncBody))}
${range((k) => fn(k, FUNCTIONS + k, `priceAsync${k}`, true, asyncBody))}
export const syncFns = ${list((k) => `price${k}`)};
export const asyncFns = ${list((k) => `priceAsync${k}`)};
`;
}

// diagnostics_channel, instrumented per function as orchestrion-style tools do (one channel per
// function, the check in the function's own code), with a context object carrying `this` and the arguments.
function tracing() {
  const sync = (k, guarded) =>
    `export function ${guarded ? "guarded" : "unguarded"}${k}(this: unknown, item: Item, n: number): number {
  ${guarded ? `if (!tc${k}.hasSubscribers) return price${k}(item, n);\n  ` : ""}return tc${k}.traceSync(price${k}, { self: this, arguments: [item, n] }, this, item, n);
}`;
  const async = (k, guarded) =>
    `export function ${guarded ? "guarded" : "unguarded"}Async${k}(this: unknown, item: Item, n: number): Promise<number> {
  ${guarded ? `if (!tca${k}.hasSubscribers) return priceAsync${k}(item, n);\n  ` : ""}return tca${k}.tracePromise(priceAsync${k}, { self: this, arguments: [item, n] }, this, item, n);
}`;
  return `import { tracingChannel } from "node:diagnostics_channel";
import { ${Array.from({ length: FUNCTIONS }, (_, k) => `price${k}, priceAsync${k}`).join(", ")} } from "./plain.js";
${ITEM}
${range((k) => `const tc${k} = tracingChannel("bench:price${k}");\nconst tca${k} = tracingChannel("bench:priceAsync${k}");`)}
${range((k) => `${sync(k, true)}\n${sync(k, false)}\n${async(k, true)}\n${async(k, false)}`)}
export const channels = ${list((k) => `tc${k}`)};
export const asyncChannels = ${list((k) => `tca${k}`)};
export const guardedFns = ${list((k) => `guarded${k}`)};
export const unguardedFns = ${list((k) => `unguarded${k}`)};
export const guardedAsyncFns = ${list((k) => `guardedAsync${k}`)};
export const unguardedAsyncFns = ${list((k) => `unguardedAsync${k}`)};
`;
}

// OpenTelemetry as its docs show manual instrumentation: startActiveSpan, end in finally, record errors.
function otel() {
  return `import { trace, SpanStatusCode } from "@opentelemetry/api";
import { ${Array.from({ length: FUNCTIONS }, (_, k) => `price${k}, priceAsync${k}`).join(", ")} } from "./plain.js";
${ITEM}
const tracer = trace.getTracer("bench");
${range(
  (k) => `export function span${k}(item: Item, n: number): number {
  return tracer.startActiveSpan("price${k}", (span) => {
    try {
      return price${k}(item, n);
    } catch (e) {
      span.recordException(e as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw e;
    } finally {
      span.end();
    }
  });
}
export function spanAsync${k}(item: Item, n: number): Promise<number> {
  return tracer.startActiveSpan("priceAsync${k}", async (span) => {
    try {
      return await priceAsync${k}(item, n);
    } catch (e) {
      span.recordException(e as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw e;
    } finally {
      span.end();
    }
  });
}`,
)}
export const syncFns = ${list((k) => `span${k}`)};
export const asyncFns = ${list((k) => `spanAsync${k}`)};
`;
}

// TC39 standard decorators (experimentalDecorators: false), compiled by tsc; plus the same class undecorated.
function decorated(decorate) {
  const d = decorate ? "  @observedMethod\n" : "";
  return `${decorate ? 'import { observedMethod } from "./wrapper.js";\n' : ""}${ITEM}
export class Prices {
${range((k) => `${d}  price${k}(item: Item, n: number): number {\n  ${syncBody(k).replace("\n", "\n  ")}\n  }`)}
}
export class AsyncPrices {
${range((k) => `${d}  async priceAsync${k}(item: Item, n: number): Promise<number> {\n  ${asyncBody(k).replace(/\n/g, "\n  ")}\n  }`)}
}
export const syncMethods = ${list((k) => `Prices.prototype.price${k}`)};
export const asyncMethods = ${list((k) => `AsyncPrices.prototype.priceAsync${k}`)};
`;
}

/** Writes every generated source; returns their paths by role. */
export function generate(dir) {
  mkdirSync(dir, { recursive: true });
  const files = {
    plain: plain(),
    "plain-copy": plain(),
    observed: tagged(),
    "observed-hand": hand(),
    tracing: tracing(),
    otel: otel(),
    decorated: decorated(true),
    methods: decorated(false),
  };
  const paths = {};
  for (const [name, text] of Object.entries(files)) {
    paths[name] = join(dir, `${name}.ts`);
    writeFileSync(paths[name], text);
  }
  return paths;
}
