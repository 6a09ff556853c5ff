/**
 * Strategy: the same observer class twice, once with a JSON processor and once with a CSV one, on the
 * same calls.
 */
import { observe, shutdown } from "ts-observed";
import { logger, simulateWork, withFakeClock, type RunOptions } from "../support.js";
import { ConfigurableObserver } from "./configurable-observer.js";
import { CsvProcessor, JsonProcessor } from "./processors.js";

export const title = "Strategy: one observer, JSON and CSV processors";

/** @observed imports */
export async function importFile(path: string): Promise<number> {
  await simulateWork(path.length * 3);
  if (!path.endsWith(".csv")) throw new TypeError(`unsupported file: ${path}`);
  return path.length;
}

export interface StrategyReport {
  json: string[];
  csv: string[];
}

export async function run(options: RunOptions = {}): Promise<StrategyReport> {
  const log = logger(options);
  return withFakeClock(async () => {
    const jsonObserver = new ConfigurableObserver(new JsonProcessor());
    const csvObserver = new ConfigurableObserver(new CsvProcessor());
    observe(importFile, jsonObserver, csvObserver);

    await importFile("customers.csv");
    await importFile("orders, 2026.csv");
    await importFile("notes.txt").catch(() => undefined);

    log("JSON Lines:");
    for (const line of jsonObserver.processedData) log(`  ${line}`);
    log("CSV:");
    for (const line of csvObserver.processedData) log(`  ${line}`);
    await shutdown();
    return { json: jsonObserver.processedData, csv: csvObserver.processedData };
  });
}
