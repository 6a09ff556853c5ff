export const limit = 3;

/** @observed @capture missing */
export function compute(n: number): number {
  const result = n * limit;
  return result;
}
