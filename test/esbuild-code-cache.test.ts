/**
 * TypeScript's V8 code cache (transformer/rewrite/code-cache.ts), kept by the esbuild plugin beside its rewrite
 * cache: written after the first build that loaded TypeScript without one, used by later processes, and never a
 * reason for a build to fail: a missing, stale, corrupt or unwritable cache file means compiling from source
 * (and writing it again). No timing is asserted; what is checked is how TypeScript got compiled.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { Script } from "node:vm";
import { beforeEach, describe, expect, it } from "vitest";
import { readCodeCache } from "../transformer/rewrite/code-cache.js";
import { PARSER_CODE_CACHE } from "../transformer/rewrite/parse.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..");
const app = join(root, "test/bundler-fixtures/app");
const out = join(root, "test/.out/esbuild-code-cache");
const cacheDir = join(out, "cache");
const codeCache = join(cacheDir, PARSER_CODE_CACHE);
const MAGIC = "ts-observed V8 code cache 1\n";

interface Fresh {
  /** How TypeScript was compiled: "cache", "source", "require", or null when not loaded. */
  compiledFrom: string | null;
  code: string;
  errors: number;
  /** Whether `require` of the parser file afterwards returns the module the plugin loaded (the same functions: the plugin works on a plain copy of its namespace). */
  sameModule: boolean | null;
}

/** One build of `entry` with the built plugin (dist/) in a fresh Node process. */
async function freshBuild(options: { format?: "esm" | "cjs"; cache?: string | false; entry?: string } = {}): Promise<Fresh> {
  const { format = "esm", cache = cacheDir, entry = join(app, "cart.ts") } = options;
  const plugin = join(root, `dist/${format}/transformer/esbuild.js`);
  const parse = join(root, `dist/${format}/transformer/rewrite/parse.js`);
  const load = (p: string) => (format === "esm" ? `await import(${JSON.stringify(p)})` : `require(${JSON.stringify(p)})`);
  const script = `
    const { createRequire } = require("node:module");
    (async () => {
      const { observed } = ${load(plugin)};
      const { parserCompiledFrom, loadParser } = ${load(parse)};
      const { build } = require("esbuild");
      const r = await build({ entryPoints: [${JSON.stringify(entry)}], absWorkingDir: ${JSON.stringify(root)}, write: false,
        outdir: ${JSON.stringify(out)}, format: "esm", logLevel: "silent",
        plugins: [observed(${JSON.stringify({ include: ["test/**/*"], runtime: "ts-observed/runtime", cache })})] });
      const from = parserCompiledFrom() ?? null;
      const ts = from === null ? null : createRequire(${JSON.stringify(plugin)})(${JSON.stringify(join(root, "dist/parser/typescript.cjs"))});
      console.log(JSON.stringify({ compiledFrom: from, code: r.outputFiles[0].text, errors: r.errors.length,
        sameModule: ts === null ? null : ts.createSourceFile === loadParser().createSourceFile }));
    })();`;
  const { stdout } = await run(process.execPath, ["-e", script], { cwd: root });
  return JSON.parse(stdout) as Fresh;
}

/** Removes the rewrite entries, keeping the code cache: the next build parses (and so loads TypeScript). */
function dropRewrites(): void {
  for (const f of readdirSync(cacheDir)) if (f.endsWith(".json")) rmSync(join(cacheDir, f));
}

/** The code cache's key, read from its header. */
function headerOf(file: string): { key: string; length: number; sha256: string } {
  const bytes = readFileSync(file);
  return JSON.parse(bytes.toString("utf8", MAGIC.length, bytes.indexOf(10, MAGIC.length))) as { key: string; length: number; sha256: string };
}

beforeEach(() => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
});

describe("esbuild plugin: TypeScript's V8 code cache", () => {
  for (const format of ["esm", "cjs"] as const) {
    it(`dist/${format}: written by the first build that parses, used by the next process, same output as without`, async () => {
      const first = await freshBuild({ format });
      expect(first.compiledFrom).toBe("source");
      expect(first.sameModule).toBe(true);
      expect(existsSync(codeCache)).toBe(true);
      expect(readCodeCache(codeCache, headerOf(codeCache).key)).toBeInstanceOf(Buffer);
      dropRewrites();
      const second = await freshBuild({ format });
      expect(second.compiledFrom).toBe("cache");
      expect(second.sameModule).toBe(true);
      const plain = await freshBuild({ format, cache: false });
      expect(plain.compiledFrom).toBe("source"); // compiled without a code cache, and none written
      expect(plain.sameModule).toBe(true);
      expect(second.code).toBe(first.code);
      expect(second.code).toBe(plain.code);
      expect(second.code).toContain("site(");
    });
  }

  it("is not written with cache: false, nor touched by a build served from the rewrite cache", async () => {
    await freshBuild({ cache: false });
    expect(existsSync(cacheDir)).toBe(false);
    await freshBuild();
    const written = readFileSync(codeCache);
    const hit = await freshBuild();
    expect(hit.compiledFrom).toBe(null); // every tagged file from the rewrite cache: TypeScript not loaded
    expect(readFileSync(codeCache).equals(written)).toBe(true);
  });

  const corruptions: Array<[string, (bytes: Buffer) => Buffer]> = [
    ["garbage", () => Buffer.from("not a code cache")],
    ["an empty file", () => Buffer.alloc(0)],
    ["a truncated payload", (bytes) => bytes.subarray(0, bytes.length - 1000)],
    ["a flipped byte in the payload", (bytes) => {
      const copy = Buffer.from(bytes);
      copy[copy.length - 100] = copy[copy.length - 100]! ^ 0xff;
      return copy;
    }],
    ["a header of another TypeScript file (stale key)", (bytes) => {
      const end = bytes.indexOf(10, MAGIC.length);
      const header = JSON.parse(bytes.toString("utf8", MAGIC.length, end)) as { key: string };
      const key = JSON.parse(header.key) as unknown[];
      key[1] = Number(key[1]) + 1; // another size
      return Buffer.concat([Buffer.from(MAGIC + JSON.stringify({ ...header, key: JSON.stringify(key) }) + "\n"), bytes.subarray(end + 1)]);
    }],
    ["V8 data for another script under a valid header (V8 rejects it)", (bytes) => {
      const end = bytes.indexOf(10, MAGIC.length);
      const header = JSON.parse(bytes.toString("utf8", MAGIC.length, end)) as { key: string };
      const payload = new Script("(function () { return 1; })").createCachedData();
      const sha256 = createHash("sha256").update(payload).digest("hex");
      return Buffer.concat([Buffer.from(MAGIC + JSON.stringify({ key: header.key, length: payload.length, sha256 }) + "\n"), payload]);
    }],
  ];
  for (const [what, corrupt] of corruptions) {
    it(`falls back to compiling from source on ${what}, builds the same output, and writes a good cache again`, async () => {
      const first = await freshBuild();
      dropRewrites();
      writeFileSync(codeCache, corrupt(readFileSync(codeCache)));
      const fallback = await freshBuild();
      expect(fallback.errors).toBe(0);
      expect(fallback.compiledFrom).toBe("source");
      expect(fallback.code).toBe(first.code);
      dropRewrites();
      const again = await freshBuild();
      expect(again.compiledFrom).toBe("cache");
      expect(again.code).toBe(first.code);
    });
  }

  it("a cache path that cannot be written (a file where the directory should be) does not fail the build", async () => {
    const blocked = join(out, "blocked");
    writeFileSync(blocked, "a file, not a directory");
    const result = await freshBuild({ cache: blocked });
    expect(result.errors).toBe(0);
    expect(result.compiledFrom).toBe("source");
    expect(result.code).toContain("site(");
  });

  it("processes writing it at the same time leave one whole cache file, which the next process uses", async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => freshBuild()));
    for (const r of results) expect(r.errors).toBe(0);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(readCodeCache(codeCache, headerOf(codeCache).key)).toBeInstanceOf(Buffer);
    dropRewrites();
    const next = await freshBuild();
    expect(next.compiledFrom).toBe("cache");
    expect(next.code).toBe(results[0]!.code);
  });
});

describe("requireWithCodeCache", () => {
  const dir = join(out, "module");
  const write = (name: string, source: string): string => {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, name);
    writeFileSync(file, source);
    return file;
  };

  it("loads a CommonJS file as require does (exports, this, __filename, require, require.cache), ASCII or not", async () => {
    const { requireWithCodeCache } = await import("../transformer/rewrite/code-cache.js");
    const source = `exports.here = __filename; exports.self = this === module.exports; exports.path = require("node:path").sep;
      exports.text = "café ✓ 𝄞"; exports.dir = __dirname;\n`;
    for (const [name, text] of [["ascii.cjs", source.replace("café ✓ 𝄞", "cafe")], ["utf8.cjs", source]] as const) {
      const file = write(name, text);
      const cacheFile = join(dir, `${name}.v8`);
      const first = requireWithCodeCache(file, cacheFile);
      expect(first.compiledFrom).toBe("source");
      const exports = first.exports as Record<string, unknown>;
      expect(exports).toMatchObject({ here: file, self: true, dir, text: name === "ascii.cjs" ? "cafe" : "café ✓ 𝄞" });
      const { createRequire } = await import("node:module");
      expect(createRequire(file)(file)).toBe(exports); // the same module for a later require
      await first.save();
      expect(existsSync(cacheFile)).toBe(true);
      // Loaded already: not compiled again.
      expect(requireWithCodeCache(file, cacheFile).compiledFrom).toBe("require");
    }
  });

  it("uses the cache in a fresh process; a changed file (other size) does not", async () => {
    const file = write("m.cjs", `module.exports = { value: 1 };\n`);
    const cacheFile = join(dir, "m.v8");
    const plugin = join(root, "dist/esm/transformer/rewrite/code-cache.js");
    const script = `import(${JSON.stringify(plugin)}).then(async ({ requireWithCodeCache }) => {
      const m = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheFile)});
      await m.save();
      console.log(JSON.stringify({ from: m.compiledFrom, exports: m.exports }));
    });`;
    const fresh = async () => JSON.parse((await run(process.execPath, ["-e", script])).stdout) as { from: string; exports: unknown };
    expect(await fresh()).toEqual({ from: "source", exports: { value: 1 } });
    expect(await fresh()).toEqual({ from: "cache", exports: { value: 1 } });
    writeFileSync(file, `module.exports = { value: 22 };\n`);
    expect(await fresh()).toEqual({ from: "source", exports: { value: 22 } });
    expect(await fresh()).toEqual({ from: "cache", exports: { value: 22 } });
  });
});
