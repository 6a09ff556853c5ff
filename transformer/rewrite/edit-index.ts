import type { FilePlan } from "../plan.js";

/**
 * Where the rewrite edits text, as sorted start offsets of every rewritten function and wrapped await.
 * Lets an emitter ask "does this range hold any edit?" in O(log n), so that an unedited expression can be
 * copied from the original text instead of from the edited output.
 */
export class EditIndex {
  private readonly starts: Int32Array;

  /** Indexes the functions and awaits of `plan`. */
  constructor(plan: FilePlan) {
    const starts: number[] = [];
    for (const fn of plan.functions) {
      starts.push(fn.node.getStart());
      for (const node of fn.awaits) starts.push(node.getStart());
    }
    this.starts = Int32Array.from(starts).sort();
  }

  /** Whether an edited node starts inside `[start, end)`. */
  editedWithin(start: number, end: number): boolean {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < starts.length && starts[lo]! < end;
  }
}
