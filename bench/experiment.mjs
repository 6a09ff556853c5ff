// A/B experiments on proposed runtime or emitted-shape changes, without touching runtime/ or transformer/:
//   node bench/experiment.mjs [--cases sync/mono/obs-completed,…] [--rounds 3] [--ms 250] proposal[+proposal]…
// A proposal is a unified diff against the repository (bench/proposals/*.patch, applied with `patch -p1`
// to a copy of runtime/) or a module (bench/proposals/*.mjs) exporting `emit(observedJs) => string`, a
// rewrite of the transformer's output. Each proposal is built into bench/.out/exp/<name>/ and every case
// runs in fresh processes, interleaved with the baseline (the current bench/.out/js, built by the last
// `npm run bench`), so the two are compared under the same machine load.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { build } from "esbuild";

const here = new URL(".", import.meta.url).pathname;
const root = join(here, "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const [value] = args.splice(at, 2).slice(1);
  return value;
};
const CASES = option("cases", "sync/mono/obs-none,sync/mono/obs-completed,sync/mega/obs-completed,async/mono/obs-completed").split(",");
const ROUNDS = Number(option("rounds", "3"));
const MS = option("ms", "250");
const proposals = args;

// A proposal may combine several with "+": "01-context-fields.patch+02-guard-strict.mjs".
async function prepare(combined) {
  const parts = combined.split("+").map((p) => resolve(p));
  const name = parts.map((p) => basename(p).replace(/\.(patch|mjs)$/, "")).join("+");
  const dir = join(here, ".out/exp", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The package: the baseline snapshot, with a patched runtime rebuilt over it.
  cpSync(join(here, ".out/pkg"), join(dir, "pkg"), { recursive: true });
  const patches = parts.filter((p) => p.endsWith(".patch"));
  if (patches.length > 0) {
    cpSync(join(root, "runtime"), join(dir, "src/runtime"), { recursive: true });
    for (const patch of patches) execFileSync("patch", ["-p1", "-s", "-d", join(dir, "src"), "-i", patch], { stdio: "inherit" });
    const entryPoints = readdirSync(join(dir, "src/runtime"), { recursive: true })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => join(dir, "src/runtime", f));
    await build({ entryPoints, outbase: join(dir, "src"), outdir: join(dir, "pkg/dist/esm"), bundle: false, format: "esm", platform: "node", target: "node20", logLevel: "warning" });
  }
  const emits = await Promise.all(parts.filter((p) => p.endsWith(".mjs")).map((p) => import(p).then((m) => m.emit)));
  return link(dir, name, (code) => emits.reduce((text, emit) => emit(text), code));
}

function link(dir, name, emit) {
  const js = join(dir, "js");
  cpSync(join(here, ".out/js"), js, { recursive: true, filter: (src) => !src.includes("node_modules") });
  writeFileSync(join(js, "observed.js"), emit(readFileSync(join(js, "observed.js"), "utf8")));
  mkdirSync(join(js, "node_modules"), { recursive: true });
  symlinkSync(join(dir, "pkg"), join(js, "node_modules/ts-observed"), "dir");
  return { name, js };
}

const variants = [{ name: "baseline", js: join(here, ".out/js") }, ...(await Promise.all(proposals.map(prepare)))];
const results = new Map();
for (let round = 0; round < ROUNDS; round++) {
  for (const c of CASES) {
    const [mode, shape, variant] = c.split("/");
    for (const v of round % 2 ? [...variants].reverse() : variants) {
      const child = spawnSync(process.execPath, ["--expose-gc", join(here, "child.mjs"), variant, mode, shape, MS, round === 0 ? "alloc" : ""], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, BENCH_JS: v.js },
      });
      const line = child.stdout.trim().split("\n").at(-1) ?? "";
      const key = `${c}|${v.name}`;
      const entry = results.get(key) ?? { p50s: [], bytes: null };
      try {
        const out = JSON.parse(line);
        entry.p50s.push(out.p50);
        if (out.bytes !== null) entry.bytes = out.bytes;
        if (out.observed !== out.observerCalls > 0) entry.problem = "observer calls do not match";
      } catch {
        entry.problem = child.stderr.trim().split("\n").slice(0, 4).join(" | ");
      }
      results.set(key, entry);
      process.stderr.write(`\r[round ${round + 1}/${ROUNDS}] ${c} ${v.name}                    `);
    }
  }
}
process.stderr.write("\n");
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
console.log(`| case | ${variants.map((v) => v.name).join(" | ")} |`);
console.log(`| --- | ${variants.map(() => "---:").join(" | ")} |`);
for (const c of CASES) {
  const base = median(results.get(`${c}|baseline`)?.p50s ?? []);
  const cells = variants.map((v) => {
    const e = results.get(`${c}|${v.name}`);
    const m = median(e?.p50s ?? []);
    const b = e?.bytes == null ? "" : `, ${e.bytes < 0.5 ? 0 : e.bytes.toFixed(0)} B`;
    return e?.problem ? `⚠ ${e.problem}` : `${m.toFixed(2)} ns${v.name === "baseline" ? "" : ` (${(m / base).toFixed(2)}×)`}${b}`;
  });
  console.log(`| ${c} | ${cells.join(" | ")} |`);
}
