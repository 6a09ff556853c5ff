/**
 * Parses the ts-observed tags out of one comment's text. Tags are read from the raw text of doc comments
 * (`/** … *\/`, not from JSDoc nodes): tsc has not parsed JSDoc by default since TS 5.3, and the bundler
 * path has no checker at all. Line and plain block comments are not read: a file header such as
 * `// @capture and @redact: …` must not turn into tags of the first statement. A tag is `@name` at the start of a comment line (after `/**`, `*` or `//`) or after
 * white space following another tag on the same line, so `see @observed` in prose is not a tag.
 */

/** One tag occurrence: its arguments and where its `@` is in the file. */
export interface TagOccurrence {
  /** Offset of the `@` in the file text. */
  pos: number;
  /** Length of `@name`. */
  length: number;
  /** Words after the tag, split on white space and commas. */
  args: string[];
}

/** The ts-observed tags of one comment. */
export interface CommentTags {
  /** Offset of the comment in the file. */
  commentPos: number;
  observed: TagOccurrence | undefined;
  capture: TagOccurrence[];
  redact: TagOccurrence[];
}

/** Tag names besides the configurable `observed`. */
export const CAPTURE_TAG = "capture";
export const REDACT_TAG = "redact";

const TAG_AT_LINE_START = /(^|\s)@([A-Za-z_$][\w$-]*)/g;
/** What precedes a comment line's content: white space, the comment's opener (`/**`, `/*`, `//`) and a leading `*`. */
const COMMENT_LINE_PREFIX = /^\s*(?:\/\*\*?|\/\/+)?\s*(?:\*(?!\/)\s*)?/;

/**
 * Whether the `@` at `pos` is where {@link parseCommentTags} reads a tag: first in its comment line's content,
 * or after white space on a line whose content starts with a tag (`@observed @capture x`); not `see @x` in prose.
 */
export function isTagPosition(text: string, pos: number): boolean {
  const lineStart = text.lastIndexOf("\n", pos - 1) + 1;
  const line = text.slice(lineStart, pos);
  const before = line.slice(COMMENT_LINE_PREFIX.exec(line)?.[0].length ?? 0);
  return before === "" || (before.startsWith("@") && /\s$/.test(before));
}

/** Whether the comment at `pos` is a doc comment (`/**`), the only kind tags are read from. */
export function isDocComment(text: string, pos: number): boolean {
  return text.startsWith("/**", pos) && !text.startsWith("/**/", pos);
}

/**
 * Parses the tags of the comment `text.slice(pos, end)`; undefined when it holds none of ours.
 * Callers pass doc comments only (see {@link isDocComment}); other comments are parsed just to tell
 * the user that a tag there is not read.
 * @param observedTag - the configured tag name (default `observed`).
 */
export function parseCommentTags(text: string, pos: number, end: number, observedTag: string): CommentTags | undefined {
  const raw = text.slice(pos, end);
  if (raw.indexOf("@") === -1) return undefined;
  const result: CommentTags = { commentPos: pos, observed: undefined, capture: [], redact: [] };
  let found = false;
  let lineStart = 0;
  while (lineStart <= raw.length) {
    let lineEnd = raw.indexOf("\n", lineStart);
    if (lineEnd === -1) lineEnd = raw.length;
    const line = raw.slice(lineStart, lineEnd);
    const prefix = COMMENT_LINE_PREFIX.exec(line);
    const contentStart = prefix === null ? 0 : prefix[0].length;
    let content = line.slice(contentStart);
    const close = content.lastIndexOf("*/");
    if (close !== -1 && lineEnd === raw.length) content = content.slice(0, close);
    // `@` must start the line's content or follow white space after a previous tag.
    if (content.startsWith("@")) {
      const hits: { name: string; at: number }[] = [];
      TAG_AT_LINE_START.lastIndex = 0;
      for (let m = TAG_AT_LINE_START.exec(content); m !== null; m = TAG_AT_LINE_START.exec(content)) {
        const name = m[2] ?? "";
        hits.push({ name, at: m.index + (m[1] ?? "").length });
      }
      for (let i = 0; i < hits.length; i++) {
        const hit = hits[i]!;
        const next = hits[i + 1];
        const argText = content.slice(hit.at + 1 + hit.name.length, next === undefined ? content.length : next.at);
        const occurrence: TagOccurrence = {
          pos: pos + lineStart + contentStart + hit.at,
          length: hit.name.length + 1,
          args: argText.split(/[\s,]+/).filter((w) => w.length > 0),
        };
        if (hit.name === observedTag) {
          if (result.observed === undefined) result.observed = occurrence;
          else result.observed.args.push(...occurrence.args);
          found = true;
        } else if (hit.name === CAPTURE_TAG) {
          result.capture.push(occurrence);
          found = true;
        } else if (hit.name === REDACT_TAG) {
          result.redact.push(occurrence);
          found = true;
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  return found ? result : undefined;
}

/** Whether `text` mentions `@tag` at all: the cheap test that lets untagged files skip the analysis. */
export function mentionsTag(text: string, observedTag: string): boolean {
  const needle = "@" + observedTag;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
    const after = text.charCodeAt(i + needle.length);
    if (!isIdentifierPart(after)) return true;
  }
  return false;
}

/** Offsets of every `@tag` mention in the text (used to find tags that attach to nothing). */
export function tagMentions(text: string, observedTag: string): number[] {
  const needle = "@" + observedTag;
  const out: number[] = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
    if (!isIdentifierPart(text.charCodeAt(i + needle.length))) out.push(i);
  }
  return out;
}

function isIdentifierPart(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ||
    code === 95 || code === 36 || code === 45 || code > 127
  );
}
