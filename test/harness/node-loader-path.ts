/**
 * A build path through the Node loader (`ts-observed/register`): nothing is compiled ahead of time. Each
 * fixture gets a tiny ES module that registers the hooks and then imports the fixture's TypeScript
 * source (dynamically: a static import would be linked before the hooks exist), re-exporting its exports.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "@typescript/typescript6";
import type { BuildPath } from "./build-path.js";
import { batchedPath } from "./esbuild-path.js";
import { fixtureName, fixturePaths } from "./fixtures.js";

/** The Node loader path (ES modules). */
export function nodeLoaderPath(name: string): BuildPath {
  return batchedPath(name, "esm", true, async (outDir) => {
    for (const fixture of fixturePaths()) {
      const names = exportNames(fixture);
      const lines = [
        'import "ts-observed/register";',
        `const mod = await import(${JSON.stringify(pathToFileURL(fixture).href)});`,
        ...names.map((n) => (n === "default" ? "export default mod.default;" : `export const ${n} = mod.${n};`)),
      ];
      writeFileSync(join(outDir, fixtureName(fixture) + ".js"), lines.join("\n") + "\n");
    }
  });
}

/** Names a TypeScript module exports (declarations and `export { … }` lists; type-only ones left out). */
function exportNames(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names = new Set<string>();
  const isExported = (node: ts.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = (node: ts.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  for (const statement of sf.statements) {
    if (ts.isExportAssignment(statement)) names.add("default");
    else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause)) {
      for (const e of statement.exportClause.elements) if (!e.isTypeOnly) names.add(e.name.text);
    } else if (isExported(statement)) {
      if (isDefault(statement)) names.add("default");
      else if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
      } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name !== undefined) {
        names.add(statement.name.text);
      }
    }
  }
  return [...names];
}
