import type * as ts from "typescript";

import type { ParserApiName } from "../parser-api.js";

/**
 * The `typescript` namespace the analysis works with. It is passed in, never imported: the tsc path
 * passes the compiler ts-patch runs (TS 5.9 or 6), the bundler path its own TS 6 parser, and their
 * `SyntaxKind` numbers differ. Only the public API is used, and of it only the names in PARSER_API
 * (parser-api.ts): the bundler path's parser exports no others.
 */
export type TsNamespace = Pick<typeof ts, ParserApiName>;

import type { ObserveAllMode } from "../plugin-options.js";

/** Which functions are instrumented without a tag (defined with the options users write). */
export type { ObserveAllMode };

/** What {@link analyze} needs besides the source file. */
export interface AnalyzeOptions {
  /** Tag name without `@` (default `observed`). `capture` and `redact` keep their names. */
  tag: string;
  /** Module specifier of the runtime entry, e.g. `ts-observed/runtime`. */
  runtime: string;
  /** Instrument every function (`"all"`) or every exported one (`"exported"`) without a tag. */
  observeAll: ObserveAllMode;
  /** Absolute project root; `site.file` is the file's path relative to it, with forward slashes. */
  projectRoot: string;
  /**
   * Whether the emitted file is an ES module (not CommonJS output): then the entry call of an arrow whose
   * `this` is the module's top-level `this` passes `void 0` (FunctionPlan.thisArgCode). Unset: `this` everywhere.
   */
  esModuleOutput?: boolean;
}
