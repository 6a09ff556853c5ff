/**
 * Finds a webpack / Rspack loader that type-checks what ts-observed rewrote. The plugin's `pre` loader hands
 * the rewritten TypeScript to the next loader; `ts-loader` without `transpileOnly` type-checks that text, and
 * the emitted code is not meant to type-check under every setting (`this` in a plain function under
 * `noImplicitThis`), so its errors point at code the user never wrote. The plugin warns once, saying what to do.
 */

/** A rule of `module.rules`, as far as this check reads it. */
interface RuleLike {
  test?: unknown;
  loader?: unknown;
  options?: unknown;
  use?: unknown;
  oneOf?: unknown;
  rules?: unknown;
}

const TS_LOADER = /(?:^|[\\/])ts-loader(?:[\\/](?:index\.js)?)?(?:\?.*)?$/;

/**
 * Where the first `ts-loader` that type-checks is (without `transpileOnly`, or `happyPackMode`, which implies
 * it): `the module rule for /\.tsx?$/`, from the rule's `test` (an index would count the rule the plugin
 * itself added); undefined when there is none.
 */
export function typeCheckingLoader(rules: unknown): string | undefined {
  if (!Array.isArray(rules)) return undefined;
  for (const rule of rules) {
    if (typeof rule !== "object" || rule === null) continue;
    const r = rule as RuleLike;
    const uses: unknown[] = Array.isArray(r.use) ? r.use : r.use === undefined ? [] : [r.use];
    const found =
      typeChecks(r.loader, r.options) ||
      uses.some((use) => (typeof use === "string" ? typeChecks(use, undefined) : typeof use === "object" && use !== null && typeChecks((use as RuleLike).loader, (use as RuleLike).options)));
    if (found) return r.test === undefined ? "a module rule" : `the module rule for ${String(r.test)}`;
    const nested = typeCheckingLoader(r.oneOf) ?? typeCheckingLoader(r.rules);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

function typeChecks(loader: unknown, options: unknown): boolean {
  if (typeof loader !== "string" || !TS_LOADER.test(loader)) return false;
  if (/[?&](?:transpileOnly|happyPackMode)(?:=true)?(?:&|$)/.test(loader)) return false;
  const o = typeof options === "object" && options !== null ? (options as { transpileOnly?: unknown; happyPackMode?: unknown }) : {};
  return o.transpileOnly !== true && o.happyPackMode !== true;
}

/** The warning for {@link typeCheckingLoader}'s finding. */
export function typeCheckingLoaderWarning(where: string): string {
  return (
    `ts-observed: ts-loader (in ${where}) type-checks the code ts-observed rewrote, so its type errors can point at ` +
    `inserted code (columns past the end of your line, TS2322 or TS2683 on an observed function). Set its option ` +
    `transpileOnly: true, and type-check the original files with tsc --noEmit or fork-ts-checker-webpack-plugin.`
  );
}

/** What {@link warnOnTypeCheckingLoader} uses of a webpack or Rspack compiler. */
export interface CompilerLike {
  options: { module?: { rules?: unknown } };
  webpack: { WebpackError: new (message: string) => Error };
  hooks: { thisCompilation: { tap(name: string, callback: (compilation: { warnings: Error[] }) => void): void } };
}

/** Adds the warning of {@link typeCheckingLoaderWarning} to every compilation when a loader type-checks. */
export function warnOnTypeCheckingLoader(compiler: CompilerLike): void {
  const where = typeCheckingLoader(compiler.options.module?.rules);
  if (where === undefined) return;
  const message = typeCheckingLoaderWarning(where);
  compiler.hooks.thisCompilation.tap("ts-observed", (compilation) => {
    compilation.warnings.push(new compiler.webpack.WebpackError(message));
  });
}
