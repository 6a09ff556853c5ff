import data from "./data.json" with { type: "json" };

export function fromMts(): number {
  return data.answer + 1;
}
