/**
 * The build plugins' declarations never reach `typescript`'s: a project whose own `typescript` is 7 (no
 * compiler API, `import "typescript"` is only its version) type-checks a `vite.config.ts` or build script with
 * `skipLibCheck` off (a trial's TypeScript 7 project got 16 errors from plan.d.ts and errors.d.ts through
 * ts-observed/esbuild). The tsc path and Jest entries are for TypeScript 5/6 and do use its types.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./harness/fixtures.js";

/** Every declaration file of dist/types that `entry` reaches through relative imports, and the packages they import. */
function closure(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
      if (!specifier!.startsWith(".")) packages.add(specifier!);
      else visit(resolve(dirname(file), specifier!.replace(/\.js$/, ".d.ts")));
    }
  };
  visit(entry);
  return { files: [...files], packages: [...packages].sort() };
}

describe("the build plugins' declarations", () => {
  for (const name of ["esbuild", "vite", "rollup", "webpack", "rspack", "loader"]) {
    it(`ts-observed/${name} reaches no declaration that imports typescript`, () => {
      const entry = join(ROOT, `dist/types/transformer/${name}.d.ts`);
      expect(existsSync(entry)).toBe(true);
      expect(closure(entry).packages).not.toContain("typescript");
    });
  }
});
