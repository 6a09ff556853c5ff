/**
 * Tags that are almost ours: `@Observed`, `@observd`, `@captures` in a doc comment are read by nothing,
 * so the function they were meant for would silently stay unobserved. Both emit paths report them as a
 * warning (TSO1010) from this one text scan: the bundler path runs it without parsing a file that holds no
 * exact tag, the tsc path on every file it analyzes, so the two report the same.
 *
 * What counts as a near miss: the same name in another case, or one edit away (a letter left out, added,
 * replaced, or two neighbours swapped), for names of five letters or more; not, for the tag, words that differ
 * from it only in their last letter (`@observe`, `@observer`, `@observes` for `observed`), which other tools and
 * prose use.
 */
import { DiagnosticCode } from "../errors.js";
import type { PlanDiagnostic } from "../plan.js";
import { lineColumnAt } from "../text-position.js";
import { CAPTURE_TAG, isTagPosition, REDACT_TAG } from "./tags.js";

/** One near-miss tag: where its `@` is, what was written and what was probably meant. */
export interface NearMissTag {
  /** Offset of the `@` in the text. */
  pos: number;
  /** Length of `@name`. */
  length: number;
  /** The name as written, without `@`. */
  written: string;
  /** The tag it resembles, without `@`. */
  meant: string;
}

const TAG_NAME = /@([A-Za-z_$][\w$-]*)/y;

/**
 * Cheap pre-check on the first three letters of the tag, in both cases of the first: a file holding none
 * of these needles holds no near miss of the tag (a typo in the first three letters is not looked for).
 */
export function nearMissNeedles(tag: string): string[] {
  const head = tag.slice(0, 3);
  const lower = "@" + head.toLowerCase();
  const upper = "@" + head.charAt(0).toUpperCase() + head.slice(1).toLowerCase();
  return lower === upper ? [lower] : [lower, upper];
}

/**
 * The near misses of `tag` (and, with `companions`, of `@capture` and `@redact`, which only mean something
 * in a file that holds the tag) in the doc comments of `text`, in text order.
 */
export function findNearMissTags(text: string, tag: string, companions: boolean): NearMissTag[] {
  const wanted = companions ? [tag, CAPTURE_TAG, REDACT_TAG] : [tag];
  const starts = new Set<number>();
  for (const name of wanted) {
    for (const needle of nearMissNeedles(name)) {
      for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) starts.add(i);
    }
  }
  const found: NearMissTag[] = [];
  for (const pos of [...starts].sort((a, b) => a - b)) {
    TAG_NAME.lastIndex = pos;
    const written = TAG_NAME.exec(text)?.[1];
    if (written === undefined || !isTagPosition(text, pos) || !inDocComment(text, pos)) continue;
    const meant = wanted.find((name) => isNearMiss(written, name, name !== tag));
    if (meant !== undefined) found.push({ pos, length: written.length + 1, written, meant });
  }
  return found;
}

/** {@link findNearMissTags} as located TSO1010 warnings. */
export function nearMissDiagnostics(text: string, tag: string, companions: boolean): PlanDiagnostic[] {
  return findNearMissTags(text, tag, companions).map((miss) => ({
    code: DiagnosticCode.NearMissTag,
    category: "warning",
    message: nearMissMessage(miss),
    start: miss.pos,
    length: miss.length,
    ...lineColumnAt(text, miss.pos),
  }));
}

/** The warning's text for one near miss. */
export function nearMissMessage(miss: NearMissTag): string {
  const what = miss.written.toLowerCase() === miss.meant.toLowerCase() ? "tags are case-sensitive" : `it looks like a misspelling of \`@${miss.meant}\``;
  return `\`@${miss.written}\` is not read by ts-observed (${what}), so it has no effect. Write \`@${miss.meant}\`, or leave it if the tag belongs to another tool.`;
}

/**
 * Whether `written` is a near miss of the tag `name` (see the file comment). For the observed tag, which is
 * looked for in every file, a name that differs from it only in its last letter (`observe`, `observer`,
 * `observes` for `observed`; `traces`, `tracer` for a `trace` tag) is another word, not a typo; `@capture` and
 * `@redact` are only looked for beside the tag, where `@captures` is a typo (`endings: true`).
 */
export function isNearMiss(written: string, name: string, endings = false): boolean {
  if (written === name) return false;
  const w = written.toLowerCase();
  const n = name.toLowerCase();
  if (w === n) return true;
  if (n.length < 5) return false;
  if (!endings && differsAtEndOnly(w, n)) return false;
  return withinOneEdit(w, n);
}

/** `a` and `b` differ only in a last letter: one has one more, or the last ones differ. */
function differsAtEndOnly(a: string, b: string): boolean {
  const shorter = a.length <= b.length ? a : b;
  const longer = shorter === a ? b : a;
  if (longer.length === shorter.length) return a.slice(0, -1) === b.slice(0, -1);
  return longer.length === shorter.length + 1 && longer.startsWith(shorter);
}

/** Whether `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Whether `pos` is inside a `/** … *\/` comment (by the text alone: the closest opener before it is not closed). */
export function inDocComment(text: string, pos: number): boolean {
  const open = text.lastIndexOf("/**", pos);
  if (open === -1 || text.startsWith("/**/", open)) return false;
  const close = text.indexOf("*/", open + 3);
  return close === -1 || close > pos;
}
