// ES module syntax in a "type": "commonjs" package: loaded as CommonJS (as tsc would emit it).
export interface Scaled {
  value: number;
}

/** @observed math */
export function scale(value: number, factor: number): number {
  const scaled: Scaled = { value: value * factor };
  return scaled.value;
}

/** @observed */
export function fail(message: string): never {
  throw new RangeError(message);
}
