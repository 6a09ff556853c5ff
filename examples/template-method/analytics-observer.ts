import { BaseObserver, ExecutionState, type ExecutionContext, type ObserverOptions } from "ts-observed";

/**
 * The seed's template for analytics observers: `update` fixes the steps (should process? → extract →
 * process → store); subclasses fill them in. `Data` is what `extractData` produces, `Stored` what
 * `storeData` receives.
 */
export abstract class AnalyticsObserver<Data, Stored = Data> extends BaseObserver {
  constructor(options: ObserverOptions = {}) {
    // COMPLETED by default, the state the default `shouldProcess` looks at; subclasses may widen it.
    super({ states: [ExecutionState.COMPLETED], ...options });
  }

  update(context: ExecutionContext): void {
    if (!this.shouldProcess(context)) return;
    const data = this.extractData(context);
    this.storeData(this.processData(data, context));
  }

  /** Whether this state of this call is processed; default: COMPLETED. */
  protected shouldProcess(context: ExecutionContext): boolean {
    return context.state === ExecutionState.COMPLETED;
  }

  /** What to keep of the call (copy it: the context belongs to the call). */
  protected abstract extractData(context: ExecutionContext): Data;

  /** Turns the extracted data into what is stored. */
  protected abstract processData(data: Data, context: ExecutionContext): Stored;

  /** Stores it. */
  protected abstract storeData(data: Stored): void;
}

/** A row of the analytics table. */
export interface CallRow {
  functionName: string;
  executionTimeMs: number;
  success: boolean;
  timestamp: string;
}

/** Any append-only store of rows: a database table, a file, an array in a test. */
export interface RowStore<Row> {
  insert(row: Row): void;
}

/** The seed's DatabaseAnalyticsObserver: one row per completed call into a store. */
export class DatabaseAnalyticsObserver extends AnalyticsObserver<CallRow> {
  readonly #store: RowStore<CallRow>;

  constructor(store: RowStore<CallRow>) {
    super({ priority: 60, name: "DatabaseAnalytics" });
    this.#store = store;
  }

  protected extractData(context: ExecutionContext): CallRow {
    return {
      functionName: context.functionSignature.qualifiedName,
      executionTimeMs: context.result?.executionTime ?? 0,
      success: context.isSuccessful,
      timestamp: new Date(context.timestamp).toISOString(),
    };
  }

  protected processData(data: CallRow): CallRow {
    return data;
  }

  protected storeData(row: CallRow): void {
    this.#store.insert(row);
  }
}

/** A second subclass: overrides `shouldProcess` and `processData` to keep only slow calls, as one line each. */
export class SlowCallAnalyticsObserver extends AnalyticsObserver<CallRow, string> {
  readonly lines: string[] = [];

  constructor(readonly thresholdMs: number) {
    super({ priority: 55, name: "SlowCallAnalytics" });
  }

  protected override shouldProcess(context: ExecutionContext): boolean {
    return super.shouldProcess(context) && (context.result?.executionTime ?? 0) >= this.thresholdMs;
  }

  protected extractData(context: ExecutionContext): CallRow {
    return {
      functionName: context.functionSignature.qualifiedName,
      executionTimeMs: context.result?.executionTime ?? 0,
      success: context.isSuccessful,
      timestamp: new Date(context.timestamp).toISOString(),
    };
  }

  protected processData(row: CallRow): string {
    return `${row.timestamp} ${row.functionName} took ${row.executionTimeMs} ms${row.success ? "" : " and failed"}`;
  }

  protected storeData(line: string): void {
    this.lines.push(line);
  }
}
