// The emit phase alone of the tsc path, A/B: one cold `program.emit` per fresh process (as in a real tsc
// run, where every printer and transformer function runs once, cold), alternating between transformer
// builds, on the project bench/build-tsc.mjs generated. Program creation and type checking happen before
// the timed part; CPU counts every thread (V8 compiles optimized code on helper threads).
//   node bench/build-tsc.mjs --runs 1 && node bench/build-tsc-emit.mjs [--runs 7] [--dir bench/.out/build-tsc-1] none git:fa5edb8 worktree [other.cjs …]
// A variant is `none` (no transformer), `git:<commit>` (that commit's transformer/ and runtime/, from
// `git archive`), `worktree` (the working tree's), both bundled with esbuild into bench/.out/build-tsc-emit/,
// or a CommonJS module exporting `observedTransformer` (e.g. dist/cjs/transformer/tsc.js).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  return args.splice(at, 2)[1];
};

if (args[0] === "--child") {
  // One cold emit: [--child, variant, dir]. Output kept in memory (disk writes are the same code either way).
  const [, variant, dir] = args;
  const require = createRequire(import.meta.url);
  const ts = require(join(root, "node_modules/typescript"));
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, "tsconfig.plain.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram(config.fileNames, config.options);
  program.getSemanticDiagnostics();
  let bytes = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  const before = variant === "none" ? [] : [require(resolve(variant)).observedTransformer(program, { root: "." }, { ts, addDiagnostic: () => 0 })];
  program.emit(undefined, (_name, text) => { bytes += text.length; }, undefined, false, { before });
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ cpu: (used.user + used.system) / 1000, wall: performance.now() - start, bytes }));
} else {
  const runs = Number(option("runs", "7"));
  /** `git:<commit>` and `worktree` → a CommonJS bundle of that transformer; other variants as given. */
  function bundled(variant) {
    if (variant !== "worktree" && !variant.startsWith("git:")) return variant;
    const outDir = join(root, "bench/.out/build-tsc-emit");
    mkdirSync(outDir, { recursive: true });
    let src = root;
    let name = "worktree";
    if (variant.startsWith("git:")) {
      const commit = execFileSync("git", ["rev-parse", "--short", variant.slice(4)], { cwd: root, encoding: "utf8" }).trim();
      src = mkdtempSync(join(tmpdir(), "build-tsc-emit-"));
      execFileSync("sh", ["-c", `git archive ${commit} transformer runtime | tar -x -C ${src}`], { cwd: root });
      name = `git-${commit}`;
    }
    const out = join(outDir, `${name}.cjs`);
    execFileSync(join(root, "node_modules/.bin/esbuild"), [join(src, "transformer/tsc.ts"), "--bundle", "--platform=node", "--format=cjs", `--outfile=${out}`, "--log-level=warning"]);
    if (src !== root) rmSync(src, { recursive: true, force: true });
    return out;
  }
  const dir = resolve(option("dir", join(root, "bench/.out/build-tsc-1")));
  const variants = args.map(bundled);
  const results = Object.fromEntries(variants.map((v) => [v, []]));
  const load = loadavg()[0];
  for (let r = 0; r < runs; r++) {
    for (const v of variants) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child", v, dir], { encoding: "utf8" });
      results[v].push(JSON.parse(out.trim().split("\n").pop()));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const base = variants.includes("none") ? median(results.none.map((x) => x.cpu)) : undefined;
  console.log(`\nEmit phase, one cold emit per process, ${runs} alternating runs, ${dir.replace(root, "")}; load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)} (2 CPUs).\n`);
  console.log("| variant | emit CPU (median) | best | over `none` (median) | output characters |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const v of variants) {
    const cpus = results[v].map((x) => x.cpu);
    const m = median(cpus);
    console.log(`| ${v.replace(root, "")} | ${m.toFixed(0)} ms | ${Math.min(...cpus).toFixed(0)} ms | ${base === undefined ? "" : `+${(m - base).toFixed(0)} ms`} | ${results[v][0].bytes} |`);
  }
}
