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
 */
export function thisArgCode(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration, esModuleOutput: boolean): "this" | "void 0" {
  if (!esModuleOutput || !tsNs.isArrowFunction(fn)) return "this";
  for (let node: ts.Node | undefined = fn.parent; node !== undefined; node = node.parent) {
    if (tsNs.isSourceFile(node)) return "void 0";
    if (tsNs.isArrowFunction(node)) continue;
    if (tsNs.isFunctionLike(node) || tsNs.isClassLike(node) || tsNs.isClassStaticBlockDeclaration(node)) return "this";
    if (tsNs.isModuleDeclaration(node) || tsNs.isEnumDeclaration(node)) return "this";
  }
  return "this";
}
