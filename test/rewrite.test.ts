import { TraceMap, generatedPositionFor } from "@jridgewell/trace-mapping";
import ts from "@typescript/typescript6";
import { describe, expect, it } from "vitest";
import { rewrite, type RewriteSettings } from "../transformer/rewrite.js";

const root = "/project";
function settings(extra: Partial<RewriteSettings> = {}): RewriteSettings {
  return { enabled: true, tag: "observed", runtime: "ts-observed/runtime", observeAll: false, projectRoot: root, includes: () => true, format: "auto", ...extra };
}
function run(text: string, file = "/project/src/a.ts", extra: Partial<RewriteSettings> = {}) {
  const result = rewrite(text, file, settings(extra));
  if (result === undefined) throw new Error("expected a rewrite");
  return result;
}
/** Parse errors of `code` as TypeScript (the rewriter's output is still TypeScript until types are stripped). */
function syntaxErrors(code: string, file = "out.tsx"): string[] {
  const kind = file.endsWith(".js") ? ts.ScriptKind.JS : file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, kind);
  return (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("rewrite: the cheap path", () => {
  it("returns undefined for a file without the tag, looking at nothing but the text", () => {
    const calls: string[] = [];
    const result = rewrite("export const a = () => 1; // observed, but no at-sign\n", "/project/src/a.ts", settings({ includes: (p) => (calls.push(p), true) }));
    expect(result).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it("returns undefined when disabled, out of scope, or a declaration file", () => {
    const text = "/** @observed */ export function f() { return 1; }";
    expect(rewrite(text, "/project/src/a.ts", settings({ enabled: false }))).toBeUndefined();
    expect(rewrite(text, "/project/src/a.ts", settings({ includes: () => false }))).toBeUndefined();
    expect(rewrite("/** @observed */ export declare function f(): number;", "/project/src/a.d.ts", settings())).toBeUndefined();
  });

  it("uses the configured tag", () => {
    expect(rewrite("/** @observed */ function f() {}", "/project/a.ts", settings({ tag: "traced" }))).toBeUndefined();
    expect(run("/** @traced */ function f() {}", "/project/a.ts", { tag: "traced" }).functions).toBe(1);
  });
});

describe("rewrite: header", () => {
  it("goes after the shebang and the directive prologue, on existing lines", () => {
    const text = '#!/usr/bin/env node\n"use strict"\n/** @observed */\nexport function f(a: number) {\n  return a;\n}\n';
    const { code } = run(text);
    const lines = code.split("\n");
    expect(lines).toHaveLength(text.split("\n").length);
    expect(lines[0]).toBe("#!/usr/bin/env node");
    expect(lines[1]).toMatch(/^"use strict";import \{ site as __obs_site, bind as __obs_bind \} from "ts-observed\/runtime"; var __obs_on0 = 0, __obs_s0 = __obs_site\(/);
    expect(lines[1]).toContain("__obs_bind(__obs_s0, f);");
    expect(syntaxErrors(code)).toEqual([]);
  });

  it("imports only the runtime names used; more than four parameters start with enterN", () => {
    // An arrow in an array is not bound (docs/EMIT.md, "Binds"): only `site` is used.
    const { code } = run("export const fs = [/** @observed */ (a: number, b: number, c: number, d: number, e: number) => a];");
    expect(code).toMatch(/^import \{ site as __obs_site \} from "ts-observed\/runtime";/);
    expect(code).toContain("__obs_s0.enterN(void 0, [a, b, c, d, e])"); // top-level `this` of an ES module
  });

  it("requires the runtime in CommonJS files and imports it in ES modules", () => {
    const body = "/** @observed */ function f() { return 1; }\nmodule.exports = { f };\n";
    expect(run(body, "/project/a.cjs").code).toMatch(/^const \{ site: __obs_site, bind: __obs_bind \} = require\("ts-observed\/runtime"\);/);
    expect(run(body, "/project/a.js").code).toMatch(/^const \{ site: __obs_site/);
    expect(run("/** @observed */ export function f() { return 1; }", "/project/a.js").code).toMatch(/^import \{ site as __obs_site/);
    expect(run("/** @observed */ function f() { return 1; }", "/project/a.mjs").code).toMatch(/^import /);
    expect(run("/** @observed */ export function f() { return 1; }", "/project/a.ts", { format: "cjs" }).code).toMatch(/^const \{/);
  });

  it("passes `void 0` for the module's top-level `this` of an arrow in an ES module; `this` in CommonJS and everywhere else", () => {
    // Top-level `this` of an ES module is undefined: `void 0` is that value, with no `this` for Rollup to
    // rewrite and warn about at the user's line.
    const esm = run("export const double = /** @observed */ (x: number) => x * 2;\nexport const add = (a: number) => /** @observed */ (b: number) => a + b;").code;
    expect(esm).toContain("__obs_s0.enter(void 0, x)");
    expect(esm).toContain("__obs_s1.enter(void 0, b)");
    expect(esm).not.toMatch(/\bthis\b/);
    // A script in ES module output gets the runtime import: an ES module too.
    expect(run("const double = /** @observed */ (x: number) => x * 2;\ndouble(1);").code).toContain("__obs_s0.enter(void 0, x)");
    // CommonJS (top-level `this` is module.exports): a CommonJS script, a .cts file, a forced format.
    const cjsScript = "const double = /** @observed */ (x) => x * 2;\nmodule.exports = { double };\n";
    expect(run(cjsScript, "/project/a.js").code).toMatch(/^const \{ site: __obs_site/);
    expect(run(cjsScript, "/project/a.js").code).toContain("__obs_s0.enter(this, x)");
    expect(run("export const double = /** @observed */ (x: number) => x * 2;", "/project/a.cts").code).toContain("__obs_s0.enter(this, x)");
    expect(run("export const double = /** @observed */ (x: number) => x * 2;", "/project/a.ts", { format: "cjs" }).code).toContain("__obs_s0.enter(this, x)");
    // A function's own `this`, or an arrow's inside a function, a class member or a static block.
    const inner = run(`export function outer(this: unknown) { return /** @observed */ (x: number) => x; }
export class C {
  /** @observed */ field = (y: number) => y;
  /** @observed */ method() { return 1; }
  static { const s = /** @observed */ (z: number) => z; s(1); }
}
/** @observed */ export function plain(w: number) { return w; }`).code;
    for (const call of ["__obs_s0.enter(this, x)", "__obs_s1.enter(this, y)", "__obs_s2.enter(this)", "__obs_s3.enter(this, z)", "__obs_s4.enter(this, w)"]) expect(inner).toContain(call);
    expect(inner).not.toContain("void 0,");
  });

  it("uses the configured runtime path and picks names that do not collide", () => {
    const { code } = run("const __obs_c = 1;\n/** @observed */ export function f() { return __obs_c; }", "/project/a.ts", { runtime: "./rt.js" });
    expect(code).toContain('from "./rt.js"');
    expect(code).toContain("return __obs1_c === null ? __obs_c : __obs1_c.ok(__obs_c)");
  });
});

describe("rewrite: functions", () => {
  it("keeps a body's directive first and puts a derived constructor's prologue after super()", () => {
    const { code } = run(
      'class A {}\nexport class B extends A {\n  /** @observed */\n  constructor(x: number) {\n    super();\n    this.x = x;\n  }\n  x: number;\n}\n/** @observed */\nfunction s() {\n  "use strict";\n  return 1;\n}\n',
    );
    expect(code).toMatch(/super\(\);const __obs_c = __obs_on0 > 0 \? __obs_s0\.enter\(this, x\) : null;/);
    expect(code).toMatch(/"use strict";const __obs_c = __obs_on1 > 0/);
    expect(syntaxErrors(code)).toEqual([]);
  });

  it("rewrites own returns only, parenthesizes a comma expression, and turns expression bodies into blocks", () => {
    const { code } = run(
      "/** @observed */\nexport function f(n: number) {\n  const g = () => { return n; };\n  return g(), n;\n}\n/** @observed */\nexport const h = (n: number) => ({ n });\n",
    );
    expect(code).toContain("const g = () => { return n; };");
    expect(code).toContain("return __obs_c === null ? (g(), n) : __obs_c.ok((g(), n));");
    expect(code).toContain("try { return __obs_c === null ? ({ n }) : __obs_c.ok(({ n })); } catch (__obs_e)");
    expect(syntaxErrors(code)).toEqual([]);
  });

  it("evaluates a returned expression once when it holds rewritten code or is long (no exponential copies)", () => {
    const { code } = run("export const add = (a: number) => (b: number) => (c: number) => a + b + c;\n", "/project/a.ts", { observeAll: "all" });
    // Each inner arrow appears once: the outer ones return it through the value local.
    expect(code.match(/__obs_s2\.enter\(void 0, c\)/g)).toHaveLength(1);
    expect(code).toContain("let __obs_v; try { return (__obs_v = (b: number) => {");
    expect(code).toContain(", __obs_c === null ? __obs_v : __obs_c.ok(__obs_v)); } catch");
    const long = run(`/** @observed */\nexport function f() {\n  return [${"1, ".repeat(100)}1];\n}\n`).code;
    expect(long).toMatch(/return \(__obs_v = \[1, 1, .*1\], __obs_c === null \? __obs_v : __obs_c\.ok\(__obs_v\)\);/);
    expect(syntaxErrors(code)).toEqual([]);
  });

  it("keeps statements written without semicolons apart (super() and directives)", () => {
    const { code } = run('class A { constructor(x) {} }\nclass B extends A {\n  /** @observed */\n  constructor(x) {\n    super(x)\n    this.x = x\n  }\n}\n/** @observed */\nfunction s() {\n  "use strict"\n  return 1\n}\n', "/project/a.js");
    expect(code).toContain("    super(x);const __obs_c");
    expect(code).toContain('  "use strict";const __obs_c');
    expect(syntaxErrors(code, "out.js")).toEqual([]);
  });

  it("wraps awaits with suspend/resume, keeping a statement-starting await off the previous line", () => {
    const { code } = run("/** @observed */\nexport async function f(p: Promise<number>) {\n  const x = 1\n  await p\n  return x;\n}\n");
    expect(code).toContain("  ;(__obs_c === null ? await p : __obs_c.resume(await __obs_c.suspend(p)))\n");
    // An await inside a returned expression is rewritten code: the return evaluates it once.
    const nested = run("/** @observed */\nexport async function g(p: Promise<number>) {\n  return 1 + await p;\n}\n").code;
    expect(nested).toContain("return (__obs_v = 1 + (__obs_c === null ? await p : __obs_c.resume(await __obs_c.suspend(p))), __obs_c === null ? __obs_v : __obs_c.ok(__obs_v));");
    expect(syntaxErrors(code)).toEqual([]);
  });

  it("resumes the call at the start of a catch or finally block a rejected await can enter", () => {
    const { code } = run("/** @observed */\nexport async function f(p: Promise<number>, q: () => void) {\n  try {\n    await p;\n  } catch {await p; q();} finally { q(); }\n  try { q(); } catch (e) { q(); }\n}\n");
    expect(code).toContain("  } catch { if (__obs_c !== null) __obs_c.resume(void 0);;(__obs_c === null ? await p : __obs_c.resume(await __obs_c.suspend(p))); q();} finally { if (__obs_c !== null) __obs_c.resume(void 0); q(); }\n");
    // No await in its try block: left alone.
    expect(code).toContain("  try { q(); } catch (e) { q(); }\n");
    expect(syntaxErrors(code)).toEqual([]);
  });

  it("captures locals through one arrow", () => {
    const { code } = run("/** @observed @capture a, b */\nexport function f() {\n  let a = 1, b = 2;\n  return a + b;\n}\n");
    expect(code).toContain("__obs_c !== null && __obs_c.capture((__obs_k) => __obs_k === 0 ? a : b);");
  });

  it("rewrites TSX and JSX", () => {
    const tsx = run("/** @observed */\nexport const C = (p: { n: string }) => <div>{p.n}</div>;\n", "/project/c.tsx").code;
    expect(tsx).toContain("__obs_c.ok(<div>{p.n}</div>)");
    expect(syntaxErrors(tsx)).toEqual([]);
    const jsx = run("/** @observed */\nexport function C(p) { return <div>{p.n}</div>; }\n", "/project/c.jsx").code;
    expect(syntaxErrors(jsx)).toEqual([]);
  });

  it("instruments every function in observe-all mode, tags or not", () => {
    const result = run("export function a() { return 1; }\nconst b = () => 2;\nclass C { m() { return 3; } get g() { return 4; } }\n", "/project/a.ts", { observeAll: "all" });
    expect(result.functions).toBe(4);
    expect(syntaxErrors(result.code)).toEqual([]);
  });

  it("reports diagnostics even when no function is rewritten", () => {
    const result = run("/** @observed */\nexport const n = 1;\n");
    expect(result.functions).toBe(0);
    expect(result.map).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([["TSO1001", 1]]);
  });
});

describe("rewrite: source map", () => {
  it("maps every identifier of the input to the same identifier in the output (hires)", () => {
    const text = "/** @observed */\nexport async function checkout(cart: string[], user: string) {\n  const total = cart.length;\n  if (total > 3) return total * 2;\n  return user;\n}\n";
    const { code, map } = run(text);
    const trace = new TraceMap(map!.toString());
    const outLines = code.split("\n");
    let checked = 0;
    text.split("\n").forEach((line, i) => {
      for (const match of line.matchAll(/[A-Za-z_$][\w$]*/g)) {
        const pos = generatedPositionFor(trace, { source: "/project/src/a.ts", line: i + 1, column: match.index });
        expect(pos.line).not.toBeNull();
        expect(outLines[pos.line! - 1]!.slice(pos.column!, pos.column! + match[0].length)).toBe(match[0]);
        checked++;
      }
    });
    expect(checked).toBe(19);
    expect(map!.sourcesContent).toEqual([text]);
  });
});
