import { tracingChannel } from "node:diagnostics_channel";
import { afterEach, describe, expect, it } from "vitest";
import { ExecutionState, shutdown } from "ts-observed";
import { DiagnosticsChannelObserver, type ObservedCallMessage } from "ts-observed/diagnostics-channel";
import { createTestContext } from "ts-observed/testing";
import { loadExample } from "../build.js";
import type { ChannelEvent, DiagnosticsChannelReport } from "./main.js";

afterEach(async () => {
  await shutdown();
});

/** `[event, span, function]` of each event: the order is the contract. */
const sequence = (events: readonly ChannelEvent[]): string[] => events.map((e) => `${e.event} #${e.span} ${e.function}`);

describe("diagnostics-channel example", () => {
  it("a plain tracingChannel subscriber sees every call: sync start/end, async start/end/asyncStart/asyncEnd, errors", async () => {
    const example = await loadExample<DiagnosticsChannelReport>("diagnostics-channel");
    const report = await example.run({ log: () => {} });
    expect(report.eventsWithoutSubscribers).toBe(0);
    expect(report.results).toEqual([[{ sku: "lamp", quantity: 1 }], ["res_lamp_1", "res_bulb_2"], "OutOfStockError: only 3 sofa left"]);
    const async = (span: number, fn: string): string[] => ["end", "asyncStart", "asyncEnd"].map((e) => `${e} #${span} ${fn}`);
    expect(sequence(report.events)).toEqual([
      "start #1 placeOrder",
      "start #2 parseOrder", "end #2 parseOrder",
      "start #3 reserve", ...async(3, "reserve"),
      "start #4 reserve", ...async(4, "reserve"),
      ...async(1, "placeOrder"),
      "start #5 placeOrder",
      "start #6 parseOrder", "end #6 parseOrder",
      "start #7 reserve", "end #7 reserve", "error #7 reserve", "asyncStart #7 reserve", "asyncEnd #7 reserve",
      "end #5 placeOrder", "error #5 placeOrder", "asyncStart #5 placeOrder", "asyncEnd #5 placeOrder",
    ]);
    const details = (event: string, fn: string): unknown[] => report.events.filter((e) => e.event === event && e.function === fn).map((e) => e.detail);
    // @redact paymentToken: the token never reached the channel.
    expect(details("start", "placeOrder")).toEqual([
      { text: "lamp x1, bulb x2", paymentToken: "[REDACTED]" },
      { text: "sofa x5", paymentToken: "[REDACTED]" },
    ]);
    expect(details("asyncStart", "placeOrder")).toEqual([["res_lamp_1", "res_bulb_2"], undefined]);
    expect(details("error", "reserve")).toEqual(["only 3 sofa left"]);
  });

  it("the observer alone, with a test context (no transformer): a channel per group, the start message", () => {
    const observer = new DiagnosticsChannelObserver({ channel: (signature) => `example.${signature.groups[0] ?? "other"}` });
    const started: ObservedCallMessage[] = [];
    const onStart = (message: ObservedCallMessage): void => void started.push(message);
    const billing = tracingChannel<unknown, ObservedCallMessage>("example.billing");
    billing.start.subscribe(onStart as (message: unknown) => void);
    try {
      observer.update(createTestContext({ name: "charge", groups: ["billing"], params: ["cents"], args: [500], state: ExecutionState.PRE_EXECUTION }));
      observer.update(createTestContext({ name: "ship", groups: ["shipping"], args: [1], state: ExecutionState.PRE_EXECUTION }));
      expect(started).toHaveLength(1);
      expect(started[0]).toMatchObject({ function: "charge", arguments: { cents: 500 } });
    } finally {
      billing.start.unsubscribe(onStart as (message: unknown) => void);
    }
  });
});
