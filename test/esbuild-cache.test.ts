/**
 * What the esbuild plugin costs before it parses anything, and its persistent rewrite cache: TypeScript is
 * loaded by the first file that needs parsing, not on import; a fresh build of unchanged tagged files reads
 * their rewrites from disk (no TypeScript at all); any change of text, settings or code is a miss.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { build, type BuildOptions, type Message } from "esbuild";
import { beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../transformer/config.js";
import { observed, type ObservedPluginOptions } from "../transformer/esbuild.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..");
const app = join(root, "test/bundler-fixtures/app");
const out = join(root, "test/.out/esbuild-cache");
const cacheDir = join(out, "cache");

async function bundle(entry: string, options: ObservedPluginOptions = {}): Promise<{ code: string; errors: Message[]; warnings: Message[] }> {
  const config: BuildOptions = {
    entryPoints: [entry], absWorkingDir: root, bundle: false, format: "esm", write: false, outdir: out, logLevel: "silent",
    plugins: [observed({ include: ["test/**/*"], runtime: "ts-observed/runtime", cache: cacheDir, ...options })],
  };
  const result = await build(config).catch((e: { errors: Message[]; warnings: Message[] }) => ({ ...e, outputFiles: [] }));
  return { code: result.outputFiles?.[0]?.text ?? "", errors: result.errors, warnings: result.warnings };
}

/** Runs a build with the built plugin (dist/) in a fresh Node process; reports whether TypeScript got loaded. */
async function freshProcess(format: "esm" | "cjs", entries: string[], options: ObservedPluginOptions): Promise<Array<{ loaded: boolean; code: string }>> {
  const plugin = join(root, `dist/${format}/transformer/esbuild.js`);
  const script = `
    const { createRequire } = require("node:module");
    const loaded = () => Object.keys(createRequire(${JSON.stringify(plugin)}).cache).some((p) => /[\\\\/]parser[\\\\/]typescript\\.cjs$/.test(p));
    (async () => {
      const { observed } = ${format === "esm" ? `await import(${JSON.stringify(plugin)})` : `require(${JSON.stringify(plugin)})`};
      const { build } = require("esbuild");
      const results = [];
      for (const entry of ${JSON.stringify(entries)}) {
        const r = await build({ entryPoints: [entry], absWorkingDir: ${JSON.stringify(root)}, write: false, outdir: ${JSON.stringify(out)}, format: "esm", logLevel: "silent",
          plugins: [observed(${JSON.stringify({ include: ["test/**/*"], runtime: "ts-observed/runtime", ...options })})] });
        results.push({ loaded: loaded(), code: r.outputFiles[0].text });
      }
      console.log(JSON.stringify(results));
    })();`;
  const { stdout } = await run(process.execPath, ["-e", script], { cwd: root });
  return JSON.parse(stdout) as Array<{ loaded: boolean; code: string }>;
}

beforeEach(() => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
});

describe("esbuild plugin: TypeScript is loaded only when a file needs parsing", () => {
  for (const format of ["esm", "cjs"] as const) {
    it(`dist/${format}: not by importing the plugin or by untagged files; by the first tagged file`, async () => {
      const [plain, tagged] = await freshProcess(format, [join(app, "plain.ts"), join(app, "cart.ts")], { cache: false });
      expect(plain!.loaded).toBe(false);
      expect(tagged!.loaded).toBe(true);
      expect(tagged!.code).toContain("site(");
    });
  }
});

describe("esbuild plugin: persistent rewrite cache", () => {
  it("a fresh process rebuilds unchanged tagged files from the cache without loading TypeScript, to the same output", async () => {
    const cart = join(app, "cart.ts");
    const [cold] = await freshProcess("esm", [cart], { cache: cacheDir });
    expect(cold!.loaded).toBe(true);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith(".json"))).toHaveLength(1);
    const [warm] = await freshProcess("esm", [cart], { cache: cacheDir });
    expect(warm!.loaded).toBe(false);
    expect(warm!.code).toBe(cold!.code);
    const [uncached] = await freshProcess("esm", [cart], { cache: false });
    expect(warm!.code).toBe(uncached!.code);
  });

  it("uses the stored entry while text, settings and code are unchanged", async () => {
    const cart = join(app, "cart.ts");
    const first = await bundle(cart);
    // Tamper with the stored value, keeping its key: the next build must return exactly what is stored.
    const [entry] = readdirSync(cacheDir).map((f) => join(cacheDir, f));
    const stored = JSON.parse(readFileSync(entry!, "utf8")) as { key: string; value: { contents: string } };
    stored.value.contents = stored.value.contents.replace("export", 'export const fromTheCache = "yes";\nexport');
    writeFileSync(entry!, JSON.stringify(stored));
    expect((await bundle(cart)).code).toContain("fromTheCache");
    // Other settings (here the runtime specifier) are another key: rewritten afresh.
    const other = await bundle(cart, { runtime: "./my-runtime.js" });
    expect(other.code).toContain("./my-runtime.js");
    expect(other.code).not.toContain("fromTheCache");
    expect(first.code).not.toContain("fromTheCache");
  });

  it("rewrites a file whose text changed, and survives a corrupt entry", async () => {
    const dir = join(out, "src");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "price.ts");
    const source = (factor: number) => `/** @observed */\nexport function price(n: number): number {\n  return n * ${factor};\n}\n`;
    writeFileSync(file, source(2));
    expect((await bundle(file)).code).toContain("n * 2");
    writeFileSync(file, source(3));
    expect((await bundle(file)).code).toContain("n * 3");
    for (const f of readdirSync(cacheDir)) writeFileSync(join(cacheDir, f), "{ not json");
    const again = await bundle(file);
    expect(again.errors).toEqual([]);
    expect(again.code).toContain("n * 3");
    expect(again.code).toContain("site(");
  });

  it("replays the diagnostics of a cached file", async () => {
    const bad = join(out, "bad-tags.ts");
    cpSync(join(root, "test/fixtures-invalid/bad-tags.ts"), bad);
    const text = (m: Message) => `${m.location?.line}:${m.location?.column} ${m.text}`;
    const first = await bundle(bad);
    expect(first.errors.length + first.warnings.length).toBeGreaterThan(0);
    const second = await bundle(bad);
    expect(second.errors.map(text)).toEqual(first.errors.map(text));
    expect(second.warnings.map(text)).toEqual(first.warnings.map(text));
  });

  it("writes nothing with cache: false and rejects a cache option that is neither a boolean nor a path", async () => {
    await bundle(join(app, "cart.ts"), { cache: false });
    expect(existsSync(cacheDir)).toBe(false);
    expect(() => observed({ cache: 1 as unknown as boolean }).setup({ initialOptions: {} } as never)).toThrow(ConfigError);
  });
});
