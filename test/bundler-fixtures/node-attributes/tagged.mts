import data from "./data.json" with { type: "json" };

/** @observed */
export function taggedMts(): number {
  return data.answer + 3;
}
