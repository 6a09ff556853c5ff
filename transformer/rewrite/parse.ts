import type * as ts from "typescript";
import type { TsNamespace } from "../analyze/options.js";
import { localRequire } from "./here.js";

/**
 * The TypeScript namespace the rewriter parses with: our own TS 6, never the user's `typescript` (maybe 7).
 * Typed as the analysis' namespace type (the public API the analysis uses is the same in 5.9 and 6).
 *
 * Loaded by the first {@link parseSource}, not on import: loading TypeScript costs about 0.3 s, and a build in
 * which no file holds a tag never parses. A live binding, so importers read the loaded namespace; every
 * one of them works on a node of a parsed file, so it is set by then.
 */
export let parserTs: TsNamespace;

/** Loads TS 6 on first call (synchronously: `rewrite` is synchronous for every bundler and the loader). */
export function loadParser(): TsNamespace {
  // `require`, not `import`: Node would scan TypeScript's 9 MB for named exports first (twice the time).
  if (parserTs === undefined) parserTs = localRequire("@typescript/typescript6") as TsNamespace;
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
 * enclosing classes). JSDoc is not parsed: tags are read from comment ranges, and JSDoc-typed JavaScript
 * (webpack's sources, say) otherwise costs more to parse than its code.
 */
export function parseSource(fileName: string, text: string): ts.SourceFile {
  const parser = loadParser();
  const options = { languageVersion: parser.ScriptTarget.Latest, jsDocParsingMode: parser.JSDocParsingMode.ParseNone };
  return parser.createSourceFile(stripQuery(fileName), text, options, true, scriptKindOf(fileName));
}

/** True when the file has import/export syntax (or `import.meta`): it is an ES module. */
export function hasModuleSyntax(sourceFile: ts.SourceFile): boolean {
  return loadParser().isExternalModule(sourceFile);
}

/** Bundler ids may carry a query (`file.ts?v=123`); the path is what precedes it. */
export function stripQuery(id: string): string {
  const q = id.indexOf("?");
  return q === -1 ? id : id.slice(0, q);
}
