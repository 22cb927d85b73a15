// `pnpm test` runs this before anything else. It brings up what the tests need the way `pnpm start`
// does: NATS JetStream and Redis where NATS_URL and REDIS_URL say, used if they answer, else started
// from PATH (detached, data under .data/ or --data-dir; they keep running after the tests, as after
// `pnpm start`); and it finds the Chromium the HTML report is checked in. If anything is missing it
// prints the one line that installs it and exits 1, so no test runs.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { findChromium } from "../src/centre/chromium.js";
import { ensureInfrastructure, type InfrastructureReport, type Missing, MissingInfrastructure } from "../src/centre/infrastructure.js";

const { values } = parseArgs({ options: { "data-dir": { type: "string" } } });
const dataDir = values["data-dir"] ?? fileURLToPath(new URL("../../../.data", import.meta.url));

async function check<T>(find: () => T | Promise<T>, missing: Missing[]): Promise<T | undefined> {
  try {
    return await find();
  } catch (error) {
    if (!(error instanceof MissingInfrastructure)) throw error;
    missing.push(...error.missing);
    return undefined;
  }
}

async function main(): Promise<number> {
  const missing: Missing[] = [];
  const chromium = await check(() => findChromium(), missing);
  const servers: InfrastructureReport = (await check(() => ensureInfrastructure(dataDir, console.log), missing)) ?? [];
  if (missing.length) {
    console.error(`pnpm test cannot run yet.\n${new MissingInfrastructure(missing).message}`);
    return 1;
  }
  for (const s of servers) {
    console.log(`${s.name} ${s.state} at ${s.endpoint}${s.pidFile ? `; it keeps running (stop it: kill $(cat ${s.pidFile}))` : ""}`);
  }
  console.log(`Chromium at ${chromium}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`pnpm test cannot run yet: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
