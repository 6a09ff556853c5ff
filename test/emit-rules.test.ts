// Both emitters follow transformer/emit-rules.ts: the strict entry guard, single evaluation of long
// or rewritten returned expressions, so that curried code does not grow exponentially in observe-all mode,
// and bodies that settle themselves (no `finally`, except in generators).
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { analyze } from "../transformer/analyze.js";
import { rewrite } from "../transformer/rewrite.js";
import { resolveSettings } from "../transformer/rewrite/settings.js";
import { transformFile } from "../transformer/tsc/transform-file.js";
import { ROOT } from "./harness/fixtures.js";

const options = { tag: "observed", runtime: "ts-observed/runtime", observeAll: "all" as const, projectRoot: ROOT };

/** `export const f = (a0) => (a1) => … (aN) => a0 + … + aN;` */
function curried(levels: number): string {
  const params = Array.from({ length: levels }, (_, i) => `a${i}`);
  return `export const f = ${params.map((p) => `(${p}: number) =>`).join(" ")} ${params.join(" + ")};\n`;
}

function viaTsc(source: string): string {
  const file = ts.createSourceFile(`${ROOT}/src/curried.ts`, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const plan = analyze(ts, file, options);
  const result = ts.transform(file, [(context) => (sf) => transformFile(ts, context, sf, plan, false)], { target: ts.ScriptTarget.ES2022 });
  const printed = ts.createPrinter().printFile(result.transformed[0]!);
  result.dispose();
  return printed;
}

function viaRewriter(source: string): string {
  const settings = resolveSettings({ root: ROOT, observeAll: "all", include: ["**/*"] }, ROOT);
  const result = rewrite(source, `${ROOT}/src/curried.ts`, settings);
  if (result === undefined) throw new Error("the rewriter left the file alone");
  return result.code;
}

describe("emit rules", () => {
  for (const [name, emit] of [["tsc path", viaTsc], ["source rewriter", viaRewriter]] as const) {
    it(`${name}: output grows linearly with nesting (single evaluation of rewritten returns)`, () => {
      const small = emit(curried(4)).length;
      const large = emit(curried(12)).length;
      // Linear: 3× the levels gives ~3× the code; copying would give 2^8 = 256× more.
      expect(large / small).toBeLessThan(4.5);
      expect(emit(curried(12))).toContain("__obs_v = ");
    });

    it(`${name}: the entry guard compares strictly`, () => {
      expect(emit(curried(1))).toMatch(/const __obs_c = __obs_on0 > 0 \?/);
    });

    it(`${name}: bodies settle themselves without finally; generators keep it`, () => {
      const flat = (code: string): string => code.replace(/\s+/g, " ");
      const plain = flat(emit("export function f(n: number) {\n  if (n > 0) return;\n  g(n);\n}\nfunction g(n: number) {}\n"));
      expect(plain).toContain("if (n > 0) { if (__obs_c !== null) __obs_c.ok(void 0); return; }");
      expect(plain).toMatch(/g\(n\); ;? ?if \(__obs_c !== null\) __obs_c\.done\(\); \} catch \(__obs_e\) \{ if \(__obs_c === null\) throw __obs_e; return __obs_c\.fail\(__obs_e\); \}/);
      expect(plain).not.toContain("finally");
      const arrow = flat(emit(curried(1)));
      expect(arrow).not.toContain("finally");
      expect(arrow).not.toContain(".done()");
      const generator = flat(emit("export function* f(n: number) {\n  if (n > 0) return;\n  yield n;\n}\n"));
      expect(generator).toContain("if (n > 0) return;");
      expect(generator).toContain("finally { if (__obs_c !== null) __obs_c.done(); }");
    });
  }
});
