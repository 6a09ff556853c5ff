/**
 * `observe(fn)` for values held by top-level variables (docs/EMIT.md, "Binds"): the analysis plans a bind after
 * the variable statement for arrows and function expressions, class-expression members and object-literal
 * members (nested too), and none where the value could be replaced before the bind runs or is created per call;
 * both emitters place it after the statement, and the tsc path's reference survives TypeScript's CommonJS
 * transform (`exports.handler`) and the ES5 lowering. test/fixtures/bound-values.ts runs through tspc (TS 5.9
 * with ES5, ES2015 and ES2022 targets, TS 6) and esbuild, in ES module and CommonJS output; the general suites
 * (tsc-path.test.ts, bundler-parity.test.ts) run it through every path against the plain build too.
 */
import { build } from "esbuild";
import ts from "typescript";
import ts6 from "@typescript/typescript6";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze, type AnalyzeOptions, type TsNamespace } from "../transformer/analyze.js";
import type { FilePlan } from "../transformer/plan.js";
import { rewrite } from "../transformer/rewrite.js";
import { observed } from "../transformer/esbuild.js";
import { observe } from "../runtime/index.js";
import { FIXTURES_DIR, OUT_DIR, ROOT } from "./harness/fixtures.js";
import { compile, linkPackage, writeTsconfig } from "./harness/tsc-path.js";
import { TSPC6 } from "./harness/paths.js";
import { runFixtures, type FixtureRun } from "./harness/run.js";

const OPTIONS: AnalyzeOptions = { tag: "observed", runtime: "ts-observed/runtime", observeAll: false, projectRoot: "/project" };
const PARSERS: [string, TsNamespace][] = [
  ["TS 5.9", ts as unknown as TsNamespace],
  ["TS 6 (the bundler path's parser)", ts6 as unknown as TsNamespace],
];

function plan(tsNs: TsNamespace, code: string): FilePlan {
  const sourceFile = tsNs.createSourceFile("/project/src/file.ts", code, tsNs.ScriptTarget.Latest, true, tsNs.ScriptKind.TS);
  return analyze(tsNs, sourceFile, OPTIONS);
}

/** Per function: its qualified name, the planned bind expression and the line of the statement it follows. */
function binds(tsNs: TsNamespace, code: string): [string, string | undefined, number | "top" | undefined][] {
  const p = plan(tsNs, code);
  expect(p.diagnostics.filter((d) => d.category === "error")).toEqual([]);
  return p.functions.map((f) => {
    const after = f.bind?.afterStatement;
    const line = after === undefined || after === "top" ? after : after.getSourceFile().getLineAndCharacterOfPosition(after.getStart()).line + 1;
    return [f.meta.qualifiedName, f.bind?.expressionCode, line];
  });
}

describe.each(PARSERS)("analysis with %s: what a top-level variable's value binds", (_label, tsNs) => {
  it("arrows and function expressions of const, let and var, exported or not, typed, wrapped in parentheses or assertions", () => {
    const code = `export const handler = /** @observed */ async (req: Req) => req;
/** @observed */ export const double = (x: number) => x * 2;
/** @observed */ const f = function () {};
/** @observed */ let g: () => void = () => {};
/** @observed */ var h = function named() {};
/** @observed */ export const asserted = ((x: number) => x) as (x: number) => number;
/** @observed */ const checked = ((() => 1) satisfies () => number)!;`;
    expect(binds(tsNs, code)).toEqual([
      ["handler", "handler", 1],
      ["double", "double", 2],
      ["f", "f", 3],
      ["g", "g", 4],
      ["named", "h", 5],
      ["asserted", "asserted", 6],
      ["checked", "checked", 7],
    ]);
    // The tsc path references the variable through its declared name node (see tsc-path: CommonJS).
    const p = plan(tsNs, code);
    expect(p.functions.map((f) => f.bind?.variable?.text)).toEqual(["handler", "double", "f", "g", "h", "asserted", "checked"]);
    expect(p.functions.every((f) => f.bind?.variable?.parent.kind === tsNs.SyntaxKind.VariableDeclaration)).toBe(true);
    expect(p.imports).toEqual(["site", "bind"]);
  });

  it("class-expression members: constructor, methods, static, accessors, string keys; not #private, computed or field arrows", () => {
    expect(
      binds(
        tsNs,
        `export const Cart = class Named {
  /** @observed */ constructor() {}
  /** @observed */ total() { return 1; }
  /** @observed */ static create() { return 1; }
  /** @observed */ get size() { return 1; }
  /** @observed */ set size(v: number) {}
  /** @observed */ "odd-name"() {}
  /** @observed */ ["literal"]() {}
  /** @observed */ #secret() {}
  /** @observed */ [key]() {}
  /** @observed */ field = () => 1;
};
const Plain = (class { /** @observed */ m() {} });`,
      ),
    ).toEqual([
      ["Named.constructor", "Cart", 1],
      ["Named.total", "Cart.prototype.total", 1],
      ["Named.create", "Cart.create", 1],
      ["Named.size", 'Object.getOwnPropertyDescriptor(Cart.prototype, "size").get', 1],
      ["Named.size", 'Object.getOwnPropertyDescriptor(Cart.prototype, "size").set', 1],
      ["Named.odd-name", 'Cart.prototype["odd-name"]', 1],
      ['Named.["literal"]', "Cart.prototype.literal", 1],
      ["Named.#secret", undefined, undefined],
      ["Named.[key]", undefined, undefined],
      ["Named.field", undefined, undefined],
      ["Plain.m", "Plain.prototype.m", 13],
    ]);
  });

  it("object-literal methods, accessors and function-valued properties, through nested literals; not what a later member may replace", () => {
    const code = `export const api = {
  /** @observed */ get() {},
  /** @observed */ arrow: () => 1,
  /** @observed */ fn: function () {},
  /** @observed */ get size() { return 1; },
  /** @observed */ set size(v: number) {},
  /** @observed */ 42() {},
  users: { /** @observed */ "find-one"() {}, deeper: { /** @observed */ find() {} } },
  /** @observed */ replaced() {},
  replaced: 1,
  /** @observed */ beforeSpread() {},
  ...other,
  /** @observed */ afterSpread() {},
  /** @observed */ beforeComputed() {},
  [dynamic]: 1,
  /** @observed */ get accessor() { return 1; },
  accessor: 2,
} as const;`;
    // A spread and a computed key follow the first members: either could replace any of them.
    expect(plan(tsNs, code).functions.map((f) => [f.meta.qualifiedName, f.meta.kind, f.bind?.expressionCode])).toEqual([
      ["api.get", "method", undefined],
      ["api.arrow", "arrow", undefined],
      ["api.fn", "function", undefined],
      ["api.size", "getter", undefined],
      ["api.size", "setter", undefined],
      ["api.42", "method", undefined],
      ["api.users.find-one", "method", undefined],
      ["api.users.deeper.find", "method", undefined],
      ["api.replaced", "method", undefined],
      ["api.beforeSpread", "method", undefined],
      ["api.afterSpread", "method", undefined],
      ["api.beforeComputed", "method", undefined],
      ["api.accessor", "getter", undefined],
    ]);
    // Without them: every member that no later member replaces.
    const clean = plan(tsNs, code.replace("  ...other,\n", "").replace("  [dynamic]: 1,\n", ""));
    expect(clean.functions.map((f) => f.bind?.expressionCode)).toEqual([
      "api.get",
      "api.arrow",
      "api.fn",
      'Object.getOwnPropertyDescriptor(api, "size").get', // a setter after a getter completes the accessor
      'Object.getOwnPropertyDescriptor(api, "size").set',
      'api["42"]',
      'api.users["find-one"]',
      "api.users.deeper.find",
      undefined, // `replaced: 1` replaces it
      "api.beforeSpread",
      "api.afterSpread",
      "api.beforeComputed",
      undefined, // `accessor: 2` replaces the getter
    ]);
    expect(clean.functions.map((f) => f.bind?.variable?.text)).toEqual(["api", "api", "api", "api", "api", "api", "api", "api", undefined, "api", "api", "api", undefined]);
    // Only the spread's own effect: the members after it stay bound.
    expect(plan(tsNs, code.replace("  [dynamic]: 1,\n", "")).functions.map((f) => f.bind?.expressionCode).slice(9, 12)).toEqual([undefined, "api.afterSpread", "api.beforeComputed"]);
  });

  it("several declarators: each bound after the statement, unless a later declarator runs code (let/var, or a const's object or class)", () => {
    expect(
      binds(
        tsNs,
        `export const a = /** @observed */ () => 1, b = /** @observed */ () => 2, c = 3, d = { k: [1, "s"], m() {} };
export const e = /** @observed */ () => 1, f = setUp();
export let g = /** @observed */ () => 1, h = (g = other);
var i = /** @observed */ () => 1, j = () => 2, k = undefined, l;
export const o = { /** @observed */ m() {} }, p = (o.m = other);
export const Q = class { /** @observed */ m() {} }, r = mutate(Q);
export const s = { /** @observed */ m() {} }, t = \`\${s}\`;`,
      ),
    ).toEqual([
      ["a", "a", 1],
      ["b", "b", 1],
      ["e", "e", 2], // a const holding the function itself: nothing can replace it
      ["g", undefined, undefined],
      ["i", "i", 4],
      ["o.m", undefined, undefined],
      ["Q.m", undefined, undefined],
      ["s.m", undefined, undefined],
    ]);
  });

  it("nothing is bound for destructuring, nested scopes, using, ambient code, default-exported expressions, or a wrapped value", () => {
    expect(
      binds(
        tsNs,
        `export const { a } = { a: /** @observed */ () => 1 };
export const [b] = [/** @observed */ () => 1];
export function outer() {
  /** @observed */ const inner = () => 1;
  const obj = { /** @observed */ m() {} };
  return [inner, obj];
}
{ /** @observed */ const inBlock = () => 1; }
namespace N { /** @observed */ export const inNamespace = () => 1; }
export const wrapped = memo(/** @observed */ (x: number) => x);
export const chosen = flag ? /** @observed */ () => 1 : () => 2;
export default /** @observed */ (x: number) => x;
export const holder = { list: [/** @observed */ () => 1] };
/** @observed */ using u = () => 1;
/** @observed */ declare const d = () => 1;`,
      ).map(([name, code]) => [name, code]),
    ).toEqual([
      ["a", undefined],
      ["<anonymous>", undefined],
      ["outer.inner", undefined],
      ["outer.obj.m", undefined],
      ["inBlock", undefined],
      ["N.inNamespace", undefined],
      ["<anonymous>", undefined],
      ["<anonymous>", undefined],
      ["default", undefined],
      ["holder.<anonymous>", undefined],
      ["u", undefined],
      ["d", undefined],
    ]);
  });
});

describe("rewriter: the bind follows the variable statement", () => {
  const settings = { enabled: true, tag: "observed", runtime: "ts-observed/runtime", observeAll: false as const, projectRoot: "/project", includes: () => true, format: "esm" as const };
  const run = (text: string): string => rewrite(text, "/project/src/a.ts", settings)!.code;

  it("after the statement's `;`, once per statement, the binds in source order", () => {
    const code = run(`export const a = /** @observed */ () => 1, b = /** @observed */ () => 2;\nexport const api = { /** @observed */ get() { return 1; } };\n`);
    expect(code).toContain(`};;__obs_bind(__obs_s0, a);__obs_bind(__obs_s1, b);\n`);
    expect(code).toContain(`} };;__obs_bind(__obs_s2, api.get);\n`);
  });

  it("a statement written without `;` that ends where its arrow does: the arrow is closed first", () => {
    const code = run(`/** @observed */ export const f = (x: number) => x * 2\nexport const g = 1\n`);
    expect(code).toMatch(/__obs_c\.fail\(__obs_e\); } };__obs_bind\(__obs_s0, f\);\nexport const g = 1\n$/);
  });

  it("the initializer is left as written (a function's `name` comes from its variable)", () => {
    const code = run(`/** @observed */ export const f = (x: number) => x;\n`);
    expect(code).toMatch(/export const f = \(x: number\) => \{ /);
  });
});

describe("observe(fn) of a function that is not bound", () => {
  it("names what is found by identity and what to observe by name instead", () => {
    let message = "";
    try {
      observe(function notBound() {}, () => {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^ts-observed: observe\(\) was given function "notBound", which is not an observed function object\. /);
    for (const part of ["inside the `include`", "top-level const/let/var", "observe(handler)", "observe(Cart.prototype.total)", "observe(api.get)", "closures created per call", "#private", "`export default` expressions", "by qualified name", '"file:name"']) {
      expect(message).toContain(part);
    }
  });
});

/** The control transcript of test/fixtures/bound-values.ts on every observed build. */
const call = (name: string): string => `PRE_EXECUTION ${name}`;
const identity = (name: string, value: unknown, seen = 3): unknown => ({ functions: [name], value, seen, first: call(name) });
const EXPECTED_CONTROL = {
  byIdentity: {
    handler: identity("handler", "handled:2"),
    double: identity("double", 10),
    typed: identity("typed", "X"),
    local: identity("local", 3),
    current: identity("current", "first"),
    legacy: identity("legacyName", "legacy"),
    first: identity("first", 1),
    second: identity("second", 2),
    Cart: identity("Cart.constructor", "eve"),
    "Cart.prototype.add": identity("Cart.add", 1),
    "Cart.create": identity("Cart.create", "dan"),
    "Cart total getter": identity("Cart.total", 1),
    "api.get": identity("api.get", "api:y"),
    "api.arrow": identity("api.arrow", 102),
    "api size getter": identity("api.size", 7),
    'api.users["find-one"]': identity("api.users.find-one", "user:4"),
    "merged.fallback": identity("defaults.fallback", "fallback"),
  },
  steered: ["cached", "picked"],
  reassigned: true,
  initialStillBound: ["current"],
  byName: Object.fromEntries(
    ["outer.inner", "Cart.label", "merged.pick", "destructured"].map((name) => [
      name,
      { byIdentityThrows: true, messageSaysByName: true, functions: [name], seen: ["PRE_EXECUTION", "POST_SUCCESS", "COMPLETED"].map((s) => `${s} ${name}`) },
    ]),
  ),
};

const FIXTURE = join(FIXTURES_DIR, "bound-values.ts");
const TSC5 = join(ROOT, "node_modules/typescript/bin/tsc");
const TSPC5 = join(ROOT, "node_modules/ts-patch/bin/tspc.js");

interface Build {
  label: string;
  format: "esm" | "cjs";
  /** The plain build of the same compiler options, for tsc builds. */
  plain?: string;
  observed: string;
}

/** Compiles the fixture alone with `compiler` into `dir/out`; returns the built module. */
async function tscBuild(dir: string, compiler: string, format: "esm" | "cjs", plugin: boolean, compilerOptions: Record<string, unknown>): Promise<string> {
  mkdirSync(join(dir, "out"), { recursive: true });
  writeFileSync(join(dir, "out/package.json"), JSON.stringify({ type: format === "esm" ? "module" : "commonjs" }));
  await compile(compiler, writeTsconfig(dir, { name: "bound-values", compiler, format, plugin, compilerOptions }, [FIXTURE]));
  return join(dir, "out/bound-values.js");
}

describe("test/fixtures/bound-values.ts: observe(fn) of top-level values, per build", () => {
  it("tspc (TS 5.9: ES5, ES2015, ES2022; TS 6: ES2022) and esbuild, ES modules and CommonJS: the control transcript; tsc builds run like plain tsc", async () => {
    linkPackage();
    const root = join(OUT_DIR, "bound-values", `p${process.pid}`);
    const builds: Build[] = [];
    const jobs: Promise<void>[] = [];
    for (const format of ["esm", "cjs"] as const) {
      for (const target of ["ES5", "ES2015", "ES2022"]) {
        const label = `tspc-ts5-${target}-${format}`;
        jobs.push(
          (async () => {
            const [plain, built] = await Promise.all([
              tscBuild(join(root, `plain-${target}-${format}`), TSC5, format, false, { target }),
              tscBuild(join(root, label), TSPC5, format, true, { target }),
            ]);
            builds.push({ label, format, plain, observed: built });
          })(),
        );
      }
      const label = `tspc-ts6-ES2022-${format}`;
      jobs.push(
        (async () => {
          const [plain, built] = await Promise.all([
            tscBuild(join(root, `plain-ES2022-${format}-for-ts6`), TSC5, format, false, {}),
            tscBuild(join(root, label), TSPC6, format, true, format === "cjs" ? { moduleResolution: "Bundler" } : {}),
          ]);
          builds.push({ label, format, plain, observed: built });
        })(),
      );
      jobs.push(
        (async () => {
          const outdir = join(root, `esbuild-${format}`);
          mkdirSync(outdir, { recursive: true });
          writeFileSync(join(outdir, "package.json"), JSON.stringify({ type: format === "esm" ? "module" : "commonjs" }));
          await build({ entryPoints: [FIXTURE], outdir, absWorkingDir: ROOT, bundle: true, format, platform: "node", target: "node20", external: ["ts-observed", "ts-observed/*"], logLevel: "silent", plugins: [observed({ root: ROOT })] });
          builds.push({ label: `esbuild-${format}`, format, observed: join(outdir, "bound-values.js") });
        })(),
      );
    }
    await Promise.all(jobs);
    // One process per build: each observed build registers its own sites, which observe("name") would all reach.
    const reports: Record<string, FixtureRun> = {};
    await Promise.all(builds.map(async (b) => Object.assign(reports, await runFixtures(b.format, b.plain === undefined ? [b.observed] : [b.plain, b.observed]))));
    expect(builds).toHaveLength(10);
    for (const b of builds) {
      const run = reports[b.observed]!;
      expect(run.error, b.label).toBeUndefined();
      expect(run.events, b.label).toEqual(run.expectedEvents);
      expect(run.control, b.label).toEqual(EXPECTED_CONTROL);
      if (b.plain !== undefined) {
        const plain = reports[b.plain]!;
        expect(plain.error, b.label).toBeUndefined();
        // Names (inferred from the variables and properties), lengths and values as in a plain build.
        expect(run.unobserved, b.label).toEqual(plain.unobserved);
        expect(run.observed, b.label).toEqual(plain.unobserved);
        // A plain build binds nothing: observe(fn) throws at once.
        expect(plain.control, b.label).toEqual({ threw: expect.stringMatching(/not an observed function object/) });
      }
    }
  });
});
