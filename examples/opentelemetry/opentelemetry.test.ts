import { afterEach, describe, expect, it } from "vitest";
import { shutdown } from "ts-observed";
import { loadExample } from "../build.js";
import type { OpenTelemetryReport } from "./main.js";

afterEach(async () => {
  await shutdown();
});

describe("opentelemetry example", () => {
  it("exports a span per call, nested calls and the HTTP client span as children (across awaits), failures with ERROR status", async () => {
    const example = await loadExample<OpenTelemetryReport>("opentelemetry");
    const { spans, durations } = await example.run({ log: () => {} });
    expect(spans).toHaveLength(9);
    const roots = spans.filter((s) => s.parent === undefined);
    expect(roots.map((s) => s.name)).toEqual(["checkout", "checkout"]);
    for (const root of roots) {
      const children = spans.filter((s) => s.parentSpanId === root.spanId).map((s) => s.name).sort();
      expect(children).toEqual(["chargePayment", "priceOf", "reserveStock"]);
    }
    // The client span started from the active context inside chargePayment's body (after its await) is its child.
    const request = spans.find((s) => s.name === "POST /v1/charges")!;
    expect(request.parent).toBe("chargePayment");
    expect(spans.find((s) => s.spanId === request.parentSpanId)!.status).toBe("UNSET");
    const failed = spans.filter((s) => s.status === "ERROR").map((s) => s.name).sort();
    expect(failed).toEqual(["chargePayment", "checkout"]);
    expect(spans.find((s) => s.name === "chargePayment" && s.status === "ERROR")!.exceptionEvents).toBe(1);
    // @redact cardNumber: the card number never reached a span.
    const cardNumbers = spans.filter((s) => s.name === "checkout" || s.name === "chargePayment").map((s) => s.attributes["code.function.argument.cardNumber"]);
    expect(cardNumbers).toEqual(Array(4).fill("[REDACTED]"));
    expect(Object.keys(request.attributes).some((key) => key.startsWith("code.function.argument."))).toBe(false);
    expect(durations).toContainEqual({ function: "checkout", outcome: "success", count: 1 });
    expect(durations).toContainEqual({ function: "checkout", outcome: "failure", count: 1 });
    expect(durations).toContainEqual({ function: "priceOf", outcome: "success", count: 2 });
  });
});
