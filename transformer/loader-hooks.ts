/**
 * Node module hooks behind `ts-observed/register` (they run on Node's loader thread): resolve `./x.js` to
 * `./x.ts` the way TypeScript does, and load TypeScript files rewritten by ts-observed with types stripped
 * by esbuild. Output carries an inline source map chained to the original file, so stack traces (with
 * source maps enabled by `register`) point at the original lines. JavaScript ES modules that hold a tag
 * are rewritten too; CommonJS JavaScript is left to Node.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import { rewrite, type RewriteSettings } from "./rewrite.js";
import { formatMessage, locate } from "./rewrite/diagnostics.js";
import { inlineSourceMapComment } from "./rewrite/source-map.js";
import { resolveSettings, type ObservedPluginOptions } from "./rewrite/settings.js";

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

const TS_FILE = /\.(?:[cm]?ts|tsx)$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
const JS_FILE = /\.(?:m?js|jsx)$/;

let settings: RewriteSettings | undefined;

/** Receives the project root and plugin options from `register`. */
export function initialize(data: LoaderData | undefined): void {
  settings = resolveSettings(data?.options ?? {}, data?.root ?? process.cwd());
}

/** Tries the TypeScript file a `.js`/`.mjs`/`.cjs` (or extensionless) relative import stands for. */
export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
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

/** Loads TypeScript (rewritten, then types stripped) and tagged JavaScript ES modules (rewritten). */
export async function load(url: string, context: LoadContext, nextLoad: NextLoad): Promise<LoadResult> {
  if (!url.startsWith("file:")) return nextLoad(url, context);
  const path = fileURLToPath(url);
  if (TS_FILE.test(path) && !DECLARATION_FILE.test(path)) {
    const text = await readFile(path, "utf8");
    const format = path.endsWith(".cts") ? "commonjs" : "module";
    const rewritten = rewriteOrThrow(text, path);
    const out = await transform(rewritten, {
      loader: path.endsWith(".tsx") ? "tsx" : "ts",
      // No `format` for ES modules: esbuild then keeps the module syntax as written (with "esm" it would
      // turn `export default () => …` into a named variable, changing the function's `name`).
      ...(format === "commonjs" ? { format: "cjs" as const } : {}),
      sourcemap: "inline",
      sourcefile: path,
      target: "node20",
    });
    return { format, source: out.code, shortCircuit: true };
  }
  const loaded = await nextLoad(url, context);
  if (!JS_FILE.test(path) || loaded.format !== "module" || loaded.source == null) return loaded;
  const text = typeof loaded.source === "string" ? loaded.source : Buffer.from(loaded.source as Uint8Array).toString("utf8");
  const rewritten = rewriteOrThrow(text, path);
  return rewritten === text ? loaded : { ...loaded, source: rewritten };
}

/** The rewritten text with its inline map, or the text itself; warnings go to stderr, errors are thrown. */
function rewriteOrThrow(text: string, path: string): string {
  settings ??= resolveSettings({}, process.cwd());
  const result = rewrite(text, path, settings);
  if (result === undefined) return text;
  const messages = locate(result.diagnostics, path, text);
  const line = (m: (typeof messages)[number]): string => `${m.file}:${m.line}:${m.column} - ${m.category} ${formatMessage(m)}`;
  for (const m of messages) if (m.category === "warning") process.stderr.write(line(m) + "\n");
  const errors = messages.filter((m) => m.category === "error");
  if (errors.length > 0) throw new SyntaxError(`ts-observed:\n${errors.map(line).join("\n")}`);
  return result.map === undefined ? text : result.code + inlineSourceMapComment(result.map);
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
