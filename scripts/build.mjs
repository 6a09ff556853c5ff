// Builds dist/: per-file ESM and CommonJS with esbuild (no bundling, so module identity is kept
// within a format), then .d.ts files with tsc (dist/types, and a copy in dist/cjs for CommonJS consumers).
// ts-patch loads transformers with require(), and CommonJS apps require the runtime: both formats are needed.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildParser } from "./build-parser.mjs";

const root = new URL("..", import.meta.url).pathname;
const sources = [];
for (const dir of ["runtime", "transformer"]) walk(join(root, dir));
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith(".d.ts")) sources.push(path);
  }
}

rmSync(join(root, "dist"), { recursive: true, force: true });
const common = { entryPoints: sources, outbase: root, bundle: false, platform: "node", target: "node20", sourcemap: true, logLevel: "warning" };
await build({ ...common, format: "esm", outdir: join(root, "dist/esm") });
// register.ts (ES module only: `node --import`) uses import.meta; its CommonJS copy is never exported.
await build({ ...common, format: "cjs", outdir: join(root, "dist/cjs"), logOverride: { "empty-import-meta": "silent" } });
mkdirSync(join(root, "dist/cjs"), { recursive: true });
writeFileSync(join(root, "dist/cjs/package.json"), '{ "type": "commonjs" }\n');
// The bundler path's TypeScript parser (dist/parser/typescript.cjs), one copy for both formats.
await buildParser(root);
execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.json"), "--emitDeclarationOnly"], { stdio: "inherit" });
// The declarations again, beside the CommonJS files: TypeScript reads a .d.ts as the module format of its
// folder, and dist/types is ESM ("type": "module" at the root), so a CommonJS consumer (node16/nodenext
// resolving the `require` condition, or node10 through `types` and `typesVersions`) needs a copy under
// dist/cjs, whose package.json says "commonjs". The text is the same: only the folder differs.
cpSync(join(root, "dist/types"), join(root, "dist/cjs"), { recursive: true });
