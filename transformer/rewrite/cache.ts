import { createHash, hash as oneShotHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { localRequire, thisFile } from "./here.js";
import { parserVersion } from "./parser-file.js";

/**
 * A persistent cache of per-file rewrite results, one small JSON file per source path (and settings) in a directory
 * (by default `node_modules/.cache/ts-observed` of the project root), shared by every plugin and the
 * Node loader. A fresh build or run of an unchanged tagged file then costs a hash and a read instead of
 * loading the parser and parsing (in a fresh process about 1 ms per small file, plus the parser's load).
 *
 * An entry is valid only for the exact source text, the settings that shape the output and the code that
 * produced it: the key hashes the text with a fingerprint of the transformer's own files (so an edited or
 * upgraded ts-observed never reads an older rewrite) and of the parser's and magic-string's versions.
 * Best effort: a missing, unreadable or corrupt entry is a miss, and a failed write (read-only file
 * system) turns writing off; neither is ever an error of the build.
 */
export class RewriteCache<T> {
  /** Undefined when the code could not be fingerprinted: then nothing is read or written. */
  private readonly fingerprint: string | undefined;
  private writable: boolean;
  private created = false;

  /** `salt`: everything besides the source text and the code that the cached value depends on (settings). */
  constructor(
    private readonly dir: string,
    private readonly salt: string,
  ) {
    try {
      this.fingerprint = hash(`${codeFingerprint()}\0${salt}`);
    } catch {
      this.fingerprint = undefined;
    }
    this.writable = this.fingerprint !== undefined;
  }

  /** The value stored for `path` with exactly this `text`, or undefined (a miss). */
  get(path: string, text: string): { value: T } | undefined {
    if (this.fingerprint === undefined) return undefined;
    try {
      const entry = JSON.parse(readFileSync(this.entryPath(path), "utf8")) as { key?: unknown; value: T };
      return entry.key === this.key(path, text) ? { value: entry.value } : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Stores `value` (JSON-serializable) for `path` with this `text`, replacing the path's previous entry.
   * Synchronous: in a fresh process, 100 entries written with `fs/promises` cost more main-thread time than
   * the same writes made synchronously (a cold build of 100 tagged files: 665 → 626 ms CPU median, 891 →
   * 847 ms wall, 7 alternating runs; each promise-based write also allocates a FileHandle and two promises).
   */
  set(path: string, text: string, value: T): void {
    if (!this.writable) return;
    const file = this.entryPath(path);
    // Written aside and renamed: a concurrent build (another process) reads a whole entry or none.
    const temp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    try {
      if (!this.created) mkdirSync(this.dir, { recursive: true });
      this.created = true;
      writeFileSync(temp, JSON.stringify({ key: this.key(path, text), value }));
      renameSync(temp, file);
    } catch {
      this.writable = false;
      try {
        rmSync(temp, { force: true });
      } catch {
        // Nothing to remove (the directory cannot hold it either).
      }
    }
  }

  // Named by path and settings, not by code: builds with other settings (an observe-all build) keep their
  // own entries, while a new version of the code replaces the entries of the old one.
  private entryPath(path: string): string {
    return join(this.dir, `${hash(`${this.salt}\0${path}`).slice(0, 40)}.json`);
  }

  private key(path: string, text: string): string {
    return hash(`${this.fingerprint!}\0${path}\0${text}`);
  }
}

/**
 * The settings a cached rewrite depends on, and the shape of the value stored, as a {@link RewriteCache}
 * salt: `"inline"` for the text with its inline source map (esbuild plugin, Node loader), `"map"` for the
 * text and the map apart (Vite, Rollup, webpack, Rspack). Whether a file is in scope (include / exclude) is
 * not among them: callers decide that before they consult the cache.
 */
export function rewriteCacheSalt(
  settings: { tag: string; runtime: string; observeAll: unknown; projectRoot: string; format: string },
  shape: "inline" | "map",
): string {
  return JSON.stringify([shape, settings.tag, settings.runtime, settings.observeAll, settings.projectRoot, settings.format]);
}

/** The default cache directory of a project: where tools keep caches by convention. */
export function defaultCacheDir(root: string): string {
  return join(root, "node_modules/.cache/ts-observed");
}

/** SHA-256, hex. `crypto.hash` (Node ≥ 20.12): no Hash object per call, which in a fresh process costs more than the digest. */
function hash(text: string): string {
  return oneShotHash("sha256", text, "hex");
}

let fingerprint: string | undefined;

/**
 * Identifies the code a rewrite depends on: the contents of every file of the transformer (`transformer/`
 * in the sources, `dist/*\/transformer/` when installed; the one file this code is in when a tool bundled
 * it) and the versions of the TypeScript parser and of magic-string. Computed once per process, on the
 * first cache use (about a millisecond), without loading the parser.
 */
function codeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const digest = createHash("sha256");
  const here = dirname(thisFile);
  const transformerDir = dirname(here);
  const unbundled = basename(here) === "rewrite" && basename(transformerDir) === "transformer";
  for (const file of unbundled ? filesUnder(transformerDir) : [basename(thisFile)]) {
    digest.update(file).update("\0").update(readFileSync(join(unbundled ? transformerDir : here, file))).update("\0");
  }
  digest.update(parserVersion());
  digest.update(versionOf(localRequire, "magic-string") ?? "?");
  fingerprint = digest.digest("hex");
  return fingerprint;
}

function versionOf(load: NodeJS.Require, name: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(load.resolve(`${name}/package.json`), "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Relative paths of the code files under `dir`, sorted (the fingerprint must not depend on directory order).
 * Source maps are left out: they do not change what the code does, and they are half the files to read.
 */
function filesUnder(dir: string, prefix = ""): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...filesUnder(dir, relative));
    else if (!entry.name.endsWith(".map")) files.push(relative);
  }
  return files;
}
