/**
 * Helpers shared by the integration observers (`ts-observed/otel`, `/sqlite`, `/webhook`, …): redaction of
 * sensitive argument names and a safe, bounded conversion of arbitrary values to JSON and to text.
 * No dependencies: every integration subpath can import it without pulling another one in.
 */
import { REDACTED } from "../context.js";

/** Argument names redacted by default: a name containing any of these (case-insensitive) is sensitive. */
export const DEFAULT_SENSITIVE_NAMES: readonly string[] = Object.freeze(["password", "token", "secret", "key", "auth"]);

/** Sensitive-name rules: a string matches names that contain it (case-insensitive), a RegExp is tested as is. */
export type SensitiveNames = readonly (string | RegExp)[];

/** A value that `JSON.stringify` writes without loss or error. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Builds a predicate telling whether a key or parameter name is sensitive. */
export function sensitivityOf(rules: SensitiveNames = DEFAULT_SENSITIVE_NAMES): (name: string) => boolean {
  const needles = rules.filter((rule): rule is string => typeof rule === "string").map((rule) => rule.toLowerCase());
  const patterns = rules.filter((rule): rule is RegExp => rule instanceof RegExp);
  if (needles.length === 0 && patterns.length === 0) return () => false;
  return (name) => {
    const lower = name.toLowerCase();
    for (const needle of needles) if (lower.includes(needle)) return true;
    for (const pattern of patterns) {
      pattern.lastIndex = 0;
      if (pattern.test(name)) return true;
    }
    return false;
  };
}

/** Limits of {@link toJsonSafe}. */
export interface JsonSafeOptions {
  /** Keys (at any depth) whose values are replaced by `[REDACTED]`. */
  readonly isSensitive: (name: string) => boolean;
  /** Objects nested deeper than this become `"[Object]"` / `"[Array]"`. Default 4. */
  readonly maxDepth?: number;
  /** Arrays keep at most this many items, objects this many keys. Default 50. */
  readonly maxEntries?: number;
}

/**
 * A JSON-safe copy of `value`: sensitive keys redacted at every depth, errors as `{ name, message }`,
 * bigints and symbols as strings, functions as `[Function name]`, cycles as `[Circular]`, and depth and
 * breadth bounded. Never throws (a throwing getter reads as `[Unreadable]`).
 */
export function toJsonSafe(value: unknown, options: JsonSafeOptions): JsonValue {
  return convert(value, options, options.maxDepth ?? 4, options.maxEntries ?? 50, []);
}

function convert(value: unknown, options: JsonSafeOptions, depth: number, maxEntries: number, ancestors: object[]): JsonValue {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
      return null;
    case "symbol":
      return value.toString();
    case "function":
      return `[Function ${value.name || "anonymous"}]`;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.includes(object)) return "[Circular]";
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? "Invalid Date" : object.toISOString();
  if (object instanceof Error) return { name: object.name, message: object.message };
  if (object instanceof RegExp) return String(object);
  if (depth <= 0) return Array.isArray(object) ? "[Array]" : "[Object]";
  ancestors.push(object);
  try {
    if (Array.isArray(object)) {
      const items = object.slice(0, maxEntries).map((item) => convert(item, options, depth - 1, maxEntries, ancestors));
      if (object.length > maxEntries) items.push(`… ${object.length - maxEntries} more`);
      return items;
    }
    if (object instanceof Map) return convert(Object.fromEntries([...object.entries()].map(([key, item]) => [String(key), item])), options, depth, maxEntries, ancestors.slice(0, -1));
    if (object instanceof Set) return convert([...object], options, depth, maxEntries, ancestors.slice(0, -1));
    const result: { [key: string]: JsonValue } = {};
    const keys = Object.keys(object);
    for (const key of keys.slice(0, maxEntries)) {
      if (options.isSensitive(key)) {
        result[key] = REDACTED;
        continue;
      }
      let item: unknown;
      try {
        item = (object as Record<string, unknown>)[key];
      } catch {
        result[key] = "[Unreadable]";
        continue;
      }
      result[key] = convert(item, options, depth - 1, maxEntries, ancestors);
    }
    if (keys.length > maxEntries) result["…"] = `${keys.length - maxEntries} more keys`;
    return result;
  } catch {
    return "[Unreadable]";
  } finally {
    ancestors.pop();
  }
}

/**
 * The arguments of a call with sensitive names redacted (the top-level name and any nested key), as a
 * JSON-safe record. `@redact`ed parameters already read `[REDACTED]` in the context.
 */
export function redactArguments(args: Readonly<Record<string, unknown>>, options: JsonSafeOptions): { [name: string]: JsonValue } {
  const result: { [name: string]: JsonValue } = {};
  for (const name of Object.keys(args)) {
    result[name] = options.isSensitive(name) ? REDACTED : convert(args[name], options, options.maxDepth ?? 4, options.maxEntries ?? 50, []);
  }
  return result;
}

/** `text` cut to at most `max` characters, the cut marked with `…`. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** One value as bounded text: strings as they are, anything else as its JSON-safe form. */
export function stringifyValue(value: unknown, options: JsonSafeOptions, max: number): string {
  if (typeof value === "string") return truncate(value, max);
  return truncate(JSON.stringify(toJsonSafe(value, options)) ?? "null", max);
}

/** A thrown value's message: `error.message` for errors, its text otherwise. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(toJsonSafe(error, { isSensitive: sensitivityOf() })) ?? String(error);
  } catch {
    return String(error);
  }
}

/** A thrown value's name: the error class name, or its `typeof`. */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** Whether the call ended in failure that was not recovered into a value (what "failure" means to an exporter). */
export type CallOutcome = "success" | "failure" | "recovered";

/** The outcome label of a settled call. */
export function outcomeOf(context: { readonly isFailed: boolean; readonly recovered: boolean }): CallOutcome {
  if (!context.isFailed) return "success";
  return context.recovered ? "recovered" : "failure";
}
