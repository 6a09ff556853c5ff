// Child-process runner: loads built fixture modules (ESM or CommonJS) with plain Node, runs each
// `scenario` without observers, then with a recording observer on "*", then its `control` (if any),
// and prints one JSON object { [modulePath]: { expectedEvents, defaultName, unobserved, observed, events, details, control } }.
// Usage: node run-fixtures.mjs <esm|cjs> <module.js>...
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const [format, ...modules] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const api = format === "cjs" ? require("ts-observed") : await import("ts-observed");

/** JSON-able description of any value (functions, errors, cycles, symbols, bigints). */
function safe(value, seen = new Set()) {
  if (value === undefined) return "[undefined]";
  if (value === null || typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "function") return `[Function ${value.name}]`;
  if (typeof value === "symbol" || typeof value === "bigint") return String(value);
  if (value instanceof Error) return `[${value.constructor.name}: ${value.message}]`;
  if (typeof value.then === "function") return `[Thenable ${value.constructor?.name}]`;
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => safe(v, seen));
  const out = {};
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) out["[class]"] = proto.constructor?.name;
  for (const key of Object.keys(value)) out[key] = safe(value[key], seen);
  return out;
}

function thisLabel(value) {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "function") return `function ${value.name}`;
  if (typeof value === "object") return `object ${Object.getPrototypeOf(value)?.constructor?.name ?? "null-proto"}`;
  return typeof value;
}

async function load(path) {
  return format === "cjs" ? require(path) : await import(pathToFileURL(path).href);
}

const report = {};
for (const path of modules) {
  const entry = { expectedEvents: undefined, defaultName: undefined, unobserved: undefined, observed: undefined, events: [], details: [], control: undefined, error: undefined };
  report[path] = entry;
  try {
    const mod = await load(path);
    entry.expectedEvents = mod.expectedEvents;
    if (typeof mod.default === "function") entry.defaultName = mod.default.name;
    entry.unobserved = safe(await mod.scenario(api, mod));
    // callIds are process-wide and increasing: each module's run numbers them 1, 2, … in order of first
    // appearance, so two builds of one fixture give equal transcripts (a reused id shows as two PRE_EXECUTIONs
    // of one number; an id changing between the states of a call, as a POST of a number never entered).
    const callNumbers = new Map();
    let lastRawId = -Infinity;
    const callNumber = (ctx) => {
      let n = callNumbers.get(ctx.callId);
      if (n === undefined) {
        if (typeof ctx.callId !== "number" || !(ctx.callId > lastRawId)) return `[not increasing: ${String(ctx.callId)} after ${lastRawId}]`;
        lastRawId = ctx.callId;
        callNumbers.set(ctx.callId, (n = callNumbers.size + 1));
      }
      return n;
    };
    const subscription = api.observe("*", (ctx) => {
      entry.events.push(`${ctx.state} ${ctx.functionSignature.qualifiedName}`);
      const detail = { state: ctx.state, name: ctx.functionSignature.qualifiedName, fnName: ctx.functionSignature.name, kind: ctx.functionSignature.kind };
      detail.call = callNumber(ctx);
      // The observed call this one runs inside (synchronously or across an instrumented await), or null.
      detail.parent = ctx.parent === undefined ? null : ctx.parent.functionSignature.qualifiedName;
      detail.parentCall = ctx.parent === undefined ? null : (callNumbers.get(ctx.parent.callId) ?? `[unknown callId ${ctx.parent.callId}]`);
      if (ctx.state === "PRE_EXECUTION") {
        detail.arguments = safe(ctx.arguments);
        detail.args = safe(ctx.args);
        detail.thisArg = thisLabel(ctx.thisArg);
        detail.groups = ctx.functionSignature.groups;
      } else if (ctx.result !== undefined) {
        detail.result = ctx.result.ok ? { value: safe(ctx.result.value) } : { exception: safe(ctx.result.exception) };
        // This observer wants timing (the default): a finite number of milliseconds >= 0, else what it was.
        const time = ctx.result.executionTime;
        detail.executionTime = typeof time === "number" && Number.isFinite(time) && time >= 0 ? "finite >= 0" : `${typeof time} ${String(time)}`;
        detail.locals = safe(ctx.localVariables);
      }
      entry.details.push(detail);
    });
    try {
      entry.observed = safe(await mod.scenario(api, mod));
    } finally {
      subscription.unsubscribe();
    }
    if (typeof mod.control === "function") {
      // On a plain build observe(fn) throws (not an observed function): that is the control's own result.
      try {
        entry.control = safe(await mod.control(api, mod));
      } catch (error) {
        entry.control = { threw: String(error?.message ?? error) };
      }
    }
  } catch (error) {
    entry.error = String(error?.stack ?? error);
  }
}
process.stdout.write(JSON.stringify(report));
