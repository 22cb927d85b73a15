// The web app is built from web/ into dist/web. A clean clone has no build: the console's start
// and its tests build it when it is missing or older than its sources.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const WEB_SOURCES = join(ROOT, "web");
export const WEB_DIST = join(ROOT, "dist", "web");

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export function webBuildIsStale(): boolean {
  const built = join(WEB_DIST, "index.html");
  if (!existsSync(built)) return true;
  return existsSync(WEB_SOURCES) && newest(WEB_SOURCES) > statSync(built).mtimeMs;
}

/** Builds the web app with Vite (a development dependency), into dist/web. */
export async function buildWeb(): Promise<void> {
  const { build } = await import("vite");
  await build({ configFile: join(WEB_SOURCES, "vite.config.ts") });
}

/** Builds when missing or stale; says so through `log`. Returns whether it built. */
export async function ensureWebBuild(log: (line: string) => void = () => undefined): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  log("building the console's web app (missing or older than its sources)...");
  await buildWeb();
  return true;
}
