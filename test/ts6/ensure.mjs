// Installs TypeScript 6 + ts-patch 4 into test/ts6 from its own lock file when absent (`npm test` runs
// this). They cannot live in the root: ts-patch 4 needs `typescript` 6 as its own peer, while the root's
// `typescript` is 5.9 for ts-patch 3. ts-patch 4 declares node >= 22.15 but runs on Node 20 (EBADENGINE).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const ready = ["ts-patch/bin/tspc.js", "typescript/lib/typescript.js"].every((p) => existsSync(`${dir}node_modules/${p}`));
if (!ready) {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  execFileSync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
}
