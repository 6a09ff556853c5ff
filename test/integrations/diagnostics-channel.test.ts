import { tracingChannel } from "node:diagnostics_channel";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configureRuntime, ExecutionState, observe, shutdown, type ObserverFailure } from "../../runtime/index.js";
import { DiagnosticsChannelObserver, type ObservedCallMessage } from "../../runtime/observers/diagnostics-channel.js";
import * as hand from "../hand/emitted.js";
import { connect, Gateway } from "./emitted.js";

type Event = "start" | "end" | "asyncStart" | "asyncEnd" | "error";

/** A real subscriber on `tracing:<name>:*`, recording `event:function` and the message objects. */
function subscriber(name: string) {
  const events: string[] = [];
  const messages: ObservedCallMessage[] = [];
  const record = (event: Event) => (message: ObservedCallMessage) => {
    events.push(`${event}:${message.function}`);
    if (!messages.includes(message)) messages.push(message);
  };
  const handlers = { start: record("start"), end: record("end"), asyncStart: record("asyncStart"), asyncEnd: record("asyncEnd"), error: record("error") };
  const channel = tracingChannel<unknown, ObservedCallMessage>(name);
  channel.subscribe(handlers);
  cleanups.push(() => channel.unsubscribe(handlers));
  return { events, messages };
}

let cleanups: (() => void)[] = [];
let failures: ObserverFailure[] = [];
beforeEach(() => {
  failures = [];
  configureRuntime({ onObserverError: (failure) => failures.push(failure) });
});
afterEach(async () => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
  await shutdown();
  expect(failures).toEqual([]);
});

describe("DiagnosticsChannelObserver", () => {
  it("declares every call state, no timing", () => {
    const bridge = new DiagnosticsChannelObserver();
    expect(bridge.states).toEqual([ExecutionState.PRE_EXECUTION, ExecutionState.POST_SUCCESS, ExecutionState.POST_FAILURE, ExecutionState.COMPLETED]);
    expect(bridge.timing).toBe(false);
  });

  it("publishes start → end for a sync success, with arguments, this and result on one message", () => {
    const { events, messages } = subscriber("ts-observed");
    observe("*", new DiagnosticsChannelObserver());
    expect(hand.add(2, 3)).toBe(5);
    expect(events).toEqual(["start:add", "end:add"]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ function: "add", arguments: { a: 2, b: 3 }, result: 5 });
    expect(messages[0]!.signature.file).toBe("test/hand/emitted.ts");
    expect(messages[0]!.callId).toBeGreaterThan(0);
  });

  it("publishes start → error → end for a sync throw, and the caller still gets the error", () => {
    const { events, messages } = subscriber("ts-observed");
    observe(connect, new DiagnosticsChannelObserver());
    expect(() => connect("", "k", { retries: 0 })).toThrow("host is empty");
    expect(events).toEqual(["start:connect", "error:connect", "end:connect"]);
    expect(messages[0]!.error).toBeInstanceOf(TypeError);
    expect(messages[0]!.result).toBeUndefined();
  });

  it("publishes start, then end → asyncStart → asyncEnd for async functions (error before asyncStart on rejection)", async () => {
    const { events, messages } = subscriber("ts-observed");
    observe("Gateway.charge", new DiagnosticsChannelObserver());
    const gateway = new Gateway();
    const pending = gateway.charge(4);
    expect(events).toEqual(["start:Gateway.charge"]);
    await pending;
    await expect(gateway.charge(-1)).rejects.toThrow("bad amount");
    expect(events).toEqual([
      "start:Gateway.charge", "end:Gateway.charge", "asyncStart:Gateway.charge", "asyncEnd:Gateway.charge",
      "start:Gateway.charge", "end:Gateway.charge", "error:Gateway.charge", "asyncStart:Gateway.charge", "asyncEnd:Gateway.charge",
    ]);
    expect(messages[0]!.result).toBe("receipt:4");
    expect(messages[0]!.self).toBe(gateway);
    expect((messages[1]!.error as Error).message).toBe("bad amount -1");
  });

  it("treats a plain function returning a promise as asynchronous", async () => {
    const { events, messages } = subscriber("ts-observed");
    observe("later", new DiagnosticsChannelObserver());
    await hand.later(2);
    expect(events).toEqual(["start:later", "end:later", "asyncStart:later", "asyncEnd:later"]);
    expect(messages[0]!.result).toBe(20);
  });

  it("builds and publishes nothing while the channel has no subscribers, even if one subscribes mid-call", async () => {
    observe("Gateway.charge", new DiagnosticsChannelObserver({ channel: "ts-observed:quiet" }));
    const pending = new Gateway().charge(1);
    const { events } = subscriber("ts-observed:quiet");
    await pending;
    expect(events).toEqual([]);
    await new Gateway().charge(2);
    expect(events).toEqual(["start:Gateway.charge", "end:Gateway.charge", "asyncStart:Gateway.charge", "asyncEnd:Gateway.charge"]);
  });

  it("can name one channel per function", () => {
    const adds = subscriber("app:add");
    const divides = subscriber("app:divide");
    const bridge = new DiagnosticsChannelObserver({ channel: (signature) => `app:${signature.qualifiedName}` });
    observe("*", bridge);
    hand.add(1, 1);
    hand.divide(4, 2);
    expect(adds.events).toEqual(["start:add", "end:add"]);
    expect(divides.events).toEqual(["start:divide", "end:divide"]);
    expect(bridge.channelFor(adds.messages[0]!.signature).hasSubscribers).toBe(true);
  });
});
