// Emitted shape with a fast copy of the body: when nobody listens, the function runs the untouched
// original body and returns before any instrumented code; the instrumented body follows for the
// observed case. Costs: the body's code twice (bytecode and inlining budget), and the transformer must
// keep hoisting semantics (a `var` or function declaration in the copied body) — a sketch for measuring.
export function emit(code) {
  return code.replace(
    /(\n(?:async )?function \w+\([^)]*\) \{\n)  const __obs_c = (__obs_s\d+)\?\.on \? (__obs_enter\([^;]*\)) : null;\n  if \(__obs_c !== null && __obs_c\.skip\) return __obs_c\.early\(\);\n  try \{\n([\s\S]*?)\n  \} catch \(__obs_e\)/g,
    (_, head, site, enter, body) => {
      const fast = body
        .replace(/return __obs_c === null \? (.+) : __obs_c\.ok\(\1\);/g, "return $1;")
        .replace(/\(__obs_c === null \? await (.+?) : __obs_c\.resume\(await __obs_c\.suspend\(\1\)\)\)/g, "(await $1)")
        .replace(/__obs_c === null \? await (.+?) : __obs_c\.resume\(await __obs_c\.suspend\(\1\)\)/g, "await $1");
      return `${head}  if (${site} === undefined || ${site}.on === 0) {\n${fast}\n  }\n  const __obs_c = ${enter};\n  if (__obs_c.skip) return __obs_c.early();\n  try {\n${body}\n  } catch (__obs_e)`;
    },
  );
}
