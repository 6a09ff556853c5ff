export interface Point {
  x: number;
  y: number;
}

/** @observed geometry */
export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** @observed */
export async function later<T>(value: T): Promise<T> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return value;
}

/** @observed */
export function fail(message: string): never {
  throw new TypeError(message);
}
