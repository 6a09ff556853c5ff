// One build in a fresh Node process, for bench/build-esbuild.mjs's cold-start figures: everything is
// imported here, after the process started, so that the time includes loading esbuild's API and (with the
// plugin) ts-observed and, when a tagged file misses the cache, TypeScript 6.
// Usage: node bench/build-esbuild-cold.mjs <alone|noop|plugin|load-ts|load-ts-cached|load-ts-full> <project dir> <cache dir> [dist dir]
// (noop: a plugin whose onLoad returns undefined for every .ts file, the floor of any onLoad plugin.)
// (dist dir: another build of ts-observed to take the plugin from, for --baseline; default ../dist).
// Prints {"ms": time since the process started, "cpu": this process' CPU ms, "buildMs": the build alone}.
// load-ts / load-ts-cached: loading the plugin's parser alone (dist/parser/typescript.cjs, compiled from source,
// or through the V8 code cache in the cache dir, which the first such run writes), then parsing the project's
// tagged files with it, JIT-cold; prints {"ms": load, "parseMs": the parses, "compiledFrom"}. load-ts-full: the
// same with TypeScript 6's whole typescript.js (a devDependency; what the plugin loaded until it had its own parser).
const [variant, dir, cacheDir, dist = new URL("../dist", import.meta.url).pathname] = process.argv.slice(2);
const started = performance.now();
if (variant === "load-ts-full") {
  const { readdirSync, readFileSync } = await import("node:fs");
  const { createRequire } = await import("node:module");
  const files = readdirSync(`${dir}/src`).map((f) => `${dir}/src/${f}`);
  const tagged = files.map((f) => [f, readFileSync(f, "utf8")]).filter(([, text]) => text.includes("@observed"));
  const t = performance.now();
  const ts = createRequire(import.meta.url)("@typescript/typescript6");
  const loaded = performance.now();
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  for (const [f, text] of tagged) ts.createSourceFile(f, text, options, true, ts.ScriptKind.TS);
  console.log(JSON.stringify({ ms: loaded - t, parseMs: performance.now() - loaded, compiledFrom: "require" }));
} else if (variant === "load-ts" || variant === "load-ts-cached") {
  const { readdirSync, readFileSync } = await import("node:fs");
  const parse = await import("../dist/esm/transformer/rewrite/parse.js");
  const files = readdirSync(`${dir}/src`).map((f) => `${dir}/src/${f}`);
  const tagged = files.map((f) => [f, readFileSync(f, "utf8")]).filter(([, text]) => text.includes("@observed"));
  if (variant === "load-ts-cached") parse.useParserCodeCache(cacheDir);
  const t = performance.now();
  parse.loadParser();
  const loaded = performance.now();
  for (const [f, text] of tagged) parse.parseSource(f, text);
  const parsed = performance.now();
  await parse.saveParserCodeCache();
  console.log(JSON.stringify({ ms: loaded - t, parseMs: parsed - loaded, compiledFrom: parse.parserCompiledFrom() }));
} else {
  const { build } = await import("esbuild");
  const noop = { name: "noop-onload", setup: (b) => b.onLoad({ filter: /\.ts$/ }, () => undefined) };
  const plugins = variant === "plugin" ? [(await import(`${dist}/esm/transformer/esbuild.js`)).observed({ root: dir, cache: cacheDir })] : variant === "noop" ? [noop] : [];
  const t = performance.now();
  const result = await build({
    entryPoints: [`${dir}/src/index.ts`], absWorkingDir: dir, bundle: true, format: "esm", platform: "node", sourcemap: true,
    write: false, outdir: `${dir}/out`, external: ["ts-observed", "ts-observed/*"], logLevel: "silent", plugins,
  });
  if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors));
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ ms: performance.now(), cpu: (cpu.user + cpu.system) / 1000, buildMs: performance.now() - t, importMs: t - started }));
}
