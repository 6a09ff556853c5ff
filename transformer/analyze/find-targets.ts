/**
 * Finds the functions to observe in one file: those with a tag in a leading comment (read with
 * `getLeadingCommentRanges`, never from JSDoc nodes) and, in observe-all mode, every (exported)
 * function. Tags that attach to no function become diagnostics.
 */
import type * as ts from "typescript";
import { DiagnosticCode, TransformerError } from "../errors.js";
import type { AnalyzeOptions, TsNamespace } from "./options.js";
import { isObservedByDefault } from "./observe-all.js";
import { resolveTarget } from "./resolve-target.js";
import { isObservableKind } from "./syntax.js";
import { type CommentTags, isDocComment, parseCommentTags, tagMentions } from "./tags.js";

/** A function chosen for observation, with the tag comments that apply to it. */
export interface Target {
  fn: ts.FunctionLikeDeclaration;
  /** Every comment with our tags that resolved to this function (overload signature, variable, itself). */
  tags: CommentTags[];
  /** Whether an `@observed` tag selected it (else observe-all did). */
  tagged: boolean;
  /** The node the first tag comment was attached to (for diagnostics about the tag). */
  tagNode: ts.Node;
}

/** Targets in source order plus located problems. */
export interface FoundTargets {
  targets: Target[];
  errors: TransformerError[];
}

/** Walks `sourceFile` once and returns the functions to observe. */
export function findTargets(tsNs: TsNamespace, sourceFile: ts.SourceFile, options: AnalyzeOptions): FoundTargets {
  const text = sourceFile.text;
  const errors: TransformerError[] = [];
  const byFunction = new Map<ts.FunctionLikeDeclaration, Target>();
  const claimed = new Set<number>();
  const parsedRanges: { pos: number; end: number }[] = [];
  // Offsets of every `@` in the text: a subtree holding none cannot hold a tag and is skipped (tag mode).
  const ats: number[] = [];
  for (let i = text.indexOf("@"); i !== -1; i = text.indexOf("@", i + 1)) ats.push(i);
  const observeAll = options.observeAll !== false;
  const selectedByDefault = new Set<ts.FunctionLikeDeclaration>();

  const target = (fn: ts.FunctionLikeDeclaration, attach: ts.Node): Target => {
    let t = byFunction.get(fn);
    if (t === undefined) {
      t = { fn, tags: [], tagged: false, tagNode: attach };
      byFunction.set(fn, t);
    }
    return t;
  };

  const visit = (node: ts.Node): void => {
    // Comments after the last statement (the end-of-file token's trivia) precede no declaration: a tag there
    // is reported by reportStrayTags, as one before a closing brace is.
    if (node.kind === tsNs.SyntaxKind.EndOfFileToken) return;
    const firstAt = firstAtOrAfter(ats, node.pos);
    const hasAt = firstAt !== undefined && firstAt < node.end;
    if (!hasAt && !observeAll) return;
    if (hasAt) {
      const start = node.getStart(sourceFile);
      if (firstAt < start) collectComments(node);
    }
    if (observeAll && isObservableKind(tsNs, node) && node.body !== undefined && isObservedByDefault(tsNs, node, options.observeAll)) {
      target(node, node);
      selectedByDefault.add(node);
    }
    tsNs.forEachChild(node, visit);
  };

  const collectComments = (node: ts.Node): void => {
    for (const range of commentsBefore(tsNs, text, node.pos)) {
      if (claimed.has(range.pos)) continue;
      claimed.add(range.pos);
      if (!isDocComment(text, range.pos)) continue;
      parsedRanges.push({ pos: range.pos, end: range.end });
      const tags = parseCommentTags(text, range.pos, range.end, options.tag);
      if (tags === undefined) continue;
      attachTags(node, tags);
    }
  };

  const attachTags = (node: ts.Node, tags: CommentTags): void => {
    if (tags.observed === undefined) {
      // @capture / @redact alone: meaningful only on a function that observe-all selects.
      const fn = safeResolve(node);
      if (fn !== undefined) target(fn, node).tags.push(tags);
      return;
    }
    try {
      const fn = resolveTarget(tsNs, node, options.tag);
      const t = target(fn, node);
      if (!t.tagged) t.tagNode = node;
      t.tagged = true;
      t.tags.push(tags);
    } catch (error) {
      if (!(error instanceof TransformerError)) throw error;
      errors.push(
        new TransformerError(error.code, error.message, error.node, {
          start: tags.observed.pos,
          length: tags.observed.length,
        }),
      );
    }
  };

  const safeResolve = (node: ts.Node): ts.FunctionLikeDeclaration | undefined => {
    try {
      return resolveTarget(tsNs, node, options.tag);
    } catch {
      return undefined;
    }
  };

  tsNs.forEachChild(sourceFile, visit);

  reportStrayTags(tsNs, sourceFile, options.tag, parsedRanges, errors);

  const targets = [...byFunction.values()].filter((t) => t.tagged || selectedByDefault.has(t.fn));
  for (const t of byFunction.values()) {
    if (!t.tagged && !selectedByDefault.has(t.fn)) {
      const first = t.tags[0];
      const occurrence = first?.capture[0] ?? first?.redact[0];
      errors.push(
        new TransformerError(
          DiagnosticCode.OrphanTag,
          `@capture and @redact apply to observed functions only; this function has no @${options.tag} tag. ` +
            `Add @${options.tag} to its comment, or remove the tag.`,
          t.tagNode,
          occurrence === undefined ? { category: "warning" } : { category: "warning", start: occurrence.pos, length: occurrence.length },
        ),
      );
    }
  }
  targets.sort((a, b) => a.fn.pos - b.fn.pos || a.fn.end - b.fn.end);
  return { targets, errors };
}

/** Tags in comments that precede no node (e.g. before a closing brace) are reported, never ignored. */
function reportStrayTags(
  tsNs: TsNamespace,
  sourceFile: ts.SourceFile,
  tag: string,
  parsed: { pos: number; end: number }[],
  errors: TransformerError[],
): void {
  const text = sourceFile.text;
  for (const mention of tagMentions(text, tag)) {
    if (parsed.some((r) => mention >= r.pos && mention < r.end)) continue;
    const comment = commentContaining(tsNs, sourceFile, mention);
    if (comment === undefined) continue; // in a string, template or identifier: not a tag
    const tags = parseCommentTags(text, comment.pos, comment.end, tag);
    if (tags?.observed === undefined) continue; // prose such as "see @observed", not a tag
    const doc = isDocComment(text, comment.pos);
    errors.push(
      new TransformerError(
        DiagnosticCode.StrayTag,
        doc
          ? `@${tag} is in a comment that precedes no declaration, so it observes nothing. Move it into the ` +
              `doc comment right before the function it should observe.`
          : `@${tag} is in a ${text.startsWith("//", comment.pos) ? "line" : "block"} comment; ts-observed reads tags ` +
              `from doc comments only. Write it as /** @${tag} */ right before the function.`,
        sourceFile,
        { start: mention, length: tag.length + 1, category: doc ? "error" : "warning" },
      ),
    );
  }
}

/** The comment range containing `offset`, found through the tokens of the innermost node around it. */
function commentContaining(tsNs: TsNamespace, sourceFile: ts.SourceFile, offset: number): ts.CommentRange | undefined {
  let node: ts.Node = sourceFile;
  for (;;) {
    const child: ts.Node | undefined = node.getChildren(sourceFile).find((c) => c.pos <= offset && offset < c.end);
    if (child === undefined) break;
    const hit = commentsBefore(tsNs, sourceFile.text, child.pos).find((r) => r.pos <= offset && offset < r.end);
    if (hit !== undefined) return hit;
    node = child;
  }
  return commentsBefore(tsNs, sourceFile.text, sourceFile.endOfFileToken.pos).find((r) => r.pos <= offset && offset < r.end);
}

/**
 * Every comment in the trivia at `pos`. TypeScript calls a comment on the same line as the previous token
 * "trailing" (`f([/** @observed *\/ (n) => n])` has no leading comment at all), so both kinds are read.
 */
function commentsBefore(tsNs: TsNamespace, text: string, pos: number): ts.CommentRange[] {
  const trailing = tsNs.getTrailingCommentRanges(text, pos);
  const leading = tsNs.getLeadingCommentRanges(text, pos);
  if (trailing === undefined) return leading ?? [];
  if (leading === undefined) return trailing;
  const seen = new Set(trailing.map((r) => r.pos));
  return [...trailing, ...leading.filter((r) => !seen.has(r.pos))];
}

function firstAtOrAfter(sorted: number[], pos: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}
