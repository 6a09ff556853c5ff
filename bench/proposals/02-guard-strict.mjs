// Emitted guard without optional chaining: `s?.on ? … : null` makes TurboFan ToBoolean a value that is
// undefined-or-Smi; `s !== undefined && s.on !== 0` is two compares on known types (and still safe for
// the import-cycle case EMIT.md describes, where the site variable is still undefined).
export function emit(code) {
  return code.replace(/(__obs\d*_s\d+)\?\.on \?/g, "$1 !== undefined && $1.on !== 0 ?");
}
