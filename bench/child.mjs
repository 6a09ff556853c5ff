// Runs ONE benchmark case in this (fresh) process and prints one JSON line:
//   node --expose-gc bench/child.mjs <variant> <sync|async> <mono|mega> <min-cpu-ms> [alloc]
// Time: mitata's measure() (batches of 4096 calls per sample; we keep its p50, in ns per call).
// Bytes per call: see allocation() below.
import v8 from "node:v8";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { measure } from "mitata";

const [variant, mode, shape, minCpuMs = "300", alloc = ""] = process.argv.slice(2);
// BENCH_JS: another build of the cases (bench/experiment.mjs points it at a patched runtime).
const jsDir = process.env.BENCH_JS ? pathToFileURL(`${resolve(process.env.BENCH_JS)}/`) : new URL("./.out/js/", import.meta.url);
const { setupCase } = await import(new URL("cases.js", jsDir));
const bench = await setupCase(variant, mode, shape);

// Each sample times a batch of calls sized to last ~100 µs (the clock's resolution then costs < 0.02 ns per
// call, and a sample is short enough to rarely be preempted on a busy machine): a short first measure
// warms the JIT up and estimates the cost. batch_unroll 1: mitata's default of 4 inlines four copies of
// the case into its loop, and TurboFan's cumulative inlining budget (920 bytecodes in V8 11) then runs out
// for larger functions only, which would measure the budget rather than the call (see docs/BENCHMARKS.md).
// Warm-up first, untimed: enough calls per function for V8 to optimize every one of them. An emitted async
// function has ~3x the bytecode of the plain one and V8 11 asks 3 + bytecode/150 interrupt ticks before
// TurboFan, so it tiers up later (up to ~9,000 calls against ~6,000); in the 64-function shape the timed
// window held only ~3,000 calls per function and timed a mix of first-tier and optimized code (the
// async/mega "@observed, no observer" row: 1.16x plain in that window, 1.03x once all 64 were optimized).
const WARM_CALLS = (shape === "mega" ? 64 : 1) * 12_000;
if (mode === "async") for (let i = 0; i < WARM_CALLS; i++) await bench.call();
else for (let i = 0; i < WARM_CALLS; i++) bench.call();
const estimate = await measure(bench.call, { min_cpu_time: 30e6, batch_unroll: 1 });
const batch = 2 ** Math.max(6, Math.min(16, Math.round(Math.log2(100_000 / Math.max(estimate.p50, 0.1)))));
const stats = await measure(bench.call, { min_cpu_time: Number(minCpuMs) * 1e6, batch_unroll: 1, batch_samples: batch, batch_threshold: Infinity });
const callsAfterTiming = bench.observerCalls();

/**
 * Bytes allocated per call, exact to the byte once the code is optimized: a full GC, then the V8 heap's
 * used size before and after N calls (N fired synchronously; async calls then drained with one
 * setImmediate, so the continuations' allocations count too), plus what every GC that ran in between
 * freed (v8.GCProfiler records used size before and after each GC). Five passes over the already-warm
 * code; the smallest is kept (the first pass may still include on-stack replacement of the probe loop).
 */
async function allocation(fire, n, drain) {
  let best = Infinity;
  let sink;
  for (let pass = 0; pass < 5; pass++) {
    globalThis.gc();
    globalThis.gc();
    const profiler = new v8.GCProfiler();
    profiler.start();
    const before = v8.getHeapStatistics().used_heap_size;
    for (let i = 0; i < n; i++) sink = fire();
    if (drain) await new Promise((resolve) => setImmediate(resolve));
    const after = v8.getHeapStatistics().used_heap_size;
    const { statistics } = profiler.stop();
    let freed = 0;
    for (const gc of statistics) freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
    best = Math.min(best, (after - before + freed) / n);
  }
  void sink;
  return best;
}

const bytes = alloc === "alloc" ? await allocation(bench.fire, mode === "sync" ? Number(process.env.BENCH_ALLOC_N ?? 200_000) : 20_000, mode === "async") : null;

process.stdout.write(
  JSON.stringify({
    variant,
    mode,
    shape,
    p50: stats.p50,
    avg: stats.avg,
    min: stats.min,
    p75: stats.p75,
    samples: stats.samples.length,
    batch,
    ticks: stats.ticks,
    bytes,
    observed: bench.observed,
    observerCalls: callsAfterTiming,
  }) + "\n",
);
