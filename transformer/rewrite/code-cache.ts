import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { mkdir, rename, unlink, writeFile } from "node:fs/promises";
import { createRequire, Module } from "node:module";
import { dirname, join } from "node:path";
import * as vm from "node:vm";

/**
 * Loads a large CommonJS file (the parser, dist/parser/typescript.cjs, 1.4 MB) the way `require` does, but compiled with a
 * V8 code cache kept in `cacheFile`: the bytecode of its functions, including those compiled lazily by the
 * work done since (the parse of a build), so that a later process neither compiles them nor, for most of
 * them, even pre-parses them. Node 20 has no `module.enableCompileCache`; this is the `vm.Script`
 * `cachedData` mechanism that tools such as `v8-compile-cache` use.
 *
 * Best effort, never an error of the build: a missing, stale (another file, Node or V8) or corrupt cache file
 * is ignored (compiled from source as `require` would, and written again by {@link CodeCachedModule.save});
 * anything unexpected while compiling falls back to plain `require`. The file holds a header (the key: the
 * source's path, size, mtime and package version, Node's and V8's versions and the architecture; the payload's length and
 * SHA-256, checked before V8 sees it: V8 checks its own version, flags and the source's length but not,
 * in release builds, the payload's checksum) and V8's data; it is written aside and renamed, so concurrent
 * processes read a whole file or none.
 */
export interface CodeCachedModule {
  /** `module.exports` of the file. */
  readonly exports: unknown;
  /** How it was compiled: `"cache"` (V8 accepted the cache), `"source"` (no usable cache) or `"require"` (fallback). */
  readonly compiledFrom: "cache" | "source" | "require";
  /**
   * Writes the code cache when there was no usable one (a no-op otherwise, and after the first call). Call
   * it after the module has done representative work: functions compiled by then are in the cache. V8
   * serializes synchronously; the file is written asynchronously. Never rejects.
   */
  save(): Promise<void>;
}

const MAGIC = "ts-observed V8 code cache 1\n";

/**
 * Requires `file` (an absolute path to a CommonJS file) with the V8 code cache `cacheFile`; undefined: without
 * one (compiled from source, nothing saved). Either way `require.extensions` hooks (a test runner's, a
 * coverage tool's, `ts-observed/register`'s own) never see the file: it is compiled here, not through them.
 */
export function requireWithCodeCache(file: string, cacheFile: string | undefined): CodeCachedModule {
  const require = createRequire(file);
  const fallback = (): CodeCachedModule => ({ exports: require(file), compiledFrom: "require", save: async () => {} });
  // Already loaded (someone required it): nothing to compile.
  if (require.cache[file] !== undefined) return fallback();
  let script: vm.Script;
  let key: string;
  let used: boolean;
  let source: string;
  try {
    const stat = statSync(file);
    key = JSON.stringify([file, stat.size, stat.mtimeMs, packageOf(file), process.version, process.versions.v8, process.arch]);
    source = readSource(file);
    const cachedData = cacheFile === undefined ? undefined : readCodeCache(cacheFile, key);
    // `import()` in the file behaves as in a module `require` loaded (the parser makes none).
    script = new vm.Script(Module.wrap(source), { filename: file, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    used = cachedData !== undefined && script.cachedDataRejected !== true;
  } catch {
    return fallback();
  }
  // What Node's CommonJS loader does with a compiled file: a Module in require.cache (so that a later
  // `require` of the same file gets these exports), called with the five wrapper arguments.
  const module = new Module(file);
  module.filename = file;
  module.paths = require.resolve.paths("typescript") ?? [];
  require.cache[file] = module;
  try {
    const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
    wrapper.call(module.exports, module.exports, require, module, file, dirname(file));
    module.loaded = true;
  } catch {
    delete require.cache[file];
    return fallback();
  }
  let saved = used;
  return {
    exports: module.exports,
    compiledFrom: used ? "cache" : "source",
    async save() {
      if (saved || cacheFile === undefined) return;
      saved = true;
      await writeCodeCache(cacheFile, key, script);
    },
  };
}

/**
 * `name@version` of the package holding `file` (its nearest package.json): with the size and mtime, what tells
 * an upgraded ts-observed (and so parser) from the one the cache was made for, even where package managers give
 * every file the same mtime. Hashing the file would cost a good part of what the cache saves.
 */
function packageOf(file: string): string | undefined {
  for (let dir = dirname(file), i = 0; i < 4; dir = dirname(dir), i++) {
    try {
      const { name, version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      return `${name}@${version}`;
    } catch {
      // none here: one level up
    }
  }
  return undefined;
}

/** The file's text. ASCII (the parser's is) is decoded as Latin-1: the same string, in half the time of UTF-8. */
function readSource(file: string): string {
  const bytes = readFileSync(file);
  const text = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

interface Header {
  key: string;
  length: number;
  sha256: string;
}

/** The payload of `cacheFile` when its header names `key` and its length and digest match; else undefined. */
export function readCodeCache(cacheFile: string, key: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  try {
    if (bytes.toString("latin1", 0, MAGIC.length) !== MAGIC) return undefined;
    const end = bytes.indexOf(10, MAGIC.length);
    if (end === -1) return undefined;
    const header = JSON.parse(bytes.toString("utf8", MAGIC.length, end)) as Partial<Header>;
    const payload = bytes.subarray(end + 1);
    if (header.key !== key || header.length !== payload.length || header.sha256 !== sha256(payload)) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}

async function writeCodeCache(cacheFile: string, key: string, script: vm.Script): Promise<void> {
  let temp: string | undefined;
  try {
    const payload = script.createCachedData();
    const header: Header = { key, length: payload.length, sha256: sha256(payload) };
    await mkdir(dirname(cacheFile), { recursive: true });
    temp = `${cacheFile}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, Buffer.concat([Buffer.from(MAGIC + JSON.stringify(header) + "\n"), payload]));
    await rename(temp, cacheFile);
  } catch {
    // A read-only or full file system: the next process compiles from source again.
    if (temp !== undefined) await unlink(temp).catch(() => undefined);
  }
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
