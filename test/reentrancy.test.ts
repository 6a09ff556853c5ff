// Observed code called by an observer dispatches to no observer (runtime/dispatch.ts), and the loader never
// rewrites ts-observed's own files (transformer/rewrite/scope.ts). Together they keep observe-all safe: an
// observer of "*" whose callback observe-all instruments would otherwise dispatch to itself without end.
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { configureRuntime, ExecutionState, observe, observer, shutdown, type ObserverFailure } from "../runtime/index.js";
import { registry } from "../runtime/registry.js";
import * as hand from "./hand/emitted.js";
import { linkPackage } from "./harness/tsc-path.js";
import { OUT_DIR } from "./harness/fixtures.js";

const { PRE_EXECUTION } = ExecutionState;

afterEach(async () => {
  await shutdown();
});

describe("observed calls made by an observer", () => {
  it("run unobserved, with their own results, and the observer sees only the outer call", () => {
    const events: string[] = [];
    const inner: number[] = [];
    const outerOf3 = hand.outer(3);
    using _sub = observe(
      "*",
      observer((ctx) => {
        events.push(`${ctx.state} ${ctx.functionSignature.qualifiedName}`);
        // An observer of "*" calling observed code: without the rule, each call dispatches to it again.
        if (ctx.state === PRE_EXECUTION) inner.push(hand.add(1, 2), hand.outer(3));
      }),
    );
    expect(hand.add(20, 22)).toBe(42);
    expect(events).toEqual(["PRE_EXECUTION add", "POST_SUCCESS add", "COMPLETED add"]);
    expect(inner).toEqual([3, outerOf3]);
    expect(registry.inObserver).toBe(0);
  });

  it("are observed again once the observer returned, or threw", () => {
    const failures: ObserverFailure[] = [];
    configureRuntime({ onObserverError: (failure) => failures.push(failure) });
    const seen: string[] = [];
    using _failing = observe("add", observer(() => {
      throw new Error("observer bug");
    }, { states: [PRE_EXECUTION], name: "failing" }));
    using _recorder = observe("divide", observer((ctx) => void seen.push(ctx.state), { states: [PRE_EXECUTION] }));
    expect(hand.add(1, 1)).toBe(2);
    expect(failures.map((f) => f.observer)).toEqual(["failing"]);
    expect(registry.inObserver).toBe(0);
    expect(hand.divide(6, 3)).toBe(2);
    expect(seen).toEqual([PRE_EXECUTION]);
  });

  it("are observed after an async observer's first await (only its synchronous part is excluded)", async () => {
    const seen: string[] = [];
    let resumed: Promise<void> | undefined;
    using _async = observe("add", observer((ctx) => {
      if (ctx.state !== PRE_EXECUTION) return undefined;
      resumed = (async () => {
        hand.divide(4, 2); // synchronous part of the observer: unobserved
        await null;
        hand.divide(9, 3); // after its first await: observed
      })();
      return resumed;
    }));
    using _recorder = observe("divide", observer((ctx) => void seen.push(`${ctx.state} ${ctx.arguments["a"]}`), { states: [PRE_EXECUTION] }));
    hand.add(1, 2);
    await resumed;
    expect(seen).toEqual(["PRE_EXECUTION 9"]);
  });
});

describe("observe-all through the Node loader, ts-observed linked from outside node_modules", () => {
  it("observes the app's own function once, not its observer callback, and never rewrites the runtime", async () => {
    // test/.out/node_modules/ts-observed links to the repository: the runtime's real path is not under a
    // node_modules folder, so the default exclude does not keep observe-all away from it.
    linkPackage();
    const dir = join(OUT_DIR, "observe-all-self");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "ts-patch.config.json"), `{ "observeAll": "all", "include": ["**/*"] }\n`);
    writeFileSync(
      join(dir, "app.ts"),
      `import { observe } from "ts-observed";
const seen: string[] = [];
observe("*", (ctx) => void seen.push(\`\${ctx.state} \${ctx.functionSignature.qualifiedName}\`));
function double(x: number): number {
  return x * 2;
}
console.log(JSON.stringify({ value: double(21), seen }));
`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "ts-observed/register", "app.ts"], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({ value: 42, seen: ["PRE_EXECUTION double", "POST_SUCCESS double", "COMPLETED double"] });
  });
});
