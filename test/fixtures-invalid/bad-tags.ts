// Each tag below is wrong in its own way; the tests expect one located diagnostic per problem.

/** @observed */
export const notAFunction = 42;

/** @observed */
export class Tagged {}

/**
 * @observed
 * @capture missing
 * @redact nobody
 */
export function badNames(a: number): number {
  return a;
}

export class Derived extends Tagged {
  /** @observed */
  constructor(flag: boolean) {
    if (flag) super();
    else super();
  }
}

export abstract class Shape {
  /** @observed */
  abstract area(): number;
}

/** @capture x */
export function orphan(x: number): number {
  return x;
}

export function host(): void {
  return;
  /** @observed */
}

// Near misses of the tags (TSO1010 warnings): read by nothing, so the function stays unobserved.

/** @Observed */
export function capitalized(): number {
  return 1;
}

/**
 * @observed
 * @captures total
 */
export function companion(): number {
  const total = 3;
  return total;
}

/** @observer is another tool's tag: not reported. */
export function otherTool(): number {
  return 4;
}
