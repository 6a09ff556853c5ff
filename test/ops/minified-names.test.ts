import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build } from "esbuild";
import { expect, it } from "vitest";
import { MetricsObserver } from "../../runtime/observers/index.js";

// Found in trial 8 (SRE evaluation): a service bundled with ts-observed inside it and minified without
// `keepNames` (a usual Lambda build) reported its built-in observers as "w", "T", "y", … in failure warnings
// and in BatchObserver's messages: their default name was `new.target.name`, which the minifier renames.

const root = join(import.meta.dirname, "../..");
const out = join(root, "test/.out/ops", `p${process.pid}`);
const BUILT_INS = [
  "MetricsObserver",
  "TimingObserver",
  "LoggingObserver",
  "CacheObserver",
  "RateLimitObserver",
  "FallbackObserver",
  "PerformanceProfileObserver",
  "BatchObserver",
  "DiagnosticsChannelObserver",
  "WebhookObserver",
  "OpenTelemetryObserver",
  "PrometheusObserver",
  "SqliteAuditObserver",
];

it("built-in observers keep their names in a bundle minified without keepNames", async () => {
  mkdirSync(out, { recursive: true });
  const entry = join(out, "entry.ts");
  const runtime = (path: string): string => JSON.stringify(join(root, "runtime", path));
  writeFileSync(
    entry,
    `import { MetricsObserver, TimingObserver, LoggingObserver, CacheObserver, RateLimitObserver, FallbackObserver, PerformanceProfileObserver, BatchObserver } from ${runtime("observers/index.ts")};
import { DiagnosticsChannelObserver } from ${runtime("observers/diagnostics-channel.ts")};
import { WebhookObserver } from ${runtime("observers/webhook.ts")};
import { OpenTelemetryObserver } from ${runtime("observers/otel.ts")};
import { PrometheusObserver } from ${runtime("observers/prometheus.ts")};
import { SqliteAuditObserver } from ${runtime("observers/sqlite.ts")};
import { Registry } from "prom-client";
class Mine extends MetricsObserver {}
export const names = [
  new MetricsObserver(), new TimingObserver(), new LoggingObserver(), new CacheObserver(), new RateLimitObserver({ limit: 1, windowMs: 1 }),
  new FallbackObserver({ value: 0 }), new PerformanceProfileObserver(), new BatchObserver({ extract: () => 1, flush: () => {} }),
  new DiagnosticsChannelObserver(), new WebhookObserver({ url: "http://127.0.0.1:9/" }), new OpenTelemetryObserver({ meter: null }),
  new PrometheusObserver({ registry: new Registry() }), new SqliteAuditObserver({ database: ":memory:" }),
].map((observer) => observer.name);
export const named = new MetricsObserver({ name: "given" }).name;
export const subclass = new Mine().name;
export const subclassClassName = Mine.name;
`,
  );
  const outfile = join(out, "names.cjs");
  await build({ entryPoints: [entry], outfile, bundle: true, platform: "node", format: "cjs", target: "node20", minify: true, keepNames: false, packages: "external", logLevel: "silent" });
  const bundled = createRequire(import.meta.url)(outfile) as { names: string[]; named: string; subclass: string; subclassClassName: string };
  expect(bundled.names).toEqual(BUILT_INS);
  expect(bundled.named).toBe("given");
  // A subclass keeps the default of any observer class: its own class name, minified here like the class.
  expect(bundled.subclass).toBe(bundled.subclassClassName);
  expect(bundled.subclass).not.toBe("MetricsObserver");
});

it("a subclass of a built-in observer is named after itself, as before", () => {
  class RequestMetrics extends MetricsObserver {}
  expect(new RequestMetrics().name).toBe("RequestMetrics");
  expect(new MetricsObserver().name).toBe("MetricsObserver");
});
