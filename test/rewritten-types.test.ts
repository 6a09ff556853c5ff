/**
 * The bundler path's output is still TypeScript, and a loader after ts-observed may type-check it: ts-loader
 * without `transpileOnly`, which NestJS's webpack builder uses as soon as a CLI plugin (@nestjs/swagger,
 * @nestjs/graphql) is registered. Under `strictNullChecks` (Nest's default tsconfig) the bind of a tagged
 * getter or setter, `Object.getOwnPropertyDescriptor(C.prototype, "k").get`, was TS2532 ("Object is possibly
 * 'undefined'") at a column past the end of the class, and failed the build (NestJS trial).
 * Not covered: a tagged setter, whose inserted `return C.early()` / `return C.fail(E)` is TS2408 ("Setters cannot
 * return a value") to such a loader (docs/BUNDLERS.md, "Output").
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { rewrite } from "../transformer/rewrite.js";
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
  it("type-checks as the original under strictNullChecks, accessor binds included", () => {
    linkPackage();
    mkdirSync(dir, { recursive: true });
    const out = rewrite(SOURCE, join(dir, "src.ts"), { enabled: true, tag: "observed", runtime: "ts-observed/runtime", observeAll: false, projectRoot: dir, includes: () => true, format: "auto" });
    expect(out?.functions).toBe(4);
    expect(out!.code).toContain('Object.getOwnPropertyDescriptor(Orders.prototype, "count")!.get');
    for (const options of [{ strictNullChecks: true }, { strict: true, noImplicitThis: false }]) {
      expect(typeErrors("original.ts", SOURCE, options)).toEqual([]);
      expect(typeErrors("rewritten.ts", out!.code, options)).toEqual([]);
    }
  });
});
