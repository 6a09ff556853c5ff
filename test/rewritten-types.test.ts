/**
 * The bundler path's output is still TypeScript, and a loader after ts-observed may type-check it: ts-loader
 * without `transpileOnly`, which NestJS's webpack builder uses as soon as a CLI plugin (@nestjs/swagger,
 * @nestjs/graphql) is registered. Under `strictNullChecks` (Nest's default tsconfig) the bind of a tagged
 * getter or setter, `Object.getOwnPropertyDescriptor(C.prototype, "k").get`, was TS2532 ("Object is possibly
 * 'undefined'") at a column past the end of the class, and failed the build (NestJS trial).
 * A tagged setter's inserted `return C.early()` and `return C.fail(E)` were TS2408 ("Setters cannot return a
 * value"): a setter now gets `{ C.early(); return; }` and `C.fail(E);`, in both paths (docs/EMIT.md).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { rewrite } from "../transformer/rewrite.js";
import { observedTransformer, type TransformerExtras } from "../transformer/tsc.js";
import { OUT_DIR } from "./harness/fixtures.js";
import { linkPackage } from "./harness/tsc-path.js";

const dir = join(OUT_DIR, `rewritten-types-p${process.pid}`);

const SOURCE = [
  "export class Orders {",
  "  private items = new Map<number, string>();",
  "  /** @observed orders */",
  "  get count(): number {",
  "    return this.items.size;",
  "  }",
  "  /** @observed orders */",
  "  set first(value: string) {",
  "    this.items.set(0, value);",
  "  }",
  "  /** @observed orders */",
  "  static parse(raw: string): number {",
  "    return Number(raw);",
  "  }",
  "}",
  "export const api = {",
  "  /** @observed */",
  "  get size(): number {",
  "    return 1;",
  "  },",
  "};",
  "/** @observed */",
  "export function add(a: number, b: number): number {",
  "  return a + b;",
  "}",
  "",
].join("\n");

/** The type errors of `code`, written as `name`, with the given options (ts-observed resolved from the package). */
function typeErrors(name: string, code: string, options: ts.CompilerOptions): string[] {
  const file = join(dir, name);
  writeFileSync(file, code);
  const program = ts.createProgram([file], { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true, types: [], ...options });
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => {
    const at = d.file === undefined || d.start === undefined ? "" : `(${d.file.getLineAndCharacterOfPosition(d.start).line + 1}) `;
    return `${at}TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

describe("the bundler path's TypeScript output", () => {
  it("type-checks as the original under strictNullChecks, accessor binds and setters included", () => {
    linkPackage();
    mkdirSync(dir, { recursive: true });
    const out = rewrite(SOURCE, join(dir, "src.ts"), { enabled: true, tag: "observed", runtime: "ts-observed/runtime", observeAll: false, projectRoot: dir, includes: () => true, format: "auto" });
    expect(out?.functions).toBe(5);
    expect(out!.code).toContain('Object.getOwnPropertyDescriptor(Orders.prototype, "count")!.get');
    for (const options of [{ strictNullChecks: true }, { strict: true, noImplicitThis: false }]) {
      expect(typeErrors("original.ts", SOURCE, options)).toEqual([]);
      expect(typeErrors("rewritten.ts", out!.code, options)).toEqual([]);
    }
  });
});

describe("a tagged setter", () => {
  const SETTER = [
    "export class Box {",
    "  value = 0;",
    "  /** @observed box */",
    "  set v(x: number) {",
    "    if (x < 0) throw new RangeError(`negative: ${x}`);",
    "    if (x === 0) return;",
    "    this.value = x;",
    "  }",
    "}",
    "",
  ].join("\n");

  /** Loads `code` (CommonJS) from the test folder, where `ts-observed` resolves to this package. */
  function load(name: string, code: string): { Box: new () => { value: number; v: number } } {
    const file = join(dir, name);
    writeFileSync(file, code);
    return createRequire(file)(file) as { Box: new () => { value: number; v: number } };
  }

  /** The setter's behaviour under observers that answer in PRE_EXECUTION and recover in POST_FAILURE. */
  function behaviour(Box: new () => { value: number; v: number }): string[] {
    const { observe, onCall, onFailure } = createRequire(join(dir, "x.cjs"))("ts-observed") as typeof import("../runtime/index.js");
    const seen: string[] = [];
    const box = new Box();
    const attempt = (x: number): void => {
      try {
        box.v = x;
        seen.push(`${x}: value ${box.value}`);
      } catch (error) {
        seen.push(`${x}: threw ${(error as Error).message}`);
      }
    };
    attempt(1);
    attempt(-1);
    {
      using _skip = observe("box", onCall((ctx) => (ctx.args[0] === 5 ? ctx.returnEarly(undefined) : ctx.args[0] === 6 ? ctx.reject(new Error("refused")) : undefined)));
      attempt(5);
      attempt(6);
      attempt(7);
    }
    {
      using _recover = observe("box", onFailure((ctx) => ctx.recover(undefined)));
      attempt(-2);
      attempt(0);
    }
    return seen;
  }

  const expected = ["1: value 1", "-1: threw negative: -1", "5: value 1", "6: threw refused", "7: value 7", "-2: value 7", "0: value 7"];

  it("bundler path: type-checks under strict (no TS2408), and behaves as before", () => {
    linkPackage();
    mkdirSync(dir, { recursive: true });
    const out = rewrite(SETTER, join(dir, "box.ts"), { enabled: true, tag: "observed", runtime: "ts-observed/runtime", observeAll: false, projectRoot: dir, includes: () => true, format: "auto" });
    expect(out!.code).toContain("{ __obs_c.early(); return; }");
    expect(typeErrors("box-rewritten.ts", out!.code, { strict: true, noImplicitThis: false })).toEqual([]);
    const cjs = ts.transpileModule(out!.code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    expect(behaviour(load("box-rewritten.cjs", cjs).Box)).toEqual(expected);
  });

  for (const target of [ts.ScriptTarget.ES5, ts.ScriptTarget.ES2022]) {
    it(`tsc path, ${ts.ScriptTarget[target]}: the same behaviour`, () => {
      linkPackage();
      mkdirSync(dir, { recursive: true });
      const compilerOptions: ts.CompilerOptions = { module: ts.ModuleKind.CommonJS, target, lib: ["lib.es2022.d.ts"] };
      const program = { getCompilerOptions: () => compilerOptions, getCurrentDirectory: () => dir };
      const cjs = ts.transpileModule(SETTER, {
        fileName: join(dir, "box.ts"),
        compilerOptions,
        transformers: { before: [observedTransformer(program, undefined, { ts: ts as unknown as TransformerExtras["ts"], addDiagnostic: () => 0 })] },
      }).outputText;
      expect(cjs).toContain("__obs_c.early();");
      expect(behaviour(load(`box-${ts.ScriptTarget[target]}.cjs`, cjs).Box)).toEqual(expected);
    });
  }
});
