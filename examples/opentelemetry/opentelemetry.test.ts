import { afterEach, describe, expect, it } from "vitest";
import { shutdown } from "ts-observed";
import { loadExample } from "../build.js";
import type { OpenTelemetryReport } from "./main.js";

afterEach(async () => {
  await shutdown();
});

describe("opentelemetry example", () => {
  it("exports a span per call, nested calls as children (across awaits), failures with ERROR status", async () => {
    const example = await loadExample<OpenTelemetryReport>("opentelemetry");
    const { spans, durations } = await example.run({ log: () => {} });
    expect(spans).toHaveLength(8);
    const roots = spans.filter((s) => s.parent === undefined);
    expect(roots.map((s) => s.name)).toEqual(["checkout", "checkout"]);
    for (const root of roots) {
      const children = spans.filter((s) => s.parentSpanId === root.spanId).map((s) => s.name).sort();
      expect(children).toEqual(["chargePayment", "priceOf", "reserveStock"]);
    }
    const failed = spans.filter((s) => s.status === "ERROR").map((s) => s.name).sort();
    expect(failed).toEqual(["chargePayment", "checkout"]);
    expect(spans.find((s) => s.name === "chargePayment" && s.status === "ERROR")!.exceptionEvents).toBe(1);
    // @redact cardNumber: the card number never reached a span.
    const cardNumbers = spans.filter((s) => s.name === "checkout" || s.name === "chargePayment").map((s) => s.attributes["code.function.argument.cardNumber"]);
    expect(cardNumbers).toEqual(Array(4).fill("[REDACTED]"));
    expect(durations).toContainEqual({ function: "checkout", outcome: "success", count: 1 });
    expect(durations).toContainEqual({ function: "checkout", outcome: "failure", count: 1 });
    expect(durations).toContainEqual({ function: "priceOf", outcome: "success", count: 2 });
  });
});
