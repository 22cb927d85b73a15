// Builds the web app with Vite and prints what a browser downloads, gzip-compressed: each
// JavaScript chunk, and the first load of each role, which is the entry with its static imports
// plus that role's page (loaded as soon as a signed-in person opens the console). Every first
// load must stay under 300 KB.
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

/** A chunk and everything it imports statically. */
function closure(key: string, files = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return files;
  files.add(chunk.file);
  for (const imported of chunk.imports ?? []) closure(imported, files);
  return files;
}
const total = (files: Set<string>) => [...files].filter((f) => f.endsWith(".js")).reduce((sum, file) => sum + gzipped(file), 0);

const [entryKey, entry] = Object.entries(manifest).find(([, chunk]) => chunk.isEntry) ?? [];
if (!entryKey || !entry) throw new Error("the build has no entry chunk");
const signIn = closure(entryKey);
const loads = [
  { name: "sign-in page", bytes: total(signIn) },
  ...(entry.dynamicImports ?? []).map((page) => ({
    name: page.replace(/^.*\//, "").replace(/\.tsx$/, ""),
    bytes: total(closure(page, new Set(signIn))),
  })),
];

console.log("console web build, JavaScript gzip -9:");
for (const chunk of Object.values(manifest).filter((c) => c.file.endsWith(".js"))) {
  console.log(`  ${kb(gzipped(chunk.file)).padStart(9)}  ${chunk.file}`);
}
console.log("first load (entry + what it imports + the role's page):");
for (const load of loads) console.log(`  ${kb(load.bytes).padStart(9)}  ${load.name}`);
const largest = Math.max(...loads.map((l) => l.bytes));
console.log(`  largest first load: ${kb(largest)} (limit ${kb(FIRST_LOAD_LIMIT)})`);
writeFileSync(join(WEB_DIST, "bundle-sizes.json"), JSON.stringify({ limitBytes: FIRST_LOAD_LIMIT, firstLoads: loads }, null, 2));
if (largest > FIRST_LOAD_LIMIT) {
  console.error(`a first load is ${kb(largest)}, over the ${kb(FIRST_LOAD_LIMIT)} limit`);
  process.exitCode = 1;
}
