/** `npm run demo`'s tour: every example runs, each under its heading, and the HTML report is written. */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLES_DIR, OUT_DIR, SCENARIOS } from "./build.js";

describe("tour.mjs", () => {
  it("runs every example under its heading and writes the HTML performance report", () => {
    const output = execFileSync(process.execPath, [join(EXAMPLES_DIR, "tour.mjs")], { cwd: join(EXAMPLES_DIR, ".."), encoding: "utf8" });
    SCENARIOS.forEach((scenario, index) => expect(output).toContain(`━━ ${index + 1}/${SCENARIOS.length} ${scenario} ━━`));
    expect(output).toContain(`✓ ${SCENARIOS.length} examples ran`);
    expect(output).toContain("HTML performance report: examples/.out/performance-report.html");
    const html = join(OUT_DIR, "performance-report.html");
    expect(existsSync(html)).toBe(true);
    expect(readFileSync(html, "utf8")).toContain("databaseQuery");
  });
});
