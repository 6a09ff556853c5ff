import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configureRuntime, ExecutionState, observe, REDACTED, shutdown, type ObserverFailure } from "../../runtime/index.js";
import { SqliteAuditObserver, type AuditRow } from "../../runtime/observers/sqlite.js";
import * as hand from "../hand/emitted.js";
import { connect, Gateway } from "./emitted.js";

let dir: string;
let failures: ObserverFailure[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ts-observed-sqlite-"));
  failures = [];
  configureRuntime({ onObserverError: (failure) => failures.push(failure) });
});
afterEach(async () => {
  await shutdown();
  rmSync(dir, { recursive: true, force: true });
  expect(failures).toEqual([]);
});

/** Reads the audit table back through a connection of its own. */
function readRows(path: string, table = "function_calls"): AuditRow[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as AuditRow[];
  } finally {
    db.close();
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("SqliteAuditObserver", () => {
  it("declares COMPLETED with timing, and opens the file in WAL mode", () => {
    const path = join(dir, "audit.db");
    const audit = new SqliteAuditObserver({ database: path, flushInterval: 0 });
    expect(audit.states).toEqual([ExecutionState.COMPLETED]);
    expect(audit.timing).toBe(true);
    expect(audit.database.pragma("journal_mode", { simple: true })).toBe("wal");
    audit.close();
    expect(audit.database.open).toBe(false);
  });

  it("queues rows and writes them all at shutdown(), readable after the database is closed", async () => {
    const path = join(dir, "audit.db");
    const audit = new SqliteAuditObserver({ database: path, flushInterval: 0 });
    observe("*", audit);
    const before = Date.now();
    hand.add(2, 3);
    expect(() => connect("", "sk-123", { retries: 1, password: "pw" })).toThrow("host is empty");
    await new Gateway().charge(9);
    expect(audit.stats).toMatchObject({ pending: 3, written: 0 });
    expect(readRows(path)).toEqual([]);
    await shutdown();
    expect(audit.database.open).toBe(false);
    expect(audit.stats).toMatchObject({ pending: 0, written: 3, batches: 1, dropped: 0 });
    const rows = readRows(path);
    expect(rows.map((row) => [row.function_name, row.success, row.error])).toEqual([
      ["add", 1, null],
      ["connect", 0, "TypeError: host is empty"],
      ["Gateway.charge", 1, null],
    ]);
    expect(JSON.parse(rows[0]!.arguments!)).toEqual({ a: 2, b: 3 });
    expect(JSON.parse(rows[1]!.arguments!)).toEqual({ host: "", apiKey: REDACTED, options: { retries: 1, password: REDACTED } });
    for (const row of rows) {
      expect(row.timestamp).toBeGreaterThanOrEqual(before - 1);
      expect(row.timestamp).toBeLessThanOrEqual(Date.now() + 1);
    }
    expect(rows[2]!.execution_time).toBeGreaterThanOrEqual(1);
  });

  it("writes full batches right after the current job, one transaction each", async () => {
    const path = join(dir, "batches.db");
    const audit = new SqliteAuditObserver({ database: path, batchSize: 5, flushInterval: 0 });
    observe("add", audit);
    for (let i = 0; i < 12; i++) hand.add(i, i);
    expect(audit.stats.written).toBe(0);
    await tick();
    expect(audit.stats).toMatchObject({ written: 12, batches: 1, pending: 0 });
    for (let i = 0; i < 4; i++) hand.add(i, 1);
    await tick();
    expect(audit.stats).toMatchObject({ written: 12, pending: 4 });
    await shutdown();
    expect(readRows(path)).toHaveLength(16);
  });

  it("flushes a partial batch on its interval", async () => {
    const path = join(dir, "interval.db");
    const audit = new SqliteAuditObserver({ database: path, flushInterval: 10 });
    observe("add", audit);
    hand.add(1, 1);
    hand.add(2, 2);
    for (let i = 0; i < 100 && audit.stats.written < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(audit.stats.written).toBe(2);
    expect(readRows(path)).toHaveLength(2);
  });

  it("adopts an open database without closing it, in a table of its choice", async () => {
    const db = new Database(join(dir, "app.db"));
    const audit = new SqliteAuditObserver({ database: db, table: "audit_log", flushInterval: 0, recordArguments: false });
    observe("divide", audit);
    hand.divide(6, 3);
    await shutdown();
    expect(db.open).toBe(true);
    const rows = db.prepare("SELECT function_name, success, arguments FROM audit_log").all();
    expect(rows).toEqual([{ function_name: "divide", success: 1, arguments: null }]);
    db.close();
  });

  it("keeps rows when a write fails, bounded by maxQueue, and writes them once it can", async () => {
    const db = new Database(join(dir, "fail.db"));
    const errors: unknown[] = [];
    const audit = new SqliteAuditObserver({ database: db, flushInterval: 0, batchSize: 2, maxQueue: 3, onError: (error) => errors.push(error) });
    observe("add", audit);
    db.exec("DROP TABLE function_calls");
    for (let i = 0; i < 5; i++) hand.add(i, 0);
    await tick();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(audit.stats).toMatchObject({ written: 0, pending: 3, dropped: 2 });
    expect(audit.stats.failedFlushes).toBeGreaterThanOrEqual(1);
    db.exec("CREATE TABLE function_calls (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp REAL, function_name TEXT, success BOOLEAN, execution_time REAL, arguments TEXT, error TEXT)");
    expect(audit.flush()).toBe(3);
    expect(db.prepare("SELECT arguments FROM function_calls ORDER BY id").all().map((row) => JSON.parse((row as { arguments: string }).arguments).a)).toEqual([2, 3, 4]);
    db.close();
  });

  it("reopens its database when subscribed again after shutdown()", async () => {
    const path = join(dir, "again.db");
    const audit = new SqliteAuditObserver({ database: path, flushInterval: 0 });
    observe("add", audit);
    hand.add(1, 1);
    await shutdown();
    expect(audit.database.open).toBe(false);
    hand.add(2, 2);
    observe("add", audit);
    expect(audit.database.open).toBe(true);
    hand.add(3, 3);
    await shutdown();
    expect(readRows(path).map((row) => JSON.parse(row.arguments!).a)).toEqual([1, 3]);
  });

  it("rejects a table name that is not an identifier", () => {
    expect(() => new SqliteAuditObserver({ database: ":memory:", table: "x; DROP TABLE y" })).toThrow(/table name/);
  });
});
