/**
 * Errors of the transformer. A {@link TransformerError} is a problem in the user's code or config: it
 * becomes a positioned diagnostic. Anything else thrown while transforming is a bug of ts-observed and
 * is rethrown as an {@link InternalTransformerError} naming the file and function being worked on.
 */
import type * as ts from "typescript";
import type { PlanDiagnostic } from "./plan.js";

/** Stable diagnostic codes; the message of each says what is wrong and what to do. */
export const DiagnosticCode = {
  /** The tag is on something that is not a function. */
  NotAFunction: "TSO1001",
  /** The tag is on a function without a body (overload signature without implementation, `declare`, abstract). */
  NoBody: "TSO1002",
  /** A `@capture` name is not a parameter or top-level local of the function. */
  CaptureNotLocal: "TSO1003",
  /** A `@redact` name is not a parameter of the function. */
  RedactNotParam: "TSO1004",
  /** A derived class constructor whose `super(...)` call is not a top-level statement. */
  SuperNotTopLevel: "TSO1005",
  /** `@capture` / `@redact` on a function that is not observed. */
  OrphanTag: "TSO1006",
  /** A tag argument that is not a valid name. */
  BadTagArgument: "TSO1007",
  /** A tag inside a comment that precedes no declaration. */
  StrayTag: "TSO1008",
  /** Warning: a `@capture` name is `@redact`ed (it reads `"[REDACTED]"` in `localVariables`). */
  CaptureRedacted: "TSO1009",
  /** Warning: a doc-comment tag that is almost ours (`@Observed`, `@observd`, `@captures`) and is read by nothing. */
  NearMissTag: "TSO1010",
  /** The config file or plugin entry is invalid. */
  BadConfig: "TSO2001",
  /** Warning: a file holding tags is outside `include`, so nothing in it is observed (first such file only). */
  OutsideInclude: "TSO2002",
  /** Warning: a tag in a framework component file (`.vue`, `.svelte`, `.astro`), whose script blocks are not rewritten. */
  ComponentFile: "TSO2003",
  /** An internal error of ts-observed (a bug). */
  Internal: "TSO9999",
} as const;

/** One of {@link DiagnosticCode}'s values. */
export type DiagnosticCodeValue = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

/** A problem in the user's code, located at `node` (or at `start`/`length` inside it). */
export class TransformerError extends Error {
  /** Stable code such as `TSO1001`. */
  readonly code: DiagnosticCodeValue;
  /** The offending node of the analyzed source file. */
  readonly node: ts.Node;
  readonly category: "error" | "warning";
  /** Optional precise range (e.g. one tag inside a comment); defaults to the node's range. */
  readonly start: number | undefined;
  readonly length: number | undefined;

  constructor(
    code: DiagnosticCodeValue,
    message: string,
    node: ts.Node,
    options: { category?: "error" | "warning"; start?: number; length?: number } = {},
  ) {
    super(message);
    this.name = "TransformerError";
    this.code = code;
    this.node = node;
    this.category = options.category ?? "error";
    this.start = options.start;
    this.length = options.length;
  }

  /** The located diagnostic of this error in `sourceFile`. */
  toDiagnostic(sourceFile: ts.SourceFile): PlanDiagnostic {
    const start = this.start ?? this.node.getStart(sourceFile);
    const length = this.length ?? Math.max(0, this.node.getEnd() - start);
    const lc = sourceFile.getLineAndCharacterOfPosition(start);
    return {
      code: this.code,
      category: this.category,
      message: this.message,
      start,
      length,
      line: lc.line + 1,
      column: lc.character + 1,
    };
  }
}

/** A bug in ts-observed, with the file and function it was transforming. */
export class InternalTransformerError extends Error {
  readonly fileName: string;
  readonly functionName: string | undefined;

  constructor(cause: unknown, fileName: string, functionName: string | undefined) {
    const what = cause instanceof Error ? cause.message : String(cause);
    super(
      `ts-observed internal error while transforming ${fileName}` +
        (functionName === undefined ? "" : ` (function ${functionName})`) +
        `: ${what}. This is a bug in ts-observed; please report it with this file.`,
      { cause },
    );
    this.name = "InternalTransformerError";
    this.fileName = fileName;
    this.functionName = functionName;
  }
}

/**
 * Runs `work`; a {@link TransformerError} is passed to `report`, any other exception is rethrown as an
 * {@link InternalTransformerError} naming `fileName` and `functionName` (a function is called only then).
 */
export function guard<T>(
  fileName: string,
  functionName: string | (() => string) | undefined,
  work: () => T,
  report: (error: TransformerError) => void,
): T | undefined {
  try {
    return work();
  } catch (error) {
    if (error instanceof TransformerError) {
      report(error);
      return undefined;
    }
    if (error instanceof InternalTransformerError) throw error;
    throw new InternalTransformerError(error, fileName, typeof functionName === "function" ? functionName() : functionName);
  }
}

/** `file:line:column - code: message`, the one-line form used in thrown errors and logs. */
export function formatPlanDiagnostic(fileName: string, d: PlanDiagnostic): string {
  return `${fileName}:${d.line}:${d.column} - ${d.category} ${d.code}: ${d.message}`;
}
