// The named export, not the default: dist/cjs requires this ES-only package, and esbuild's CommonJS interop of a
// "type": "module" file takes `default` to be the whole namespace (`new MagicString` was not a constructor).
import { MagicString, SourceMap } from "magic-string";
import type { FilePlan, FunctionPlan } from "../plan.js";
import { mapCopies, type CopiedText } from "./copy-mappings.js";
import { EditIndex } from "./edit-index.js";
import { EditQueue } from "./edit-queue.js";
import { rewriteFunction } from "./function.js";
import { anonymousDefaultEdits, bindText, headerInsertion, headerText } from "./header.js";
import type { ModuleFormat } from "./module-format.js";

/** A hires source map of a rewrite, mapping the output to the analyzed source. */
export interface RewriteSourceMap {
  /** Source map format version: 3. */
  version: number;
  /** The generated file's name, if set. */
  file?: string;
  /** The original file (one entry). */
  sources: string[];
  /** The original text, when included. */
  sourcesContent?: Array<string | null>;
  /** Identifier names referenced by the mappings. */
  names: string[];
  /** The VLQ-encoded mappings. */
  mappings: string;
  /** The map as JSON text. */
  toString(): string;
  /** The map as a `data:` URL. */
  toUrl(): string;
}

/** Rewritten text of one file with its source map. */
export interface EmitResult {
  code: string;
  map: RewriteSourceMap;
}

/** Options of {@link emitPlan}. */
export interface EmitOptions {
  /** Module syntax of the runtime import. */
  format: ModuleFormat;
  /** Name of the source in the map (defaults to the plan's file name). */
  sourceName?: string;
}

/**
 * Applies a plan to the source text it was computed from (docs/EMIT.md): the header, every function, the
 * inner ones first (see `rewriteFunction`), then the `bind` calls that follow class and variable statements.
 */
export function emitPlan(text: string, plan: FilePlan, options: EmitOptions): EmitResult {
  const ms = new MagicString(text);
  const copies: CopiedText[] = [];
  if (plan.functions.length > 0) {
    const { position, prefix } = headerInsertion(text, plan.headerPosition);
    ms.appendLeft(position, prefix + headerText(plan, options.format) + " ");
    const queue = new EditQueue();
    const cx = { text, names: plan.names, edits: new EditIndex(plan), queue, copies };
    for (const fn of narrowestFirst(plan.functions)) rewriteFunction(cx, fn);
    queue.applyTo(ms);
    // One `;bind(...)` run after each class or variable statement (the `;` ends a statement written without
    // one). Appended after the functions' edits: a statement can end where a function does (`const f = () => x`
    // without `;`), and the function's closing text must come first.
    const bindsAfter = new Map<number, string>();
    for (const fn of plan.functions) {
      const bind = fn.bind;
      if (bind === undefined || bind.afterStatement === "top") continue;
      const end = bind.afterStatement.end;
      bindsAfter.set(end, (bindsAfter.get(end) ?? ";") + bindText(plan, fn.id, bind.expressionCode));
    }
    for (const [end, binds] of bindsAfter) ms.appendLeft(end, binds);
    for (const edit of anonymousDefaultEdits(text, plan)) ms.appendLeft(edit.position, edit.text);
  }
  const source = options.sourceName ?? plan.fileName;
  const code = ms.toString();
  const decoded = ms.generateDecodedMap({ hires: "boundary", source, includeContent: true });
  mapCopies(code, text, decoded.mappings, copies);
  return { code, map: new SourceMap(decoded) };
}

/** Narrower functions first: a nested function's range lies strictly inside its parent's. */
function narrowestFirst(functions: readonly FunctionPlan[]): FunctionPlan[] {
  return [...functions].sort((a, b) => a.node.end - a.node.pos - (b.node.end - b.node.pos));
}
