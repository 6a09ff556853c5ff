// `npm run demo`: builds every example through the transformer (the esbuild plugin) into examples/.out/,
// runs each one's run() in order with a heading, and writes the HTML performance report. Any example
// that throws makes the tour exit non-zero. Run `npm run build` first (the demo script does).
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const examplesDir = fileURLToPath(new URL(".", import.meta.url));
const outDir = join(examplesDir, ".out");
mkdirSync(outDir, { recursive: true });

// The build helper is TypeScript (the tests import it too): compile it first, then use it.
const helper = join(outDir, "build.mjs");
await build({ entryPoints: [join(examplesDir, "build.ts")], outfile: helper, bundle: true, platform: "node", format: "esm", packages: "external", logLevel: "warning" });
const { SCENARIOS, loadExample } = await import(pathToFileURL(helper).href);
const { shutdown } = await import("ts-observed");

console.log(`ts-observed tour: ${SCENARIOS.length} examples, each built through the transformer (esbuild plugin) into ${relative(process.cwd(), outDir) || outDir}/`);
const htmlReportPath = join(outDir, "performance-report.html");
const failed = [];
const started = performance.now();
for (const [index, scenario] of SCENARIOS.entries()) {
  let example;
  try {
    example = await loadExample(scenario);
  } catch (error) {
    failed.push(scenario);
    console.error(`\n✗ ${scenario}: build failed\n${error instanceof Error ? error.message : String(error)}`);
    continue;
  }
  console.log(`\n━━ ${index + 1}/${SCENARIOS.length} ${scenario} ━━ ${example.title}`);
  try {
    const options = scenario === "performance-profile" ? { htmlReportPath } : {};
    await example.run(options);
  } catch (error) {
    failed.push(scenario);
    console.error(`✗ ${scenario} threw:`, error);
    // Whatever it left subscribed must not observe the next examples.
    await shutdown();
  }
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (failed.length > 0) {
  console.error(`\n✗ ${failed.length} of ${SCENARIOS.length} examples failed: ${failed.join(", ")}`);
  process.exit(1);
}
console.log(`\n✓ ${SCENARIOS.length} examples ran in ${seconds} s`);
console.log(`HTML performance report: ${relative(process.cwd(), htmlReportPath) || htmlReportPath}`);
