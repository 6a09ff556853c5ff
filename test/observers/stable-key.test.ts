import { afterEach, describe, expect, it } from "vitest";
import { shutdown } from "../../runtime/index.js";
import { stableKey } from "../../runtime/observers/index.js";

afterEach(async () => {
  await shutdown();
});

describe("stableKey()", () => {
  it("ignores object key order", () => {
    expect(stableKey({ b: 1, a: { d: 2, c: 3 } })).toBe(stableKey({ a: { c: 3, d: 2 }, b: 1 }));
    expect(stableKey({ a: 1, b: [1, "x"] })).toBe('{"a":1,"b":[1,"x"]}');
  });

  it("keeps apart what JSON.stringify merges", () => {
    const distinct = [{}, { a: undefined }, { a: null }, [undefined], [null], 1, "1", 1n, NaN, null, Infinity, new Date(0), 0];
    const keys = distinct.map(stableKey);
    expect(new Set(keys).size).toBe(distinct.length);
  });

  it("spells out dates, maps and sets", () => {
    expect(stableKey(new Date(5))).toBe("#date(5)");
    expect(stableKey(new Map([["k", 1]]))).toBe('#map[["k",1]]');
    expect(stableKey(new Set([1, 2]))).toBe("#set[1,2]");
  });

  it("refuses what it cannot key faithfully", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    class Point {
      constructor(readonly x: number) {}
    }
    expect(stableKey(() => 1)).toBeUndefined();
    expect(stableKey({ f: Symbol("s") })).toBeUndefined();
    expect(stableKey(cyclic)).toBeUndefined();
    expect(stableKey(new Point(1))).toBeUndefined();
    expect(stableKey({ get boom() { throw new Error("getter"); } })).toBeUndefined();
  });

  it("a shared (non-cyclic) reference is fine", () => {
    const shared = { x: 1 };
    expect(stableKey([shared, shared])).toBe('[{"x":1},{"x":1}]');
    expect(stableKey(Object.create(null) as object)).toBe("{}");
  });
});
