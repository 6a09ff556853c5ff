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
}

/** One parameter as it is passed to `enter`: the code of its value. */
export interface ParamPlan {
  /** The name recorded in `params` (identifier, or the pattern's text with white space collapsed). */
  name: string;
  /** JavaScript expression of its value at function entry: `a`, or `{ id, name }` for a pattern. */
  valueCode: string;
}

/** How `observe(fn)` finds this function's site: a `bind` statement placed after `afterStatement`. */
export interface BindPlan {
  /** Expression that evaluates to the function object, e.g. `Cart.prototype.checkout`. */
  expressionCode: string;
  /** "top": with the site declarations (hoisted top-level function declarations); else after this statement. */
  afterStatement: ts.Statement | "top";
}

/** One tagged (or observe-all selected) function and everything the emitters need to rewrite it. */
export interface FunctionPlan {
  /** Index of the site: the emitted site variable is `${names.site}${id}`... see {@link EmitNames.siteVar}. */
  id: number;
  node: ts.FunctionLikeDeclaration;
  meta: SiteMetaPlan;
  params: ParamPlan[];
  /** The body: a block, or the expression of an arrow function with an expression body. */
  body: ts.Block | ts.Expression;
  /** Constructors of derived classes: the top-level `super(...)` statement; the prologue goes after it. */
  superStatement: ts.Statement | undefined;
  /** The function's own `return X;` statements (not those of nested functions); bare `return;` excluded. */
  returns: ts.ReturnStatement[];
  bind: BindPlan | undefined;
}

/** Collision-free identifiers chosen for one file. */
export interface EmitNames {
  /** Local names of the runtime imports. */
  site: string;
  enter: string;
  enterN: string;
  bind: string;
  /** Per-function locals. */
  ctx: string;
  err: string;
  key: string;
  /** Prefix of site variables: the site of function `id` is `${sitePrefix}${id}`. */
  sitePrefix: string;
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
}
