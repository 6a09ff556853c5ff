// One build in a fresh Node process, for bench/build-esbuild.mjs's cold-start figures: everything is
// imported here, after the process started, so that the time includes loading esbuild's API and (with the
// plugin) ts-observed and, when a tagged file misses the cache, TypeScript 6.
// Usage: node bench/build-esbuild-cold.mjs <alone|plugin|load-ts> <project dir> <cache dir>
// Prints {"ms": time since the process started, "cpu": this process' CPU ms, "buildMs": the build alone}.
const [variant, dir, cacheDir] = process.argv.slice(2);
const started = performance.now();
if (variant === "load-ts") {
  const { loadParser } = await import("../dist/esm/transformer/rewrite/parse.js");
  const t = performance.now();
  loadParser();
  console.log(JSON.stringify({ ms: performance.now() - t }));
} else {
  const { build } = await import("esbuild");
  const plugins = variant === "plugin" ? [(await import("../dist/esm/transformer/esbuild.js")).observed({ root: dir, cache: cacheDir })] : [];
  const t = performance.now();
  const result = await build({
    entryPoints: [`${dir}/src/index.ts`], absWorkingDir: dir, bundle: true, format: "esm", platform: "node", sourcemap: true,
    write: false, outdir: `${dir}/out`, external: ["ts-observed", "ts-observed/*"], logLevel: "silent", plugins,
  });
  if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors));
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ ms: performance.now(), cpu: (cpu.user + cpu.system) / 1000, buildMs: performance.now() - t, importMs: t - started }));
}
