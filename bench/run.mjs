// `npm run bench`: builds the benchmark (bench/build.mjs), runs every case, prints the table and the
// targets, and writes the generated section of docs/BENCHMARKS.md.
//
// Why one process per case: the runtime (enter, the context class, dispatch) is shared by every observed
// function, and a JIT keeps type feedback and optimized code per function. If cases shared a process, the
// order would decide what the runtime was specialised for (a call after "three observers" runs code
// optimised for three), and an observed function first optimised with `site.on === 0` deoptimises when an
// observer attaches. A fresh process per case gives every case the same clean start; the cost is ~0.1 s
// of start-up per case, spent outside the timed part. Cases run one at a time (the machine has 2 cores
// shared with other jobs), in a new shuffled order each round, and the reported figure is the median
// over rounds of each round's median (mitata's p50), so drift on the machine spreads evenly over cases.
//
// Options (env): BENCH_ROUNDS (default 5), BENCH_MS (timed CPU ms per case per round, default 150),
// BENCH_ONLY (a RegExp on "mode/shape/variant").
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const root = join(here, "..");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MS = Number(process.env.BENCH_MS ?? 150);
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;

// Teammates rebuild dist/ while this runs: the benchmark imports a snapshot of the package instead.
// bench/.out/js has its own package.json (no name), so "ts-observed" is not a self-reference to the
// working tree but resolves to bench/.out/js/node_modules/ts-observed → bench/.out/pkg.
function snapshotPackage() {
  const pkg = join(here, ".out/pkg");
  for (let attempt = 0; ; attempt++) {
    try {
      rmSync(pkg, { recursive: true, force: true });
      mkdirSync(pkg, { recursive: true });
      cpSync(join(root, "dist"), join(pkg, "dist"), { recursive: true });
      cpSync(join(root, "package.json"), join(pkg, "package.json"));
      execFileSync(process.execPath, ["--input-type=module", "-e", `await import(${JSON.stringify(join(pkg, "dist/esm/runtime/index.js"))}); await import(${JSON.stringify(join(pkg, "dist/esm/runtime/emit-api.js"))});`], { stdio: "pipe" });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      console.error("dist/ is being rebuilt by someone else; rebuilding it and retrying the snapshot…");
      execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    }
  }
}

function linkSnapshot() {
  const js = join(here, ".out/js");
  writeFileSync(join(js, "package.json"), '{ "type": "module" }\n');
  mkdirSync(join(js, "node_modules"), { recursive: true });
  symlinkSync(join(here, ".out/pkg"), join(js, "node_modules/ts-observed"), "dir");
}

snapshotPackage();
const { buildBench } = await import("./build.mjs");
const built = await buildBench(join(here, ".out/pkg"));
linkSnapshot();

const { VARIANTS } = await import("./.out/js/cases.js");
const MODES = ["sync", "async"];
const SHAPES = ["mono", "mega"];
const cases = [];
for (const mode of MODES) for (const shape of SHAPES) for (const variant of VARIANTS) if (!ONLY || ONLY.test(`${mode}/${shape}/${variant}`)) cases.push({ mode, shape, variant });

// A small seeded PRNG: the order differs per round but is reproducible.
let seed = 0x9e3779b9;
const random = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
const shuffled = (list) => {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
};

const started = Date.now();
const loadBefore = loadavg()[0];
const results = new Map(cases.map((c) => [key(c), { ...c, p50s: [], bytes: null, problems: [] }]));
function key(c) {
  return `${c.mode}/${c.shape}/${c.variant}`;
}

for (let round = 0; round < ROUNDS; round++) {
  const order = shuffled(cases);
  for (let index = 0; index < order.length; index++) {
    const c = order[index];
    const entry = results.get(key(c));
    // Allocation is deterministic: probe it once, in the first round.
    const args = ["--expose-gc", join(here, "child.mjs"), c.variant, c.mode, c.shape, String(MS), round === 0 ? "alloc" : ""];
    const child = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 });
    const line = child.stdout.trim().split("\n").at(-1) ?? "";
    let out;
    try {
      out = JSON.parse(line);
    } catch {
      entry.problems.push(`round ${round + 1}: ${child.stderr.trim().split("\n").slice(0, 3).join(" | ") || "no output"}`);
      continue;
    }
    entry.p50s.push(out.p50);
    if (out.bytes !== null) entry.bytes = out.bytes;
    if (out.observed !== out.observerCalls > 0) entry.problems.push(`observers ${out.observed ? "expected but not called" : "called but not expected"}`);
    process.stderr.write(`\r[round ${round + 1}/${ROUNDS}] ${String(index + 1).padStart(3)}/${order.length} ${key(c).padEnd(32)} ${out.p50.toFixed(2).padStart(9)} ns   `);
  }
}
process.stderr.write("\n");
const seconds = (Date.now() - started) / 1000;

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const get = (mode, shape, variant) => results.get(`${mode}/${shape}/${variant}`);
const ns = (mode, shape, variant) => median(get(mode, shape, variant)?.p50s ?? []);

// The wrapper with the same observers is each row's second reference.
function wrapperOf(variant) {
  if (variant.startsWith("obs-") || variant.startsWith("deco-")) return variant.replace(/^(obs|deco)-/, "wrap-");
  if (variant.endsWith("-1")) return "wrap-completed";
  if (variant.endsWith("-0") || variant === "otel-noop") return "wrap-none";
  return undefined;
}

const LABELS = {
  plain: "plain function",
  "plain-copy": "plain function, identical copy (A/A control: the noise floor)",
  "plain-method": "plain class method",
  "obs-none": "**@observed**, no observer",
  "obs-completed": "**@observed**, 1 no-op COMPLETED observer, timing off, nesting off",
  "obs-completed-nesting": "**@observed**, 1 no-op COMPLETED observer, timing off, nesting on (tracks `parent`)",
  "obs-timing": "**@observed**, 1 no-op COMPLETED observer, timing on",
  "obs-three": "**@observed**, 3 observers (priorities 30/20/10, all states, timing on)",
  "wrap-none": "closure wrapper, no observer",
  "wrap-completed": "closure wrapper, 1 COMPLETED observer, timing off",
  "wrap-timing": "closure wrapper, 1 COMPLETED observer, timing on",
  "wrap-three": "closure wrapper, 3 observers",
  "deco-none": "TC39 decorator, no observer",
  "deco-completed": "TC39 decorator, 1 COMPLETED observer, timing off",
  "deco-timing": "TC39 decorator, 1 COMPLETED observer, timing on",
  "deco-three": "TC39 decorator, 3 observers",
  "dc-guarded-0": "TracingChannel, `hasSubscribers` guard, no subscriber",
  "dc-guarded-1": "TracingChannel, `hasSubscribers` guard, 1 end subscriber",
  "dc-unguarded-0": "TracingChannel, unguarded, no subscriber",
  "dc-unguarded-1": "TracingChannel, unguarded, 1 end subscriber",
  "otel-noop": "OpenTelemetry `startActiveSpan`, no-op tracer",
};

const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : "–");
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);
const bytesText = (b) => (b === null || b === undefined ? "–" : b < 1 ? "0" : b.toFixed(0));

function table(mode, shape) {
  const plain = ns(mode, shape, "plain");
  const rows = [
    `| case | median ns/call | rounds min–max | Δ ns vs plain | × plain | × closure wrapper | B/call |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: |`,
  ];
  for (const variant of VARIANTS) {
    const entry = get(mode, shape, variant);
    if (!entry) continue;
    const value = ns(mode, shape, variant);
    const wrapper = wrapperOf(variant);
    const spread = entry.p50s.length ? `${fmt(Math.min(...entry.p50s))}–${fmt(Math.max(...entry.p50s))}` : "–";
    const problems = entry.problems.length ? ` ⚠ ${entry.problems.join("; ")}` : "";
    rows.push(
      `| ${LABELS[variant]}${problems} | ${fmt(value)} | ${spread} | ${variant === "plain" ? "" : (value - plain >= 0 ? "+" : "") + fmt(value - plain)} | ${fmt(ratio(value, plain))} | ${wrapper ? fmt(ratio(value, ns(mode, shape, wrapper))) : ""} | ${bytesText(entry.bytes)} |`,
    );
  }
  return rows.join("\n");
}

function targets() {
  const lines = [];
  for (const mode of MODES) {
    for (const shape of SHAPES) {
      if (!get(mode, shape, "obs-none")) continue;
      const at = `${mode}/${shape}`;
      const none = ns(mode, shape, "obs-none");
      const plain = ns(mode, shape, "plain");
      const one = ns(mode, shape, "obs-completed");
      const channel = Math.min(...["dc-guarded-1", "dc-unguarded-1"].map((v) => ns(mode, shape, v)).filter(Number.isFinite));
      const wrapper = ns(mode, shape, "wrap-completed");
      // Bytes beyond what the plain function allocates itself (an async call allocates its promise and
      // its suspended frame either way).
      const plainBytes = get(mode, shape, "plain")?.bytes ?? null;
      const observedBytes = get(mode, shape, "obs-none").bytes;
      const noneBytes = observedBytes === null || plainBytes === null ? null : observedBytes - plainBytes;
      const check = (ok, text) => lines.push(`| ${at} | ${text} | ${ok ? "PASS" : "**MISS**"} |`);
      const copy = ns(mode, shape, "plain-copy");
      if (Number.isFinite(copy)) lines.push(`| ${at} | A/A control, an identical copy of the plain function ÷ plain: ${fmt(ratio(copy, plain), 3)}× (the noise floor of a ratio) | – |`);
      check(ratio(none, plain) <= 1.02, `no observer ≤ 1.02× plain: ${fmt(ratio(none, plain), 3)}×`);
      check(noneBytes !== null && noneBytes < 1, `no observer 0 B/call more than plain: ${noneBytes === null ? "–" : `${noneBytes >= 0 ? "+" : ""}${noneBytes.toFixed(2)}`} B`);
      check(ratio(one, channel) <= 0.5, `1 COMPLETED observer ≤ 0.5× TracingChannel with 1 subscriber: ${fmt(ratio(one, channel), 3)}×`);
      check(ratio(one, wrapper) <= 0.8, `1 COMPLETED observer ≤ 0.8× closure wrapper: ${fmt(ratio(one, wrapper), 3)}×`);
    }
  }
  return [`| mode/shape | target | result |`, `| --- | --- | --- |`, ...lines].join("\n");
}

const cpu = cpus();
const machine = `${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, Node ${process.version} (V8 ${process.versions.v8}), TypeScript ${built.tsVersion}; load average ${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)} during the run`;
const when = new Date().toISOString().replace(/\.\d+Z$/, "Z");
const section = [
  `Generated by \`npm run bench\` on ${when} in ${seconds.toFixed(0)} s: ${ROUNDS} rounds × ${cases.length} cases, one fresh process per case and round, ~${MS} ms of timed calls each.`,
  "",
  `Machine: ${machine}.`,
  "",
  `Observed functions built by: ${built.emit}.`,
  "",
  "### Targets",
  "",
  targets(),
  "",
  ...MODES.flatMap((mode) =>
    SHAPES.filter((shape) => get(mode, shape, "plain")).flatMap((shape) => [
      `### ${mode}, ${shape === "mono" ? "one function (monomorphic call site)" : "64 distinct functions from one call site (megamorphic)"}`,
      "",
      table(mode, shape),
      "",
    ]),
  ),
].join("\n");

console.log(`\n${section}`);

// Keep the raw figures; compare with the previous run to show run-to-run spread.
const resultsPath = join(here, ".out/results.json");
const previous = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, "utf8")) : undefined;
const current = { when, machine, emit: built.emit, rounds: ROUNDS, ms: MS, cases: [...results.values()].map((e) => ({ ...e, median: median(e.p50s) })) };
writeFileSync(resultsPath, JSON.stringify(current, null, 1));
if (previous) {
  const before = new Map(previous.cases.map((e) => [key(e), e.median]));
  const drifts = current.cases.filter((e) => before.has(key(e))).map((e) => Math.abs(e.median / before.get(key(e)) - 1));
  if (drifts.length) console.log(`\nRun-to-run spread vs the previous run (${previous.when}): median |Δ| ${(100 * median(drifts)).toFixed(1)}%, max ${(100 * Math.max(...drifts)).toFixed(1)}%`);
}

// docs/BENCHMARKS.md: replace the generated section, and include the build-time sections (bench/docs.mjs).
if (!ONLY) {
  const { writeBenchmarksDoc } = await import("./docs.mjs");
  console.log(`\nWrote ${writeBenchmarksDoc(section)}`);
}
