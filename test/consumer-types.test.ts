// The published declarations type-check in a consumer project that has neither @types/node nor a lib with
// `Disposable` (a browser app, a strict library): `Subscription` is `Disposable`, so observe.d.ts pulls in
// TypeScript's `esnext.disposable` lib itself (`/// <reference lib … preserve="true" />`).
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { OUT_DIR, ROOT } from "./harness/fixtures.js";
import { linkPackage } from "./harness/tsc-path.js";

const compilers = {
  "TypeScript 5.9": join(ROOT, "node_modules/typescript/bin/tsc"),
  "TypeScript 6": join(ROOT, "test/ts6/node_modules/typescript/bin/tsc"),
};

describe("ts-observed's declarations in a project without @types/node", () => {
  for (const [label, tsc] of Object.entries(compilers)) {
    it(`${label}: lib ES2022 only, no global types; observe(), using, the observers, testing and runtime type-check`, async () => {
      linkPackage(); // test/.out/node_modules/ts-observed → the repository (its dist/ is built by npm test)
      const dir = join(OUT_DIR, `consumer-types-${label.replace(/\W+/g, "")}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: { strict: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022"], types: [], noEmit: true },
          files: ["app.ts"],
        }),
      );
      writeFileSync(join(dir, "package.json"), `{ "type": "module" }\n`);
      writeFileSync(
        join(dir, "app.ts"),
        `import { observe, onCompletion } from "ts-observed";
import { MetricsObserver } from "ts-observed/observers";
import { createTestContext, FakeClock } from "ts-observed/testing";
import type { Site } from "ts-observed/runtime";
export const clock: FakeClock = new FakeClock();
export const context = createTestContext({ args: [1, 2], value: 3 });
export type AnySite = Site;
export function add(a: number, b: number): number {
  return a + b;
}
export function run(): number {
  using _sub = observe(add, onCompletion((ctx) => void ctx.result));
  const metrics = new MetricsObserver();
  const subscription = observe("*", metrics);
  subscription[Symbol.dispose]();
  return add(1, 2);
}
`,
      );
      const result = await promisify(execFile)(process.execPath, [tsc, "-p", dir]).then(
        () => "",
        (error: { stdout: string }) => error.stdout,
      );
      expect(result).toBe("");
    });
  }
});
