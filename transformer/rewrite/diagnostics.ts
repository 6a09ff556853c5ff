import type { PlanDiagnostic } from "../plan.js";

/** A diagnostic in the form bundlers print: `file:line:column`, code and message, 1-based line and column. */
export interface LocatedMessage {
  code: string;
  category: "error" | "warning";
  message: string;
  file: string;
  line: number;
  /** 1-based. */
  column: number;
  /** The source line the diagnostic points into. */
  lineText: string;
  length: number;
}

/** Attaches file and line text to the analysis' diagnostics. */
export function locate(diagnostics: readonly PlanDiagnostic[], file: string, text: string): LocatedMessage[] {
  return diagnostics.map((d) => ({
    code: d.code,
    category: d.category,
    message: d.message,
    file,
    line: d.line,
    column: d.column,
    lineText: lineAt(text, d.start),
    length: d.length,
  }));
}

/** `TSO1001: message`: the code and the text, without the location (bundlers print that themselves). */
export function formatMessage(m: LocatedMessage): string {
  return `${m.code}: ${m.message}`;
}

/**
 * `file:line:column - error TSO1001: message` (1-based line and column), the one-line form the tsc path
 * prints; without the category where the printer already says it (webpack's `ERROR in …`).
 */
export function formatLocated(m: LocatedMessage, withCategory = true): string {
  return `${m.file}:${m.line}:${m.column} - ${withCategory ? `${m.category} ` : ""}${formatMessage(m)}`;
}

/**
 * `file:line:column - TSO…: message`, then the source line and a caret under the column (`1 | /** @observed … *\/`
 * and `  |    ^`): the text webpack and Rspack show for a loader's error or warning, which keeps no location of its own.
 */
export function formatWithFrame(m: LocatedMessage): string {
  const gutter = String(m.line);
  const before = m.lineText.slice(0, m.column - 1).replace(/[^\t]/g, " ");
  return `${formatLocated(m, false)}\n${gutter} | ${m.lineText}\n${" ".repeat(gutter.length)} | ${before}^`;
}

function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const end = text.indexOf("\n", offset);
  return text.slice(start, end === -1 ? text.length : end).replace(/\r$/, "");
}
