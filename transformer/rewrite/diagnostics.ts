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

/** `file:line:column - TSO1001: message` — the same text the tsc path prints. */
export function formatMessage(m: LocatedMessage): string {
  return `${m.code}: ${m.message}`;
}

function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const end = text.indexOf("\n", offset);
  return text.slice(start, end === -1 ? text.length : end).replace(/\r$/, "");
}
