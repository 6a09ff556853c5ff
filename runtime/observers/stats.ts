/**
 * Small descriptive statistics over numbers, for the performance profile. Percentiles interpolate
 * linearly between closest ranks (the "inclusive" method: numpy's default, Excel's PERCENTILE.INC),
 * so they are defined for any non-empty sample.
 */

/** Summary of a sample; every field is 0 for an empty one. */
export interface Summary {
  /** Number of values in the sample. */
  readonly count: number;
  /** Arithmetic mean of the values. */
  readonly mean: number;
  /** 50th percentile, interpolated between the two middle values of an even-sized sample. */
  readonly median: number;
  /** Smallest value. */
  readonly min: number;
  /** Largest value. */
  readonly max: number;
  /** Sample standard deviation (n − 1), 0 below two values. */
  readonly stdDev: number;
  /** 95th percentile (linear interpolation between closest ranks). */
  readonly p95: number;
  /** 99th percentile (linear interpolation between closest ranks). */
  readonly p99: number;
}

/** One histogram bar: values in `[from, to)` (the last bar includes `to`). */
export interface HistogramBin {
  /** Lower bound of the bar, inclusive, in the values' unit (milliseconds in a profile). */
  readonly from: number;
  /** Upper bound of the bar: exclusive, except for the last bar, whose `to` is the largest value. */
  readonly to: number;
  /** How many values fall in the bar. */
  readonly count: number;
}

/** Arithmetic mean; 0 for no values. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** The `q`-quantile (0 ≤ q ≤ 1) of values already sorted ascending; 0 for no values. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower]!;
  return low + (sorted[upper]! - low) * (position - lower);
}

/** Sample standard deviation (n − 1 denominator, as Python's `statistics.stdev`); 0 below two values. */
export function stdDev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const average = mean(values);
  let squares = 0;
  for (const value of values) squares += (value - average) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** Count, mean, median, min, max, standard deviation, p95 and p99 of a sample. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { count: 0, mean: 0, median: 0, min: 0, max: 0, stdDev: 0, p95: 0, p99: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    mean: mean(sorted),
    median: quantileSorted(sorted, 0.5),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    stdDev: stdDev(sorted),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
  };
}

/** `bins` equal-width bars from the smallest to the largest value; one bar when all values are equal. */
export function histogram(values: readonly number[], bins = 20): HistogramBin[] {
  if (values.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min === max) return [{ from: min, to: max, count: values.length }];
  const count = Math.max(1, Math.floor(bins));
  const width = (max - min) / count;
  const counts = new Array<number>(count).fill(0);
  for (const value of values) counts[Math.min(count - 1, Math.floor((value - min) / width))]!++;
  return counts.map((n, index) => ({ from: min + index * width, to: index === count - 1 ? max : min + (index + 1) * width, count: n }));
}
