// A user's vitest config: the Vite plugin makes the code under test observed in tests.
import { defineConfig } from "vitest/config";
import { observed } from "ts-observed/vite";

export default defineConfig({
  plugins: [observed({ include: ["**/*"] })],
  test: { include: ["*.spec.ts"] },
});
