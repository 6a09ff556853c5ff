/**
 * Template method: two analytics observers share one base class that fixes the steps; one stores every
 * call as a row, the other keeps a line per slow call.
 */
import { observe, shutdown } from "ts-observed";
import { logger, simulateWork, withFakeClock, type RunOptions } from "../support.js";
import { DatabaseAnalyticsObserver, SlowCallAnalyticsObserver, type CallRow } from "./analytics-observer.js";

export const title = "Template method: an analytics base class, two subclasses";

export class ReportService {
  /** @observed reports */
  async render(pages: number): Promise<string> {
    await simulateWork(pages * 15);
    if (pages > 40) throw new RangeError(`too many pages: ${pages}`);
    return `report of ${pages} pages`;
  }

  /** @observed reports */
  async archive(id: string): Promise<void> {
    await simulateWork(5);
    void id;
  }
}

export interface TemplateMethodReport {
  rows: CallRow[];
  slowCalls: string[];
}

export async function run(options: RunOptions = {}): Promise<TemplateMethodReport> {
  const log = logger(options);
  return withFakeClock(async () => {
    // An in-memory table; the database example shows a real one.
    const rows: CallRow[] = [];
    const analytics = new DatabaseAnalyticsObserver({ insert: (row) => rows.push(row) });
    const slow = new SlowCallAnalyticsObserver(100);
    observe("ReportService.*", analytics, slow);

    const service = new ReportService();
    await service.render(2);
    await service.render(12);
    await service.archive("r-1");
    await service.render(50).catch(() => undefined);

    for (const row of rows) log(`  row: ${row.functionName.padEnd(20)} ${String(row.executionTimeMs).padStart(4)} ms  ${row.success ? "ok" : "failed"}`);
    for (const line of slow.lines) log(`  slow: ${line}`);
    await shutdown();
    return { rows, slowCalls: slow.lines };
  });
}
