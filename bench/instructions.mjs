// Instructions per call, counted by valgrind (callgrind) instead of timed: a figure that machine load does
// not move, for comparing two versions of the runtime on a shared, noisy machine. Also the instruction-cache
// misses, data-cache misses and branch mispredictions per call from callgrind's cache and branch simulation.
//   node bench/instructions.mjs [--js bench/.out/js] <variant>/<sync|async>/<mono|mega> …
// Each case runs twice in valgrind: 300 000 warm-up calls, then 200 000 more in one run and 1 200 000 in
// the other. Both runs compile the same code, so the difference divided by 1 000 000 is the cost of one
// call of optimized code alone. Node runs `--single-threaded` (compilation on the main thread) and
// `--predictable` with a fixed GC schedule and seeds: two runs of one build counted the same per call
// (101 and 101), where `--single-threaded` alone moved by up to ~6% between sessions. Needs valgrind and
// a built benchmark (`npm run bench` builds bench/.out/js). Slow: ~1 min per case.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const args = process.argv.slice(2);
const at = args.indexOf("--js");
const js = resolve(at === -1 ? join(here, ".out/js") : args.splice(at, 2)[1]);
const N = 1_000_000;

// One probe file per run: two runs at once (say, two builds compared) must not load each other's cases.
const probe = join(here, `.out/instructions-probe-${process.pid}.mjs`);
process.on("exit", () => rmSync(probe, { force: true }));
writeFileSync(
  probe,
  `const { setupCase } = await import(${JSON.stringify(`${js}/cases.js`)});
const [variant, mode, shape, n] = process.argv.slice(2);
const bench = await setupCase(variant, mode, shape);
// The loops are plain functions: an await in the module's own body would make every iteration resume it.
function runSync(count) {
  for (let i = 0; i < count; i++) bench.call();
}
async function runAsync(count) {
  for (let i = 0; i < count; i++) await bench.call();
}
const run = mode === "sync" ? runSync : runAsync;
await run(300000);
await run(Number(n));
`,
);

const EVENTS = { "I   refs": "instructions", "I1  misses": "I1 misses", "D1  misses": "D1 misses", Mispredicts: "mispredicted branches" };

function count(variant, mode, shape, n) {
  const run = spawnSync(
    "valgrind",
    ["--tool=callgrind", "--callgrind-out-file=/dev/null", "--smc-check=all-non-file", "--cache-sim=yes", "--branch-sim=yes", process.execPath, "--single-threaded", "--predictable", "--predictable-gc-schedule", "--no-memory-reducer", "--random-seed=1", "--hash-seed=1", probe, variant, mode, shape, String(n)],
    { encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`valgrind failed for ${variant}/${mode}/${shape}: ${run.stderr.slice(-500)}`);
  const totals = {};
  for (const [label, name] of Object.entries(EVENTS)) {
    const line = run.stderr.split("\n").find((l) => l.includes(`== ${label}:`));
    totals[name] = Number(line?.split(":")[1]?.trim().split(/\s+/)[0]?.replaceAll(",", "") ?? NaN);
  }
  return totals;
}

console.log(`| case | ${Object.values(EVENTS).join(" | ")} |`);
console.log(`| --- | ${Object.values(EVENTS).map(() => "---:").join(" | ")} |`);
for (const spec of args) {
  const [variant, mode = "sync", shape = "mono"] = spec.split("/");
  const base = count(variant, mode, shape, 200_000);
  const more = count(variant, mode, shape, 200_000 + N);
  const cells = Object.values(EVENTS).map((name) => ((more[name] - base[name]) / N).toFixed(name === "instructions" ? 0 : 1));
  console.log(`| ${variant}/${mode}/${shape} | ${cells.join(" | ")} |`);
}
