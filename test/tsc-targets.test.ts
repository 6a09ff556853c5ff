// The tsc path prints fixed parts of the shape as raw text, which TypeScript's own transforms cannot see.
// Per target (transformer/tsc/transform-file.ts, emitStyleFor) it keeps real nodes where a downlevel
// transform rewrites them: ES5 declarations (→ var), conditions and returns inside the generator state
// machine of an ES5 async function, awaits of an async function below ES2017 (→ yield), returns of an async
// generator below ES2018. Each target's output must parse, run like the plain build, and be observed.
import * as ts from "typescript";
import { runInThisContext } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { observedTransformer } from "../transformer/tsc.js";
import * as emitApi from "../runtime/emit-api.js";
import { observe, observer, shutdown } from "../runtime/index.js";
import { ROOT } from "./harness/fixtures.js";

const LONG = JSON.stringify("x".repeat(170));
const SOURCE = `
class Base { constructor(public n: number) {} }
export class Derived extends Base {
  m: number;
  /** @observed */
  constructor(n: number) { super(n); const f = () => this.n; this.m = f(); }
  /** @observed */
  get twice(): number { return this.n * 2; }
}
/** @observed */
export const arrow = (x: number) => x + 1;
/** @observed */
export async function later(x: number): Promise<number> {
  const short = await Promise.resolve(x);
  const long = await Promise.resolve(${LONG});
  return short + long.length;
}
/** @observed */
export async function fails(): Promise<number> {
  await Promise.resolve(0);
  throw new Error("boom");
}
/** @observed */
export async function* counter(n: number) {
  yield n;
  return n + 1;
}
/** @observed */
export function bare(flag: boolean): void {
  if (flag) return;
}
/**
 * @observed
 * @capture total, x
 */
export function captured(x: number): number {
  let total = x * 2;
  if (total > 100) throw new Error("big");
  return total;
}
class Counted {
  static n = 1;
  /** @observed */
  static read = () => this.n + 1;
}
export const staticRead = () => Counted.read();
export class Props {
  /** @observed */
  constructor(public a: number, private b = 2) {}
  /** @observed */
  sum(k: number): number { return this.a + this.b + k; }
}
/** @observed */
export function* gen(n: number) {
  yield n;
  yield n + 1;
}
/** @observed */
export function disposes(log: string[]): number {
  using r = { [Symbol.dispose]() { log.push("disposed"); } };
  log.push("body");
  return log.length;
}
/** @observed */
export function child(n: number): number { return n + 1; }
/** @observed */
export async function recovers(p: Promise<number>): Promise<number> {
  let n = 0;
  try { n = await p; } catch { n = child(n); } finally { n = child(n); }
  return child(n);
}
class Parent { base(): number { return 1; } }
export class Child extends Parent {
  /** @observed */
  async viaSuper(): Promise<number> { await 0; return super.base() + 1; }
}
`;

const TARGETS = [ts.ScriptTarget.ES5, ts.ScriptTarget.ES2015, ts.ScriptTarget.ES2017, ts.ScriptTarget.ES2022];

/** Builds SOURCE for `target` as CommonJS, with or without the transformer; returns the module's exports. */
function build(target: ts.ScriptTarget, observed: boolean): { code: string; exports: Record<string, any> } {
  const fileName = `${ROOT}/src/targets.ts`;
  const host = ts.createCompilerHost({});
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language) => (name === fileName ? ts.createSourceFile(name, SOURCE, language) : original(name, language));
  const options: ts.CompilerOptions = { target, module: ts.ModuleKind.CommonJS, lib: ["lib.es2018.d.ts", "lib.esnext.disposable.d.ts"], strict: false, noEmitOnError: true, types: [] };
  const program = ts.createProgram([fileName], options, host);
  let code = "";
  const problems: string[] = [];
  const before = observed ? [observedTransformer(program, { root: ROOT }, { ts, addDiagnostic: (d) => problems.push(String(d.messageText)) })] : [];
  const result = program.emit(undefined, (name, text) => { if (name.endsWith(".js")) code = text; }, undefined, false, { before });
  expect(problems).toEqual([]);
  expect(result.diagnostics).toEqual([]);
  const exports: Record<string, any> = {};
  const require = (id: string): unknown => {
    if (id !== "ts-observed/runtime") throw new Error(`unexpected require ${id}`);
    return emitApi;
  };
  (runInThisContext(`(function (exports, require) {${code}\n})`) as (e: object, r: typeof require) => void)(exports, require);
  return { code, exports };
}

async function exercise(m: Record<string, any>): Promise<unknown[]> {
  const d = new m.Derived(4);
  const it = m.counter(5);
  const steps = [await it.next(), await it.next()];
  let failure: unknown;
  await m.fails().catch((e: Error) => { failure = e.message; });
  let big: unknown;
  try { m.captured(60); } catch (e) { big = (e as Error).message; }
  const log: string[] = [];
  const props = new m.Props(3);
  return [d.m, d.twice, m.arrow(1), await m.later(2), steps, failure, m.bare(true), m.bare(false), m.captured(4), big, m.staticRead(),
    props.a, props.sum(1), [...m.gen(7)], m.disposes(log), log, await new m.Child().viaSuper(), await m.recovers(Promise.reject(new Error("no")))];
}

afterEach(async () => {
  await shutdown();
});

describe("tsc path per target", () => {
  for (const target of TARGETS) {
    it(`${ts.ScriptTarget[target]}: output runs like the plain build, with and without an observer`, async () => {
      const plain = build(target, false);
      const observed = build(target, true);
      expect(observed.code).toContain("__obs_site(");
      // A raw condition negated by the generator transform must keep its parentheses.
      expect(observed.code).not.toMatch(/!__obs_c [!=]==/);
      const expected = await exercise(plain.exports);
      expect(await exercise(observed.exports)).toEqual(expected);

      const events: string[] = [];
      const locals: unknown[] = [];
      const receivers: unknown[] = [];
      const parents: unknown[] = [];
      using _sub = observe("*", observer((ctx) => {
        events.push(`${ctx.state}:${ctx.functionSignature.qualifiedName}`);
        // In a catch block after a rejected await, in the finally block, after them: the async call stays the parent.
        if (ctx.functionSignature.qualifiedName === "child" && ctx.state === "PRE_EXECUTION") parents.push(ctx.parent?.functionSignature.qualifiedName);
        if (ctx.functionSignature.qualifiedName === "captured" && ctx.state !== "PRE_EXECUTION" && ctx.state !== "COMPLETED") locals.push({ ...ctx.localVariables });
        // An arrow in a static initializer: its lexical `this` is the class, also where the initializer is moved out.
        if (ctx.functionSignature.qualifiedName === "Counted.read" && ctx.state === "PRE_EXECUTION") receivers.push((ctx.thisArg as { n?: unknown } | undefined)?.n);
      }, { name: "targets" }));
      expect(await exercise(observed.exports)).toEqual(expected);
      expect(locals).toEqual([{ total: 120, x: 60 }, { total: 8, x: 4 }]);
      expect(receivers).toEqual([1]);
      expect(parents).toEqual(["recovers", "recovers", "recovers"]);
      for (const name of ["Derived.constructor", "Derived.twice", "arrow", "later", "counter", "fails", "bare", "captured", "Counted.read", "Props.constructor", "Props.sum", "gen", "disposes", "Child.viaSuper"]) {
        expect(events).toContain(`PRE_EXECUTION:${name}`);
        expect(events).toContain(`COMPLETED:${name}`);
      }
      expect(events).toContain("POST_FAILURE:fails");
      expect(events.filter((e) => e === "POST_SUCCESS:later")).toHaveLength(1);
    });
  }
});
