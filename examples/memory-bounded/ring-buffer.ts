/**
 * A fixed-capacity buffer that overwrites its oldest item: the TypeScript `deque(maxlen=…)`. Memory is
 * allocated once; pushing never grows or shifts an array.
 */
export class RingBuffer<T> implements Iterable<T> {
  readonly #items: Array<T | undefined>;
  #next = 0;
  #size = 0;
  #dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number ≥ 1, got ${capacity}`);
    this.#items = new Array<T | undefined>(capacity).fill(undefined);
  }

  /** Adds an item, overwriting the oldest when full. */
  push(item: T): void {
    if (this.#size === this.capacity) this.#dropped++;
    else this.#size++;
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
  }

  get size(): number {
    return this.#size;
  }

  /** Items overwritten so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Oldest first. */
  *[Symbol.iterator](): Iterator<T> {
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    for (let i = 0; i < this.#size; i++) yield this.#items[(start + i) % this.capacity] as T;
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#next = this.#size = this.#dropped = 0;
  }
}
