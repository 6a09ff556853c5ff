// The runtime's exit path (`CallContext.exit`: ok, fail, done, early) must stay one shared, out-of-line
// function: TurboFan inlining a copy into every observed function made 64 observed functions called in
// turn miss the instruction cache (docs/BENCHMARKS.md, "Where the time goes"). V8 never inlines a function
// over 460 bytes of bytecode, so a refactoring that shrinks `exit` under that limit would bring the copies
// back silently; this test runs a real observed function hot under `--trace-turbo-inlining` and checks.
// It runs the built runtime (dist/, as `npm test` builds it first), as an application would.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { rewrite } from "../transformer/rewrite.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = join(root, "test/.out/inlining");

/**
 * Rewrites `source` as `<name>.mjs` through the transformer, writes `runner` beside it, runs the runner hot
 * with `flags` (and synchronous optimization: on a loaded machine a background compile could finish after
 * the loop) and returns its output lines. The files are inside this package, so "ts-observed" resolves to
 * it (package self-reference).
 */
function runObserved(name: string, source: string, runner: string, flags: string[]): string[] {
  const rewritten = rewrite(source, join(dir, `${name}.mjs`), {
    enabled: true,
    tag: "observed",
    runtime: "ts-observed/runtime",
    observeAll: false,
    projectRoot: root,
    includes: () => true,
    format: "esm",
  });
  expect(rewritten?.functions).toBe(1);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.mjs`), rewritten!.code);
  writeFileSync(join(dir, `${name}-runner.mjs`), runner);
  const run = spawnSync(process.execPath, [...flags, "--no-concurrent-recompilation", join(dir, `${name}-runner.mjs`)], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split("\n");
}

const source = `/** @observed */
export function price(item, n) {
  const t = item.price * n + item.qty;
  return (t ^ (t >>> 7)) & 65535;
}
`;

const runner = `import { observe } from "ts-observed";
import { price } from "./price.mjs";
let calls = 0;
observe(price, { name: "completed", states: ["COMPLETED"], timing: false, nesting: false, update() { calls++; } });
const items = Array.from({ length: 8 }, (_, k) => ({ price: k + 3, qty: k }));
let sink = 0;
for (let i = 0; i < 300000; i++) sink ^= price(items[i & 7], i);
console.log(JSON.stringify({ calls, sink }));
`;

describe("the runtime's hot path under TurboFan", () => {
  it("inlines the small entry points into an observed function but calls the shared exit path", () => {
    const lines = runObserved("price", source, runner, ["--trace-turbo-inlining"]);
    expect(JSON.parse(lines.filter((l) => l.startsWith("{")).at(-1)!)).toMatchObject({ calls: 300000 });
    const inlined = lines
      .map((l) => /^Inlining .*<SharedFunctionInfo ([\w$ ]+)>\} into .*<SharedFunctionInfo ([\w$ ]+)>\}/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]} -> ${m[2]}`);
    // The observed function was optimized with the runtime in view: its entry points were inlined (`site.enter`
    // is the function `startCall` itself, runtime/site.ts), the context's constructor with them...
    expect(inlined).toContain("ok -> price");
    expect(inlined).toContain("startCall -> price");
    expect(inlined).toContain("CallContext -> price");
    // ...but the exit path never was, into it or anything else.
    expect(inlined.filter((pair) => pair.startsWith("exit ->"))).toEqual([]);
  });

  it("keeps optimized observed code when a call passes or returns a new kind of value", () => {
    // V8 specializes an object's fields to the first kinds of values stored in them; the context's
    // fields that hold user values are made generic at load (generalizeFields in runtime/context.ts).
    // Without that, the first call with a double, a string or an object of another shape generalizes the
    // field and deoptimizes every function that inlined the context's constructor.
    const passSource = `/** @observed */
export function pass(value) {
  return value;
}
`;
    const passRunner = `import { observe } from "ts-observed";
import { pass } from "./pass.mjs";
let calls = 0;
observe(pass, { name: "completed", states: ["COMPLETED"], timing: false, nesting: false, update() { calls++; } });
let sink;
function hot(value) {
  for (let i = 0; i < 200000; i++) sink = pass(value);
}
hot({ price: 1, qty: 2 });
console.log("--- new kinds of values");
for (const value of [1.5, "text", [1], 7, { other: 1 }, undefined, null]) hot(value);
console.log(JSON.stringify({ calls }));
`;
    const lines = runObserved("pass", passSource, passRunner, ["--trace-deopt"]);
    expect(JSON.parse(lines.filter((l) => l.startsWith("{")).at(-1)!)).toEqual({ calls: 200000 * 8 });
    const after = lines.slice(lines.indexOf("--- new kinds of values"));
    // Only the code that inlined the constructor: `exit` itself may still deoptimize once or twice here, on
    // purpose, when it first looks up `then` on a returned object of a new shape (the thenable check).
    expect(after.filter((l) => /deoptimizing .*<JSFunction (hot|pass|enter|startCall) /.test(l))).toEqual([]);
  });
});

