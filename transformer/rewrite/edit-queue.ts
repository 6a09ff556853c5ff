import type MagicString from "magic-string";

const APPEND_LEFT = 0;
const PREPEND_RIGHT = 1;
const OVERWRITE = 2;

/**
 * Insertions recorded in the order that makes nesting right, applied in position order. MagicString
 * finds the chunk to split by walking from the last one it split, so edits made all over a large file
 * cost O(chunks) each; sorted by position they cost O(1). The sort is stable, so edits at one position
 * keep their relative order — the only order MagicString's result depends on.
 */
export class EditQueue {
  private readonly positions: number[] = [];
  private readonly kinds: number[] = [];
  private readonly ends: number[] = [];
  private readonly contents: string[] = [];

  /** Records `MagicString#appendLeft(index, content)`. */
  appendLeft(index: number, content: string): void {
    this.push(index, APPEND_LEFT, index, content);
  }

  /** Records `MagicString#prependRight(index, content)`. */
  prependRight(index: number, content: string): void {
    this.push(index, PREPEND_RIGHT, index, content);
  }

  /** Records `MagicString#overwrite(start, end, content, { contentOnly: true })`. */
  overwrite(start: number, end: number, content: string): void {
    this.push(start, OVERWRITE, end, content);
  }

  /** Applies every recorded edit to `ms`. */
  applyTo(ms: MagicString): void {
    const order = Array.from(this.positions.keys()).sort((a, b) => this.positions[a]! - this.positions[b]! || a - b);
    for (const i of order) {
      const position = this.positions[i]!;
      const content = this.contents[i]!;
      const kind = this.kinds[i];
      if (kind === APPEND_LEFT) ms.appendLeft(position, content);
      else if (kind === PREPEND_RIGHT) ms.prependRight(position, content);
      else ms.overwrite(position, this.ends[i]!, content, { contentOnly: true });
    }
  }

  private push(position: number, kind: number, end: number, content: string): void {
    this.positions.push(position);
    this.kinds.push(kind);
    this.ends.push(end);
    this.contents.push(content);
  }
}
