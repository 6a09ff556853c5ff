/**
 * Build paths through esbuild with the ts-observed plugin: every fixture bundled in one esbuild run
 * (the runtime stays external, so the runner's `ts-observed` and the fixtures share one registry).
 */
import { build } from "esbuild";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { observed, type ObservedPluginOptions } from "../../transformer/esbuild.js";
import type { BuildPath } from "./build-path.js";
import { ROOT, fixtureName, fixturePaths } from "./fixtures.js";
import { linkPackage } from "./tsc-path.js";

/**
 * An esbuild build path in `format` (the plugin rewrites the TypeScript; esbuild strips types and bundles).
 * `observed: false` builds without the plugin: the reference for what bundling itself changes;
 * `pluginOptions` override the project's config (e.g. `observeAll`).
 */
export function esbuildPath(name: string, format: "esm" | "cjs", observedBuild = true, pluginOptions: ObservedPluginOptions = {}): BuildPath {
  return batchedPath(name, format, observedBuild, async (outDir) => {
    await build({
      entryPoints: fixturePaths(),
      outdir: outDir,
      absWorkingDir: ROOT,
      bundle: true,
      format,
      platform: "node",
      target: "node20",
      sourcemap: true,
      external: ["ts-observed", "ts-observed/*"],
      logLevel: "silent",
      plugins: observedBuild ? [observed({ root: ROOT, ...pluginOptions })] : [],
    });
  });
}

/**
 * A path that builds every fixture in one batch on the first call (per output folder) and answers
 * `outDir/out/<fixture>.js`, in a folder whose package.json says the format.
 */
export function batchedPath(name: string, format: "esm" | "cjs", observedBuild: boolean, buildAll: (outDir: string) => Promise<void>): BuildPath {
  const batches = new Map<string, Promise<void>>();
  return {
    name,
    format,
    observed: observedBuild,
    async build(fixturePath, outDir) {
      let batch = batches.get(outDir);
      if (batch === undefined) {
        batch = (async () => {
          linkPackage();
          rmSync(outDir, { recursive: true, force: true });
          mkdirSync(join(outDir, "out"), { recursive: true });
          writeFileSync(join(outDir, "out/package.json"), JSON.stringify({ type: format === "esm" ? "module" : "commonjs" }));
          await buildAll(join(outDir, "out"));
        })();
        batches.set(outDir, batch);
      }
      await batch;
      return join(outDir, "out", fixtureName(fixturePath) + ".js");
    },
  };
}
