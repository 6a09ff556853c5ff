/**
 * Node module hooks behind `ts-observed/register` (they run on Node's loader thread): resolve `./x.js` to
 * `./x.ts` the way TypeScript does, and load TypeScript files rewritten by ts-observed with types stripped
 * by esbuild. Output carries an inline source map chained to the original file, so stack traces (with
 * source maps enabled by `register`) point at the original lines. JavaScript ES modules that hold a tag
 * are rewritten too; CommonJS JavaScript is left to Node, whose CommonJS loader hands it to the
 * `require()` hook (require-hook.ts) on Node versions that need one.
 *
 * Module format of TypeScript files: `.mts` ES module, `.cts` CommonJS, `.ts`/`.tsx` CommonJS in a package
 * whose package.json says `"type": "commonjs"` (as TypeScript's `nodenext` and Node itself read it) or when
 * a CommonJS module requires them, else an ES module; an `.mts` that a CommonJS module these hooks loaded
 * `require()`s is CommonJS too: Node's `require()` in such a module cannot load an ES module (Node 20), nor
 * one that imports others (Node 22). When it still meets one (JavaScript), `withRequirePrelude` says so.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { inScope } from "./rewrite.js";
import { resolveSettings, type ObservedPluginOptions, type PluginSettings } from "./rewrite/settings.js";
import { DECLARATION_FILE, missingEsbuildError, projectRootFrom, rewriteForNode, stripTypesOptions, TS_FILE, withRequirePrelude } from "./node-loading.js";
import { packageType } from "./package-type.js";

/** What `register` passes to the hooks. */
export interface LoaderData {
  root: string;
  options: ObservedPluginOptions;
}

interface ResolveContext {
  parentURL?: string | undefined;
  conditions: string[];
  importAttributes?: Record<string, string>;
}
interface ResolveResult {
  url: string;
  format?: string | null | undefined;
  shortCircuit?: boolean;
}
interface LoadContext {
  format?: string | null | undefined;
  conditions: string[];
  importAttributes?: Record<string, string>;
}
interface LoadResult {
  format: string;
  source?: string | ArrayBuffer | Uint8Array | null | undefined;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;

const JS_FILE = /\.(?:m?js|jsx)$/;
const CJS_JS_FILE = /\.c?js$/;

let settings: PluginSettings | undefined;
let esbuild: typeof import("esbuild") | undefined;

/**
 * esbuild, imported by the first file whose types are stripped. It is an optional peer dependency: without
 * it, that file fails with what to install (a static import failed at `--import`, with only Node's
 * `Cannot find package 'esbuild' imported from …/loader-hooks.js`).
 */
async function esbuildFor(path: string): Promise<typeof import("esbuild")> {
  if (esbuild !== undefined) return esbuild;
  try {
    esbuild = await import("esbuild");
  } catch (error) {
    throw missingEsbuildError(error, path) ?? error;
  }
  return esbuild;
}

/** Receives the project root and plugin options from `register`. */
export function initialize(data: LoaderData | undefined): void {
  settings = resolveSettings(data?.options ?? {}, data?.root ?? process.cwd());
}

/**
 * CommonJS modules these hooks gave Node the source of (`.cts`, CommonJS TypeScript, rewritten CommonJS
 * JavaScript), by URL. Node compiles such a module itself and sends its `require()` calls through these hooks
 * (with the same conditions as an import), never through `require.extensions`.
 */
const hookedCommonJs = new Set<string>();
/** Files one of those modules asked for: its `require()`s (and `import()`s), which must be CommonJS on Node 20. */
const requiredFromHooked = new Set<string>();
/**
 * Those of them asked for by a `require()` call: Node's `require()` in a hooked CommonJS module resolves the
 * path itself and passes its `file:` URL (an `import()` passes the specifier as written). An `.mts` one is
 * compiled to CommonJS: that `require()` cannot load an ES module on Node 20, nor one that imports others on
 * Node 22 (`withRequirePrelude` explains the failure when it still happens).
 */
const requireCallsFromHooked = new Set<string>();

/**
 * Resolves with Node, then tries the TypeScript file a `.js`/`.mjs`/`.cjs` (or extensionless) relative import
 * stands for; remembers what a hooked CommonJS module asks for.
 */
export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  const resolved = await resolveTypeScript(specifier, context, nextResolve);
  if (context.parentURL !== undefined && hookedCommonJs.has(context.parentURL)) {
    requiredFromHooked.add(resolved.url);
    if (specifier === resolved.url) requireCallsFromHooked.add(resolved.url);
  }
  return resolved;
}

async function resolveTypeScript(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!isRelative(specifier) || !isNotFound(error) || !isTypeScriptParent(context.parentURL)) throw error;
    for (const candidate of typeScriptCandidates(specifier)) {
      try {
        return await nextResolve(candidate, context);
      } catch {
        // Try the next spelling; the original error is the one worth reporting.
      }
    }
    throw error;
  }
}

/**
 * Loads TypeScript (rewritten, then types stripped), tagged JavaScript ES modules (rewritten) and tagged
 * CommonJS JavaScript that a hooked CommonJS module requires (rewritten). Other CommonJS JavaScript goes to
 * Node's CommonJS loader, and so through the `require()` hook.
 */
export async function load(url: string, context: LoadContext, nextLoad: NextLoad): Promise<LoadResult> {
  if (!url.startsWith("file:")) return nextLoad(url, context);
  const path = fileURLToPath(url);
  if (TS_FILE.test(path) && !DECLARATION_FILE.test(path)) {
    const text = await readFile(path, "utf8");
    const format = typeScriptFormat(path, url);
    const rewritten = rewriteOrThrow(text, path, format);
    const out = await (await esbuildFor(path)).transform(rewritten, stripTypesOptions(path, format));
    if (format === "module") return { format, source: out.code, shortCircuit: true };
    hookedCommonJs.add(url);
    return { format, source: withRequirePrelude(out.code), shortCircuit: true };
  }
  const loaded = await nextLoad(url, context);
  if (loaded.format === "commonjs" && CJS_JS_FILE.test(path) && requiredFromHooked.has(url)) {
    // Node compiles it from its file whatever is returned here (not through `require.extensions`), and its
    // own `require()`s come back here: rewrite it now if it is tagged.
    hookedCommonJs.add(url);
    const current = currentSettings();
    if (!current.enabled || !inScope(path, current)) return loaded;
    const text = loaded.source == null ? await readFile(path, "utf8") : sourceText(loaded.source);
    const rewritten = rewriteOrThrow(text, path, "commonjs");
    return rewritten === text ? loaded : { format: "commonjs", source: rewritten, shortCircuit: true };
  }
  if (!JS_FILE.test(path) || loaded.format !== "module" || loaded.source == null) return loaded;
  const text = sourceText(loaded.source);
  const rewritten = rewriteOrThrow(text, path, "module");
  return rewritten === text ? loaded : { ...loaded, source: rewritten };
}

function currentSettings(): PluginSettings {
  settings ??= resolveSettings({}, projectRootFrom(process.cwd()));
  return settings;
}

/** The rewritten text with its inline map, or the text itself; warnings go to stderr, errors are thrown. */
function rewriteOrThrow(text: string, path: string, format: "module" | "commonjs"): string {
  const current = currentSettings();
  // A CommonJS module gets `require` for the runtime whatever syntax it is written in (esbuild keeps it).
  return rewriteForNode(text, path, format === "commonjs" ? { ...current, format: "cjs" } : current);
}

function sourceText(source: string | ArrayBuffer | Uint8Array): string {
  return typeof source === "string" ? source : Buffer.from(source as Uint8Array).toString("utf8");
}

/**
 * `.cts`, `.ts`/`.tsx` of a `"type": "commonjs"` package, `.ts`/`.tsx` that a hooked CommonJS module
 * requires or imports, and `.mts` that one requires (a hooked CommonJS module's `require()` cannot load an ES
 * module on Node 20) are CommonJS; other TypeScript is an ES module.
 */
function typeScriptFormat(path: string, url: string): "module" | "commonjs" {
  if (path.endsWith(".cts")) return "commonjs";
  if (path.endsWith(".mts")) return requireCallsFromHooked.has(url) ? "commonjs" : "module";
  return packageType(path) === "commonjs" || requiredFromHooked.has(url) ? "commonjs" : "module";
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("file:") || specifier.startsWith("/");
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "ERR_UNSUPPORTED_DIR_IMPORT";
}

function isTypeScriptParent(parentURL: string | undefined): boolean {
  return parentURL !== undefined && TS_FILE.test(parentURL.replace(/[?#].*$/, ""));
}

function typeScriptCandidates(specifier: string): string[] {
  const match = /\.(m|c)?jsx?$/.exec(specifier);
  if (match !== null) {
    const base = specifier.slice(0, match.index);
    const m = match[1] ?? "";
    return m === "" ? [`${base}.ts`, `${base}.tsx`] : [`${base}.${m}ts`];
  }
  return [`${specifier}.ts`, `${specifier}.tsx`, `${specifier}/index.ts`, `${specifier}/index.tsx`];
}
