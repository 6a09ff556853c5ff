import ts6 from "@typescript/typescript6";
import type * as ts from "typescript";
import type { TsNamespace } from "../analyze/options.js";

/**
 * The TypeScript namespace the rewriter parses with: our own TS 6, never the user's `typescript` (maybe 7).
 * Typed as the analysis' namespace type (the public API the analysis uses is the same in 5.9 and 6).
 */
export const parserTs: TsNamespace = ts6 as unknown as TsNamespace;

/** Script kind of a file, from its extension (`.tsx`/`.jsx` enable JSX; `.mts`/`.cts` are TS). */
export function scriptKindOf(fileName: string): ts.ScriptKind {
  const path = stripQuery(fileName);
  if (/\.tsx$/i.test(path)) return parserTs.ScriptKind.TSX;
  if (/\.[cm]?ts$/i.test(path)) return parserTs.ScriptKind.TS;
  if (/\.jsx$/i.test(path)) return parserTs.ScriptKind.JSX;
  return parserTs.ScriptKind.JS;
}

/**
 * Parses a file for analysis. Parent pointers are set because the analysis walks upward (qualified names,
 * enclosing classes). JSDoc is not parsed: tags are read from comment ranges, and JSDoc-typed JavaScript
 * (webpack's sources, say) otherwise costs more to parse than its code.
 */
export function parseSource(fileName: string, text: string): ts.SourceFile {
  const options = { languageVersion: parserTs.ScriptTarget.Latest, jsDocParsingMode: parserTs.JSDocParsingMode.ParseNone };
  return parserTs.createSourceFile(stripQuery(fileName), text, options, true, scriptKindOf(fileName));
}

/** True when the file has import/export syntax (or `import.meta`): it is an ES module. */
export function hasModuleSyntax(sourceFile: ts.SourceFile): boolean {
  return parserTs.isExternalModule(sourceFile);
}

/** Bundler ids may carry a query (`file.ts?v=123`); the path is what precedes it. */
export function stripQuery(id: string): string {
  const q = id.indexOf("?");
  return q === -1 ? id : id.slice(0, q);
}
