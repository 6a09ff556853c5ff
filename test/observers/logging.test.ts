import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { configureRuntime, ExecutionState, observe, observer, REDACTED, setClock, shutdown } from "../../runtime/index.js";
import { LoggingObserver, type LoggerLike, type LogLevel, type LogRecord } from "../../runtime/observers/index.js";
import { createTestContext, FakeClock } from "../../runtime/testing.js";
import { connect, lookupPrice, signIn, work } from "../hand/observers-fixtures.js";

const { PRE_EXECUTION, POST_SUCCESS, POST_FAILURE, COMPLETED, ERROR } = ExecutionState;

/** A pino-shaped logger that records `[level, record, message]`. */
function memoryLogger(enabled?: (level: string) => boolean) {
  const lines: [LogLevel, LogRecord, string][] = [];
  const write = (level: LogLevel) => (record: LogRecord, message: string) => void lines.push([level, record, message]);
  const logger: LoggerLike = { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
  if (enabled !== undefined) logger.isLevelEnabled = enabled;
  return { logger, lines };
}

let clock: FakeClock;
let restore: () => void;
beforeEach(() => {
  clock = new FakeClock();
  restore = setClock(clock);
  configureRuntime({ onObserverError: () => {} });
});
afterEach(async () => {
  await shutdown();
  restore();
});

describe("interest", () => {
  it("subscribes to the states it logs, with timing only when an outcome line is logged", () => {
    expect(new LoggingObserver().states).toEqual([PRE_EXECUTION, POST_SUCCESS, POST_FAILURE, ERROR]);
    expect(new LoggingObserver().timing).toBe(true);
    const callsOnly = new LoggingObserver({ levels: { POST_SUCCESS: false, POST_FAILURE: false, ERROR: false } });
    expect(callsOnly.states).toEqual([PRE_EXECUTION]);
    expect(callsOnly.timing).toBe(false);
    expect(new LoggingObserver({ levels: { COMPLETED: "info" } }).states).toContain(COMPLETED);
  });
});

describe("lines per state (pino call shape)", () => {
  it("call at debug, success at info with duration and result", () => {
    const { logger, lines } = memoryLogger();
    observe(work, new LoggingObserver({ logger }));
    work(12);
    expect(lines).toEqual([
      ["debug", { event: "call", function: "work", callId: expect.any(Number), arguments: { ms: 12, fail: false } }, "call work"],
      ["info", { event: "success", function: "work", callId: expect.any(Number), durationMs: 12, returnedEarly: false, result: "12" }, "work succeeded in 12.0 ms"],
    ]);
    expect(lines[0]![1].callId).toBe(lines[1]![1].callId);
  });

  it("failure at error with the thrown value under err and the arguments", () => {
    const { logger, lines } = memoryLogger();
    observe(work, new LoggingObserver({ logger, levels: { PRE_EXECUTION: false } }));
    expect(() => work(3, true)).toThrow();
    const [level, record, message] = lines[0]!;
    expect(level).toBe("error");
    expect(record).toMatchObject({ event: "failure", function: "work", durationMs: 3, arguments: { ms: 3, fail: true } });
    expect(record.err).toBeInstanceOf(Error);
    expect(message).toBe("work failed in 3.0 ms: Error: work failed after 3 ms");
  });

  it("async calls: the success line has the resolved value", async () => {
    const { logger, lines } = memoryLogger();
    observe(lookupPrice, new LoggingObserver({ logger, levels: { PRE_EXECUTION: false } }));
    await lookupPrice("ab");
    expect(lines[0]![1].result).toBe('{"sku":"ab","price":20}');
  });

  it("completed when asked, and observer failures at warn", () => {
    const { logger, lines } = memoryLogger();
    observe(
      work,
      observer(
        () => {
          throw new Error("buggy observer");
        },
        { name: "buggy", states: [POST_SUCCESS], priority: 100 },
      ),
      new LoggingObserver({ logger, levels: { PRE_EXECUTION: false, POST_SUCCESS: false, COMPLETED: "info" } }),
    );
    work(1);
    expect(lines.map(([level, record]) => [level, record.event])).toEqual([
      ["warn", "observer-error"],
      ["info", "completed"],
    ]);
    expect(lines[0]![1]).toMatchObject({ observer: "buggy", state: POST_SUCCESS });
    expect(lines[0]![2]).toBe("observer buggy failed in POST_SUCCESS of work: buggy observer");
    expect(lines[1]![1]).toMatchObject({ ok: true, recovered: false, returnedEarly: false, durationMs: 1 });
  });

  it("skips building records for levels the logger has disabled (pino isLevelEnabled)", () => {
    const { logger, lines } = memoryLogger((level) => level !== "debug");
    observe(work, new LoggingObserver({ logger }));
    work(1);
    expect(lines.map(([level]) => level)).toEqual(["info"]);
  });
});

describe("redaction and truncation", () => {
  it("redacts sensitive argument names by default (substring, case-insensitive), also nested keys", () => {
    const { logger, lines } = memoryLogger();
    observe(connect, new LoggingObserver({ logger }));
    connect("db.local", "sk-live-123", { retries: 2, authHeader: "Bearer abc" });
    expect(lines[0]![1].arguments).toEqual({ host: "db.local", apiKey: REDACTED, options: { retries: 2, authHeader: REDACTED } });
    expect(JSON.stringify(lines)).not.toContain("sk-live-123");
    expect(JSON.stringify(lines)).not.toContain("Bearer abc");
  });

  it("the list is configurable: given names replace the defaults", () => {
    const { logger, lines } = memoryLogger();
    observe(connect, new LoggingObserver({ logger, redact: ["host"] }));
    connect("db.local", "sk-live-123", { retries: 2, authHeader: "h" });
    expect(lines[0]![1].arguments).toEqual({ host: REDACTED, apiKey: "sk-live-123", options: { retries: 2, authHeader: "h" } });
  });

  it("@redact parameters stay redacted whatever the list", () => {
    const { logger, lines } = memoryLogger();
    observe(signIn, new LoggingObserver({ logger, redact: [] }));
    signIn("ada", "open sesame");
    expect(lines[0]![1].arguments).toEqual({ user: "ada", password: REDACTED });
  });

  it("truncates long values to maxValueLength", () => {
    const { logger, lines } = memoryLogger();
    const observerUnderTest = new LoggingObserver({ logger, maxValueLength: 10 });
    observerUnderTest.update(createTestContext({ state: PRE_EXECUTION, params: ["text", "list"], args: ["x".repeat(50), [1, 2, 3, 4, 5, 6, 7]] }));
    observerUnderTest.update(createTestContext({ state: POST_SUCCESS, value: "y".repeat(50) }));
    expect(lines[0]![1].arguments).toEqual({ text: "xxxxxxxxx…", list: "[1,2,3,4,…" });
    expect(lines[1]![1].result).toBe("yyyyyyyyy…");
  });
});

describe("console", () => {
  it("writes console[level](message, record) when given console (or by default)", () => {
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    try {
      const logging = new LoggingObserver({ logger: console, levels: { PRE_EXECUTION: false } });
      logging.update(createTestContext({ state: POST_SUCCESS, name: "greet", value: "hi", executionTime: 2 }));
      new LoggingObserver().update(createTestContext({ state: POST_SUCCESS, name: "again", value: 1 }));
      expect(info).toHaveBeenCalledTimes(2);
      expect(info.mock.calls[0]![0]).toBe("greet succeeded in 2.0 ms");
      expect(info.mock.calls[0]![1]).toMatchObject({ event: "success", function: "greet", result: "hi" });
      expect(info.mock.calls[1]![0]).toBe("again succeeded in 0.0 ms");
    } finally {
      info.mockRestore();
    }
  });
});

describe("validate()", () => {
  it("refuses an unknown level or a logger missing a needed method; undefined levels keep the defaults", () => {
    const { logger } = memoryLogger();
    expect(() => observe(work, new LoggingObserver({ logger, levels: { POST_SUCCESS: "verbose" as LogLevel } }))).toThrow(
      'level of POST_SUCCESS must be one of debug, info, warn, error or false, got "verbose"',
    );
    const partial = { info: logger.info } as unknown as LoggerLike;
    expect(() => observe(work, new LoggingObserver({ logger: partial }))).toThrow("the logger has no debug() method (needed for PRE_EXECUTION)");
    expect(new LoggingObserver({ levels: { PRE_EXECUTION: undefined } }).states).toContain(PRE_EXECUTION);
  });
});
