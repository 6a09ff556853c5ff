/**
 * A deterministic text for a value, for cache keys: object keys sorted, `undefined`, bigints, dates,
 * maps and sets spelled out so distinct inputs do not collide the way `JSON.stringify` makes them
 * (`{a: undefined}` and `{}`, `1n` and `"1"`). Returns `undefined` for what cannot be keyed
 * faithfully: functions, symbols, cycles, and class instances other than Date / Map / Set / arrays.
 */
export function stableKey(value: unknown): string | undefined {
  try {
    return write(value, []);
  } catch {
    // A throwing getter or toJSON: not keyable.
    return undefined;
  }
}

const UNKEYABLE = Symbol("unkeyable");

function write(value: unknown, ancestors: object[]): string | undefined {
  const text = encode(value, ancestors);
  return text === UNKEYABLE ? undefined : text;
}

function encode(value: unknown, ancestors: object[]): string | typeof UNKEYABLE {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      // JSON turns NaN and Infinity into null; keep them apart.
      return Number.isFinite(value) ? String(value) : `#${String(value)}`;
    case "boolean":
      return String(value);
    case "bigint":
      return `#${value}n`;
    case "undefined":
      return "#undefined";
    case "function":
    case "symbol":
      return UNKEYABLE;
  }
  if (value === null) return "null";
  const object = value as object;
  if (ancestors.includes(object)) return UNKEYABLE;
  ancestors.push(object);
  try {
    if (Array.isArray(object)) return list("[", object, ancestors, "]");
    if (object instanceof Date) return `#date(${object.getTime()})`;
    if (object instanceof Map) return list("#map[", [...object.entries()], ancestors, "]");
    if (object instanceof Set) return list("#set[", [...object], ancestors, "]");
    const prototype = Object.getPrototypeOf(object) as object | null;
    if (prototype !== Object.prototype && prototype !== null) return UNKEYABLE;
    const record = object as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const item = encode(record[key], ancestors);
      if (item === UNKEYABLE) return UNKEYABLE;
      parts.push(`${JSON.stringify(key)}:${item}`);
    }
    return `{${parts.join(",")}}`;
  } finally {
    ancestors.pop();
  }
}

function list(open: string, items: readonly unknown[], ancestors: object[], close: string): string | typeof UNKEYABLE {
  const parts: string[] = [];
  for (const item of items) {
    const text = encode(item, ancestors);
    if (text === UNKEYABLE) return UNKEYABLE;
    parts.push(text);
  }
  return `${open}${parts.join(",")}${close}`;
}
