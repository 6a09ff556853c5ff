import type { Database } from "better-sqlite3";
import { BaseObserver, ExecutionState, type ExecutionContext } from "ts-observed";

/**
 * The seed's DatabaseObserver, as small as it gets with better-sqlite3: one prepared INSERT per completed
 * call. Fine for a script; the built-in `SqliteAuditObserver` batches rows in transactions, redacts
 * sensitive arguments, uses WAL and flushes at `shutdown()` — use it in an app.
 */
export class SimpleDatabaseObserver extends BaseObserver {
  readonly #insert;

  constructor(db: Database) {
    super({ priority: 60, name: "Database", states: [ExecutionState.COMPLETED] });
    db.exec(`CREATE TABLE IF NOT EXISTS function_calls_simple (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      timestamp REAL, function_name TEXT, success BOOLEAN, execution_time REAL, arguments TEXT)`);
    // Prepared once: each call only binds values.
    this.#insert = db.prepare<[number, string, number, number, string]>(
      "INSERT INTO function_calls_simple (timestamp, function_name, success, execution_time, arguments) VALUES (?, ?, ?, ?, ?)",
    );
  }

  update(context: ExecutionContext): void {
    this.#insert.run(
      context.timestamp,
      context.functionSignature.qualifiedName,
      // SQLite has no boolean: 1 / 0.
      context.isSuccessful ? 1 : 0,
      context.result?.executionTime ?? 0,
      JSON.stringify(context.arguments),
    );
  }
}
