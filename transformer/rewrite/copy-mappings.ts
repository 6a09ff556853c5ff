/**
 * Source-map segments for the copies of returned and awaited expressions. `return X` becomes
 * `return c === null ? X : c.ok(X)` (docs/EMIT.md): the first `X` is the original text and keeps its
 * segments, the second is inserted text, which magic-string maps to nothing (it inherits the segment before
 * it, the end of `X`). So a throw inside the copy — the code that runs while an observer is attached — showed
 * the position after `X`, often on another line. This gives the copy the segments of the original `X`,
 * shifted to where the copy is, and puts the mapping that was in effect back after it.
 */
import type { DecodedSourceMap } from "magic-string";

/**
 * One copy, as function.ts writes it: `before` is prepended at `from`, the source from `from` to `anchor` is
 * kept, and `inserted` (which holds the copy of `start..end` at `offset`) is appended at `anchor`.
 */
export interface CopiedText {
  /** The copied expression's range in the source. */
  start: number;
  end: number;
  /** Where `before` was prepended: the start of the expression, or of the `await` around it. */
  from: number;
  before: string;
  /** Where `inserted` was appended: the end of the expression, or of the `await`. */
  anchor: number;
  inserted: string;
  /** Where the copy starts in `inserted`. */
  offset: number;
}

type Segment = DecodedSourceMap["mappings"][number][number];

/**
 * Adds the segments of each copy to `mappings` (decoded, one array per generated line). Each copy is found
 * in `code` as its whole written form (`before`, the kept source, `inserted`), searched in source order
 * from the previous one's end (edits keep the order of the source); one not found — another edit wrote
 * text between those parts — is left as it was.
 */
export function mapCopies(code: string, source: string, mappings: DecodedSourceMap["mappings"], copies: readonly CopiedText[]): void {
  if (copies.length === 0) return;
  const lines = lineStarts(code);
  let cursor = 0;
  for (const copy of [...copies].sort((a, b) => a.from - b.from)) {
    const kept = source.slice(copy.from, copy.anchor);
    const found = code.indexOf(copy.before + kept + copy.inserted, cursor);
    if (found === -1) continue;
    cursor = found + copy.before.length;
    // The copied expression as written in place, and its copy.
    const original = cursor + (copy.start - copy.from);
    const at = cursor + kept.length + copy.offset;
    const length = copy.end - copy.start;
    const own = segmentsWithin(mappings, lines, original, original + length);
    const before = lastSegmentBefore(mappings, lines, at);
    const touched = new Set<number>();
    removeWithin(mappings, lines, at, at + length, touched);
    for (const [offset, segment] of own) add(mappings, lines, at + offset, segment, touched);
    if (before !== undefined && before.length >= 4 && !hasSegmentAt(mappings, lines, at + length)) add(mappings, lines, at + length, before, touched);
    for (const l of touched) mappings[l]!.sort((a, b) => a[0] - b[0]);
  }
}

/** Offsets where each line starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** 0-based line and column of an offset. */
function position(starts: readonly number[], offset: number): [number, number] {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return [lo, offset - starts[lo]!];
}

/** Segments whose generated offset is in `from..to`, with that offset minus `from`. */
function segmentsWithin(mappings: DecodedSourceMap["mappings"], lines: readonly number[], from: number, to: number): [number, Segment][] {
  const found: [number, Segment][] = [];
  for (let line = position(lines, from)[0]; line < mappings.length && lines[line]! < to; line++) {
    for (const s of mappings[line]!) {
      const offset = lines[line]! + s[0];
      if (offset >= from && offset < to && s.length >= 4) found.push([offset - from, s]);
    }
  }
  return found;
}

/** The segment in effect just before `offset` (the last one before it, on its line or an earlier one). */
function lastSegmentBefore(mappings: DecodedSourceMap["mappings"], lines: readonly number[], offset: number): Segment | undefined {
  for (let line = position(lines, offset)[0]; line >= 0; line--) {
    const segments = mappings[line] ?? [];
    for (let i = segments.length - 1; i >= 0; i--) if (lines[line]! + segments[i]![0] < offset) return segments[i];
  }
  return undefined;
}

function hasSegmentAt(mappings: DecodedSourceMap["mappings"], lines: readonly number[], offset: number): boolean {
  const [line, column] = position(lines, offset);
  return (mappings[line] ?? []).some((s) => s[0] === column);
}

function removeWithin(mappings: DecodedSourceMap["mappings"], lines: readonly number[], from: number, to: number, touched: Set<number>): void {
  for (let line = position(lines, from)[0]; line < mappings.length && lines[line]! < to; line++) {
    const kept = mappings[line]!.filter((s) => lines[line]! + s[0] < from || lines[line]! + s[0] >= to);
    if (kept.length !== mappings[line]!.length) {
      mappings[line] = kept;
      touched.add(line);
    }
  }
}

/** Adds `segment`'s mapping at the generated `offset`. */
function add(mappings: DecodedSourceMap["mappings"], lines: readonly number[], offset: number, segment: Segment, touched: Set<number>): void {
  const [line, column] = position(lines, offset);
  while (mappings.length <= line) mappings.push([]);
  mappings[line]!.push([column, ...segment.slice(1)] as Segment);
  touched.add(line);
}
