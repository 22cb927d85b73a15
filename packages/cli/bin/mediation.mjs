#!/usr/bin/env node
// Development entry: runs the TypeScript CLI through tsx, with workspace packages resolved to their
// sources (the "@mediation/source" export condition), so no build step stands between a checkout and
// the command. A built CLI runs as `node packages/cli/dist/main.js`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const run = spawnSync(
  process.execPath,
  ["--conditions=@mediation/source", "--import", import.meta.resolve("tsx"), main, ...process.argv.slice(2)],
  {
    stdio: "inherit",
  },
);
process.exit(run.status ?? 1);
