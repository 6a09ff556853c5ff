import data from "./data.json" with { type: "json" };

/** @observed */
export function tagged(): number {
  return data.answer + 2;
}
