// A module loaded after a subscription was made: its site must pick the subscription up at load.
// Plain tagged TypeScript, transformed by the real Vite plugin (vitest.config.ts).

/** @observed late */
export function lateLoaded(x: number): number {
  return x * 3;
}
