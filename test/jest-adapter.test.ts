/**
 * `ts-observed/jest`, the adapter ts-jest loads as an AST transformer (`name`, `version`, `factory(compiler,
 * options)`), driven here as ts-jest 29 drives it: with its language service's program, and without one
 * (`isolatedModules`: `transpileModule` file by file), emitting CommonJS whatever the tsconfig's module kind.
 * (Checked by hand against ts-jest 29.4 with Jest 29: language service, isolatedModules, module commonjs, a bad tag.)
 */
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { factory, name, version, type TsJestCompilerLike } from "../transformer/jest.js";
import { OUT_DIR, ROOT } from "./harness/fixtures.js";
import { linkPackage } from "./harness/tsc-path.js";

const dir = join(OUT_DIR, `jest-adapter-p${process.pid}`);
const SOURCE = "/** @observed math */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n";

/** ts-jest's compiler instance, as far as the adapter reads it; `program` only in language-service mode. */
function compiler(withProgram: boolean): TsJestCompilerLike {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, target: ts.ScriptTarget.ES2022, configFilePath: join(dir, "tsconfig.json") };
  const program = withProgram ? ts.createProgram({ rootNames: [], options }) : undefined;
  return { program, configSet: { compilerModule: ts as unknown as TsJestCompilerLike["configSet"]["compilerModule"], parsedTsConfig: { options }, cwd: dir } };
}

/**
 * What ts-jest does with a file: transpile to CommonJS (its runtime module kind) with the before transformers
 * (`times` copies of this one: with `ts-patch install`, the tsconfig plugin runs in the same emit too).
 */
function transpile(source: string, withProgram: boolean, times = 1): string {
  return ts.transpileModule(source, {
    fileName: join(dir, "src/math.ts"),
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    transformers: { before: Array.from({ length: times }, () => factory(compiler(withProgram))) },
  }).outputText;
}

describe("ts-observed/jest", () => {
  it("names itself for ts-jest's cache key with the package's version", () => {
    expect(name).toBe("ts-observed");
    expect(version).toBe((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version);
  });

  for (const withProgram of [true, false]) {
    it(`${withProgram ? "language service" : "isolatedModules"}: emits CommonJS that observers see`, async () => {
      linkPackage();
      mkdirSync(join(dir, "src"), { recursive: true });
      writeFileSync(join(dir, "tsconfig.json"), "{}");
      const out = transpile(SOURCE, withProgram);
      expect(out).toContain('require("ts-observed/runtime")');
      const file = join(dir, `math-${withProgram}.cjs`);
      writeFileSync(file, out);
      const load = createRequire(file);
      const { observe } = load("ts-observed") as typeof import("../runtime/index.js");
      const { add } = load(file) as { add: (a: number, b: number) => number };
      const seen: string[] = [];
      const subscription = observe("math", (ctx) => void seen.push(`${ctx.state} ${ctx.functionSignature.file}`));
      expect(add(1, 2)).toBe(3);
      subscription.unsubscribe();
      expect(seen).toEqual(["PRE_EXECUTION src/math.ts", "POST_SUCCESS src/math.ts", "COMPLETED src/math.ts"]);
    });
  }

  // NestJS trial: `nest build` needs `ts-patch install`, which makes ts-jest's language service run the
  // tsconfig's plugin too; with ts-observed/jest in astTransformers the file went through the transformer
  // twice, and the second pass threw "Node must have a real position" on the first one's output.
  it("twice in one emit (ts-patch install + ts-observed/jest): the second pass leaves the first's output as it is", () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "tsconfig.json"), "{}");
    const source = "export class Svc {\n  /** @observed */\n  async get(id: number): Promise<number> {\n    await null;\n    return id;\n  }\n}\n" + SOURCE;
    for (const withProgram of [true, false]) {
      const once = transpile(source, withProgram);
      expect(once).toContain("__obs_s1.enter(");
      expect(transpile(source, withProgram, 2)).toBe(once);
      expect(transpile(source, withProgram, 3)).toBe(once);
    }
  });

  it("a bad tag fails the file with the located diagnostic", () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "tsconfig.json"), "{}");
    expect(() => transpile("/** @observed\n * @capture nope */\nexport function f(a: number) { return a; }\n", false)).toThrow(
      /src\/math\.ts\(2,4\): error TS991003: ts-observed TSO1003: @capture nope: function f has no parameter or top-level local named "nope"/,
    );
  });
});
