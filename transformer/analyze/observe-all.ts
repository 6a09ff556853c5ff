/**
 * Observe-all selection: which untagged functions `observeAll` instruments. `"all"`: every function with
 * a body. `"exported"`: functions reachable from the module's exports by name — exported function
 * declarations, exported variables holding a function, `export default <function>`, names listed in a
 * local `export { … }`, and the non-private members of exported classes.
 */
import type * as ts from "typescript";
import type { ObserveAllMode, TsNamespace } from "./options.js";
import { hasModifier, isAmbient, unwrapExpression } from "./syntax.js";

/** Whether observe-all mode `mode` instruments `fn` (which has a body). */
export function isObservedByDefault(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration, mode: ObserveAllMode): boolean {
  if (mode === false || isAmbient(tsNs, fn)) return false;
  if (tsNs.isConstructorDeclaration(fn) && !canObserveConstructor(tsNs, fn)) return false;
  if (mode === "all") return true;
  return isExported(tsNs, fn);
}

/** A derived constructor can only be observed when its `super(...)` is a top-level statement. */
function canObserveConstructor(tsNs: TsNamespace, ctor: ts.ConstructorDeclaration): boolean {
  const cls = ctor.parent;
  const derived = cls.heritageClauses?.some((h) => h.token === tsNs.SyntaxKind.ExtendsKeyword) ?? false;
  if (!derived || ctor.body === undefined) return true;
  return ctor.body.statements.some(
    (s) => tsNs.isExpressionStatement(s) && tsNs.isCallExpression(s.expression) && s.expression.expression.kind === tsNs.SyntaxKind.SuperKeyword,
  );
}

function isExported(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration): boolean {
  const sourceFile = fn.getSourceFile();
  if (tsNs.isFunctionDeclaration(fn)) {
    return tsNs.isSourceFile(fn.parent) && (hasModifier(tsNs, fn, tsNs.SyntaxKind.ExportKeyword) || (fn.name !== undefined && exportedNames(tsNs, sourceFile).has(fn.name.text)));
  }
  if (tsNs.isFunctionExpression(fn) || tsNs.isArrowFunction(fn)) {
    let holder: ts.Node = fn.parent;
    while (tsNs.isParenthesizedExpression(holder) || tsNs.isAsExpression(holder) || tsNs.isSatisfiesExpression(holder)) holder = holder.parent;
    if (tsNs.isExportAssignment(holder)) return true;
    if (tsNs.isVariableDeclaration(holder) && holder.initializer !== undefined && unwrapExpression(tsNs, holder.initializer) === fn) {
      const statement = holder.parent.parent;
      if (!tsNs.isVariableStatement(statement) || !tsNs.isSourceFile(statement.parent)) return false;
      if (hasModifier(tsNs, statement, tsNs.SyntaxKind.ExportKeyword)) return true;
      return tsNs.isIdentifier(holder.name) && exportedNames(tsNs, sourceFile).has(holder.name.text);
    }
    if (tsNs.isPropertyDeclaration(holder) && tsNs.isClassLike(holder.parent)) return isExportedMember(tsNs, holder);
    return false;
  }
  // Methods, accessors, constructors.
  if (tsNs.isClassLike(fn.parent)) return isExportedMember(tsNs, fn as ts.ClassElement);
  return false;
}

function isExportedMember(tsNs: TsNamespace, member: ts.ClassElement): boolean {
  if (member.name !== undefined && tsNs.isPrivateIdentifier(member.name)) return false;
  if (hasModifier(tsNs, member, tsNs.SyntaxKind.PrivateKeyword)) return false;
  const cls = member.parent;
  if (!tsNs.isClassDeclaration(cls) || !tsNs.isSourceFile(cls.parent)) return false;
  if (hasModifier(tsNs, cls, tsNs.SyntaxKind.ExportKeyword)) return true;
  return cls.name !== undefined && exportedNames(tsNs, cls.getSourceFile()).has(cls.name.text);
}

const exportListCache = new WeakMap<ts.SourceFile, Set<string>>();

/** Local names listed in `export { a, b as c }` statements without a module specifier. */
function exportedNames(tsNs: TsNamespace, sourceFile: ts.SourceFile): Set<string> {
  let names = exportListCache.get(sourceFile);
  if (names !== undefined) return names;
  names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (tsNs.isExportDeclaration(statement) && statement.moduleSpecifier === undefined && statement.exportClause !== undefined && tsNs.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.add((element.propertyName ?? element.name).text);
    } else if (tsNs.isExportAssignment(statement) && tsNs.isIdentifier(statement.expression)) {
      names.add(statement.expression.text);
    }
  }
  exportListCache.set(sourceFile, names);
  return names;
}
