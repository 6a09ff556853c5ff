import type { ExecutionContext } from "ts-observed";

/** What the observer hands to a processor for each completed call. */
export interface CallRecord {
  timestamp: string;
  functionName: string;
  success: boolean;
  executionTimeMs: number;
}

/** A strategy: turns a call record into one line of some format. */
export interface DataProcessor {
  /** The format's name, for reports. */
  readonly format: string;
  /** A first line to write before any record (a CSV header), if the format has one. */
  readonly header?: string;
  process(record: CallRecord, context: ExecutionContext): string;
}

/** One JSON object per line (JSON Lines). */
export class JsonProcessor implements DataProcessor {
  readonly format = "jsonl";

  process(record: CallRecord): string {
    return JSON.stringify(record);
  }
}

/** CSV with a header; fields quoted when they need to be (RFC 4180), which the seed skipped. */
export class CsvProcessor implements DataProcessor {
  readonly format = "csv";
  readonly header = "timestamp,function_name,success,execution_time_ms";

  process(record: CallRecord): string {
    return [record.timestamp, record.functionName, String(record.success), String(record.executionTimeMs)].map(csvField).join(",");
  }
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
