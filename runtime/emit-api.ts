/**
 * `ts-observed/runtime`: the entry generated code imports (see docs/EMIT.md). Not for hand use.
 * The hot path is in the generated code itself: `site.on` is read once per call and, when it is 0,
 * nothing here runs; otherwise the call starts with the site's own `enter`/`enterN` method (site.ts).
 */
export { site, bind } from "./site.js";
export type { Site, SiteMetaInput } from "./site.js";
export type { CallContext } from "./context.js";
