// Untagged: only its types are stripped.
export function plain(): string {
  return "plain";
}
