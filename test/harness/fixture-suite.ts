/**
 * The shared fixture suite: for each build path, build every fixture, run it in a child process and
 * compare with the plain build of the same format (same transcript, with and without observers), and
 * check the observer events against the fixture's `expectedEvents`.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { BuildPath } from "./build-path.js";
import { fixtureName, fixturePaths, OUT_DIR } from "./fixtures.js";
import { plainPaths } from "./paths.js";
import { runFixtures, type FixtureRun } from "./run.js";

/** Builds every fixture through `path` and runs them; results by fixture name. */
export async function buildAndRun(path: BuildPath): Promise<Record<string, FixtureRun>> {
  const fixtures = fixturePaths();
  const outDir = join(OUT_DIR, path.name);
  const built = await Promise.all(fixtures.map((f) => path.build(f, outDir)));
  const report = await runFixtures(path.format, built);
  const byName: Record<string, FixtureRun> = {};
  fixtures.forEach((f, i) => {
    byName[fixtureName(f)] = report[built[i]!]!;
  });
  return byName;
}

/** Registers the parity and event tests of `paths`; `onResults` sees each path's results (for extra checks). */
export function defineFixtureSuite(paths: BuildPath[], onResults?: (path: BuildPath, results: () => Record<string, FixtureRun>) => void): void {
  const plain: Partial<Record<"esm" | "cjs", Promise<Record<string, FixtureRun>>>> = {};
  const plainOf = (format: "esm" | "cjs"): Promise<Record<string, FixtureRun>> => (plain[format] ??= buildAndRun(plainPaths[format]));

  for (const path of paths) {
    describe(path.name, () => {
      let results: Record<string, FixtureRun> = {};
      let reference: Record<string, FixtureRun> = {};
      beforeAll(async () => {
        [results, reference] = await Promise.all([buildAndRun(path), plainOf(path.format)]);
      });
      for (const fixture of fixturePaths().map(fixtureName)) {
        it(`${fixture}: runs like the plain build, with and without observers`, () => {
          const run = results[fixture]!;
          expect(run.error).toBeUndefined();
          expect(reference[fixture]!.error).toBeUndefined();
          expect(run.unobserved).toEqual(reference[fixture]!.unobserved);
          expect(run.observed).toEqual(reference[fixture]!.unobserved);
          // The plain build has no sites: its observer sees nothing.
          expect(reference[fixture]!.events).toEqual([]);
        });
        it(`${fixture}: observers see the expected events`, () => {
          const run = results[fixture]!;
          expect(run.error).toBeUndefined();
          expect(run.expectedEvents).toBeDefined();
          expect(run.events).toEqual(run.expectedEvents);
        });
      }
      onResults?.(path, () => results);
    });
  }
}
