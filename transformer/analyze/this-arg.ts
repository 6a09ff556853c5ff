import type * as ts from "typescript";
import type { TsNamespace } from "./options.js";

/**
 * The entry call's first argument (FunctionPlan.thisArgCode): `void 0` where the function's `this` is the
 * module's top-level `this` and the emitted file is an ES module, else `this`.
 *
 * An arrow's `this` is the module's when no non-arrow function, class (field initializers, static blocks,
 * methods, computed names, decorators), namespace or enum lies between it and the source file. In an ES
 * module that `this` is undefined (ECMA-262: a module's environment has no `this` binding), so `void 0` is the
 * same value — and bundlers stop warning about it (Rollup's `"this" has been rewritten to "undefined"`
 * pointed at the user's line). The emitted file is an ES module whenever its output is not CommonJS: a file
 * with import/export syntax, and a script too, which gets the runtime `import` in ES module output (both
 * emitters). In CommonJS output top-level `this` is `module.exports` (tsc's CommonJS transform keeps `this`,
 * even in a file with ES module syntax): `this` stays, as it does everywhere else — it is always exactly
 * the plain code's `this`, `void 0` only where that is provably undefined.
 *
 * One exception: React server actions (Next.js). A function marked `"use server"` (in its body, or any
 * function at the top level of a `"use server"` file), and an arrow whose `this` is such a function's, pass
 * `void 0`: Next's compiler rejects any `this` in a server action ("Server Actions cannot use `this`"), so the
 * plain code never reads it, and a server action invoked as one has none.
 */
export function thisArgCode(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration, esModuleOutput: boolean): "this" | "void 0" {
  if (inServerAction(tsNs, fn)) return "void 0";
  if (!esModuleOutput || !tsNs.isArrowFunction(fn)) return "this";
  for (let node: ts.Node | undefined = fn.parent; node !== undefined; node = node.parent) {
    if (tsNs.isSourceFile(node)) return "void 0";
    if (tsNs.isArrowFunction(node)) continue;
    if (tsNs.isFunctionLike(node) || tsNs.isClassLike(node) || tsNs.isClassStaticBlockDeclaration(node)) return "this";
    if (tsNs.isModuleDeclaration(node) || tsNs.isEnumDeclaration(node)) return "this";
  }
  return "this";
}

/** Whether `fn`'s `this` is a server action's: see {@link thisArgCode}. */
function inServerAction(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration): boolean {
  // The function whose `this` this is: fn itself, or for an arrow the closest enclosing function, up through
  // arrows (one that is marked itself owns the action's `this`).
  let owner: ts.Node = fn;
  while (tsNs.isArrowFunction(owner) && !hasUseServer(tsNs, owner)) {
    let up: ts.Node | undefined = owner.parent;
    while (up !== undefined && !tsNs.isFunctionLike(up) && !tsNs.isClassLike(up)) up = up.parent;
    if (up === undefined) break; // no function around it: the arrow is the owner
    if (tsNs.isClassLike(up)) return false; // a field initializer's or static block's `this`: the class's
    owner = up;
  }
  return hasUseServer(tsNs, owner) || atTopOfUseServerFile(tsNs, owner);
}

/** A function whose block body starts with the `"use server"` directive. */
function hasUseServer(tsNs: TsNamespace, fn: ts.Node): boolean {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  return body !== undefined && tsNs.isBlock(body) && hasDirective(tsNs, body.statements, "use server");
}

/** A function with no function, class or namespace around it, in a file that starts with `"use server"`. */
function atTopOfUseServerFile(tsNs: TsNamespace, fn: ts.Node): boolean {
  for (let node: ts.Node | undefined = fn.parent; node !== undefined; node = node.parent) {
    if (tsNs.isSourceFile(node)) return hasDirective(tsNs, node.statements, "use server");
    if (tsNs.isFunctionLike(node) || tsNs.isClassLike(node) || tsNs.isModuleDeclaration(node)) return false;
  }
  return false;
}

/** Whether the directive prologue of `statements` holds `directive`. */
function hasDirective(tsNs: TsNamespace, statements: readonly ts.Statement[], directive: string): boolean {
  for (const statement of statements) {
    if (!tsNs.isExpressionStatement(statement) || !tsNs.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === directive) return true;
  }
  return false;
}
