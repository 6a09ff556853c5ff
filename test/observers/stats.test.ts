import { afterEach, describe, expect, it } from "vitest";
import { shutdown } from "../../runtime/index.js";
import { histogram, mean, quantileSorted, stdDev, summarize } from "../../runtime/observers/index.js";
import { RollingWindow } from "../../runtime/observers/rolling-window.js";

afterEach(async () => {
  await shutdown();
});

describe("mean() and stdDev()", () => {
  it("match Python's statistics.mean and statistics.stdev", () => {
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    expect(stdDev([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395, 12);
    expect(mean([])).toBe(0);
    expect(stdDev([3])).toBe(0);
  });
});

describe("quantileSorted()", () => {
  it("interpolates linearly between closest ranks (numpy's default)", () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantileSorted(sorted, 0.5)).toBe(5.5);
    expect(quantileSorted(sorted, 0.95)).toBeCloseTo(9.55, 12);
    expect(quantileSorted(sorted, 0)).toBe(1);
    expect(quantileSorted(sorted, 1)).toBe(10);
    expect(quantileSorted([42], 0.99)).toBe(42);
    expect(quantileSorted([], 0.5)).toBe(0);
  });
});

describe("summarize()", () => {
  it("summarizes unsorted input without changing it", () => {
    const values = [5, 1, 3];
    expect(summarize(values)).toEqual({ count: 3, mean: 3, median: 3, min: 1, max: 5, stdDev: 2, p95: 4.8, p99: expect.closeTo(4.96, 12) });
    expect(values).toEqual([5, 1, 3]);
    expect(summarize([])).toEqual({ count: 0, mean: 0, median: 0, min: 0, max: 0, stdDev: 0, p95: 0, p99: 0 });
  });
});

describe("histogram()", () => {
  it("equal-width bins from min to max, the max in the last bin", () => {
    expect(histogram([0, 1, 2, 3, 4, 10], 2)).toEqual([
      { from: 0, to: 5, count: 5 },
      { from: 5, to: 10, count: 1 },
    ]);
    expect(histogram([7, 7, 7], 5)).toEqual([{ from: 7, to: 7, count: 3 }]);
    expect(histogram([], 5)).toEqual([]);
  });
});

describe("RollingWindow", () => {
  it("keeps the last `capacity` values in order", () => {
    const window = new RollingWindow(3);
    for (const value of [1, 2, 3, 4, 5]) window.push(value);
    expect(window.length).toBe(3);
    expect(window.values()).toEqual([3, 4, 5]);
    expect(window.values(2)).toEqual([4, 5]);
    expect(window.values(10)).toEqual([3, 4, 5]);
  });
});
