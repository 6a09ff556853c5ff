/**
 * Database: an audit table of every call in SQLite. The built-in `SqliteAuditObserver` (from
 * `ts-observed/sqlite`) writes the seed's `function_calls` table in batched transactions and flushes at
 * `shutdown()`; the seed's one-insert-per-call observer runs beside it on the same database.
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { observe, shutdown } from "ts-observed";
import { SqliteAuditObserver, type AuditRow } from "ts-observed/sqlite";
import { logger, simulateWork, withFakeClock, type RunOptions } from "../support.js";
import { SimpleDatabaseObserver } from "./simple-database-observer.js";

export const title = "Database: SQLite audit table (built-in SqliteAuditObserver, and the seed's port)";

const balances = new Map<string, number>();

export class InsufficientFundsError extends Error {
  override name = "InsufficientFundsError";
}

/** @observed banking */
export async function transferFunds(fromAccount: string, toAccount: string, amount: number, authToken: string): Promise<number> {
  await simulateWork(8);
  const available = balances.get(fromAccount) ?? 0;
  if (amount > available) throw new InsufficientFundsError(`${fromAccount} has ${available}, needs ${amount}`);
  balances.set(fromAccount, available - amount);
  balances.set(toAccount, (balances.get(toAccount) ?? 0) + amount);
  return available - amount;
}

/** @observed banking */
export function getBalance(account: string): number {
  return balances.get(account) ?? 0;
}

export interface DatabaseReport {
  /** Rows of `function_calls` per function and outcome. */
  counts: Array<{ function_name: string; success: number; calls: number }>;
  /** The failed calls as stored. */
  failures: Array<Pick<AuditRow, "function_name" | "arguments" | "error">>;
  /** Transactions the built-in committed. */
  batches: number;
  /** Rows the seed's observer wrote (one statement each). */
  simpleRows: number;
}

export async function run(options: RunOptions = {}): Promise<DatabaseReport> {
  const log = logger(options);
  const dir = mkdtempSync(join(tmpdir(), "ts-observed-audit-"));
  const db = new Database(join(dir, "function_audit.db"));
  try {
    balances.clear();
    balances.set("alice", 100);
    // We opened the database and hand it to both observers; so we also close it (closeDatabase: false by default).
    const audit = new SqliteAuditObserver({ database: db, batchSize: 10 });
    const simple = new SimpleDatabaseObserver(db);
    observe("banking", audit, simple);

    await withFakeClock(async () => {
      for (let i = 0; i < 12; i++) {
        await transferFunds("alice", "bob", 15, "tok_live_9f8e7d").catch(() => undefined); // the 7th on fails: 100 / 15
        getBalance("alice");
        // Each turn stands for one request: between requests the event loop runs, and with it the
        // observer's write of a full batch (it never writes inside the observed call).
        await nextTurn();
      }
    });
    // The last partial batch is still queued here; shutdown() closes the observer, which writes it.
    log(`before shutdown(): ${audit.stats.written} rows written, ${audit.stats.pending} queued`);
    await shutdown();

    const counts = db
      .prepare<[], DatabaseReport["counts"][number]>("SELECT function_name, success, COUNT(*) AS calls FROM function_calls GROUP BY function_name, success ORDER BY function_name, success")
      .all();
    const failures = db.prepare<[], DatabaseReport["failures"][number]>("SELECT function_name, arguments, error FROM function_calls WHERE success = 0 ORDER BY id").all();
    const { simpleRows } = db.prepare<[], { simpleRows: number }>("SELECT COUNT(*) AS simpleRows FROM function_calls_simple").get()!;
    const report: DatabaseReport = { counts, failures, batches: audit.stats.batches, simpleRows };
    for (const row of counts) log(`  ${row.function_name.padEnd(14)} ${row.success ? "ok    " : "failed"} ${row.calls}`);
    log(`  first failure: ${failures[0]?.error} with arguments ${failures[0]?.arguments}`);
    log(`${audit.stats.written} rows in ${report.batches} transactions; the seed's observer wrote ${simpleRows} rows one by one`);
    return report;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
