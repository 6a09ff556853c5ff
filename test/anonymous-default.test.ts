/**
 * Anonymous default exports: function declarations (`export default function () {}`, async, generator) and
 * classes (`export default class { … }`, whose members are bound): the shared analysis plans a name to bind
 * them by, both emitters apply it, and `name` is what a plain build gives. The fixtures
 * test/fixtures/export-default-*.ts run these through every build path; this file pins the plan and the
 * emitted shapes, the class's `name` against plain tsc in every target and format, and a bundler's `keepNames`.
 */
import { build } from "esbuild";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import ts6 from "@typescript/typescript6";
import { afterEach, describe, expect, it } from "vitest";
import { analyze, type AnalyzeOptions, type TsNamespace } from "../transformer/analyze.js";
import { rewrite, type RewriteSettings } from "../transformer/rewrite.js";
import { observedTransformer, type TransformerExtras } from "../transformer/tsc.js";
import { observe, shutdown } from "../runtime/index.js";
import { observed } from "../transformer/esbuild.js";
import { FIXTURES_DIR, OUT_DIR, ROOT } from "./harness/fixtures.js";
import { runFixtures } from "./harness/run.js";
import { compile, linkPackage, writeTsconfig } from "./harness/tsc-path.js";

/** A project root that exists (the tsc path checks it): the site metadata names files relative to it. */
const PROJECT = mkdtempSync(join(tmpdir(), "tso-anonymous-default-"));
const FILE = join(PROJECT, "src/file.ts");
const OPTIONS: AnalyzeOptions = { tag: "observed", runtime: "ts-observed/runtime", observeAll: false, projectRoot: PROJECT };
const SETTINGS: RewriteSettings = { enabled: true, tag: "observed", runtime: "ts-observed/runtime", observeAll: false, projectRoot: PROJECT, includes: () => true, format: "auto" };

function planOf(code: string, tsNs: TsNamespace = ts as unknown as TsNamespace) {
  const sourceFile = tsNs.createSourceFile(FILE, code, tsNs.ScriptTarget.Latest, true, tsNs.ScriptKind.TS);
  return analyze(tsNs, sourceFile, OPTIONS);
}

/** Output of the ts-patch transformer for one file (transpiled: no type check needed for the shape). */
function tscOutput(code: string, module: ts.ModuleKind): string {
  const program = ts.createProgram({ rootNames: [], options: { module } });
  const extras = { ts, addDiagnostic: () => 0 } as unknown as TransformerExtras;
  const before = observedTransformer(program, { root: PROJECT }, extras);
  return ts.transpileModule(code, {
    fileName: FILE,
    compilerOptions: { module, target: ts.ScriptTarget.ES2022 },
    transformers: { before: [before] },
  }).outputText;
}

afterEach(async () => {
  await shutdown();
});

describe("anonymous default functions: the plan", () => {
  for (const [label, tsNs] of [["TS 5.9", ts], ["TS 6", ts6]] as const) {
    it(`${label}: plans a collision-free name written before the parameter (or type parameter) list`, () => {
      const cases: [code: string, opening: string][] = [
        ["/** @observed */\nexport default function (a: number) { return a; }", "("],
        ["/** @observed */\nexport default async function(a: number) { return a; }", "("],
        ["/** @observed */\nexport default function* <T>(items: T[]) { yield* items; }", "<"],
      ];
      for (const [code, opening] of cases) {
        const fn = planOf(code, tsNs as unknown as TsNamespace).functions[0]!;
        expect(fn.bind).toMatchObject({ expressionCode: "__obs_default", afterStatement: "top", anonymousDefault: { name: "__obs_default" } });
        expect(code[fn.bind!.anonymousDefault!.namePosition], code).toBe(opening);
        expect(fn.meta.name).toBe("default");
      }
    });
  }

  it("takes the file's prefix when `__obs_` is already used, and leaves named and nested functions alone", () => {
    const fn = planOf("const __obs_x = 1;\n/** @observed */\nexport default function () { return __obs_x; }").functions[0]!;
    expect(fn.bind?.anonymousDefault?.name).toBe("__obs1_default");
    expect(fn.bind?.expressionCode).toBe("__obs1_default");
    const named = planOf("/** @observed */\nexport default function sum(a: number) { return a; }").functions[0]!;
    expect(named.bind).toEqual({ expressionCode: "sum", afterStatement: "top" });
  });
});

describe("anonymous default functions: the emitted shapes", () => {
  const code = "/** @observed */\nexport default function (a: number, b = 2): number {\n  return a + b;\n}\nexport const after = 1;\n";

  it("rewriter: named before its parameters, bound in the header, `name` put back after the statement, lines kept", () => {
    const out = rewrite(code, FILE, SETTINGS)!.code;
    expect(out.split("\n")).toHaveLength(code.split("\n").length);
    expect(out).toContain("__obs_bind(__obs_s0, __obs_default);");
    expect(out).toContain("export default function __obs_default(a: number, b = 2): number {");
    expect(out).toMatch(/\}\};Object\.defineProperty\(__obs_default, "name", \{ value: "default" \}\);\nexport const after = 1;/);
  });

  it("tsc path, ES modules: TypeScript's generated name, bound in the header, `name` put back after the declaration", () => {
    const out = tscOutput(code, ts.ModuleKind.ESNext);
    expect(out).toContain("__obs_bind(__obs_s0, default_1);");
    expect(out).toContain("export default function default_1(a, b = 2) {");
    expect(out).toMatch(/\n}\nObject\.defineProperty\(default_1, "name", \{ value: "default" \}\);\nexport const after = 1;/);
  });

  it("tsc path, CommonJS: the generated name is tsc's own (`exports.default = default_1`), so `name` is left as a plain build has it", () => {
    const out = tscOutput(code, ts.ModuleKind.CommonJS);
    expect(out).toContain("exports.default = default_1;");
    expect(out).toContain("__obs_bind(__obs_s0, default_1);");
    expect(out).toContain("function default_1(a, b = 2) {");
    expect(out).not.toContain("defineProperty(default_1");
  });
});

describe("anonymous default functions through esbuild with keepNames", () => {
  it("keep `name === \"default\"` (keepNames' own `__name` call runs before ours) and are found by observe(fn)", async () => {
    linkPackage();
    const dir = join(OUT_DIR, "anonymous-default-keep-names");
    mkdirSync(dir, { recursive: true });
    const entry = join(dir, "entry.ts");
    writeFileSync(entry, "/** @observed */\nexport default function (a: number, b = 2): number {\n  return a * b;\n}\n");
    const rewritten = rewrite("/** @observed */\nexport default function (a: number, b = 2): number {\n  return a * b;\n}\n", entry, { ...SETTINGS, projectRoot: ROOT })!;
    const result = await build({
      stdin: { contents: rewritten.code, loader: "ts", resolveDir: dir, sourcefile: entry },
      bundle: true,
      keepNames: true,
      format: "esm",
      platform: "node",
      write: false,
      external: ["ts-observed", "ts-observed/*"],
      logLevel: "silent",
    });
    expect(result.outputFiles[0]!.text).toContain('__name(__obs_default, "__obs_default")');
    const out = join(dir, "out.mjs");
    writeFileSync(out, result.outputFiles[0]!.text);
    const mod = (await import(pathToFileURL(out).href)) as { default: (a: number, b?: number) => number };
    expect([mod.default.name, mod.default.length]).toEqual(["default", 1]);
    const seen: string[] = [];
    using _sub = observe(mod.default, (ctx) => void seen.push(`${ctx.state} ${ctx.functionSignature.qualifiedName}`));
    expect(mod.default(3)).toBe(6);
    expect(seen).toEqual(["PRE_EXECUTION default", "POST_SUCCESS default", "COMPLETED default"]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Anonymous default classes: `export default class { … }` members (instance, static, accessors) and a tagged
// constructor are bound after the class statement; the class is named for it (docs/EMIT.md, "Anonymous
// default exports"). The fixtures test/fixtures/export-default-class*.ts run them through every build path.

const CLASS_CODE = [
  "/** doc */ export default abstract /* c */ class<T extends object = {}> extends Array<T> implements Iterable<T> {",
  "  /** @observed */",
  "  constructor(readonly size: number) { super(); }",
  "  /** @observed */",
  "  total(a: number, b: number): number { return a + b; }",
  "  /** @observed */",
  "  static create(): number { return 1; }",
  "  /** @observed */",
  "  get first(): T | undefined { return this[0]; }",
  "  /** @observed */",
  "  set first(value: T | undefined) { if (value !== undefined) this[0] = value; }",
  "  /** @observed */",
  '  "odd-name"(): number { return 2; }',
  "  /** @observed */",
  "  #hidden(): number { return 3; }",
  "}",
  "export const after = 1;",
  "",
].join("\n");

describe("anonymous default classes: the plan", () => {
  for (const [label, tsNs] of [["TS 5.9", ts], ["TS 6", ts6]] as const) {
    it(`${label}: binds the members by one planned name, written right after the class keyword`, () => {
      const plan = planOf(CLASS_CODE, tsNs as unknown as TsNamespace);
      const binds = plan.functions.map((fn) => fn.bind?.expressionCode);
      expect(binds).toEqual([
        "__obs_default",
        "__obs_default.prototype.total",
        "__obs_default.create",
        'Object.getOwnPropertyDescriptor(__obs_default.prototype, "first").get',
        'Object.getOwnPropertyDescriptor(__obs_default.prototype, "first").set',
        '__obs_default.prototype["odd-name"]',
        undefined, // #private: not reachable
      ]);
      const anonymous = plan.functions[0]!.bind!.anonymousDefault!;
      // One plan object per class (the emitters name it once), the class statement itself bound after.
      for (const fn of plan.functions.slice(0, 6)) expect(fn.bind!.anonymousDefault).toBe(anonymous);
      expect(plan.functions[0]!.bind!.afterStatement).toBe(anonymous.declaration);
      expect(CLASS_CODE.slice(anonymous.namePosition - 5, anonymous.namePosition + 1)).toBe("class<");
      expect(anonymous).toMatchObject({ name: "__obs_default", restoreName: true, namedByTypeScript: false });
      expect(plan.functions[1]!.meta.qualifiedName).toBe("default.total");
    });
  }

  it("restoreName is off when the class has its own static `name` (method, accessor, field, quoted or computed)", () => {
    const members = ["static name() { return 1; }", "static get name() { return 'x'; }", "static name = 'x';", 'static "name"() {}', 'static ["name"] = 1;', "static name: string;"];
    for (const member of members) {
      const anonymous = planOf(`export default class {\n  ${member}\n  /** @observed */\n  m() {}\n}`).functions[0]!.bind!.anonymousDefault!;
      expect(anonymous.restoreName, member).toBe(false);
    }
    for (const member of ["name() {}", "declare static name: string;", "static #name = 1;", "static label = 'x';"]) {
      const anonymous = planOf(`export default class {\n  ${member}\n  /** @observed */\n  m() {}\n}`).functions[0]!.bind!.anonymousDefault!;
      expect(anonymous.restoreName, member).toBe(true);
    }
  });

  it("namedByTypeScript: a static property with an initializer, a member or parameter decorator", () => {
    const named = (body: string): boolean => planOf(`declare const dec: any;\nexport default class {\n  ${body}\n  /** @observed */\n  m(a: number) { return a; }\n}`).functions[0]!.bind!.anonymousDefault!.namedByTypeScript;
    expect(named("static x = 1;")).toBe(true);
    expect(named("@dec n() {}")).toBe(true);
    expect(named("constructor(@dec a: number) {}")).toBe(true);
    expect(named("static x: number; y = 1; static { }")).toBe(false);
  });

  it("a class with a class decorator (before or after `export default`) is not bound; a named or nested class is as before", () => {
    for (const code of ["declare const dec: any;\n@dec export default class {\n  /** @observed */\n  m() {}\n}", "declare const dec: any;\nexport default @dec class {\n  /** @observed */\n  m() {}\n}"]) {
      expect(planOf(code).functions[0]!.bind).toBeUndefined();
    }
    expect(planOf("export default class Cart {\n  /** @observed */\n  m() {}\n}").functions[0]!.bind).toEqual({ expressionCode: "Cart.prototype.m", afterStatement: expect.anything() });
    const prefixed = planOf("const __obs_x = 1;\nexport default class {\n  /** @observed */\n  m() { return __obs_x; }\n}").functions[0]!.bind!;
    expect(prefixed.expressionCode).toBe("__obs1_default.prototype.m");
  });
});

describe("anonymous default classes: the emitted shapes", () => {
  it("rewriter: named after `class`, binds after the statement, then `name` put back; lines kept", () => {
    const out = rewrite(CLASS_CODE, FILE, SETTINGS)!.code;
    expect(out.split("\n")).toHaveLength(CLASS_CODE.split("\n").length);
    expect(out).toContain("/** doc */ export default abstract /* c */ class __obs_default<T extends object = {}> extends Array<T> implements Iterable<T> {");
    expect(out).toContain(
      '\n};__obs_bind(__obs_s0, __obs_default);__obs_bind(__obs_s1, __obs_default.prototype.total);__obs_bind(__obs_s2, __obs_default.create);' +
        '__obs_bind(__obs_s3, Object.getOwnPropertyDescriptor(__obs_default.prototype, "first")!.get);' +
        '__obs_bind(__obs_s4, Object.getOwnPropertyDescriptor(__obs_default.prototype, "first")!.set);' +
        '__obs_bind(__obs_s5, __obs_default.prototype["odd-name"]);Object.defineProperty(__obs_default, "name", { value: "default" });\nexport const after = 1;',
    );
    expect(out.split("__obs_default<").length - 1).toBe(1);
    const own = rewrite("export default class{\n  static name() { return 'mine'; }\n  /** @observed */\n  m() {}\n}\n", FILE, SETTINGS)!.code;
    expect(own).toContain("export default class __obs_default{");
    expect(own).toContain("__obs_bind(__obs_s0, __obs_default.prototype.m);");
    expect(own).not.toContain("defineProperty");
  });

  it("tsc path, ES modules: TypeScript's generated name, binds after the class, then `name` put back", () => {
    const out = tscOutput(CLASS_CODE, ts.ModuleKind.ESNext);
    expect(out).toContain("export default class default_1 extends Array {");
    expect(out).toContain(
      [
        "__obs_bind(__obs_s0, default_1);",
        "__obs_bind(__obs_s1, default_1.prototype.total);",
        "__obs_bind(__obs_s2, default_1.create);",
        '__obs_bind(__obs_s3, Object.getOwnPropertyDescriptor(default_1.prototype, "first").get);',
        '__obs_bind(__obs_s4, Object.getOwnPropertyDescriptor(default_1.prototype, "first").set);',
        '__obs_bind(__obs_s5, default_1.prototype["odd-name"]);',
        'Object.defineProperty(default_1, "name", { value: "default" });',
        "export const after = 1;",
      ].join("\n"),
    );
  });

  it("tsc path, CommonJS: tsc's own `default_1` (`exports.default = default_1`), `name` left as a plain build has it", () => {
    const out = tscOutput(CLASS_CODE, ts.ModuleKind.CommonJS);
    expect(out).toContain("class default_1 extends Array {");
    expect(out).toContain("exports.default = default_1;\n__obs_bind(__obs_s0, default_1);");
    expect(out).not.toContain('defineProperty(default_1, "name"');
  });
});

/**
 * Runs modules in a child Node process: for each, the default export's `name` (or its type when the class's own
 * `name` is not a string), what its decorators saw, and, when `total` is observed, the events of one call.
 */
async function runModules(files: string[]): Promise<Record<string, { name: string; seen: string[]; events?: string[] | string }>> {
  const runner = join(OUT_DIR, "anonymous-default-class-matrix/run.mjs");
  writeFileSync(
    runner,
    [
      'import { createRequire } from "node:module";',
      'import { pathToFileURL } from "node:url";',
      "const require = createRequire(import.meta.url);",
      "const out = {};",
      "for (const file of process.argv.slice(2)) {",
      '  const cjs = file.endsWith(".cjs");',
      "  try {",
      '    const api = cjs ? require("ts-observed") : await import("ts-observed");',
      "    const mod = cjs ? require(file) : await import(pathToFileURL(file).href);",
      "    const C = mod.default;",
      '    const entry = { name: typeof C.name === "string" ? C.name : typeof C.name, seen: mod.seen };',
      "    if (file.includes(\".observed.\")) {",
      "      try {",
      "        const events = [];",
      "        const sub = api.observe(C.prototype.total, (ctx) => events.push(ctx.state + ' ' + ctx.functionSignature.qualifiedName));",
      "        new C().total(1);",
      "        sub.unsubscribe();",
      "        entry.events = events;",
      "      } catch (error) { entry.events = String(error.message).slice(0, 200); }",
      "    }",
      "    out[file] = entry;",
      "  } catch (error) { out[file] = { error: String(error).slice(0, 200) }; }",
      "}",
      "process.stdout.write(JSON.stringify(out));",
    ].join("\n"),
  );
  const { stdout } = await promisify(execFile)(process.execPath, [runner, ...files], { cwd: ROOT, maxBuffer: 16 << 20 });
  return JSON.parse(stdout) as Record<string, { name: string; seen: string[]; events?: string[] | string }>;
}

describe("anonymous default classes, tsc path: `name` (and what decorators see) as in a plain build, in every target and format", () => {
  const PRE =
    "const seen: string[] = [];\nexport { seen };\n" +
    'function dec(x: any, c?: any): any { seen.push(typeof x === "function" ? `class ${x.name} ${typeof c === "object" && c !== null ? c.name : ""}` : `prototype of ${x.constructor.name}`); }\n';
  const TOTAL = "  /** @observed */\n  total(a: number) { return a; }\n";
  const shapes: Record<string, string> = {
    plain: `export default class {\n${TOTAL}}`,
    derived: `class Base { base() { return 1; } }\nexport default class extends Base {\n${TOTAL}}`,
    staticField: `export default class {\n  static x = 1;\n${TOTAL}}`,
    staticBlock: `export default class {\n  static { seen.push("block"); }\n${TOTAL}}`,
    privateField: `export default class {\n  #p = 1;\n${TOTAL}}`,
    memberDecorator: `export default class {\n  @dec m() {}\n${TOTAL}}`,
    classDecorator: `@dec export default class {\n${TOTAL}}`,
    classDecoratorAfter: `export default @dec class {\n${TOTAL}}`,
    staticNameMethod: `export default class {\n  static name() { return "mine"; }\n${TOTAL}}`,
    staticNameField: `export default class {\n  static name = "mine";\n${TOTAL}}`,
  };
  const targets = [["ES5", ts.ScriptTarget.ES5], ["ES2015", ts.ScriptTarget.ES2015], ["ES2022", ts.ScriptTarget.ES2022]] as const;
  const formats = [["esm", ts.ModuleKind.ESNext], ["cjs", ts.ModuleKind.CommonJS]] as const;

  it("plain and observed builds agree; every class but a class-decorated one is found by observe(Default.prototype.total)", async () => {
    linkPackage();
    const dir = join(OUT_DIR, "anonymous-default-class-matrix");
    mkdirSync(dir, { recursive: true });
    const cases: { label: string; plain: string; observed: string; bound: boolean }[] = [];
    for (const [targetName, target] of targets) {
      for (const [format, module] of formats) {
        for (const experimentalDecorators of [false, true]) {
          for (const [shape, body] of Object.entries(shapes)) {
            if (experimentalDecorators && !/Decorator/.test(shape)) continue;
            const label = `${targetName}-${format}-${experimentalDecorators ? "legacy" : "tc39"}-${shape}`;
            const compilerOptions: ts.CompilerOptions = { module, target, experimentalDecorators };
            const code = PRE + body;
            const ext = format === "esm" ? "mjs" : "cjs";
            const plain = join(dir, `${label}.plain.${ext}`);
            const observed = join(dir, `${label}.observed.${ext}`);
            writeFileSync(plain, ts.transpileModule(code, { fileName: FILE, compilerOptions }).outputText);
            const program = ts.createProgram({ rootNames: [], options: compilerOptions });
            const before = observedTransformer(program, { root: PROJECT }, { ts, addDiagnostic: () => 0 } as unknown as TransformerExtras);
            writeFileSync(observed, ts.transpileModule(code, { fileName: FILE, compilerOptions, transformers: { before: [before] } }).outputText);
            cases.push({ label, plain, observed, bound: !/classDecorator/.test(shape) });
          }
        }
      }
    }
    const results = await runModules(cases.flatMap((c) => [c.plain, c.observed]));
    let compared = 0;
    for (const c of cases) {
      const plain = results[c.plain]!;
      const observed = results[c.observed]!;
      // TypeScript's own output does not run in a few cases (an anonymous `class {` statement for a static block
      // or #private below ES2022, a static `name` assignment below ES2022): the observed build must then run.
      if ("error" in plain) {
        if (!/Cannot assign to read only property 'name'/.test(String((plain as { error: string }).error))) expect(observed, c.label).not.toHaveProperty("error");
        continue;
      }
      compared++;
      expect({ name: observed.name, seen: observed.seen }, c.label).toEqual({ name: plain.name, seen: plain.seen });
      if (c.bound) expect(observed.events, c.label).toEqual(["PRE_EXECUTION", "POST_SUCCESS", "COMPLETED"].map((s) => `${s} default.total`));
      else expect(observed.events, c.label).toMatch(/not an observed function object/);
    }
    expect(compared).toBeGreaterThan(60);
    // What a plain build gives, pinned for the common cases.
    const nameOf = (label: string): string => results[cases.find((c) => c.label === label)!.observed]!.name;
    expect(nameOf("ES2022-esm-tc39-plain")).toBe("default");
    expect(nameOf("ES2022-cjs-tc39-plain")).toBe("default_1");
    expect(nameOf("ES5-esm-tc39-plain")).toBe("default_1");
    expect(nameOf("ES2022-esm-tc39-staticField")).toBe("default_1");
    expect(nameOf("ES2022-esm-tc39-staticNameMethod")).toBe("function");
    expect(nameOf("ES2022-esm-tc39-staticNameField")).toBe("mine");
  });
});

describe("anonymous default classes through esbuild (rewriter), with and without keepNames", () => {
  for (const [format, keepNames] of [["esm", false], ["esm", true], ["cjs", false], ["cjs", true]] as const) {
    it(`${format}${keepNames ? ", keepNames" : ""}: name "default" (or the class's own), members found by observe`, async () => {
      linkPackage();
      const dir = join(OUT_DIR, "anonymous-default-class-esbuild");
      mkdirSync(dir, { recursive: true });
      const source = [
        "class Base { base(): number { return 1; } }",
        "export default class<T> extends Base {",
        "  /** @observed */",
        "  constructor(readonly items: T[] = []) { super(); }",
        "  /** @observed */",
        "  total(a: number): number { return a + this.base(); }",
        "  /** @observed */",
        "  static create(): number { return 2; }",
        "  /** @observed */",
        "  get count(): number { return this.items.length; }",
        "}",
        "",
      ].join("\n");
      const own = "export default class {\n  static name(): string { return 'mine'; }\n  /** @observed */\n  total(a: number): number { return a; }\n}\n";
      const files: string[] = [];
      for (const [name, code] of [["cls", source], ["own", own]] as const) {
        const entry = join(dir, `${name}.ts`);
        const rewritten = rewrite(code, entry, { ...SETTINGS, projectRoot: ROOT })!;
        const result = await build({
          stdin: { contents: rewritten.code, loader: "ts", resolveDir: dir, sourcefile: entry },
          bundle: true,
          keepNames,
          format,
          platform: "node",
          write: false,
          external: ["ts-observed", "ts-observed/*"],
          logLevel: "silent",
        });
        const out = join(dir, `${name}-${keepNames ? "keep" : "plain"}.observed.${format === "esm" ? "mjs" : "cjs"}`);
        writeFileSync(out, result.outputFiles[0]!.text);
        files.push(out);
      }
      const results = await runModules(files);
      expect(results[files[0]!]).toMatchObject({ name: "default", events: ["PRE_EXECUTION default.total", "POST_SUCCESS default.total", "COMPLETED default.total"] });
      expect(results[files[1]!]).toMatchObject({ name: "function", events: ["PRE_EXECUTION default.total", "POST_SUCCESS default.total", "COMPLETED default.total"] });
      if (format === "esm") {
        // In this process too (the vitest-resolved runtime): the static method, the getter, the constructor.
        const mod = (await import(pathToFileURL(files[0]!).href)) as { default: { new (): { total(a: number): number; count: number }; create(): number; name: string; length: number; prototype: object } };
        const Default = mod.default;
        expect([Default.name, Default.length]).toEqual(["default", 0]);
        const seen: string[] = [];
        const record = (ctx: { state: string; functionSignature: { qualifiedName: string } }): void => void seen.push(`${ctx.state} ${ctx.functionSignature.qualifiedName}`);
        using _a = observe(Default.create, record);
        using _b = observe(Object.getOwnPropertyDescriptor(Default.prototype, "count")!.get!, record);
        // observe(Class) reaches its constructor (typed by the constructor overload, no cast).
        using _c = observe(Default, (ctx) => {
          const args: readonly [] = ctx.args;
          void args;
          record(ctx);
        });
        const item = new Default();
        expect([Default.create(), item.count]).toEqual([2, 0]);
        expect(seen.filter((s) => s.startsWith("PRE_EXECUTION"))).toEqual(["PRE_EXECUTION default.constructor", "PRE_EXECUTION default.create", "PRE_EXECUTION default.count"]);
      }
    });
  }
});

describe("anonymous default classes: the fixtures' control outcomes (observe by the class's members) per path", () => {
  const fixtures = ["export-default-class", "export-default-class-name"].map((name) => join(FIXTURES_DIR, `${name}.ts`));
  const expected = (name: string) => ({
    "export-default-class": {
      functions: [[["total", "test/fixtures/export-default-class.ts"]], [["made", "test/fixtures/export-default-class.ts"]], [["size", "test/fixtures/export-default-class.ts"]], [["constructor", "test/fixtures/export-default-class.ts"]]],
      steered: -1,
      plain: 6,
      size: 2,
      made: true,
      seen: [
        "PRE_EXECUTION default.constructor", "POST_SUCCESS default.constructor", "COMPLETED default.constructor",
        "PRE_EXECUTION default.total", "POST_SUCCESS default.total", "COMPLETED default.total",
        "PRE_EXECUTION default.total", "POST_SUCCESS default.total", "COMPLETED default.total",
        "PRE_EXECUTION default.size", "POST_SUCCESS default.size", "COMPLETED default.size",
        "PRE_EXECUTION default.made", "POST_SUCCESS default.made", "COMPLETED default.made",
      ],
      afterUnsubscribe: 10,
    },
    "export-default-class-name": {
      functions: [["create"], ["total"]],
      name: "mine",
      total: 3,
      seen: ["PRE_EXECUTION default.create", "POST_SUCCESS default.create", "COMPLETED default.create", "PRE_EXECUTION default.total", "POST_SUCCESS default.total", "COMPLETED default.total"],
    },
  })[name];

  for (const format of ["esm", "cjs"] as const) {
    it(`tspc (${format}) and esbuild (${format}): observe(Default.prototype.total), a static method, a getter, observe(Default); name as a plain build`, async () => {
      linkPackage();
      const built: [path: string, label: string][] = [];
      const dir = join(OUT_DIR, `anonymous-default-class-${format}`, `p${process.pid}`);
      mkdirSync(join(dir, "tsc/out"), { recursive: true });
      writeFileSync(join(dir, "tsc/out/package.json"), JSON.stringify({ type: format === "esm" ? "module" : "commonjs" }));
      const options = { name: `anonymous-default-class-${format}`, compiler: join(ROOT, "node_modules/ts-patch/bin/tspc.js"), format, plugin: true };
      await compile(options.compiler, writeTsconfig(join(dir, "tsc"), options, fixtures));
      for (const f of fixtures) built.push([join(dir, "tsc/out", f.slice(FIXTURES_DIR.length + 1).replace(/\.ts$/, ".js")), "tspc"]);
      mkdirSync(join(dir, "esbuild"), { recursive: true });
      writeFileSync(join(dir, "esbuild/package.json"), JSON.stringify({ type: format === "esm" ? "module" : "commonjs" }));
      await build({
        entryPoints: fixtures,
        outdir: join(dir, "esbuild"),
        absWorkingDir: ROOT,
        bundle: true,
        format,
        platform: "node",
        external: ["ts-observed", "ts-observed/*"],
        logLevel: "silent",
        plugins: [observed({ root: ROOT })],
      });
      for (const f of fixtures) built.push([join(dir, "esbuild", f.slice(FIXTURES_DIR.length + 1).replace(/\.ts$/, ".js")), "esbuild"]);
      const report = await runFixtures(format, built.map(([p]) => p));
      for (const [path, label] of built) {
        const run = report[path]!;
        const name = path.includes("export-default-class-name") ? "export-default-class-name" : "export-default-class";
        expect(run.error, `${label} ${name}`).toBeUndefined();
        expect(run.control, `${label} ${name}`).toEqual(expected(name));
        expect(run.events, `${label} ${name}`).toEqual(run.expectedEvents);
        // A plain build's name: `default` in ES modules, tsc's `default_1` in CommonJS; a bundle's is its ES name.
        if (name === "export-default-class") expect((run.unobserved as { name: string }).name, label).toBe(format === "cjs" && label === "tspc" ? "default_1" : "default");
        else expect((run.unobserved as { name: string }).name).toBe("mine");
      }
    });
  }
});
