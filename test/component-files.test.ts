/**
 * Tags in framework component files (.vue, .svelte, .astro) are not rewritten — the framework's plugin compiles
 * their script blocks — and used to do nothing without a word. The bundler plugins see the raw component first
 * and warn (TSO2003) at the tag, saying to move the function into a .ts module.
 */
import { join } from "node:path";
import { rollup, type RollupLog } from "rollup";
import { describe, expect, it } from "vitest";
import { componentFileWarning } from "../transformer/rewrite/component-files.js";
import { observed } from "../transformer/rollup.js";

const dir = join(import.meta.dirname, "bundler-fixtures/components");

describe("componentFileWarning", () => {
  const vue = '<script setup lang="ts">\n/** @observed */\nfunction f(n: number) { return n; }\n</script>\n<template>{{ f(1) }}</template>\n';

  it("points at the first tag of the raw component, naming its kind", () => {
    const warning = componentFileWarning(vue, "/app/src/Counter.vue", "observed");
    expect(warning).toMatchObject({ code: "TSO2003", category: "warning", line: 2, column: 5, length: 9 });
    expect(warning?.message).toMatch(/^@observed in a \.vue component is not observed: .* Move the function into a \.ts module that the component imports\.$/);
    expect(componentFileWarning(vue, "/app/src/Counter.vue?t=1712", "observed")?.line).toBe(2); // a dev server's timestamp query
  });

  it("nothing for a Vue build's script sub-module (the same text again), nor without a tag in a doc comment", () => {
    expect(componentFileWarning(vue, "/app/src/Counter.vue?vue&type=script&setup=true&lang.ts", "observed")).toBeUndefined();
    expect(componentFileWarning('<script>\nconst s = "@observed";\n// @observed\n</script>', "/app/src/A.vue", "observed")).toBeUndefined();
  });
});

describe("Rollup with a framework plugin after ts-observed", () => {
  it("warns once per component holding a tag, at the tag, and leaves the component to its plugin", async () => {
    // Stands in for @vitejs/plugin-vue / vite-plugin-svelte: what they compile a component to does not matter here.
    const framework = { name: "framework", transform: (_code: string, id: string) => (/\.(vue|svelte)$/.test(id) ? { code: "export default {};", map: null } : null) };
    const stripTypes = {
      name: "strip-types",
      async transform(code: string, id: string) {
        if (!id.endsWith(".ts")) return null;
        const { transform } = await import("esbuild");
        return { code: (await transform(code, { loader: "ts" })).code, map: null };
      },
    };
    const warnings: RollupLog[] = [];
    const bundle = await rollup({ input: join(dir, "entry.ts"), plugins: [observed({ root: dir }), framework, stripTypes], onwarn: (w) => void warnings.push(w) });
    await bundle.close();
    // Sorted: Rollup transforms the components concurrently.
    const ours = warnings
      .filter((w) => w.plugin === "ts-observed")
      .map((w) => [w.pluginCode, w.loc] as const)
      .sort((a, b) => String(a[1]?.file).localeCompare(String(b[1]?.file)));
    expect(ours).toEqual([
      ["TSO2003", { file: join(dir, "Counter.vue"), line: 3, column: 4 }],
      ["TSO2003", { file: join(dir, "Label.svelte"), line: 2, column: 6 }],
    ]);
  });
});
