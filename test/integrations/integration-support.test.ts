import { describe, expect, it } from "vitest";
import { REDACTED } from "../../runtime/index.js";
import { errorMessage, outcomeOf, redactArguments, sensitivityOf, stringifyValue, toJsonSafe, truncate } from "../../runtime/observers/integration-support.js";

const isSensitive = sensitivityOf();

describe("sensitivityOf", () => {
  it("matches the default names as case-insensitive substrings", () => {
    expect(["password", "apiKey", "accessToken", "clientSecret", "Authorization", "x"].map(isSensitive)).toEqual([true, true, true, true, true, false]);
  });

  it("takes strings and regular expressions, and an empty list redacts nothing", () => {
    const custom = sensitivityOf(["ssn", /^card/i]);
    expect(["userSSN", "cardNumber", "discard", "password"].map(custom)).toEqual([true, true, false, false]);
    expect(sensitivityOf([])("password")).toBe(false);
  });
});

describe("toJsonSafe", () => {
  it("redacts sensitive keys at any depth and converts what JSON cannot hold", () => {
    const value = {
      user: { name: "ada", credentials: { password: "pw", token: "t" } },
      big: 10n,
      when: new Date(0),
      error: new RangeError("bad"),
      fn: function handler() {},
      nan: NaN,
      missing: undefined,
      set: new Set([1, 2]),
      map: new Map<string, unknown>([["apiKey", "k"], ["id", 1]]),
    };
    expect(toJsonSafe(value, { isSensitive })).toEqual({
      user: { name: "ada", credentials: { password: REDACTED, token: REDACTED } },
      big: "10n",
      when: "1970-01-01T00:00:00.000Z",
      error: { name: "RangeError", message: "bad" },
      fn: "[Function handler]",
      nan: "NaN",
      missing: null,
      set: [1, 2],
      map: { apiKey: REDACTED, id: 1 },
    });
  });

  it("marks cycles, bounds depth and breadth, and survives throwing getters", () => {
    const cycle: Record<string, unknown> = { name: "loop" };
    cycle.self = cycle;
    expect(toJsonSafe(cycle, { isSensitive })).toEqual({ name: "loop", self: "[Circular]" });
    const shared = { v: 1 };
    expect(toJsonSafe([shared, shared], { isSensitive })).toEqual([{ v: 1 }, { v: 1 }]);
    expect(toJsonSafe({ a: { b: { c: 1 } } }, { isSensitive, maxDepth: 2 })).toEqual({ a: { b: "[Object]" } });
    expect(toJsonSafe([1, 2, 3, 4], { isSensitive, maxEntries: 2 })).toEqual([1, 2, "… 2 more"]);
    const hostile = Object.defineProperty({}, "boom", { enumerable: true, get: () => { throw new Error("no"); } });
    expect(toJsonSafe(hostile, { isSensitive })).toEqual({ boom: "[Unreadable]" });
  });
});

describe("helpers", () => {
  it("redactArguments redacts top-level names and nested keys", () => {
    expect(redactArguments({ user: "ada", secretKey: "s", opts: { auth: "x", n: 1 } }, { isSensitive })).toEqual({
      user: "ada",
      secretKey: REDACTED,
      opts: { auth: REDACTED, n: 1 },
    });
  });

  it("stringifyValue and truncate bound text", () => {
    expect(stringifyValue("abcdef", { isSensitive }, 4)).toBe("abc…");
    expect(stringifyValue({ a: 1 }, { isSensitive }, 100)).toBe('{"a":1}');
    expect(stringifyValue(undefined, { isSensitive }, 100)).toBe("null");
    expect(truncate("abc", 3)).toBe("abc");
  });

  it("errorMessage and outcomeOf", () => {
    expect(errorMessage(new Error("x"))).toBe("x");
    expect(errorMessage("plain")).toBe("plain");
    expect(errorMessage({ code: 7 })).toBe('{"code":7}');
    expect(outcomeOf({ isFailed: false, recovered: false })).toBe("success");
    expect(outcomeOf({ isFailed: true, recovered: false })).toBe("failure");
    expect(outcomeOf({ isFailed: true, recovered: true })).toBe("recovered");
  });
});
