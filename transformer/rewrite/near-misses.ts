/**
 * The bundler path's answer for a file without the tag: nothing, unless the file holds a near miss of it
 * (`@Observed`, `@observd`), which is warned about without parsing the file (analyze/near-miss.ts; the
 * analysis warns about the same ones in tagged files and on the tsc path).
 */
import { isInstrumented } from "../analyze/instrumented.js";
import { nearMissDiagnostics, nearMissNeedles } from "../analyze/near-miss.js";
import type { PlanDiagnostic } from "../plan.js";
import type { RewriteSettings } from "../rewrite.js";
import { inScope } from "./scope.js";

/** The near-miss warnings of an in-scope file that does not hold `@tag` (usually none, after one or two searches). */
export function nearMissesOnly(text: string, fileName: string, settings: Pick<RewriteSettings, "tag" | "runtime" | "includes">): PlanDiagnostic[] {
  if (!nearMissNeedles(settings.tag).some((needle) => text.includes(needle))) return [];
  if (!inScope(fileName, settings) || isInstrumented(text, settings.runtime)) return [];
  return nearMissDiagnostics(text, settings.tag, false);
}
