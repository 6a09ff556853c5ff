// Observed arrows whose `this` is the module's top-level `this` (undefined in an ES module): their entry
// call passes `void 0`, so Rollup has no `this` of ours to rewrite and warn about. The last line's `this`
// is the user's own: Rollup warns there, with or without the plugin.

/** @observed */
export const double = (x: number): number => x * 2;

export const adder = (a: number) => /** @observed */ (b: number): number => a + b;

export class Box {
  n = 2;
  /** @observed */
  read = (): number => this.n;
}

export const self = (): unknown => this;
