/**
 * Anonymous default-exported function declarations (`export default function () {}`, async, generator):
 * the shared analysis plans a name to bind them by, both emitters apply it, `name` stays `"default"`.
 * The fixtures test/fixtures/export-default-*.ts run these through every build path; this file pins the
 * plan and the emitted shapes, and a bundler's `keepNames`.
 */
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import ts6 from "@typescript/typescript6";
import { afterEach, describe, expect, it } from "vitest";
import { analyze, type AnalyzeOptions, type TsNamespace } from "../transformer/analyze.js";
import { rewrite, type RewriteSettings } from "../transformer/rewrite.js";
import { observedTransformer, type TransformerExtras } from "../transformer/tsc.js";
import { observe, shutdown } from "../runtime/index.js";
import { OUT_DIR, ROOT } from "./harness/fixtures.js";
import { linkPackage } from "./harness/tsc-path.js";

const OPTIONS: AnalyzeOptions = { tag: "observed", runtime: "ts-observed/runtime", observeAll: false, projectRoot: "/project" };
const SETTINGS: RewriteSettings = { enabled: true, tag: "observed", runtime: "ts-observed/runtime", observeAll: false, projectRoot: "/project", includes: () => true, format: "auto" };

function planOf(code: string, tsNs: TsNamespace = ts as unknown as TsNamespace) {
  const sourceFile = tsNs.createSourceFile("/project/src/file.ts", code, tsNs.ScriptTarget.Latest, true, tsNs.ScriptKind.TS);
  return analyze(tsNs, sourceFile, OPTIONS);
}

/** Output of the ts-patch transformer for one file (transpiled: no type check needed for the shape). */
function tscOutput(code: string, module: ts.ModuleKind): string {
  const program = ts.createProgram({ rootNames: [], options: { module } });
  const extras = { ts, addDiagnostic: () => 0 } as unknown as TransformerExtras;
  const before = observedTransformer(program, { root: "/project" }, extras);
  return ts.transpileModule(code, {
    fileName: "/project/src/file.ts",
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
    const out = rewrite(code, "/project/src/file.ts", SETTINGS)!.code;
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
