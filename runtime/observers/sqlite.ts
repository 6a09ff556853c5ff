/**
 * `ts-observed/sqlite`: an audit trail of observed calls in SQLite, written in batches. Needs the optional
 * peer dependency `better-sqlite3` (12.x; 13 crashes on Node 20).
 */
import Database from "better-sqlite3";
import { BaseObserver, builtInName } from "../observer.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, ObserverOptions } from "../types.js";
import { errorMessage, errorName, redactArguments, sensitivityOf, truncate, type SensitiveNames } from "./integration-support.js";

/** A `better-sqlite3` database connection. */
export type SqliteDatabase = Database.Database;

/** Options of {@link SqliteAuditObserver}. */
export interface SqliteAuditObserverOptions extends Pick<ObserverOptions, "priority" | "name" | "maxFailures"> {
  /** A file path to open (created if missing; `":memory:"` works too), or an open `better-sqlite3` database. */
  database: string | SqliteDatabase;
  /** Table name (letters, digits, `_`). Default `function_calls`. */
  table?: string;
  /** Queued rows that trigger a write right after the current job (a write takes every queued row, in one transaction). Default 100. */
  batchSize?: number;
  /** Milliseconds between background flushes of a partial batch; 0 turns the timer off. Default 1000. */
  flushInterval?: number;
  /** Most rows held in memory (when writes fail); beyond it the oldest are dropped and counted. Default 10 000. */
  maxQueue?: number;
  /** Store the arguments as JSON. Default true. */
  recordArguments?: boolean;
  /** Argument names (and nested keys) stored as `[REDACTED]`; default password, token, secret, key, auth. */
  sensitive?: SensitiveNames;
  /** Longest stored `arguments` / `error` text. Default 4096. */
  maxTextLength?: number;
  /** Journal mode set on the database; `null` leaves it alone. Default `"WAL"`. */
  journalMode?: "WAL" | "DELETE" | "TRUNCATE" | "PERSIST" | "MEMORY" | "OFF" | null;
  /** Close the database in `close()`. Default: true when the observer opened it from a path, false for a given one. */
  closeDatabase?: boolean;
  /** Receives write errors (the rows stay queued); default `console.warn`. */
  onError?: (error: unknown) => void;
}

/** One row of the audit table, as read back. */
export interface AuditRow {
  /** Row id: `INTEGER PRIMARY KEY AUTOINCREMENT`, so increasing in the order rows were written. */
  id: number;
  /** Epoch milliseconds when the call started. */
  timestamp: number;
  /** Qualified name of the observed function (`Cart.checkout`); indexed together with `timestamp`. */
  function_name: string;
  /** 1 for success (a recovered failure counts as a failure), 0 for failure. */
  success: number;
  /** Milliseconds. */
  execution_time: number;
  /** JSON of the redacted arguments, or null. */
  arguments: string | null;
  /** `Name: message` of the failure, or null. */
  error: string | null;
}

/** Counters of {@link SqliteAuditObserver}. */
export interface SqliteAuditStats {
  /** Rows committed. */
  written: number;
  /** Rows queued, not yet committed. */
  pending: number;
  /** Transactions committed. */
  batches: number;
  /** Rows dropped: queue overflow, or calls completed after `close()`. */
  dropped: number;
  /** Flushes that failed (their rows were kept). */
  failedFlushes: number;
}

type Row = [timestamp: number, functionName: string, success: number, executionTime: number, args: string | null, error: string | null];

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Writes one row per completed call to the seed's `function_calls` table (plus an `error` column):
 * rows are queued in `update` and inserted in one transaction per batch, by size (right after the
 * current job) or by interval (an `unref`ed timer that never keeps the process alive). `close()` — run by
 * `shutdown()` — writes everything still queued, then closes the database it opened: nothing queued is lost.
 */
export class SqliteAuditObserver extends BaseObserver {
  readonly #source: string | undefined;
  #db: SqliteDatabase;
  #insert: (rows: readonly Row[]) => void;
  readonly #table: string;
  readonly #batchSize: number;
  readonly #flushInterval: number;
  readonly #maxQueue: number;
  readonly #recordArguments: boolean;
  readonly #isSensitive: (name: string) => boolean;
  readonly #maxText: number;
  readonly #journalMode: string | null;
  readonly #closeDatabase: boolean;
  readonly #onError: (error: unknown) => void;
  #queue: Row[] = [];
  #timer: ReturnType<typeof setInterval> | undefined = undefined;
  #scheduled: ReturnType<typeof setImmediate> | undefined = undefined;
  #closed = false;
  #stats: SqliteAuditStats = { written: 0, pending: 0, batches: 0, dropped: 0, failedFlushes: 0 };

  /** Opens (or adopts) the database and creates the table if it does not exist. */
  constructor(options: SqliteAuditObserverOptions) {
    super({ priority: options.priority, name: options.name ?? builtInName(new.target, SqliteAuditObserver, "SqliteAuditObserver"), maxFailures: options.maxFailures, states: [ExecutionState.COMPLETED], timing: true, nesting: false });
    const table = options.table ?? "function_calls";
    if (!TABLE_NAME.test(table)) throw new TypeError(`ts-observed/sqlite: table name must match ${TABLE_NAME}, got ${JSON.stringify(table)}`);
    this.#table = table;
    this.#batchSize = positive("batchSize", options.batchSize ?? 100);
    this.#flushInterval = options.flushInterval ?? 1000;
    this.#maxQueue = Math.max(this.#batchSize, positive("maxQueue", options.maxQueue ?? 10_000));
    this.#recordArguments = options.recordArguments ?? true;
    this.#isSensitive = sensitivityOf(options.sensitive);
    this.#maxText = options.maxTextLength ?? 4096;
    this.#journalMode = options.journalMode === undefined ? "WAL" : options.journalMode;
    this.#onError = options.onError ?? ((error) => console.warn(`[ts-observed/sqlite] audit write failed: ${errorMessage(error)}`));
    this.#source = typeof options.database === "string" ? options.database : undefined;
    this.#closeDatabase = options.closeDatabase ?? this.#source !== undefined;
    this.#db = typeof options.database === "string" ? new Database(options.database) : options.database;
    this.#insert = this.#prepare(this.#db);
  }

  /** The database rows are written to. */
  get database(): SqliteDatabase {
    return this.#db;
  }

  /** A snapshot of the counters. */
  get stats(): Readonly<SqliteAuditStats> {
    return { ...this.#stats, pending: this.#queue.length };
  }

  /** Starts the interval timer; reopens a database closed by an earlier `close()` when it was opened from a path. */
  configure(): void {
    if (this.#closed) {
      if (!this.#db.open && this.#source !== undefined) {
        this.#db = new Database(this.#source);
        this.#insert = this.#prepare(this.#db);
      }
      this.#closed = false;
    }
    if (this.#flushInterval > 0 && this.#timer === undefined) {
      this.#timer = setInterval(() => {
        if (this.#queue.length > 0) this.flush();
      }, this.#flushInterval);
      this.#timer.unref();
    }
  }

  /** Queues the row of a completed call. */
  update(context: ExecutionContext): void {
    if (this.#closed) {
      this.#stats.dropped++;
      return;
    }
    const result = context.result;
    const failed = context.isFailed;
    const args = this.#recordArguments ? truncate(JSON.stringify(redactArguments(context.arguments, { isSensitive: this.#isSensitive })), this.#maxText) : null;
    const error = failed && result !== undefined && !result.ok ? truncate(`${errorName(result.exception)}: ${errorMessage(result.exception)}`, this.#maxText) : null;
    const time = result === undefined || Number.isNaN(result.executionTime) ? 0 : result.executionTime;
    this.#enqueue([[context.timestamp, context.functionSignature.qualifiedName, failed ? 0 : 1, time, args, error]]);
    if (this.#queue.length >= this.#batchSize && this.#scheduled === undefined) {
      this.#scheduled = setImmediate(() => {
        this.#scheduled = undefined;
        this.flush();
      });
    }
  }

  /** Writes every queued row now, in one transaction; returns how many were written. A failure keeps them queued. */
  flush(): number {
    const rows = this.#queue;
    if (rows.length === 0 || !this.#db.open) return 0;
    this.#queue = [];
    try {
      this.#insert(rows);
    } catch (error) {
      this.#stats.failedFlushes++;
      this.#queue = rows;
      this.#enqueue([]);
      this.#onError(error);
      return 0;
    }
    this.#stats.written += rows.length;
    this.#stats.batches++;
    return rows.length;
  }

  /** Stops the timer, writes what is queued, and closes the database if the observer owns it. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    if (this.#scheduled !== undefined) clearImmediate(this.#scheduled);
    this.#timer = undefined;
    this.#scheduled = undefined;
    this.flush();
    if (this.#closeDatabase && this.#db.open) {
      if (this.#queue.length > 0) this.#stats.dropped += this.#queue.length;
      this.#queue = [];
      this.#db.close();
    }
  }

  /** Appends rows, dropping the oldest beyond `maxQueue`. */
  #enqueue(rows: readonly Row[]): void {
    for (const row of rows) this.#queue.push(row);
    const excess = this.#queue.length - this.#maxQueue;
    if (excess > 0) {
      this.#queue.splice(0, excess);
      this.#stats.dropped += excess;
    }
  }

  #prepare(db: SqliteDatabase): (rows: readonly Row[]) => void {
    if (this.#journalMode !== null) db.pragma(`journal_mode = ${this.#journalMode}`);
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${this.#table} (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        timestamp REAL NOT NULL,
        function_name TEXT NOT NULL,
        success BOOLEAN NOT NULL,
        execution_time REAL NOT NULL,
        arguments TEXT,
        error TEXT
      );
      CREATE INDEX IF NOT EXISTS ${this.#table}_function_name ON ${this.#table} (function_name, timestamp);`,
    );
    const insert = db.prepare<Row>(
      `INSERT INTO ${this.#table} (timestamp, function_name, success, execution_time, arguments, error) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    return db.transaction((rows: readonly Row[]) => {
      for (const row of rows) insert.run(...row);
    });
  }
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`ts-observed/sqlite: ${name} must be a whole number ≥ 1, got ${String(value)}`);
  return value;
}
