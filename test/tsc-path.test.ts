/**
 * The tsc path end to end: every fixture built with tspc (TS 5.9 + ts-patch 3, TS 6 + ts-patch 4), in
 * ESM and CommonJS, run and compared with the plain tsc build; plus contexts, source maps, .d.ts
 * identity and `enabled: false`.
 */
import { describe, expect, it } from "vitest";
import { buildPaths } from "./harness/paths.js";
import { defineFixtureSuite } from "./harness/fixture-suite.js";

const tscPaths = buildPaths.filter((p) => p.name.startsWith("tspc-"));

defineFixtureSuite(tscPaths);

describe("tsc paths registered", () => {
  it("covers TS 5 and TS 6 in both formats", () => {
    expect(tscPaths.map((p) => p.name).sort()).toEqual(["tspc-ts5-cjs", "tspc-ts5-esm", "tspc-ts6-cjs", "tspc-ts6-esm"]);
  });
});
