/**
 * The CommonJS half of `ts-observed/register`. A `require()` made by a module that Node's CommonJS loader
 * loaded (a `.js`/`.cjs` entry or library, and whatever it requires) never reaches the `module.register`
 * hooks: the loader calls `require.extensions[ext]` instead (Node 20, 22 and 24 alike; on Node 22+ a `.ts`
 * with no handler there goes to the `.js` one, with Node's own type stripping). This installs handlers there — the mechanism
 * ts-node and esbuild-register use — that do what the ES module hooks do:
 *
 * - `.ts`, `.cts`, `.tsx`: rewritten when in scope (`include`/`exclude`, a tag or `observeAll`), types stripped
 *   with esbuild into CommonJS, an inline source map chained to the original file (with source maps turned
 *   on by `register`, stack traces point at the original lines);
 * - `.js`, `.cjs` in scope: rewritten when they hold a tag (CommonJS syntax kept); anything else goes to the
 *   handler that was there before, untouched.
 *
 * Files the ES module hooks load themselves (they return the source, e.g. a `.cts` entry, or a `.ts` of a
 * `"type": "commonjs"` package that an ES module imports) are compiled from that source by Node's ESM
 * loader and never pass through `require.extensions`; their own `require()` calls go through the ES module
 * hooks. So each file is rewritten by exactly one of the two.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { inScope } from "./rewrite.js";
import { resolveSettings, type ObservedPluginOptions, type PluginSettings } from "./rewrite/settings.js";
import { DECLARATION_FILE, missingEsbuildError, rewriteForNode, stripTypesOptions } from "./node-loading.js";
import { packageType } from "./package-type.js";

/** What `register` passes: the project root and plugin options (as the ES module hooks get them). */
export interface RequireHookOptions {
  root: string;
  options: ObservedPluginOptions;
}

/** The part of a CommonJS `Module` a `require.extensions` handler uses. */
interface CompilableModule {
  _compile(code: string, filename: string): unknown;
}
type ExtensionHandler = (module: CompilableModule, filename: string) => void;
type EsbuildApi = typeof import("esbuild");

/** Set on `globalThis` once installed: a second `--import ts-observed/register` (or a second copy) installs nothing. */
const INSTALLED: unique symbol = Symbol.for("ts-observed.require-hook") as never;

const TYPESCRIPT_EXTENSIONS = [".ts", ".cts", ".tsx"] as const;
const JAVASCRIPT_EXTENSIONS = [".js", ".cjs"] as const;

/**
 * Installs the `require.extensions` handlers (once per process). Settings are read at the first `require()`
 * of a file they concern, so a process that requires no such file never reads the config twice.
 */
export function installRequireHook(hookOptions: RequireHookOptions): void {
  const requireHere = createRequire(import.meta.url);
  const extensions = requireHere.extensions as unknown as Record<string, ExtensionHandler | undefined>;
  const flags = globalThis as { [INSTALLED]?: true };
  if (flags[INSTALLED] === true) return;
  flags[INSTALLED] = true;
  let settings: PluginSettings | undefined;
  let esbuild: EsbuildApi | undefined;
  const settingsOf = (): PluginSettings => {
    // `require()` means CommonJS: the runtime is required, whatever syntax the file is written in.
    settings ??= { ...resolveSettings(hookOptions.options, hookOptions.root), format: "cjs" };
    return settings;
  };
  const esbuildFor = (filename: string): EsbuildApi => {
    if (esbuild !== undefined) return esbuild;
    try {
      esbuild = requireHere("esbuild") as EsbuildApi;
      return esbuild;
    } catch (error) {
      throw missingEsbuildError(error, filename) ?? error;
    }
  };

  for (const ext of TYPESCRIPT_EXTENSIONS) {
    const previous = extensions[ext];
    extensions[ext] = (module, filename) => {
      if (DECLARATION_FILE.test(filename)) {
        throw new Error(`ts-observed/register: ${filename} is a declaration file and holds no code; require the module it describes instead.`);
      }
      const current = settingsOf();
      if (previous !== undefined && !inScope(filename, current)) {
        previous(module, filename); // another TypeScript hook was there first: out-of-scope files stay its own
        return;
      }
      const text = readFileSync(filename, "utf8");
      const rewritten = rewriteForNode(text, filename, current);
      const out = esbuildFor(filename).transformSync(rewritten, stripTypesOptions(filename, "commonjs"));
      module._compile(out.code, filename);
    };
  }
  for (const ext of JAVASCRIPT_EXTENSIONS) {
    const previous = extensions[ext];
    if (previous === undefined) continue;
    extensions[ext] = (module, filename) => {
      const current = settingsOf();
      // A `.js` of a "type": "module" package is an ES module: Node's own handler reports it.
      if (!current.enabled || !inScope(filename, current) || (ext === ".js" && packageType(filename) === "module")) {
        previous(module, filename);
        return;
      }
      const text = readFileSync(filename, "utf8");
      const rewritten = rewriteForNode(text, filename, current);
      if (rewritten === text) previous(module, filename);
      else module._compile(rewritten, filename);
    };
  }
}
