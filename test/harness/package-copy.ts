/**
 * A project under the OS temporary directory that installs ts-observed as a copy of the built package
 * (dist/ and package.json, not a link to the repository: module resolution from it never reaches the
 * repository's own node_modules), its dependencies linked from the repository, plus the `peers` asked for
 * (esbuild, vite, …). An ES module app (`"type": "module"`). For tests that run the installed package's
 * files in child processes, or change them (a parser moved away).
 */
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./fixtures.js";

/** Creates the project; returns its directory and the copied package's. The caller removes it. */
export function projectWithPackageCopy(prefix: string, peers: readonly string[] = []): { project: string; pkg: string } {
  const project = mkdtempSync(join(tmpdir(), prefix));
  const pkg = join(project, "node_modules/ts-observed");
  mkdirSync(pkg, { recursive: true });
  cpSync(join(ROOT, "dist"), join(pkg, "dist"), { recursive: true });
  cpSync(join(ROOT, "package.json"), join(pkg, "package.json"));
  const manifest = createRequire(import.meta.url)(join(ROOT, "package.json")) as { dependencies: Record<string, string> };
  for (const name of [...Object.keys(manifest.dependencies), ...peers]) {
    mkdirSync(join(project, "node_modules", name, ".."), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", name), join(project, "node_modules", name), "dir");
  }
  writeFileSync(join(project, "package.json"), '{ "name": "app", "type": "module" }\n');
  return { project, pkg };
}

/**
 * lib.ts of the cache tests: `scale` is observed and multiplies by `factor` (what an edit changes), and a
 * `// @observed` line comment gives the file a warning (TSO1008 at 6:4) that a cached rewrite must report again.
 */
export function taggedLib(factor: number): string {
  return `/** @observed */
export function scale(a: number): number {
  return a * ${factor};
}

// @observed
export function plain(a: number): number {
  return a + 1;
}
`;
}
