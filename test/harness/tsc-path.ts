/**
 * Build paths through tsc / tspc: one compiler run per path over every fixture (batched: a tsc start-up
 * costs about a second), ESM or CommonJS output, with or without the ts-observed transformer.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { threadId } from "node:worker_threads";
import type { BuildPath } from "./build-path.js";
import { FIXTURES_DIR, OUT_DIR, ROOT, fixtureName, fixturePaths } from "./fixtures.js";

const run = promisify(execFile);

/** How to build. */
export interface TscPathOptions {
  name: string;
  /** The compiler's JS entry: `typescript/bin/tsc` or `ts-patch/bin/tspc.js`. */
  compiler: string;
  format: "esm" | "cjs";
  /** Add the transformer to `compilerOptions.plugins`. */
  plugin: boolean;
  /** Extra compiler options (e.g. `moduleResolution` for TS 6). */
  compilerOptions?: Record<string, unknown>;
  /** Extra keys of the plugin entry (ts-observed options overriding ts-patch.config.json). */
  pluginOptions?: Record<string, unknown>;
}

/**
 * Makes `ts-observed` resolvable from test/.out the way a user's project resolves it (ts-patch resolves
 * the `transform` module from the tsconfig's folder; built fixtures import `ts-observed/runtime`).
 */
export function linkPackage(): void {
  const link = join(OUT_DIR, "node_modules/ts-observed");
  if (existsSync(join(link, "package.json"))) return;
  mkdirSync(join(OUT_DIR, "node_modules"), { recursive: true });
  rmSync(link, { force: true });
  symlinkSync(ROOT, link, "dir");
}

/** Removes the build folders (`p<pid>-<thread>`) of processes that no longer run. */
function removeStaleBuilds(outDir: string): void {
  if (!existsSync(outDir)) return;
  for (const name of readdirSync(outDir)) {
    const pid = /^p(\d+)-\d+$/.exec(name)?.[1];
    if (pid === undefined) {
      rmSync(join(outDir, name), { recursive: true, force: true }); // left by an older layout
      continue;
    }
    if (Number(pid) !== process.pid && !isRunning(Number(pid))) rmSync(join(outDir, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Writes the tsconfig of one build. */
export function writeTsconfig(dir: string, options: TscPathOptions, files: string[], extra: Record<string, unknown> = {}): string {
  const compilerOptions = {
    target: "ES2022",
    lib: ["ES2022", "DOM"],
    module: options.format === "esm" ? "ESNext" : "CommonJS",
    // TS 5 allows Bundler resolution only with ES modules; TS 6 deprecates Node10 (its paths override this).
    moduleResolution: options.format === "esm" ? "Bundler" : "Node10",
    strict: true,
    skipLibCheck: true,
    types: [],
    sourceMap: true,
    declaration: true,
    rootDir: FIXTURES_DIR,
    outDir: join(dir, "out"),
    plugins: options.plugin ? [{ transform: "ts-observed/transformer", root: ROOT, ...options.pluginOptions }] : [],
    ...options.compilerOptions,
    ...extra,
  };
  const path = join(dir, "tsconfig.json");
  writeFileSync(path, JSON.stringify({ compilerOptions, files }, null, 2));
  return path;
}

/** What a compiler run printed, and whether it exited with success. */
export interface CompilerRun {
  ok: boolean;
  output: string;
  message: string;
}

/**
 * Runs a compiler (`tsc`, or ts-patch's `tspc`) on a tsconfig. ts-patch reads TypeScript's files under a
 * lock file in node_modules/.cache/ts-patch and gives up after 2 s of busy-waiting for it ("Could not acquire
 * lock"): test files start many `tspc` at once on 2 cores, and the waiters' spinning can starve the holder,
 * as it did once in CI. That failure, before any compiling, is retried; any other outcome is returned.
 */
export async function runCompiler(compiler: string, tsconfig: string): Promise<CompilerRun> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { stdout, stderr } = await run(process.execPath, [compiler, "-p", tsconfig], { cwd: ROOT, maxBuffer: 16 << 20 });
      return { ok: true, output: stdout + stderr, message: "" };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      const output = `${e.stdout ?? ""}${e.stderr ?? ""}`;
      if (attempt < 4 && output.includes("Could not acquire lock")) {
        await new Promise((resolve) => setTimeout(resolve, 300 * attempt + Math.random() * 300));
        continue;
      }
      return { ok: false, output, message: e.message };
    }
  }
}

/** Runs a compiler on a tsconfig; rejects with its output when it reports anything. */
export async function compile(compiler: string, tsconfig: string): Promise<void> {
  const result = await runCompiler(compiler, tsconfig);
  if (!result.ok) throw new Error(`${compiler} -p ${tsconfig} failed:\n${result.output || result.message}`);
}

/** A tsc-based build path. */
export function tscPath(options: TscPathOptions): BuildPath {
  const batches = new Map<string, Promise<void>>();
  return {
    name: options.name,
    format: options.format,
    observed: options.plugin,
    async build(fixturePath, outDir) {
      // Vitest runs test files in parallel processes and several of them build the same path: each process
      // compiles into its own folder, so none deletes or rewrites files another one is running.
      const dir = join(outDir, `p${process.pid}-${threadId}`);
      let batch = batches.get(outDir);
      if (batch === undefined) {
        batch = (async () => {
          linkPackage();
          removeStaleBuilds(outDir);
          rmSync(dir, { recursive: true, force: true });
          mkdirSync(join(dir, "out"), { recursive: true });
          writeFileSync(join(dir, "out/package.json"), JSON.stringify({ type: options.format === "esm" ? "module" : "commonjs" }));
          await compile(options.compiler, writeTsconfig(dir, options, fixturePaths()));
        })();
        batches.set(outDir, batch);
      }
      await batch;
      return join(dir, "out", fixtureName(fixturePath) + ".js");
    },
  };
}
