/**
 * A tiny glob → RegExp (no dependency), one syntax for the config's `include` / `exclude` and for the
 * targets of `observe()` (file part of `"file:name"`, and name globs — qualified names hold no `/`): `**` any path (also none), `*` any run of
 * characters but `/`, `?` one such character, `{a,b}` alternatives, `[abc]` a class. Paths are matched with
 * forward slashes, relative to the project root. A pattern without a `/` matches a file name at any depth
 * (`*.gen.ts` matches `src/a/x.gen.ts`), as in .gitignore.
 */

/** Compiles one glob into an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let pattern = glob.replace(/\\/g, "/").replace(/^\.\//, "");
  if (!pattern.includes("/")) pattern = "**/" + pattern;
  if (pattern.endsWith("/")) pattern += "**";
  let out = "";
  let braceDepth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") {
      if (pattern[i + 1] === "*") {
        const slashAfter = pattern[i + 2] === "/";
        out += slashAfter ? "(?:.*/)?" : ".*";
        i += slashAfter ? 2 : 1;
      } else {
        out += "[^/]*";
      }
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "{") {
      braceDepth++;
      out += "(?:";
    } else if (c === "}" && braceDepth > 0) {
      braceDepth--;
      out += ")";
    } else if (c === "," && braceDepth > 0) {
      out += "|";
    } else if (c === "[") {
      const close = pattern.indexOf("]", i + 1);
      if (close === -1) out += "\\[";
      else {
        out += "[" + pattern.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\") + "]";
        i = close;
      }
    } else {
      out += c.replace(/[.+^$()|\\\]]/g, "\\$&");
    }
  }
  return new RegExp("^" + out + "$");
}

/** Whether `path` (relative, forward slashes) matches any of `globs`. */
export function matchesAny(path: string, globs: readonly RegExp[]): boolean {
  return globs.some((g) => g.test(path));
}
