/**
 * The shared analysis, unit by unit: tags, shapes and names, parameters, own returns and awaits, the
 * prologue position, binds, @capture/@redact validation, emitted names, observe-all, diagnostics —
 * with the user's TypeScript 5.9 and with the TS 6 parser the bundler path passes.
 */
import ts from "typescript";
import ts6 from "@typescript/typescript6";
import { describe, expect, it } from "vitest";
import { analyze, type AnalyzeOptions, type TsNamespace } from "../transformer/analyze.js";
import { guard, InternalTransformerError, TransformerError } from "../transformer/errors.js";
import type { FilePlan, FunctionPlan } from "../transformer/plan.js";
import { parseCommentTags } from "../transformer/analyze/tags.js";
import { chooseNames } from "../transformer/analyze/names.js";
import { siteMetaCode } from "../transformer/analyze/site-meta.js";

const ROOT = "/project";
const OPTIONS: AnalyzeOptions = { tag: "observed", runtime: "ts-observed/runtime", observeAll: false, projectRoot: ROOT };

function plan(code: string, options: Partial<AnalyzeOptions> = {}, tsNs: TsNamespace = ts as unknown as TsNamespace): FilePlan {
  const sourceFile = tsNs.createSourceFile(`${ROOT}/src/file.ts`, code, tsNs.ScriptTarget.Latest, true, tsNs.ScriptKind.TS);
  return analyze(tsNs, sourceFile, { ...OPTIONS, ...options });
}

function only(code: string, options: Partial<AnalyzeOptions> = {}): FunctionPlan {
  const p = plan(code, options);
  expect(p.diagnostics).toEqual([]);
  expect(p.functions).toHaveLength(1);
  return p.functions[0]!;
}

function text(node: ts.Node): string {
  return node.getText();
}

describe("parseCommentTags", () => {
  const parse = (comment: string) => parseCommentTags(comment, 0, comment.length, "observed");

  it("reads @observed with groups, @capture and @redact lists, on one or several lines", () => {
    const tags = parse("/**\n * Checks out.\n * @observed billing audit\n * @capture total, items\n * @redact password\n */");
    expect(tags?.observed?.args).toEqual(["billing", "audit"]);
    expect(tags?.capture.map((c) => c.args)).toEqual([["total", "items"]]);
    expect(tags?.redact.map((r) => r.args)).toEqual([["password"]]);
    expect(parse("/** @observed @capture a */")?.capture[0]?.args).toEqual(["a"]);
    expect(parse("/** @observed */")?.observed?.args).toEqual([]);
  });

  it("records the offset of each tag's @", () => {
    const comment = "/**\n * @observed\n * @capture x\n */";
    const tags = parse(comment)!;
    expect(comment.slice(tags.observed!.pos, tags.observed!.pos + tags.observed!.length)).toBe("@observed");
    expect(comment.slice(tags.capture[0]!.pos, tags.capture[0]!.pos + 8)).toBe("@capture");
  });

  it("ignores prose mentions, longer tag names and other tags", () => {
    expect(parse("/** See the @observed tag in the README. */")).toBeUndefined();
    expect(parse("/** @observedish */")).toBeUndefined();
    expect(parse("/** @param x the value */")).toBeUndefined();
    expect(parseCommentTags("/** @traced */", 0, 14, "traced")?.observed).toBeDefined();
  });
});

describe("analyze: shapes and names", () => {
  it("returns an empty plan without parsing anything when the file never mentions the tag", () => {
    const p = plan("export function f() { return 1; }");
    expect(p.functions).toEqual([]);
    expect(p.imports).toEqual([]);
  });

  it("function declarations, export default, nested functions", () => {
    const p = plan(`
/** @observed */ export function outer(a: number) {
  /** @observed */ function inner() { return 1; }
  return inner() + a;
}
/** @observed */ export default function (x: string) { return x; }`);
    expect(p.functions.map((f) => [f.meta.name, f.meta.qualifiedName, f.meta.kind])).toEqual([
      ["outer", "outer", "function"],
      ["inner", "outer.inner", "function"],
      ["default", "default", "function"],
    ]);
    // The anonymous default function is bound by the name the emitters give it (anonymous-default.test.ts).
    expect(p.functions.map((f) => f.bind?.expressionCode)).toEqual(["outer", undefined, "__obs_default"]);
  });

  it("arrows and function expressions take the name of what holds them", () => {
    const p = plan(`
/** @observed */ export const double = (x: number) => x * 2;
/** @observed */ const named = function inner() {};
const api = {
  /** @observed */ load(id: string) { return id; },
  /** @observed */ arrow: () => 1,
  /** @observed */ get size() { return 1; },
};
/** @observed */ service.handle = function () {};
/** @observed */ Foo.prototype.bar = function () {};
/** @observed */ export default async () => 1;
run(/** @observed */ (n) => n);
/** @observed */ const asserted = <() => number>(() => 1);
/** @observed */ const cast = (() => 2) as () => number;
/** @observed */ const checked = (() => 3)!;`);
    expect(p.functions.map((f) => [f.meta.name, f.meta.qualifiedName, f.meta.kind])).toEqual([
      ["double", "double", "arrow"],
      ["inner", "inner", "function"],
      ["load", "api.load", "method"],
      ["arrow", "api.arrow", "arrow"],
      ["size", "api.size", "getter"],
      ["handle", "service.handle", "function"],
      ["bar", "Foo.bar", "function"],
      ["default", "default", "arrow"],
      ["", "<anonymous>", "arrow"],
      // Through a type assertion, `as` and `!` (JavaScript names them too: the stripped initializer is a
      // parenthesized anonymous function).
      ["asserted", "asserted", "arrow"],
      ["cast", "cast", "arrow"],
      ["checked", "checked", "arrow"],
    ]);
    expect(p.functions[7]!.meta.async).toBe(true);
  });

  it("class members: instance, static, #private, accessors, constructor, generator, field arrow", () => {
    const p = plan(`
export class Cart extends Base {
  /** @observed */ constructor(a: number) { const x = a; super(x); this.y = 1; }
  /** @observed */ checkout() { return 1; }
  /** @observed */ static create() { return new Cart(1); }
  /** @observed */ #secret() { return 2; }
  /** @observed */ get total() { return 3; }
  /** @observed */ set total(v: number) {}
  /** @observed */ async *stream() { yield 1; }
  /** @observed */ handler = (e: Event) => e;
  /** @observed */ "odd-name"() {}
}`);
    expect(p.functions.map((f) => [f.meta.qualifiedName, f.meta.kind, f.meta.async, f.meta.generator, f.bind?.expressionCode])).toEqual([
      ["Cart.constructor", "constructor", false, false, "Cart"],
      ["Cart.checkout", "method", false, false, "Cart.prototype.checkout"],
      ["Cart.create", "method", false, false, "Cart.create"],
      ["Cart.#secret", "method", false, false, undefined],
      ["Cart.total", "getter", false, false, 'Object.getOwnPropertyDescriptor(Cart.prototype, "total").get'],
      ["Cart.total", "setter", false, false, 'Object.getOwnPropertyDescriptor(Cart.prototype, "total").set'],
      ["Cart.stream", "method", true, true, "Cart.prototype.stream"],
      ["Cart.handler", "arrow", false, false, undefined],
      ["Cart.odd-name", "method", false, false, 'Cart.prototype["odd-name"]'],
    ]);
    const ctor = p.functions[0]!;
    expect(text(ctor.superStatement!)).toBe("super(x);");
    expect(ctor.prologueAfter).toBe(ctor.superStatement);
    const bindAfter = ctor.bind!.afterStatement;
    expect(bindAfter !== "top" && ts.isClassDeclaration(bindAfter)).toBe(true);
  });

  it("a class expression's members are named after its holder, and bound through it after the variable statement", () => {
    const p = plan(`const Widget = class { /** @observed */ draw() {} };`);
    expect(p.functions[0]!.meta.qualifiedName).toBe("Widget.draw");
    expect(p.functions[0]!.bind?.expressionCode).toBe("Widget.prototype.draw");
    const after = p.functions[0]!.bind!.afterStatement;
    expect(after !== "top" && ts.isVariableStatement(after)).toBe(true);
  });

  it("a tag on an overload signature observes the implementation only", () => {
    const fn = only(`
/** @observed */
export function f(x: string): string;
export function f(x: number): number;
export function f(x: any) { return x; }`);
    expect(fn.node.body).toBeDefined();
    expect(fn.meta.params).toEqual(["x"]);
  });

  it("site line and column are 1-based at the name (or the function itself)", () => {
    const p = plan(`\n/** @observed */\nexport function checkout() {}\n/** @observed */ const a = () => 1;`);
    expect([p.functions[0]!.meta.line, p.functions[0]!.meta.column]).toEqual([3, 17]);
    expect([p.functions[1]!.meta.line, p.functions[1]!.meta.column]).toEqual([4, 28]);
    expect(p.functions[0]!.meta.file).toBe("src/file.ts");
  });
});

describe("analyze: parameters", () => {
  it("identifiers, defaults, patterns and rest; the `this` parameter is not a value", () => {
    const fn = only(`/** @observed */ function f(this: Foo, a: number, b = 2, { id, name: alias }: User, [x, , y]: number[], ...rest: string[]) {}`);
    expect(fn.params.map((p) => [p.name, p.valueCode, p.shape])).toEqual([
      ["a", "a", "identifier"],
      ["b", "b", "identifier"],
      ["{ id, name: alias }", "{ id, alias }", "object"],
      ["[x, , y]", "[x, y]", "array"],
      ["rest", "rest", "identifier"],
    ]);
    expect(fn.meta.rest).toBe(true);
    expect(fn.meta.params).toEqual(["a", "b", "{ id, name: alias }", "[x, , y]", "rest"]);
  });

  it("imports list only what is used (calls start with the site's own enter/enterN)", () => {
    const p = plan(`/** @observed */ export function five(a, b, c, d, e) {}\n/** @observed */ const two = (a, b) => a;`);
    expect(p.imports).toEqual(["site", "bind"]);
    expect(plan(`/** @observed */ const two = (a, b) => a;`).imports).toEqual(["site", "bind"]);
    expect(plan(`run(/** @observed */ (a, b) => a);`).imports).toEqual(["site"]);
  });
});

describe("analyze: own returns, awaits, prologue position", () => {
  it("collects own `return X` only: not bare returns, not nested functions or classes", () => {
    const fn = only(`/** @observed */ function f(a) {
  if (a) { return 1; }
  for (;;) { try { return 2; } catch { return; } }
  const g = () => { return 3; };
  class C { m() { return 4; } }
  switch (a) { case 1: return 5; default: { return 6; } }
}`);
    expect(fn.returns.map(text)).toEqual(["return 1;", "return 2;", "return 5;", "return 6;"]);
  });

  it("collects own awaits of async functions; a `for await` turns await instrumentation off", () => {
    const fn = only(`/** @observed */ async function f() { const a = await x(); const g = async () => await y(); return (await z()) + a; }`);
    expect(fn.awaits.map(text)).toEqual(["await x()", "await z()"]);
    expect(fn.meta.awaits).toBe(true);
    const loop = only(`/** @observed */ async function f(s) { for await (const v of s) {} await x(); }`);
    expect([loop.awaits, loop.meta.awaits]).toEqual([[], false]);
    const gen = only(`/** @observed */ async function* f() { await x(); }`);
    expect([gen.awaits, gen.meta.awaits]).toEqual([[], false]);
    // An `await using` in a nested block is disposed (an await) where the block ends: off too.
    const nested = only(`/** @observed */ async function f(r) { if (r) { await using h = r; await x(); } }`);
    expect([nested.awaits, nested.meta.awaits]).toEqual([[], false]);
    const loopUsing = only(`/** @observed */ async function f(rs) { for (await using h of rs) {} await x(); }`);
    expect([loopUsing.awaits, loopUsing.meta.awaits]).toEqual([[], false]);
    // At the top level of the body it is disposed after the call settled: the awaits stay wrapped.
    const top = only(`/** @observed */ async function f(r) { await using h = r; await x(); const g = async () => { { await using i = r; } }; }`);
    expect([top.awaits.map(text), top.meta.awaits]).toEqual([["await x()"], true]);
  });

  it("plans a resume at the start of each own catch / finally block a rejected own await can enter", () => {
    const fn = only(`/** @observed */ async function f(s) {
  try { await a(); } catch { c1(); }
  try { s(); } catch { await b(); } finally { f1(); }
  try { s(); } catch { s(); } finally { f2(); }
  for (;;) { try { try { await c(); } finally { f3(); } } catch (e) { continue; } }
  try { const g = async () => { try { await d(); } catch { c4(); } }; } catch { c5(); } finally { f5(); }
  try { s(); } finally { await e(); }
}`);
    expect(fn.resumeBlocks.map(text)).toEqual(["{ c1(); }", "{ f1(); }", "{ f3(); }", "{ continue; }"]);
    // No own awaits (or not wrapped): nothing to resume.
    expect(only(`/** @observed */ async function f() { try { s(); } catch { c(); } }`).resumeBlocks).toEqual([]);
    expect(only(`/** @observed */ async function f(s) { try { await x(); for await (const v of s) {} } catch { c(); } }`).resumeBlocks).toEqual([]);
    expect(only(`/** @observed */ async function* f() { try { await x(); } catch { c(); } }`).resumeBlocks).toEqual([]);
  });

  it("keeps directives first: the prologue goes after them", () => {
    const fn = only(`/** @observed */ function f() { "use strict"; "other"; return 1; }`);
    expect(fn.directiveCount).toBe(2);
    expect(text(fn.prologueAfter!)).toBe('"other";');
  });

  it("the file header goes after a shebang and the file's directives", () => {
    const code = `#!/usr/bin/env node\n"use strict";\n/** @observed */ export function f() {}`;
    const p = plan(code);
    expect(code.slice(0, p.headerPosition)).toBe(`#!/usr/bin/env node\n"use strict";`);
  });
});

describe("analyze: @capture and @redact", () => {
  it("accepts parameters, top-level declarations and vars anywhere outside nested functions", () => {
    const fn = only(`/**
 * @observed
 * @capture a, total, helper, Kind, found, i
 */
function f(a) {
  let total = 0;
  function helper() {}
  class Kind {}
  if (a) { var found = true; }
  for (var i = 0; i < 1; i++) {}
  return total;
}`);
    expect(fn.meta.capture).toEqual(["a", "total", "helper", "Kind", "found", "i"]);
  });

  it("rejects block-scoped locals of inner blocks and locals of nested functions, located at the tag", () => {
    const code = `/**
 * @observed
 * @capture inner, nested
 */
function f() {
  if (x) { let inner = 1; }
  function g() { var nested = 1; }
}`;
    const p = plan(code);
    expect(p.diagnostics.map((d) => [d.code, d.line, d.column, d.category])).toEqual([
      ["TSO1003", 3, 4, "error"],
      ["TSO1003", 3, 4, "error"],
    ]);
    expect(p.diagnostics[0]!.message).toContain('named "inner"');
    expect(p.functions[0]!.meta.capture).toEqual([]);
  });

  it("@redact names parameters; a name bound by a pattern redacts that whole parameter, every name it binds listed after it", () => {
    const fn = only(`/**
 * @observed
 * @redact password, token
 */
function login(user, password, { token, scope }) {}`);
    expect(fn.meta.redact).toEqual(["password", "{ token, scope }", "token", "scope"]);
    // Two names of one pattern, or an identifier named twice: each name once.
    expect(only(`/** @observed @redact scope, token, scope */ function f({ token, scope }, [a, b]) {}`).meta.redact).toEqual(["{ token, scope }", "token", "scope"]);
  });

  it("@capture of a @redact'ed name is kept (the runtime shows it redacted) and is a located warning, in either tag order", () => {
    const code = `/**
 * @observed
 * @capture ok, password, scope
 * @redact password, token
 */
function login(user, password, { token, scope }) { const ok = true; return ok; }
/** @observed @capture token */
/** @redact token */
const g = ({ token }) => token;`;
    for (const tsNs of [ts, ts6] as unknown as TsNamespace[]) {
      const p = plan(code, {}, tsNs);
      expect(p.functions.map((f) => f.meta.capture)).toEqual([["ok", "password", "scope"], ["token"]]);
      expect(p.functions.map((f) => f.meta.redact)).toEqual([["password", "{ token, scope }", "token", "scope"], ["{ token }", "token"]]);
      expect(p.diagnostics.map((d) => [d.code, d.category, d.line, d.column])).toEqual([
        ["TSO1009", "warning", 3, 4],
        ["TSO1009", "warning", 3, 4],
        ["TSO1009", "warning", 7, 15],
      ]);
      expect(p.diagnostics.map((d) => d.message)).toEqual([
        '@capture password: "password" is a @redact\'ed parameter of function login, so ctx.localVariables.password reads "[REDACTED]", as its argument does. Remove it from @capture, or remove the parameter from @redact if its value may be observed.',
        '@capture scope: "scope" is bound by "{ token, scope }", a @redact\'ed parameter (redacted whole) of function login, so ctx.localVariables.scope reads "[REDACTED]", as its argument does. Remove it from @capture, or remove the parameter from @redact if its value may be observed.',
        '@capture token: "token" is bound by "{ token }", a @redact\'ed parameter (redacted whole) of function g, so ctx.localVariables.token reads "[REDACTED]", as its argument does. Remove it from @capture, or remove the parameter from @redact if its value may be observed.',
      ]);
    }
  });
});

describe("analyze: diagnostics", () => {
  it("a tag on a non-function, a body-less function, and a stray tag", () => {
    const p = plan(`/** @observed */ const n = 1;
/** @observed */ interface I {}
declare class D { /** @observed */ m(): void; }
function h() { return; /** @observed */ }`);
    expect(p.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["TSO1001", 1],
      ["TSO1001", 2],
      ["TSO1002", 3],
      ["TSO1008", 4],
    ]);
    expect(p.functions).toEqual([]);
  });

  it("says what the tag is on (a parameter, an enum, an import), and a tag after the last statement precedes no declaration", () => {
    const p = plan(`import { x } from "./x";
export function outer(/** @observed */ cb: () => void) { cb(); }
/** @observed */ enum E { A }
/** @observed */
`);
    expect(p.diagnostics.map((d) => [d.code, d.line, d.category])).toEqual([
      ["TSO1001", 2, "error"],
      ["TSO1001", 3, "error"],
      ["TSO1008", 4, "error"],
    ]);
    expect(p.diagnostics[0]!.message).toContain("@observed is on a parameter, which is not a function");
    expect(p.diagnostics[1]!.message).toContain("@observed is on an enum");
    expect(p.diagnostics[2]!.message).toContain("precedes no declaration");
  });

  it("tags in line comments are not read, and are pointed out", () => {
    const p = plan(`// @observed\nexport function f() {}`);
    expect(p.functions).toEqual([]);
    expect(p.diagnostics.map((d) => [d.code, d.category])).toEqual([["TSO1008", "warning"]]);
    expect(p.diagnostics[0]!.message).toContain("/** @observed */");
  });

  it("a file header line comment mentioning @capture does not leak into the first function", () => {
    const fn = only(`// @capture and @redact are documented elsewhere\n/** @observed */ export function f(a) { return a; }`);
    expect(fn.meta.capture).toEqual([]);
  });

  it("bad group names and empty @capture are reported", () => {
    const p = plan(`/**\n * @observed bad!group\n * @capture\n */ function f() {}`);
    expect(p.diagnostics.map((d) => d.code)).toEqual(["TSO1007", "TSO1007"]);
  });

  it("a derived constructor whose super() is nested is reported, observe-all skips it silently", () => {
    const code = `class A extends B { /** @observed */ constructor() { if (x) super(); else super(); } }`;
    expect(plan(code).diagnostics.map((d) => d.code)).toEqual(["TSO1005"]);
    expect(plan(code.replace("/** @observed */ ", ""), { observeAll: "all" }).functions).toEqual([]);
  });

  it("guard turns TransformerError into a report and other exceptions into an internal error naming file and function", () => {
    const reported: string[] = [];
    const sourceFile = ts.createSourceFile("/p/a.ts", "x", ts.ScriptTarget.Latest, true);
    guard("/p/a.ts", "f", () => {
      throw new TransformerError("TSO1001", "bad", sourceFile);
    }, (e) => reported.push(e.code));
    expect(reported).toEqual(["TSO1001"]);
    expect(() => guard("/p/a.ts", "Cart.checkout", () => {
      throw new TypeError("boom");
    }, () => undefined)).toThrow(InternalTransformerError);
    expect(() => guard("/p/a.ts", "Cart.checkout", () => {
      throw new TypeError("boom");
    }, () => undefined)).toThrow(/while transforming \/p\/a\.ts \(function Cart\.checkout\): boom/);
  });
});

describe("analyze: observe-all", () => {
  const code = `
export function pub() {}
function priv() {}
export const arrow = () => 1;
const local = () => 2;
export class Api { get() {} #hidden() {} private secret() {} }
class Internal { m() {} }
function listed() {}
export { listed };
declare function ambient(): void;
export default function () {}`;

  it('"all" instruments every function with a body', () => {
    expect(plan(code, { observeAll: "all" }).functions.map((f) => f.meta.qualifiedName)).toEqual([
      "pub", "priv", "arrow", "local", "Api.get", "Api.#hidden", "Api.secret", "Internal.m", "listed", "default",
    ]);
  });

  it('"exported" instruments what the module exports (not private members)', () => {
    const p = plan(code, { observeAll: "exported" });
    expect(p.functions.map((f) => [f.meta.qualifiedName, f.tagged])).toEqual([
      ["pub", false], ["arrow", false], ["Api.get", false], ["listed", false], ["default", false],
    ]);
  });

  it("tags still add groups and captures in observe-all mode", () => {
    const p = plan(`/**\n * @observed io\n * @capture x\n */\nexport function f() { const x = 1; }\nexport function g() {}`, { observeAll: "exported" });
    expect(p.functions.map((f) => [f.meta.name, f.meta.groups, f.meta.capture, f.tagged])).toEqual([
      ["f", ["io"], ["x"], true],
      ["g", [], [], false],
    ]);
  });
});

describe("analyze: emitted names and metadata text", () => {
  it("picks a prefix no text of the file starts a name with", () => {
    expect(chooseNames("const a = 1;").ctx).toBe("__obs_c");
    expect(chooseNames("const __obs_c = 1;").ctx).toBe("__obs1_c");
    expect(chooseNames("// __obs_ and __obs1_x").site).toBe("__obs2_site");
    expect(plan(`const __obs_site = 1;\n/** @observed */ function f() {}`).names.sitePrefix).toBe("__obs1_s");
  });

  const literal = (code: string): Record<string, unknown> => new Function(`return ${code};`)() as Record<string, unknown>;

  it("writes site metadata in the documented field order, leaving out the fields at their default", () => {
    const plain = only(`/** @observed */ function f() {}`);
    expect(siteMetaCode(plain.meta)).toBe(`{ name: "f", file: "src/file.ts", line: 1, column: 27 }`);
    const full = only(`class C {\n  /** @observed g\n   * @redact b\n   * @capture t */\n  async *m(a: number, ...b: string[]) { const t = 1; yield t; }\n}`);
    expect(Object.keys(literal(siteMetaCode(full.meta)))).toEqual([
      "name", "qualifiedName", "file", "line", "column", "kind", "async", "generator", "params", "rest", "groups", "redact", "capture",
    ]);
  });
});

describe("analyze: the entry call's this (thisArgCode)", () => {
  const code = `
/** @observed */ export const top = (a: number) => a;
export const curried = (a: number) => (b: number) => /** @observed */ (c: number) => a + b + c;
export const obj = { prop: /** @observed */ () => 1 };
export function fn() { return /** @observed */ () => this; }
/** @observed */ export function declared() { return this; }
export const expr = function () { return /** @observed */ () => this; };
export class C {
  /** @observed */ field = () => this;
  /** @observed */ static sfield = () => this;
  /** @observed */ method() { return this; }
  m2() { return /** @observed */ () => this; }
  static { const s = /** @observed */ () => this; }
  [(/** @observed */ () => 1)()] = 2;
}
export const o = { method() { return /** @observed */ () => this; }, get g() { return /** @observed */ () => this; } };
namespace N { export const n = /** @observed */ () => 1; }`;
  const codes = (options: Partial<AnalyzeOptions>, tsNs?: TsNamespace) => {
    const p = plan(code, options, tsNs);
    expect(p.diagnostics).toEqual([]);
    return Object.fromEntries(p.functions.map((f) => [`${f.meta.qualifiedName}@${f.meta.line}`, f.thisArgCode]));
  };
  const esm = {
    "top@2": "void 0",
    "curried.<anonymous>@3": "void 0",
    "obj.prop@4": "void 0",
    "fn.<anonymous>@5": "this",
    "declared@6": "this",
    "expr.<anonymous>@7": "this",
    "C.field@9": "this",
    "C.sfield@10": "this",
    "C.method@11": "this",
    "C.m2.<anonymous>@12": "this",
    "C.s@13": "this",
    "C.<anonymous>@14": "this",
    "o.method.<anonymous>@16": "this",
    "o.g.<anonymous>@16": "this",
    "N.n@17": "this",
  };

  for (const [label, tsNs] of [["TS 5.9", ts], ["the TS 6 parser", ts6]] as const) {
    it(`void 0 only for arrows whose this is the module's top-level this, in ES module output (${label})`, () => {
      const got = codes({ esModuleOutput: true }, tsNs as unknown as TsNamespace);
      expect(got).toEqual(esm);
    });

    it(`this everywhere in CommonJS output (top-level this is module.exports) and when unset (${label})`, () => {
      for (const options of [{ esModuleOutput: false }, {}]) {
        expect(new Set(Object.values(codes(options, tsNs as unknown as TsNamespace)))).toEqual(new Set(["this"]));
      }
    });
  }

  it("a script (no import/export) in ES module output gets the runtime import: void 0 too; in CommonJS output this", () => {
    const script = "/** @observed */ const f = (x: number) => x;";
    expect(plan(script).isModule).toBe(false);
    expect(plan(script, { esModuleOutput: true }).functions[0]!.thisArgCode).toBe("void 0");
    expect(plan(script, { esModuleOutput: false }).functions[0]!.thisArgCode).toBe("this");
  });
});

describe("analyze: server actions (Next.js) pass void 0, whatever the output format", () => {
  // Next's compiler rejects any `this` in a server action ("Server Actions cannot use `this`"): the emitted
  // entry call must not add one.
  const codes = (code: string, esModuleOutput: boolean) => {
    const p = plan(code, { esModuleOutput });
    expect(p.diagnostics).toEqual([]);
    return Object.fromEntries(p.functions.map((f) => [`${f.meta.qualifiedName}@${f.meta.line}`, f.thisArgCode]));
  };

  it("every function at the top level of a \"use server\" file (not class members)", () => {
    const file = `"use server";
/** @observed */ export async function save(fd: FormData) { return fd; }
/** @observed */ export default async function remove(id: string) { return id; }
export const update = /** @observed */ async function (id: string) { return id; };
export const arrow = /** @observed */ async (id: string) => id;
/** @observed */ async function helper() { return 1; }
export class Repo { /** @observed */ async find() { return this; } }`;
    for (const esm of [true, false]) {
      expect(codes(file, esm)).toEqual({ "save@2": "void 0", "remove@3": "void 0", "update@4": "void 0", "arrow@5": "void 0", "helper@6": "void 0", "Repo.find@7": "this" });
    }
  });

  it("a function with its own \"use server\", and arrows whose this is its", () => {
    const file = `export function Page(this: unknown) {
  /** @observed */ async function act(fd: FormData) { "use server"; return fd; }
  const inline = /** @observed */ async (fd: FormData) => { "use server"; return fd; };
  const nested = async function (this: unknown) { "use server"; return /** @observed */ () => this; };
  /** @observed */ async function plain() { return this; }
  async function withClass() { "use server"; return class K { field = /** @observed */ () => this; }; }
  return [act, inline, nested, plain, withClass];
}`;
    for (const esm of [true, false]) {
      expect(codes(file, esm)).toEqual({ "Page.act@2": "void 0", "Page.inline@3": "void 0", "Page.nested.<anonymous>@4": "void 0", "Page.plain@5": "this", "Page.withClass.K.field@6": "this" });
    }
  });
});

describe("analyze with the TS 6 parser", () => {
  it("computes the same plan from the namespace it is given (SyntaxKind numbers may differ)", () => {
    const code = `
export class Cart {
  /**
   * @observed billing
   * @capture total
   */
  async checkout({ id }: { id: number }, ...rest: number[]) { let total = await price(id); return total; }
}
/** @observed */ export const f = (a: number) => a;
/** @observed */ const n = 1;`;
    const strip = (p: FilePlan) => ({ meta: p.functions.map((f) => f.meta), diagnostics: p.diagnostics, returns: p.functions.map((f) => f.returns.length), awaits: p.functions.map((f) => f.awaits.length), resumeBlocks: p.functions.map((f) => f.resumeBlocks.length), names: p.names, imports: p.imports });
    expect(strip(plan(code, {}, ts6 as unknown as TsNamespace))).toEqual(strip(plan(code)));
    expect(plan(code).functions).toHaveLength(2);
  });
});
