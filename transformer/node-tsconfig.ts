/**
 * The `tsconfig.json` compiler options that change what esbuild's type stripping emits, for
 * `ts-observed/register` (both halves: the ES module hooks and the `require()` hook). esbuild's `transform`
 * reads no tsconfig itself, so without this a project with `"experimentalDecorators": true` would silently
 * get TC39 decorators under the loader and legacy ones under tsc.
 *
 * Each file gets the options of its nearest `tsconfig.json` (walking up from the file's folder, as esbuild
 * and tsx find it), with `extends` followed (a relative path, with or without `.json`, or a package: a file
 * in it, its package.json `"tsconfig"` field, or its `tsconfig.json`; an array of them, later ones winning),
 * the text read as TypeScript reads it (comments and trailing commas allowed). Results are cached per
 * folder and per config file for the life of the process. A config that does not parse, or an `extends`
 * that is not found, is an error naming the file (and the line and column).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { TsconfigRaw } from "esbuild";
import { lineColumnAt } from "./text-position.js";

type CompilerOptions = NonNullable<TsconfigRaw["compilerOptions"]>;

/** What esbuild is given for a file, and where it came from. */
export interface FileTsconfig {
  /** The nearest tsconfig.json, or undefined when there is none (esbuild's defaults apply). */
  file: string | undefined;
  /** The options esbuild honours, as `tsconfigRaw`. */
  raw: TsconfigRaw;
  /** `emitDecoratorMetadata: true`, which esbuild cannot do. */
  emitDecoratorMetadata: boolean;
}

const NO_TSCONFIG: FileTsconfig = Object.freeze({ file: undefined, raw: Object.freeze({}), emitDecoratorMetadata: false });

/** Boolean options passed on (`strict` implies `alwaysStrict`; esbuild applies that itself). */
const BOOLEAN_OPTIONS = ["alwaysStrict", "strict", "experimentalDecorators", "useDefineForClassFields", "verbatimModuleSyntax", "preserveValueImports"] as const;
/** String options passed on: `target` only sets the default of `useDefineForClassFields` (esbuild's target is the running Node). */
const STRING_OPTIONS = ["importsNotUsedAsValues", "jsx", "jsxFactory", "jsxFragmentFactory", "jsxImportSource", "target"] as const;
/** Values TypeScript compares case-insensitively; esbuild wants them in lower case. */
const LOWER_CASE = new Set<string>(["importsNotUsedAsValues", "jsx", "target"]);

/** Folder → the nearest tsconfig.json at or above it (null: none). */
const nearestByFolder = new Map<string, string | null>();
/** tsconfig.json → its options with `extends` applied. */
const byConfig = new Map<string, FileTsconfig>();
/** Config files already warned about (one warning per file per thread). */
const warned = new Set<string>();

/** A tsconfig.json that cannot be used: the message names the file (and line:column when it is a syntax error). */
export class TsconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TsconfigError";
  }
}

/**
 * The esbuild `tsconfigRaw` for `path` (from its nearest tsconfig.json). The first time a config with
 * `emitDecoratorMetadata: true` is used, writes a warning to stderr: esbuild emits no decorator metadata.
 */
export function tsconfigFor(path: string): FileTsconfig {
  const file = nearestTsconfig(dirname(resolve(path)));
  if (file === undefined) return NO_TSCONFIG;
  let config = byConfig.get(file);
  if (config === undefined) {
    let options: Record<string, unknown>;
    try {
      options = compilerOptionsOf(file, []);
    } catch (error) {
      if (error instanceof TsconfigError) error.message += `\n  (the nearest tsconfig.json of ${path}, whose compiler options ts-observed/register passes to esbuild)`;
      throw error;
    }
    config = { file, raw: { compilerOptions: esbuildOptions(options) }, emitDecoratorMetadata: options["emitDecoratorMetadata"] === true };
    byConfig.set(file, config);
  }
  if (config.emitDecoratorMetadata && !warned.has(file)) {
    warned.add(file);
    process.stderr.write(
      `ts-observed/register: warning: ${file} sets "emitDecoratorMetadata": true (itself or through "extends"), which ts-observed/register cannot honour ` +
        "(it strips types with esbuild, which emits no design:type/design:paramtypes metadata): decorators that read " +
        "that metadata (dependency injection, validation, ORMs) get undefined. Compile with tsc (ts-patch, the tsc path) " +
        "for code that needs it, or turn the option off if nothing reads it.\n",
    );
  }
  return config;
}

function nearestTsconfig(folder: string): string | undefined {
  const cached = nearestByFolder.get(folder);
  if (cached !== undefined) return cached ?? undefined;
  const candidate = join(folder, "tsconfig.json");
  let found: string | undefined;
  if (isFile(candidate)) found = candidate;
  else {
    const parent = dirname(folder);
    found = parent === folder ? undefined : nearestTsconfig(parent);
  }
  nearestByFolder.set(folder, found ?? null);
  return found;
}

/** The `compilerOptions` of `file` over those of what it extends (in order, later winning). */
function compilerOptionsOf(file: string, chain: readonly string[]): Record<string, unknown> {
  if (chain.includes(file)) {
    throw new TsconfigError(`ts-observed/register: ${[...chain, file].join(" extends ")}: circular "extends" in tsconfig.json files.`);
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new TsconfigError(`ts-observed/register: cannot read ${file}${chain.length > 0 ? ` (extended by ${chain.at(-1)})` : ""}: ${(error as Error).message}`);
  }
  const json = parseJsonc(text, file);
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new TsconfigError(`ts-observed/register: ${file}: a tsconfig.json must hold an object.`);
  }
  const { extends: extended, compilerOptions } = json as { extends?: unknown; compilerOptions?: unknown };
  let options: Record<string, unknown> = {};
  const bases = extended === undefined ? [] : Array.isArray(extended) ? extended : [extended];
  for (const base of bases) {
    if (typeof base !== "string") throw new TsconfigError(`ts-observed/register: ${file}: "extends" must be a string or an array of strings.`);
    options = { ...options, ...compilerOptionsOf(resolveExtends(base, file), [...chain, file]) };
  }
  if (compilerOptions !== undefined && compilerOptions !== null && typeof compilerOptions === "object" && !Array.isArray(compilerOptions)) {
    options = { ...options, ...(compilerOptions as Record<string, unknown>) };
  }
  return options;
}

/** The file an `extends` entry of `from` names, as TypeScript finds it. */
function resolveExtends(specifier: string, from: string): string {
  const folder = dirname(from);
  const candidates: string[] = [];
  if (isAbsolute(specifier) || specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..") {
    const path = resolve(folder, specifier);
    candidates.push(path, `${path}.json`, join(path, "tsconfig.json"));
  } else {
    for (let dir = folder; ; dir = dirname(dir)) {
      const path = join(dir, "node_modules", specifier);
      candidates.push(path, `${path}.json`);
      const field = tsconfigField(join(path, "package.json"));
      if (field !== undefined) candidates.push(join(path, field));
      candidates.push(join(path, "tsconfig.json"));
      if (dirname(dir) === dir) break;
    }
  }
  const found = candidates.find(isFile);
  if (found === undefined) {
    throw new TsconfigError(`ts-observed/register: ${from}: "extends": ${JSON.stringify(specifier)} is not found (looked for ${candidates.slice(0, 3).join(", ")}${candidates.length > 3 ? ", …" : ""}).`);
  }
  return found;
}

function tsconfigField(packageJson: string): string | undefined {
  if (!existsSync(packageJson)) return undefined;
  try {
    const field = (JSON.parse(readFileSync(packageJson, "utf8")) as { tsconfig?: unknown } | null)?.tsconfig;
    return typeof field === "string" ? field : undefined;
  } catch {
    return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The options esbuild acts on, with the right types (others, and wrongly typed values, are left to tsc to report). */
function esbuildOptions(options: Record<string, unknown>): CompilerOptions {
  const out: Record<string, unknown> = {};
  for (const key of BOOLEAN_OPTIONS) if (typeof options[key] === "boolean") out[key] = options[key];
  for (const key of STRING_OPTIONS) {
    const value = options[key];
    if (typeof value === "string") out[key] = LOWER_CASE.has(key) ? value.toLowerCase() : value;
  }
  return out as CompilerOptions;
}

/**
 * JSON as TypeScript reads a tsconfig: `//` and `/* *\/` comments and trailing commas allowed. A syntax error
 * throws a TsconfigError with the file, line and column.
 */
export function parseJsonc(text: string, file: string): unknown {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (what: string, at = pos): never => {
    const { line, column } = lineColumnAt(text, at);
    const found = at >= text.length ? "the end of the file" : JSON.stringify(text[at]);
    throw new TsconfigError(`ts-observed/register: ${file}:${line}:${column} - error: ${what}, found ${found}: this tsconfig.json does not parse.`);
  };
  const skip = (): void => {
    for (;;) {
      const c = text[pos];
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\uFEFF") pos++;
      else if (c === "/" && text[pos + 1] === "/") {
        const end = text.indexOf("\n", pos);
        pos = end === -1 ? text.length : end + 1;
      } else if (c === "/" && text[pos + 1] === "*") {
        const end = text.indexOf("*/", pos + 2);
        if (end === -1) fail("unterminated /* comment");
        pos = end + 2;
      } else return;
    }
  };
  const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null) return undefined;
    pos += m[0].length;
    return m[0];
  };
  const value = (): unknown => {
    skip();
    const c = text[pos];
    if (c === "{") {
      pos++;
      const object: Record<string, unknown> = {};
      skip();
      while (text[pos] !== "}") {
        if (text[pos] !== '"') fail("expected a property name in double quotes or '}'");
        const key = JSON.parse(match(STRING) ?? fail("bad string")) as string;
        skip();
        if (text[pos] !== ":") fail("expected ':' after a property name");
        pos++;
        object[key] = value();
        skip();
        if (text[pos] === ",") {
          pos++;
          skip();
        } else if (text[pos] !== "}") fail("expected ',' or '}' after a property value");
      }
      pos++;
      return object;
    }
    if (c === "[") {
      pos++;
      const array: unknown[] = [];
      skip();
      while (text[pos] !== "]") {
        array.push(value());
        skip();
        if (text[pos] === ",") {
          pos++;
          skip();
        } else if (text[pos] !== "]") fail("expected ',' or ']' after an array element");
      }
      pos++;
      return array;
    }
    if (c === '"') return JSON.parse(match(STRING) ?? fail("bad string (an unescaped control character or backslash, or no closing quote)"));
    for (const [word, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return v;
      }
    }
    const number = match(NUMBER);
    if (number !== undefined) return Number(number);
    return fail("expected a value");
  };
  skip();
  if (pos >= text.length) return {}; // an empty file (or only comments): TypeScript reads it as {}
  const result = value();
  skip();
  if (pos < text.length) fail("unexpected text after the JSON value");
  return result;
}
