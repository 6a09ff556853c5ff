// Outside `include`: its types are stripped so that it can run, but its tag is not acted on.

/** @observed */
export function untouched(n: number): number {
  return n * 2;
}
