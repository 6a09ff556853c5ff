/**
 * Lifecycle: the wiki's MyCustomObserver template, showing when each hook runs — configure and validate at
 * the first `observe()`, update per call, reset on demand, close when the last subscription ends.
 */
import { observe, ObserverValidationError } from "ts-observed";
import { logger, type RunOptions } from "../support.js";
import { MyCustomObserver } from "./my-custom-observer.js";

export const title = "Lifecycle: configure → validate → update → reset → close (the wiki's MyCustomObserver)";

/** @observed jobs */
export function runJob(name: string): string {
  if (name === "") throw new TypeError("a job needs a name");
  return `ran ${name}`;
}

/** @observed reports */
export function buildReport(month: string): string {
  return `report ${month}`;
}

export interface LifecycleReport {
  lifecycle: string[];
  processed: string[];
  /** The message `observe()` threw for an observer whose `validate()` refused. */
  validationError: string | undefined;
}

export async function run(options: RunOptions = {}): Promise<LifecycleReport> {
  const log = logger(options);
  const observer = new MyCustomObserver("nightly");

  const jobs = observe("jobs", observer); // configure + validate run here, once
  const reports = observe("reports", observer); // the same observer again: no second configure
  runJob("backup");
  buildReport("2026-01");
  observer.reset();
  try {
    runJob("");
  } catch {
    // The caller's error; the observer saw the failure.
  }
  jobs.unsubscribe(); // still subscribed to "reports": not closed
  buildReport("2026-02");
  reports.unsubscribe(); // its last subscription: close runs

  let validationError: string | undefined;
  try {
    observe("jobs", new MyCustomObserver("  "));
  } catch (error) {
    if (!(error instanceof ObserverValidationError)) throw error;
    validationError = error.message;
  }

  log(`hooks: ${observer.lifecycle.join(" → ")}`);
  log(`processed after reset: ${observer.processed.join("; ")}`);
  log(`refused: ${validationError}`);
  return { lifecycle: observer.lifecycle, processed: observer.processed, validationError };
}
