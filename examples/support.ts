/**
 * Small helpers the examples share. None of this is part of ts-observed: it is what lets every example
 * run instantly and print the same way in the tour and stay silent in the tests.
 */
import { getClock, setClock } from "ts-observed";
import { FakeClock } from "ts-observed/testing";

/** Options every example's `run()` accepts. */
export interface RunOptions {
  /** Where the example prints its report; the tour passes `console.log`, the tests a no-op. */
  log?: (line: string) => void;
}

/** Resolves the logger of `run()`'s options. */
export function logger(options: RunOptions): (line: string) => void {
  return options.log ?? ((line) => console.log(line));
}

/**
 * Runs `body` with a fake clock installed as the runtime's clock (so `executionTime`, `timestamp` and
 * every observer that reads time through the context see exact, instant time), then restores the
 * previous clock. The examples use it where the seed waited a minute or slept.
 */
export async function withFakeClock<T>(body: (clock: FakeClock) => Promise<T>, start = 0, origin = Date.UTC(2026, 0, 15, 9, 0, 0)): Promise<T> {
  const clock = new FakeClock(start, origin);
  const restore = setClock(clock);
  try {
    return await body(clock);
  } finally {
    restore();
  }
}

/**
 * Simulated I/O of `ms` milliseconds: moves the fake clock when one is installed (the demo and the
 * tests), really waits otherwise (copy the example into an app and it behaves like a slow call).
 */
export async function simulateWork(ms: number): Promise<void> {
  const clock = getClock();
  if (clock instanceof FakeClock) {
    clock.advance(ms);
    return;
  }
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Simulated CPU work of `ms` milliseconds for synchronous functions: moves the fake clock, or spins. */
export function simulateCpuWork(ms: number): void {
  const clock = getClock();
  if (clock instanceof FakeClock) {
    clock.advance(ms);
    return;
  }
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Busy: a synchronous function cannot wait any other way.
  }
}
