import { BaseObserver, ExecutionState, type ExecutionContext } from "ts-observed";
import { RingBuffer } from "./ring-buffer.js";

/** The essentials of one call: three fields, no arguments, no result, no reference to the context. */
export interface CallSummary {
  callId: number;
  timestamp: number;
  function: string;
  success: boolean;
}

/**
 * The seed's MemoryEfficientObserver: the last `maxItems` calls in a ring buffer (a long-running process
 * never grows it) and a counter per function (one number per name).
 */
export class MemoryEfficientObserver extends BaseObserver {
  readonly data: RingBuffer<CallSummary>;
  readonly counters = new Map<string, number>();

  constructor(maxItems = 10_000) {
    // No timing: it keeps no durations, so the runtime need not read the clock for it.
    super({ priority: 50, name: "MemoryEfficient", states: [ExecutionState.COMPLETED], timing: false });
    this.data = new RingBuffer(maxItems);
  }

  update(context: ExecutionContext): void {
    const name = context.functionSignature.qualifiedName;
    this.data.push({ callId: context.callId, timestamp: context.timestamp, function: name, success: context.isSuccessful });
    this.counters.set(name, (this.counters.get(name) ?? 0) + 1);
  }

  reset(): void {
    this.data.clear();
    this.counters.clear();
  }
}
