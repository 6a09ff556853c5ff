/**
 * diagnostics_channel: the built-in `DiagnosticsChannelObserver` (from `ts-observed/diagnostics-channel`)
 * publishes observed calls on a `node:diagnostics_channel` tracing channel. The subscriber here is plain
 * Node API — `tracingChannel("shop.orders").subscribe({ start, end, asyncStart, asyncEnd, error })` — the way
 * an APM agent would listen, with no ts-observed import. It keeps a span per call (by the message object,
 * which is the same for every event of a call) and prints each event as it arrives.
 */
import { tracingChannel, type TracingChannelSubscribers } from "node:diagnostics_channel";
import { observe, shutdown } from "ts-observed";
import { DiagnosticsChannelObserver, type ObservedCallMessage } from "ts-observed/diagnostics-channel";
import { logger, simulateWork, withFakeClock, type RunOptions } from "../support.js";

export const title = "diagnostics_channel: calls published on a tracing channel, read by a plain Node subscriber";

export class OutOfStockError extends Error {
  override name = "OutOfStockError";
}

export interface OrderLine {
  sku: string;
  quantity: number;
}

/** @observed orders */
export function parseOrder(text: string): OrderLine[] {
  return text.split(",").map((part) => {
    const [sku = "", quantity = "1"] = part.trim().split("x");
    return { sku: sku.trim(), quantity: Number(quantity) };
  });
}

/** @observed orders */
export async function reserve(line: OrderLine): Promise<string> {
  await simulateWork(5);
  if (line.quantity > 3) throw new OutOfStockError(`only 3 ${line.sku} left`);
  return `res_${line.sku}_${line.quantity}`;
}

/**
 * @observed orders
 * @redact paymentToken
 */
export async function placeOrder(text: string, paymentToken: string): Promise<string[]> {
  const lines = parseOrder(text);
  const reservations: string[] = [];
  for (const line of lines) reservations.push(await reserve(line));
  return reservations;
}

/** One event the subscriber received. */
export interface ChannelEvent {
  event: "start" | "end" | "asyncStart" | "asyncEnd" | "error";
  function: string;
  /** Which call (1, 2, … in start order): the subscriber tells calls apart by their message object. */
  span: number;
  /** `start`: the arguments; `asyncStart`/`end` after settling: the result; `error`: the error's message. */
  detail?: unknown;
}

export interface DiagnosticsChannelReport {
  events: ChannelEvent[];
  /** Events published while nobody subscribed: none (the observer checks `hasSubscribers`). */
  eventsWithoutSubscribers: number;
  results: unknown[];
}

export async function run(options: RunOptions = {}): Promise<DiagnosticsChannelReport> {
  const log = logger(options);
  observe("orders", new DiagnosticsChannelObserver({ channel: "shop.orders" }));

  // From here on, nothing but Node's API: what a tracing tool that knows the channel name does.
  const channel = tracingChannel<unknown, ObservedCallMessage>("shop.orders");
  const events: ChannelEvent[] = [];
  const spans = new WeakMap<ObservedCallMessage, number>();
  let started = 0;
  const record = (event: ChannelEvent["event"], message: ObservedCallMessage, detail?: unknown): void => {
    const entry: ChannelEvent = { event, function: message.function, span: spans.get(message) ?? 0, ...(detail === undefined ? {} : { detail }) };
    events.push(entry);
    log(`  ${event.padEnd(10)} #${entry.span} ${entry.function}${detail === undefined ? "" : ` ${JSON.stringify(detail)}`}`);
  };
  const subscribers: TracingChannelSubscribers<ObservedCallMessage> = {
    start: (message) => {
      spans.set(message, ++started);
      record("start", message, message.arguments);
    },
    end: (message) => record("end", message, message.result),
    asyncStart: (message) => record("asyncStart", message, message.result),
    asyncEnd: (message) => record("asyncEnd", message),
    error: (message) => record("error", message, message.error instanceof Error ? message.error.message : String(message.error)),
  };

  const results: unknown[] = [];
  let eventsWithoutSubscribers = 0;
  await withFakeClock(async () => {
    // Nobody listens yet: the observer publishes nothing (and builds no message).
    results.push(parseOrder("lamp x1"));
    eventsWithoutSubscribers = events.length;
    channel.subscribe(subscribers);
    try {
      results.push(await placeOrder("lamp x1, bulb x2", "tok_4242"));
      results.push(await placeOrder("sofa x5", "tok_4000").catch((error: Error) => `${error.name}: ${error.message}`));
    } finally {
      channel.unsubscribe(subscribers);
    }
  });
  await shutdown();
  return { events, eventsWithoutSubscribers, results };
}
