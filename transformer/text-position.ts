/** The 1-based line and column (UTF-16 code units, as editors count) of `offset` in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < lineStart; i = text.indexOf("\n", i + 1)) line++;
  return { line, column: offset - lineStart + 1 };
}
