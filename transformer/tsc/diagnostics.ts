/** Turns plan and config problems into `ts.Diagnostic`s, and reports them: errors to tsc, warnings to stderr. */
import type * as ts from "typescript";
import type { ConfigProblem } from "../config.js";
import type { PlanDiagnostic } from "../plan.js";

/** The diagnostic of a problem found in `sourceFile` (code text prefixed to the message: TS codes are numbers). */
export function planDiagnostic(tsNs: typeof ts, sourceFile: ts.SourceFile, d: PlanDiagnostic): ts.Diagnostic {
  return {
    file: sourceFile,
    start: d.start,
    length: d.length,
    category: d.category === "error" ? tsNs.DiagnosticCategory.Error : tsNs.DiagnosticCategory.Warning,
    code: numericCode(d.code),
    messageText: `ts-observed ${d.code}: ${d.message}`,
    source: "ts-observed",
  };
}

/** The diagnostic of a configuration problem; it names the file (and line:column when known). */
export function configDiagnostic(tsNs: typeof ts, p: ConfigProblem): ts.Diagnostic {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
  return {
    file: undefined,
    start: undefined,
    length: undefined,
    category: tsNs.DiagnosticCategory.Error,
    code: numericCode(p.code),
    messageText: `ts-observed ${p.code}: ${where}: ${p.message} ts-observed left this program unchanged.`,
    source: "ts-observed",
  };
}

/** `TSO1001` → 1001 (tsc prints `error TS1001`; the message repeats the real code). */
function numericCode(code: string): number {
  return Number(code.replace(/^TSO/, "")) + 990000;
}

/**
 * Reports a diagnostic of the transformer: an error through ts-patch's `addDiagnostic` (tsc prints it and
 * fails the build), a warning printed to stderr in tsc's format. tsc exits with status 2 when the program has
 * any diagnostic at all, whatever its category, so a warning added there would fail the build like an error.
 */
export function report(tsNs: typeof ts, program: Pick<ts.Program, "getCurrentDirectory">, addDiagnostic: (diagnostic: ts.Diagnostic) => number, diagnostic: ts.Diagnostic): void {
  if (diagnostic.category === tsNs.DiagnosticCategory.Error) {
    addDiagnostic(diagnostic);
    return;
  }
  process.stderr.write(tsNs.formatDiagnostic(diagnostic, formatHost(program)));
}

/**
 * An `addDiagnostic` for hosts that never print the program's added diagnostics (ts-jest, ts-node): it throws
 * the first error, formatted as tsc prints it, so the file fails to compile with what and where instead of
 * being emitted unobserved without a word.
 */
export function throwingAddDiagnostic(tsNs: typeof ts, program: Pick<ts.Program, "getCurrentDirectory">): (diagnostic: ts.Diagnostic) => number {
  const host = formatHost(program);
  return (diagnostic) => {
    const message = tsNs.formatDiagnostic(diagnostic, host).trimEnd();
    // The message says what and where; a stack would print ts-observed's own frames under it.
    throw Object.assign(new Error(message), { stack: message });
  };
}

/**
 * Whether ts-node compiles in this process (or loader thread): `register()` puts its service under this
 * symbol before it compiles anything. ts-node (through `"compiler": "ts-patch/compiler"`) runs the tsconfig's
 * plugins but never reads the diagnostics they add.
 */
export function underTsNode(): boolean {
  return (process as unknown as Record<symbol, unknown>)[Symbol.for("ts-node.register.instance")] !== undefined;
}

/** How tsc prints a diagnostic's file: relative to the program's folder. */
export function formatHost(program: Pick<ts.Program, "getCurrentDirectory">): ts.FormatDiagnosticsHost {
  return { getCanonicalFileName: (fileName) => fileName, getCurrentDirectory: () => program.getCurrentDirectory(), getNewLine: () => "\n" };
}
