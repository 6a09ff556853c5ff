// No exact tag in this file: the bundler path warns about its near misses without parsing it.

/**
 * Totals a cart.
 * @Observed billing
 */
export function total(prices: number[]): number {
  return prices.reduce((a, b) => a + b, 0);
}

/** @observd */
export const double = (x: number): number => x * 2;

/** In prose, see @Observed: not a tag position, not reported. */
export const label = "total";

/** @observe and @observes are words of their own: not reported. */
export function quiet(): void {}
