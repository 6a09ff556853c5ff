// A small app built by every bundler test: tagged functions of several shapes, one untagged file.
import { format } from "./plain.js";

export interface Item {
  name: string;
  price: number;
}

/** @observed billing @capture total */
export async function checkout(items: Item[], coupon?: string): Promise<string> {
  let total = 0;
  for (const item of items) total += item.price;
  if (coupon === "HALF") total = total / 2;
  if (total < 0) throw new RangeError("negative total");
  return format(total);
}

export class Cart {
  private readonly items: Item[] = [];

  /** @observed */
  add(item: Item): this {
    this.items.push(item);
    return this;
  }

  /** @observed @redact secret */
  static open(owner: string, secret: string): Cart {
    return new Cart();
  }

  /** @observed */
  get size(): number {
    return this.items.length;
  }
}

/** @observed math */
export const double = (n: number): number => n * 2;

/** @observed */
export function* countdown(from: number): Generator<number, string> {
  for (let i = from; i > 0; i--) yield i;
  return "liftoff";
}

/** @observed */
export function boom(message: string): never {
  throw new Error(message);
}
