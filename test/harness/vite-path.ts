/**
 * A build path through Vite 7 (its Rollup build) with the ts-observed Vite plugin, which runs before
 * Vite's esbuild TypeScript transform: every fixture is an entry of one SSR build, the runtime external.
 */
import { build } from "vite";
import { observed } from "../../transformer/vite.js";
import type { BuildPath } from "./build-path.js";
import { batchedPath } from "./esbuild-path.js";
import { ROOT, fixtureName, fixturePaths } from "./fixtures.js";

/** The Vite build path (ES modules); `observed: false` builds without the plugin (the bundling reference). */
export function vitePath(name: string, observedBuild = true): BuildPath {
  return batchedPath(name, "esm", observedBuild, async (outDir) => {
    await build({
      configFile: false,
      root: ROOT,
      logLevel: "silent",
      plugins: observedBuild ? [observed({ root: ROOT })] : [],
      build: {
        ssr: true,
        outDir,
        emptyOutDir: false,
        sourcemap: true,
        minify: false,
        target: "node20",
        rollupOptions: {
          input: Object.fromEntries(fixturePaths().map((f) => [fixtureName(f), f])),
          external: [/^ts-observed(\/|$)/],
          output: { format: "es", entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js" },
        },
      },
    });
  });
}
