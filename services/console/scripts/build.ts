// Builds the web app with Vite and prints what a browser downloads: each JavaScript chunk's
// gzip size, and the first load (the entry and what it imports statically), which must stay
// under 300 KB compressed. Role pages are separate chunks, loaded when a person of that role signs in.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildWeb, WEB_DIST } from "../src/web-build.js";

const FIRST_LOAD_LIMIT = 300 * 1024;

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

await buildWeb();

const manifest = JSON.parse(readFileSync(join(WEB_DIST, ".vite", "manifest.json"), "utf8")) as Record<string, Chunk>;
const gzipped = (file: string) => gzipSync(readFileSync(join(WEB_DIST, file)), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const firstLoad = new Set<string>();
const visit = (key: string) => {
  const chunk = manifest[key];
  if (!chunk || firstLoad.has(chunk.file)) return;
  firstLoad.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

const sizes = Object.values(manifest)
  .map((chunk) => chunk.file)
  .filter((file) => file.endsWith(".js"))
  .map((file) => ({ file, gzip: gzipped(file), first: firstLoad.has(file) }))
  .sort((a, b) => b.gzip - a.gzip);
const total = sizes.filter((s) => s.first).reduce((sum, s) => sum + s.gzip, 0);

console.log("console web build (gzip -9):");
for (const s of sizes) console.log(`  ${s.first ? "first load " : "on demand  "} ${kb(s.gzip).padStart(9)}  ${s.file}`);
console.log(`  first load total: ${kb(total)} of JavaScript (limit ${kb(FIRST_LOAD_LIMIT)})`);
writeFileSync(join(WEB_DIST, "bundle-sizes.json"), JSON.stringify({ firstLoadGzipBytes: total, chunks: sizes }, null, 2));
if (total > FIRST_LOAD_LIMIT) {
  console.error(`first load is ${kb(total)}, over the ${kb(FIRST_LOAD_LIMIT)} limit`);
  process.exitCode = 1;
}
