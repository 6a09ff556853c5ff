// NOTE for the bundler-path engineer (issue 4), from the tsc-path owner (issue 3):
// refinements over the skeleton, stable from the first commit on:
//  - FunctionPlan.directiveCount: the body's leading directives ("use strict") stay first; the prologue goes after them.
//  - FunctionPlan.prologueAfter: the statement the prologue follows (directive or super(...)), or undefined = body start.
//  - FunctionPlan.tagged: false for functions selected by observeAll without a tag.
//  - ParamPlan.shape and ParamPlan.bindings (what valueCode is made of, for emitters that build nodes).
//  - FunctionPlan.awaits + SiteMetaPlan.awaits (docs/EMIT.md "Awaits of async functions").
//  - FilePlan.imports: which runtime names the file uses (emit only those); FilePlan.isModule.
//  - analyze() lives in transformer/analyze.ts; options in transformer/analyze/options.ts (AnalyzeOptions).
//  - Emit helpers shared by both emitters: transformer/analyze/site-meta.ts (siteMetaCode), used-imports.ts.
/**
 * The analysis plan: what `analyze()` computes once per file and both emitters consume
 * (the ts-patch transformer builds factory nodes from it, the source rewriter edits text with it).
 * Positions are offsets into the analyzed source text; nodes are the analyzed SourceFile's own nodes.
 * See docs/EMIT.md for the shape each emitter produces from a plan.
 */
import type * as ts from "typescript";

/** Static metadata of one observed function, serialized verbatim into its `site({...})` call. */
export interface SiteMetaPlan {
  name: string;
  qualifiedName: string;
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** 1-based line and column of the function's name (or of the function itself when it has none). */
  line: number;
  column: number;
  kind: "function" | "arrow" | "method" | "getter" | "setter" | "constructor";
  async: boolean;
  generator: boolean;
  params: string[];
  /** True when the last parameter is a rest parameter (its value is passed as the array). */
  rest: boolean;
  groups: string[];
  redact: string[];
  capture: string[];
  /** Async non-generator functions: true when every own `await` is wrapped with suspend/resume (no `for await`). */
  awaits: boolean;
}

/** One parameter as it is passed to `enter`: the code of its value. */
export interface ParamPlan {
  /** The name recorded in `params` (identifier, or the pattern's text with white space collapsed). */
  name: string;
  /** JavaScript expression of its value at function entry: `a`, or `{ id, name }` for a pattern. */
  valueCode: string;
  /** `identifier`, or the kind of destructuring pattern (its value is an object / array literal of `bindings`). */
  shape: "identifier" | "object" | "array";
  /** Names the parameter binds, in source order (one for an identifier). */
  bindings: string[];
}

/** How `observe(fn)` finds this function's site: a `bind` statement placed after `afterStatement`. */
export interface BindPlan {
  /** Expression that evaluates to the function object, e.g. `Cart.prototype.checkout`. */
  expressionCode: string;
  /**
   * "top": with the site declarations (hoisted top-level function declarations); else after this statement
   * (a class declaration, or the top-level variable statement of {@link variable}).
   */
  afterStatement: ts.Statement | "top";
  /**
   * Set when `expressionCode` starts with a top-level variable (`handler`, `api.get`, `Cart.prototype.total`):
   * the variable's declared name. The tsc path makes its reference from this node (an identifier whose
   * original node is this one), so that TypeScript's transforms see a reference to the variable: the CommonJS
   * transform writes `exports.handler` for an exported one, which has no local binding in its output.
   */
  variable?: ts.Identifier;
  /**
   * Set for an anonymous `export default function` (async, generator) and for every bound member of an
   * anonymous `export default class`, which the module has no name for (docs/EMIT.md, "Anonymous default
   * exports"). The emitters name the declaration once (members of one class share this object): the rewriter
   * `name`, inserted before the character at `namePosition`; the tsc path TypeScript's own generated name
   * (`default_1`, what its CommonJS transform calls it anyway). A function is bound by that name in the header,
   * a class's members after the class statement (`expressionCode` starts with `name`, which the tsc path
   * replaces with the generated name). Then `name` is put back to `"default"` right after the declaration
   * statement when `restoreName` says so — the tsc path only where a plain build's name is `default`: ES module
   * output, and for a class an ES2015+ target and not `namedByTypeScript`.
   */
  anonymousDefault?: AnonymousDefaultPlan;
}

/** The naming of one anonymous default-exported declaration (see {@link BindPlan.anonymousDefault}). */
export interface AnonymousDefaultPlan {
  /** `<prefix>_default`, collision-free. */
  name: string;
  /** Where the rewriter inserts the name: the `(` or `<` opening a function's parameters, or right after `class`. */
  namePosition: number;
  /** The declaration that gets the name (the function itself, or the class whose members are bound). */
  declaration: ts.FunctionDeclaration | ts.ClassDeclaration;
  /**
   * Whether `name` is put back to `"default"` after the statement. False for a class that declares its own
   * static `name` (method, accessor or field): restoring would clobber it, and naming the class does not
   * change what `name` returns there.
   */
  restoreName: boolean;
  /**
   * Classes: TypeScript's own output names the class `default_1` in ES module output too (a static property
   * with an initializer, or a decorator on a member or a parameter), so a plain tsc build's `name` is
   * `default_1`: the tsc path leaves it. Always false for functions. (A class with a class decorator is not
   * bound at all: analyze/bind.ts.)
   */
  namedByTypeScript: boolean;
}

/** One tagged (or observe-all selected) function and everything the emitters need to rewrite it. */
export interface FunctionPlan {
  /** Index of the site in the file: the emitted site variable is `${names.sitePrefix}${id}`. */
  id: number;
  node: ts.FunctionLikeDeclaration;
  meta: SiteMetaPlan;
  params: ParamPlan[];
  /** The body: a block, or the expression of an arrow function with an expression body. */
  body: ts.Block | ts.Expression;
  /** Constructors of derived classes: the top-level `super(...)` statement; the prologue goes after it. */
  superStatement: ts.Statement | undefined;
  /** Number of leading directive statements (`"use strict"`) of a block body; they stay before the prologue. */
  directiveCount: number;
  /**
   * The statement the prologue follows: the `super(...)` statement, else the last directive, else undefined
   * (the prologue opens the body). The statements after it are the ones wrapped in `try`.
   */
  prologueAfter: ts.Statement | undefined;
  /** False when the function was selected by `observeAll` without a tag. */
  tagged: boolean;
  /**
   * The entry call's first argument (emit-rules.ts `entryParts`): `void 0` for an arrow whose `this` is the
   * module's top-level `this` in a file emitted as an ES module (where it is undefined; analyze/this-arg.ts),
   * else `this`.
   */
  thisArgCode: "this" | "void 0";
  /** The function's own `return X;` statements (not those of nested functions); bare `return;` excluded. */
  returns: ts.ReturnStatement[];
  /**
   * Own bare `return;` statements of a non-generator function (empty for generators), each emitted as
   * `{ if (C !== null) C.ok(void 0); return; }` (no `finally` records them: docs/EMIT.md).
   */
  bareReturns: ts.ReturnStatement[];
  bind: BindPlan | undefined;
  /**
   * Own `await E` expressions (not in nested functions or classes) of an async non-generator function, each
   * emitted as `(C === null ? await E : C.resume(await C.suspend(E)))`. Empty when `meta.awaits` is false.
   */
  awaits: ts.AwaitExpression[];
  /**
   * Own `catch` and `finally` blocks the body can enter after one of `awaits` rejected (the await threw before
   * its `resume` ran): the catch block of a `try` whose try block holds one, the finally block of a `try` whose
   * try block or catch clause holds one. Each is emitted starting with `if (C !== null) C.resume(void 0);`, so
   * the call is current again there (docs/EMIT.md "Awaits of async functions"). Source order; empty when
   * `awaits` is.
   */
  resumeBlocks: ts.Block[];
}

/** Collision-free identifiers chosen for one file. */
export interface EmitNames {
  /** Local names of the runtime imports (calls start with the site's own `enter`/`enterN` methods). */
  site: string;
  bind: string;
  /** Per-function locals. */
  ctx: string;
  err: string;
  key: string;
  /** Prefix of site variables: the site of function `id` is `${sitePrefix}${id}`. */
  sitePrefix: string;
  /** Prefix of interest variables: the guard of function `id` reads `${interestPrefix}${id}` (emit-rules.ts). */
  interestPrefix: string;
}

/** A located problem found by the analysis (the emitters turn it into their own diagnostic form). */
export interface PlanDiagnostic {
  /** Stable code, e.g. `TSO1001`. */
  code: string;
  category: "error" | "warning";
  message: string;
  /** Offset range in the analyzed text. */
  start: number;
  length: number;
  /** 1-based, for messages. */
  line: number;
  column: number;
}

/** The whole plan of one file. */
export interface FilePlan {
  fileName: string;
  runtimeImport: string;
  names: EmitNames;
  /** Offset where the import and site declarations go: after shebang and directive prologue. */
  headerPosition: number;
  functions: FunctionPlan[];
  diagnostics: PlanDiagnostic[];
  /** Runtime names the emitted code uses: import only these. Empty when `functions` is empty. */
  imports: RuntimeImport[];
  /** Whether the file is an ES module (has import/export); a script gets the import only in module output. */
  isModule: boolean;
}

/** A runtime export used by emitted code. */
export type RuntimeImport = "site" | "bind";
