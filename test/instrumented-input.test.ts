/**
 * Output of ts-observed read again (a workspace library built with tspc keeps its tags in its dist/, which a
 * bundler reads through the workspace link) is left as it is: instrumenting it twice gave every observer each
 * event twice.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { isInstrumented } from "../transformer/analyze/instrumented.js";
import { observed } from "../transformer/esbuild.js";
import { rewrite } from "../transformer/rewrite.js";
import { resolveSettings } from "../transformer/rewrite/settings.js";
import { OUT_DIR } from "./harness/fixtures.js";

const SOURCE = "/** @observed math */\nexport function add(a, b) {\n  return a + b;\n}\n";

describe("isInstrumented", () => {
  it("recognizes an import or require of the runtime entry (either quote), and nothing else", () => {
    expect(isInstrumented('import { site as __obs_site } from "ts-observed/runtime";', "ts-observed/runtime")).toBe(true);
    expect(isInstrumented("const { site: __obs_site } = require('ts-observed/runtime');", "ts-observed/runtime")).toBe(true);
    expect(isInstrumented('import { site as __obs_site } from "@acme/obs-runtime";', "@acme/obs-runtime")).toBe(true);
    expect(isInstrumented(SOURCE, "ts-observed/runtime")).toBe(false);
    expect(isInstrumented('import { observe } from "ts-observed"; // see "ts-observed/runtime"', "ts-observed/runtime")).toBe(false);
    // A user's own names that look like emitted ones (test/fixtures/collisions.ts) are not a sign.
    expect(isInstrumented("const __obs_site = (x) => x; __obs_site(1);", "ts-observed/runtime")).toBe(false);
  });

  it("recognizes an instrumented function's entry guard when the runtime import is gone (the runtime bundled into a library)", () => {
    // As tsup (esbuild), tsdown/Rollup and the tsc path print the guard; module-level names renamed by the bundler.
    for (const guard of [
      "const __obs_c = __obs_on0 > 0 ? __obs_s0.enter(this, key) : null;",
      "const __obs_c = __obs_on02 > 0 ? __obs_s02.enter(void 0, fn, options) : null;",
      "const __obs_c = __obs_on0$3 > 0 ? __obs_s0$3.enter(this, key) : null;",
      "var __obs1_c = __obs1_on4 > 0 ? __obs1_s4.enterN(this, [a, b, c, d, e]) : null;",
    ]) {
      expect(isInstrumented(`var KEY = Symbol.for("ts-observed.registry");\nfunction f(key) {\n  ${guard}\n}`, "ts-observed/runtime")).toBe(true);
    }
    // Look-alikes in user code: the names of test/fixtures/collisions.ts, and a guard whose names do not share a prefix.
    expect(isInstrumented('const __obs_c = "user value"; const __obs_s0 = __obs_site(__obs_e);', "ts-observed/runtime")).toBe(false);
    expect(isInstrumented("const __obs_c = __obs1_on0 > 0 ? other_s0.enter(this) : null;", "ts-observed/runtime")).toBe(false);
  });
});

describe("a file that is already instrumented", () => {
  const dir = join(OUT_DIR, `instrumented-input-p${process.pid}`);
  const settings = resolveSettings({ root: OUT_DIR, cache: false }, OUT_DIR);

  it("is not rewritten again by the rewriter (Vite, Rollup, webpack, Rspack, the Node loader) or analyzed again", () => {
    const once = rewrite(SOURCE, join(dir, "lib/math.js"), settings);
    expect(once?.functions).toBe(1);
    expect(once!.code).toContain("@observed math"); // the tag is still there, as in tspc output
    expect(rewrite(once!.code, join(dir, "lib/math.js"), settings)).toBeUndefined();
  });

  it("is not rewritten again when a library bundled the runtime into it (no import of ts-observed/runtime left)", () => {
    const once = rewrite(SOURCE, join(dir, "lib/math.js"), settings)!.code;
    // What tsup/tsdown/unbuild print when ts-observed is only a devDependency: the runtime inlined, its import gone.
    const inlined = once.replace(/import \{[^}]*\} from "ts-observed\/runtime";/, "var __obs_site = (m, p) => ({ on: 0, enter() {} }), __obs_bind = () => {};");
    expect(inlined).not.toContain("ts-observed/runtime");
    expect(inlined).toContain("@observed math");
    expect(rewrite(inlined, join(dir, "lib/math.js"), settings)).toBeUndefined();
  });

  it("is bundled by esbuild with one site per function", async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, "lib"), { recursive: true });
    writeFileSync(join(dir, "lib/math.js"), rewrite(SOURCE, join(dir, "lib/math.js"), settings)!.code);
    writeFileSync(join(dir, "app.ts"), 'import { add } from "./lib/math.js";\nconsole.log(add(1, 2));\n');
    const result = await build({ entryPoints: [join(dir, "app.ts")], absWorkingDir: dir, bundle: true, write: false, format: "esm", external: ["ts-observed/*"], logLevel: "silent", plugins: [observed({ root: dir, cache: false })] });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0]!.text.match(/__obs\d*_site\(\{/g)).toHaveLength(1);
  });
});
