/**
 * The Vite plugin rewrites the source as written even when a plugin that also runs `enforce: "pre"` is listed
 * before it: its `transform` has `order: "pre"`. @vitejs/plugin-react's Fast Refresh transform (dev server)
 * writes statements between a doc comment and the function it tags; listed first, it made every tag an error.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build, type Plugin } from "vite";
import { describe, expect, it } from "vitest";
import { observed } from "../transformer/vite.js";
import { OUT_DIR } from "./harness/fixtures.js";

/** Like Fast Refresh's output: a statement right after each `@observed` doc comment. */
const refreshLike: Plugin = {
  name: "refresh-like",
  enforce: "pre",
  transform: (code, id) => (id.endsWith(".ts") ? code.replace(/(\/\*\* @observed \*\/)/g, '$1 _s(0, "sig");') : null),
};

describe("vite plugin order", () => {
  it("a pre plugin listed first does not see the source before ts-observed does", async () => {
    const dir = join(OUT_DIR, `vite-order-p${process.pid}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "main.ts"), 'const _s = (..._a: unknown[]) => {};\n/** @observed */\nexport function useCount(n: number): number {\n  return n + 1;\n}\n');
    const output = await build({
      configFile: false,
      root: dir,
      logLevel: "silent",
      plugins: [refreshLike, observed({ root: dir })],
      build: { ssr: join(dir, "main.ts"), write: false, rollupOptions: { external: [/^ts-observed/] } },
    });
    const code = (Array.isArray(output) ? output[0]! : output) as { output: { code: string }[] };
    // Instrumented (Rollup names the runtime's imports after their exports in the bundle).
    expect(code.output[0]!.code).toMatch(/import \{ site, bind \} from "ts-observed\/runtime"/);
    expect(observed().transform).toMatchObject({ order: "pre" });
  });
});
