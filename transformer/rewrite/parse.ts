import type * as ts from "typescript";
import type { TsNamespace } from "../analyze/options.js";
import { join } from "node:path";
import { requireWithCodeCache, type CodeCachedModule } from "./code-cache.js";
import { parserFile } from "./parser-file.js";
import { plainNamespace } from "../parser-api.js";
import { linkParents } from "../analyze/parents.js";
import { stripQuery } from "./scope.js";

export { stripQuery };

/**
 * The TypeScript namespace the rewriter parses with: our own TS 6 parser (parser-file.ts), never the user's
 * `typescript` (maybe 7). Typed as the analysis' namespace type, which is the API that parser exports
 * (parser-api.ts; the same in 5.9 and 6).
 *
 * Loaded by the first {@link parseSource}, not on import: a build in which no file holds a tag never parses.
 * A live binding, so importers read the loaded namespace; every one of them works on a node of a parsed file,
 * so it is set by then.
 */
export let parserTs: TsNamespace;

/** The V8 code cache the parser is loaded with (see {@link useParserCodeCache}); undefined: none. */
let codeCacheFile: string | undefined;
let loadedWithCodeCache: CodeCachedModule | undefined;

/** Name of the parser's V8 code cache in a cache directory. */
export const PARSER_CODE_CACHE = "typescript.v8-code-cache";

/**
 * Loads the parser, when it is loaded (the first file to parse), with a V8 code cache in `cacheDir`
 * (code-cache.ts): compiling its 1.4 MB is most of its load time. Undefined: no code cache. The esbuild
 * plugin sets its persistent cache directory here and calls {@link saveParserCodeCache} at the end of a build.
 */
export function useParserCodeCache(cacheDir: string | undefined): void {
  codeCacheFile = cacheDir === undefined ? undefined : join(cacheDir, PARSER_CODE_CACHE);
}

/**
 * Writes the parser's code cache if it was loaded without a usable one; once per process. After a
 * build, so that the functions the parses compiled lazily are in it.
 */
export async function saveParserCodeCache(): Promise<void> {
  await loadedWithCodeCache?.save();
}

/** How the parser was compiled in this process: undefined while not loaded (for tests). */
export function parserCompiledFrom(): CodeCachedModule["compiledFrom"] | undefined {
  return parserTs === undefined ? undefined : loadedWithCodeCache?.compiledFrom;
}

/** Loads the parser on first call (synchronously: `rewrite` is synchronous for every bundler and the loader). */
export function loadParser(): TsNamespace {
  if (parserTs !== undefined) return parserTs;
  // Compiled by code-cache.ts, with or without a code cache, rather than by `require`: the require hooks of
  // the process (ts-observed/register's own for a tagged .cjs, a coverage tool's) have no business with it.
  loadedWithCodeCache = requireWithCodeCache(parserFile(), codeCacheFile);
  // Plain properties, not the module's getters: the rewriter and the analysis call them per node (parser-api.ts).
  parserTs = plainNamespace(loadedWithCodeCache.exports as TsNamespace);
  return parserTs;
}

/** Script kind of a file, from its extension (`.tsx`/`.jsx` enable JSX; `.mts`/`.cts` are TS). */
export function scriptKindOf(fileName: string): ts.ScriptKind {
  const { ScriptKind } = loadParser();
  const path = stripQuery(fileName);
  if (/\.tsx$/i.test(path)) return ScriptKind.TSX;
  if (/\.[cm]?ts$/i.test(path)) return ScriptKind.TS;
  if (/\.jsx$/i.test(path)) return ScriptKind.JSX;
  return ScriptKind.JS;
}

/**
 * Parses a file for analysis. Parent pointers are set because the analysis walks upward (qualified names,
 * enclosing classes): by linkParents, cheaper than TypeScript's `setParentNodes`. JSDoc is not parsed: tags
 * are read from comment ranges, and JSDoc-typed JavaScript (webpack's sources, say) otherwise costs more to
 * parse than its code.
 */
export function parseSource(fileName: string, text: string): ts.SourceFile {
  const parser = loadParser();
  const options = { languageVersion: parser.ScriptTarget.Latest, jsDocParsingMode: parser.JSDocParsingMode.ParseNone };
  const sourceFile = parser.createSourceFile(stripQuery(fileName), text, options, false, scriptKindOf(fileName));
  linkParents(parser, sourceFile);
  return sourceFile;
}

/** True when the file has import/export syntax (or `import.meta`): it is an ES module. */
export function hasModuleSyntax(sourceFile: ts.SourceFile): boolean {
  return loadParser().isExternalModule(sourceFile);
}

