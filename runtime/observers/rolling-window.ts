/** The last `capacity` numbers pushed, in a fixed buffer: pushing never allocates or shifts. */
export class RollingWindow {
  readonly #buffer: Float64Array;
  #next = 0;
  #length = 0;

  constructor(readonly capacity: number) {
    this.#buffer = new Float64Array(capacity);
  }

  /** How many values it holds (at most `capacity`). */
  get length(): number {
    return this.#length;
  }

  /** Adds a value, dropping the oldest when full. */
  push(value: number): void {
    this.#buffer[this.#next] = value;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#length < this.capacity) this.#length++;
  }

  /** The most recent `count` values (all by default), oldest first. */
  values(count = this.#length): number[] {
    const n = Math.min(count, this.#length);
    const result = new Array<number>(n);
    const start = this.#next - n + this.capacity;
    for (let index = 0; index < n; index++) result[index] = this.#buffer[(start + index) % this.capacity]!;
    return result;
  }
}
