/**
 * Memory-bounded: 5,000 calls through an observer that keeps only the last 100, plus a counter per
 * function.
 */
import { observe, shutdown } from "ts-observed";
import { logger, type RunOptions } from "../support.js";
import { MemoryEfficientObserver } from "./memory-efficient-observer.js";

export const title = "Memory-bounded: a ring buffer of the last N calls";

/** @observed hot */
export function tokenize(line: string): string[] {
  return line.split(/\s+/).filter(Boolean);
}

/** @observed hot */
export function checksum(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum = (sum * 31 + text.charCodeAt(i)) | 0;
  if (text.length === 0) throw new RangeError("empty text");
  return sum;
}

export interface MemoryBoundedReport {
  capacity: number;
  held: number;
  dropped: number;
  counters: Record<string, number>;
  /** Call numbers (1-based, in call order) of the oldest and newest summaries held. */
  oldestHeld: number;
  newestHeld: number;
  failuresHeld: number;
}

export async function run(options: RunOptions = {}): Promise<MemoryBoundedReport> {
  const log = logger(options);
  const observer = new MemoryEfficientObserver(100);
  observe("hot", observer);

  const CALLS = 5_000;
  let firstCallId: number | undefined;
  for (let i = 0; i < CALLS; i++) {
    if (i % 2 === 0) tokenize(`line ${i} of the input`);
    else {
      try {
        checksum(i % 50 === 1 ? "" : `line ${i}`);
      } catch {
        // Counted as a failed call.
      }
    }
    if (i === 0) firstCallId = [...observer.data][0]?.callId;
  }

  const held = [...observer.data];
  // callIds are process-wide; make them call numbers of this run.
  const number = (callId: number): number => callId - (firstCallId ?? 0) + 1;
  const report: MemoryBoundedReport = {
    capacity: observer.data.capacity,
    held: observer.data.size,
    dropped: observer.data.dropped,
    counters: Object.fromEntries(observer.counters),
    oldestHeld: number(held[0]!.callId),
    newestHeld: number(held.at(-1)!.callId),
    failuresHeld: held.filter((summary) => !summary.success).length,
  };
  log(`${CALLS} calls observed; holding ${report.held}/${report.capacity} (calls ${report.oldestHeld}…${report.newestHeld}), ${report.dropped} dropped; counters ${JSON.stringify(report.counters)}`);
  await shutdown();
  return report;
}
