/**
 * Robust observers: an observer that handles its own errors, next to one that does not. The runtime
 * isolates the second: the caller never sees its throw, each failure is reported and dispatched as
 * ERROR, and after 3 consecutive failures its circuit breaker disables it until `enable()`.
 */
import { BaseObserver, configureRuntime, ExecutionState, observe, observer, shutdown, type ExecutionContext, type ObserverFailure } from "ts-observed";
import { logger, messageOf, type RunOptions } from "../support.js";
import { RobustObserver } from "./robust-observer.js";

export const title = "Robust: errors handled inside an observer; the runtime's isolation and circuit breaker";

/** @observed webhooks */
export function receiveWebhook(source: string, payload: string): { accepted: boolean; bytes: number } {
  return { accepted: true, bytes: payload.length };
}

/** Counts the event types of the JSON payloads; bad JSON is handled, not thrown. */
class PayloadStatsObserver extends RobustObserver {
  readonly eventTypes = new Map<string, number>();

  protected safeProcessing(context: ExecutionContext): void {
    const parsed: unknown = JSON.parse(String(context.arguments.payload));
    const type = typeof parsed === "object" && parsed !== null && "type" in parsed ? String(parsed.type) : "unknown";
    this.eventTypes.set(type, (this.eventTypes.get(type) ?? 0) + 1);
  }
}

/** The same logic without a try/catch: it throws on bad JSON. */
class FragileObserver extends BaseObserver {
  parsed = 0;

  constructor() {
    super({ name: "Fragile", states: [ExecutionState.POST_SUCCESS], maxFailures: 3 });
  }

  update(context: ExecutionContext): void {
    JSON.parse(String(context.arguments.payload));
    this.parsed++;
  }
}

export interface RobustReport {
  /** Calls that returned normally to their caller (all of them). */
  callsReturned: number;
  eventTypes: Record<string, number>;
  handledErrors: number;
  /** What the runtime reported about the fragile observer, in order. */
  isolatedFailures: Array<Pick<ObserverFailure, "observer" | "state" | "consecutiveFailures" | "disabled">>;
  /** How many times an ERROR-state observer was told. */
  errorStateDispatches: number;
  /** Whether the breaker had the fragile observer disabled before `enable()`. */
  disabledAfterFailures: boolean;
  /** Payloads the fragile observer parsed: before its breaker tripped and after `enable()`. */
  fragileParsed: number;
}

export async function run(options: RunOptions = {}): Promise<RobustReport> {
  const log = logger(options);
  const isolatedFailures: RobustReport["isolatedFailures"] = [];
  // Where the runtime reports observer failures (the default is console.warn); an app routes it to its logger.
  configureRuntime({
    onObserverError: (failure) => {
      isolatedFailures.push({ observer: failure.observer, state: failure.state, consecutiveFailures: failure.consecutiveFailures, disabled: failure.disabled });
      log(`  runtime isolated: ${failure.observer} failed in ${failure.state} of ${failure.function} (${messageOf(failure.error)})${failure.disabled ? " → disabled" : ""}`);
    },
  });
  try {
    const stats = new PayloadStatsObserver({ name: "PayloadStats", states: [ExecutionState.POST_SUCCESS], logError: (m) => log(`  handled: ${m}`) });
    const fragile = new FragileObserver();
    let errorStateDispatches = 0;
    const onObserverError = observer((ctx) => void errorStateDispatches++, { name: "ErrorWatcher", states: [ExecutionState.ERROR] });
    observe("webhooks", stats, fragile, onObserverError);

    let callsReturned = 0;
    // Three bad payloads in a row trip the fragile observer's breaker; the next call runs without it.
    const payloads = ['{"type":"push"}', "not json", "{broken", "<xml/>", '{"type":"issue"}'];
    for (const payload of payloads) {
      receiveWebhook("github", payload);
      callsReturned++;
    }
    const disabledAfterFailures = fragile.disabled;
    log(`  fragile observer disabled: ${disabledAfterFailures}; re-enabling`);
    fragile.enable();
    receiveWebhook("github", '{"type":"release"}');
    callsReturned++;

    const report: RobustReport = {
      callsReturned,
      eventTypes: Object.fromEntries(stats.eventTypes),
      handledErrors: stats.handledErrors.length,
      isolatedFailures,
      errorStateDispatches,
      disabledAfterFailures,
      fragileParsed: fragile.parsed,
    };
    log(`${callsReturned} calls returned normally; event types ${JSON.stringify(report.eventTypes)}; ${report.handledErrors} errors handled in the observer, ${isolatedFailures.length} isolated by the runtime`);
    await shutdown();
    return report;
  } finally {
    // configureRuntime() has no getter to restore the previous reporter: put back one that warns, as the default does.
    configureRuntime({ onObserverError: (failure) => console.warn(`[ts-observed] observer "${failure.observer}" failed in ${failure.state} of ${failure.function}: ${messageOf(failure.error)}`) });
  }
}
