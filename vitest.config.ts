import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { observed } from "./transformer/vite.js";

const root = dirname(fileURLToPath(import.meta.url));

/**
 * The runtime's test fixtures: plain tagged TypeScript, rewritten by the real Vite plugin before vitest
 * runs them (test/transformed-fixtures.test.ts fails if one is not). Only these: the harness and
 * fixture-corpus tests build their own outputs through each transformer path.
 */
const TRANSFORMED_FIXTURES = [
  "test/hand/emitted.ts",
  "test/hand/late.ts",
  "test/hand/observers-fixtures.ts",
  "test/integrations/emitted.ts",
];

/**
 * Every runtime entry of the package (`ts-observed`, `ts-observed/runtime`, `/observers`, `/testing`, …,
 * read from package.json `exports`) resolves to its SOURCE file inside vitest, so tests, transformed
 * fixtures, examples and built outputs imported by tests share one copy of the runtime (one module graph:
 * the same classes for `instanceof`). The build-tool entries (`/esbuild`, `/vite`, `/transformer`,
 * `/register`, …) keep resolving to the built package.
 */
function runtimeAliases(): { find: RegExp; replacement: string }[] {
  const { exports } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    exports: Record<string, string | { types?: string; import?: string | { types?: string } }>;
  };
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const [subpath, target] of Object.entries(exports)) {
    // The ES module declarations: `import.types` (each condition has its own), or the entry's own `types`.
    const types = typeof target === "string" ? undefined : typeof target.import === "object" ? target.import.types : target.types;
    const match = types === undefined ? null : /^\.\/dist\/types\/(runtime\/.+)\.d\.ts$/.exec(types);
    if (match === null) continue;
    const specifier = `ts-observed${subpath.slice(1)}`;
    aliases.push({ find: new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")}$`), replacement: join(root, `${match[1]}.ts`) });
  }
  return aliases;
}

export default defineConfig({
  // `root` given explicitly: the include globs and `site.file` are relative to the repository root wherever vitest runs from.
  plugins: [observed({ root, include: TRANSFORMED_FIXTURES })],
  resolve: { alias: runtimeAliases() },
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // `node --import ts-observed/register` runs in the tests parse every time instead of reading rewrites that
    // an earlier run (or the other Node version's) left in the fixtures' node_modules/.cache:
    // test/register-cache.test.ts turns the cache back on for itself.
    env: { TS_OBSERVED_CACHE: "0" },
  },
});
