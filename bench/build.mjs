// Builds the benchmark into bench/.out/js/: the generated sources (gen.mjs) and bench/src/*.ts.
// - observed.ts (tagged `/** @observed bench */`) goes THROUGH THE TRANSFORMER: the esbuild plugin
//   `ts-observed/esbuild` (from the dist/ snapshot run.mjs takes after `npm run build`). If it cannot be loaded or leaves the file
//   untransformed, the hand-written emitted shape (docs/EMIT.md) is used and the report says so.
// - decorated.ts (TC39 standard decorators) is compiled by tsc (TypeScript 5, experimentalDecorators off).
// - everything else is type-stripped by esbuild, file by file (no bundling: imports stay imports, as in
//   dist/), target node20.
import { build } from "esbuild";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { generate } from "./gen.mjs";

const here = new URL(".", import.meta.url).pathname;
const root = join(here, "..");
const srcDir = join(here, ".out/src");
const outDir = join(here, ".out/js");

export async function buildBench(pkg = root) {
  rmSync(join(here, ".out/src"), { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const generated = generate(srcDir);
  const common = { bundle: false, format: "esm", platform: "node", target: "node20", logLevel: "warning", outdir: outDir, entryNames: "[name]" };

  // Plain type stripping.
  const own = readdirSync(join(here, "src")).filter((f) => f.endsWith(".ts")).map((f) => join(here, "src", f));
  await build({ ...common, entryPoints: [...own, generated.plain, generated["plain-copy"], generated.tracing, generated.otel, generated.methods] });

  // Through the transformer.
  let emit = "transformer (ts-observed/esbuild)";
  let transformerError = "";
  try {
    const { observed } = await import(join(pkg, "dist/esm/transformer/esbuild.js"));
    await build({ ...common, entryPoints: [generated.observed], plugins: [observed({ root })] });
    const out = readFileSync(join(outDir, "observed.js"), "utf8");
    if (!out.includes("__obs_s0") || (out.match(/ = __obs_on\d+ > 0 \?/g) ?? []).length !== 128) throw new Error("the output is not in the emitted shape (128 guards expected)");
  } catch (error) {
    transformerError = error instanceof Error ? error.message : String(error);
    emit = "hand-written emitted shape (transformer unavailable: " + transformerError.split("\n")[0] + ")";
    await build({ ...common, entryPoints: [generated["observed-hand"]], outdir: join(here, ".out/hand") });
    writeFileSync(join(outDir, "observed.js"), readFileSync(join(here, ".out/hand/observed-hand.js")));
  }

  // TC39 decorators through tsc.
  const decorated = ts.transpileModule(readFileSync(generated.decorated, "utf8"), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, experimentalDecorators: false },
    fileName: generated.decorated,
  });
  writeFileSync(join(outDir, "decorated.js"), decorated.outputText);

  return { emit, transformerError, tsVersion: ts.version };
}
