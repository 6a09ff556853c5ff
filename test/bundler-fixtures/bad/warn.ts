/** @capture x */
export function orphan(x: number): number {
  return x;
}

/** @observed */
export function fine(x: number): number {
  return x;
}
