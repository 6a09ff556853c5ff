/**
 * A way of building a fixture into a runnable JavaScript module: the plain compiler, tspc with the
 * transformer, a bundler with the plugin, … Every path builds the same fixtures; the tests compare them.
 */
export interface BuildPath {
  /** Unique, file-name safe, e.g. `tspc-ts5-esm`. */
  name: string;
  /** Module format of the output: decides how the runner loads it. */
  format: "esm" | "cjs";
  /** Whether the output is instrumented (false for the plain reference builds). */
  observed: boolean;
  /**
   * Builds `fixturePath` into `outDir` and returns the built module's path. Paths that compile many files
   * at once (tsc) build every fixture on the first call and answer later calls from that batch.
   */
  build(fixturePath: string, outDir: string): Promise<string>;
}
